"""Daily rollups, kept up to date from dossier events and rebuildable from scratch.

Each dossier's contribution to the rollups is a function of its current state
(``dossier_contribution``). When an event is written the contribution is computed again
and only the difference with the one stored last time is applied, in the event's own
transaction: a rolled-back action leaves the rollups untouched. ``rollups_rebuild`` sums
the contributions of every dossier afresh, so the two agree whenever every change to a
dossier went through an event. Saves of a dossier, its components or results outside an
event (the documents app recording scans or attaching an electronic result) are caught
by ``post_save`` receivers; queryset updates (the national sync status) reach the
rollups at the dossier's next event or at the next rebuild.

Two facts come from other apps, read here and never the other way round: whether the
dossier's fee was paid online (a succeeded payment attempt through a provider other than
cash, from ``payments``) and its satisfaction rating (from ``feedback``). Saves of an
attempt or a rating refresh the dossier's contribution like any other save.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable

from django.db import transaction
from django.db.models import Exists, F, OuterRef, Prefetch, Subquery
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

from .constants import OFFLINE_PAYMENT_PROVIDERS, ROLLUP_METRICS
from .models import DailyRollup, DossierContribution

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


def _dossiers():
    """Dossiers with what their contribution needs, in as few queries as possible."""
    return (
        Dossier.objects.select_related("procedure_version")
        .annotate(
            has_e_result=Exists(e_result_results().filter(dossier=OuterRef("pk"))),
            has_reuse=Exists(
                DossierComponent.objects.filter(dossier=OuterRef("pk"), is_reused=True)
            ),
            has_online_payment=Exists(online_payments().filter(request__dossier=OuterRef("pk"))),
            rated_at=Subquery(
                DossierRating.objects.filter(dossier=OuterRef("pk")).values("rated_at")[:1]
            ),
            rated_satisfied=Subquery(
                DossierRating.objects.filter(dossier=OuterRef("pk")).values(
                    "level__counts_as_satisfied"
                )[:1]
            ),
        )
        .prefetch_related(
            Prefetch(
                "clock_pauses",
                queryset=ClockPause.objects.only("dossier_id", "started_at", "ended_at"),
            )
        )
    )


def dossier_contribution(dossier: Dossier) -> Counter[Key]:
    """What ``dossier`` adds to the rollups; empty until it is received (it has a code)."""
    received_on = _day(dossier.received_at)
    if received_on is None:
        return Counter()
    base = (
        dossier.competent_agency_id,
        dossier.receiving_agency_id,
        dossier.procedure_version.procedure_id,
        dossier.channel,
    )
    out: Counter[Key] = Counter()

    def add(day: dt.date | None, metric: str) -> None:
        if day is not None:
            out[(day.isoformat(), *base, metric)] += 1

    add(received_on, "received")
    if dossier.digitisation_status == DigitisationStatus.DIGITISED:
        add(received_on, "received_digitised")
    if dossier.has_reuse:
        add(received_on, "received_reused")
    if dossier.sync_status == SyncStatus.SYNCED:
        add(received_on, "received_synced")
    if dossier.payment_status != PaymentStatus.NONE:
        add(received_on, "received_fee")
        if dossier.payment_status in (PaymentStatus.PAID, PaymentStatus.REFUNDED):
            add(received_on, "received_paid")
        # among the dossiers with a fee, as the 766 ratio's denominator is
        if dossier.has_online_payment:
            add(received_on, "received_paid_online")
    # a rating keeps the day it was first given; a changed level moves "satisfied" only
    rated_on = _day(dossier.rated_at)
    add(rated_on, "rated")
    if dossier.rated_satisfied:
        add(rated_on, "satisfied")

    finished_on = None
    if dossier.resolved_at is not None:
        finished_on = _day(dossier.resolved_at)
        add(finished_on, _RESOLVED.get(dossier.timeliness, "resolved_on_time"))
        if dossier.has_e_result:
            add(finished_on, "resolved_e_result")
    elif dossier.status in (DossierStatus.WITHDRAWN, DossierStatus.STOPPED):
        finished_on = _day(dossier.closed_at)
        add(finished_on, dossier.status)
    add(_day(dossier.returned_at), "returned")
    add(_day(dossier.extended_at), "apologised")

    due_on = _day(dossier.due_at)
    if due_on is not None and (finished_on is None or finished_on > due_on):
        add(due_on + dt.timedelta(days=1), "overdue_start")
        if finished_on is not None:
            add(finished_on, "overdue_end")
    for pause in dossier.clock_pauses.all():
        add(_day(pause.started_at), "pause_start")
        # a pause left open by a withdrawal ends, for counting, when the dossier does
        add(_day(pause.ended_at) or finished_on, "pause_end")
    return out


def _to_rows(counter: Counter[Key]) -> list[list]:
    return sorted([*key, count] for key, count in counter.items() if count)


def _from_rows(rows: Iterable[list]) -> Counter[Key]:
    return Counter({tuple(row[:6]): row[6] for row in rows})


def _apply(delta: Counter[Key]) -> None:
    by_row: dict[tuple, dict[str, int]] = {}
    for (day, agency, receiving, procedure, channel, metric), count in delta.items():
        if count:
            by_row.setdefault((day, agency, receiving, procedure, channel), {})[metric] = count
    for (day, agency, receiving, procedure, channel), changes in sorted(by_row.items()):
        row, _created = DailyRollup.objects.get_or_create(
            day=dt.date.fromisoformat(day),
            agency_id=agency,
            receiving_agency_id=receiving,
            procedure_id=procedure,
            channel=channel,
        )
        DailyRollup.objects.filter(pk=row.pk).update(
            **{metric: F(metric) + count for metric, count in changes.items()}
        )


@transaction.atomic
def rollup_refresh(dossier_id: int) -> None:
    """Bring the rollups in line with the dossier's current state.

    Joins the caller's transaction when there is one (the event's), so a rollback takes
    the rollup change with it.
    """
    dossier = _dossiers().filter(pk=dossier_id).first()
    new = dossier_contribution(dossier) if dossier is not None else Counter()
    stored = DossierContribution.objects.select_for_update().filter(dossier_id=dossier_id).first()
    old = _from_rows(stored.rows) if stored is not None else Counter()
    if new == old:
        return
    delta = Counter(new)
    delta.subtract(old)
    _apply(delta)
    if stored is None:
        DossierContribution.objects.create(dossier_id=dossier_id, rows=_to_rows(new))
    else:
        stored.rows = _to_rows(new)
        stored.save(update_fields=["rows"])


def on_dossier_event(sender, event, **kwargs) -> None:
    rollup_refresh(event.dossier_id)


def on_dossier_saved(sender, instance, **kwargs) -> None:
    """Saves outside an event: the documents app recording scans or an electronic result.

    A save inside a transition is followed by its event, whose refresh then finds nothing
    left to apply. Queryset ``update()`` calls (the national sync status) send no signal
    and reach the rollups at the next event or rebuild.
    """
    dossier_id = instance.pk if isinstance(instance, Dossier) else instance.dossier_id
    if dossier_id is not None:
        rollup_refresh(dossier_id)


def on_payment_attempt_saved(sender, instance, **kwargs) -> None:
    """A payment booked, even when the dossier no longer waits for it (no dossier event)."""
    if instance.status == AttemptStatus.SUCCEEDED:
        dossier_id = (
            FeeRequest.objects.filter(pk=instance.request_id)
            .values_list("dossier_id", flat=True)
            .first()
        )
        if dossier_id is not None:
            rollup_refresh(dossier_id)


def on_rating_saved(sender, instance, **kwargs) -> None:
    """A satisfaction rating given or changed: ratings write no dossier event."""
    rollup_refresh(instance.dossier_id)


def rollups_rebuild(*, batch: int = 2000) -> int:
    """Recompute every rollup row and stored contribution from the dossiers; returns rows."""
    with transaction.atomic():
        DailyRollup.objects.all().delete()
        DossierContribution.objects.all().delete()
        totals: dict[tuple, Counter[str]] = {}
        contributions = []
        for dossier in (
            _dossiers().filter(received_at__isnull=False).order_by("pk").iterator(chunk_size=batch)
        ):
            counter = dossier_contribution(dossier)
            contributions.append(DossierContribution(dossier_id=dossier.pk, rows=_to_rows(counter)))
            for (day, *dims, metric), count in counter.items():
                totals.setdefault((day, *dims), Counter())[metric] += count
            if len(contributions) >= batch:
                DossierContribution.objects.bulk_create(contributions)
                contributions = []
        DossierContribution.objects.bulk_create(contributions)
        DailyRollup.objects.bulk_create(
            (
                DailyRollup(
                    day=dt.date.fromisoformat(day),
                    agency_id=agency,
                    receiving_agency_id=receiving,
                    procedure_id=procedure,
                    channel=channel,
                    **{m: metrics.get(m, 0) for m in ROLLUP_METRICS},
                )
                for (day, agency, receiving, procedure, channel), metrics in totals.items()
            ),
            batch_size=batch,
        )
    log.info("rollups_rebuilt", rows=len(totals))
    return len(totals)
