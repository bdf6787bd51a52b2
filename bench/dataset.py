"""Benchmarks on the generated dataset, in process: queries of the back office and reports.

Each scenario is timed call by call, alternately with a reference that returns the same
rows (or the same numbers) the simplest way, in the same run:

- lists and the detail page: the reference fetches the very rows the scenario returned by
  primary key, with the same joins. The ratio is what *finding* the rows costs on top of
  reading them; it stays near 1 while the indexes carry the query, and grows with the
  data when they do not.
- the indicator: the reference counts in Python over the rows of the month; both must
  give the same numbers, and the speed-up is the database's.

The same lists and the detail page also run through the REST API behind gunicorn
(``run.py``); here they are measured without HTTP and serialisation, next to their floor.
"""

from __future__ import annotations

import datetime as dt
import statistics
import time
from collections import Counter
from collections.abc import Callable

from django.db import connection
from django.db.models import Count, Q
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

PAGE = 50


def _percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(q * (len(ordered) - 1))))]


def _ms(fn: Callable[[], object]) -> float:
    started = time.perf_counter()
    fn()
    return (time.perf_counter() - started) * 1000


def _queries(fn: Callable[[], object]) -> int:
    with CaptureQueriesContext(connection) as captured:
        fn()
    return len(captured.captured_queries)


def _measure(
    name: str,
    what: str,
    scenario: Callable[[], object],
    reference: Callable[[], object],
    reference_what: str,
    *,
    calls: int,
    speedup: bool = False,
) -> dict:
    scenario()  # warm the caches the same way for both
    reference()
    mine, theirs = [], []
    for _ in range(calls):  # interleaved: drift hits both alike
        mine.append(_ms(scenario))
        theirs.append(_ms(reference))
    median, ref_median = statistics.median(mine), statistics.median(theirs)
    return {
        "kind": "dataset",
        "name": name,
        "what": what,
        "calls": calls,
        "ms_median": median,
        "ms_p95": _percentile(mine, 0.95),
        "queries": _queries(scenario),
        "reference": reference_what,
        "reference_ms_median": ref_median,
        # Lists: how many times the floor (≥ 1, lower is better). Indicator: speed-up.
        "ratio": (ref_median / median) if speedup else (median / ref_median),
        "ratio_kind": "speed-up" if speedup else "× reference",
    }


