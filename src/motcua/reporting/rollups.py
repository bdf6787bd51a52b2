"""Daily rollups and running balances, kept up to date from dossier events and rebuildable.

Each dossier's contribution to the rollups is a function of its current state
(``dossier_contribution`` over ``DossierFacts``). When an event is written the contribution
is computed again and only the difference with the one stored last time is applied, in the
event's own transaction: a rolled-back action leaves the rollups untouched.
``rollups_rebuild`` sums the contributions of every dossier afresh with the same function,
so the two agree whenever every change to a dossier went through an event or a save.

Saves of a dossier, its components or results, of a payment attempt or a rating only mark
the dossier dirty on the connection (connections are per thread). The event refreshes the
dossier once and clears the mark, so an intake with several saves and one event costs one
refresh; a dossier still dirty when the transaction commits (the documents app recording
scans, a rating) is refreshed by one ``on_commit`` callback. A rolled-back save takes its
callback with it. Queryset updates (the national sync status) send no signal and reach the
rollups at the dossier's next refresh or at the next rebuild.

One refresh is seven queries whatever the number of rows it touches: lock the stored
contribution, read the facts (plus the clock pauses, for the few dossiers that have any),
one ``INSERT … ON CONFLICT DO UPDATE SET m = m + EXCLUDED.m`` for each of the daily rows,
the agency-day and agency-month rows and the balances, one upsert of the stored
contribution. The coarse agency rows make province and agency figures read a few rows per
agency, channel and month instead of one per procedure and day (``selectors._flows``).

Why running balances (``RollupBalance``): the stocks a report needs (dossiers open, overdue
and paused at the window's start and end) are sums of flows over all earlier days. Summing
the history made a quarter's figures cost as much as the whole table. The balance is the
sum of the stock flows of every daily row, future days included (an ``overdue_start`` is
dated the day after the due date), per competent agency and procedure, updated by the same
refresh. The stock at a window's end is the balance minus the flows dated after the end;
at its start, that minus the window's own flows. A report on a recent window (what pages,
the API and report cycles read) thus reads the window, the few months after it and a small
balance table; the cost of an old window grows with the time since, not with the history
before. Monthly cumulative snapshots were the alternative: they need a row per key and
month, and a back-dated change (a due date moved) rewrites every later month, while a
balance changes in one row.

Two facts come from other apps, read here and never the other way round: whether the
dossier's fee was paid online (a succeeded payment attempt through a provider other than
cash, from ``payments``) and its satisfaction rating (from ``feedback``).
"""

from __future__ import annotations

import datetime as dt
import json
import time
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from django.db import connection, transaction
from django.db.models import Exists, OuterRef, QuerySet, Subquery
from django.utils import timezone

import structlog

from motcua.dossiers.constants import (
    DigitisationStatus,
    DossierStatus,
    PaymentStatus,
    SyncStatus,
    Timeliness,
)
from motcua.dossiers.models import ClockPause, Dossier, DossierComponent, DossierResult
from motcua.feedback.models import DossierRating
from motcua.payments.constants import AttemptStatus
from motcua.payments.models import FeeRequest, PaymentAttempt

from .constants import FINISHING_METRICS, OFFLINE_PAYMENT_PROVIDERS, ROLLUP_METRICS
from .models import (
    AgencyDayRollup,
    AgencyMonthRollup,
    DailyRollup,
    DossierContribution,
    RollupBalance,
)

log = structlog.get_logger("motcua.reporting")

# (day, agency id, receiving agency id, procedure id, channel, metric)
Key = tuple[str, int, int, int, str, str]

_RESOLVED = {
    Timeliness.EARLY: "resolved_early",
    Timeliness.ON_TIME: "resolved_on_time",
    Timeliness.LATE: "resolved_late",
}


def _day(moment: dt.datetime | None) -> dt.date | None:
    return None if moment is None else timezone.localdate(moment)


def e_result_results():
    """Results that are electronic: with a stored file (the documents app's record)."""
    names = {f.name for f in DossierResult._meta.get_fields()}
    if "file" in names:  # the result points to its electronic file
        return DossierResult.objects.filter(file__isnull=False)
    return DossierResult.objects.filter(files__isnull=False)


def online_payments():
    """Attempts that paid a fee request online. A duplicate payment (the request was paid
    already, maybe in cash) is not the dossier's payment, so only ``succeeded`` counts."""
    return PaymentAttempt.objects.filter(status=AttemptStatus.SUCCEEDED).exclude(
        provider__in=OFFLINE_PAYMENT_PROVIDERS
    )


