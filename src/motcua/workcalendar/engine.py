"""Deadline arithmetic on the Vietnamese working calendar: pure, no ORM, no clock, no I/O.

Assumptions. Those that differ between agencies or procedures are data or parameters
(office hours, cut-off, Saturday morning, days off, ``skip_days_off``); the rest are fixed:

- Time is Asia/Ho_Chi_Minh (UTC+7, no daylight saving). Naive datetimes are refused.
- Working time is the office hours of a working day. By default 07:00-11:30 and
  13:30-17:00 (8 hours), Monday to Friday. An ``OfficeSchedule`` holds the intervals, the
  afternoon cut-off and whether Saturday morning is working time; schedules follow one
  another by effective date.
- A date listed in ``days_off`` has no working time. A date listed in ``working_days`` (a
  swapped Saturday) gets the full weekday hours. A day off listed on a weekend (the
  ``holidays`` package lists Sunday 26/04/2026, for instance) changes nothing.
- Saturday morning counts only when the schedule says so; the Saturday then gives its
  first interval. Otherwise a Saturday submission starts the clock on the next working day.
- Start of the clock: before opening it moves to the opening, in a break to the end of the
  break, after closing or on a day off to the next working morning, and after the cut-off
  (15:00 by default, ``None`` for none) to the next working morning as well.
- Working hours: the due moment is when that much working time has passed. Landing exactly
  on a closing time gives the closing time (16:00 plus one hour is 17:00 that day).
- Working days: one working day is the working time of a full weekday under the schedule
  in force when the clock starts (8 hours by default); fractions are allowed. Landing
  exactly on a closing time gives the next opening, so n days from 09:15 end at 09:15 n
  working days later, and n days from 07:00 at 07:00.
- Calendar days: every day counts, weekends and holidays included, unless
  ``skip_days_off`` is set (then listed days off are not counted; weekends still are). The
  due moment keeps the time of day of the clock start. A due date on a day off moves to
  the next working day at the same time of day.
- Same day: due at the close of the working day on which the clock starts, so a dossier
  received after the cut-off is due at the close of the next working day. The amount is
  ignored.
- Elapsed working time between two moments counts office time only and ignores the
  cut-off; it is what a paused clock subtracts.
- A calendar covers a fixed span of years and refuses moments outside it
  (``CalendarRangeError``) instead of guessing. ``known_years`` tells which years were
  loaded into the calendar; in the others only weekends are known.
- Nothing is stored or changed here. A due date computed today stays what it was when the
  calendar is edited tomorrow; re-planning is a decision of the caller.
"""

from __future__ import annotations

import datetime as dt
from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from zoneinfo import ZoneInfo

from .constants import DeadlineUnit

VN_TZ = ZoneInfo("Asia/Ho_Chi_Minh")
SATURDAY = 5

_US_PER_SECOND = 1_000_000
_US_PER_HOUR = 3600 * _US_PER_SECOND
# Plain strings: comparing with them is cheaper than reaching the enum's members each call.
_WORKING_DAYS = DeadlineUnit.WORKING_DAYS.value
_WORKING_HOURS = DeadlineUnit.WORKING_HOURS.value
_CALENDAR_DAYS = DeadlineUnit.CALENDAR_DAYS.value
_SAME_DAY = DeadlineUnit.SAME_DAY.value

Interval = tuple[dt.time, dt.time]


class CalendarRangeError(ValueError):
    def __init__(self, moment: dt.date, first_year: int, last_year: int) -> None:
        super().__init__(f"{moment} is outside the calendar ({first_year}-{last_year}).")
        self.first_year = first_year
        self.last_year = last_year


def _us_of_day(value: dt.time) -> int:
    return (
        (value.hour * 60 + value.minute) * 60 + value.second
    ) * _US_PER_SECOND + value.microsecond


def _time_of_day(us: int) -> dt.time:
    seconds, micro = divmod(us, _US_PER_SECOND)
    minutes, second = divmod(seconds, 60)
    hour, minute = divmod(minutes, 60)
    return dt.time(hour, minute, second, micro)


def _scaled(amount: int | Decimal, unit_us: int) -> int:
    if amount < 0:
        raise ValueError("A deadline amount cannot be negative.")
    return int((Decimal(amount) * unit_us).to_integral_value(ROUND_HALF_UP))


