"""Retention of dossier files: which are past their period, and their removal.

A file is kept for the period of its kind, counted from the day its dossier ended (the
result returned, or the dossier refused, withdrawn or stopped):

- a component's scans or upload: ``catalog.Component.retention_years``;
- a result's file: ``catalog.ProcedureCase.result_retention_years``;
- when the catalogue says nothing: ``DOCUMENTS_RETENTION_YEARS``. Zero keeps for ever.

The periods are data: the archive rules of each sector differ and change (Luật Lưu trữ,
the ministries' lists of retention periods), so the catalogue holds them, not the code.
Nothing is removed without an explicit confirmation (``retention_review --delete
--confirm``), and every removal is written to the audit log.

A file still offered in a citizen's store and reused by some dossier is kept: that
dossier refers to it.

The same review finds bytes in storage that no row names (``orphan_keys``): left when a
caller's outer transaction rolled back after a file was stored. Nobody can reach them;
they are listed and removed under the same confirmation. Bytes younger than a day are
left alone, since an upload in progress writes its bytes before its row commits.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.db.models import F, Q
from django.db.models.functions import Coalesce
from django.utils import timezone

import structlog

from motcua.core.audit import audit_record
from motcua.dossiers.models import DossierResult
from motcua.dossiers.workflow import CLOSED

from .constants import DocumentsAuditKind
from .models import StoredFile, StoreEntry
from .storage import document_storage

logger = structlog.get_logger(__name__)


@dataclass(frozen=True)
class Expired:
    """A file past its retention period, with what the review shows about it."""

    stored_file: StoredFile
    dossier_code: str
    kind: str  # "component" or "result"
    ended_on: dt.date
    years: int
    expired_on: dt.date
    kept_because: str = ""  # non-empty: listed, but not removed


def _add_years(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February in a year that has none
        return day.replace(year=day.year + years, day=28)


def files_past_retention(*, on: dt.date) -> Iterator[Expired]:
    """Every stored file of an ended dossier whose retention period is over on ``on``."""
    default = settings.DOCUMENTS_RETENTION_YEARS
    files = (
        StoredFile.objects.filter(
            Q(dossier_component__dossier__status__in=CLOSED)
            | Q(dossier_result__dossier__status__in=CLOSED)
        )
        .annotate(
            ended_at=Coalesce(
                F("dossier_component__dossier__returned_at"),
                F("dossier_component__dossier__closed_at"),
                F("dossier_result__dossier__returned_at"),
                F("dossier_result__dossier__closed_at"),
            ),
            code=Coalesce(
                F("dossier_component__dossier__code"), F("dossier_result__dossier__code")
            ),
            component_years=F("dossier_component__component__retention_years"),
            result_years=F("dossier_result__dossier__case__result_retention_years"),
        )
        .filter(ended_at__isnull=False)
        .order_by("id")
    )
    reused = set(
        StoreEntry.objects.filter(reused_in__isnull=False).values_list("stored_file_id", flat=True)
    ) | set(
        StoredFile.objects.filter(
            dossier_component__store_entry__reused_in__isnull=False
        ).values_list("pk", flat=True)
    )
    for stored in files.iterator(chunk_size=2000):
        is_result = stored.dossier_result_id is not None
        years = stored.result_years if is_result else stored.component_years
        years = default if years is None else years
        if years == 0:  # kept permanently
            continue
        ended_on = timezone.localdate(stored.ended_at)
        expired_on = _add_years(ended_on, years)
        if expired_on > on:
            continue
        yield Expired(
            stored_file=stored,
            dossier_code=stored.code or "",
            kind="result" if is_result else "component",
            ended_on=ended_on,
            years=years,
            expired_on=expired_on,
            kept_because="reused" if stored.pk in reused else "",
        )


def expired_file_remove(item: Expired, *, label: str) -> None:
    """Remove one expired file: unlink it from its result and store entries, audit, delete."""
    from .services import stored_file_delete

    stored = item.stored_file
    with transaction.atomic():
        DossierResult.objects.filter(file=stored).update(file=None)
        StoreEntry.objects.filter(stored_file=stored).delete()
        if stored.dossier_component_id is not None:
            remaining = StoredFile.objects.filter(
                dossier_component_id=stored.dossier_component_id
            ).exclude(pk=stored.pk)
            if not remaining.exists():  # the component's entry has nothing left to show
                StoreEntry.objects.filter(source_component_id=stored.dossier_component_id).delete()
        audit_record(
            kind=DocumentsAuditKind.FILE_REMOVED_AFTER_RETENTION,
            actor_label=label,
            target=stored,
            dossier=item.dossier_code,
            kind_of_file=item.kind,
            name=stored.original_name,
            sha256=stored.sha256,
            size=stored.size,
            ended_on=item.ended_on.isoformat(),
            years=item.years,
        )
        stored_file_delete(stored_file=stored)
    logger.info("retention_file_removed", stored_file_id=stored.pk, dossier=item.dossier_code)


def _all_keys(storage, folder: str = "") -> Iterator[str]:
    folders, files = storage.listdir(folder)
    for name in files:
        yield f"{folder}/{name}" if folder else name
    for sub in folders:
        yield from _all_keys(storage, f"{folder}/{sub}" if folder else sub)


def orphan_keys(*, older_than: dt.timedelta = dt.timedelta(days=1)) -> Iterator[str]:
    """Storage keys that no stored file names, last modified before ``older_than`` ago."""
    storage = document_storage()
    try:
        keys = _all_keys(storage)
        batch: list[str] = []
        for key in keys:
            batch.append(key)
            if len(batch) == 1000:
                yield from _unnamed(storage, batch, older_than)
                batch = []
        yield from _unnamed(storage, batch, older_than)
    except FileNotFoundError:  # nothing was ever stored
        return


def _unnamed(storage, keys: list[str], older_than: dt.timedelta) -> Iterator[str]:
    named = set(
        StoredFile.objects.filter(storage_key__in=keys).values_list("storage_key", flat=True)
    )
    limit = timezone.now() - older_than
    for key in keys:
        if key not in named and storage.get_modified_time(key) < limit:
            yield key


def orphan_remove(key: str, *, label: str) -> None:
    """Delete bytes no row names, after writing what they were to the audit log."""
    storage = document_storage()
    audit_record(
        kind=DocumentsAuditKind.ORPHAN_BYTES_REMOVED,
        actor_label=label,
        key=key,
        size=storage.size(key),
    )
    storage.delete(key)
    logger.info("orphan_bytes_removed", key=key)
