"""The counter's picks from the citizen's store (Kho): who may pick, and what the page offers.

Apart from the views so that the dossier page and the form's view share them.
"""

from __future__ import annotations

import datetime as dt

from django.db.models import Q

from motcua.documents.models import StoreEntry
from motcua.documents.selectors import document_codes
from motcua.dossiers.access import can_act
from motcua.dossiers.workflow import IN_HAND, PRE_INTAKE, Action


def may_reuse(user, dossier) -> bool:
    """The counter may pick from the store of the dossier's owner account, while the dossier
    is still at intake or in the centre's hands (the rule ``component_reuse`` applies)."""
    return (
        dossier.owner_id is not None
        and dossier.status in IN_HAND | PRE_INTAKE
        and can_act(user, dossier, Action.DIGITISE)
    )


def reuse_offers(dossier, rows, *, on: dt.date) -> dict[int, list[StoreEntry]]:
    """Store entries of the dossier's owner for each component not provided yet.

    One query for the whole page instead of ``store_entries_matching`` per row; the same
    rule (type, validity, not hidden), and the service checks each pick with that selector.
    """
    wanted = {
        row.pk: document_codes(row.component)
        for row in rows
        if not row.is_reused and not row.files.all()
    }
    codes = set().union(*wanted.values()) if wanted else set()
    if dossier.owner_id is None or not codes:
        return {}
    entries = list(
        StoreEntry.objects.filter(owner_id=dossier.owner_id, hidden=False, document_code__in=codes)
        .filter(Q(valid_until__isnull=True) | Q(valid_until__gte=on))
        .filter(Q(issued_on__isnull=True) | Q(issued_on__lte=on))
        .order_by("-issued_on", "-created_at", "-id")
    )
    offers = {
        pk: [e for e in entries if e.document_code in row_codes] for pk, row_codes in wanted.items()
    }
    return {pk: found for pk, found in offers.items() if found}
