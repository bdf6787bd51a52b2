"""Writes: storing uploaded files, deleting them, digitising dossier components.

Every refusal happens before anything is written, and whatever was written before an
error is undone: rows by the transaction, bytes in storage by ``_blobs_removed_on_error``.
A caller that rolls back its own outer transaction after a successful call leaves bytes
without a row; they are harmless (unreachable), and ``retention_review --orphans`` lists
and removes them (retention.py).
"""

from __future__ import annotations

import hashlib
from collections.abc import Collection, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile, UploadedFile
from django.db import transaction
from django.db.models import QuerySet
from django.http import Http404
from django.utils import timezone, translation
from django.utils.translation import gettext as _

import structlog

from motcua.accounts.constants import Role
from motcua.core.audit import audit_record
from motcua.dossiers.access import OWNER_ROLE, Actor, dossier_actor
from motcua.dossiers.constants import DossierStatus, EventKind, ResultSignatureState
from motcua.dossiers.error_codes import DossierError
from motcua.dossiers.models import Dossier, DossierComponent, DossierResult
from motcua.dossiers.services.tracks import dossier_digitisation_refresh
from motcua.dossiers.services.transitions import event_write
from motcua.dossiers.workflow import IN_HAND, PRE_INTAKE, Action

from . import selectors, signers
from .access import access_own_store_entry, access_result_attach, access_result_sign
from .constants import (
    EXTENSIONS,
    SCAN_TYPES,
    DigitisationError,
    DigitisationState,
    DocumentsAuditKind,
    FileType,
    ResultError,
    ReuseError,
    StoreSource,
    UploadError,
)
from .inspection import Inspection, clean_original_name, inspect_file, refuse
from .models import ComponentDigitisation, StoredFile, StoreEntry
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
        _store_entry_from_component(component)
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


# --- Electronic results: the file and the leader's signature ----------------------------

# Results are drafted, numbered and signed between the decision and the delivery.
RESULT_FILE_STATES = frozenset({DossierStatus.RESOLVED})


def _result_locked(result: DossierResult) -> DossierResult:
    """Lock the dossier (delivery checks signatures under the same lock), then the result."""
    Dossier.objects.select_for_update().filter(pk=result.dossier_id).values_list("pk").first()
    return (
        DossierResult.objects.select_for_update(of=("self",))
        .select_related("dossier__competent_agency", "dossier__owner", "dossier__case", "file")
        .get(pk=result.pk)
    )


def _result_editable(result: DossierResult) -> None:
    if result.dossier.status not in RESULT_FILE_STATES:
        raise ValidationError(
            _(
                "The result's file can be attached and signed only while the dossier is resolved "
                "and not yet delivered."
            ),
            code=ResultError.WRONG_STATE,
        )
    if result.signature_state == ResultSignatureState.SIGNED:
        raise ValidationError(
            _("This result is already signed; a signed result cannot be changed."),
            code=ResultError.ALREADY_SIGNED,
        )


def result_file_attach(*, result: DossierResult, upload: UploadedFile, user) -> StoredFile:
    """Attach the PDF of a result before it is signed; a new file replaces the draft.

    Officers of the issuing agency only (``access_result_attach``). PDF only, checked by
    content like every upload.
    """
    result, _actor = access_result_attach(user, result.pk)
    _result_editable(result)
    checked = upload_check(upload=upload, allowed_types={FileType.PDF})
    with transaction.atomic(), _blobs_removed_on_error() as keys:
        locked = _result_locked(result)
        _result_editable(locked)
        _check_dossier_quota(locked.dossier_id, checked.size, None)
        stored = _store(
            checked,
            keys=keys,
            uploaded_by=user,
            dossier_component=None,
            dossier_result=locked,
            position=1,
        )
        previous = locked.file
        locked.file = stored
        locked.save(update_fields=["file"])
        if previous is not None:
            stored_file_delete(stored_file=previous)
    logger.info("result_file_attached", result_id=locked.pk, stored_file_id=stored.pk)
    return stored


def _signer_title(actor_role: str) -> str:
    with translation.override("vi"):
        return str(Role(actor_role).label)


