"""Electronic results: attach the PDF, a leader signs it, online delivery needs the signature."""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess

from django.core.exceptions import ValidationError
from django.http import Http404

import pytest
from conftest import skip_unless_tool

from motcua.accounts.constants import Role
from motcua.accounts.services import role_grant, user_create
from motcua.core.models import AuditEvent
from motcua.documents import services, signing
from motcua.documents.constants import DocumentsAuditKind, ResultError, UploadError
from motcua.documents.models import StoredFile
from motcua.documents.storage import document_storage
from motcua.dossiers.constants import DossierStatus, EventKind, ResultSignatureState
from motcua.dossiers.error_codes import DossierError, DossierErrorCode
from motcua.dossiers.services.results import dossier_deliver

from . import builders
from .conftest import PASSWORD, stored_paths


@pytest.fixture(autouse=True)
def _today():
    """Real time: the session's test certificates are valid from the moment they were made."""


def _staff(username: str, role: Role, at):
    user = user_create(
        username=username, password=PASSWORD, kind="staff", full_name="Nguyễn Văn Ký"
    )
    role_grant(user=user, role=role, agency=at, valid_from=dt.date(2025, 7, 1))
    return user


@pytest.fixture
def resolved(people):
    """The dossier decided, with one numbered result; a leader at the commune and elsewhere."""
    dossier = people.dossier
    dossier.status = DossierStatus.RESOLVED
    dossier.code = "H61.298-260310-0001"
    dossier.save(update_fields=["status", "code"])
    people.result = builders.result(dossier)
    people.leader = _staff("lanhdao", Role.AGENCY_LEADER, people.commune)
    people.other_leader = _staff("lanhdaokhac", Role.AGENCY_LEADER, people.other_agency)
    return people


def attach(people, content=None, user=None):
    return services.result_file_attach(
        result=people.result,
        upload=builders.upload("giay-khai-sinh.pdf", content or builders.pdf_bytes(1)),
        user=user or people.colleague,
    )


def read(stored: StoredFile) -> bytes:
    with document_storage().open(stored.storage_key, "rb") as handle:
        return handle.read()


# --- Attaching the file -------------------------------------------------------------------


def test_an_officer_of_the_issuing_agency_attaches_the_pdf(resolved, documents_root):
    stored = attach(resolved)
    resolved.result.refresh_from_db()
    assert resolved.result.file == stored
    assert (stored.file_type, stored.dossier_result) == ("pdf", resolved.result)
    assert resolved.result.signature_state == ResultSignatureState.UNSIGNED


def test_a_new_draft_replaces_the_earlier_one(resolved, django_capture_on_commit_callbacks):
    first = attach(resolved)
    with django_capture_on_commit_callbacks(execute=True):
        second = attach(resolved, builders.pdf_bytes(2))
    assert not StoredFile.objects.filter(pk=first.pk).exists()
    assert not document_storage().exists(first.storage_key)
    resolved.result.refresh_from_db()
    assert resolved.result.file == second


def test_a_result_file_must_be_a_pdf(resolved, documents_root):
    with pytest.raises(ValidationError) as refused:
        services.result_file_attach(
            result=resolved.result,
            upload=builders.upload("ket-qua.png", builders.png_bytes()),
            user=resolved.colleague,
        )
    assert refused.value.error_list[0].code == UploadError.TYPE_NOT_ALLOWED
    assert refused.value.messages[0] == "Không nhận tệp PNG ở đây; các loại được nhận: PDF."
    assert stored_paths(documents_root) == []
    resolved.result.refresh_from_db()
    assert resolved.result.file is None


@pytest.mark.parametrize("who", ["owner", "other_citizen", "stranger_staff", "other_leader"])
def test_only_the_issuing_agency_attaches(resolved, who, documents_root):
    with pytest.raises(Http404):
        attach(resolved, user=getattr(resolved, who))
    assert stored_paths(documents_root) == []


def test_no_file_before_the_decision(resolved):
    resolved.dossier.status = DossierStatus.PROCESSING
    resolved.dossier.save(update_fields=["status"])
    with pytest.raises(ValidationError) as refused:
        attach(resolved)
    assert refused.value.code == ResultError.WRONG_STATE
    assert "đã giải quyết" in refused.value.messages[0]


# --- Signing ------------------------------------------------------------------------------


