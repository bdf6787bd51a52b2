"""Writes: storing uploaded files, deleting them, digitising dossier components.

Every refusal happens before anything is written, and whatever was written before an
error is undone: rows by the transaction, bytes in storage by ``_blobs_removed_on_error``.
A caller that rolls back its own outer transaction after a successful call leaves bytes
without a row; they are harmless (unreachable) and are listed by the storage sweep that
retention will bring (docs/documents.md).
"""

from __future__ import annotations

import hashlib
from collections.abc import Collection, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

import structlog

from motcua.dossiers.models import Dossier, DossierComponent, DossierResult
from motcua.dossiers.services.tracks import dossier_digitisation_refresh

from . import selectors
from .constants import (
    EXTENSIONS,
    SCAN_TYPES,
    DigitisationError,
    DigitisationState,
    UploadError,
)
from .inspection import Inspection, clean_original_name, inspect_file, refuse
from .models import ComponentDigitisation, StoredFile
from .storage import document_storage, new_storage_key

logger = structlog.get_logger(__name__)

MB = 1024 * 1024


@dataclass(frozen=True)
class CheckedUpload:
    """An upload that passed every check, with what the row will record."""

    upload: UploadedFile
    inspection: Inspection
    size: int
    sha256: str


def _megabytes(limit: int) -> str:
    return f"{limit / MB:g}"


def upload_check(
    *,
    upload: UploadedFile,
    allowed_types: Collection[str],
    max_file_bytes: int | None = None,
) -> CheckedUpload:
    """Check an upload without writing anything; raise ``ValidationError`` when refused.

    The accepted types are ``allowed_types`` narrowed by the site-wide
    ``DOCUMENTS_ALLOWED_TYPES``. The file is read in chunks (Django keeps uploads above
    2.5 MB in a temporary file), never copied into memory whole.
    """
    limit = max_file_bytes or settings.DOCUMENTS_MAX_FILE_MB * MB
    too_large = refuse(
        UploadError.TOO_LARGE,
        _("The file is larger than the limit of %(limit)s MB."),
        limit=_megabytes(limit),
    )
    if upload.size is not None and upload.size > limit:
        raise too_large  # before reading a byte of it
    allowed = set(allowed_types) & set(settings.DOCUMENTS_ALLOWED_TYPES)
    inspection = inspect_file(upload, size=upload.size or 0, name=upload.name, allowed=allowed)
    digest, size = hashlib.sha256(), 0
    for chunk in upload.chunks():
        digest.update(chunk)
        size += len(chunk)
    if size > limit:
        raise too_large
    return CheckedUpload(upload=upload, inspection=inspection, size=size, sha256=digest.hexdigest())


@contextmanager
def _blobs_removed_on_error() -> Iterator[list[str]]:
    """Collect storage keys written inside the block; delete them if the block fails."""
    keys: list[str] = []
    try:
        yield keys
    except BaseException:
        storage = document_storage()
        for key in keys:
            storage.delete(key)
        raise


def _owner_dossier_id(
    dossier_component: DossierComponent | None, dossier_result: DossierResult | None
) -> int | None:
    if dossier_component is not None and dossier_result is not None:
        raise ValueError("A stored file belongs to one owner at most.")
    owner = dossier_component or dossier_result
    return owner.dossier_id if owner is not None else None


def _store(
    checked: CheckedUpload,
    *,
    keys: list[str],
    uploaded_by,
    dossier_component: DossierComponent | None,
    dossier_result: DossierResult | None,
    position: int,
) -> StoredFile:
    key = new_storage_key(EXTENSIONS[checked.inspection.file_type][0])
    # The storage streams from the upload (chunks, or a move of Django's temporary file).
    saved_key = document_storage().save(key, checked.upload)
    keys.append(saved_key)
    return StoredFile.objects.create(
        original_name=checked.inspection.name,
        file_type=checked.inspection.file_type,
        size=checked.size,
        sha256=checked.sha256,
        page_count=checked.inspection.pages,
        storage_key=saved_key,
        uploaded_by=uploaded_by,
        position=position,
        dossier_component=dossier_component,
        dossier_result=dossier_result,
    )


