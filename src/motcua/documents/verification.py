"""Is this a genuine result of ours? Public verification of electronic results.

A file is authentic only when both hold:

- its signatures validate against the configured trust roots and cover the whole file
  (``signing.pdf_verify``): nobody changed a byte after signing;
- its SHA-256 is that of a result this system signed (``DossierResult.file``): a valid
  signature from some other document, or from a certificate we never used for a result,
  is not one of our results.

Without a file, the dossier code and the result number say whether such a signed result
exists, by whom and when. Nothing personal is answered: no applicant, no file.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass
from io import BytesIO

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.utils import timezone
from django.utils.translation import gettext as _

import structlog

from motcua.dossiers.constants import ResultSignatureState
from motcua.dossiers.models import DossierResult

from . import signing
from .constants import VerifyError

logger = structlog.get_logger(__name__)

MB = 1024 * 1024


@dataclass(frozen=True)
class Verdict:
    """What verification found; ``authentic`` is the answer, the rest explains it."""

    authentic: bool
    summary: str
    signature_valid: bool | None = None  # None: no file was given (lookup by number)
    issued_here: bool = False  # matches a result this system signed
    result_name: str = ""
    result_number: str = ""
    dossier_code: str = ""
    issuer: str = ""
    signer_name: str = ""
    signed_at: dt.datetime | None = None
    sha256: str = ""  # of the result as issued


def _issued(result: DossierResult | None, **fields) -> dict:
    if result is None:
        return fields
    return {
        "issued_here": True,
        "result_name": result.name,
        "result_number": result.number,
        "dossier_code": result.dossier.code,
        "issuer": result.dossier.competent_agency.name,
        "signer_name": result.signer,
        "signed_at": timezone.localtime(result.signed_at) if result.signed_at else None,
        "sha256": result.file.sha256 if result.file_id else "",
        **fields,
    }


def _signed_results():
    return DossierResult.objects.filter(
        signature_state=ResultSignatureState.SIGNED, file__isnull=False
    ).select_related("dossier__competent_agency", "file")


def result_verify_file(upload: UploadedFile) -> Verdict:
    """Verify an uploaded PDF; ``ValidationError`` only for a file too large or empty."""
    limit = settings.DOCUMENTS_VERIFY_MAX_MB * MB
    if upload.size is not None and upload.size > limit:
        raise ValidationError(
            _("The file is larger than the limit of %(limit)s MB."),
            code=VerifyError.TOO_LARGE,
            params={"limit": settings.DOCUMENTS_VERIFY_MAX_MB},
        )
    digest, chunks, size = hashlib.sha256(), [], 0
    for chunk in upload.chunks():
        size += len(chunk)
        if size > limit:
            raise ValidationError(
                _("The file is larger than the limit of %(limit)s MB."),
                code=VerifyError.TOO_LARGE,
                params={"limit": settings.DOCUMENTS_VERIFY_MAX_MB},
            )
        digest.update(chunk)
        chunks.append(chunk)
    if size == 0:
        raise ValidationError(_("Choose a PDF file to verify."), code=VerifyError.EMPTY)
    sha256 = digest.hexdigest()
    check = signing.pdf_verify(BytesIO(b"".join(chunks)))
    result = _signed_results().filter(file__sha256=sha256).first()
    authentic = check.valid and result is not None
    if authentic:
        summary = _(
            "Authentic: this is a result issued by the system, unchanged since it was signed."
        )
    elif result is not None:
        # Our bytes, but the signature does not validate here: the trust roots changed.
        summary = _(
            "The file is a result issued by the system, but its signature cannot be validated "
            "against the trusted certificates now; contact the issuing agency."
        )
    elif check.valid:
        summary = _("The signature is valid, but the file is not a result issued by this system.")
    else:
        summary = _("Not authentic: %(reason)s") % {"reason": check.summary}
    logger.info(
        "result_verified", authentic=authentic, issued_here=result is not None, valid=check.valid
    )
    return Verdict(
        **_issued(
            result,
            authentic=authentic,
            summary=summary,
            signature_valid=check.valid,
            signer_name=(result.signer if result else "") or check.signer_name,
        )
    )


def result_lookup(*, dossier_code: str, number: str) -> Verdict:
    """Whether a signed result with this number exists in the dossier with this code."""
    dossier_code, number = dossier_code.strip(), number.strip()
    if not dossier_code or not number:
        raise ValidationError(
            _("Enter both the dossier code and the number of the result."),
            code=VerifyError.LOOKUP_INCOMPLETE,
        )
    result = _signed_results().filter(dossier__code=dossier_code, number__iexact=number).first()
    if result is None:
        return Verdict(
            authentic=False,
            summary=_("No signed result with this number was issued for this dossier code."),
        )
    return Verdict(
        **_issued(
            result,
            authentic=True,
            summary=_(
                "A signed result with this number was issued for this dossier. Compare the "
                "details below with your copy, or upload the file to check it."
            ),
        )
    )


def verification_allowed(address: str | None) -> bool:
    """Count one verification from this address; False once over the hourly limit.

    In the cache: per process with the default in-memory cache, shared between processes
    when a shared cache is configured (docs/documents.md).
    """
    key = f"documents-verify:{address or 'unknown'}"
    cache.add(key, 0, 3600)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, 3600)
        count = 1
    return count <= settings.DOCUMENTS_VERIFY_PER_HOUR
