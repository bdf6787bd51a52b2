from __future__ import annotations

import datetime as dt
from io import StringIO

from django.core.management import CommandError, call_command

import pytest

from motcua.core.models import AuditEvent, AuditEventKind
from motcua.workcalendar import services
from motcua.workcalendar.constants import CalendarDayKind, CalendarSource, Confidence
from motcua.workcalendar.data import DefaultDay, shipped_days
from motcua.workcalendar.models import CalendarDay, CalendarYear, OfficeHours
from motcua.workcalendar.services import calendar_day_delete, calendar_day_save, office_hours_save

pytestmark = pytest.mark.django_db


def seed(*args: str) -> str:
    out = StringIO()
    call_command("seed_calendar", *args, stdout=out)
    return out.getvalue()


def test_seed_loads_the_shipped_years_and_the_default_office_hours():
    output = seed()
    assert {2025, 2026, 2027} <= set(CalendarYear.objects.values_list("year", flat=True))
    assert "Years loaded: 2025, 2026, 2027" in output
    worked = CalendarDay.objects.get(date=dt.date(2026, 1, 10))
    assert (worked.kind, worked.source) == (CalendarDayKind.WORKING_DAY, CalendarSource.SHIPPED)
    sunday = CalendarDay.objects.get(date=dt.date(2026, 4, 26))
    assert sunday.source == CalendarSource.HOLIDAYS_PACKAGE
    hours = OfficeHours.objects.get(agency__isnull=True)
    assert (hours.morning_start, hours.afternoon_end, hours.cutoff) == (
        dt.time(7),
        dt.time(17),
        dt.time(15),
    )
    assert AuditEvent.objects.filter(
        kind=AuditEventKind.CALENDAR_CHANGED, actor_label="seed_calendar"
    ).exists()


def test_seed_again_changes_nothing_and_is_cheap(django_assert_max_num_queries):
    seed()
    rows = list(CalendarDay.objects.values_list("date", "kind", "name", "updated_at"))
    events = AuditEvent.objects.count()
    with django_assert_max_num_queries(5):  # three reads, plus SAVEPOINT and RELEASE
        output = seed()
    assert "Calendar days added: 0." in output
    assert list(CalendarDay.objects.values_list("date", "kind", "name", "updated_at")) == rows
    assert AuditEvent.objects.count() == events


def test_seed_keeps_admin_edits_and_deletions():
    seed()
    renamed = CalendarDay.objects.get(date=dt.date(2026, 2, 17))
    renamed.name = "Mùng 1 Tết Bính Ngọ"
    calendar_day_save(day=renamed, actor=None)
    for deleted in (dt.date(2026, 4, 26), dt.date(2026, 11, 24)):  # from the package, shipped
        calendar_day_delete(day=CalendarDay.objects.get(date=deleted), actor=None)
    hours = OfficeHours.objects.get(agency__isnull=True)
    hours.cutoff = dt.time(16)
    office_hours_save(hours=hours, actor=None)

    seed()

    assert CalendarDay.objects.get(date=dt.date(2026, 2, 17)).name == "Mùng 1 Tết Bính Ngọ"
    assert not CalendarDay.objects.filter(
        date__in=[dt.date(2026, 4, 26), dt.date(2026, 11, 24)]
    ).exists()
    assert OfficeHours.objects.get(agency__isnull=True).cutoff == dt.time(16)


def test_seed_a_later_year_from_the_package_keeps_days_entered_before():
    calendar_day_save(
        day=CalendarDay(
            date=dt.date(2028, 1, 3),
            kind=CalendarDayKind.DAY_OFF,
            name="Nghỉ bù Tết Dương lịch",
            legal_basis="Thông báo của Bộ Nội vụ",
        ),
        actor=None,
    )
    output = seed("--year", "2028")
    assert "Years loaded: 2028." in output
    kept = CalendarDay.objects.get(date=dt.date(2028, 1, 3))
    assert (kept.source, kept.legal_basis) == (CalendarSource.MANUAL, "Thông báo của Bộ Nội vụ")
    assert (
        CalendarDay.objects.get(date=dt.date(2028, 1, 26)).source == CalendarSource.HOLIDAYS_PACKAGE
    )


def test_seed_adds_what_a_newer_release_ships_for_a_loaded_year(monkeypatch):
    seed()
    manual = CalendarDay(
        date=dt.date(2027, 5, 4),
        kind=CalendarDayKind.DAY_OFF,
        name="Nghỉ theo quyết định của tỉnh",
        legal_basis="Quyết định của UBND tỉnh",
    )
    calendar_day_save(day=manual, actor=None)
    swap = [
        DefaultDay(
            dt.date(2027, 4, 29),
            CalendarDayKind.DAY_OFF,
            "Nghỉ hoán đổi",
            "Thông báo mới",
            Confidence.OFFICIAL,
            CalendarSource.SHIPPED,
        ),
        DefaultDay(
            dt.date(2027, 4, 24),
            CalendarDayKind.WORKING_DAY,
            "Làm bù",
            "Thông báo mới",
            Confidence.OFFICIAL,
            CalendarSource.SHIPPED,
        ),
        DefaultDay(
            dt.date(2027, 5, 4),
            CalendarDayKind.DAY_OFF,
            "Nghỉ hoán đổi",
            "Thông báo mới",
            Confidence.OFFICIAL,
            CalendarSource.SHIPPED,
        ),
    ]
    monkeypatch.setattr(services, "shipped_days", lambda: (*shipped_days(), *swap))

    output = seed()

    assert "Calendar days added: 2." in output
    assert CalendarDay.objects.get(date=dt.date(2027, 4, 24)).kind == CalendarDayKind.WORKING_DAY
    assert (
        CalendarDay.objects.get(date=dt.date(2027, 5, 4)).legal_basis == "Quyết định của UBND tỉnh"
    )
    # Once offered, a default stays gone after an administrator deletes it.
    calendar_day_delete(day=CalendarDay.objects.get(date=dt.date(2027, 4, 29)), actor=None)
    calendar_day_delete(day=CalendarDay.objects.get(date=dt.date(2027, 5, 4)), actor=None)
    seed()
    assert not CalendarDay.objects.filter(
        date__in=[dt.date(2027, 4, 29), dt.date(2027, 5, 4)]
    ).exists()


def test_seed_refuses_an_impossible_year():
    with pytest.raises(CommandError):
        seed("--year", "1800")
