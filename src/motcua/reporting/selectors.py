"""Reads for indicators: counts over a window from the rollups, and the same from raw dossiers.

``counts_from_rollups`` is what pages, the API and reports use. ``counts_from_dossiers``
computes the same numbers straight from the dossier table; it exists for the equality
tests and the benchmark, never for pages.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import connection
from django.db.models import Exists, OuterRef, Q, QuerySet, Sum
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from motcua.agencies.models import AdministrativeUnit, Agency
from motcua.dossiers.constants import (
    Channel,
    DigitisationStatus,
    DossierStatus,
    PaymentStatus,
    SyncStatus,
    Timeliness,
)
from motcua.dossiers.deadlines import ONLINE_CHANNELS

from .constants import (
    FINISHING_METRICS,
    GROUP_MAX_POINTS,
    ROLLUP_METRICS,
    IndexGroup,
    ScopeKind,
)
from .formula import formula_evaluate, formula_names
from .models import AgencyDayRollup, AgencyMonthRollup, DailyRollup, Indicator, RollupBalance
from .rollups import e_result_results

# Names a formula may read that the system computes today.
KNOWN_NAMES = frozenset(
    {
        "received_total",
        "received_new",
        "received_online",
        "received_counter",
        "received_post",
        "carried_over",
        "resolved",
        "resolved_early",
        "resolved_on_time",
        "resolved_late",
        "in_progress",
        "in_progress_within",
        "in_progress_overdue",
        "paused",
        "withdrawn",
        "stopped",
        "returned",
        "apologised",
        "digitised",
        "reused",
        "synced",
        "fee_required",
        "paid",
        "paid_online",
        "e_result",
        "rated",
        "satisfied",
    }
    | {
        # phản ánh, kiến nghị (tickets), counted straight from the feedback app
        "feedback_due",
        "feedback_on_time",
        "feedback_rated",
        "feedback_satisfied",
    }
)
# The ticket names: not available when counting for one procedure or field (a ticket
# names an agency, not a procedure).
FEEDBACK_NAMES = frozenset(
    {"feedback_due", "feedback_on_time", "feedback_rated", "feedback_satisfied"}
)
# Names the 766 index needs whose source is not in motcua yet: formulas may use them and
# show "no data source yet" instead of a number.
AVAILABLE_NAMES = frozenset(
    {
        "procedures_published",
        "procedures_published_on_time",
        "procedures_updated_on_time",
        "procedures_complete",
        "digitised_shared",
        "population_data_used",
        "procedures_population_connected",
        "procedures_e_certified_copy",
    }
)


@dataclass(frozen=True)
class Scope:
    kind: ScopeKind
    label: str
    agency_ids: frozenset[int]
    key: str  # as written in a URL: "province:86", "agency:H61.11", "commune:29800"


class ScopeError(ValueError):
    pass


def _province_agencies(unit: AdministrativeUnit) -> QuerySet[Agency]:
    return Agency.objects.filter(Q(administrative_unit=unit) | Q(administrative_unit__parent=unit))


def scope_resolve(text: str) -> Scope:
    """``province:<unit code>``, ``agency:<agency code>`` or ``commune:<unit code>``."""
    kind, _sep, code = (text or "").partition(":")
    if kind == ScopeKind.AGENCY:
        agency = Agency.objects.filter(code=code).first()
        if agency is not None:
            return Scope(ScopeKind.AGENCY, agency.name, frozenset({agency.pk}), text)
    elif kind in (ScopeKind.PROVINCE, ScopeKind.COMMUNE):
        unit = AdministrativeUnit.objects.filter(code=code).first()
        if unit is not None and (kind == ScopeKind.COMMUNE) == (unit.parent_id is not None):
            agencies = (
                _province_agencies(unit)
                if kind == ScopeKind.PROVINCE
                else Agency.objects.filter(administrative_unit=unit)
            )
            return Scope(
                ScopeKind(kind), unit.name, frozenset(agencies.values_list("pk", flat=True)), text
            )
    raise ScopeError(
        _("Unknown scope: write province:<unit code>, agency:<code> or commune:<unit code>.")
    )


def year_start(day: dt.date) -> dt.date:
    """First day of the reporting year holding ``day``: 15/12 of the previous calendar year
    (Công văn 581/BNV-CCHC; a day from 15/12 on already belongs to the next year)."""
    start = dt.date(day.year - 1, 12, 15)
    return dt.date(day.year, 12, 15) if day >= dt.date(day.year, 12, 15) else start


def _derive(
    window: dict[str, int],
    carried: tuple[int, int, int],
    at_end: tuple[int, int, int],
    by_channel: dict[str, int],
) -> dict[str, int]:
    """Named counts from the window's sums and the stocks (open, overdue, paused) at its
    start and at its end."""
    in_progress, overdue, paused = at_end
    resolved = window["resolved_early"] + window["resolved_on_time"] + window["resolved_late"]
    online = sum(by_channel.get(c, 0) for c in ONLINE_CHANNELS)
    return {
        "received_new": window["received"],
        "received_online": online,
        "received_counter": by_channel.get(Channel.COUNTER, 0),
        "received_post": by_channel.get(Channel.POST, 0),
        "carried_over": carried[0],
        "received_total": window["received"] + carried[0],
        "resolved": resolved,
        "resolved_early": window["resolved_early"],
        "resolved_on_time": window["resolved_on_time"],
        "resolved_late": window["resolved_late"],
        "in_progress": in_progress,
        "in_progress_overdue": overdue,
        "in_progress_within": in_progress - overdue,
        "paused": paused,
        "withdrawn": window["withdrawn"],
        "stopped": window["stopped"],
        "returned": window["returned"],
        "apologised": window["apologised"],
        "digitised": window["received_digitised"],
        "reused": window["received_reused"],
        "synced": window["received_synced"],
        "fee_required": window["received_fee"],
        "paid": window["received_paid"],
        "paid_online": window["received_paid_online"],
        "e_result": window["resolved_e_result"],
        "rated": window["rated"],
        "satisfied": window["satisfied"],
    }


# the running balances' columns: dossiers open, overdue, paused
_STOCKS = ("open_count", "overdue_count", "paused_count")


def _month_ceil(day: dt.date) -> dt.date:
    """The first day of a month on or after ``day``."""
    if day.day == 1:
        return day
    return (day.replace(day=1) + dt.timedelta(days=32)).replace(day=1)


def _flows(
    agency_ids: frozenset[int] | None,
    procedure_id: int | frozenset[int] | None,
    start: dt.date,
    end: dt.date,
    by: tuple[str, ...],
) -> dict[tuple, tuple[dict[str, int], list[int]]]:
    """Per ``by`` key: the window's sums and the stock flows after it.

    Without a procedure, whole months come from ``AgencyMonthRollup`` and the days at the
    window's edges (and up to the end of the month after it) from ``AgencyDayRollup``: a
    quarter reads a few rows per agency and channel, whatever the number of dossiers. For
    one procedure or field, the daily rows by procedure (few per procedure).
    """
    after = end + dt.timedelta(days=1)
    if procedure_id is None:
        m_lo, m_hi, a_m = _month_ceil(start), after.replace(day=1), _month_ceil(after)
        edges = [(start, m_lo), (m_hi, after)] if m_lo < m_hi else [(start, after)]
        parts = [
            (AgencyMonthRollup, "month", [(m_lo, m_hi)], (a_m, None)),
            (AgencyDayRollup, "day", edges, (after, a_m)),
        ]
    else:
        parts = [(DailyRollup, "day", [(start, after)], (after, None))]
    out: dict[tuple, tuple[dict[str, int], list[int]]] = {}
    for model, column, window, later in parts:
        for row in _window_and_after_rows(
            model, column, window, later, agency_ids, procedure_id, by
        ):
            key, in_window, sums = tuple(row[: len(by)]), row[len(by)], row[len(by) + 1 :]
            found = {m: value or 0 for m, value in zip(ROLLUP_METRICS, sums, strict=True)}
            window_sums, tail = out.setdefault(key, (dict.fromkeys(ROLLUP_METRICS, 0), [0, 0, 0]))
            if in_window:
                for metric, value in found.items():
                    window_sums[metric] += value
            else:
                for i, value in enumerate(_net_flows(found)):
                    tail[i] += value
    return out


def _window_and_after_rows(
    model,
    column: str,
    window: list[tuple[dt.date, dt.date]],
    later: tuple[dt.date, dt.date | None],
    agency_ids: frozenset[int] | None,
    procedure_id: int | frozenset[int] | None,
    by: tuple[str, ...],
) -> list[tuple]:
    """Sums of every counter per ``by`` key, apart for the window's periods and for the
    periods after it (half-open ranges; ``None``: no end).

    Written as SQL: the ORM spent more time compiling two dozen filtered sums than the
    database spent answering them (about 15 ms against 1 ms for a quarter).
    """
    qn = connection.ops.quote_name
    col = qn(column)
    ranges, params = [], []
    for lo, hi in window:
        if lo < hi:
            ranges.append(f"({col} >= %s AND {col} < %s)")
            params += [lo, hi]
    in_window = " OR ".join(ranges) or "1 = 0"
    after_lo, after_hi = later
    if after_hi is None:
        after_sql, after_params = f"{col} >= %s", [after_lo]
    else:
        after_sql, after_params = f"({col} >= %s AND {col} < %s)", [after_lo, after_hi]
    where, where_params = [f"(({in_window}) OR {after_sql})"], [*params, *after_params]
    if agency_ids is not None:
        ids = sorted(agency_ids) or [0]
        where.append(f"agency_id IN ({', '.join(['%s'] * len(ids))})")
        where_params += ids
    if isinstance(procedure_id, frozenset):
        ids = sorted(procedure_id) or [0]
        where.append(f"procedure_id IN ({', '.join(['%s'] * len(ids))})")
        where_params += ids
    elif procedure_id is not None:
        where.append("procedure_id = %s")
        where_params.append(procedure_id)
    keys = ", ".join(qn(f) for f in by)
    bucket = f"CASE WHEN {in_window} THEN 1 ELSE 0 END"
    sql = (
        f"SELECT {keys}, {bucket} AS in_window, "  # noqa: S608 (identifiers only)
        + ", ".join(f"SUM({qn(m)})" for m in ROLLUP_METRICS)
        + f" FROM {qn(model._meta.db_table)} WHERE {' AND '.join(where)}"
        + f" GROUP BY {keys}, in_window"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [*params, *where_params])
        return cursor.fetchall()


def _stocks(
    window: dict[str, int], after: tuple[int, int, int], balance: tuple[int, int, int]
) -> tuple[tuple[int, int, int], tuple[int, int, int]]:
    """The stocks at the window's start and end from the running balance (every flow ever),
    the flows after the window and the window's own flows."""
    at_end = tuple(b - a for b, a in zip(balance, after, strict=True))
    carried = tuple(e - w for e, w in zip(at_end, _net_flows(window), strict=True))
    return carried, at_end


