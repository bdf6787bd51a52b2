"""Reads of stored files, digitisation records and the citizen's data store."""

from __future__ import annotations

import datetime as dt

from django.db.models import Q, QuerySet, Sum

from motcua.catalog.constants import CopyType
from motcua.catalog.models import Component

from .constants import ExemptionReason
from .models import StoredFile, StoreEntry


def dossier_files_size(dossier_id: int) -> int:
    """Bytes stored for a dossier: its components' files and its results' (one owner each).

    Two sums, each reached through its owner's index. One query with the OR of both
    owners' joins read every stored file of the system: seconds per scan at a million
    dossiers, which timed the counter's uploads out (docs/performance.md).
    """
    owned = (
        StoredFile.objects.filter(dossier_component__dossier_id=dossier_id),
        StoredFile.objects.filter(dossier_result__dossier_id=dossier_id),
    )
    return sum(files.aggregate(total=Sum("size"))["total"] or 0 for files in owned)


def component_files(dossier_component_id: int) -> QuerySet[StoredFile]:
    return StoredFile.objects.filter(dossier_component_id=dossier_component_id).order_by(
        "position", "id"
    )


def digitisation_exemption(component: Component) -> ExemptionReason | None:
    """Why a catalogue component is not digitised at the counter, or None if it must be.

    A document only shown for checking is handed back, so no copy is kept to digitise;
    the catalogue may also list components its decision does not require digitising.
    """
    if component.needs_digitisation:
        return None
    if component.copy_type == CopyType.SHOWN:
        return ExemptionReason.SHOWN_ONLY
    return ExemptionReason.NOT_REQUIRED


# --- The citizen's data store (Kho) -----------------------------------------------------


def document_codes(component: Component) -> set[str]:
    """The codes a store entry may carry to stand in for this catalogue component."""
    return {code for code in (component.document_type, component.code) if code}


def store_entries_of(owner) -> QuerySet[StoreEntry]:
    """Everything in the owner's store, hidden entries included (the owner's own list)."""
    return StoreEntry.objects.filter(owner=owner).select_related(
        "stored_file", "source_dossier", "source_result"
    )


def store_entries_matching(*, owner, component, on: dt.date) -> QuerySet[StoreEntry]:
    """Entries the owner may reuse for ``component`` on ``on``: same type, valid, not hidden.

    ``component`` is a catalogue component or a dossier's component. Valid means issued
    by ``on`` (when the date is known) and not past its end of validity.
    """
    catalogue_component = getattr(component, "component", component)
    codes = document_codes(catalogue_component)
    if owner is None or not codes:
        return StoreEntry.objects.none()
    return (
        StoreEntry.objects.filter(owner=owner, hidden=False, document_code__in=codes)
        .filter(Q(valid_until__isnull=True) | Q(valid_until__gte=on))
        .filter(Q(issued_on__isnull=True) | Q(issued_on__lte=on))
        .order_by("-issued_on", "-created_at", "-id")
    )
