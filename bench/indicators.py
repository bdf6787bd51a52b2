"""Indicators for the whole province from the reporting rollups, against the same numbers
computed from the raw dossiers in the same run (they must be equal).

Needs ``motcua.reporting``: ``rollups_rebuild`` fills the daily rollups from the dossiers
(the generator writes dossiers only), ``counts_from_rollups`` and ``counts_from_dossiers``
give the quarterly report's counts (Biểu 06 style) both ways, and ``indicators_compute``
the 766 index from the rollups. When that app lacks them, the scenario is skipped and says
so (``run`` returns no rows).
"""

from __future__ import annotations

import datetime as dt
import statistics
import time


def _percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(q * (len(ordered) - 1))))]


def _quarter_before(day: dt.date) -> tuple[dt.date, dt.date]:
    """The last full calendar quarter before ``day``."""
    first_month = (day.month - 1) // 3 * 3 + 1
    end = dt.date(day.year, first_month, 1) - dt.timedelta(days=1)
    start = dt.date(end.year, (end.month - 1) // 3 * 3 + 1, 1)
    return start, end


def _timed(fn, calls: int) -> list[float]:
    out = []
    for _ in range(calls):
        started = time.perf_counter()
        fn()
        out.append((time.perf_counter() - started) * 1000)
    return out


def run(*, quick: bool) -> tuple[list[dict], str | None]:
    """Rows, and why the scenario was skipped (None when it ran)."""
    try:
        from motcua.reporting.rollups import rollups_rebuild
        from motcua.reporting.selectors import (
            counts_from_dossiers,
            counts_from_rollups,
            indicators_compute,
        )
    except ImportError as error:
        return [], f"motcua.reporting has no rollups or indicator functions yet ({error})"
    from django.utils import timezone

    from motcua.dossiers.models import Dossier

    started = time.perf_counter()
    try:
        rollup_rows = rollups_rebuild()
    except Exception as error:  # another app's code, changing under a shared tree
        return [], f"rollups_rebuild failed: {type(error).__name__}: {str(error)[:200]}"
    rebuild_seconds = time.perf_counter() - started
    dossiers = Dossier.objects.count()
    latest = Dossier.objects.order_by("-received_at").values_list("received_at", flat=True).first()
    start, end = _quarter_before(timezone.localtime(latest).date())

    def rollups() -> dict:
        return counts_from_rollups(agency_ids=None, start=start, end=end)

    def raw() -> dict:
        return counts_from_dossiers(agency_ids=None, start=start, end=end)

    if rollups() != raw():
        raise AssertionError(f"indicators: rollups {rollups()} != raw dossiers {raw()}")
    calls = 5 if quick else 15
    mine, theirs = [], []
    for _ in range(calls):  # interleaved: drift hits both alike
        mine += _timed(rollups, 1)
        theirs += _timed(raw, 1)
    report = _timed(lambda: indicators_compute(scope=None, start=start, end=end), calls)
    common = {
        "kind": "dataset",
        "dossiers": dossiers,
        "calls": calls,
        "ratio_kind": "speed-up",
        "rollup_rows": rollup_rows,
        "rebuild_seconds": rebuild_seconds,
    }
    return [
        {
            **common,
            "name": "quarter_counts_rollups",
            "what": f"the quarterly report's counts for the whole province, {start:%d/%m}–"
            f"{end:%d/%m/%Y}, from the daily rollups (checked equal to the raw count)",
            "ms_median": statistics.median(mine),
            "ms_p95": _percentile(mine, 0.95),
            "queries": None,
            "reference": "the same counts from the raw dossiers",
            "reference_ms_median": statistics.median(theirs),
            "ratio": statistics.median(theirs) / statistics.median(mine),
        },
        {
            **common,
            "name": "indicators_766_quarter",
            "what": "every indicator in force (the 766 index) for the province and quarter,"
            " from the rollups",
            "ms_median": statistics.median(report),
            "ms_p95": _percentile(report, 0.95),
            "queries": None,
            "reference": "the raw quarterly counts alone (above)",
            "reference_ms_median": statistics.median(theirs),
            "ratio": statistics.median(theirs) / statistics.median(report),
        },
    ], None
