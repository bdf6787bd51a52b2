"""In-process benchmarks of pure functions, each against a naive implementation of the
same result, timed alternately in one run."""

from __future__ import annotations

import datetime as dt
import os
import random
import statistics
import time


def _setup_django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "motcua.conf.dev")
    os.environ.setdefault("DEBUG", "false")
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    import django

    django.setup()


def _naive_working_days(
    start: dt.datetime, n: int, off: set[dt.date], worked: set[dt.date]
) -> dt.datetime:
    """Walk day by day, as most one-stop systems do: the reference the engine must beat."""
    day, counted = start.date(), 0
    while counted < n:
        day += dt.timedelta(days=1)
        if (day.weekday() < 5 and day not in off) or day in worked:
            counted += 1
    return start.replace(year=day.year, month=day.month, day=day.day)


def _time_per_call(fn, cases) -> float:
    started = time.perf_counter()
    for case in cases:
        fn(*case)
    return (time.perf_counter() - started) / len(cases) * 1e6


def run(*, repeats: int, quick: bool) -> list[dict]:
    _setup_django()
    from motcua.workcalendar.constants import CalendarDayKind, DeadlineUnit
    from motcua.workcalendar.engine import VN_TZ
    from motcua.workcalendar.models import CalendarDay
    from motcua.workcalendar.selectors import work_calendar_get

    calendar = work_calendar_get()
    off = set(
        CalendarDay.objects.exclude(kind=CalendarDayKind.WORKING_DAY).values_list("date", flat=True)
    )
    worked = set(
        CalendarDay.objects.filter(kind=CalendarDayKind.WORKING_DAY).values_list("date", flat=True)
    )
    rng = random.Random(20261122)
    days = [dt.date(2026, 1, 1) + dt.timedelta(days=i) for i in range(365)]
    working = [d for d in days if calendar.is_working_day(d)]
    cases = []
    for _ in range(500 if quick else 2000):
        start = dt.datetime.combine(rng.choice(working), dt.time(9, 15), tzinfo=VN_TZ)
        cases.append((start, rng.choice([1, 3, 5, 7, 10, 15, 20, 30, 45, 60])))

    # Same answers first: a benchmark of two functions that disagree measures nothing.
    for start, n in cases:
        expected = _naive_working_days(start, n, off, worked)
        actual = calendar.due_at(start, n, DeadlineUnit.WORKING_DAYS)
        if actual != expected:
            raise AssertionError(f"engine {actual} != naive {expected} for {start} + {n}")

    engine_us, naive_us = [], []
    for _ in range(repeats):
        engine_us.append(
            _time_per_call(lambda s, n: calendar.due_at(s, n, DeadlineUnit.WORKING_DAYS), cases)
        )
        naive_us.append(_time_per_call(lambda s, n: _naive_working_days(s, n, off, worked), cases))
    ordered = sorted(engine_us)
    return [
        {
            "kind": "inproc",
            "name": "due_at_working_days",
            "what": "due moment for 1–60 working days from a 2026 start, real calendar",
            "calls": len(cases),
            "us_median": statistics.median(engine_us),
            "us_p95": ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))],
            "reference": "day-by-day walk over the same days off",
            "reference_us_median": statistics.median(naive_us),
            "speedup": statistics.median(naive_us) / statistics.median(engine_us),
        }
    ]
