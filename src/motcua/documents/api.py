"""REST API of the documents app.

- ``POST /verify``: public verification of electronic results (no authentication);
- ``/store``: the signed-in citizen's data store (list, hide, show again);
- ``/components/{id}/offers`` and ``/reuse``: documents of the owner's store for a component;
- ``/results/{id}/file`` and ``/sign``: the electronic result and the leader's signature.

Everything else follows the session or bearer-token authentication of the API root, and
the same services and access checks as the pages: 404 for missing and forbidden alike.
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from ninja import File, Form, Router, Schema, Status
from ninja.files import UploadedFile

from motcua.core.audit import client_ip
from motcua.dossiers.access import dossiers_visible_to
from motcua.dossiers.models import DossierComponent, DossierResult

from . import selectors, services
from .access import access_own_store_entry
from .constants import VerifyError
from .models import StoredFile, StoreEntry
from .verification import Verdict, result_lookup, result_verify_file, verification_allowed

router = Router()


class VerdictOut(Schema):
    authentic: bool
    summary: str
    signature_valid: bool | None = None
    issued_here: bool
    result_name: str
    result_number: str
    dossier_code: str
    issuer: str
    signer_name: str
    signed_at: dt.datetime | None = None
    sha256: str


class DocumentsRefusalOut(Schema):
    code: str
    detail: str


@router.post(
    "/verify",
    auth=None,
    response={
        200: VerdictOut,
        400: DocumentsRefusalOut,
        413: DocumentsRefusalOut,
        429: DocumentsRefusalOut,
    },
    summary="Verify an electronic result",
)
def verify(
    request: HttpRequest,
    file: File[UploadedFile] = None,
    dossier_code: Form[str] = "",
    number: Form[str] = "",
):
    """Upload a result PDF as `file` (multipart), or give `dossier_code` and `number`.

    `authentic` is true only when the signature validates against the trusted roots, the
    file is unchanged since signing, and it is a result this system issued. Each network
    address may verify `DOCUMENTS_VERIFY_PER_HOUR` times an hour; files are limited to
    `DOCUMENTS_VERIFY_MAX_MB`.
    """
    if not verification_allowed(client_ip(request)):
        return Status(
            429,
            {
                "code": VerifyError.TOO_MANY,
                "detail": _("Too many verifications from your connection; try again later."),
            },
        )
    try:
        verdict: Verdict = (
            result_verify_file(file)
            if file is not None
            else result_lookup(dossier_code=dossier_code, number=number)
        )
    except ValidationError as error:
        status = 413 if error.code == VerifyError.TOO_LARGE else 400
        return Status(status, {"code": error.code, "detail": error.messages[0]})
    return Status(200, verdict.__dict__)


# --- Authenticated: the store, reuse, result files -------------------------------------


class StoredFileOut(Schema):
    id: int
    name: str
    type: str
    size: int
    pages: int | None
    download: str


class StoreEntryOut(Schema):
    id: int
    name: str
    document_code: str
    number: str
    issued_on: dt.date | None
    issuer: str
    valid_until: dt.date | None
    source: str
    source_label: str
    source_dossier_code: str
    hidden: bool
    files: list[StoredFileOut]


class StoreHiddenIn(Schema):
    hidden: bool


class StoreReuseIn(Schema):
    entry: int
    consent: bool = False


class ReusedComponentOut(Schema):
    id: int
    is_reused: bool
    is_digitised: bool
    reused_entry: int | None
    reuse_source: str
    reuse_consent: bool


class ResultFileOut(Schema):
    result: int
    signature_state: str
    signed_at: dt.datetime | None
    file: StoredFileOut


REFUSALS = {400: DocumentsRefusalOut, 404: DocumentsRefusalOut}


def _file_out(stored: StoredFile) -> dict:
    return {
        "id": stored.pk,
        "name": stored.original_name,
        "type": stored.file_type,
        "size": stored.size,
        "pages": stored.page_count,
        "download": reverse("documents:download", args=[stored.pk]),
    }


def _entry_out(entry: StoreEntry) -> dict:
    return {
        "id": entry.pk,
        "name": entry.name,
        "document_code": entry.document_code,
        "number": entry.number,
        "issued_on": entry.issued_on,
        "issuer": entry.issuer,
        "valid_until": entry.valid_until,
        "source": entry.source,
        "source_label": str(entry.get_source_display()),
        "source_dossier_code": entry.source_dossier.code if entry.source_dossier_id else "",
        "hidden": entry.hidden,
        "files": [_file_out(f) for f in entry.files()],
    }


def _refused(error: ValidationError) -> Status:
    code = getattr(error, "code", None) or error.error_list[0].code or "invalid"
    return Status(400, {"code": str(code), "detail": error.messages[0]})


def _not_found(error: Http404) -> Status:
    return Status(404, {"code": "not_found", "detail": str(error)})


@router.get("/store", response=list[StoreEntryOut], summary="My data store (Kho)")
def store_list(request: HttpRequest):
    """The signed-in account's own store, hidden entries included (flagged)."""
    return [_entry_out(e) for e in selectors.store_entries_of(request.auth)]


