from enum import StrEnum

from django.db import models
from django.utils.translation import gettext_lazy as _

from motcua.core.models import AuditEventKind


class FileType(models.TextChoices):
    """File types the system accepts, always as detected from the content."""

    PDF = "pdf", "PDF"
    JPEG = "jpeg", "JPEG"
    PNG = "png", "PNG"
    DOCX = "docx", "DOCX"
    XLSX = "xlsx", "XLSX"
    XML = "xml", "XML"


MIME_TYPES: dict[str, str] = {
    FileType.PDF: "application/pdf",
    FileType.JPEG: "image/jpeg",
    FileType.PNG: "image/png",
    FileType.DOCX: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    FileType.XLSX: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    FileType.XML: "application/xml",
}

# The extension a stored file is given, and every extension a user's name may carry for it.
EXTENSIONS: dict[str, tuple[str, ...]] = {
    FileType.PDF: ("pdf",),
    FileType.JPEG: ("jpg", "jpeg"),
    FileType.PNG: ("png",),
    FileType.DOCX: ("docx",),
    FileType.XLSX: ("xlsx",),
    FileType.XML: ("xml",),
}

# Scans of paper documents (TT 01/2023/TT-VPCP): page images or a PDF of them.
SCAN_TYPES = frozenset({FileType.PDF, FileType.JPEG, FileType.PNG})

# Browsers may show these in a tab; everything else is always downloaded.
INLINE_TYPES = frozenset({FileType.PDF, FileType.JPEG, FileType.PNG})


class DigitisationState(models.TextChoices):
    DIGITISED = "digitised", _("Digitised")
    EXEMPT = "exempt", _("Exempt from digitisation")


class ExemptionReason(models.TextChoices):
    """Why a component is not digitised (TT 01/2023/TT-VPCP, TT 03/2025/TT-VPCP Điều 5)."""

    SHOWN_ONLY = "shown_only", _("The original is only shown for checking")
    NOT_REQUIRED = "not_required", _("The catalogue does not require digitising it")


class StoreSource(models.TextChoices):
    """Where a document of the citizen's store came from (the sync's DuocTaiSuDung kinds)."""

    DIGITISED_COMPONENT = "digitised_component", _("Digitised component of an earlier dossier")
    ELECTRONIC_RESULT = "electronic_result", _("Electronic result")
    NATIONAL_DATABASE = "national_database", _("National or sector database")


class UploadError(StrEnum):
    """Stable codes of refused uploads, for API clients and tests."""

    EMPTY = "empty"
    TOO_LARGE = "too_large"
    DOSSIER_QUOTA = "dossier_quota"
    TYPE_NOT_ALLOWED = "type_not_allowed"
    UNKNOWN_TYPE = "unknown_type"
    EXTENSION_MISMATCH = "extension_mismatch"
    PDF_ENCRYPTED = "pdf_encrypted"
    PDF_MALFORMED = "pdf_malformed"
    IMAGE_MALFORMED = "image_malformed"
    OFFICE_MALFORMED = "office_malformed"
    OFFICE_MACROS = "office_macros"
    XML_MALFORMED = "xml_malformed"
    XML_DOCTYPE = "xml_doctype"


class DigitisationError(StrEnum):
    """Stable codes of refused digitisation requests."""

    NO_SCANS = "no_scans"
    BAD_PAGE_COUNT = "bad_page_count"
    PAGE_MISMATCH = "page_mismatch"
    EXEMPT = "exempt"
    NOT_EXEMPT = "not_exempt"
    ALREADY_ELECTRONIC = "already_electronic"


class ResultError(StrEnum):
    """Stable codes of refused result-file and signing requests."""

    WRONG_STATE = "wrong_state"
    NO_FILE = "no_file"
    ALREADY_SIGNED = "already_signed"
    NO_SIGNER = "no_signer"
    CHANGED = "changed"


class DocumentsAuditKind:
    """The audit-log kinds this app writes, as core's ``AuditEventKind`` lists them."""

    RESULT_SIGNED = AuditEventKind.RESULT_SIGNED
    FILE_REMOVED_AFTER_RETENTION = AuditEventKind.FILE_RETENTION_REMOVED
    ORPHAN_BYTES_REMOVED = AuditEventKind.FILE_ORPHAN_REMOVED


class ReuseError(StrEnum):
    """Stable codes of refused reuse from the citizen's store."""

    NOT_OFFERED = "not_offered"
    WRONG_STATE = "wrong_state"
    CONSENT_REQUIRED = "consent_required"
    HAS_FILES = "has_files"


class VerifyError(StrEnum):
    """Stable codes of refused verification requests."""

    TOO_LARGE = "too_large"
    EMPTY = "empty"
    LOOKUP_INCOMPLETE = "lookup_incomplete"
    TOO_MANY = "too_many"
