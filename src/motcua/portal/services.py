"""Writes of the portal: tracking lookups (and their throttle), registration, drafts,
resumable uploads, online submission and the supplement.

Dossier and file rules stay in their apps: a submission goes through
``dossiers.services.dossier_submit`` and every file through
``documents.services.upload_check`` / ``stored_file_create``.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import os
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files import File
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import Sum
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

import structlog

from motcua.accounts.constants import UserKind
from motcua.accounts.models import User
from motcua.accounts.services import user_create
from motcua.catalog.constants import CopyType, Requirement
from motcua.catalog.models import Component, ProcedureCase
from motcua.documents.constants import FileType
from motcua.documents.inspection import clean_original_name
from motcua.documents.services import MB, stored_file_create, upload_check
from motcua.dossiers.constants import DossierStatus
from motcua.dossiers.inputs import Application, ComponentInput
from motcua.dossiers.models import Dossier, DossierComponent
from motcua.dossiers.services import (
    dossier_submit,
    dossier_submit_completion,
    dossier_submit_supplement,
)

from . import store
from .constants import ThrottleKey, UploadState
from .models import DraftUpload, SubmissionDraft, TrackingFailure

logger = structlog.get_logger(__name__)

# Files a citizen may hand in for a component; the site-wide list narrows it further.
COMPONENT_TYPES = frozenset(FileType.values)
MAX_FILES_PER_COMPONENT = 10
DRAFT_VALUE_MAX_CHARS = 2000
_DIGITS = re.compile(r"\D")


# --- Public tracking --------------------------------------------------------------------


@dataclass(frozen=True)
class TrackingAnswer:
    dossier: Dossier | None
    throttled: bool = False


def _digest(value: str) -> str:
    return hashlib.sha256(value.encode()).hexdigest()


def _failures(kind: ThrottleKey, key: str, since: dt.datetime) -> int:
    return TrackingFailure.objects.filter(key_kind=kind, key=key, at__gte=since).count()


def _factor_matches(dossier: Dossier, factor: str) -> bool:
    factor = factor.strip().upper()
    digits = _DIGITS.sub("", factor)
    if len(factor) == 4 and digits == factor:
        phone = _DIGITS.sub("", dossier.applicant_phone)
        return len(phone) >= 4 and hmac.compare_digest(phone[-4:], factor)
    numbers = [dossier.applicant_id_number, dossier.representative_id_number]
    return any(n and hmac.compare_digest(n.upper(), factor.replace(" ", "")) for n in numbers)


def tracking_lookup(*, code: str, factor: str, address: str) -> TrackingAnswer:
    """The dossier with this code if the second factor matches it; failures are counted.

    A wrong code and a wrong factor look the same to the caller, so codes cannot be
    enumerated; too many failures from one address, or against one code, are refused
    before the database is even asked about the dossier.
    """
    now = timezone.now()
    since = now - dt.timedelta(minutes=settings.PORTAL_TRACKING_WINDOW_MINUTES)
    code = code.strip().upper()
    keys = {ThrottleKey.ADDRESS: _digest(address or "-"), ThrottleKey.CODE: _digest(code)}
    if (
        _failures(ThrottleKey.ADDRESS, keys[ThrottleKey.ADDRESS], since)
        >= settings.PORTAL_TRACKING_FAILURES_PER_ADDRESS
        or _failures(ThrottleKey.CODE, keys[ThrottleKey.CODE], since)
        >= settings.PORTAL_TRACKING_FAILURES_PER_CODE
    ):
        logger.warning("tracking_throttled")
        return TrackingAnswer(dossier=None, throttled=True)
    dossier = Dossier.objects.filter(code=code).first() if code else None
    if dossier is not None and _factor_matches(dossier, factor):
        return TrackingAnswer(dossier=dossier)
    TrackingFailure.objects.bulk_create(
        [TrackingFailure(key_kind=kind, key=key, at=now) for kind, key in keys.items()]
    )
    # Old rows are of no use to the throttle; clearing them here keeps the table small.
    TrackingFailure.objects.filter(at__lt=now - dt.timedelta(days=1)).delete()
    return TrackingAnswer(dossier=None)


# --- Registration -----------------------------------------------------------------------


def citizen_register(
    *,
    kind: UserKind,
    full_name: str,
    identification_number: str,
    phone: str,
    email: str,
    password: str,
    request: HttpRequest | None = None,
) -> User:
    """A citizen or organisation account; it signs in with its identification number."""
    if kind not in (UserKind.CITIZEN, UserKind.ORGANISATION):
        raise ValueError("Only citizens and organisations register themselves.")
    return user_create(
        username=identification_number,
        password=password,
        kind=kind,
        full_name=full_name,
        email=email,
        phone=phone,
        identification_number=identification_number,
        request=request,
    )


# --- Drafts -----------------------------------------------------------------------------


def draft_start(*, user: User, case: ProcedureCase) -> SubmissionDraft:
    """The citizen's unfinished draft for this case, or a new one filled from the account."""
    draft = SubmissionDraft.objects.filter(owner=user, case=case, dossier__isnull=True).first()
    if draft is not None:
        return draft
    return SubmissionDraft.objects.create(
        owner=user,
        case=case,
        answers={
            "applicant_name": user.full_name,
            "applicant_phone": user.phone,
            "applicant_email": user.email,
        },
    )