def _net_flows(sums: dict[str, int]) -> tuple[int, int, int]:
    return (
        sums["received"] - sum(sums[m] for m in FINISHING_METRICS),
        sums["overdue_start"] - sums["overdue_end"],
        sums["pause_start"] - sums["pause_end"],
    )


def rollups_in_scope(
    agency_ids: frozenset[int] | None,
    procedure_id: int | frozenset[int] | None = None,
    model=DailyRollup,
) -> QuerySet:
    rows = model.objects.all()
    if agency_ids is not None:
        rows = rows.filter(agency_id__in=agency_ids)
    if isinstance(procedure_id, frozenset):  # the procedures of a field (lĩnh vực)
        rows = rows.filter(procedure_id__in=procedure_id)
    elif procedure_id is not None:
        rows = rows.filter(procedure_id=procedure_id)
    return rows


def counts_from_rollups(
    *,
    agency_ids: frozenset[int] | None,
    start: dt.date,
    end: dt.date,
    procedure_id: int | frozenset[int] | None = None,
) -> dict[str, int]:
    """Biểu 06-style counts for dossiers of these competent agencies, ``start``..``end``.

    Three queries: months and edge days per agency and channel (window sums and later stock
    flows, see ``_flows``), and the running balances. The stocks at the window's start and
    end never sum the history before the window.
    """
    window = dict.fromkeys(ROLLUP_METRICS, 0)
    later = [0, 0, 0]
    by_channel: dict[str, int] = {}
    for (channel,), (sums, tail) in _flows(
        agency_ids, procedure_id, start, end, ("channel",)
    ).items():
        for metric, value in sums.items():
            window[metric] += value
        for i, value in enumerate(tail):
            later[i] += value
        by_channel[channel] = by_channel.get(channel, 0) + sums["received"]
    after = tuple(later)
    found = rollups_in_scope(agency_ids, procedure_id, RollupBalance).aggregate(
        **{s: Sum(s) for s in _STOCKS}
    )
    carried, at_end = _stocks(window, after, tuple(found[s] or 0 for s in _STOCKS))
    counts = _derive(window, carried, at_end, by_channel)
    if procedure_id is None:
        counts.update(feedback_counts(agency_ids=agency_ids, start=start, end=end))
    return counts