def test_a_leader_signs_and_the_signature_validates(
    resolved, signing_on, django_capture_on_commit_callbacks
):
    draft = attach(resolved)
    with django_capture_on_commit_callbacks(execute=True):
        signed = services.result_sign(result=resolved.result, user=resolved.leader)

    result = resolved.result
    result.refresh_from_db()
    assert (result.file, result.signature_state, result.signed_by) == (
        signed,
        ResultSignatureState.SIGNED,
        resolved.leader,
    )
    assert result.signed_at is not None
    assert not StoredFile.objects.filter(pk=draft.pk).exists()  # the signed file replaces it

    check = signing.pdf_verify(
        read(signed), trust_roots=signing.load_trust_roots([signing_on.root])
    )
    assert (check.valid, check.intact, check.trusted) == (True, True, True)
    assert check.signer_name == "Nguyễn Văn Ký"

    event = resolved.dossier.events.get(kind=EventKind.RESULT_SIGNED)
    assert (event.actor, event.actor_role, event.data["sha256"]) == (
        resolved.leader,
        Role.AGENCY_LEADER,
        signed.sha256,
    )
    audit = AuditEvent.objects.get(kind=DocumentsAuditKind.RESULT_SIGNED)
    assert (audit.actor, audit.target_id, audit.data["sha256"]) == (
        resolved.leader,
        str(result.pk),
        signed.sha256,
    )


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils not installed")
def test_the_stamp_names_the_leader_and_the_title_of_the_signers_file(
    resolved, signing_on, tmp_path
):
    attach(resolved)
    path = tmp_path / "signed.pdf"
    path.write_bytes(read(services.result_sign(result=resolved.result, user=resolved.leader)))
    text = subprocess.run(
        ["pdftotext", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert "Người ký: Nguyễn Văn Ký" in text
    assert "Chức vụ: Chủ tịch" in text  # the entry's title, not the role's name


def test_without_a_title_the_stamp_shows_the_role(resolved, signing_on, settings, tmp_path):
    settings.SIGNING_SIGNERS_FILE = ""
    settings.SIGNING_PKCS12_FILE = str(signing_on.p12)
    settings.SIGNING_KEY_PASSPHRASE = "mat-khau-ky"
    attach(resolved)
    signed = read(services.result_sign(result=resolved.result, user=resolved.leader))
    skip_unless_tool(shutil.which("pdftotext"), "poppler-utils not installed")
    path = tmp_path / "signed.pdf"
    path.write_bytes(signed)
    text = subprocess.run(
        ["pdftotext", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert "Chức vụ: Lãnh đạo cơ quan" in text


def test_tampering_with_a_signed_result_breaks_validation(resolved, signing_on):
    attach(resolved)
    signed = read(services.result_sign(result=resolved.result, user=resolved.leader))
    position = signed.index(b"/MediaBox")  # inside the signed bytes
    tampered = signed[:position] + b"/MediaBoy" + signed[position + 9 :]
    check = signing.pdf_verify(tampered, trust_roots=signing.load_trust_roots([signing_on.root]))
    assert not check.valid
    # And against a root we do not trust, the genuine file is not trusted either.
    other = signing.pdf_verify(
        signed, trust_roots=signing.load_trust_roots([signing_on.other_root])
    )
    assert (other.valid, other.trusted) == (False, False)


@pytest.mark.parametrize("who", ["colleague", "counter", "other_leader", "owner"])
def test_only_a_leader_of_the_issuing_agency_signs(resolved, signing_on, who):
    attach(resolved)
    with pytest.raises(Http404):
        services.result_sign(result=resolved.result, user=getattr(resolved, who))
    resolved.result.refresh_from_db()
    assert resolved.result.signature_state == ResultSignatureState.UNSIGNED
    assert not resolved.dossier.events.filter(kind=EventKind.RESULT_SIGNED).exists()


def test_signing_needs_a_file_a_key_and_happens_once(resolved, signing_on, settings):
    with pytest.raises(ValidationError) as refused:
        services.result_sign(result=resolved.result, user=resolved.leader)
    assert refused.value.code == ResultError.NO_FILE

    attach(resolved)
    settings.SIGNING_SIGNERS_FILE = ""  # nobody has a key now
    with pytest.raises(ValidationError) as refused:
        services.result_sign(result=resolved.result, user=resolved.leader)
    assert refused.value.code == ResultError.NO_SIGNER
    assert "chữ ký số" in refused.value.messages[0]

    # The site-wide key of the SIGNING_* settings signs when the person has no entry.
    settings.SIGNING_KEY_FILE = str(signing_on.key)
    settings.SIGNING_CERT_FILE = str(signing_on.cert)
    settings.SIGNING_CHAIN_FILES = [str(signing_on.root)]
    services.result_sign(result=resolved.result, user=resolved.leader)
    with pytest.raises(ValidationError) as refused:
        services.result_sign(result=resolved.result, user=resolved.leader)
    assert refused.value.code == ResultError.ALREADY_SIGNED
    with pytest.raises(ValidationError):
        attach(resolved)  # a signed result cannot be replaced


def test_online_delivery_needs_a_signed_result(resolved, signing_on):
    attach(resolved)
    with pytest.raises(DossierError) as refused:
        dossier_deliver(dossier=resolved.dossier, user=resolved.counter, channel="online")
    assert refused.value.code == DossierErrorCode.RESULT_NOT_SIGNED
    assert "ký số" in refused.value.message

    services.result_sign(result=resolved.result, user=resolved.leader)
    dossier = dossier_deliver(dossier=resolved.dossier, user=resolved.counter, channel="online")
    assert dossier.status == DossierStatus.RETURNED
