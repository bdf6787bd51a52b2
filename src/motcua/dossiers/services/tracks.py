"""Tracks kept beside the business state: digitisation and national-portal sync.

The payment track moves with the clock services (``clock.py``) and the delivery track
with results (``results.py``); these two change nothing else.
"""

from __future__ import annotations

from collections.abc import Sequence

from django.utils import timezone

from ..constants import EventKind, SyncStatus
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


def dossier_sync_status_set(*, dossier: Dossier, status: SyncStatus) -> None:
    """The national-portal adapter records the outcome of a sync (no event: not an act)."""
    Dossier.objects.filter(pk=dossier.pk).update(sync_status=status, updated_at=timezone.now())