def _ticket_names(t) -> dict[str, int]:
    """The feedback app's ticket figures under the catalogue's names (as its
    ``indicator_counts`` names them; a test holds the two together)."""
    return {
        "feedback_due": t.answered + t.pending_overdue,
        "feedback_on_time": t.answered_on_time,
        "feedback_rated": t.answered,
        "feedback_satisfied": t.answered - t.not_satisfied,
    }


def _tickets_by_agency(agency_ids: frozenset[int] | None, start: dt.date, end: dt.date) -> list:
    """Ticket figures per agency for the window, straight from the feedback app.

    Not kept in the rollups, on purpose: a ticket has an agency but no procedure, channel
    or receiving centre (the rollups' dimensions), and "pending past its due moment" is a
    state at the window's end that changes with the clock, not with an event. The feedback
    app answers a window in one grouped query over tickets, which are few beside dossiers.
    """
    from motcua.feedback.selectors import ticket_counts

    tz = timezone.get_current_timezone()
    return ticket_counts(
        start=dt.datetime.combine(start, dt.time.min, tzinfo=tz),
        end=dt.datetime.combine(end + dt.timedelta(days=1), dt.time.min, tzinfo=tz),
        agency_ids=None if agency_ids is None else list(agency_ids),
    )


def feedback_counts(
    *, agency_ids: frozenset[int] | None, start: dt.date, end: dt.date
) -> dict[str, int]:
    """The 766 PAKN counts (``FEEDBACK_NAMES``) for these agencies over ``start``..``end``."""
    from motcua.feedback.selectors import ticket_counts_total

    return _ticket_names(ticket_counts_total(_tickets_by_agency(agency_ids, start, end)))


