"""Tracks kept beside the business state: digitisation and national-portal sync.

The payment track moves with the clock services (``clock.py``) and the delivery track
with results (``results.py``); these two change nothing else.
"""

from __future__ import annotations

from collections.abc import Sequence

from django.db import transaction
from django.utils import timezone

from ..constants import DigitisationStatus, EventKind, SyncStatus
from ..error_codes import DossierError, DossierErrorCode
from ..models import Dossier
from ..workflow import Action
from .intake import digitisation_status
from .transitions import transition


def dossier_components_digitise(*, dossier: Dossier, user, component_ids: Sequence[int]) -> Dossier:
    """Record that the counter scanned these components (TT 03/2025 Điều 5)."""
    with transition(
        dossier=dossier, action=Action.DIGITISE, user=user, kind=EventKind.DIGITISED
    ) as c:
        wanted = set(component_ids)
        rows = c.dossier.components.filter(component_id__in=wanted)
        if not wanted or rows.count() != len(wanted):
            raise DossierError(DossierErrorCode.COMPONENT_NOT_IN_CASE)
        rows.update(is_digitised=True)
        c.set(digitisation_status=digitisation_status(c.dossier))
        c.data = {"components": sorted(wanted)}
    return c.dossier


@transaction.atomic
def dossier_digitisation_refresh(*, dossier_id: int) -> DigitisationStatus:
    """Recompute the digitisation track after another app recorded scans (documents)."""
    dossier = Dossier.objects.select_for_update().get(pk=dossier_id)
    status = digitisation_status(dossier)
    if status != dossier.digitisation_status:
        dossier.digitisation_status = status
        dossier.save(update_fields=["digitisation_status", "updated_at"])
    return status


def dossier_sync_status_set(*, dossier: Dossier, status: SyncStatus) -> None:
    """The national-portal adapter records the outcome of a sync (no event: not an act)."""
    Dossier.objects.filter(pk=dossier.pk).update(sync_status=status, updated_at=timezone.now())
