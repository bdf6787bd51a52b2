"""In-process benchmarks of pure functions, each against a naive implementation of the
same result, timed alternately in one run."""

from __future__ import annotations

import datetime as dt
import os
import random
import statistics
import time
from decimal import Decimal


def _setup_django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "motcua.conf.dev")
    os.environ.setdefault("DEBUG", "false")
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    import django

    django.setup()


class NaiveCalendar:
    """Deadlines the way most one-stop systems compute them: walk the calendar day by day.

    Same rules as the engine (clock start, cut-off, closing times, calendar days moved off
    days off), written plainly with datetimes; the reference the engine must beat, and a
    second implementation its answers are checked against.
    """

    def __init__(self, off: set[dt.date], worked: set[dt.date], schedule) -> None:
        self.off, self.worked, self.schedule = off, worked, schedule

    def spans(self, day: dt.date) -> tuple[tuple[dt.time, dt.time], ...]:
        if day in self.off:
            return ()
        if day.weekday() < 5 or day in self.worked:
            return self.schedule.intervals
        if day.weekday() == 5 and self.schedule.saturday_morning:
            return self.schedule.intervals[:1]
        return ()

    def _at(self, day: dt.date, clock: dt.time, tz) -> dt.datetime:
        return dt.datetime.combine(day, clock, tzinfo=tz)

    def _next_opening(self, day: dt.date, tz) -> dt.datetime:
        day += dt.timedelta(days=1)
        while not self.spans(day):
            day += dt.timedelta(days=1)
        return self._at(day, self.spans(day)[0][0], tz)

    def clock_start(self, received: dt.datetime, tz) -> dt.datetime:
        local = received.astimezone(tz)
        day, clock = local.date(), local.time()
        cutoff = self.schedule.cutoff
        if cutoff is not None and clock > cutoff and self.spans(day):
            return self._next_opening(day, tz)
        for start, end in self.spans(day):
            if clock < end:
                return self._at(day, max(clock, start), tz)
        return self._next_opening(day, tz)

    def add_time(self, moment: dt.datetime, remaining: dt.timedelta, *, at_close: bool):
        day, tz = moment.date(), moment.tzinfo
        clock = moment.time()
        while True:
            for start, end in self.spans(day):
                begin = max(start, clock)
                if begin >= end:
                    continue
                available = self._at(day, end, tz) - self._at(day, begin, tz)
                if remaining < available or (at_close and remaining == available):
                    return self._at(day, begin, tz) + remaining
                remaining -= available
            day += dt.timedelta(days=1)
            clock = dt.time.min

    def due_at(self, received: dt.datetime, amount: Decimal, unit: str, tz) -> dt.datetime:
        start = self.clock_start(received, tz)
        if unit == "working_days":
            day_length = sum(
                (
                    dt.datetime.combine(dt.date.min, end) - dt.datetime.combine(dt.date.min, begin)
                    for begin, end in self.schedule.intervals
                ),
                dt.timedelta(),
            )
            return self.add_time(start, day_length * float(amount), at_close=False)
        if unit == "working_hours":
            hours = dt.timedelta(hours=float(amount))
            return self.add_time(start, hours, at_close=hours > dt.timedelta())
        if unit == "calendar_days":
            day = start.date()
            for _ in range(int(amount)):
                day += dt.timedelta(days=1)
            while not self.spans(day):
                day += dt.timedelta(days=1)
            return self.add_time(self._at(day, start.time(), tz), dt.timedelta(), at_close=False)
        if unit == "same_day":
            return self._at(start.date(), self.spans(start.date())[-1][1], tz)
        raise ValueError(unit)


def _time_per_call(fn, cases) -> float:
    started = time.perf_counter()
    for case in cases:
        fn(*case)
    return (time.perf_counter() - started) / len(cases) * 1e6