def counts_by_group(
    *,
    groups: dict[str, frozenset[int]],
    start: dt.date,
    end: dt.date,
    procedure_id: int | frozenset[int] | None = None,
) -> dict[str, dict[str, int]]:
    """Counts for several agency groups at once (ranking, drill-down) in three queries.

    Sums are taken per agency and added up per group before any ratio is formed, so a
    group's share is Σ numerators / Σ denominators, never an average of shares.
    """
    every = frozenset().union(*groups.values()) if groups else frozenset()
    zero_stock = (0, 0, 0)
    window: dict[int, dict[str, int]] = {}
    after: dict[int, tuple[int, int, int]] = {}
    channels: dict[int, dict[str, int]] = {}
    for (agency, channel), (sums, tail) in _flows(
        every, procedure_id, start, end, ("agency_id", "channel")
    ).items():
        total_sums = window.setdefault(agency, dict.fromkeys(ROLLUP_METRICS, 0))
        for metric, value in sums.items():
            total_sums[metric] += value
        after[agency] = tuple(
            a + t for a, t in zip(after.get(agency, zero_stock), tail, strict=True)
        )
        channels.setdefault(agency, {})[channel] = sums["received"]
    balance = {
        r["agency_id"]: tuple(r[s] or 0 for s in _STOCKS)
        for r in rollups_in_scope(every, procedure_id, RollupBalance)
        .values("agency_id")
        .annotate(**{s: Sum(s) for s in _STOCKS})
    }

    def total(ids: frozenset[int]) -> tuple[dict[str, int], tuple, tuple]:
        sums = dict.fromkeys(ROLLUP_METRICS, 0)
        later, running = [0, 0, 0], [0, 0, 0]
        for agency in ids & window.keys():
            for metric, value in window[agency].items():
                sums[metric] += value
        for agency in ids:
            for i in range(3):
                later[i] += after.get(agency, zero_stock)[i]
                running[i] += balance.get(agency, zero_stock)[i]
        return sums, tuple(later), tuple(running)

    tickets = (
        {t.agency_id: t for t in _tickets_by_agency(every, start, end)}
        if procedure_id is None
        else None
    )

    result = {}
    for key, ids in groups.items():
        by_channel: dict[str, int] = {}
        for agency in ids & channels.keys():
            for channel, n in channels[agency].items():
                by_channel[channel] = by_channel.get(channel, 0) + n
        sums, later, running = total(ids)
        carried, at_end = _stocks(sums, later, running)
        result[key] = _derive(sums, carried, at_end, by_channel)
        if tickets is not None:
            from motcua.feedback.selectors import ticket_counts_total

            result[key].update(
                _ticket_names(ticket_counts_total([tickets[a] for a in ids & tickets.keys()]))
            )
    return result