def draft_save(
    *, draft: SubmissionDraft, data: Mapping[str, str], keys: set[str]
) -> SubmissionDraft:
    """Keep what was typed, valid or not, for the known inputs only."""
    answers = dict(draft.answers)
    for key in keys:
        if key in data:
            answers[key] = str(data.get(key, ""))[:DRAFT_VALUE_MAX_CHARS]
    draft.answers = answers
    draft.save(update_fields=["answers", "updated_at"])
    return draft


def draft_delete(*, draft: SubmissionDraft) -> None:
    paths = [upload_path(u) for u in draft.uploads.all()]
    draft.delete()
    transaction.on_commit(lambda: _unlink(paths))


# --- Resumable uploads ------------------------------------------------------------------


class OffsetMismatch(Exception):
    """The client sent a piece for another offset than the one the server has reached."""

    def __init__(self, expected: int):
        super().__init__(expected)
        self.expected = expected


def upload_path(upload: DraftUpload) -> Path:
    return Path(settings.PORTAL_UPLOAD_DIR) / f"{upload.pk}.part"


def _unlink(paths: Sequence[Path]) -> None:
    for path in paths:
        path.unlink(missing_ok=True)


def _component_of(draft: SubmissionDraft, component_id) -> Component:
    component = None
    if str(component_id).isdigit():
        component = draft.case.components.filter(pk=int(component_id)).first()
    if component is None:
        raise ValidationError(_("This document is not one the procedure asks for."))
    return component


def _room_for_another(draft: SubmissionDraft, component: Component) -> None:
    if draft.uploads.filter(component=component).count() >= MAX_FILES_PER_COMPONENT:
        raise ValidationError(
            _("At most %(n)s files can be attached to one document.")
            % {"n": MAX_FILES_PER_COMPONENT}
        )


def _within_dossier_limit(draft: SubmissionDraft, adding: int) -> None:
    """The dossier's total limit applies already to the draft, so no disk fills up with
    files that could never be submitted."""
    limit = settings.DOCUMENTS_MAX_DOSSIER_MB * MB
    used = draft.uploads.aggregate(total=Sum("size"))["total"] or 0
    if used + adding > limit:
        raise ValidationError(
            _("The files of this dossier would exceed the limit of %(limit)s MB in total.")
            % {"limit": settings.DOCUMENTS_MAX_DOSSIER_MB}
        )


def upload_start(*, draft: SubmissionDraft, component_id, name: str, size: int) -> DraftUpload:
    """Announce a file of ``size`` bytes; its pieces follow with ``upload_append``."""
    component = _component_of(draft, component_id)
    limit = settings.DOCUMENTS_MAX_FILE_MB * MB
    if size <= 0:
        raise ValidationError(_("The file is empty."))
    if size > limit:
        raise ValidationError(
            _("The file is larger than the limit of %(limit)s MB.")
            % {"limit": settings.DOCUMENTS_MAX_FILE_MB}
        )
    _room_for_another(draft, component)
    _within_dossier_limit(draft, size)
    upload = DraftUpload.objects.create(
        draft=draft, component=component, original_name=clean_original_name(name), size=size
    )
    path = upload_path(upload)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.touch()
    return upload