@dataclass(frozen=True)
class OfficeSchedule:
    intervals: tuple[Interval, ...] = (
        (dt.time(7), dt.time(11, 30)),
        (dt.time(13, 30), dt.time(17)),
    )
    cutoff: dt.time | None = dt.time(15)
    saturday_morning: bool = False

    def __post_init__(self) -> None:
        if not self.intervals:
            raise ValueError("Office hours need at least one interval.")
        previous_end = dt.time.min
        for start, end in self.intervals:
            if not previous_end <= start < end:
                raise ValueError("Office intervals must be ordered and must not overlap.")
            previous_end = end

    def spans(self, weekday: int, *, swapped_working_day: bool) -> tuple[tuple[int, int], ...]:
        """Working intervals of a day, in microseconds since midnight."""
        if swapped_working_day or weekday < SATURDAY:
            chosen = self.intervals
        elif weekday == SATURDAY and self.saturday_morning:
            chosen = self.intervals[:1]
        else:
            return ()
        return tuple((_us_of_day(start), _us_of_day(end)) for start, end in chosen)

    @property
    def working_day_us(self) -> int:
        """Working time of a full weekday: the length of one working day."""
        return sum(_us_of_day(end) - _us_of_day(start) for start, end in self.intervals)


DEFAULT_SCHEDULE = OfficeSchedule()