def monthly_trend(
    *,
    agency_ids: frozenset[int] | None,
    end: dt.date,
    months: int = 12,
    procedure_id: int | frozenset[int] | None = None,
) -> list[dict]:
    """Received and resolved per calendar month, the last ``months`` months up to ``end``."""
    from django.db.models.functions import TruncMonth

    first = dt.date(end.year, end.month, 1)
    for _step in range(months - 1):
        first = (first - dt.timedelta(days=1)).replace(day=1)
    found = {
        r["month"]: r
        for r in rollups_in_scope(agency_ids, procedure_id)
        .filter(day__gte=first, day__lte=end)
        .annotate(month=TruncMonth("day"))
        .values("month")
        .annotate(
            received=Sum("received"),
            early=Sum("resolved_early"),
            on_time=Sum("resolved_on_time"),
            late=Sum("resolved_late"),
        )
    }
    out, month = [], first
    while month <= end:
        row = found.get(month) or {}
        out.append(
            {
                "month": month,
                "received": row.get("received") or 0,
                "resolved": sum(row.get(k) or 0 for k in ("early", "on_time", "late")),
                "late": row.get("late") or 0,
            }
        )
        month = (month + dt.timedelta(days=32)).replace(day=1)
    return out


def scope_children(scope: Scope) -> list[Scope]:
    """One level down: a province's own agencies and its communes; a commune's agencies."""
    if scope.kind == ScopeKind.AGENCY:
        return []
    agencies = Agency.objects.filter(pk__in=scope.agency_ids).select_related("administrative_unit")
    children = []
    communes: dict[int, tuple[AdministrativeUnit, set[int]]] = {}
    for agency in agencies.order_by("name"):
        unit = agency.administrative_unit
        if scope.kind == ScopeKind.PROVINCE and unit.parent_id is not None:
            communes.setdefault(unit.pk, (unit, set()))[1].add(agency.pk)
        else:
            children.append(
                Scope(
                    ScopeKind.AGENCY, agency.name, frozenset({agency.pk}), f"agency:{agency.code}"
                )
            )
    for unit, ids in sorted(communes.values(), key=lambda item: item[0].name):
        children.append(Scope(ScopeKind.COMMUNE, unit.name, frozenset(ids), f"commune:{unit.code}"))
    return children


