"""Fee requests, exemptions, cash, bank transfers, refunds and the ledger's guarantees."""

from __future__ import annotations

import json
from decimal import Decimal

from django.db import IntegrityError, transaction

import pytest

from motcua.dossiers.constants import DossierStatus, EventKind, PaymentStatus
from motcua.dossiers.error_codes import DossierError
from motcua.dossiers.models import Dossier
from motcua.payments.constants import AttemptStatus, FeeRequestStatus, LedgerKind, MessageKind
from motcua.payments.errors import PaymentError
from motcua.payments.errors import PaymentErrorCode as E
from motcua.payments.models import FeeLine, FeeRequest, LedgerEntry, PaymentAttempt, Refund
from motcua.payments.providers import provider_get
from motcua.payments.providers.vietqr import signature
from motcua.payments.selectors import balance_of, transfer_instructions
from motcua.payments.services import (
    cash_record,
    duplicate_refund,
    fee_request_create,
    payment_refund,
    payment_start,
    report_apply,
    transfer_confirm,
)

TABLES = (FeeRequest, FeeLine, PaymentAttempt, LedgerEntry, Refund)


def snapshot():
    rows = {m.__name__: list(m.objects.order_by("pk").values()) for m in TABLES}
    rows["dossiers"] = list(Dossier.objects.order_by("pk").values("status", "payment_status"))
    return rows


def refused(code, call, **kwargs):
    before = snapshot()
    with pytest.raises(PaymentError) as caught:
        call(**kwargs)
    assert caught.value.code == code
    assert caught.value.message
    assert snapshot() == before
    return caught.value


def fresh(dossier):
    return Dossier.objects.get(pk=dossier.pk)


# --- Fee requests -------------------------------------------------------------------------


def test_request_takes_the_unconditional_fees_of_the_point(world, fees, processing):
    request = fee_request_create(dossier=processing, user=world.officer)
    assert request.point == "before" and request.amount == Decimal(200000)
    assert [line.name for line in request.lines.all()] == ["Lệ phí cấp giấy phép", "Phí thẩm định"]
    assert request.reference.startswith("MC") and len(request.reference) == 14
    dossier = fresh(processing)
    assert dossier.status == DossierStatus.AWAITING_PAYMENT
    assert dossier.payment_status == PaymentStatus.REQUESTED
    assert request.reference in dossier.events.get(kind=EventKind.PAYMENT_REQUESTED).note


def test_conditional_fee_only_when_chosen(world, fees, processing):
    request = fee_request_create(
        dossier=processing, user=world.officer, point="after", fee_ids=[fees["copy"].pk]
    )
    assert request.amount == 10000 and request.point == "after"
    with pytest.raises(PaymentError) as caught:
        fee_request_create(
            dossier=processing, user=world.officer, point="after", fee_ids=[fees["copy"].pk]
        )
    assert caught.value.code == E.ALREADY_OPEN
    # Without choosing it, a conditional fee is not asked for.
    with pytest.raises(PaymentError) as caught:
        fee_request_create(dossier=processing, user=world.officer, point="after")
    assert caught.value.code == E.NO_FEES


def test_partial_exemption(world, fees, processing):
    request = fee_request_create(
        dossier=processing,
        user=world.officer,
        exemptions={fees["appraisal"].pk: "Người có công với cách mạng (Điều 5 Thông tư …)"},
    )
    assert request.amount == 50000
    line = request.lines.get(fee=fees["appraisal"])
    assert line.exempt and line.charged == 0 and line.amount == 150000


