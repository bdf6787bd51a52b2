"""The generated payments, ratings, feedback tickets, files and store entries follow the
rules of the apps that own them (payments, feedback, documents), and a seed fixes them.
"""

from __future__ import annotations

import hashlib
import json
from collections import Counter, defaultdict
from decimal import Decimal

from django.conf import settings
from django.db.models import Q
from django.utils import timezone

import pytest

from motcua.documents.constants import DigitisationState, StoreSource
from motcua.documents.models import ComponentDigitisation, StoredFile, StoreEntry
from motcua.documents.storage import document_storage
from motcua.dossiers import generation_extras
from motcua.dossiers.constants import Channel, DossierStatus, PaymentStatus
from motcua.dossiers.models import Dossier, DossierComponent
from motcua.feedback.constants import TicketEventKind, TicketStatus
from motcua.feedback.models import (
    DossierRating,
    FeedbackRule,
    RatingAnswer,
    RatingCriterion,
    Ticket,
    TicketEvent,
)
from motcua.feedback.workflow import HANDLED, TRANSITIONS, TicketAction
from motcua.payments.constants import AttemptStatus, FeeRequestStatus, LedgerKind
from motcua.payments.models import FeeLine, FeeRequest, LedgerEntry, PaymentAttempt
from motcua.reporting.models import DailyRollup
from motcua.workcalendar.selectors import work_calendar_get

from .test_generate_dataset import generate, province, wipe  # noqa: F401 - the fixture

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("province")]

ACTION_OF = {
    TicketEventKind.ASSIGNED: TicketAction.ASSIGN,
    TicketEventKind.TRANSFERRED: TicketAction.TRANSFER,
    TicketEventKind.ANSWERED: TicketAction.ANSWER,
    TicketEventKind.REJECTED: TicketAction.REJECT,
    TicketEventKind.PUBLISHED: TicketAction.PUBLISH,
}


@pytest.fixture
def many_tickets(monkeypatch):
    """Enough tickets in a small dataset to see every path of the workflow."""
    monkeypatch.setattr(generation_extras, "TICKETS_PER_THOUSAND", 150)


def test_fee_requests_balance_with_the_ledger():
    generate(seed=5)
    requests = list(FeeRequest.objects.select_related("dossier"))
    assert requests, "the demo catalogue has cases with fees"
    attempts = defaultdict(list)
    for attempt in PaymentAttempt.objects.all():
        attempts[attempt.request_id].append(attempt)
    entries = defaultdict(list)
    for entry in LedgerEntry.objects.all():
        entries[entry.request_id].append(entry)
    lines = defaultdict(list)
    for line in FeeLine.objects.all():
        lines[line.request_id].append(line)
    providers = Counter()
    declined_then_paid = 0
    for request in requests:
        assert request.dossier.code, "only received dossiers are asked to pay"
        charged = sum((line.charged for line in lines[request.pk]), Decimal(0))
        assert request.amount == charged
        succeeded = [a for a in attempts[request.pk] if a.status == AttemptStatus.SUCCEEDED]
        failed = [a for a in attempts[request.pk] if a.status == AttemptStatus.FAILED]
        balance = sum((e.amount for e in entries[request.pk]), Decimal(0))
        if request.status == FeeRequestStatus.PAID:
            assert len(succeeded) == 1
            (paid,) = succeeded
            (entry,) = entries[request.pk]
            assert entry.attempt_id == paid.pk and entry.kind == LedgerKind.PAYMENT
            assert balance == request.amount == paid.amount > 0
            assert entry.provider == paid.provider
            assert request.paid_at is not None and request.paid_at >= request.created_at
            assert paid.provider in settings.PAYMENTS_PROVIDERS
            if paid.provider == "cash":
                assert paid.receipt_number and paid.recorded_by_id
            providers[(request.dossier.channel, paid.provider)] += 1
            declined_then_paid += bool(failed)
            assert all(a.created_at < paid.created_at for a in failed)
        else:
            assert not succeeded and balance == 0 and request.paid_at is None
        if request.status == FeeRequestStatus.EXEMPT:
            assert request.amount == 0 and not attempts[request.pk]
            # Only an officer's exemption (with the reason): a nil fee asks for nothing.
            assert all(line.exempt and line.exemption_reason for line in lines[request.pk])
        # The dossier's payment track follows its requests.
        dossier = request.dossier
        if request.status == FeeRequestStatus.OPEN:
            assert dossier.payment_status == PaymentStatus.REQUESTED
        elif request.status == FeeRequestStatus.PAID:
            assert dossier.payment_status in (PaymentStatus.PAID, PaymentStatus.REQUESTED)
    assert not LedgerEntry.objects.filter(
        attempt__status__in=[AttemptStatus.FAILED, AttemptStatus.PENDING]
    ).exists()
    # Counters mostly take cash, online applicants mostly pay online.
    counter = {p: n for (c, p), n in providers.items() if c == Channel.COUNTER}
    online = {p: n for (c, p), n in providers.items() if c == Channel.ONLINE}
    assert counter.get("cash", 0) > sum(counter.values()) / 2
    assert online.get("cash", 0) < sum(online.values()) / 4
    assert declined_then_paid >= 1
    # No fee, no request; a dossier that was never received owes nothing.
    assert not Dossier.objects.filter(code=None).exclude(payment_status=PaymentStatus.NONE).exists()


