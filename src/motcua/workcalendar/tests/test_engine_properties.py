"""Properties of the deadline engine over random moments of 2025-2027 (shipped calendar)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from motcua.workcalendar.constants import DeadlineUnit
from motcua.workcalendar.data import shipped_days
from motcua.workcalendar.engine import VN_TZ

from .conftest import calendar_of

CALENDAR = calendar_of(shipped_days())
WORKING_DAY = dt.timedelta(hours=8)

moments = st.datetimes(
    min_value=dt.datetime(2025, 1, 1),
    max_value=dt.datetime(2027, 12, 31, 23, 59),
    timezones=st.just(VN_TZ),
)
units = st.sampled_from(DeadlineUnit)
amounts = st.integers(min_value=0, max_value=60).map(Decimal)
fractions = st.decimals(min_value=0, max_value=400, places=2)


def in_office_hours(moment: dt.datetime) -> bool:
    clock = moment.time()
    return dt.time(7) <= clock <= dt.time(11, 30) or dt.time(13, 30) <= clock <= dt.time(17)


@given(moments, amounts, units)
def test_due_is_a_working_moment_not_before_receipt(received, amount, unit):
    due = CALENDAR.due_at(received, amount, unit)
    assert due >= received
    assert CALENDAR.is_working_day(due.date())
    assert in_office_hours(due)


@given(moments, moments, amounts, units)
def test_a_later_receipt_is_never_due_earlier(first, second, amount, unit):
    first, second = sorted((first, second))
    assert CALENDAR.due_at(first, amount, unit) <= CALENDAR.due_at(second, amount, unit)


@given(moments, amounts, amounts)
def test_adding_n_then_m_working_days_is_adding_n_plus_m(received, n, m):
    start = CALENDAR.clock_start(received)
    in_two_steps = CALENDAR.add_working_days(CALENDAR.add_working_days(start, n), m)
    assert in_two_steps == CALENDAR.add_working_days(start, n + m)


@given(moments, fractions)
def test_elapsed_working_time_to_an_hours_deadline_is_the_deadline(received, hours):
    start = CALENDAR.clock_start(received)
    due = CALENDAR.due_at(received, hours, DeadlineUnit.WORKING_HOURS)
    assert CALENDAR.working_time_between(start, due) == dt.timedelta(seconds=int(hours * 3600))


@given(moments, amounts)
def test_n_working_days_are_n_office_days_of_working_time(received, days):
    start = CALENDAR.clock_start(received)
    due = CALENDAR.due_at(received, days, DeadlineUnit.WORKING_DAYS)
    assert CALENDAR.working_time_between(start, due) == int(days) * WORKING_DAY


@given(moments)
def test_clock_start_is_a_working_moment_and_stable(received):
    start = CALENDAR.clock_start(received)
    assert start >= received
    assert CALENDAR.is_working_day(start.date()) and in_office_hours(start)
    assert CALENDAR.clock_start(start) == start


@given(moments, amounts)
def test_calendar_days_end_on_the_first_working_day_from_the_nominal_date(received, days):
    start = CALENDAR.clock_start(received)
    due = CALENDAR.due_at(received, days, DeadlineUnit.CALENDAR_DAYS)
    nominal = start.date() + dt.timedelta(days=int(days))
    assert due.date() >= nominal
    skipped = (nominal + dt.timedelta(days=n) for n in range((due.date() - nominal).days))
    assert not any(CALENDAR.is_working_day(day) for day in skipped)


@given(moments, amounts)
def test_skipping_days_off_never_ends_earlier(received, days):
    counted = CALENDAR.due_at(received, days, DeadlineUnit.CALENDAR_DAYS)
    skipped = CALENDAR.due_at(received, days, DeadlineUnit.CALENDAR_DAYS, skip_days_off=True)
    assert skipped >= counted
