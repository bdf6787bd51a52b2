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
        self._spans: list[tuple[tuple[int, int], ...]] = []
        self._opening: list[int] = [0]  # position at each working day's opening, plus the end
        self._skippable: list[int] = []  # days off that fall on an otherwise working day
        first = dt.date(first_year, 1, 1).toordinal()
        last = dt.date(last_year, 12, 31).toordinal()
        for ordinal in range(first, last + 1):
            weekday = (ordinal - 1) % 7  # ordinal 1, 1 January of year 1, was a Monday
            spans = self._schedule_on(ordinal).spans(weekday, swapped_working_day=ordinal in worked)
            if not spans:
                continue
            if ordinal in off:
                self._skippable.append(ordinal)
                continue
            self._ordinals.append(ordinal)
            self._spans.append(spans)
            self._opening.append(self._opening[-1] + sum(end - start for start, end in spans))

    # --- Days -----------------------------------------------------------------------------

    def is_working_day(self, day: dt.date) -> bool:
        ordinal = self._checked(day)
        index = bisect_left(self._ordinals, ordinal)
        return index < len(self._ordinals) and self._ordinals[index] == ordinal

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
        start = self.clock_start(received_at)
        if unit == DeadlineUnit.WORKING_DAYS:
            return self.add_working_days(start, amount)
        if unit == DeadlineUnit.WORKING_HOURS:
            return self.add_working_time(
                start, dt.timedelta(microseconds=_scaled(amount, _US_PER_HOUR))
            )
        if unit == DeadlineUnit.CALENDAR_DAYS:
            if Decimal(amount) != int(amount):
                raise ValueError("Calendar days must be a whole number.")
            return self.add_calendar_days(start, int(amount), skip_days_off=skip_days_off)
        if unit == DeadlineUnit.SAME_DAY:
            return self.close_of_day(start)
        raise ValueError(f"Unknown deadline unit {unit!r}.")

    def clock_start(self, received_at: dt.datetime) -> dt.datetime:
        local = self._local(received_at)
        ordinal = local.toordinal()
        cutoff = self._schedule_on(ordinal).cutoff
        if cutoff is not None and local.time() > cutoff:
            position = self._opening[bisect_right(self._ordinals, ordinal)]
        else:
            position = self._position(local)
        return self._moment(position, at_close=False)

    def add_working_time(self, moment: dt.datetime, duration: dt.timedelta) -> dt.datetime:
        us = duration // dt.timedelta(microseconds=1)
        if us < 0:
            raise ValueError("Working time to add cannot be negative.")
        # Nothing to add: stay at the moment, snapped forward, never at an earlier close.
        return self._moment(self._position(moment) + us, at_close=us > 0)

    def add_working_days(self, moment: dt.datetime, amount: int | Decimal) -> dt.datetime:
        day_us = self._schedule_on(self._local(moment).toordinal()).working_day_us
        return self._moment(self._position(moment) + _scaled(amount, day_us), at_close=False)

    def add_calendar_days(
        self, moment: dt.datetime, days: int, *, skip_days_off: bool = False
    ) -> dt.datetime:
        if days < 0:
            raise ValueError("A deadline amount cannot be negative.")
        local = self._local(moment)
        start = local.toordinal()
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
        index = bisect_left(self._ordinals, self._checked(dt.date.fromordinal(target)))
        if index == len(self._ordinals):
            raise CalendarRangeError(dt.date.fromordinal(target), self.first_year, self.last_year)
        day = dt.date.fromordinal(self._ordinals[index])
        candidate = dt.datetime.combine(day, local.time(), tzinfo=VN_TZ)
        return self._moment(self._position(candidate), at_close=False)

    def close_of_day(self, moment: dt.datetime) -> dt.datetime:
        """Close of the working day the moment counts toward.

        A moment at or after a day's close, or on a day off, counts toward the next one.
        """
        index = bisect_right(self._opening, self._position(moment))
        if index >= len(self._opening):
            raise CalendarRangeError(moment.date(), self.first_year, self.last_year)
        return self._moment(self._opening[index], at_close=True)

    def working_time_between(self, start: dt.datetime, end: dt.datetime) -> dt.timedelta:
        """Office time from ``start`` to ``end``; negative when ``end`` comes first."""
        return dt.timedelta(microseconds=self._position(end) - self._position(start))

    # --- Internals ------------------------------------------------------------------------

    def _schedule_on(self, ordinal: int) -> OfficeSchedule:
        index = bisect_right(self._schedule_starts, ordinal) - 1
        return self._schedules[index] if index >= 0 else DEFAULT_SCHEDULE

    def _checked(self, day: dt.date) -> int:
        if not self.first_year <= day.year <= self.last_year:
            raise CalendarRangeError(day, self.first_year, self.last_year)
        return day.toordinal()

    def _local(self, moment: dt.datetime) -> dt.datetime:
        if moment.tzinfo is None or moment.utcoffset() is None:
            raise ValueError("Deadlines need an aware datetime.")
        local = moment.astimezone(VN_TZ)
        self._checked(local.date())
        return local

    def _position(self, moment: dt.datetime) -> int:
        local = self._local(moment)
        ordinal = local.toordinal()
        index = bisect_left(self._ordinals, ordinal)
        if index < len(self._ordinals) and self._ordinals[index] == ordinal:
            clock = _us_of_day(local.time())
            worked = sum(max(0, min(end, clock) - start) for start, end in self._spans[index])
            return self._opening[index] + worked
        return self._opening[index]

    def _moment(self, position: int, *, at_close: bool) -> dt.datetime:
        """The wall-clock moment of a position.

        A position on a boundary is both the close of one interval and the opening of the
        next; ``at_close`` picks the close.
        """
        if at_close:
            index = max(bisect_left(self._opening, position) - 1, 0)
        else:
            index = bisect_right(self._opening, position) - 1
        if not 0 <= position <= self._opening[-1] or index >= len(self._ordinals):
            raise CalendarRangeError(
                dt.date(self.last_year, 12, 31), self.first_year, self.last_year
            )
        offset = position - self._opening[index]
        for start, end in self._spans[index]:
            if offset < end - start or (at_close and offset == end - start):
                break
            offset -= end - start
        day = dt.date.fromordinal(self._ordinals[index])
        return dt.datetime.combine(day, _time_of_day(start + offset), tzinfo=VN_TZ)
