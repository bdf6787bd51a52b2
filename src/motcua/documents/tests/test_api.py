"""REST API of the documents app: the store, reuse and result files (verification is in
test_verification.py)."""

from __future__ import annotations

import datetime as dt

import pytest

from motcua.accounts.constants import Role
from motcua.accounts.services import role_grant, user_create
from motcua.documents import services
from motcua.documents.models import StoreEntry
from motcua.dossiers.constants import DossierStatus, ResultSignatureState

from . import builders
from .conftest import PASSWORD

API = "/api/v1/documents"
RESULT_CODE = "KQ.HT.01"


@pytest.fixture(autouse=True)
def _today():
    """Real time: the session's test certificates are valid from the moment they were made."""


@pytest.fixture
def world(people, signing_on):
    a = people.dossier
    a.case.result_code = RESULT_CODE
    a.case.save(update_fields=["result_code"])
    a.status, a.code = DossierStatus.RESOLVED, "H61.298-260310-0001"
    a.save(update_fields=["status", "code"])
    people.leader = user_create(
        username="lanhdao", password=PASSWORD, kind="staff", full_name="Nguyễn Văn Ký"
    )
    role_grant(
        user=people.leader,
        role=Role.AGENCY_LEADER,
        agency=people.commune,
        valid_from=dt.date(2025, 7, 1),
    )
    people.result = builders.result(a)
    b = builders.dossier(at=people.other_agency, owner=people.owner)
    b.status = DossierStatus.SUBMITTED
    b.save(update_fields=["status"])
    people.wanted = builders.component(b, 1)
    people.wanted.component.document_type = RESULT_CODE
    people.wanted.component.save(update_fields=["document_type"])
    return people


def as_user(client, user):
    client.force_login(user)
    return client


def attach(client, world, user, content=None, name="giay-khai-sinh.pdf"):
    return as_user(client, user).post(
        f"{API}/results/{world.result.pk}/file",
        {"file": builders.upload(name, content or builders.pdf_bytes(1))},
    )


def test_result_file_and_signature_through_the_api(client, world):
    refused = attach(client, world, world.colleague, builders.png_bytes(), "ket-qua.png")
    assert (refused.status_code, refused.json()["code"]) == (400, "type_not_allowed")
    assert attach(client, world, world.owner).status_code == 404
    attached = attach(client, world, world.colleague)
    assert attached.status_code == 200
    assert attached.json()["signature_state"] == ResultSignatureState.UNSIGNED

    assert (
        as_user(client, world.colleague).post(f"{API}/results/{world.result.pk}/sign").status_code
        == 404
    )
    signed = as_user(client, world.leader).post(f"{API}/results/{world.result.pk}/sign")
    assert signed.status_code == 200
    body = signed.json()
    assert body["signature_state"] == ResultSignatureState.SIGNED and body["signed_at"]
    assert body["file"]["download"] == f"/documents/{body['file']['id']}/"
    again = as_user(client, world.leader).post(f"{API}/results/{world.result.pk}/sign")
    assert (again.status_code, again.json()["code"]) == (400, "already_signed")
    assert "đã được ký số" in again.json()["detail"]


def _signed(world):
    services.result_file_attach(
        result=world.result,
        upload=builders.upload("giay-khai-sinh.pdf", builders.pdf_bytes(1)),
        user=world.colleague,
    )
    services.result_sign(result=world.result, user=world.leader)
    return StoreEntry.objects.get(source_result=world.result)


def test_the_store_through_the_api(client, world):
    entry = _signed(world)
    mine = as_user(client, world.owner).get(f"{API}/store").json()
    assert [(e["id"], e["number"], e["source"], e["hidden"]) for e in mine] == [
        (entry.pk, "123/TLKS", "electronic_result", False)
    ]
    assert mine[0]["source_dossier_code"] == "H61.298-260310-0001"
    hidden = client.post(f"{API}/store/{entry.pk}/hidden", {"hidden": True}, "application/json")
    assert (hidden.status_code, hidden.json()["hidden"]) == (200, True)

    assert as_user(client, world.other_citizen).get(f"{API}/store").json() == []
    other = client.post(f"{API}/store/{entry.pk}/hidden", {"hidden": False}, "application/json")
    assert other.status_code == 404
    entry.refresh_from_db()
    assert entry.hidden
    client.logout()
    assert client.get(f"{API}/store").status_code == 401


def test_offers_and_reuse_through_the_api(client, world):
    entry = _signed(world)
    url = f"{API}/components/{world.wanted.pk}"
    assert [e["id"] for e in as_user(client, world.owner).get(f"{url}/offers").json()] == [entry.pk]
    assert as_user(client, world.other_citizen).get(f"{url}/offers").status_code == 404
    assert as_user(client, world.stranger_staff).get(f"{url}/offers").status_code == 404

    no_consent = as_user(client, world.stranger_staff).post(
        f"{url}/reuse", {"entry": entry.pk}, "application/json"
    )
    assert (no_consent.status_code, no_consent.json()["code"]) == (400, "consent_required")
    stranger = as_user(client, world.other_citizen).post(
        f"{url}/reuse", {"entry": entry.pk}, "application/json"
    )
    assert stranger.status_code == 404
    done = as_user(client, world.owner).post(
        f"{url}/reuse", {"entry": entry.pk}, "application/json"
    )
    assert done.status_code == 200
    assert (done.json()["is_reused"], done.json()["reused_entry"], done.json()["reuse_source"]) == (
        True,
        entry.pk,
        "electronic_result",
    )