def test_ratings_are_of_returned_dossiers_and_mostly_satisfied():
    generate(seed=5)
    ratings = list(DossierRating.objects.select_related("dossier", "level"))
    assert ratings
    required = set(RatingCriterion.objects.filter(is_required=True).values_list("pk", flat=True))
    answered = defaultdict(set)
    for answer in RatingAnswer.objects.all():
        answered[answer.rating_id].add(answer.criterion_id)
    rule = FeedbackRule.objects.order_by("valid_from").last()
    for rating in ratings:
        assert rating.dossier.status == DossierStatus.RETURNED
        assert rating.rated_at >= rating.dossier.returned_at
        assert (rating.changeable_until - rating.rated_at).days == rule.rating_change_days
        assert required <= answered[rating.pk]
        if rating.channel == "online":
            assert rating.rated_by_id == rating.dossier.owner_id
    satisfied = sum(r.level.counts_as_satisfied for r in ratings)
    assert satisfied / len(ratings) > 0.8
    returned = Dossier.objects.filter(status=DossierStatus.RETURNED).count()
    assert 0.1 < len(ratings) / returned < 0.5


def test_tickets_move_only_as_the_workflow_allows(many_tickets):
    generate(seed=5)
    tickets = list(Ticket.objects.all())
    assert len(tickets) > 20
    events = defaultdict(list)
    for event in TicketEvent.objects.order_by("at", "pk"):
        events[event.ticket_id].append(event)
    seen = Counter()
    for ticket in tickets:
        first, *rest = events[ticket.pk]
        assert first.kind == TicketEventKind.RECEIVED and first.to_status == TicketStatus.RECEIVED
        status, agency = TicketStatus.RECEIVED, first.agency_id
        calendar = work_calendar_get(agency_id=agency)
        rule = FeedbackRule.objects.filter(valid_from__lte=ticket.received_at.date()).first()
        assert ticket.due_at == calendar.due_at(
            ticket.received_at, rule.ticket_due_working_days, "working_days"
        )
        for event in rest:
            if event.kind == TicketEventKind.RATED:
                assert status in (TicketStatus.ANSWERED, TicketStatus.PUBLISHED)
                assert event.note == ticket.handling_rating
                continue
            allowed, leaves = TRANSITIONS[ACTION_OF[event.kind]]
            assert status in allowed and event.from_status == status
            assert event.to_status == leaves and event.agency_id == agency
            status = leaves
            if event.kind == TicketEventKind.TRANSFERRED:
                assert event.to_agency_id != agency
                agency = event.to_agency_id
            seen[event.kind] += 1
        assert ticket.status == status and ticket.agency_id == agency
        assert (ticket.handled_at is not None) == (status in HANDLED)
        assert bool(ticket.answer) == (status in (TicketStatus.ANSWERED, TicketStatus.PUBLISHED))
        if status == TicketStatus.PUBLISHED:
            assert ticket.publish_consent and ticket.published_at
        if status == TicketStatus.ASSIGNED:
            assert ticket.assignee_id
        assert ticket.code.startswith("PA-")
    assert {TicketEventKind.ASSIGNED, TicketEventKind.ANSWERED} <= set(seen)
    assert seen[TicketEventKind.PUBLISHED] >= 1
    now = timezone.now()
    overdue = [t for t in tickets if (t.handled_at or now) > t.due_at]
    assert overdue, "a few tickets are late"
    assert len(overdue) < len(tickets) / 3


