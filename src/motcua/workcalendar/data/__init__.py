"""Default calendar data: the shipped civil-service calendar, then the ``holidays`` package.

For the years it covers, ``vn_civil_service.json`` is the authority: the package misses
swaps decided by yearly notices (02/01/2026 off, 10/01/2026 worked) and gives worked
Saturdays only outside its date-to-name mapping. In those years the package contributes
its weekend entries only (e.g. Giỗ Tổ on Sunday 26/04/2026), which show where a holiday
really fell and change no count. Other years are taken from the package's rules and are
marked as derived, waiting for the year's notice.

The names and legal bases are data in Vietnamese, like the rows an administrator types.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from motcua.workcalendar.constants import CalendarDayKind, CalendarSource, Confidence
from motcua.workcalendar.engine import SATURDAY

SHIPPED_FILE = Path(__file__).with_name("vn_civil_service.json")
_PACKAGE_WORKED_DAY_NAME = "Ngày làm việc bù"
_PACKAGE_BASIS = (
    "Bộ luật Lao động 2019, Điều 111-112 (theo quy tắc của thư viện holidays {version})"
)


@dataclass(frozen=True)
class DefaultDay:
    date: dt.date
    kind: CalendarDayKind
    name: str
    legal_basis: str
    confidence: Confidence
    source: CalendarSource


@cache
def _shipped() -> tuple[frozenset[int], tuple[DefaultDay, ...]]:
    document = json.loads(SHIPPED_FILE.read_text(encoding="utf-8"))
    days = tuple(
        DefaultDay(
            date=dt.date.fromisoformat(row["date"]),
            kind=CalendarDayKind(row["kind"]),
            name=row["name"],
            legal_basis=row["legal_basis"],
            confidence=Confidence(row["confidence"]),
            source=CalendarSource.SHIPPED,
        )
        for row in document["days"]
    )
    return frozenset(document["years"]), days


def shipped_years() -> frozenset[int]:
    return _shipped()[0]


def shipped_days() -> tuple[DefaultDay, ...]:
    return _shipped()[1]


def package_days(year: int) -> list[DefaultDay]:
    import holidays  # loads its country tables; only needed when a year is seeded

    calendar = holidays.VN(years=year, language="vi")
    basis = _PACKAGE_BASIS.format(version=holidays.__version__)

    def day(date: dt.date, kind: CalendarDayKind, name: str) -> DefaultDay:
        return DefaultDay(
            date, kind, name, basis, Confidence.DERIVED, CalendarSource.HOLIDAYS_PACKAGE
        )

    days = [day(date, CalendarDayKind.HOLIDAY, name) for date, name in sorted(calendar.items())]
    # The set is not limited to the requested year (it always holds 2014 and 2019 dates).
    days += [
        day(date, CalendarDayKind.WORKING_DAY, _PACKAGE_WORKED_DAY_NAME)
        for date in sorted(calendar.weekend_workdays)
        if date.year == year
    ]
    return days


def default_days(year: int) -> list[DefaultDay]:
    """The days a newly seeded year starts with."""
    if year not in shipped_years():
        return package_days(year)
    ours = [day for day in shipped_days() if day.date.year == year]
    taken = {day.date for day in ours}
    weekend_holidays = [
        day
        for day in package_days(year)
        if day.kind == CalendarDayKind.HOLIDAY
        and day.date.weekday() >= SATURDAY
        and day.date not in taken
    ]
    return sorted(ours + weekend_holidays, key=lambda day: day.date)