def _check_dossier_quota(dossier_id: int, adding: int, max_dossier_bytes: int | None) -> None:
    limit = max_dossier_bytes or settings.DOCUMENTS_MAX_DOSSIER_MB * MB
    # Lock the dossier so two uploads at once cannot both fit in the last free megabytes.
    Dossier.objects.select_for_update().filter(pk=dossier_id).values_list("pk").first()
    if selectors.dossier_files_size(dossier_id) + adding > limit:
        raise refuse(
            UploadError.DOSSIER_QUOTA,
            _("The files of this dossier would exceed the limit of %(limit)s MB in total."),
            limit=_megabytes(limit),
        )


def stored_file_create(
    *,
    upload: UploadedFile,
    uploaded_by,
    allowed_types: Collection[str],
    dossier_component: DossierComponent | None = None,
    dossier_result: DossierResult | None = None,
    position: int = 1,
    max_file_bytes: int | None = None,
    max_dossier_bytes: int | None = None,
) -> StoredFile:
    """Check and store one upload, optionally as a file of a dossier component or result.

    ``max_file_bytes`` and ``max_dossier_bytes`` default to ``DOCUMENTS_MAX_FILE_MB`` and
    ``DOCUMENTS_MAX_DOSSIER_MB``; the dossier limit counts every file of the owner's dossier.
    """
    dossier_id = _owner_dossier_id(dossier_component, dossier_result)
    checked = upload_check(
        upload=upload, allowed_types=allowed_types, max_file_bytes=max_file_bytes
    )
    with transaction.atomic(), _blobs_removed_on_error() as keys:
        if dossier_id is not None:
            _check_dossier_quota(dossier_id, checked.size, max_dossier_bytes)
        stored = _store(
            checked,
            keys=keys,
            uploaded_by=uploaded_by,
            dossier_component=dossier_component,
            dossier_result=dossier_result,
            position=position,
        )
    logger.info(
        "stored_file_created",
        stored_file_id=stored.pk,
        file_type=stored.file_type,
        size=stored.size,
        dossier_id=dossier_id,
    )
    return stored


def stored_file_delete(*, stored_file: StoredFile) -> None:
    """Delete the row now and the bytes once the transaction commits (a rollback keeps both)."""
    key = stored_file.storage_key
    stored_file.delete()
    transaction.on_commit(lambda: document_storage().delete(key))


# --- Digitisation at the counter -------------------------------------------------------


def _named(upload: UploadedFile, error: ValidationError) -> ValidationError:
    """Prefix each message with the file it is about: the officer may attach several scans."""
    return ValidationError(
        [
            ValidationError(
                _("%(name)s: %(reason)s"),
                code=e.code,
                params={"name": clean_original_name(upload.name), "reason": message},
            )
            for e, message in zip(error.error_list, error.messages, strict=True)
        ]
    )