def result_sign(*, result: DossierResult, user) -> StoredFile:
    """Sign the result's PDF for a leader of the issuing agency and make it the result.

    The signer is the person's configured one (``signers.signer_for``): the stamp shows
    the name in the certificate, the title and the time. The signed file replaces the
    draft, the dossier's log and the audit log record it, and the citizen's store
    receives the result when the dossier belongs to an account.
    """
    result, actor = access_result_sign(user, result.pk)
    _result_editable(result)
    if result.file_id is None:
        raise ValidationError(
            _("Attach the PDF of the result before signing it."), code=ResultError.NO_FILE
        )
    dossier = result.dossier
    signer = signers.signer_for(
        username=user.get_username(),
        agency_codes=[actor.agency.code, dossier.competent_agency.code],
        title=_signer_title(actor.role),
    )
    if signer is None:
        raise ValidationError(
            _("No signing key is configured for you or your agency; ask the administrator."),
            code=ResultError.NO_SIGNER,
        )
    draft = result.file
    with document_storage().open(draft.storage_key, "rb") as handle:
        pdf = handle.read()
    with translation.override("vi"):
        reason = _("Result of dossier %(code)s") % {"code": dossier.code or dossier.pk}
    # Signing takes about a second: done before the locks, then checked again under them.
    signed = signer.sign_pdf(pdf, reason=reason, location=dossier.competent_agency.name)

    now = timezone.now()
    with transaction.atomic():
        locked = _result_locked(result)
        _result_editable(locked)
        if locked.file_id != draft.pk:
            raise ValidationError(
                _("The result's file was replaced while it was being signed; sign again."),
                code=ResultError.CHANGED,
            )
        stored = stored_file_create(
            upload=SimpleUploadedFile(draft.original_name, signed, "application/pdf"),
            uploaded_by=user,
            allowed_types={FileType.PDF},
            dossier_result=locked,
        )
        locked.file = stored
        locked.signature_state = ResultSignatureState.SIGNED
        locked.signed_at = now
        locked.signed_by = user
        locked.signer = locked.signer or signer.name
        locked.save(update_fields=["file", "signature_state", "signed_at", "signed_by", "signer"])
        stored_file_delete(stored_file=draft)
        locked_dossier = locked.dossier
        event_write(
            dossier=locked_dossier,
            kind=EventKind.RESULT_SIGNED,
            actor=actor,
            at=now,
            from_status=locked_dossier.status,
            to_status=locked_dossier.status,
            data={
                "result": locked.pk,
                "number": locked.number,
                "signer": signer.name,
                "sha256": stored.sha256,
            },
        )
        audit_record(
            kind=DocumentsAuditKind.RESULT_SIGNED,
            actor=user,
            target=locked,
            dossier=locked_dossier.code,
            signer=signer.name,
            sha256=stored.sha256,
        )
        _after_result_signed(locked, stored)
    logger.info("result_signed", result_id=locked.pk, stored_file_id=stored.pk)
    return stored


def _after_result_signed(result: DossierResult, stored: StoredFile) -> None:
    """The signed result goes into the owner's store (NĐ 45/2020 Điều 16), if there is one."""
    dossier = result.dossier
    if dossier.owner_id is None:
        return
    StoreEntry.objects.update_or_create(
        source_result=result,
        defaults={
            "owner_id": dossier.owner_id,
            "document_code": dossier.case.result_code,
            "name": result.name,
            "number": result.number,
            "issued_on": result.issued_on or timezone.localdate(result.signed_at),
            "issuer": dossier.competent_agency.name,
            "source": StoreSource.ELECTRONIC_RESULT,
            "stored_file": stored,
            "source_dossier": dossier,
        },
    )


# --- The citizen's data store (Kho) and reuse -------------------------------------------


def _store_entry_from_component(component: DossierComponent) -> StoreEntry | None:
    """A digitised component of an account's dossier joins that account's store."""
    dossier = Dossier.objects.only("owner_id").get(pk=component.dossier_id)
    if dossier.owner_id is None:
        return None
    catalogue = component.component
    entry, _created = StoreEntry.objects.update_or_create(
        source_component=component,
        defaults={
            "owner_id": dossier.owner_id,
            "document_code": catalogue.document_type or catalogue.code,
            "name": catalogue.name,
            "source": StoreSource.DIGITISED_COMPONENT,
            "source_dossier_id": component.dossier_id,
        },
    )
    return entry


