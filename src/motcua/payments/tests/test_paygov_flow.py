"""PayGov end to end over real HTTP: our provider ↔ the simulator, the citizen's browser
played by the test client, callbacks delivered from the simulator's outbox."""

from __future__ import annotations

import datetime as dt
import io
import json
import time
import urllib.parse

from django.urls import reverse

import pytest

from motcua.dossiers.constants import DossierStatus, EventKind, PaymentStatus
from motcua.dossiers.models import Dossier
from motcua.payments.constants import AttemptStatus, FeeRequestStatus
from motcua.payments.models import FeeRequest, LedgerEntry, PaymentAttempt, ProviderMessage
from motcua.payments.services import fee_request_create, pending_payments_resolve

from .conftest import sim_outbox, sim_pay

CALLBACK = "/thanh-toan/paygov/callback/"


@pytest.fixture
def due(world, processing):
    return fee_request_create(dossier=processing, user=world.officer)


def start(client, world, dossier) -> PaymentAttempt:
    client.force_login(world.citizen)
    response = client.post(
        reverse("payments:dossier_pay", args=[dossier.pk]), {"provider": "paygov"}
    )
    assert response.status_code == 302, response.content.decode()[:500]
    attempt = PaymentAttempt.objects.get(request__dossier=dossier, status=AttemptStatus.PENDING)
    assert response["Location"] == attempt.redirect_url
    assert attempt.redirect_url.endswith(f"/pay/{attempt.reference}")
    return attempt


def back(client, location: str):
    """The browser follows the simulator's redirect to our return page."""
    parts = urllib.parse.urlsplit(location)
    assert parts.path == reverse("payments:paygov_return")
    return client.get(parts.path + "?" + parts.query)


def deliver(client, message: dict):
    return client.post(CALLBACK, data=json.dumps(message), content_type="application/json")


def paid_events(dossier) -> int:
    return dossier.events.filter(kind=EventKind.PAYMENT_RECEIVED).count()


def test_init_callback_then_return(client, world, simulator, due):
    dossier = due.dossier
    assert Dossier.objects.get(pk=dossier.pk).status == DossierStatus.AWAITING_PAYMENT
    attempt = start(client, world, dossier)
    status, location = sim_pay(attempt.redirect_url)
    assert status == 303
    [callback] = sim_outbox(simulator)
    assert callback["MaThamChieu"] == attempt.reference and callback["MaLoi"] == "00"
    answer = deliver(client, callback)
    assert answer.status_code == 200 and answer.json()["MaLoi"] == "00"
    page = back(client, location)
    assert page.status_code == 302
    assert page["Location"] == reverse("payments:attempt", args=[attempt.reference])
    shown = client.get(page["Location"]).content.decode()
    assert "Thành công" in shown
    assert "Xem lại trạng thái" not in shown  # settled: nothing left to wait for

    attempt.refresh_from_db()
    due.refresh_from_db()
    dossier.refresh_from_db()
    assert attempt.status == AttemptStatus.SUCCEEDED
    assert attempt.provider_reference == callback["MaGiaoDich"]
    assert due.status == FeeRequestStatus.PAID
    assert dossier.status == DossierStatus.PROCESSING
    assert dossier.payment_status == PaymentStatus.PAID
    assert list(LedgerEntry.objects.values_list("amount", flat=True)) == [200000]
    event = dossier.events.get(kind=EventKind.PAYMENT_RECEIVED)
    assert event.actor is None and event.actor_role == "payment_platform"
    assert event.data["reference"] == attempt.reference
    # Raw messages kept: INIT out, answer in, callback in, return in.
    kinds = list(attempt.messages.values_list("kind", flat=True))
    assert kinds == ["start", "start_answer", "callback", "return"]
    sent = attempt.messages.get(kind="start").body
    assert sent["MaDoiTac"] == "MOTCUA-TEST" and sent["SoTien"] == "200000"


def test_return_before_callback_counts_once(client, world, simulator, due):
    attempt = start(client, world, due.dossier)
    _, location = sim_pay(attempt.redirect_url, card="9704000000000059")
    assert sim_outbox(simulator) == []  # the browser is back before the platform calls
    back(client, location)
    attempt.refresh_from_db()
    assert attempt.status == AttemptStatus.SUCCEEDED
    for _ in range(50):
        outbox = sim_outbox(simulator)
        if outbox:
            break
        time.sleep(0.05)
    assert deliver(client, outbox[0]).json()["MaLoi"] == "00"
    assert LedgerEntry.objects.count() == 1
    assert paid_events(due.dossier) == 1