def dossiers_behind(
    *,
    agency_ids: frozenset[int] | None,
    start: dt.date,
    end: dt.date,
    procedure_id: int | frozenset[int] | None = None,
) -> dict[str, QuerySet]:
    """For each count, the dossiers it counts, read straight from the dossier table.

    The lists behind the dashboard's numbers and ``counts_from_dossiers`` both come from
    here, so what a number links to is what the equality tests checked.
    """
    from motcua.dossiers.models import ClockPause, Dossier, DossierComponent
    from motcua.feedback.models import DossierRating

    from .rollups import online_payments

    tz = timezone.get_current_timezone()

    def moment(day: dt.date) -> dt.datetime:
        return dt.datetime.combine(day, dt.time.min, tzinfo=tz)

    begin, stop = moment(start), moment(end + dt.timedelta(days=1))
    base = Dossier.objects.filter(received_at__isnull=False)
    if agency_ids is not None:
        base = base.filter(competent_agency_id__in=agency_ids)
    if isinstance(procedure_id, frozenset):
        base = base.filter(procedure_version__procedure_id__in=procedure_id)
    elif procedure_id is not None:
        base = base.filter(procedure_version__procedure_id=procedure_id)
    closing = [DossierStatus.WITHDRAWN, DossierStatus.STOPPED]

    def open_at(limit: dt.datetime) -> Q:
        finished = Q(resolved_at__lt=limit) | Q(
            resolved_at__isnull=True, status__in=closing, closed_at__lt=limit
        )
        return Q(received_at__lt=limit) & ~finished

    new_q = Q(received_at__gte=begin, received_at__lt=stop)
    new = base.filter(new_q)
    resolved = base.filter(resolved_at__gte=begin, resolved_at__lt=stop)
    closed = base.filter(resolved_at__isnull=True, closed_at__gte=begin, closed_at__lt=stop)
    in_progress = base.filter(open_at(stop))
    # overdue by date, as the 766 index compares: the due date is before the cut-off day
    overdue_q = Q(due_at__lt=moment(end))
    # a rating counts on the day it was first given (feedback.selectors agrees)
    ratings = DossierRating.objects.filter(rated_at__gte=begin, rated_at__lt=stop)
    paused_q = Exists(
        ClockPause.objects.filter(dossier=OuterRef("pk"), started_at__lt=stop).filter(
            Q(ended_at__isnull=True) | Q(ended_at__gte=stop)
        )
    )
    return {
        "received_new": new,
        "received_online": new.filter(channel__in=list(ONLINE_CHANNELS)),
        "received_counter": new.filter(channel=Channel.COUNTER),
        "received_post": new.filter(channel=Channel.POST),
        "carried_over": base.filter(open_at(begin)),
        "received_total": base.filter(new_q | open_at(begin)),
        "resolved": resolved,
        "resolved_early": resolved.filter(timeliness=Timeliness.EARLY),
        # a resolution without timeliness is counted on time, as the rollups do
        "resolved_on_time": resolved.exclude(timeliness__in=[Timeliness.EARLY, Timeliness.LATE]),
        "resolved_late": resolved.filter(timeliness=Timeliness.LATE),
        "in_progress": in_progress,
        "in_progress_overdue": in_progress.filter(overdue_q),
        "in_progress_within": in_progress.exclude(overdue_q),
        "paused": in_progress.filter(paused_q),
        "withdrawn": closed.filter(status=DossierStatus.WITHDRAWN),
        "stopped": closed.filter(status=DossierStatus.STOPPED),
        "returned": base.filter(returned_at__gte=begin, returned_at__lt=stop),
        "apologised": base.filter(extended_at__gte=begin, extended_at__lt=stop),
        "digitised": new.filter(digitisation_status=DigitisationStatus.DIGITISED),
        "reused": new.filter(
            Exists(DossierComponent.objects.filter(dossier=OuterRef("pk"), is_reused=True))
        ),
        "synced": new.filter(sync_status=SyncStatus.SYNCED),
        "fee_required": new.exclude(payment_status=PaymentStatus.NONE),
        "paid": new.filter(payment_status__in=[PaymentStatus.PAID, PaymentStatus.REFUNDED]),
        "paid_online": new.exclude(payment_status=PaymentStatus.NONE).filter(
            pk__in=online_payments().values("request__dossier_id")
        ),
        "e_result": resolved.filter(pk__in=e_result_results().values("dossier_id")),
        "rated": base.filter(pk__in=ratings.values("dossier_id")),
        "satisfied": base.filter(
            pk__in=ratings.filter(level__counts_as_satisfied=True).values("dossier_id")
        ),
    }