_FACT_FIELDS = (
    "pk",
    "received_at",
    "competent_agency_id",
    "receiving_agency_id",
    "procedure_version__procedure_id",
    "channel",
    "digitisation_status",
    "sync_status",
    "payment_status",
    "resolved_at",
    "timeliness",
    "status",
    "closed_at",
    "returned_at",
    "extended_at",
    "due_at",
    "has_reuse",
    "has_online_payment",
    "rated_at",
    "rated_satisfied",
    "has_e_result",
    "has_pauses",
)


@dataclass(slots=True)
class DossierFacts:
    """What a dossier's contribution depends on, read as plain values (no model instances),
    so one refresh and a rebuild of a million dossiers read it the same way."""

    pk: int
    received_at: dt.datetime | None
    competent_agency_id: int
    receiving_agency_id: int
    procedure_id: int
    channel: str
    digitisation_status: str
    sync_status: str
    payment_status: str
    resolved_at: dt.datetime | None
    timeliness: str
    status: str
    closed_at: dt.datetime | None
    returned_at: dt.datetime | None
    extended_at: dt.datetime | None
    due_at: dt.datetime | None
    has_reuse: bool
    has_online_payment: bool
    rated_at: dt.datetime | None
    rated_satisfied: bool | None
    has_e_result: bool
    has_pauses: bool
    pauses: list[tuple[dt.datetime | None, dt.datetime | None]] = field(default_factory=list)


def _annotated(dossiers: QuerySet[Dossier]) -> QuerySet[Dossier]:
    rating = DossierRating.objects.filter(dossier=OuterRef("pk"))
    return dossiers.annotate(
        has_e_result=Exists(e_result_results().filter(dossier=OuterRef("pk"))),
        has_reuse=Exists(DossierComponent.objects.filter(dossier=OuterRef("pk"), is_reused=True)),
        has_online_payment=Exists(online_payments().filter(request__dossier=OuterRef("pk"))),
        rated_at=Subquery(rating.values("rated_at")[:1]),
        rated_satisfied=Subquery(rating.values("level__counts_as_satisfied")[:1]),
        has_pauses=Exists(ClockPause.objects.filter(dossier=OuterRef("pk"))),
    )


def dossier_facts(dossiers: QuerySet[Dossier]) -> list[DossierFacts]:
    """The facts of these dossiers in one query, plus one for the clock pauses of those
    that have any (most have none, so a single refresh usually costs one query)."""
    facts = [DossierFacts(*row) for row in _annotated(dossiers).values_list(*_FACT_FIELDS)]
    paused = {f.pk: f for f in facts if f.has_pauses}
    if paused:
        for dossier_id, started, ended in (
            ClockPause.objects.filter(dossier_id__in=list(paused))
            .order_by("dossier_id", "pk")
            .values_list("dossier_id", "started_at", "ended_at")
        ):
            paused[dossier_id].pauses.append((started, ended))
    return facts


def _facts_of(dossier: Dossier) -> DossierFacts:
    """A loaded dossier (with the annotations of ``_annotated``) as facts."""
    return DossierFacts(
        pk=dossier.pk,
        received_at=dossier.received_at,
        competent_agency_id=dossier.competent_agency_id,
        receiving_agency_id=dossier.receiving_agency_id,
        procedure_id=dossier.procedure_version.procedure_id,
        channel=dossier.channel,
        digitisation_status=dossier.digitisation_status,
        sync_status=dossier.sync_status,
        payment_status=dossier.payment_status,
        resolved_at=dossier.resolved_at,
        timeliness=dossier.timeliness,
        status=dossier.status,
        closed_at=dossier.closed_at,
        returned_at=dossier.returned_at,
        extended_at=dossier.extended_at,
        due_at=dossier.due_at,
        has_reuse=dossier.has_reuse,
        has_online_payment=dossier.has_online_payment,
        rated_at=dossier.rated_at,
        rated_satisfied=dossier.rated_satisfied,
        has_e_result=dossier.has_e_result,
        has_pauses=True,
        pauses=[(p.started_at, p.ended_at) for p in dossier.clock_pauses.all()],
    )