def test_files_stores_and_reuse_are_consistent():
    generate(seed=5)
    files = list(StoredFile.objects.all())
    assert files
    storage = document_storage()
    for stored in files[:25]:  # the bytes behind the keys are the placeholder blobs
        with storage.open(stored.storage_key) as handle:
            data = handle.read()
        assert data.startswith(b"%PDF-") and hashlib.sha256(data).hexdigest() == stored.sha256
        assert len(data) == stored.size
    assert len({f.storage_key for f in files}) == len(files)
    components = {c.pk: c for c in DossierComponent.objects.select_related("dossier")}
    for stored in files:
        assert stored.dossier_component_id is None or stored.dossier_result_id is None
        if stored.dossier_component_id:
            component = components[stored.dossier_component_id]
            assert component.is_digitised and not component.is_reused
    for record in ComponentDigitisation.objects.all():
        component = components[record.dossier_component_id]
        assert component.dossier.channel in (Channel.COUNTER, Channel.POST)
        if record.state == DigitisationState.DIGITISED:
            assert component.is_digitised
            scans = [f for f in files if f.dossier_component_id == component.pk]
            assert [f.page_count for f in scans] == [record.paper_pages]
        else:
            assert not component.is_digitised and record.exemption_reason
    entries = {e.pk: e for e in StoreEntry.objects.all()}
    assert {e.source for e in entries.values()} >= {
        StoreSource.DIGITISED_COMPONENT,
        StoreSource.ELECTRONIC_RESULT,
    }
    for entry in entries.values():
        assert entry.source_component_id or entry.stored_file_id
        if entry.source_component_id:
            assert components[entry.source_component_id].dossier.owner_id == entry.owner_id
    reused = [c for c in components.values() if c.is_reused]
    assert reused
    for component in reused:
        assert component.reuse_source and component.reuse_consent and component.reused_at
        if component.reused_entry_id:
            entry = entries[component.reused_entry_id]
            assert entry.owner_id == component.dossier.owner_id
            assert component.reuse_source == entry.source
            assert entry.created_at <= component.reused_at
    assert any(c.reused_entry_id for c in reused)


def test_rollups_are_rebuilt():
    out = generate(seed=5)
    assert "Rollups rebuilt" in out
    received = Dossier.objects.exclude(received_at=None).count()
    assert sum(DailyRollup.objects.values_list("received", flat=True)) == received


def _extras_digest() -> str:
    """The other apps' generated rows, ids replaced by their rank, as one hash."""
    h = hashlib.sha256()
    for name, (model, columns) in generation_extras.TABLES.items():
        ids = {}
        for row in model.objects.order_by("pk").values_list(*columns):
            h.update(name.encode())
            values = list(row)
            if columns[0] == "id":
                ids[values[0]] = len(ids)
                values[0] = ids[values[0]]
            h.update(json.dumps([str(v) for v in values[1:]], sort_keys=True).encode())
    return h.hexdigest()


def test_same_seed_same_extras(many_tickets):
    generate(seed=5, dossiers=150)
    first = _extras_digest()
    counts = {name: m.objects.count() for name, (m, _) in generation_extras.TABLES.items()}
    assert all(counts.values()), counts
    wipe()
    generate(seed=5, dossiers=150)
    assert _extras_digest() == first
    wipe()
    generate(seed=6, dossiers=150)
    assert _extras_digest() != first


def test_without_file_bytes_the_rows_are_still_written(tmp_path, settings):
    from django.core.management import call_command

    settings.DOCUMENTS_ROOT = tmp_path / "empty"
    call_command(
        "generate_dataset", dossiers=60, seed=2, force=True, no_file_bytes=True, no_rollups=True
    )
    assert StoredFile.objects.exists()
    assert not (tmp_path / "empty").exists()
    assert not DailyRollup.objects.exists()
    assert not StoredFile.objects.filter(~Q(file_type="pdf")).exists()