def counts_from_dossiers(
    *,
    agency_ids: frozenset[int] | None,
    start: dt.date,
    end: dt.date,
    procedure_id: int | frozenset[int] | None = None,
) -> dict[str, int]:
    """The same counts straight from the dossiers (slow; for tests and the benchmark)."""
    sets = dossiers_behind(agency_ids=agency_ids, start=start, end=end, procedure_id=procedure_id)
    counts = {name: rows.count() for name, rows in sets.items()}
    if procedure_id is None:
        counts.update(feedback_counts(agency_ids=agency_ids, start=start, end=end))
    return counts


@dataclass
class IndicatorValue:
    indicator: Indicator
    value: Decimal | None  # a ratio as a fraction (0.9851), a count as a whole number
    points: Decimal | None
    missing_sources: list[str] = field(default_factory=list)

    @property
    def has_source(self) -> bool:
        return not self.missing_sources

    @property
    def is_percent(self) -> bool:
        return self.indicator.unit == "%"


def indicators_in_force(on: dt.date) -> list[Indicator]:
    """For each code, the latest version whose effective date is on or before ``on``."""
    chosen: dict[str, Indicator] = {}
    for indicator in Indicator.objects.filter(effective_from__lte=on).order_by(
        "code", "-effective_from", "-version"
    ):
        chosen.setdefault(indicator.code, indicator)
    return sorted(chosen.values(), key=lambda i: (i.position, i.code))


def _points(indicator: Indicator, value: Decimal | None) -> Decimal | None:
    if indicator.weight is None:
        return None
    if value is None:
        return indicator.weight if indicator.full_points_when_empty else None
    target = indicator.target or Decimal(1)
    share = min(max(value / target, Decimal(0)), Decimal(1))
    return (indicator.weight * share).quantize(Decimal("0.01"))


@dataclass
class IndicatorReport:
    scope: Scope | None
    start: dt.date
    end: dt.date
    counts: dict[str, int]
    values: list[IndicatorValue]

    def groups(self) -> list[dict]:
        out = []
        for group in IndexGroup:
            members = [v for v in self.values if v.indicator.group == group]
            computed = [v for v in members if v.points is not None]
            out.append(
                {
                    "group": group,
                    "max_points": GROUP_MAX_POINTS[group],
                    "points": sum((v.points for v in computed), Decimal(0)),
                    "computable_points": sum((v.indicator.weight for v in computed), Decimal(0)),
                    "complete": len(computed) == len(members),
                    "values": members,
                }
            )
        return out

    @property
    def index_points(self) -> Decimal:
        return sum((g["points"] for g in self.groups()), Decimal(0))

    @property
    def computable_points(self) -> Decimal:
        return sum((g["computable_points"] for g in self.groups()), Decimal(0))


def indicators_compute(
    *,
    scope: Scope | None,
    start: dt.date,
    end: dt.date,
    procedure_id: int | frozenset[int] | None = None,
) -> IndicatorReport:
    """Every indicator in force at ``end`` for ``scope`` (None: everything) over the window.

    Cumulative indicators run from the start of the reporting year (15/12) to ``end``.
    """
    agency_ids = scope.agency_ids if scope is not None else None
    window = counts_from_rollups(
        agency_ids=agency_ids, start=start, end=end, procedure_id=procedure_id
    )
    cumulative_start = year_start(end)
    cumulative = (
        window
        if cumulative_start == start
        else counts_from_rollups(
            agency_ids=agency_ids, start=cumulative_start, end=end, procedure_id=procedure_id
        )
    )
    return IndicatorReport(
        scope, start, end, window, indicator_values(indicators_in_force(end), window, cumulative)
    )


def indicator_values(
    indicators: list[Indicator], window: dict[str, int], cumulative: dict[str, int] | None = None
) -> list[IndicatorValue]:
    """Evaluate each indicator on the counts of its kind; names without a source say so."""
    values = []
    for indicator in indicators:
        counts = cumulative if indicator.kind == "cumulative" and cumulative else window
        # a known name can still be absent: ticket counts when one procedure is counted
        missing = sorted(n for n in formula_names(indicator.formula) if n not in counts)
        value = None if missing else formula_evaluate(indicator.formula, counts)
        points = None if missing else _points(indicator, value)
        values.append(IndicatorValue(indicator, value, points, missing))
    return values