def dossier_contribution(dossier: Dossier | DossierFacts) -> Counter[Key]:
    """What ``dossier`` adds to the rollups; empty until it is received (it has a code).

    The one definition of a contribution: the incremental refresh and the rebuild both
    call it, on facts read by ``dossier_facts``.
    """
    facts = dossier if isinstance(dossier, DossierFacts) else _facts_of(dossier)
    received_on = _day(facts.received_at)
    if received_on is None:
        return Counter()
    base = (
        facts.competent_agency_id,
        facts.receiving_agency_id,
        facts.procedure_id,
        facts.channel,
    )
    out: Counter[Key] = Counter()

    def add(day: dt.date | None, metric: str) -> None:
        if day is not None:
            out[(day.isoformat(), *base, metric)] += 1

    add(received_on, "received")
    if facts.digitisation_status == DigitisationStatus.DIGITISED:
        add(received_on, "received_digitised")
    if facts.has_reuse:
        add(received_on, "received_reused")
    if facts.sync_status == SyncStatus.SYNCED:
        add(received_on, "received_synced")
    if facts.payment_status != PaymentStatus.NONE:
        add(received_on, "received_fee")
        if facts.payment_status in (PaymentStatus.PAID, PaymentStatus.REFUNDED):
            add(received_on, "received_paid")
        # among the dossiers with a fee, as the 766 ratio's denominator is
        if facts.has_online_payment:
            add(received_on, "received_paid_online")
    # a rating keeps the day it was first given; a changed level moves "satisfied" only
    rated_on = _day(facts.rated_at)
    add(rated_on, "rated")
    if facts.rated_satisfied:
        add(rated_on, "satisfied")

    finished_on = None
    if facts.resolved_at is not None:
        finished_on = _day(facts.resolved_at)
        add(finished_on, _RESOLVED.get(facts.timeliness, "resolved_on_time"))
        if facts.has_e_result:
            add(finished_on, "resolved_e_result")
    elif facts.status in (DossierStatus.WITHDRAWN, DossierStatus.STOPPED):
        finished_on = _day(facts.closed_at)
        add(finished_on, facts.status)
    add(_day(facts.returned_at), "returned")
    add(_day(facts.extended_at), "apologised")

    due_on = _day(facts.due_at)
    if due_on is not None and (finished_on is None or finished_on > due_on):
        add(due_on + dt.timedelta(days=1), "overdue_start")
        if finished_on is not None:
            add(finished_on, "overdue_end")
    for started_at, ended_at in facts.pauses:
        add(_day(started_at), "pause_start")
        # a pause left open by a withdrawal ends, for counting, when the dossier does
        add(_day(ended_at) or finished_on, "pause_end")
    return out


def _to_rows(counter: Counter[Key]) -> list[list]:
    return sorted([*key, count] for key, count in counter.items() if count)


def _from_rows(rows: Iterable[list]) -> Counter[Key]:
    return Counter({tuple(row[:6]): row[6] for row in rows})


def _net(metrics: Mapping[str, int]) -> tuple[int, int, int]:
    """How flows move the three stocks: open dossiers, overdue ones, paused ones."""
    return (
        metrics.get("received", 0) - sum(metrics.get(m, 0) for m in FINISHING_METRICS),
        metrics.get("overdue_start", 0) - metrics.get("overdue_end", 0),
        metrics.get("pause_start", 0) - metrics.get("pause_end", 0),
    )


def _upsert_adding(model, keys: list[str], values: list[str], rows: list[tuple]) -> None:
    """One ``INSERT … ON CONFLICT (keys) DO UPDATE SET v = v + EXCLUDED.v`` for all rows
    (PostgreSQL, and SQLite from 3.24): a row is created or added to in one statement."""
    if not rows:
        return
    qn = connection.ops.quote_name
    table = qn(model._meta.db_table)
    placeholders = "(" + ", ".join(["%s"] * (len(keys) + len(values))) + ")"
    sql = (
        # identifiers from the model, quoted; every value is a parameter
        f"INSERT INTO {table} ({', '.join(qn(c) for c in (*keys, *values))}) "  # noqa: S608
        f"VALUES {', '.join([placeholders] * len(rows))} "
        f"ON CONFLICT ({', '.join(qn(c) for c in keys)}) DO UPDATE SET "
        + ", ".join(f"{qn(c)} = {table}.{qn(c)} + EXCLUDED.{qn(c)}" for c in values)
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [value for row in rows for value in row])