def _cases(calendar, quick: bool) -> list[tuple[dt.datetime, Decimal, str]]:
    """Receipts over 2025-2026 with the catalogue's own processing times (units and spans).

    Two thirds at the counter in office hours on working days, the rest online at any hour;
    half the receipts read from the database as UTC, as the services hand them over.
    """
    from motcua.catalog.models import ProcedureCase
    from motcua.workcalendar.engine import VN_TZ

    times = list(
        ProcedureCase.objects.order_by("pk").values_list("processing_amount", "processing_unit")
    )
    if not times:
        raise RuntimeError("No procedure case: load the demo catalogue first.")
    rng = random.Random(20261122)
    days = [dt.date(2025, 1, 1) + dt.timedelta(days=i) for i in range(730)]
    working = [d for d in days if calendar.is_working_day(d)]
    cases = []
    for _ in range(1_000 if quick else 4_000):
        if rng.random() < 2 / 3:
            moment = dt.datetime.combine(
                rng.choice(working), dt.time(rng.randrange(7, 17), rng.randrange(60)), tzinfo=VN_TZ
            )
        else:
            moment = dt.datetime.combine(rng.choice(days), dt.time(), tzinfo=VN_TZ) + dt.timedelta(
                minutes=rng.randrange(1440)
            )
        if rng.random() < 0.5:
            moment = moment.astimezone(dt.UTC)
        amount, unit = rng.choice(times)
        cases.append((moment, amount, unit))
    return cases


def run(*, repeats: int, quick: bool) -> list[dict]:
    _setup_django()
    from motcua.workcalendar.constants import CalendarDayKind
    from motcua.workcalendar.engine import DEFAULT_SCHEDULE, VN_TZ
    from motcua.workcalendar.models import CalendarDay, OfficeHours
    from motcua.workcalendar.selectors import work_calendar_get

    schedules = {row.schedule() for row in OfficeHours.objects.filter(agency__isnull=True)}
    if len(schedules) > 1:
        raise RuntimeError("The naive reference knows one set of office hours only.")
    schedule = schedules.pop() if schedules else DEFAULT_SCHEDULE
    calendar = work_calendar_get()
    off = set(
        CalendarDay.objects.exclude(kind=CalendarDayKind.WORKING_DAY).values_list("date", flat=True)
    )
    worked = set(
        CalendarDay.objects.filter(kind=CalendarDayKind.WORKING_DAY).values_list("date", flat=True)
    )
    naive = NaiveCalendar(off, worked, schedule)
    cases = _cases(calendar, quick)

    # Same answers first: a benchmark of two functions that disagree measures nothing.
    for moment, amount, unit in cases:
        expected = naive.due_at(moment, amount, unit, VN_TZ)
        actual = calendar.due_at(moment, amount, unit)
        if actual != expected:
            raise AssertionError(f"engine {actual} != naive {expected}: {moment} + {amount} {unit}")

    groups = {"mixed": cases}
    for unit in sorted({unit for _, _, unit in cases}):
        groups[unit] = [case for case in cases if case[2] == unit]
    rows = []
    for group, chosen in groups.items():
        # Interleaved in chunks of 50 calls, so that load from other processes (a shared
        # machine) hits both alike; the ratio is the median of the chunks' ratios.
        engine_us, naive_us, ratios = [], [], []
        chunks = [chosen[i : i + 50] for i in range(0, len(chosen), 50)]
        for _ in range(repeats):
            for chunk in chunks:
                mine = _time_per_call(calendar.due_at, chunk)
                theirs = _time_per_call(lambda m, a, u: naive.due_at(m, a, u, VN_TZ), chunk)
                engine_us.append(mine)
                naive_us.append(theirs)
                ratios.append(theirs / mine)
        ordered = sorted(engine_us)
        spans = sorted({float(amount) for _, amount, _ in chosen})
        rows.append(
            {
                "kind": "inproc",
                "name": f"due_at_{group}",
                "what": (
                    "due moment, the catalogue's units and spans mixed, receipts at any hour"
                    " of 2025-2026"
                    if group == "mixed"
                    else f"the same, {group.replace('_', ' ')} only"
                    f" ({spans[0]:g}–{spans[-1]:g}, {len(chosen)} calls)"
                ),
                "calls": len(chosen),
                "chunks": len(ratios),
                "us_median": statistics.median(engine_us),
                "us_p95": ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))],
                "reference": "day-by-day walk over the same calendar (results checked equal)",
                "reference_us_median": statistics.median(naive_us),
                "speedup": statistics.median(ratios),
            }
        )
    return rows
