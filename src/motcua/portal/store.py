"""Reuse of documents from the citizen's data store (Kho quản lý dữ liệu điện tử).

The store belongs to the documents app. This adapter finds what it offers for each
component and hands a choice to ``documents.services.component_reuse``; while the
documents app does not provide the store, nothing is offered and nothing else changes.
"""

from __future__ import annotations

import datetime as dt

from motcua.catalog.models import Component
from motcua.dossiers.models import DossierComponent

try:
    from motcua.documents.selectors import store_entries_matching
    from motcua.documents.services import component_reuse
except ImportError:  # the documents app without the store
    store_entries_matching = component_reuse = None

KEY = "reuse_"


def available() -> bool:
    return store_entries_matching is not None


def offers(user, components: list[Component], *, on: dt.date) -> dict[int, list]:
    """Store entries offered for each component (only components with any)."""
    if not available():
        return {}
    found = {}
    for component in components:
        entries = list(store_entries_matching(owner=user, component=component, on=on)[:20])
        if entries:
            found[component.pk] = entries
    return found


def chosen(answers: dict, user, components: list[Component], *, on: dt.date) -> dict[int, object]:
    """The entries the draft picked that the store still offers, by component id."""
    picked = {}
    for component_id, entries in offers(user, components, on=on).items():
        wanted = str(answers.get(f"{KEY}{component_id}", ""))
        for entry in entries:
            if str(entry.pk) == wanted:
                picked[component_id] = entry
    return picked


def reuse(*, row: DossierComponent, entry, user) -> None:
    component_reuse(dossier_component=row, entry=entry, user=user)