def test_full_exemption_means_no_fee_and_no_wait(world, fees, processing):
    request = fee_request_create(
        dossier=processing,
        user=world.officer,
        exemptions={fees["charge"].pk: "Hộ nghèo", fees["appraisal"].pk: "Hộ nghèo"},
    )
    assert request.status == FeeRequestStatus.EXEMPT and request.amount == 0
    dossier = fresh(processing)
    assert dossier.status == DossierStatus.PROCESSING
    assert dossier.payment_status == PaymentStatus.NONE
    assert not dossier.events.filter(kind=EventKind.PAYMENT_REQUESTED).exists()
    # Nothing to pay: no provider can start.
    refused(
        E.NOT_OPEN,
        payment_start,
        request=request,
        user=world.citizen,
        provider_code="vietqr",
        return_url="http://x/",
    )


def test_bad_requests_write_nothing(world, fees, processing):
    refused(
        E.REASON_REQUIRED,
        fee_request_create,
        dossier=processing,
        user=world.officer,
        exemptions={fees["charge"].pk: "  "},
    )
    refused(
        E.UNKNOWN_FEE,
        fee_request_create,
        dossier=processing,
        user=world.officer,
        fee_ids=[fees["charge"].pk + 1000],
    )
    refused(
        E.UNKNOWN_FEE,
        fee_request_create,
        dossier=processing,
        user=world.officer,
        exemptions={fees["copy"].pk: "x"},  # not on this request
    )
    refused(E.INVALID_POINT, fee_request_create, dossier=processing, user=world.officer, point="x")
    error = refused(
        E.NO_FEES, fee_request_create, dossier=processing, user=world.officer, fee_ids=[]
    )
    assert "không có khoản phí" in error.message


@pytest.mark.parametrize(
    "who", ["citizen", "other_citizen", "counter_far", "monitor", "finance_officer"]
)
def test_only_the_processing_step_asks_for_fees(world, fees, processing, who):
    refused(E.FORBIDDEN, fee_request_create, dossier=processing, user=getattr(world, who))


# --- Cash -------------------------------------------------------------------------------


@pytest.fixture
def due(world, processing):
    return fee_request_create(dossier=processing, user=world.officer)


def test_cash_recorded_by_the_counter_officer(world, due):
    attempt = cash_record(
        request=due, user=world.counter, receipt_number="0001234", amount=Decimal(200000)
    )
    assert attempt.provider == "cash" and attempt.status == AttemptStatus.SUCCEEDED
    assert attempt.receipt_number == "0001234" and attempt.recorded_by == world.counter
    due.refresh_from_db()
    assert due.status == FeeRequestStatus.PAID
    dossier = fresh(due.dossier)
    assert dossier.status == DossierStatus.PROCESSING
    event = dossier.events.get(kind=EventKind.PAYMENT_RECEIVED)
    assert event.actor == world.counter
    assert balance_of(due) == 200000


def test_cash_refusals(world, due, fees):
    refused(
        E.RECEIPT_REQUIRED,
        cash_record,
        request=due,
        user=world.counter,
        receipt_number=" ",
        amount=Decimal(200000),
    )
    error = refused(
        E.AMOUNT_MISMATCH,
        cash_record,
        request=due,
        user=world.counter,
        receipt_number="1",
        amount=Decimal(20000),
    )
    assert "200000" in error.message
    for who in ("counter_far", "counter_commune", "citizen", "monitor", "finance_officer"):
        refused(
            E.FORBIDDEN,
            cash_record,
            request=due,
            user=getattr(world, who),
            receipt_number="1",
            amount=Decimal(200000),
        )


def test_a_receipt_number_is_recorded_once(world, due, fees):
    from motcua.dossiers.services import dossier_accept, dossier_forward
    from motcua.dossiers.tests.conftest import application

    cash_record(request=due, user=world.counter, receipt_number="BL-7", amount=Decimal(200000))
    other = dossier_forward(
        dossier=dossier_accept(user=world.counter, application=application(world)),
        user=world.counter,
    )
    second = fee_request_create(dossier=other, user=world.officer)
    refused(
        E.RECEIPT_USED,
        cash_record,
        request=second,
        user=world.counter,
        receipt_number="BL-7",
        amount=Decimal(200000),
    )
    refused(
        E.NOT_OPEN,
        cash_record,
        request=due,
        user=world.counter,
        receipt_number="BL-8",
        amount=Decimal(200000),
    )