def _finish(upload: DraftUpload) -> DraftUpload:
    """Check the whole file as the documents app would; refuse and forget it if bad."""
    path = upload_path(upload)
    try:
        with path.open("rb") as handle:
            checked = upload_check(
                upload=File(handle, name=upload.original_name),
                allowed_types=COMPONENT_TYPES,
            )
    except ValidationError:
        upload.delete()
        _unlink([path])
        raise
    upload.state = UploadState.COMPLETE
    upload.file_type = checked.inspection.file_type
    upload.save(update_fields=["state", "file_type", "updated_at"])
    return upload


def upload_append(*, upload: DraftUpload, offset: int, data: bytes) -> DraftUpload:
    """Write one piece at ``offset``; a piece for any other offset is refused with the
    offset reached, so a client whose connection dropped resumes exactly there."""
    with transaction.atomic():
        upload = DraftUpload.objects.select_for_update().get(pk=upload.pk)
        if upload.complete or offset != upload.received:
            raise OffsetMismatch(upload.received)
        if not data:
            raise ValidationError(_("The piece of the file is empty."))
        if upload.received + len(data) > upload.size:
            raise ValidationError(_("The file is longer than announced."))
        path = upload_path(upload)
        # r+b and an explicit seek: a piece half written before a failure is overwritten
        # by its retry instead of being appended twice.
        with path.open("r+b") as handle:
            handle.seek(offset)
            handle.write(data)
            handle.truncate()
            handle.flush()
            os.fsync(handle.fileno())
        upload.received = offset + len(data)
        upload.save(update_fields=["received", "updated_at"])
    if upload.received == upload.size:
        return _finish(upload)
    return upload


def upload_whole(*, draft: SubmissionDraft, component_id, uploaded: UploadedFile) -> DraftUpload:
    """A file sent in one request (the form without JavaScript), checked at once."""
    component = _component_of(draft, component_id)
    checked = upload_check(upload=uploaded, allowed_types=COMPONENT_TYPES)
    _room_for_another(draft, component)
    _within_dossier_limit(draft, checked.size)
    upload = DraftUpload.objects.create(
        draft=draft,
        component=component,
        original_name=checked.inspection.name,
        size=checked.size,
        received=checked.size,
        state=UploadState.COMPLETE,
        file_type=checked.inspection.file_type,
    )
    path = upload_path(upload)
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as handle:
        for chunk in uploaded.chunks():
            handle.write(chunk)
    return upload


def upload_remove(*, upload: DraftUpload) -> None:
    path = upload_path(upload)
    upload.delete()
    transaction.on_commit(lambda: _unlink([path]))


# --- Submission -------------------------------------------------------------------------


def _reused(draft: SubmissionDraft) -> dict[int, object]:
    components = list(draft.case.components.all())
    return store.chosen(draft.answers, draft.owner, components, on=timezone.localdate())


def components_missing(draft: SubmissionDraft) -> list[Component]:
    """Mandatory components with neither a complete file nor a document picked from the
    store (an original only shown at the counter is not uploaded)."""
    done = set(
        draft.uploads.filter(state=UploadState.COMPLETE).values_list("component_id", flat=True)
    ) | set(_reused(draft))
    return [
        c
        for c in draft.case.components.order_by("position", "pk")
        if c.requirement == Requirement.MANDATORY
        and c.copy_type != CopyType.SHOWN
        and c.pk not in done
    ]


def draft_components(draft: SubmissionDraft) -> list[ComponentInput]:
    """What the dossier will list: every mandatory component, and optional ones with files."""
    with_files = set(
        draft.uploads.filter(state=UploadState.COMPLETE).values_list("component_id", flat=True)
    ) | set(_reused(draft))
    return [
        ComponentInput(component_id=c.pk, copies=c.quantity or 1)
        for c in draft.case.components.order_by("position", "pk")
        if c.requirement == Requirement.MANDATORY or c.pk in with_files
    ]