def run(*, quick: bool) -> list[dict]:
    from motcua.accounts.models import User
    from motcua.dossiers.constants import DossierStatus, Timeliness
    from motcua.dossiers.models import Dossier, DossierEvent
    from motcua.dossiers.selectors import (
        dossier_list_for_user,
        dossier_steps,
        dossier_timeline,
        dossiers_due_soon,
        dossiers_overdue,
    )
    from motcua.dossiers.workflow import WORKING

    calls = 15 if quick else 40
    latest = Dossier.objects.order_by("-updated_at").values_list("updated_at", flat=True).first()
    if latest is None:
        raise RuntimeError("No dossier: generate a dataset first (manage.py generate_dataset).")
    # "Now" is the end of the generated period, so that overdue and due soon mean something.
    now = latest
    busiest = (
        Dossier.objects.filter(status__in=WORKING)
        .values("current_agency_id")
        .annotate(n=Count("pk"))
        .order_by("-n", "current_agency_id")
        .first()
    )
    agency_id = busiest["current_agency_id"] if busiest else None
    joins = ("procedure_version__procedure", "receiving_agency", "current_agency", "assignee")

    def by_pk(rows: list) -> Callable[[], object]:
        ids = [row.pk for row in rows]
        return lambda: list(Dossier.objects.filter(pk__in=ids).select_related(*joins))

    rows = []

    def overdue() -> list:
        return list(dossiers_overdue(now=now, agency_id=agency_id).select_related(*joins)[:PAGE])

    rows.append(
        _measure(
            "queue_overdue",
            "overdue dossiers of the busiest agency, most overdue first, one page of 50",
            overdue,
            by_pk(overdue()),
            "the same rows by primary key",
            calls=calls,
        )
    )

    def due_soon() -> list:
        return list(dossiers_due_soon(now=now, agency_id=agency_id).select_related(*joins)[:PAGE])

    rows.append(
        _measure(
            "queue_due_soon",
            "dossiers of the busiest agency due within a working day, one page",
            due_soon,
            by_pk(due_soon() or overdue()),
            "the same rows by primary key",
            calls=calls,
        )
    )

    officer = User.objects.filter(username="gen.h61.01.01.tn1").first() or (
        User.objects.filter(username__startswith="gen.", roles__role="counter_officer")
        .order_by("username")
        .first()
    )

    def staff_list() -> list:
        return list(dossier_list_for_user(officer, now=now)[:PAGE])

    rows.append(
        _measure(
            "staff_list",
            "a counter officer's dossier list (all states, newest first), first page",
            staff_list,
            by_pk(staff_list()),
            "the same rows by primary key",
            calls=calls,
        )
    )

    def staff_list_processing() -> list:
        return list(dossier_list_for_user(officer, status=DossierStatus.PROCESSING, now=now)[:PAGE])

    rows.append(
        _measure(
            "staff_list_processing",
            "the same list filtered to dossiers in processing",
            staff_list_processing,
            by_pk(staff_list_processing() or staff_list()),
            "the same rows by primary key",
            calls=calls,
        )
    )

    # The detail page of a returned liên thông dossier: the longest timelines.
    busy_id = (
        DossierEvent.objects.filter(dossier__status=DossierStatus.RETURNED)
        .values("dossier_id")
        .annotate(n=Count("pk"))
        .order_by("-n", "dossier_id")
        .values_list("dossier_id", flat=True)
        .first()
    )

    def detail() -> tuple:
        d = Dossier.objects.select_related(
            "case", "receiving_agency", "competent_agency", "current_agency", "owner"
        ).get(pk=busy_id)
        return (
            d,
            list(dossier_steps(d)),
            list(dossier_timeline(d)),
            list(d.components.select_related("component")),
            list(d.results.all()),
        )

    rows.append(
        _measure(
            "dossier_detail",
            "one dossier with its steps, components, results and timeline",
            detail,
            lambda: Dossier.objects.get(pk=busy_id),
            "the dossier row alone",
            calls=calls,
        )
    )

    # Indicator: received and resolved on time per agency, the last full month.
    first_of_month = timezone.localtime(now).date().replace(day=1)
    start_day = (first_of_month - dt.timedelta(days=1)).replace(day=1)
    start = timezone.make_aware(dt.datetime.combine(start_day, dt.time()))
    end = timezone.make_aware(dt.datetime.combine(first_of_month, dt.time()))
    good = [Timeliness.EARLY, Timeliness.ON_TIME]

    def indicator() -> tuple:
        received = dict(
            Dossier.objects.filter(received_at__gte=start, received_at__lt=end)
            .values("receiving_agency_id")
            .annotate(n=Count("pk"))
            .values_list("receiving_agency_id", "n")
        )
        resolved = {
            row[0]: (row[1], row[2])
            for row in Dossier.objects.filter(resolved_at__gte=start, resolved_at__lt=end)
            .values("competent_agency_id")
            .annotate(n=Count("pk"), on_time=Count("pk", filter=Q(timeliness__in=good)))
            .values_list("competent_agency_id", "n", "on_time")
        }
        return received, resolved

    def indicator_naive() -> tuple:
        received: Counter = Counter()
        resolved: dict = {}
        for rec_agency, competent, received_at, resolved_at, timeliness in Dossier.objects.filter(
            Q(received_at__gte=start, received_at__lt=end)
            | Q(resolved_at__gte=start, resolved_at__lt=end)
        ).values_list(
            "receiving_agency_id", "competent_agency_id", "received_at", "resolved_at", "timeliness"
        ):
            if received_at is not None and start <= received_at < end:
                received[rec_agency] += 1
            if resolved_at is not None and start <= resolved_at < end:
                n, on_time = resolved.get(competent, (0, 0))
                resolved[competent] = (n + 1, on_time + (timeliness in good))
        return dict(received), resolved

    if indicator() != indicator_naive():
        raise AssertionError("indicator: the SQL and the naive counts differ")
    rows.append(
        _measure(
            "indicator_month",
            f"received, resolved and on time per agency for {start_day:%m/%Y} (SQL aggregates)",
            indicator,
            indicator_naive,
            "the same counts in Python over the month's rows",
            calls=max(5, calls // 4),
            speedup=True,
        )
    )
    return rows