# --- VietQR -----------------------------------------------------------------------------


def start_transfer(world, due):
    return payment_start(
        request=due, user=world.citizen, provider_code="vietqr", return_url="http://x/"
    )


def test_transfer_shows_a_qr_with_our_reference(world, due):
    attempt, start = start_transfer(world, due)
    assert attempt.status == AttemptStatus.PENDING and not start.redirect_url
    assert attempt.reference in start.instructions["note"]
    assert attempt.reference in start.instructions["payload"]
    assert transfer_instructions(attempt)["payload"] == start.instructions["payload"]
    # Asking again shows the same QR: one reference per request while it waits.
    again, shown = start_transfer(world, due)
    assert again == attempt and shown.instructions == start.instructions
    assert PaymentAttempt.objects.count() == 1


def bank_notice(body: dict, secret="bank-secret"):
    raw = json.dumps(body).encode()
    return provider_get("vietqr").handle_callback(raw, {"X-Signature": signature(raw, secret)})


def test_bank_notification_confirms_the_transfer(world, due):
    attempt, _ = start_transfer(world, due)
    body = {
        "transaction_id": "FT2604200001",
        "amount": 200000,
        "description": f"{attempt.reference.lower()} nop phi ho so",
    }
    applied = report_apply(
        provider_code="vietqr", report=bank_notice(body), kind=MessageKind.CALLBACK
    )
    assert applied == attempt
    attempt.refresh_from_db()
    assert attempt.status == AttemptStatus.SUCCEEDED
    assert attempt.provider_reference == "FT2604200001"
    # The bank repeats itself: nothing more is counted.
    report_apply(provider_code="vietqr", report=bank_notice(body), kind=MessageKind.CALLBACK)
    assert LedgerEntry.objects.count() == 1


def test_bank_notification_with_a_wrong_signature_is_ignored(world, due):
    attempt, _ = start_transfer(world, due)
    body = {"transaction_id": "FT1", "amount": 200000, "description": attempt.reference}
    report = bank_notice(body, secret="wrong")
    assert report.verified is False
    assert report_apply(provider_code="vietqr", report=report, kind=MessageKind.CALLBACK) is None
    attempt.refresh_from_db()
    assert attempt.status == AttemptStatus.PENDING


def test_officer_confirms_a_transfer(world, due):
    attempt, _ = start_transfer(world, due)
    refused(
        E.BANK_REFERENCE_REQUIRED,
        transfer_confirm,
        attempt=attempt,
        user=world.counter,
        bank_reference="",
    )
    refused(
        E.FORBIDDEN,
        transfer_confirm,
        attempt=attempt,
        user=world.counter_far,
        bank_reference="FT9",
    )
    confirmed = transfer_confirm(attempt=attempt, user=world.counter, bank_reference="FT9")
    assert confirmed.status == AttemptStatus.SUCCEEDED and confirmed.recorded_by == world.counter
    assert fresh(due.dossier).payment_status == PaymentStatus.PAID
    refused(
        E.ALREADY_SETTLED,
        transfer_confirm,
        attempt=attempt,
        user=world.counter,
        bank_reference="FT10",
    )