def store_entry_create(
    *,
    owner,
    name: str,
    source: StoreSource,
    stored_file: StoredFile,
    document_code: str = "",
    number: str = "",
    issued_on=None,
    issuer: str = "",
    valid_until=None,
) -> StoreEntry:
    """Add a document fetched for the owner (e.g. from a national database) to their store."""
    if valid_until is not None and issued_on is not None and valid_until < issued_on:
        raise ValidationError(
            _("The end of validity cannot be before the date of issue."), code="bad_validity"
        )
    return StoreEntry.objects.create(
        owner=owner,
        name=name,
        source=source,
        stored_file=stored_file,
        document_code=document_code,
        number=number,
        issued_on=issued_on,
        issuer=issuer,
        valid_until=valid_until,
    )


def store_entry_set_hidden(*, entry: StoreEntry, user, hidden: bool) -> StoreEntry:
    """The owner hides an entry (it is no longer offered for reuse) or shows it again."""
    entry = access_own_store_entry(user, entry.pk)
    if entry.hidden != hidden:
        entry.hidden = hidden
        entry.save(update_fields=["hidden"])
        logger.info("store_entry_hidden" if hidden else "store_entry_shown", entry_id=entry.pk)
    return entry


def _reuse_actor(user, dossier: Dossier, consent: bool) -> Actor:
    """Online, the owner picks; at the counter, an officer picks with the citizen's consent."""
    if user.is_authenticated and user.pk == dossier.owner_id:
        if dossier.status not in PRE_INTAKE:
            raise ValidationError(
                _("Documents can be picked from your store only before the dossier is received."),
                code=ReuseError.WRONG_STATE,
            )
        return Actor(user=user, role=OWNER_ROLE, agency=None)
    try:
        actor = dossier_actor(user, dossier, Action.DIGITISE)
    except DossierError:
        raise Http404(_("No such dossier.")) from None
    if dossier.status not in IN_HAND | PRE_INTAKE:
        raise ValidationError(
            _("Documents can no longer be added to this dossier."), code=ReuseError.WRONG_STATE
        )
    if not consent:
        raise ValidationError(
            _("Record the citizen's consent before using a document from their store."),
            code=ReuseError.CONSENT_REQUIRED,
        )
    return actor


def component_reuse(
    *, dossier_component: DossierComponent, entry: StoreEntry, user, consent: bool = False
) -> DossierComponent:
    """Use a document of the owner's store for a component instead of a new upload or scan.

    The dossier records the entry and its kind of source (for the national sync and the
    reuse indicator); the component counts as digitised, since its electronic copy exists.
    """
    now = timezone.now()
    with transaction.atomic():
        dossier = Dossier.objects.select_for_update().get(pk=dossier_component.dossier_id)
        component = (
            DossierComponent.objects.select_for_update(of=("self",))
            .select_related("component")
            .get(pk=dossier_component.pk)
        )
        actor = _reuse_actor(user, dossier, consent)
        offered = _offered(dossier, component, on=timezone.localdate(now))
        if not offered.filter(pk=entry.pk).exists():
            raise ValidationError(
                _("This document of the store does not match the component or is no longer valid."),
                code=ReuseError.NOT_OFFERED,
            )
        if component.files.exists():
            raise ValidationError(
                _("This component already has its own files; remove them before reusing one."),
                code=ReuseError.HAS_FILES,
            )
        entry = StoreEntry.objects.get(pk=entry.pk)
        component.is_reused = True
        component.is_digitised = True
        component.reused_entry = entry
        component.reuse_source = entry.source
        component.reused_at = now
        component.reused_by = user
        component.reuse_consent = actor.role != OWNER_ROLE and consent
        component.save(
            update_fields=[
                "is_reused",
                "is_digitised",
                "reused_entry",
                "reuse_source",
                "reused_at",
                "reused_by",
                "reuse_consent",
            ]
        )
        dossier_digitisation_refresh(dossier_id=dossier.pk)
        event_write(
            dossier=dossier,
            kind=EventKind.COMPONENT_REUSED,
            actor=actor,
            at=now,
            from_status=dossier.status,
            to_status=dossier.status,
            data={
                "component": component.component_id,
                "entry": entry.pk,
                "source": entry.source,
                "source_dossier": entry.source_dossier_id,
                "consent": component.reuse_consent,
            },
        )
    logger.info("component_reused", dossier_component_id=component.pk, entry_id=entry.pk)
    dossier_component.refresh_from_db()
    return component


def _offered(dossier: Dossier, component: DossierComponent, *, on) -> QuerySet[StoreEntry]:
    return selectors.store_entries_matching(owner=dossier.owner, component=component, on=on)