_DAILY_KEYS = ["day", "agency_id", "receiving_agency_id", "procedure_id", "channel"]
_BALANCE_KEYS = ["agency_id", "procedure_id"]
_BALANCE_VALUES = ["open_count", "overdue_count", "paused_count"]


def _apply(delta: Counter[Key]) -> None:
    """Add ``delta`` to the daily rows and to the balances, one statement each."""
    by_row: dict[tuple, dict[str, int]] = {}
    for (day, agency, receiving, procedure, channel, metric), count in delta.items():
        if count:
            by_row.setdefault((day, agency, receiving, procedure, channel), {})[metric] = count
    by_balance: dict[tuple[int, int], list[int]] = {}
    for (_on, agency, _receiving, procedure, _channel), changes in by_row.items():
        total = by_balance.setdefault((agency, procedure), [0, 0, 0])
        for i, value in enumerate(_net(changes)):
            total[i] += value
    coarse: dict[type, dict[tuple, dict[str, int]]] = {AgencyDayRollup: {}, AgencyMonthRollup: {}}
    for (day, agency, _receiving, _procedure, channel), changes in by_row.items():
        for model, key in (
            (AgencyDayRollup, (day, agency, channel)),
            (AgencyMonthRollup, (day[:8] + "01", agency, channel)),
        ):
            total = coarse[model].setdefault(key, {})
            for metric, count in changes.items():
                total[metric] = total.get(metric, 0) + count
    # sorted, so two refreshes lock shared rows in the same order
    for model, first in ((AgencyDayRollup, "day"), (AgencyMonthRollup, "month")):
        _upsert_adding(
            model,
            [first, "agency_id", "channel"],
            list(ROLLUP_METRICS),
            [
                (dt.date.fromisoformat(k[0]), *k[1:], *(v.get(m, 0) for m in ROLLUP_METRICS))
                for k, v in sorted(coarse[model].items())
                if any(v.values())
            ],
        )
    _upsert_adding(
        DailyRollup,
        _DAILY_KEYS,
        list(ROLLUP_METRICS),
        [
            (dt.date.fromisoformat(key[0]), *key[1:], *(changes.get(m, 0) for m in ROLLUP_METRICS))
            for key, changes in sorted(by_row.items())
        ],
    )
    _upsert_adding(
        RollupBalance,
        _BALANCE_KEYS,
        _BALANCE_VALUES,
        [(*key, *values) for key, values in sorted(by_balance.items()) if any(values)],
    )


def _refresh(dossier_id: int) -> None:
    stored = (
        DossierContribution.objects.select_for_update()
        .filter(dossier_id=dossier_id)
        .values_list("rows", flat=True)
        .first()
    )
    facts = dossier_facts(Dossier.objects.filter(pk=dossier_id))
    new = dossier_contribution(facts[0]) if facts else Counter()
    old = _from_rows(stored) if stored is not None else Counter()
    if new == old:
        return
    delta = Counter(new)
    delta.subtract(old)
    _apply(delta)
    if not facts:
        DossierContribution.objects.filter(dossier_id=dossier_id).delete()
        return
    DossierContribution.objects.bulk_create(
        [DossierContribution(dossier_id=dossier_id, rows=_to_rows(new))],
        update_conflicts=True,
        unique_fields=["dossier"],
        update_fields=["rows"],
    )


def rollup_refresh(dossier_id: int) -> None:
    """Bring the rollups in line with the dossier's current state (seven queries).

    Joins the caller's transaction when there is one (the event's), so a rollback takes
    the rollup change with it; no savepoint of its own, as the caller's block covers it.
    """
    if transaction.get_connection().in_atomic_block:
        _refresh(dossier_id)
    else:
        with transaction.atomic():
            _refresh(dossier_id)


class _Dirty:
    """Dossiers saved in the current transaction whose refresh is still owed."""

    def __init__(self) -> None:
        # dossier id -> the savepoints open when it was first marked
        self.ids: dict[int, tuple[str, ...]] = {}

    def flush(self) -> None:
        conn = transaction.get_connection()
        if getattr(conn, "_reporting_dirty", None) is self:
            conn._reporting_dirty = None
        for dossier_id in sorted(self.ids):
            rollup_refresh(dossier_id)
        self.ids.clear()


