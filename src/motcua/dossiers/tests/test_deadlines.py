"""Pure deadline arithmetic of dossiers, table-driven on the shipped 2025-2027 calendar."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from types import SimpleNamespace

import pytest

from motcua.dossiers import deadlines
from motcua.dossiers.constants import Channel, Timeliness
from motcua.workcalendar.constants import CalendarDayKind, DeadlineUnit
from motcua.workcalendar.data import shipped_days
from motcua.workcalendar.engine import WorkCalendar

from .conftest import at


@pytest.fixture(scope="module")
def cal() -> WorkCalendar:
    days = list(shipped_days())
    return WorkCalendar(
        first_year=2024,
        last_year=2030,
        days_off=[d.date for d in days if d.kind != CalendarDayKind.WORKING_DAY],
        working_days=[d.date for d in days if d.kind == CalendarDayKind.WORKING_DAY],
        known_years={2025, 2026, 2027},
    )


CASE = SimpleNamespace(
    processing_amount=Decimal(5),
    processing_unit=DeadlineUnit.WORKING_DAYS,
    online_processing_amount=Decimal(3),
    online_processing_unit=DeadlineUnit.WORKING_DAYS,
)


@pytest.mark.parametrize(
    ("channel", "amount"),
    [
        (Channel.COUNTER, 5),
        (Channel.POST, 5),
        (Channel.ONLINE, 3),
        (Channel.NATIONAL_PORTAL, 3),
    ],
    ids=lambda v: f"{v}_case",
)
def test_online_channels_use_the_online_time(channel, amount):
    assert deadlines.processing_time(CASE, channel=channel).amount == amount


def test_without_an_online_time_online_dossiers_get_the_legal_time():
    case = SimpleNamespace(**{**vars(CASE), "online_processing_amount": None})
    time = deadlines.processing_time(case, channel=Channel.ONLINE)
    assert (time.amount, time.unit) == (5, DeadlineUnit.WORKING_DAYS)


FIVE_DAYS = deadlines.ProcessingTime(Decimal(5), DeadlineUnit.WORKING_DAYS)


@pytest.mark.parametrize(
    ("policy", "paused", "resumed", "expected"),
    [
        # Thursday 09:00 to Monday after Tết 09:00: 6 + 8 + 2 = 16 office hours added
        ("pause", "2026-02-12 09:00", "2026-02-23 09:00", "2026-02-27 09:00"),
        # Paused and resumed outside office hours: nothing passed, nothing moves
        ("pause", "2026-02-13 17:30", "2026-02-21 10:00", "2026-02-25 09:00"),
        # Restart: five full working days from the resumption (cut-off applies)
        ("restart", "2026-02-12 09:00", "2026-02-24 16:00", "2026-03-04 07:00"),
        ("restart", "2026-02-12 09:00", "2026-02-24 10:00", "2026-03-03 10:00"),
        ("none", "2026-02-12 09:00", "2026-02-23 09:00", "2026-02-25 09:00"),
    ],
    ids=[
        "pause_case",
        "pause_off_hours_case",
        "restart_after_cutoff_case",
        "restart_case",
        "none_case",
    ],
)
def test_due_moment_after_a_wait(cal, policy, paused, resumed, expected):
    due = deadlines.resumed_due_at(
        cal,
        policy=policy,
        due_at=at("2026-02-25 09:00"),
        paused_at=at(paused),
        resumed_at=at(resumed),
        time=FIVE_DAYS,
    )
    assert due == at(expected)


def test_a_due_moment_at_closing_time_stays_put_when_no_office_time_passed(cal):
    due = at("2026-02-13 17:00")  # a same-day procedure due at the close
    moved = deadlines.resumed_due_at(
        cal,
        policy="pause",
        due_at=due,
        paused_at=at("2026-02-13 17:10"),
        resumed_at=at("2026-02-14 09:00"),
        time=FIVE_DAYS,
    )
    assert moved == due


@pytest.mark.parametrize(
    ("start", "hours", "due"),
    [
        ("2026-02-11 09:00", "2", "2026-02-11 11:00"),
        ("2026-02-11 10:00", "2", "2026-02-11 14:00"),  # lunch 11:30-13:30 skipped
        ("2026-02-13 15:00", "4", "2026-02-23 09:00"),  # Tết week skipped
        ("2026-02-11 16:00", "1", "2026-02-11 17:00"),  # ends at closing time
        ("2026-01-09 16:00", "2", "2026-01-10 08:00"),  # Saturday 10/01 was a working day
    ],
)
def test_step_due_moments(cal, start, hours, due):
    assert deadlines.step_due_at(cal, at(start), Decimal(hours)) == at(due)


@pytest.mark.parametrize(
    ("finished", "due", "expected"),
    [
        ("2026-02-24 16:00", "2026-02-25 09:00", Timeliness.EARLY),
        ("2026-02-25 16:00", "2026-02-25 09:00", Timeliness.ON_TIME),  # same date: on time
        ("2026-02-26 07:00", "2026-02-25 09:00", Timeliness.LATE),
        ("2026-02-25 23:59", "2026-02-25 09:00", Timeliness.ON_TIME),
    ],
)
def test_dossier_timeliness_compares_dates(finished, due, expected):
    assert deadlines.timeliness_by_date(at(finished), at(due)) == expected


def test_dates_are_compared_in_vietnam_time():
    # 23:30 UTC on the 24th is 06:30 on the 25th in Vietnam: the due date, on time.
    finished = dt.datetime(2026, 2, 24, 23, 30, tzinfo=dt.UTC)
    assert deadlines.timeliness_by_date(finished, at("2026-02-25 09:00")) == Timeliness.ON_TIME


@pytest.mark.parametrize(
    ("finished", "due", "expected"),
    [
        ("2026-02-24 16:00", "2026-02-25 09:00", Timeliness.EARLY),
        ("2026-02-25 08:00", "2026-02-25 09:00", Timeliness.ON_TIME),
        ("2026-02-25 09:00", "2026-02-25 09:00", Timeliness.ON_TIME),
        ("2026-02-25 10:00", "2026-02-25 09:00", Timeliness.LATE),  # hours count for steps
    ],
)
def test_step_timeliness_counts_the_hours(finished, due, expected):
    assert deadlines.step_timeliness(at(finished), at(due)) == expected


@pytest.mark.parametrize(
    ("due", "deadline"),
    [
        ("2026-02-25 09:00", dt.date(2026, 2, 24)),
        ("2026-02-23 09:00", dt.date(2026, 2, 13)),  # before Tết
        ("2026-03-02 09:00", dt.date(2026, 2, 27)),  # Friday before a Monday
        ("2026-01-12 09:00", dt.date(2026, 1, 10)),  # the worked Saturday counts
        ("2026-09-03 09:00", dt.date(2026, 8, 28)),  # 31/08-02/09 off
    ],
)
def test_apology_deadline_is_the_last_working_day_before_the_due_date(cal, due, deadline):
    assert deadlines.apology_deadline(cal, at(due)) == deadline


def test_overdue_is_strictly_after_the_due_moment():
    due = at("2026-02-25 09:00")
    assert not deadlines.is_overdue(due, due)
    assert deadlines.is_overdue(due, at("2026-02-25 09:01"))
    assert not deadlines.is_overdue(None, due)


def test_iso_is_vietnam_time():
    assert deadlines.iso(dt.datetime(2026, 2, 25, 2, tzinfo=dt.UTC)) == "2026-02-25T09:00:00+07:00"
