"""Writes on the working calendar; each one leaves a CALENDAR_CHANGED audit event.

No write here touches a stored due date. Deadlines are computed once, when a dossier is
received, and kept; a calendar edit only changes deadlines computed after it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.db import models, transaction
from django.http import HttpRequest
from django.utils import timezone

from motcua.core.audit import audit_record
from motcua.core.models import AuditEventKind

from .data import DefaultDay, default_days, shipped_days, shipped_years
from .models import CalendarDay, CalendarYear, OfficeHours, SeededDate

if TYPE_CHECKING:
    from motcua.accounts.models import User

_DAY_FIELDS = ("date", "kind", "name", "legal_basis", "confidence")
_HOURS_FIELDS = (
    "agency_id",
    "valid_from",
    "morning_start",
    "morning_end",
    "afternoon_start",
    "afternoon_end",
    "cutoff",
    "saturday_morning",
    "legal_basis",
)
_DEFAULT_HOURS_BASIS = "Quyết định 188/1999/QĐ-TTg (tuần làm việc 40 giờ)"


@dataclass(frozen=True)
class SeedReport:
    years_loaded: list[int]
    days_added: list[dt.date]
    office_hours_created: bool


def _plain(value: Any) -> Any:
    return value.isoformat() if isinstance(value, dt.date | dt.time) else value


def _save_audited(
    instance: models.Model,
    fields: tuple[str, ...],
    *,
    actor: User | None,
    actor_label: str = "",
    request: HttpRequest | None,
) -> None:
    instance.full_clean()
    if instance.pk is None:
        action = "created"
        changes = {field: [None, _plain(getattr(instance, field))] for field in fields}
        instance.save()
    else:
        action = "changed"
        before = type(instance).objects.values(*fields).get(pk=instance.pk)
        changes = {
            field: [_plain(before[field]), _plain(getattr(instance, field))]
            for field in fields
            if before[field] != getattr(instance, field)
        }
        if not changes:
            return
        instance.save(update_fields=[*changes, "updated_at"])
    audit_record(
        kind=AuditEventKind.CALENDAR_CHANGED,
        actor=actor,
        actor_label=actor_label,
        target=instance,
        request=request,
        action=action,
        changes=changes,
    )


def _delete_audited(
    instance: models.Model,
    fields: tuple[str, ...],
    *,
    actor: User | None,
    request: HttpRequest | None,
) -> None:
    audit_record(
        kind=AuditEventKind.CALENDAR_CHANGED,
        actor=actor,
        target=instance,
        request=request,
        action="deleted",
        changes={field: [_plain(getattr(instance, field)), None] for field in fields},
    )
    instance.delete()


@transaction.atomic
def calendar_day_save(
    *, day: CalendarDay, actor: User | None, request: HttpRequest | None = None
) -> CalendarDay:
    _save_audited(day, _DAY_FIELDS, actor=actor, request=request)
    return day


@transaction.atomic
def calendar_day_delete(
    *, day: CalendarDay, actor: User | None, request: HttpRequest | None = None
) -> None:
    _delete_audited(day, _DAY_FIELDS, actor=actor, request=request)


@transaction.atomic
def office_hours_save(
    *, hours: OfficeHours, actor: User | None, request: HttpRequest | None = None
) -> OfficeHours:
    _save_audited(hours, _HOURS_FIELDS, actor=actor, request=request)
    return hours


@transaction.atomic
def office_hours_delete(
    *, hours: OfficeHours, actor: User | None, request: HttpRequest | None = None
) -> None:
    _delete_audited(hours, _HOURS_FIELDS, actor=actor, request=request)


def _offer(defaults: list[DefaultDay]) -> list[dt.date]:
    """Add the defaults never offered before whose date is free; return the dates added."""
    offered = set(
        SeededDate.objects.filter(date__in=[day.date for day in defaults]).values_list(
            "date", flat=True
        )
    )
    fresh = [day for day in defaults if day.date not in offered]
    if not fresh:
        return []
    taken = set(
        CalendarDay.objects.filter(date__in=[day.date for day in fresh]).values_list(
            "date", flat=True
        )
    )
    added = [day for day in fresh if day.date not in taken]
    CalendarDay.objects.bulk_create(
        CalendarDay(
            date=day.date,
            kind=day.kind,
            name=day.name,
            legal_basis=day.legal_basis,
            confidence=day.confidence,
            source=day.source,
        )
        for day in added
    )
    # A date taken by an administrator's own row counts as offered too: deleting that row
    # later must not bring the default back.
    SeededDate.objects.bulk_create(SeededDate(date=day.date, source=day.source) for day in fresh)
    return [day.date for day in added]


@transaction.atomic
def calendar_year_add(
    *, calendar_year: CalendarYear, actor: User | None, request: HttpRequest | None = None
) -> list[dt.date]:
    """Load a new year (admin screen): its defaults, usually the holidays package's rules."""
    calendar_year.full_clean()
    calendar_year.save()
    added = _offer(default_days(calendar_year.year))
    audit_record(
        kind=AuditEventKind.CALENDAR_CHANGED,
        actor=actor,
        target=calendar_year,
        request=request,
        action="seeded",
        days_added=[day.isoformat() for day in added],
    )
    return added


@transaction.atomic
def calendar_seed(
    *,
    years: Iterable[int] | None = None,
    actor: User | None = None,
    actor_label: str = "",
    request: HttpRequest | None = None,
) -> SeedReport:
    """Offer every default day not offered yet, and the default office hours if there are none.

    Re-runnable and cheap. The shipped entries of the requested years are offered on every
    run, so a release that ships a new notice adds its days; the holidays package is read
    only for years not loaded yet. Each date is offered once, so what administrators edit
    or delete stays so. Without ``years``: the shipped years, this year and the next.
    """
    today = timezone.localdate()
    wanted = set(years) if years is not None else shipped_years() | {today.year, today.year + 1}
    loaded = set(CalendarYear.objects.filter(year__in=wanted).values_list("year", flat=True))
    new_years = [CalendarYear(year=year) for year in sorted(wanted - loaded)]
    for calendar_year in new_years:
        calendar_year.full_clean()
    CalendarYear.objects.bulk_create(new_years)
    defaults = [day for year in new_years for day in default_days(year.year)]
    defaults += [day for day in shipped_days() if day.date.year in loaded]
    added = _offer(defaults)
    office_hours_created = not OfficeHours.objects.filter(agency__isnull=True).exists()
    if office_hours_created:
        _save_audited(
            OfficeHours(
                valid_from=dt.date(min(shipped_years()), 1, 1), legal_basis=_DEFAULT_HOURS_BASIS
            ),
            _HOURS_FIELDS,
            actor=actor,
            actor_label=actor_label,
            request=request,
        )
    if new_years or added:
        audit_record(
            kind=AuditEventKind.CALENDAR_CHANGED,
            actor=actor,
            actor_label=actor_label,
            request=request,
            action="seeded",
            years_loaded=[year.year for year in new_years],
            days_added=[day.isoformat() for day in added],
        )
    return SeedReport(
        years_loaded=[year.year for year in new_years],
        days_added=added,
        office_hours_created=office_hours_created,
    )