def _dirty(conn) -> _Dirty:
    """This connection's owed refreshes, registered once with ``on_commit``.

    Connections are per thread, so the set is too. If the transaction (or the savepoint)
    that registered the flush rolled back, Django dropped the callback, and every save
    marked since went with it: start afresh.
    """
    state = getattr(conn, "_reporting_dirty", None)
    if state is None or not any(func == state.flush for _sids, func, _robust in conn.run_on_commit):
        state = _Dirty()
        conn._reporting_dirty = state
        # robust: a failed refresh must not fail a committed action; the next refresh of
        # the dossier diffs against its stored contribution and catches up
        transaction.on_commit(state.flush, robust=True)
    return state


def rollup_mark_dirty(dossier_id: int) -> None:
    """Owe the dossier a refresh: at its event in this transaction, else after commit."""
    conn = transaction.get_connection()
    if not conn.in_atomic_block:  # autocommit: the save is already durable
        rollup_refresh(dossier_id)
        return
    _dirty(conn).ids.setdefault(dossier_id, tuple(conn.savepoint_ids))


def on_dossier_event(sender, event, **kwargs) -> None:
    """Inside the event's transaction: the refresh commits or rolls back with it."""
    rollup_refresh(event.dossier_id)
    conn = transaction.get_connection()
    state = getattr(conn, "_reporting_dirty", None)
    marked = state.ids.get(event.dossier_id) if state is not None else None
    here = tuple(conn.savepoint_ids)
    # only saves made inside the event's savepoint are covered by it for sure: a save from
    # an outer block would stay unrefreshed if this savepoint rolled back
    if marked is not None and marked[: len(here)] == here:
        del state.ids[event.dossier_id]
        if not state.ids:
            # its callback will find nothing to do; a save after this event registers anew,
            # so the owed refresh runs at the next commit reached (also a test's savepoint)
            conn._reporting_dirty = None


def on_dossier_saved(sender, instance, **kwargs) -> None:
    """A save of a dossier, its component or result only marks the dossier dirty.

    A save inside a transition is followed by its event, which refreshes once for all of
    them; a save outside one (the documents app recording scans) is refreshed after
    commit. Queryset ``update()`` calls (the national sync status) send no signal and
    reach the rollups at the next event or rebuild.
    """
    dossier_id = instance.pk if isinstance(instance, Dossier) else instance.dossier_id
    if dossier_id is not None:
        rollup_mark_dirty(dossier_id)


def on_payment_attempt_saved(sender, instance, **kwargs) -> None:
    """A payment booked, even when the dossier no longer waits for it (no dossier event)."""
    if instance.status == AttemptStatus.SUCCEEDED:
        dossier_id = (
            FeeRequest.objects.filter(pk=instance.request_id)
            .values_list("dossier_id", flat=True)
            .first()
        )
        if dossier_id is not None:
            rollup_mark_dirty(dossier_id)


def on_rating_saved(sender, instance, **kwargs) -> None:
    """A satisfaction rating given or changed: ratings write no dossier event."""
    rollup_mark_dirty(instance.dossier_id)


_STAGE = "reporting_rebuild_stage"


def _stage_create(cursor) -> None:
    cursor.execute(f"DROP TABLE IF EXISTS {_STAGE}")
    cursor.execute(
        f"CREATE TEMPORARY TABLE {_STAGE} (day date, agency_id integer,"
        " receiving_agency_id integer, procedure_id integer, channel varchar(20),"
        " month date, metric smallint, n integer)"
    )


class _Writer:
    """Rows into a table: COPY on PostgreSQL, batched INSERTs elsewhere."""

    def __init__(self, cursor, table: str, columns: list[str], batch: int = 5000) -> None:
        self.cursor, self.table, self.columns, self.batch = cursor, table, columns, batch
        self.rows: list[tuple] = []

    def add(self, row: tuple) -> None:
        self.rows.append(row)
        if len(self.rows) >= self.batch:
            self.flush()

    def flush(self) -> None:
        if not self.rows:
            return
        qn = connection.ops.quote_name
        names = ", ".join(qn(c) for c in self.columns)
        if connection.vendor == "postgresql":
            with self.cursor.cursor.copy(f"COPY {self.table} ({names}) FROM STDIN") as copy:
                for row in self.rows:
                    copy.write_row(row)
        else:
            marks = ", ".join(["%s"] * len(self.columns))
            self.cursor.executemany(
                f"INSERT INTO {self.table} ({names}) VALUES ({marks})",  # noqa: S608
                self.rows,
            )
        self.rows = []


