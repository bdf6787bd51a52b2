"""Paying fees in a browser through the local PayGov simulator (declined, then paid with
a callback the platform sends twice) and by VietQR transfer confirmed by an officer."""

from __future__ import annotations

import os
import threading
from decimal import Decimal
from pathlib import Path

import pytest
from conftest import assert_accessible

from motcua.catalog.constants import FeeCollection, FeeKind
from motcua.catalog.models import Fee
from motcua.dossiers.constants import DossierStatus, EventKind
from motcua.dossiers.models import Dossier
from motcua.dossiers.services import dossier_accept, dossier_forward
from motcua.dossiers.tests.conftest import application, calendar, world  # noqa: F401
from motcua.integrations.paygov.simulator import serve
from motcua.payments.models import LedgerEntry
from motcua.payments.services import fee_request_create

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]
PASSWORD = "mat-khau-dai-cho-kiem-thu"


@pytest.fixture
def now():
    """The real clock: the browser's cookies must not expire in a pinned past."""
    return lambda text: None


@pytest.fixture
def due(world):  # noqa: F811
    Fee.objects.create(
        case=world.licence_case,
        kind=FeeKind.CHARGE,
        name="Lệ phí cấp giấy phép",
        amount=Decimal(200000),
        collection=FeeCollection.BEFORE,
    )
    dossier = dossier_forward(
        dossier=dossier_accept(user=world.counter, application=application(world)),
        user=world.counter,
    )
    return fee_request_create(dossier=dossier, user=world.officer)


@pytest.fixture
def simulator(live_server, settings):
    server = serve(
        port=0,
        partner="MOTCUA-E2E",
        secret="e2e-secret",
        callback_url=live_server.url + "/thanh-toan/paygov/callback/",
    )
    threading.Thread(target=server.serve_forever, daemon=True).start()
    settings.PAYGOV_URL = f"http://127.0.0.1:{server.server_address[1]}/"
    settings.PAYGOV_SECRET = "e2e-secret"
    settings.PAYGOV_PARTNER_CODE = "MOTCUA-E2E"
    settings.VIETQR_ACCOUNT = "0071000123456"
    settings.VIETQR_ACCOUNT_NAME = "TRUNG TAM PHUC VU HANH CHINH CONG"
    yield server
    server.shutdown()
    server.server_close()


def _shot(page, name: str, tmp_path) -> None:
    """Screenshots for the documentation when MOTCUA_SCREENSHOTS is set; else a temp dir."""
    folder = (
        Path(__file__).resolve().parents[2] / "docs" / "screenshots"
        if os.environ.get("MOTCUA_SCREENSHOTS")
        else tmp_path
    )
    folder.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(folder / f"payments-{name}.png"), full_page=True)


def _log_in(page, user):
    user.set_password(PASSWORD)
    user.save(update_fields=["password"])
    page.goto("/accounts/login/")
    page.fill("#id_username", user.username)
    page.fill("#id_password", PASSWORD)
    page.locator("#login-form button[type=submit]").click()
    page.wait_for_load_state()


def _pay_with(page, dossier, card: str):
    page.goto(f"/thanh-toan/ho-so/{dossier.pk}/")
    page.get_by_label(
        "Thanh toán trực tuyến (Nền tảng thanh toán Cổng Dịch vụ công quốc gia)"
    ).check()
    page.get_by_role("button", name="Thanh toán").click()
    page.wait_for_selector("#card")  # the simulator's page
    page.select_option("#card", card)
    page.get_by_role("button", name="Thanh toán").click()
    page.wait_for_selector("p.status")


def test_declined_then_paid_with_a_duplicate_callback(page, world, due, simulator, tmp_path):  # noqa: F811
    dossier = due.dossier
    _log_in(page, world.citizen)
    page.goto(f"/thanh-toan/ho-so/{dossier.pk}/")
    assert page.get_by_text("Lệ phí cấp giấy phép").is_visible()
    assert_accessible(page)
    _shot(page, "pay", tmp_path)

    _pay_with(page, dossier, "9704000000000026")  # declined
    assert "Không thành công" in page.locator("p.status").inner_text()
    assert_accessible(page)
    assert Dossier.objects.get(pk=dossier.pk).status == DossierStatus.AWAITING_PAYMENT

    _pay_with(page, dossier, "9704000000000042")  # paid; the platform calls back twice
    assert "Thành công" in page.locator("p.status").inner_text()
    _shot(page, "paid", tmp_path)
    assert LedgerEntry.objects.count() == 1
    dossier.refresh_from_db()
    assert dossier.status == DossierStatus.PROCESSING
    assert dossier.events.filter(kind=EventKind.PAYMENT_RECEIVED).count() == 1
    page.goto(f"/thanh-toan/ho-so/{dossier.pk}/")
    assert page.get_by_text("Hiện hồ sơ này không có khoản phí nào phải nộp.").is_visible()


def test_transfer_by_qr_confirmed_by_the_counter(
    tmp_path,
    page,
    browser,
    live_server,
    world,  # noqa: F811
    due,
    simulator,
):
    _log_in(page, world.citizen)
    page.goto(f"/thanh-toan/ho-so/{due.dossier_id}/")
    page.get_by_label("Chuyển khoản ngân hàng bằng mã VietQR").check()
    page.get_by_role("button", name="Thanh toán").click()
    qr = page.get_by_role("img", name="Mã VietQR để chuyển khoản")
    assert qr.is_visible()
    assert_accessible(page)
    _shot(page, "vietqr", tmp_path)
    reference = page.locator("dd code").inner_text().split()[0]

    officer = browser.new_context(locale="vi-VN", base_url=live_server.url).new_page()
    _log_in(officer, world.counter)
    officer.goto(f"/thanh-toan/can-bo/xac-nhan-chuyen-khoan/{reference}/")
    assert_accessible(officer)
    officer.fill("#bank_reference", "FT26112200001")
    officer.get_by_role("button", name="Xác nhận đã nhận chuyển khoản").click()
    officer.wait_for_load_state()
    assert officer.get_by_text("Đã xác nhận khoản chuyển khoản.").is_visible()

    page.reload()
    assert "Thành công" in page.locator("p.status").inner_text()