def test_declined_then_paid_with_another_card(client, world, simulator, due):
    attempt = start(client, world, due.dossier)
    _, location = sim_pay(attempt.redirect_url, card="9704000000000026")
    [callback] = sim_outbox(simulator)
    assert callback["MaLoi"] == "51"
    deliver(client, callback)
    back(client, location)
    attempt.refresh_from_db()
    due.refresh_from_db()
    assert attempt.status == AttemptStatus.FAILED
    assert due.status == FeeRequestStatus.OPEN
    assert Dossier.objects.get(pk=due.dossier_id).status == DossierStatus.AWAITING_PAYMENT
    assert LedgerEntry.objects.count() == 0
    page = client.get(reverse("payments:attempt", args=[attempt.reference])).content.decode()
    assert "Không thành công" in page

    simulator.platform.outbox.clear()
    second = start(client, world, due.dossier)
    sim_pay(second.redirect_url)
    deliver(client, sim_outbox(simulator)[0])
    due.refresh_from_db()
    assert due.status == FeeRequestStatus.PAID
    assert LedgerEntry.objects.get().attempt == second


def test_timeout_is_settled_by_the_status_query(client, world, simulator, due, now):
    attempt = start(client, world, due.dossier)
    status, location = sim_pay(attempt.redirect_url, card="9704000000000034")
    assert status == 200 and location == ""
    assert sim_outbox(simulator) == []
    # Not yet quiet long enough: nothing is asked.
    assert pending_payments_resolve() == 0
    later = now("2026-02-11 09:15")
    assert pending_payments_resolve(now=later) == 1
    attempt.refresh_from_db()
    assert attempt.status == AttemptStatus.SUCCEEDED
    assert attempt.queried_at == later
    assert Dossier.objects.get(pk=due.dossier_id).payment_status == PaymentStatus.PAID
    kinds = list(attempt.messages.values_list("kind", "verified"))
    assert ("query", True) in kinds and ("query_answer", True) in kinds
    # Running it again asks nothing and changes nothing.
    assert pending_payments_resolve(now=later + dt.timedelta(hours=1)) == 0
    assert LedgerEntry.objects.count() == 1


def test_query_task_leaves_pending_when_the_platform_still_waits(client, world, simulator, due):
    simulator.platform.settle_seconds = 3600
    attempt = start(client, world, due.dossier)
    sim_pay(attempt.redirect_url, card="9704000000000034")
    moment = attempt.updated_at + dt.timedelta(minutes=30)
    assert pending_payments_resolve(now=moment) == 0
    attempt.refresh_from_db()
    assert attempt.status == AttemptStatus.PENDING


def test_duplicate_callback_counts_once(client, world, simulator, due):
    attempt = start(client, world, due.dossier)
    sim_pay(attempt.redirect_url, card="9704000000000042")
    first, second = sim_outbox(simulator)
    assert first == second
    assert deliver(client, first).json()["MaLoi"] == "00"
    assert deliver(client, second).json()["MaLoi"] == "00"
    assert LedgerEntry.objects.count() == 1
    assert paid_events(due.dossier) == 1
    assert attempt.messages.filter(kind="callback").count() == 2


def test_tampered_callback_is_rejected(client, world, simulator, due):
    attempt = start(client, world, due.dossier)
    sim_pay(attempt.redirect_url, card="9704000000000026")
    [callback] = sim_outbox(simulator)
    forged = {**callback, "MaLoi": "00"}  # a declined payment turned into a success
    answer = deliver(client, forged)
    assert answer.status_code == 403
    attempt.refresh_from_db()
    assert attempt.status == AttemptStatus.PENDING
    assert LedgerEntry.objects.count() == 0
    rejected = ProviderMessage.objects.get(kind="callback")
    assert rejected.verified is False and rejected.attempt is None
    assert rejected.body["MaLoi"] == "00"
    # Garbage is rejected the same way.
    assert deliver(client, {"x": 1}).status_code == 403
    assert (
        client.post(CALLBACK, data=b"not json", content_type="application/json").status_code == 403
    )


def test_tampered_return_shows_an_error_and_books_nothing(client, world, simulator, due):
    attempt = start(client, world, due.dossier)
    _, location = sim_pay(attempt.redirect_url)
    response = back(client, location.replace("SoTien=200000", "SoTien=1"))
    assert response.status_code == 400
    assert "không xác thực được" in response.content.decode()
    assert LedgerEntry.objects.count() == 0