def rollups_rebuild(*, batch: int = 10000) -> int:
    """Recompute every rollup row, balance and stored contribution; returns the rows.

    Set-based where it counts: the dossiers' facts are read in keyset chunks as plain
    values (``dossier_facts``, as a refresh reads them), each contribution comes from
    ``dossier_contribution`` (the same function as the incremental path, so the two cannot
    disagree), contributions and their flat counts are streamed into the database (COPY on
    PostgreSQL), and the daily rows and balances are summed there with ``GROUP BY``.
    Memory stays flat whatever the number of dossiers.
    """
    qn = connection.ops.quote_name
    daily, contributions, balances, agency_days, agency_months = (
        qn(m._meta.db_table)
        for m in (
            DailyRollup,
            DossierContribution,
            RollupBalance,
            AgencyDayRollup,
            AgencyMonthRollup,
        )
    )
    tables = (daily, contributions, balances, agency_days, agency_months)
    metric_index = {m: i for i, m in enumerate(ROLLUP_METRICS)}
    started = time.monotonic()
    dossiers = 0
    with transaction.atomic(), connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # foreign-key checks still deferred in the caller's transaction block a
            # TRUNCATE: run them now, then defer again as Django expects
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            cursor.execute(f"TRUNCATE {', '.join(tables)}")
            cursor.execute("SET CONSTRAINTS ALL DEFERRED")
        else:
            for table in tables:
                cursor.execute(f"DELETE FROM {table}")  # noqa: S608
        _stage_create(cursor)
        stage = _Writer(cursor, _STAGE, [*_DAILY_KEYS, "month", "metric", "n"])
        stored = _Writer(cursor, contributions, ["dossier_id", "rows"])
        last = 0
        while True:
            chunk = dossier_facts(
                Dossier.objects.filter(received_at__isnull=False, pk__gt=last).order_by("pk")[
                    :batch
                ]
            )
            if not chunk:
                break
            for facts in chunk:
                counter = dossier_contribution(facts)
                stored.add((facts.pk, json.dumps(_to_rows(counter))))
                for (day, agency, receiving, procedure, channel, metric), n in counter.items():
                    stage.add(
                        (
                            day,
                            agency,
                            receiving,
                            procedure,
                            channel,
                            day[:8] + "01",
                            metric_index[metric],
                            n,
                        )
                    )
            dossiers += len(chunk)
            last = chunk[-1].pk
            log.info("rollups_rebuild_progress", dossiers=dossiers)
        stage.flush()
        stored.flush()
        keys = ", ".join(qn(c) for c in _DAILY_KEYS)
        sums = ", ".join(
            f"SUM(CASE WHEN metric = {i} THEN n ELSE 0 END)" for i in range(len(ROLLUP_METRICS))
        )
        cursor.execute(
            f"INSERT INTO {daily} ({keys}, {', '.join(qn(m) for m in ROLLUP_METRICS)}) "  # noqa: S608
            f"SELECT {keys}, {sums} FROM {_STAGE} GROUP BY {keys}"
        )
        rows = cursor.rowcount
        metrics = ", ".join(qn(m) for m in ROLLUP_METRICS)
        cursor.execute(
            f"INSERT INTO {agency_months} (month, agency_id, channel, {metrics}) "  # noqa: S608
            f"SELECT month, agency_id, channel, {sums} FROM {_STAGE}"
            " GROUP BY month, agency_id, channel"
        )
        cursor.execute(f"DROP TABLE {_STAGE}")
        cursor.execute(
            f"INSERT INTO {agency_days} (day, agency_id, channel, {metrics}) "  # noqa: S608
            f"SELECT day, agency_id, channel, {', '.join(f'SUM({m})' for m in ROLLUP_METRICS)}"
            f" FROM {daily} GROUP BY day, agency_id, channel"
        )
        finishing = " - ".join(qn(m) for m in ("received", *FINISHING_METRICS))
        cursor.execute(
            f"INSERT INTO {balances} (agency_id, procedure_id, open_count, overdue_count,"  # noqa: S608
            " paused_count)"
            f"SELECT agency_id, procedure_id, SUM({finishing}),"
            f" SUM(overdue_start - overdue_end), SUM(pause_start - pause_end)"
            f" FROM {daily} GROUP BY agency_id, procedure_id"
        )
    log.info(
        "rollups_rebuilt",
        rows=rows,
        dossiers=dossiers,
        seconds=round(time.monotonic() - started, 1),
    )
    return rows
