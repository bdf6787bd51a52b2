"""Data windows of reporting periods, from rules kept as data.

A rule names its first and last day relative to the report's year: ``[-1, 12, 15]`` is
15 December of the previous year. The CCHC regime of Công văn 581/BNV-CCHC uses the
defaults below (Q3 alone is a single quarter; 6-month and year reports are cumulative);
a province with other cut-offs stores its own rules on its regime.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from django.utils.translation import gettext_lazy as _

# period code -> (label, first day, last day, external deadline)
CCHC_DEFAULT_RULES: dict[str, dict] = {
    "Q1": {"label": "quý I", "start": [-1, 12, 15], "end": [0, 3, 14], "deadline": [0, 3, 20]},
    "H1": {
        "label": "6 tháng đầu năm",
        "start": [-1, 12, 15],
        "end": [0, 6, 14],
        "deadline": [0, 6, 20],
    },
    "Q3": {"label": "quý III", "start": [0, 6, 15], "end": [0, 9, 14], "deadline": [0, 9, 20]},
    "Y": {"label": "năm", "start": [-1, 12, 15], "end": [0, 12, 14], "deadline": [0, 12, 20]},
}


class WindowRuleError(ValueError):
    pass


def rule_day(year: int, spec: Sequence[int]) -> dt.date:
    try:
        offset, month, day = (int(x) for x in spec)
        return dt.date(year + offset, month, day)
    except (TypeError, ValueError) as error:
        raise WindowRuleError(
            _("A window rule day is written [year offset, month, day].")
        ) from error


def period_window(rule: dict, year: int) -> tuple[dt.date, dt.date]:
    """First and last day of the data window of ``rule`` for the report of ``year``."""
    start, end = rule_day(year, rule["start"]), rule_day(year, rule["end"])
    if end < start:
        raise WindowRuleError(_("The window of this rule ends before it starts."))
    return start, end


def calendar_window(year: int, *, month: int | None = None, quarter: int | None = None):
    """A calendar month, quarter or year, as the 766 index is published."""
    if month is not None:
        first = dt.date(year, month, 1)
        last = (first + dt.timedelta(days=32)).replace(day=1) - dt.timedelta(days=1)
        return first, last
    if quarter is not None:
        first = dt.date(year, 3 * quarter - 2, 1)
        last = calendar_window(year, month=3 * quarter)[1]
        return first, last
    return dt.date(year, 1, 1), dt.date(year, 12, 31)


def year_before(day: dt.date) -> dt.date:
    """The same day a year earlier; 29 February becomes 28 February."""
    try:
        return day.replace(year=day.year - 1)
    except ValueError:
        return day.replace(year=day.year - 1, day=28)