@router.post(
    "/store/{int:entry_id}/hidden",
    response={200: StoreEntryOut, **REFUSALS},
    summary="Hide an entry of my store, or show it again",
)
def store_hide(request: HttpRequest, entry_id: int, payload: StoreHiddenIn):
    try:
        entry = access_own_store_entry(request.auth, entry_id)
        entry = services.store_entry_set_hidden(
            entry=entry, user=request.auth, hidden=payload.hidden
        )
    except Http404 as error:
        return _not_found(error)
    return Status(200, _entry_out(entry))


def _own_component(user, component_id: int) -> DossierComponent:
    """A component of a dossier the user may see (404 otherwise)."""
    visible = dossiers_visible_to(user)
    return get_object_or_404(
        DossierComponent.objects.select_related("component", "dossier"),
        pk=component_id,
        dossier__in=visible,
    )


@router.get(
    "/components/{int:component_id}/offers",
    response={200: list[StoreEntryOut], 404: DocumentsRefusalOut},
    summary="Documents of my store that a component of my dossier may reuse",
)
def component_offers(request: HttpRequest, component_id: int):
    """For the dossier's owner only: staff see entries through dossiers, not offers."""
    try:
        component = _own_component(request.auth, component_id)
        if component.dossier.owner_id != request.auth.pk:
            raise Http404
    except Http404:
        return Status(404, {"code": "not_found", "detail": _("No such dossier.")})
    entries = selectors.store_entries_matching(
        owner=request.auth, component=component, on=timezone.localdate()
    )
    return Status(200, [_entry_out(e) for e in entries])


@router.post(
    "/components/{int:component_id}/reuse",
    response={200: ReusedComponentOut, **REFUSALS},
    summary="Reuse a document of the owner's store for a component",
)
def component_reuse(request: HttpRequest, component_id: int, payload: StoreReuseIn):
    """The owner online, or a counter officer with `consent: true` (the citizen agreed)."""
    try:
        component = _own_component(request.auth, component_id)
        entry = StoreEntry.objects.filter(pk=payload.entry).first()
        if entry is None:
            raise ValidationError(
                _("This document of the store does not match the component or is no longer valid."),
                code="not_offered",
            )
        done = services.component_reuse(
            dossier_component=component, entry=entry, user=request.auth, consent=payload.consent
        )
    except Http404:
        return Status(404, {"code": "not_found", "detail": _("No such dossier.")})
    except ValidationError as error:
        return _refused(error)
    return Status(
        200,
        {
            "id": done.pk,
            "is_reused": done.is_reused,
            "is_digitised": done.is_digitised,
            "reused_entry": done.reused_entry_id,
            "reuse_source": done.reuse_source,
            "reuse_consent": done.reuse_consent,
        },
    )


def _result_out(result: DossierResult, stored: StoredFile) -> dict:
    result.refresh_from_db(fields=["signature_state", "signed_at"])
    return {
        "result": result.pk,
        "signature_state": result.signature_state,
        "signed_at": result.signed_at,
        "file": _file_out(stored),
    }


def _result(result_id: int) -> DossierResult:
    result = DossierResult.objects.filter(pk=result_id).first()
    if result is None:
        raise Http404(_("No such result."))
    return result


@router.post(
    "/results/{int:result_id}/file",
    response={200: ResultFileOut, **REFUSALS},
    summary="Attach the PDF of a result (before it is signed)",
)
def result_attach(request: HttpRequest, result_id: int, file: File[UploadedFile]):
    try:
        result = _result(result_id)
        stored = services.result_file_attach(result=result, upload=file, user=request.auth)
    except Http404 as error:
        return _not_found(error)
    except ValidationError as error:
        return _refused(error)
    return Status(200, _result_out(result, stored))


@router.post(
    "/results/{int:result_id}/sign",
    response={200: ResultFileOut, **REFUSALS},
    summary="Sign a result's PDF (agency leaders)",
)
def result_sign(request: HttpRequest, result_id: int):
    try:
        result = _result(result_id)
        stored = services.result_sign(result=result, user=request.auth)
    except Http404 as error:
        return _not_found(error)
    except ValidationError as error:
        return _refused(error)
    return Status(200, _result_out(result, stored))