def test_second_payment_of_a_paid_request_is_kept_for_refund(world, due):
    second, _ = start_transfer(world, due)
    first = cash_record(request=due, user=world.counter, receipt_number="BL9", amount=200000)
    body = {"transaction_id": "FT2", "amount": 200000, "description": second.reference}
    report_apply(provider_code="vietqr", report=bank_notice(body), kind=MessageKind.CALLBACK)
    second.refresh_from_db()
    assert second.status == AttemptStatus.DUPLICATE
    # The money arrived twice and the ledger says so; the dossier counts one payment.
    assert balance_of(due) == 400000
    assert fresh(due.dossier).events.filter(kind=EventKind.PAYMENT_RECEIVED).count() == 1
    # The bank repeats the notice: still counted once.
    report_apply(provider_code="vietqr", report=bank_notice(body), kind=MessageKind.CALLBACK)
    assert LedgerEntry.objects.count() == 2

    refused(E.FORBIDDEN, duplicate_refund, attempt=second, user=world.counter_far, reason="x")
    refused(E.REASON_REQUIRED, duplicate_refund, attempt=second, user=world.counter, reason="")
    refused(E.NOT_PAID, duplicate_refund, attempt=first, user=world.counter, reason="x")
    duplicate_refund(attempt=second, user=world.counter, reason="Chuyển khoản hai lần")
    assert balance_of(due) == 200000
    due.refresh_from_db()
    assert due.status == FeeRequestStatus.PAID
    assert fresh(due.dossier).payment_status == PaymentStatus.PAID
    refused(
        E.ALREADY_SETTLED, duplicate_refund, attempt=second, user=world.counter, reason="lần hai"
    )


# --- Refunds -------------------------------------------------------------------------------


def test_refund_follows_the_ledger_and_the_dossier(world, due):
    cash_record(request=due, user=world.counter, receipt_number="BL-1", amount=Decimal(200000))
    refused(E.REASON_REQUIRED, payment_refund, request=due, user=world.counter, reason="")
    refused(E.FORBIDDEN, payment_refund, request=due, user=world.officer, reason="x")
    refused(E.FORBIDDEN, payment_refund, request=due, user=world.counter_far, reason="x")
    refund = payment_refund(request=due, user=world.counter, reason="Nộp nhầm thủ tục")
    assert refund.amount == 200000
    assert list(LedgerEntry.objects.order_by("pk").values_list("kind", "amount")) == [
        (LedgerKind.PAYMENT, 200000),
        (LedgerKind.REFUND, -200000),
    ]
    assert balance_of(due) == 0
    due.refresh_from_db()
    assert due.status == FeeRequestStatus.REFUNDED
    assert fresh(due.dossier).payment_status == PaymentStatus.REFUNDED
    refused(E.NOT_PAID, payment_refund, request=due, user=world.counter, reason="lần hai")


# --- Database guarantees -------------------------------------------------------------------


def test_the_database_refuses_a_second_payment_entry_for_an_attempt(world, due):
    attempt = cash_record(request=due, user=world.counter, receipt_number="BL-1", amount=200000)
    with pytest.raises(IntegrityError), transaction.atomic():
        LedgerEntry.objects.create(
            request=due,
            attempt=attempt,
            kind=LedgerKind.PAYMENT,
            amount=200000,
            provider="cash",
            at=attempt.created_at,
        )


def test_the_database_refuses_two_open_requests(world, due):
    with pytest.raises(IntegrityError), transaction.atomic():
        FeeRequest.objects.create(
            dossier=due.dossier,
            point="after",
            reference="MC000000000000",
            amount=1,
            created_at=due.created_at,
        )


def test_dossier_not_waiting_still_books_the_money(world, due):
    from motcua.dossiers.services import dossier_record_payment

    # The counter recorded the payment on the dossier directly (e.g. before this app).
    dossier_record_payment(dossier=due.dossier, user=world.counter)
    attempt = cash_record(request=due, user=world.counter, receipt_number="BL-2", amount=200000)
    assert attempt.status == AttemptStatus.SUCCEEDED
    assert fresh(due.dossier).events.filter(kind=EventKind.PAYMENT_RECEIVED).count() == 1


def test_payment_platform_grant_cannot_be_reached_by_users(world, due):
    from motcua.dossiers.services import dossier_record_payment

    with pytest.raises(DossierError):
        dossier_record_payment(dossier=due.dossier, user=world.citizen)
