"""The back office in a browser: the counter desk completed with the keyboard only, and
the main screens checked with axe-core."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from conftest import assert_accessible

from motcua.dossiers import services
from motcua.dossiers.tests.conftest import application, calendar, world  # noqa: F401

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]
PASSWORD = "mat-khau-dai-cho-kiem-thu"


@pytest.fixture
def now():
    """The real clock: the browser's cookies must not expire in a pinned past."""
    return lambda text: None


def _log_in(page, user):
    user.set_password(PASSWORD)
    user.save(update_fields=["password"])
    page.goto("/accounts/login/")
    page.fill("#id_username", user.username)
    page.fill("#id_password", PASSWORD)
    page.locator("#login-form button[type=submit]").click()
    page.wait_for_load_state()


def _tab_to(page, selector: str, limit: int = 60) -> None:
    """Press Tab until ``selector`` has the focus: proves it is reachable by keyboard."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate(
            "s => document.activeElement && document.activeElement.matches(s)", selector
        ):
            return
    raise AssertionError(f"{selector} cannot be reached with Tab")


def test_counter_desk_with_the_keyboard_only(page, world):  # noqa: F811
    _log_in(page, world.counter)
    page.goto("/can-bo/quay/")
    assert_accessible(page)
    _tab_to(page, "#picker-q")
    page.keyboard.type("giay phep hoat dong")
    page.wait_for_selector("#picker-results a")
    _tab_to(page, "#picker-results a")
    page.keyboard.press("Enter")
    page.wait_for_selector("#id_id_number")
    assert_accessible(page)
    _tab_to(page, "#id_id_number")
    page.keyboard.type("086185012345")
    for selector, text in (
        ("#id_name", "Trần Thị Bình"),
        ("#id_phone", "0912 345 678"),
        ("#id_address", "Ấp Hòa Long, xã Cái Nhum"),
    ):
        _tab_to(page, selector)
        page.keyboard.type(text)
    for component in (world.form, world.id_copy):
        _tab_to(page, f"#component_{component.pk}")
        page.keyboard.press("Space")
    _tab_to(page, "#id_form_organisation_name")
    page.keyboard.type("Văn phòng công chứng Cái Nhum")
    _tab_to(page, "button[value=accept]")
    page.keyboard.press("Enter")
    page.wait_for_selector("#print-receipt")
    assert "/giay-tiep-nhan/" in page.url
    assert page.locator("h1").inner_text().startswith("Giấy tiếp nhận H61.17-")
    assert_accessible(page)
    page.wait_for_load_state("networkidle")  # the embedded receipt, before the server stops


def test_main_screens_are_accessible(page, world):  # noqa: F811
    dossier = services.dossier_accept(user=world.counter, application=application(world))
    dossier = services.dossier_forward(dossier=dossier, user=world.counter)
    _log_in(page, world.officer)
    page.goto("/can-bo/hang-doi/?reach=agency")
    assert page.get_by_role("link", name=dossier.code).is_visible()
    assert_accessible(page)
    page.get_by_role("link", name=dossier.code).click()
    page.wait_for_selector("#forward")
    assert_accessible(page)
    page.locator("#forward summary").click()
    page.get_by_label("Tôi đã kiểm tra và xác nhận thao tác này").first.check()
    page.locator("#forward button[type=submit]").click()
    page.wait_for_load_state()
    assert page.get_by_text("Đã thực hiện").is_visible()


# --- A full dossier through the screens ----------------------------------------------------


def _shot(page, name: str, tmp_path) -> None:
    """Screenshots for the documentation when MOTCUA_SCREENSHOTS is set; else a temp dir."""
    folder = (
        Path(__file__).resolve().parents[2] / "docs" / "screenshots"
        if os.environ.get("MOTCUA_SCREENSHOTS")
        else tmp_path
    )
    folder.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(folder / f"backoffice-{name}.png"), full_page=True)


def _switch(page, user):
    page.context.clear_cookies()
    _log_in(page, user)


def _act(page, dossier, action: str, **fields) -> None:
    """Open an action of the dossier page, fill it, confirm and send it."""
    page.goto(f"/can-bo/ho-so/{dossier.pk}/")
    page.locator(f"#{action} summary").click()
    for name, value in fields.items():
        page.locator(f"#id_{action}-{name}").fill(value)
    page.locator(f"#id_{action}-confirm").check()
    page.locator(f"#{action} button[type=submit]").click()
    page.wait_for_load_state()
    assert page.locator(".messages .success").count() == 1, page.content()[:2000]


@pytest.fixture
def signer(settings, tmp_path, monkeypatch):
    """The leader ``giam_doc`` signs with a test certificate."""
    from cryptography.hazmat.primitives.serialization import BestAvailableEncryption, pkcs12

    from motcua.documents import testpki

    root = testpki.make_root()
    leaf = testpki.make_leaf(root, common_name="Giám Đốc", title="Giám đốc", organisation="STP")
    p12 = tmp_path / "gd.p12"
    p12.write_bytes(
        pkcs12.serialize_key_and_certificates(
            b"ky", leaf.key, leaf.cert, [root.cert], BestAvailableEncryption(b"mk")
        )
    )
    signers = tmp_path / "signers.json"
    signers.write_text(
        json.dumps({"users": {"giam_doc": {"pkcs12": str(p12), "passphrase_env": "KY_GD"}}})
    )
    monkeypatch.setenv("KY_GD", "mk")
    settings.SIGNING_SIGNERS_FILE = str(signers)
    settings.SIGNING_KEY_FILE = settings.SIGNING_CERT_FILE = settings.SIGNING_PKCS12_FILE = ""
    settings.SIGNING_TRUST_ROOTS = [str(testpki.write_cert(root.cert, tmp_path / "root.pem"))]
    settings.DOCUMENTS_CACHE_DIR = tmp_path / "font-cache"
    settings.DOCUMENTS_ROOT = tmp_path / "documents"
    settings.STORAGES = {
        **settings.STORAGES,
        "documents": {
            "BACKEND": "motcua.documents.storage.PrivateFileSystemStorage",
            "OPTIONS": {"location": str(tmp_path / "documents")},
        },
    }


def test_a_dossier_from_counter_to_return(page, world, signer, tmp_path):  # noqa: F811
    from django.utils import timezone

    from motcua.documents.tests.builders import pdf_bytes
    from motcua.dossiers.models import Dossier

    # Intake at the counter, with a scan, and the receipt.
    _log_in(page, world.counter)
    page.goto("/can-bo/quay/?q=giay phep")
    _shot(page, "counter-desk", tmp_path)
    page.locator("#picker-results a").first.click()
    page.fill("#id_id_number", "086185012345")
    page.fill("#id_name", "Trần Thị Bình")
    page.fill("#id_phone", "0912 345 678")
    page.check(f"#component_{world.form.pk}")
    page.check(f"#component_{world.id_copy.pk}")
    scan = tmp_path / "to-khai.pdf"
    scan.write_bytes(pdf_bytes(2))
    page.set_input_files(f"input[name=scan_{world.form.pk}]", str(scan))
    page.fill(f"input[name=pages_{world.form.pk}]", "2")
    page.fill("#id_form_organisation_name", "Văn phòng công chứng Cái Nhum")
    _shot(page, "intake", tmp_path)
    page.locator("button[value=accept]").click()
    page.wait_for_selector("#print-receipt")
    page.wait_for_load_state("networkidle")
    _shot(page, "receipt", tmp_path)
    dossier = Dossier.objects.get()
    assert dossier.components.get(component=world.form).files.count() == 1
    _act(page, dossier, "forward")

    # Processing: a supplement round, then on to the leader.
    _switch(page, world.officer)
    page.goto("/can-bo/hang-doi/?reach=agency")
    _shot(page, "queues", tmp_path)
    _act(page, dossier, "request_supplement", items="Bản sao giấy tờ", reason="Bản sao mờ")
    _switch(page, world.counter)
    _act(page, dossier, "submit_supplement")
    _switch(page, world.officer)
    page.goto(f"/can-bo/ho-so/{dossier.pk}/")
    _shot(page, "dossier", tmp_path)
    _act(page, dossier, "forward")

    # The leader approves with the result, attaches its PDF and signs it.
    _switch(page, world.leader)
    page.goto("/can-bo/lanh-dao/")
    _shot(page, "leader-desk", tmp_path)
    today = timezone.localdate().isoformat()
    _act(
        page,
        dossier,
        "approve",
        result_number="12/GP-STP",
        result_date=today,
        result_signer="Giám Đốc",
    )
    result = Dossier.objects.get(pk=dossier.pk).results.get()
    pdf = tmp_path / "giay-phep.pdf"
    pdf.write_bytes(pdf_bytes(1))
    page.set_input_files(f"#pdf-{result.pk}", str(pdf))
    page.locator(f"#result-{result.pk} button.secondary").click()
    page.wait_for_load_state()
    page.get_by_role("button", name="Ký số kết quả").click()
    page.wait_for_load_state()
    result.refresh_from_db()
    assert result.signature_state == "signed"

    # Return at the counter, found by its code.
    _switch(page, world.counter)
    page.goto("/can-bo/quay/")
    page.fill("#return-code", dossier.code)
    page.locator("#tra-ket-qua button").click()
    page.wait_for_selector("#deliver")
    _act(page, dossier, "deliver", recipient="Trần Thị Bình 086185012345")
    assert Dossier.objects.get(pk=dossier.pk).status == "returned"
    page.goto("/can-bo/bang-dieu-khien/")
    assert_accessible(page)
    _shot(page, "dashboard", tmp_path)


def test_an_inter_agency_dossier_across_two_agencies(page, world):  # noqa: F811
    from motcua.dossiers.models import Dossier
    from motcua.dossiers.tests.conftest import joint_application

    dossier = services.dossier_accept(user=world.counter, application=joint_application(world))
    dossier = services.dossier_forward(dossier=dossier, user=world.counter)
    _log_in(page, world.officer)
    _act(page, dossier, "forward")  # to Sở Tài chính (stage 2)
    assert Dossier.objects.get(pk=dossier.pk).status == "inter_agency"
    _switch(page, world.finance_officer)
    page.goto("/can-bo/hang-doi/?reach=agency&queue=inter_agency")
    assert page.get_by_role("link", name=dossier.code).is_visible()
    _act(page, dossier, "forward")  # back to the lead agency's leader
    _switch(page, world.leader)
    _act(page, dossier, "approve")
    assert Dossier.objects.get(pk=dossier.pk).status == "resolved"


def test_error_states_and_desks_are_accessible(page, world):  # noqa: F811
    import datetime as dt

    from motcua.accounts.constants import Role
    from motcua.accounts.services import role_grant

    dossier = services.dossier_accept(user=world.counter, application=application(world))
    dossier = services.dossier_forward(dossier=dossier, user=world.counter)
    _log_in(page, world.officer)
    page.goto(f"/can-bo/ho-so/{dossier.pk}/")
    page.locator("#return summary").click()
    page.locator("#id_return-reason").fill("Thiếu chữ ký")
    page.locator("#return button[type=submit]").click()  # not confirmed: refused, kept
    page.wait_for_load_state()
    assert page.locator("#id_return-reason").input_value() == "Thiếu chữ ký"
    assert page.locator("#return[open]").count() == 1
    assert_accessible(page)
    role_grant(
        user=world.leader,
        role=Role.AGENCY_ADMIN,
        agency=world.justice,
        valid_from=dt.date(2025, 7, 1),
    )
    _switch(page, world.leader)
    page.goto("/can-bo/lanh-dao/")
    assert_accessible(page)
    page.goto("/can-bo/nhan-su/")
    assert page.locator("table.list").get_by_text(world.officer.full_name).first.is_visible()
    assert_accessible(page)
