"""Reads of stored files and digitisation records."""

from __future__ import annotations

from django.db.models import Q, QuerySet, Sum

from motcua.catalog.constants import CopyType
from motcua.catalog.models import Component

from .constants import ExemptionReason
from .models import StoredFile


def dossier_files(dossier_id: int) -> QuerySet[StoredFile]:
    """Every file of a dossier: its components' and its results'."""
    return StoredFile.objects.filter(
        Q(dossier_component__dossier_id=dossier_id) | Q(dossier_result__dossier_id=dossier_id)
    )


def dossier_files_size(dossier_id: int) -> int:
    return dossier_files(dossier_id).aggregate(total=Sum("size"))["total"] or 0


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
