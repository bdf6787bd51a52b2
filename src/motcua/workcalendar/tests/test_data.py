"""The shipped civil-service calendar and what the holidays package adds around it."""

from __future__ import annotations

import datetime as dt

import pytest

from motcua.workcalendar.constants import CalendarDayKind, CalendarSource, Confidence
from motcua.workcalendar.data import default_days, package_days, shipped_days, shipped_years
from motcua.workcalendar.engine import SATURDAY


@pytest.mark.parametrize(("year", "working_days"), [(2025, 250), (2026, 249), (2027, 249)])
def test_working_days_per_year(shipped_calendar, year, working_days):
    assert shipped_calendar.working_days_in(year) == working_days


def test_every_shipped_day_is_complete_and_in_a_shipped_year():
    days = shipped_days()
    assert len({day.date for day in days}) == len(days)
    for day in days:
        assert day.date.year in shipped_years()
        assert day.name and day.legal_basis
        if day.kind == CalendarDayKind.WORKING_DAY:
            assert day.date.weekday() >= SATURDAY
        else:
            assert day.date.weekday() < SATURDAY  # the file lists weekdays off only


def test_shipped_data_fills_what_the_package_misses():
    package_2026 = {day.date: day.kind for day in package_days(2026)}
    assert dt.date(2026, 1, 2) not in package_2026
    assert dt.date(2026, 1, 10) not in package_2026
    ours = {day.date: day for day in default_days(2026)}
    assert ours[dt.date(2026, 1, 2)].kind == CalendarDayKind.DAY_OFF
    assert ours[dt.date(2026, 1, 10)].kind == CalendarDayKind.WORKING_DAY
    assert "12729/VPCP-KGVX" in ours[dt.date(2026, 1, 10)].legal_basis
    assert ours[dt.date(2026, 4, 26)].source == CalendarSource.HOLIDAYS_PACKAGE  # a Sunday


def test_years_without_shipped_data_come_from_the_package():
    days = {day.date: day for day in default_days(2028)}
    assert days[dt.date(2028, 1, 3)].kind == CalendarDayKind.HOLIDAY  # nghỉ bù for Sat 01/01
    assert {day.source for day in days.values()} == {CalendarSource.HOLIDAYS_PACKAGE}
    assert {day.confidence for day in days.values()} == {Confidence.DERIVED}