def component_digitise(
    *,
    dossier_component: DossierComponent,
    scans: Sequence[UploadedFile],
    paper_pages: int,
    digitised_by,
    max_dossier_bytes: int | None = None,
) -> ComponentDigitisation:
    """Attach the scans of a paper component and mark it digitised.

    TT 01/2023/TT-VPCP Điều 8.2: the electronic copy has one image per page of the
    original, so the pages of the scans (a PDF counts its pages, an image counts one) must
    add up to ``paper_pages``. Scanning again replaces the earlier scans.
    """
    catalogue_component = dossier_component.component
    reason = selectors.digitisation_exemption(catalogue_component)
    if reason is not None:
        raise ValidationError(
            _("This component is exempt from digitisation: %(reason)s."),
            code=DigitisationError.EXEMPT,
            params={"reason": reason.label},
        )
    if not isinstance(paper_pages, int) or paper_pages < 1:
        raise ValidationError(
            _("Enter the number of pages of the paper original (at least 1)."),
            code=DigitisationError.BAD_PAGE_COUNT,
        )
    if not scans:
        raise ValidationError(
            _("Attach the scans of the component."), code=DigitisationError.NO_SCANS
        )

    checked, errors = [], []
    for scan in scans:
        try:
            checked.append(upload_check(upload=scan, allowed_types=SCAN_TYPES))
        except ValidationError as error:
            errors.extend(_named(scan, error).error_list)
    if errors:
        raise ValidationError(errors)
    scanned = sum(c.inspection.pages for c in checked)
    if scanned != paper_pages:
        raise ValidationError(
            _(
                "The scans have %(scanned)s pages but the paper original has %(paper)s; "
                "scan every page, in order."
            ),
            code=DigitisationError.PAGE_MISMATCH,
            params={"scanned": scanned, "paper": paper_pages},
        )

    with transaction.atomic(), _blobs_removed_on_error() as keys:
        component = DossierComponent.objects.select_for_update().get(pk=dossier_component.pk)
        earlier = ComponentDigitisation.objects.filter(dossier_component=component).first()
        existing = list(selectors.component_files(component.pk))
        if existing and earlier is None:
            # Files without a digitisation record came with an online submission: they
            # are the electronic component itself, not scans to be replaced.
            raise ValidationError(
                _("This component was submitted as electronic files; it needs no scanning."),
                code=DigitisationError.ALREADY_ELECTRONIC,
            )
        for old in existing:  # a rescan replaces the scans of the earlier digitisation
            stored_file_delete(stored_file=old)
        _check_dossier_quota(component.dossier_id, sum(c.size for c in checked), max_dossier_bytes)
        for position, item in enumerate(checked, start=1):
            _store(
                item,
                keys=keys,
                uploaded_by=digitised_by,
                dossier_component=component,
                dossier_result=None,
                position=position,
            )
        record, _created = ComponentDigitisation.objects.update_or_create(
            dossier_component=component,
            defaults={
                "state": DigitisationState.DIGITISED,
                "paper_pages": paper_pages,
                "exemption_reason": "",
                "recorded_by": digitised_by,
                "recorded_at": timezone.now(),
            },
        )
        component.is_digitised = True
        component.save(update_fields=["is_digitised"])
        dossier_digitisation_refresh(dossier_id=component.dossier_id)
    dossier_component.is_digitised = True
    logger.info(
        "component_digitised",
        dossier_component_id=component.pk,
        pages=paper_pages,
        files=len(checked),
    )
    return record


def component_flag_exempt(
    *, dossier_component: DossierComponent, flagged_by
) -> ComponentDigitisation:
    """Record that a component is not digitised, and why (shown only, or not required)."""
    reason = selectors.digitisation_exemption(dossier_component.component)
    if reason is None:
        raise ValidationError(
            _("This component must be digitised; it cannot be marked exempt."),
            code=DigitisationError.NOT_EXEMPT,
        )
    with transaction.atomic():
        record, _created = ComponentDigitisation.objects.update_or_create(
            dossier_component=dossier_component,
            defaults={
                "state": DigitisationState.EXEMPT,
                "paper_pages": None,
                "exemption_reason": reason,
                "recorded_by": flagged_by,
                "recorded_at": timezone.now(),
            },
        )
        dossier_digitisation_refresh(dossier_id=dossier_component.dossier_id)
    return record


def dossier_flag_exempt_components(*, dossier: Dossier, flagged_by) -> list[ComponentDigitisation]:
    """Flag every exempt component of the dossier not recorded yet (after intake)."""
    pending = (
        DossierComponent.objects.filter(dossier=dossier, digitisation__isnull=True)
        .select_related("component")
        .order_by("pk")
    )
    return [
        component_flag_exempt(dossier_component=c, flagged_by=flagged_by)
        for c in pending
        if selectors.digitisation_exemption(c.component) is not None
    ]
