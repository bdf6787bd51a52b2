"""Public verification of results: genuine, tampered, unknown and random files; lookups."""

from __future__ import annotations

import datetime as dt
import os

from django.core.cache import cache
from django.urls import reverse

import pytest

from motcua.accounts.constants import Role
from motcua.accounts.services import role_grant, user_create
from motcua.documents import services, signing
from motcua.documents.storage import document_storage
from motcua.dossiers.constants import DossierStatus

from . import builders
from .conftest import PASSWORD

API = "/api/v1/documents/verify"
CODE = "H61.298-260310-0001"


@pytest.fixture(autouse=True)
def _today():
    """Real time: the session's test certificates are valid from the moment they were made."""


@pytest.fixture(autouse=True)
def _fresh_counts():
    cache.clear()  # the per-address counter lives in the cache


@pytest.fixture
def genuine(people, signing_on) -> bytes:
    """The bytes of a result signed by the commune's leader, as the citizen received them."""
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
        return handle.read()


def tampered(content: bytes) -> bytes:
    position = content.index(b"/MediaBox")
    return content[:position] + b"/MediaBoy" + content[position + 9 :]


def post_file(client, content: bytes, url: str):
    return client.post(url, {"file": builders.upload("ket-qua.pdf", content)})


def test_a_genuine_result_is_authentic(client, genuine):
    page = post_file(client, genuine, reverse("documents:verify"))
    assert page.status_code == 200
    html = page.content.decode()
    assert "Xác thực" in html and "123/TLKS" in html and "UBND xã Cái Nhum" in html
    assert "Nguyễn Văn Ký" in html and CODE in html

    answer = post_file(client, genuine, API).json()
    assert (answer["authentic"], answer["signature_valid"], answer["issued_here"]) == (
        True,
        True,
        True,
    )
    assert (answer["result_number"], answer["dossier_code"], answer["signer_name"]) == (
        "123/TLKS",
        CODE,
        "Nguyễn Văn Ký",
    )
    assert answer["signed_at"] is not None


def test_a_tampered_result_is_not(client, genuine):
    answer = post_file(client, tampered(genuine), API).json()
    assert (answer["authentic"], answer["signature_valid"], answer["issued_here"]) == (
        False,
        False,
        False,
    )
    assert answer["summary"].startswith("Không xác thực")
    assert answer["result_number"] == ""  # nothing of the real result is revealed


def test_a_validly_signed_file_we_never_issued_is_not(client, genuine, signing_on):
    # Signed with a certificate under the same trusted root, but not a result of ours.
    other = signing.pdf_sign(builders.pdf_bytes(1), signer=_leader_signer(signing_on))
    answer = post_file(client, other, API).json()
    assert (answer["authentic"], answer["signature_valid"], answer["issued_here"]) == (
        False,
        True,
        False,
    )
    assert "không phải kết quả do hệ thống cấp" in answer["summary"]


def _leader_signer(pki):
    from pyhanko.sign import signers

    return signers.SimpleSigner.load(str(pki.key), str(pki.cert), ca_chain_files=[str(pki.root)])


@pytest.mark.parametrize(
    "content", [os.urandom(2048), b"%PDF-1.7\n garbage", builders.pdf_bytes(1)]
)
def test_random_bytes_or_unsigned_files_are_not(client, genuine, content):
    answer = post_file(client, content, API).json()
    assert (answer["authentic"], answer["signature_valid"]) == (False, False)


def test_our_file_with_roots_no_longer_trusted_is_not_confirmed(client, genuine, settings):
    settings.SIGNING_TRUST_ROOTS = []
    answer = post_file(client, genuine, API).json()
    assert (answer["authentic"], answer["issued_here"]) == (False, True)
    assert "liên hệ cơ quan" in answer["summary"]


def test_lookup_by_dossier_code_and_number(client, genuine):
    found = client.post(API, {"dossier_code": CODE, "number": "123/tlks"}).json()
    assert (found["authentic"], found["signature_valid"], found["signer_name"]) == (
        True,
        None,
        "Nguyễn Văn Ký",
    )
    missing = client.post(API, {"dossier_code": CODE, "number": "999/TLKS"}).json()
    assert (missing["authentic"], missing["result_name"]) == (False, "")
    page = client.post(reverse("documents:verify"), {"dossier_code": CODE, "number": "999"})
    assert "Không tìm thấy kết quả" in page.content.decode()


def test_an_unsigned_result_is_not_found_by_number(client, people):
    people.dossier.code = CODE
    people.dossier.save(update_fields=["code"])
    builders.result(people.dossier)  # numbered, never signed
    answer = client.post(API, {"dossier_code": CODE, "number": "123/TLKS"}).json()
    assert answer["authentic"] is False


def test_bad_requests_are_explained(client, db, settings):
    incomplete = client.post(API, {"dossier_code": CODE})
    assert incomplete.status_code == 400
    assert incomplete.json()["code"] == "lookup_incomplete"
    assert "mã hồ sơ" in incomplete.json()["detail"]
    settings.DOCUMENTS_VERIFY_MAX_MB = 1
    big = post_file(client, b"%PDF-1.7\n" + b"0" * (1024 * 1024 + 1), API)
    assert (big.status_code, big.json()["code"]) == (413, "too_large")
    page = client.post(reverse("documents:verify"), {"number": "1"})
    assert page.status_code == 400
    assert "Nhập đủ mã hồ sơ" in page.content.decode()


def test_each_address_has_an_hourly_limit(client, db, settings):
    settings.DOCUMENTS_VERIFY_PER_HOUR = 2
    for _ in range(2):
        assert client.post(API, {"dossier_code": CODE, "number": "1"}).status_code == 200
    refused = client.post(API, {"dossier_code": CODE, "number": "1"})
    assert (refused.status_code, refused.json()["code"]) == (429, "too_many")
    page = client.post(reverse("documents:verify"), {"dossier_code": CODE, "number": "1"})
    assert page.status_code == 429


def test_the_page_is_public(client, db):
    page = client.get(reverse("documents:verify"))
    assert page.status_code == 200
    assert "Xác minh kết quả điện tử" in page.content.decode()
