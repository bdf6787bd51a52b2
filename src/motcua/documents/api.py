"""REST API of the documents app: public verification of electronic results."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils.translation import gettext as _

from ninja import File, Form, Router, Schema, Status
from ninja.files import UploadedFile

from motcua.core.audit import client_ip

from .constants import VerifyError
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


class RefusalOut(Schema):
    code: str
    detail: str


@router.post(
    "/verify",
    auth=None,
    response={200: VerdictOut, 400: RefusalOut, 413: RefusalOut, 429: RefusalOut},
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
