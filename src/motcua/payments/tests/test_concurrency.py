"""The same confirmation arriving many times at once counts once (real transactions, one
connection per thread, as several web workers would receive a platform's retries)."""

from __future__ import annotations

import json

import pytest

from motcua.dossiers.constants import EventKind
from motcua.dossiers.tests.test_concurrency import race, shared_db  # noqa: F401
from motcua.integrations.paygov import protocol
from motcua.payments.constants import AttemptStatus, MessageKind
from motcua.payments.models import LedgerEntry, PaymentAttempt
from motcua.payments.providers import provider_get
from motcua.payments.providers.vietqr import signature
from motcua.payments.services import fee_request_create, payment_start, report_apply

pytestmark = pytest.mark.django_db(transaction=True)

THREADS = 6


def test_concurrent_duplicate_bank_notices_book_once(world, processing, shared_db):  # noqa: F811
    due = fee_request_create(dossier=processing, user=world.officer)
    attempt, _ = payment_start(
        request=due, user=world.citizen, provider_code="vietqr", return_url="http://x/"
    )
    body = json.dumps(
        {"transaction_id": "FT1", "amount": 200000, "description": attempt.reference}
    ).encode()
    headers = {"X-Signature": signature(body, "bank-secret")}
    provider = provider_get("vietqr")

    def notice():
        report = provider.handle_callback(body, headers)
        return report_apply(provider_code="vietqr", report=report, kind=MessageKind.CALLBACK)

    results = race([notice] * THREADS, shared_db)
    assert not [r for r in results if isinstance(r, Exception)], results
    assert LedgerEntry.objects.count() == 1
    assert PaymentAttempt.objects.get().status == AttemptStatus.SUCCEEDED
    assert processing.events.filter(kind=EventKind.PAYMENT_RECEIVED).count() == 1


def test_concurrent_paygov_callbacks_book_once(world, processing, shared_db, settings):  # noqa: F811
    settings.PAYGOV_SECRET = "k"
    due = fee_request_create(dossier=processing, user=world.officer)
    attempt = PaymentAttempt.objects.create(
        request=due,
        provider="paygov",
        reference="MC00000000000A",
        amount=due.amount,
        status=AttemptStatus.PENDING,
        created_at=due.created_at,
        updated_at=due.created_at,
    )
    message = protocol.sign(
        protocol.CONFIRM,
        {
            "LoaiBanTin": "CONFIRM",
            "MaLoi": "00",
            "MaDoiTac": "MOTCUA",
            "MaThamChieu": attempt.reference,
            "SoTien": "200000",
            "MaTienTe": "VND",
            "MaGiaoDich": "PG1",
            "MaNganHang": "B",
            "ThoiGianGD": "20260211090500",
            "ThongTinGiaoDich": "x",
        },
        "k",
    )
    body = json.dumps(message).encode()
    provider = provider_get("paygov")

    def callback():
        report = provider.handle_callback(body, {})
        return report_apply(provider_code="paygov", report=report, kind=MessageKind.CALLBACK)

    results = race([callback] * THREADS, shared_db)
    assert not [r for r in results if isinstance(r, Exception)], results
    assert LedgerEntry.objects.count() == 1
    assert processing.events.filter(kind=EventKind.PAYMENT_RECEIVED).count() == 1
