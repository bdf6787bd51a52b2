"""Documents in a browser: a citizen's data store (Kho) and the public result verification."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from conftest import assert_accessible

from motcua.accounts.constants import Role
from motcua.accounts.services import role_grant, user_create
from motcua.documents import services
from motcua.documents.storage import document_storage
from motcua.documents.tests import builders
from motcua.documents.tests.conftest import (  # noqa: F401 - fixtures
    PASSWORD,
    documents_root,
    people,
    signing_on,
    signing_pki,
)
from motcua.dossiers.constants import DossierStatus

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]
CODE = "H61.298-261122-0001"


@pytest.fixture
def signed(people, signing_on):  # noqa: F811
    """The citizen's dossier resolved, its birth certificate signed by the commune's leader."""
    dossier = people.dossier
    dossier.status, dossier.code = DossierStatus.RESOLVED, CODE
    dossier.save(update_fields=["status", "code"])
    leader = user_create(
        username="lanhdao", password=PASSWORD, kind="staff", full_name="Nguyễn Văn Ký"
    )
    role_grant(
        user=leader, role=Role.AGENCY_LEADER, agency=people.commune, valid_from=dt.date(2025, 7, 1)
    )
    result = builders.result(dossier)
    services.result_file_attach(
        result=result,
        upload=builders.upload("giay-khai-sinh.pdf", builders.pdf_bytes(1)),
        user=people.colleague,
    )
    stored = services.result_sign(result=result, user=leader)
    with document_storage().open(stored.storage_key, "rb") as handle:
        people.signed_pdf = handle.read()
    return people


def test_a_citizen_sees_hides_and_shows_again_a_document_of_the_store(page, signed):
    page.goto("/accounts/login/")
    page.fill("#id_username", "congdan")
    page.fill("#id_password", PASSWORD)
    page.locator("#login-form button[type=submit]").click()
    page.wait_for_load_state()

    page.goto("/documents/kho/")
    assert page.get_by_role("heading", level=1).inner_text() == "Kho dữ liệu của tôi"
    assert page.get_by_role("link", name="Tải về giay-khai-sinh.pdf").is_visible()
    assert_accessible(page)

    page.get_by_role("button", name=re.compile(r"^Ẩn\s*: Giấy khai sinh$")).click()
    page.wait_for_load_state()
    assert page.get_by_role("heading", name="Giấy tờ đã ẩn").is_visible()
    assert "Đã ẩn" in page.locator(".messages").inner_text()
    assert_accessible(page)
    page.get_by_role("button", name=re.compile(r"^Hiện lại\s*: Giấy khai sinh$")).click()
    page.wait_for_load_state()
    assert page.get_by_role("heading", name="Giấy tờ đã ẩn").count() == 0


def test_anyone_verifies_a_result_file(page, signed, tmp_path):
    genuine = tmp_path / "ket-qua.pdf"
    genuine.write_bytes(signed.signed_pdf)
    page.goto("/documents/xac-minh/")
    assert_accessible(page)
    page.get_by_label("Tệp kết quả (PDF)").set_input_files(str(genuine))
    page.get_by_role("button", name="Xác minh tệp").click()
    page.wait_for_load_state()
    verdict = page.locator(".verdict")
    assert verdict.get_by_role("heading").inner_text() == "Xác thực"
    assert "123/TLKS" in verdict.inner_text() and "Nguyễn Văn Ký" in verdict.inner_text()
    assert_accessible(page)

    position = signed.signed_pdf.index(b"/MediaBox")
    altered = tmp_path / "da-sua.pdf"
    altered.write_bytes(
        signed.signed_pdf[:position] + b"/MediaBoy" + signed.signed_pdf[position + 9 :]
    )
    page.get_by_label("Tệp kết quả (PDF)").set_input_files(str(altered))
    page.get_by_role("button", name="Xác minh tệp").click()
    page.wait_for_load_state()
    assert page.locator(".verdict").get_by_role("heading").inner_text() == "Không xác nhận được"

    page.get_by_label("Mã hồ sơ").fill(CODE)
    page.get_by_label("Số, ký hiệu của kết quả").fill("123/TLKS")
    page.get_by_role("button", name="Tra cứu").click()
    page.wait_for_load_state()
    assert page.locator(".verdict").get_by_role("heading").inner_text() == "Xác thực"