def test_callback_with_a_wrong_amount_is_not_booked(client, world, simulator, due, settings):
    from motcua.integrations.paygov import protocol

    attempt = start(client, world, due.dossier)
    sim_pay(attempt.redirect_url)
    [callback] = sim_outbox(simulator)
    changed = protocol.sign(
        protocol.CONFIRM, {**callback, "SoTien": "1000"}, settings.PAYGOV_SECRET
    )
    assert deliver(client, changed).status_code == 200
    attempt.refresh_from_db()
    assert attempt.status == AttemptStatus.PENDING and "1000" in attempt.message
    assert LedgerEntry.objects.count() == 0


def test_platform_down_is_a_clear_message(client, world, due, settings):
    settings.PAYGOV_SECRET = "x"
    settings.PAYGOV_URL = "http://127.0.0.1:9/"  # discard port: nobody listens
    client.force_login(world.citizen)
    response = client.post(
        reverse("payments:dossier_pay", args=[due.dossier_id]), {"provider": "paygov"}
    )
    assert response.status_code == 400
    assert "Nền tảng thanh toán không trả lời" in response.content.decode()
    assert PaymentAttempt.objects.get().status == AttemptStatus.FAILED


def test_simulator_refuses_a_wrong_init_code(simulator):
    from motcua.integrations.paygov.client import PayGovClient

    api = PayGovClient(url=simulator.base + "/", partner="MOTCUA-TEST", secret="sai")
    message = api.init_message(
        reference="MC1",
        amount=1000,
        info="x",
        ip="1.1.1.1",
        moment=dt.datetime(2026, 2, 11, tzinfo=dt.UTC),
        receipt={},
        return_url="http://r/",
    )
    assert api.init(message)["error_code"] == "1"


def test_periodic_command_settles_a_stuck_payment(client, world, simulator, due, now):
    from django.core.management import call_command

    attempt = start(client, world, due.dossier)
    sim_pay(attempt.redirect_url, card="9704000000000034")
    now("2026-02-11 09:30")
    call_command("payments_resolve_pending", stdout=io.StringIO())
    attempt.refresh_from_db()
    assert attempt.status == AttemptStatus.SUCCEEDED


def test_platform_refusal_is_shown(client, world, simulator, due, settings):
    settings.PAYGOV_SECRET = "not-the-platform-secret"
    client.force_login(world.citizen)
    response = client.post(
        reverse("payments:dossier_pay", args=[due.dossier_id]), {"provider": "paygov"}
    )
    assert response.status_code == 400
    assert "Nền tảng thanh toán từ chối giao dịch: Sai mã xác thực" in response.content.decode()
    attempt = PaymentAttempt.objects.get()
    assert attempt.status == AttemptStatus.FAILED
    assert attempt.messages.get().body["answer"]["error_code"] == "1"


def test_return_in_another_browser_shows_the_status_only(client, world, simulator, due):
    attempt = start(client, world, due.dossier)
    _, location = sim_pay(attempt.redirect_url)
    client.logout()
    page = back(client, location)
    assert page.status_code == 200
    main = page.content.decode().split('<main id="main">')[1].split("</main>")[0]
    assert "Thành công" in main and due.dossier.code not in main


def test_init_timeout_leaves_nothing_to_pay(client, world, simulator, due, settings):
    settings.PAYGOV_TIMEOUT = 1
    simulator.platform.slow_seconds = 2
    FeeRequest.objects.filter(pk=due.pk).update(amount=200499)  # the simulator's slow amount
    client.force_login(world.citizen)
    response = client.post(
        reverse("payments:dossier_pay", args=[due.dossier_id]), {"provider": "paygov"}
    )
    assert response.status_code == 400
    assert "Nền tảng thanh toán không trả lời" in response.content.decode()
    attempt = PaymentAttempt.objects.get()
    assert attempt.status == AttemptStatus.FAILED and attempt.redirect_url == ""


def test_return_by_form_post_is_accepted(client, world, simulator, due):
    from django.test import Client

    attempt = start(client, world, due.dossier)
    _, location = sim_pay(attempt.redirect_url)
    params = dict(urllib.parse.parse_qsl(urllib.parse.urlsplit(location).query))
    browser = Client(enforce_csrf_checks=True)  # the platform's form carries no token of ours
    browser.cookies = client.cookies
    page = browser.post(reverse("payments:paygov_return"), params)
    assert page.status_code == 302
    attempt.refresh_from_db()
    assert attempt.status == AttemptStatus.SUCCEEDED
