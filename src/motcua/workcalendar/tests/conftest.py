from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

import pytest

from motcua.workcalendar.constants import CalendarDayKind
from motcua.workcalendar.data import DefaultDay, shipped_days
from motcua.workcalendar.engine import VN_TZ, OfficeSchedule, WorkCalendar


def at(text: str) -> dt.datetime:
    """'2026-02-13 09:00' as a Vietnam-time aware datetime."""
    return dt.datetime.fromisoformat(text).replace(tzinfo=VN_TZ)


def calendar_of(
    days: Iterable[DefaultDay] = (), schedules: tuple[tuple[dt.date, OfficeSchedule], ...] = ()
) -> WorkCalendar:
    days = list(days)
    return WorkCalendar(
        first_year=2024,
        last_year=2030,
        days_off=[day.date for day in days if day.kind != CalendarDayKind.WORKING_DAY],
        working_days=[day.date for day in days if day.kind == CalendarDayKind.WORKING_DAY],
        schedules=schedules,
        known_years={day.date.year for day in days},
    )


@pytest.fixture(scope="session")
def shipped_calendar() -> WorkCalendar:
    return calendar_of(shipped_days())


@pytest.fixture
def seeded(db) -> None:
    from motcua.workcalendar.services import calendar_seed

    calendar_seed(years=[2025, 2026, 2027], actor_label="test")


@pytest.fixture
def agency(db):
    from motcua.agencies.constants import AgencyKind, UnitKind
    from motcua.agencies.models import AdministrativeUnit, Agency

    province = AdministrativeUnit.objects.create(
        code="86", name="Vĩnh Long", kind=UnitKind.PROVINCE
    )
    return Agency.objects.create(
        code="H61.17",
        name="Trung tâm Phục vụ hành chính công tỉnh Vĩnh Long",
        kind=AgencyKind.PROVINCIAL_SERVICE_CENTRE,
        administrative_unit=province,
    )
