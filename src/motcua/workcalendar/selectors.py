"""Reads on the working calendar, and the loader that builds the engine's calendar.

Built calendars are kept per process: one shared by every agency on the default office
hours, one per agency with hours of its own. Each call first reads a small stamp (row
counts and last update times of the calendar tables); when another process or an admin
changed anything, the stamp differs and the calendars are rebuilt. Explicit invalidation
of a per-process cache would miss edits made in other workers.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.db import connection
from django.db.models import Q, QuerySet
from django.utils import timezone

from motcua.agencies.models import Agency

from .constants import CalendarDayKind
from .engine import OfficeSchedule, WorkCalendar
from .models import CalendarDay, CalendarYear, OfficeHours

# Deadlines, and clocks paused for months, can end a few years after the last loaded year.
HORIZON_YEARS = 3


@dataclass
class _Cache:
    stamp: tuple[Any, ...] = ()
    agencies_with_hours: frozenset[int] = frozenset()
    agencies_seen: set[int] = field(default_factory=set)
    # Keyed by agency id for agencies with their own office hours; None for all others.
    calendars: dict[int | None, WorkCalendar] = field(default_factory=dict)


_cache = _Cache()


def calendar_days_in_year(*, year: int) -> QuerySet[CalendarDay]:
    return CalendarDay.objects.filter(date__year=year).order_by("date")


def work_calendar_get(*, agency_id: int | None = None) -> WorkCalendar:
    """The calendar of an agency (its office hours, else the default ones), built from the DB.

    Raises ``Agency.DoesNotExist`` for an unknown agency.
    """
    stamp = _stamp()
    if _cache.stamp != stamp:
        _cache.stamp = stamp
        _cache.agencies_with_hours = frozenset(
            OfficeHours.objects.filter(agency__isnull=False).values_list("agency_id", flat=True)
        )
        _cache.agencies_seen = set()
        _cache.calendars = {}
    key = agency_id if agency_id in _cache.agencies_with_hours else None
    if key is None and agency_id is not None and agency_id not in _cache.agencies_seen:
        # Agencies are never deleted (dossiers protect them), so one check per cache life.
        if not Agency.objects.filter(pk=agency_id).exists():
            raise Agency.DoesNotExist(f"No agency with id {agency_id}.")
        _cache.agencies_seen.add(agency_id)
    if key not in _cache.calendars:
        _cache.calendars[key] = _build(key)
    return _cache.calendars[key]


def _stamp() -> tuple[Any, ...]:
    # One round trip: this runs on every deadline computation, several times per intake.
    quote = connection.ops.quote_name
    # Table names come from the models, never from input.
    columns = ", ".join(
        f"(SELECT COUNT(*) FROM {t}), (SELECT MAX(updated_at) FROM {t})"  # noqa: S608
        for t in (quote(m._meta.db_table) for m in (CalendarYear, CalendarDay, OfficeHours))
    )
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {columns}")
        row = cursor.fetchone()
    return (timezone.localdate().year, *row)  # the span follows the current year


def _build(agency_id: int | None) -> WorkCalendar:
    known_years = set(CalendarYear.objects.values_list("year", flat=True))
    days = list(CalendarDay.objects.values_list("date", "kind"))
    scope = Q(agency__isnull=True)
    if agency_id is not None:
        scope |= Q(agency_id=agency_id)
    hours = OfficeHours.objects.filter(scope).order_by("valid_from")
    years = known_years | {day.year for day, _ in days} | {timezone.localdate().year}
    return WorkCalendar(
        first_year=min(years) - 1,
        last_year=max(years) + HORIZON_YEARS,
        days_off=[day for day, kind in days if kind != CalendarDayKind.WORKING_DAY],
        working_days=[day for day, kind in days if kind == CalendarDayKind.WORKING_DAY],
        schedules=_schedule_timeline(list(hours)),
        known_years=known_years,
    )


def _schedule_timeline(rows: list[OfficeHours]) -> list[tuple[dt.date, OfficeSchedule]]:
    """Merge default and agency rows: on each date the agency's latest row wins, if any."""
    own = [row for row in rows if row.agency_id is not None]
    default = [row for row in rows if row.agency_id is None]
    timeline = []
    for day in sorted({row.valid_from for row in rows}):
        in_force = [row for row in own if row.valid_from <= day] or [
            row for row in default if row.valid_from <= day
        ]
        timeline.append((day, in_force[-1].schedule()))
    return timeline