class WorkCalendar:
    """Working time over a span of years, precomputed once so that no query walks day by day.

    Internally a moment maps to a *position*: the working microseconds elapsed since the
    opening of the first working day of the span. Working days are kept as sorted ordinals
    with the cumulative position at each day's opening, so both directions are a bisect.
    Per calendar day of the span, tables give the index of the next working day and the
    cut-off in force, so that reading a moment needs no search at all: a deadline costs a
    couple of microseconds whatever its length (see docs/performance.md).
    """

    def __init__(
        self,
        *,
        first_year: int,
        last_year: int,
        days_off: Iterable[dt.date] = (),
        working_days: Iterable[dt.date] = (),
        schedules: Sequence[tuple[dt.date, OfficeSchedule]] = (),
        known_years: Iterable[int] = (),
    ) -> None:
        self.first_year = first_year
        self.last_year = last_year
        self.known_years = frozenset(known_years)
        timeline = sorted(schedules, key=lambda item: item[0])
        self._schedule_starts = [start.toordinal() for start, _ in timeline]
        self._schedules = [schedule for _, schedule in timeline]

        off = {day.toordinal() for day in days_off}
        worked = {day.toordinal() for day in working_days}
        self._ordinals: list[int] = []
        self._dates: list[tuple[int, int, int]] = []  # (year, month, day) of each working day
        self._spans: list[tuple[tuple[int, int], ...]] = []
        self._day_us: list[int] = []  # length of one working day under that day's schedule
        self._opening: list[int] = [0]  # position at each working day's opening, plus the end
        self._skippable: list[int] = []  # days off that fall on an otherwise working day
        # Per calendar day, from the first one of the span: index of the first working day on
        # or after it, whether it is one, and the afternoon cut-off in microseconds (or None).
        self._first_ordinal = dt.date(first_year, 1, 1).toordinal()
        last = dt.date(last_year, 12, 31).toordinal()
        self._next_index: list[int] = []
        self._is_working = bytearray()
        self._cutoff_us: list[int | None] = []
        for ordinal in range(self._first_ordinal, last + 1):
            weekday = (ordinal - 1) % 7  # ordinal 1, 1 January of year 1, was a Monday
            schedule = self._schedule_on(ordinal)
            spans = schedule.spans(weekday, swapped_working_day=ordinal in worked)
            self._next_index.append(len(self._ordinals))
            self._cutoff_us.append(None if schedule.cutoff is None else _us_of_day(schedule.cutoff))
            if not spans or ordinal in off:
                if spans:
                    self._skippable.append(ordinal)
                self._is_working.append(0)
                continue
            day = dt.date.fromordinal(ordinal)
            self._is_working.append(1)
            self._ordinals.append(ordinal)
            self._dates.append((day.year, day.month, day.day))
            self._spans.append(spans)
            self._day_us.append(schedule.working_day_us)
            self._opening.append(self._opening[-1] + sum(end - start for start, end in spans))
        self._scaled_cache: dict[tuple[int | Decimal, int], int] = {}

    # --- Days -----------------------------------------------------------------------------

    def is_working_day(self, day: dt.date) -> bool:
        return bool(self._is_working[self._checked(day) - self._first_ordinal])

    def working_days_in(self, year: int) -> int:
        start = self._checked(dt.date(year, 1, 1))
        end = self._checked(dt.date(year, 12, 31))
        return bisect_right(self._ordinals, end) - bisect_left(self._ordinals, start)

    def covers(self, start: dt.date, end: dt.date) -> bool:
        """Whether every year from ``start`` to ``end`` was loaded from official data."""
        return all(year in self.known_years for year in range(start.year, end.year + 1))

    # --- Deadlines ------------------------------------------------------------------------

    def due_at(
        self,
        received_at: dt.datetime,
        amount: int | Decimal,
        unit: DeadlineUnit,
        *,
        skip_days_off: bool = False,
    ) -> dt.datetime:
        # Every unit stays in positions from receipt to due moment: one conversion in, one
        # out, instead of a round trip through the clock start's datetime.
        start = self._start_position(received_at)
        if unit == _WORKING_DAYS:
            index = bisect_right(self._opening, start) - 1
            if index >= len(self._day_us):
                raise CalendarRangeError(
                    dt.date(self.last_year, 12, 31), self.first_year, self.last_year
                )
            us = self._scaled_cache.get((amount, self._day_us[index]))
            if us is None:
                us = self._scaled(amount, self._day_us[index])
            return self._moment(start + us, at_close=False)
        if unit == _WORKING_HOURS:
            us = self._scaled(amount, _US_PER_HOUR)
            return self._moment(start + us, at_close=us > 0)
        if unit == _CALENDAR_DAYS:
            index, clock = self._locate(start, at_close=False)
            days = int(amount)
            if days != amount:
                raise ValueError("Calendar days must be a whole number.")
            return self._calendar_days_from(
                self._ordinals[index], clock, days, skip_days_off=skip_days_off
            )
        if unit == _SAME_DAY:
            return self._close_after(start, dt.date(self.last_year, 12, 31))
        raise ValueError(f"Unknown deadline unit {unit!r}.")

    def clock_start(self, received_at: dt.datetime) -> dt.datetime:
        return self._moment(self._start_position(received_at), at_close=False)

    def add_working_time(self, moment: dt.datetime, duration: dt.timedelta) -> dt.datetime:
        us = duration // dt.timedelta(microseconds=1)
        if us < 0:
            raise ValueError("Working time to add cannot be negative.")
        # Nothing to add: stay at the moment, snapped forward, never at an earlier close.
        return self._moment(self._position(moment) + us, at_close=us > 0)

    def add_working_days(self, moment: dt.datetime, amount: int | Decimal) -> dt.datetime:
        day, _ = self._day_and_clock(moment)
        day_us = self._schedule_on(day + self._first_ordinal).working_day_us
        return self._moment(self._position(moment) + self._scaled(amount, day_us), at_close=False)

    def add_calendar_days(
        self, moment: dt.datetime, days: int, *, skip_days_off: bool = False
    ) -> dt.datetime:
        day, clock = self._day_and_clock(moment)
        return self._calendar_days_from(
            day + self._first_ordinal, clock, days, skip_days_off=skip_days_off
        )

    def close_of_day(self, moment: dt.datetime) -> dt.datetime:
        """Close of the working day the moment counts toward.

        A moment at or after a day's close, or on a day off, counts toward the next one.
        """
        return self._close_after(self._position(moment), moment.date())

    def working_time_between(self, start: dt.datetime, end: dt.datetime) -> dt.timedelta:
        """Office time from ``start`` to ``end``; negative when ``end`` comes first."""
        return dt.timedelta(microseconds=self._position(end) - self._position(start))

    # --- Internals ------------------------------------------------------------------------

    def _schedule_on(self, ordinal: int) -> OfficeSchedule:
        index = bisect_right(self._schedule_starts, ordinal) - 1
        return self._schedules[index] if index >= 0 else DEFAULT_SCHEDULE

    def _scaled(self, amount: int | Decimal, unit_us: int) -> int:
        # Amounts come from a handful of catalogue values (often Decimals from the database):
        # remember them rather than redo Decimal arithmetic on every call.
        key = (amount, unit_us)
        value = self._scaled_cache.get(key)
        if value is None:
            value = _scaled(amount, unit_us)
            if len(self._scaled_cache) < 4096:
                self._scaled_cache[key] = value
        return value

    def _checked(self, day: dt.date) -> int:
        if not self.first_year <= day.year <= self.last_year:
            raise CalendarRangeError(day, self.first_year, self.last_year)
        return day.toordinal()

    def _local(self, moment: dt.datetime) -> dt.datetime:
        if moment.tzinfo is not VN_TZ:
            if moment.tzinfo is None or moment.utcoffset() is None:
                raise ValueError("Deadlines need an aware datetime.")
            moment = moment.astimezone(VN_TZ)
        self._checked(moment.date())
        return moment

    def _day_and_clock(self, moment: dt.datetime) -> tuple[int, int]:
        """Calendar day (from the first of the span) and microseconds since local midnight."""
        if moment.tzinfo is not VN_TZ:
            if moment.tzinfo is None or moment.utcoffset() is None:
                raise ValueError("Deadlines need an aware datetime.")
            moment = moment.astimezone(VN_TZ)
        day = moment.toordinal() - self._first_ordinal
        if not 0 <= day < len(self._is_working):
            raise CalendarRangeError(moment.date(), self.first_year, self.last_year)
        return day, (
            (moment.hour * 60 + moment.minute) * 60 + moment.second
        ) * _US_PER_SECOND + moment.microsecond

    def _worked_before(self, index: int, clock: int) -> int:
        """Working time of working day ``index`` before ``clock`` (microseconds of the day)."""
        worked = 0
        for start, end in self._spans[index]:
            if clock <= start:
                break
            worked += (end if clock > end else clock) - start
        return worked

    def _position(self, moment: dt.datetime) -> int:
        day, clock = self._day_and_clock(moment)
        index = self._next_index[day]
        if self._is_working[day]:
            return self._opening[index] + self._worked_before(index, clock)
        return self._opening[index]

    def _start_position(self, received_at: dt.datetime) -> int:
        """Position of the clock start: after the cut-off, the next working day's opening."""
        # `_day_and_clock` and `_worked_before` inlined: this runs once per deadline.
        if received_at.tzinfo is not VN_TZ:
            if received_at.tzinfo is None or received_at.utcoffset() is None:
                raise ValueError("Deadlines need an aware datetime.")
            received_at = received_at.astimezone(VN_TZ)
        day = received_at.toordinal() - self._first_ordinal
        if not 0 <= day < len(self._is_working):
            raise CalendarRangeError(received_at.date(), self.first_year, self.last_year)
        index = self._next_index[day]
        if not self._is_working[day]:
            return self._opening[index]
        clock = (
            (received_at.hour * 60 + received_at.minute) * 60 + received_at.second
        ) * _US_PER_SECOND + received_at.microsecond
        cutoff = self._cutoff_us[day]
        if cutoff is not None and clock > cutoff:
            return self._opening[index + 1]
        worked = self._opening[index]
        for start, end in self._spans[index]:
            if clock <= start:
                break
            worked += (end if clock > end else clock) - start
        return worked

    def _calendar_days_from(
        self, start: int, clock: int, days: int, *, skip_days_off: bool
    ) -> dt.datetime:
        """``days`` calendar days after the day ``start`` (an ordinal), at ``clock``."""
        if days < 0:
            raise ValueError("A deadline amount cannot be negative.")
        target = start + days
        if skip_days_off:
            # Smallest target with `days` counted days in (start, target]: a fixed point
            # reached in as many steps as there are runs of days off on the way.
            while True:
                skipped = bisect_right(self._skippable, target) - bisect_right(
                    self._skippable, start
                )
                if start + days + skipped == target:
                    break
                target = start + days + skipped
        offset = target - self._first_ordinal
        if not 0 <= offset < len(self._next_index):
            raise CalendarRangeError(dt.date.fromordinal(target), self.first_year, self.last_year)
        index = self._next_index[offset]
        if index == len(self._ordinals):
            raise CalendarRangeError(dt.date.fromordinal(target), self.first_year, self.last_year)
        # Same time of day on that working day, snapped forward like any moment.
        return self._moment(
            self._opening[index] + self._worked_before(index, clock), at_close=False
        )

    def _close_after(self, position: int, day: dt.date) -> dt.datetime:
        index = bisect_right(self._opening, position)
        if index >= len(self._opening):
            raise CalendarRangeError(day, self.first_year, self.last_year)
        return self._moment(self._opening[index], at_close=True)

    def _locate(self, position: int, *, at_close: bool) -> tuple[int, int]:
        """Working day index and microseconds of the day of a position.

        A position on a boundary is both the close of one interval and the opening of the
        next; ``at_close`` picks the close.
        """
        opening = self._opening
        if at_close:
            index = max(bisect_left(opening, position) - 1, 0)
        else:
            index = bisect_right(opening, position) - 1
        if not 0 <= position <= opening[-1] or index >= len(self._ordinals):
            raise CalendarRangeError(
                dt.date(self.last_year, 12, 31), self.first_year, self.last_year
            )
        offset = position - opening[index]
        for start, end in self._spans[index]:
            length = end - start
            if offset < length or (at_close and offset == length):
                break
            offset -= length
        return index, start + offset

    def _moment(self, position: int, *, at_close: bool) -> dt.datetime:
        """The wall-clock moment of a position (``_locate`` inlined: once per deadline)."""
        opening = self._opening
        if at_close:
            index = max(bisect_left(opening, position) - 1, 0)
        else:
            index = bisect_right(opening, position) - 1
        if not 0 <= position <= opening[-1] or index >= len(self._ordinals):
            raise CalendarRangeError(
                dt.date(self.last_year, 12, 31), self.first_year, self.last_year
            )
        offset = position - opening[index]
        for start, end in self._spans[index]:
            length = end - start
            if offset < length or (at_close and offset == length):
                break
            offset -= length
        seconds, micro = divmod(start + offset, _US_PER_SECOND)
        minutes, second = divmod(seconds, 60)
        hour, minute = divmod(minutes, 60)
        year, month, day = self._dates[index]
        return dt.datetime(year, month, day, hour, minute, second, micro, tzinfo=VN_TZ)