def _store_uploads(
    uploads: Sequence[DraftUpload], rows: Mapping[int, DossierComponent], *, user: User
) -> None:
    positions: dict[int, int] = {}
    for upload in uploads:
        row = rows[upload.component_id]
        positions[row.pk] = positions.get(row.pk, row.files.count()) + 1
        with upload_path(upload).open("rb") as handle:
            stored_file_create(
                upload=File(handle, name=upload.original_name),
                uploaded_by=user,
                allowed_types=COMPONENT_TYPES,
                dossier_component=row,
                position=positions[row.pk],
            )


@transaction.atomic
def draft_submit(*, draft: SubmissionDraft, application: Application) -> Dossier:
    """Submit the draft as an online dossier with its files; all or nothing.

    The idempotency key is the draft's, so a double click or a retry after a dropped
    connection returns the dossier submitted the first time.
    """
    draft = SubmissionDraft.objects.select_for_update().get(pk=draft.pk)
    if draft.dossier_id is not None:
        return draft.dossier
    missing = components_missing(draft)
    if missing:
        raise ValidationError(
            _("Attach a file for: %(names)s.") % {"names": "; ".join(c.name for c in missing)}
        )
    dossier = dossier_submit(
        application=application, user=draft.owner, idempotency_key=f"portal-draft-{draft.pk}"
    )
    reused = _reused(draft)
    # A component taken from the store needs no upload of its own (and may have none).
    uploads = list(
        draft.uploads.filter(state=UploadState.COMPLETE)
        .exclude(component_id__in=list(reused))
        .order_by("created_at")
    )
    rows = {row.component_id: row for row in dossier.components.all()}
    _store_uploads(uploads, rows, user=draft.owner)
    for component_id, entry in reused.items():
        store.reuse(row=rows[component_id], entry=entry, user=draft.owner)
    draft.dossier = dossier
    draft.save(update_fields=["dossier", "updated_at"])
    paths = [upload_path(u) for u in draft.uploads.all()]
    draft.uploads.all().delete()
    transaction.on_commit(lambda: _unlink(paths))
    logger.info("portal_dossier_submitted", dossier_id=dossier.pk, files=len(uploads))
    return dossier


@transaction.atomic
def supplement_send(
    *,
    dossier: Dossier,
    user: User,
    note: str,
    files: Mapping[int, Sequence[UploadedFile]],
) -> Dossier:
    """Send the requested supplement: files for the dossier's components and a note."""
    note = note.strip()
    if not note and not any(files.values()):
        raise ValidationError(_("Attach at least one file or write what you are sending."))
    rows = {row.pk: row for row in dossier.components.all()}
    if any(row_id not in rows for row_id in files):
        raise ValidationError(_("This document is not one the procedure asks for."))
    # The state change first: if the dossier no longer waits for a supplement, no file
    # is written at all.
    if dossier.status == DossierStatus.AWAITING_COMPLETION:
        dossier = dossier_submit_completion(dossier=dossier, user=user, note=note)
    else:
        dossier = dossier_submit_supplement(dossier=dossier, user=user, note=note)
    for row_id, uploaded in files.items():
        row = rows[row_id]
        position = row.files.count()
        for item in uploaded:
            position += 1
            stored_file_create(
                upload=item,
                uploaded_by=user,
                allowed_types=COMPONENT_TYPES,
                dossier_component=row,
                position=position,
            )
    return dossier


def drafts_sweep(*, uploads_before: dt.datetime, drafts_before: dt.datetime) -> tuple[int, int]:
    """Delete unfinished uploads and unsent drafts last changed before the given moments;
    the piece files go once the deletion is committed. Submitted drafts stay (they link a
    dossier to the draft it came from)."""
    stale_uploads = list(
        DraftUpload.objects.filter(state=UploadState.RECEIVING, updated_at__lt=uploads_before)
    )
    stale_drafts = list(
        SubmissionDraft.objects.filter(dossier__isnull=True, updated_at__lt=drafts_before)
    )
    paths = [upload_path(u) for u in stale_uploads]
    paths += [upload_path(u) for d in stale_drafts for u in d.uploads.all()]
    with transaction.atomic():
        DraftUpload.objects.filter(pk__in=[u.pk for u in stale_uploads]).delete()
        SubmissionDraft.objects.filter(pk__in=[d.pk for d in stale_drafts]).delete()
        transaction.on_commit(lambda: _unlink(paths))
    return len(stale_uploads), len(stale_drafts)
