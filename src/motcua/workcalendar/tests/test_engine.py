"""Due moments on real dates of the 2025-2027 civil-service calendar, default office hours."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from motcua.workcalendar.constants import DeadlineUnit
from motcua.workcalendar.data import default_days
from motcua.workcalendar.engine import CalendarRangeError, OfficeSchedule

from .conftest import at, calendar_of

WD = DeadlineUnit.WORKING_DAYS
CD = DeadlineUnit.CALENDAR_DAYS
WH = DeadlineUnit.WORKING_HOURS
SD = DeadlineUnit.SAME_DAY

CLOCK_START_CASES = [
    # Monday 09/03/2026 is an ordinary working day.
    pytest.param("2026-03-09 06:30", "2026-03-09 07:00", id="before_opening"),
    pytest.param("2026-03-09 07:00", "2026-03-09 07:00", id="at_opening"),
    pytest.param("2026-03-09 09:15", "2026-03-09 09:15", id="morning"),
    pytest.param("2026-03-09 11:30", "2026-03-09 13:30", id="at_lunch"),
    pytest.param("2026-03-09 12:00", "2026-03-09 13:30", id="lunch_break"),
    pytest.param("2026-03-09 15:00", "2026-03-09 15:00", id="at_cutoff"),
    pytest.param("2026-03-09 15:01", "2026-03-10 07:00", id="just_after_cutoff"),
    pytest.param("2026-03-09 16:00", "2026-03-10 07:00", id="after_cutoff"),
    pytest.param("2026-03-09 18:00", "2026-03-10 07:00", id="after_hours"),
    pytest.param("2026-03-14 09:00", "2026-03-16 07:00", id="saturday"),
    pytest.param("2026-03-15 23:59", "2026-03-16 07:00", id="sunday_night"),
    pytest.param("2026-01-02 10:00", "2026-01-05 07:00", id="swapped_day_off_02_01_2026"),
    pytest.param("2026-01-09 16:00", "2026-01-10 07:00", id="after_cutoff_before_worked_saturday"),
    pytest.param("2026-01-10 08:00", "2026-01-10 08:00", id="worked_saturday_10_01_2026"),
    pytest.param("2026-02-18 10:00", "2026-02-23 07:00", id="during_tet_2026"),
    pytest.param("2026-11-23 16:00", "2026-11-25 07:00", id="after_cutoff_eve_of_24_11_2026"),
]


@pytest.mark.parametrize(("received", "expected"), CLOCK_START_CASES)
def test_clock_start(shipped_calendar, received, expected):
    assert shipped_calendar.clock_start(at(received)) == at(expected)


DUE_CASES = [
    # Working days: same time of day n working days later.
    pytest.param("2026-03-09 07:00", 1, WD, "2026-03-10 07:00", id="wd_from_opening"),
    pytest.param("2026-03-09 06:30", 5, WD, "2026-03-16 07:00", id="wd_before_hours"),
    pytest.param("2026-03-09 12:00", 1, WD, "2026-03-10 13:30", id="wd_from_lunch"),
    pytest.param("2026-03-09 16:00", 1, WD, "2026-03-11 07:00", id="wd_after_cutoff"),
    pytest.param("2026-03-09 18:00", 2, WD, "2026-03-12 07:00", id="wd_after_hours"),
    pytest.param("2026-03-14 09:00", 1, WD, "2026-03-17 07:00", id="wd_saturday_submission"),
    pytest.param("2027-02-03 10:00", "0.5", WD, "2027-02-03 16:00", id="wd_half_day"),
    pytest.param("2026-02-13 09:00", 1, WD, "2026-02-23 09:00", id="tet_2026_friday_before"),
    pytest.param("2026-02-12 10:00", 3, WD, "2026-02-24 10:00", id="tet_2026_across"),
    pytest.param("2026-02-18 10:00", 1, WD, "2026-02-24 07:00", id="tet_2026_received_during"),
    pytest.param("2025-12-31 09:00", 1, WD, "2026-01-05 09:00", id="day_off_02_01_2026"),
    pytest.param("2025-12-31 09:00", 2, WD, "2026-01-06 09:00", id="day_off_02_01_2026_two"),
    pytest.param("2026-01-09 10:00", 1, WD, "2026-01-10 10:00", id="worked_saturday_10_01_2026"),
    pytest.param("2026-01-10 08:00", 1, WD, "2026-01-12 08:00", id="from_worked_saturday"),
    pytest.param("2026-04-24 14:00", 1, WD, "2026-04-28 14:00", id="gio_to_2026_nghi_bu_27_04"),
    pytest.param("2026-04-29 09:00", 1, WD, "2026-05-04 09:00", id="30_4_1_5_2026"),
    pytest.param("2026-08-21 10:00", 1, WD, "2026-08-22 10:00", id="worked_saturday_22_08_2026"),
    pytest.param(
        "2026-08-28 10:00", 1, WD, "2026-09-03 10:00", id="quoc_khanh_2026_31_08_to_02_09"
    ),
    pytest.param("2026-11-23 10:00", 1, WD, "2026-11-25 10:00", id="van_hoa_24_11_2026_tuesday"),
    pytest.param("2026-11-23 16:00", 1, WD, "2026-11-26 07:00", id="van_hoa_after_cutoff"),
    pytest.param("2025-04-25 10:00", 1, WD, "2025-04-26 10:00", id="worked_saturday_26_04_2025"),
    pytest.param("2025-04-29 10:00", 1, WD, "2025-05-05 10:00", id="day_off_02_05_2025"),
    pytest.param("2027-02-03 10:00", 1, WD, "2027-02-11 10:00", id="tet_2027_04_to_10_02"),
    # Working hours: the close is a valid due moment.
    pytest.param("2026-03-09 09:00", 4, WH, "2026-03-09 15:00", id="wh_across_lunch"),
    pytest.param("2026-03-09 11:00", 1, WH, "2026-03-09 14:00", id="wh_split_by_lunch"),
    pytest.param("2026-03-09 13:30", "3.5", WH, "2026-03-09 17:00", id="wh_ends_at_close"),
    pytest.param("2026-03-09 16:00", 2, WH, "2026-03-10 09:00", id="wh_after_cutoff"),
    pytest.param("2026-02-13 07:00", 8, WH, "2026-02-13 17:00", id="wh_full_day_before_tet"),
    pytest.param("2026-02-13 07:00", 9, WH, "2026-02-23 08:00", id="wh_across_tet_2026"),
    pytest.param("2026-01-09 14:00", 4, WH, "2026-01-10 08:00", id="wh_into_worked_saturday"),
    # Same day: close of the clock-start day.
    pytest.param("2026-03-09 10:00", 1, SD, "2026-03-09 17:00", id="sd_morning"),
    pytest.param("2026-03-09 15:30", 1, SD, "2026-03-10 17:00", id="sd_after_cutoff"),
    pytest.param("2026-03-14 09:00", 0, SD, "2026-03-16 17:00", id="sd_saturday"),
    pytest.param("2026-02-13 16:00", 1, SD, "2026-02-23 17:00", id="sd_after_cutoff_before_tet"),
    pytest.param("2026-01-09 15:30", 1, SD, "2026-01-10 17:00", id="sd_worked_saturday"),
    # Calendar days: every day counts; a due date on a day off moves to the next working day.
    pytest.param("2026-03-09 09:00", 4, CD, "2026-03-13 09:00", id="cd_weekday"),
    pytest.param("2026-03-09 09:00", 5, CD, "2026-03-16 09:00", id="cd_lands_on_saturday"),
    pytest.param("2026-03-09 16:00", 1, CD, "2026-03-11 07:00", id="cd_after_cutoff"),
    pytest.param("2026-02-09 10:00", 10, CD, "2026-02-23 10:00", id="cd_lands_in_tet_2026"),
    pytest.param("2025-12-26 10:00", 7, CD, "2026-01-05 10:00", id="cd_lands_on_02_01_2026"),
    pytest.param("2026-01-05 10:00", 5, CD, "2026-01-10 10:00", id="cd_lands_on_worked_saturday"),
]


@pytest.mark.parametrize(("received", "amount", "unit", "expected"), DUE_CASES)
def test_due_at(shipped_calendar, received, amount, unit, expected):
    assert shipped_calendar.due_at(at(received), Decimal(amount), unit) == at(expected)


@pytest.mark.parametrize(
    ("received", "days", "expected"),
    [
        # 16-20/02/2026 are not counted, the weekends around them are.
        pytest.param("2026-02-09 10:00", 10, "2026-02-24 10:00", id="tet_2026_not_counted"),
        pytest.param("2026-03-09 09:00", 5, "2026-03-16 09:00", id="no_day_off_on_the_way"),
    ],
)
def test_calendar_days_can_skip_days_off(shipped_calendar, received, days, expected):
    assert shipped_calendar.due_at(at(received), days, CD, skip_days_off=True) == at(expected)


def test_weekend_holidays_listed_by_the_package_change_nothing():
    # default_days adds e.g. Sunday 26/04/2026 (Giỗ Tổ) and Saturday 06/02/2027 (mùng 1).
    days = [day for year in (2025, 2026, 2027) for day in default_days(year)]
    assert dt.date(2026, 4, 26) in {day.date for day in days}
    calendar = calendar_of(days)
    assert [calendar.working_days_in(year) for year in (2025, 2026, 2027)] == [250, 249, 249]
    # Counted as an ordinary Sunday, not skipped a second time next to its nghỉ bù.
    assert calendar.due_at(at("2026-04-24 10:00"), 3, CD, skip_days_off=True) == at(
        "2026-04-28 10:00"
    )


def test_working_time_between_counts_office_hours_only(shipped_calendar):
    assert shipped_calendar.working_time_between(
        at("2026-02-13 16:00"), at("2026-02-23 08:00")
    ) == dt.timedelta(hours=2)
    assert shipped_calendar.working_time_between(
        at("2026-03-09 11:00"), at("2026-03-09 14:00")
    ) == dt.timedelta(hours=1)
    assert shipped_calendar.working_time_between(
        at("2026-03-09 14:00"), at("2026-03-09 11:00")
    ) == dt.timedelta(hours=-1)


def test_zero_amount_is_the_clock_start(shipped_calendar):
    assert shipped_calendar.due_at(at("2026-03-09 07:00"), 0, WH) == at("2026-03-09 07:00")
    assert shipped_calendar.due_at(at("2026-03-09 12:00"), 0, WD) == at("2026-03-09 13:30")


def test_saturday_morning_counts_when_the_schedule_says_so():
    calendar = calendar_of(
        schedules=((dt.date(2026, 1, 1), OfficeSchedule(saturday_morning=True)),)
    )
    assert calendar.clock_start(at("2026-03-14 09:00")) == at("2026-03-14 09:00")
    assert calendar.clock_start(at("2026-03-14 12:00")) == at("2026-03-16 07:00")
    assert calendar.due_at(at("2026-03-14 09:00"), 4, WH) == at("2026-03-16 08:30")


def test_cutoff_is_data():
    no_cutoff = calendar_of(schedules=((dt.date(2026, 1, 1), OfficeSchedule(cutoff=None)),))
    assert no_cutoff.due_at(at("2026-03-09 16:00"), 1, WH) == at("2026-03-09 17:00")
    late_cutoff = calendar_of(
        schedules=((dt.date(2026, 1, 1), OfficeSchedule(cutoff=dt.time(16))),)
    )
    assert late_cutoff.clock_start(at("2026-03-09 15:30")) == at("2026-03-09 15:30")


def test_office_hours_follow_their_effective_date():
    summer = OfficeSchedule(
        intervals=((dt.time(7, 30), dt.time(11, 30)), (dt.time(13), dt.time(17))), cutoff=None
    )
    calendar = calendar_of(schedules=((dt.date(2026, 6, 1), summer),))
    assert calendar.clock_start(at("2026-05-29 07:00")) == at("2026-05-29 07:00")
    assert calendar.clock_start(at("2026-06-01 07:00")) == at("2026-06-01 07:30")
    # Friday 14:30-17:00 under the old hours, then Monday from 07:30 under the new ones.
    assert calendar.due_at(at("2026-05-29 14:30"), 3, WH) == at("2026-06-01 08:00")


def test_refuses_what_it_cannot_know(shipped_calendar):
    with pytest.raises(ValueError, match="aware"):
        shipped_calendar.clock_start(dt.datetime(2026, 3, 9, 9))
    with pytest.raises(CalendarRangeError):
        shipped_calendar.due_at(at("2030-12-20 09:00"), 30, WD)
    with pytest.raises(ValueError, match="whole"):
        shipped_calendar.due_at(at("2026-03-09 09:00"), Decimal("1.5"), CD)
    with pytest.raises(ValueError, match="negative"):
        shipped_calendar.due_at(at("2026-03-09 09:00"), -1, WD)
    with pytest.raises(ValueError, match="overlap"):
        OfficeSchedule(intervals=((dt.time(13), dt.time(17)), (dt.time(7), dt.time(11))))
