"""Invariants of the schema and the tables: append-only events, the national mapping, the
transition table's shape."""

from __future__ import annotations

from pathlib import Path

import pytest

from motcua.dossiers.constants import DossierStatus
from motcua.dossiers.models import DossierEvent
from motcua.dossiers.national import NATIONAL_LABELS, NationalStatus, national_status
from motcua.dossiers.services import dossier_accept
from motcua.dossiers.workflow import CLOSED, RULES, Action

from .conftest import application


def test_every_state_maps_to_one_national_code_and_every_code_is_used():
    mapped = {national_status(status) for status in DossierStatus}
    assert national_status(DossierStatus.DRAFT) is None
    assert mapped - {None} == set(NationalStatus)
    assert set(NATIONAL_LABELS) == set(NationalStatus)
    assert [int(code) for code in NationalStatus] == list(range(1, 11))


def test_closed_states_have_no_way_out_but_the_refund_track():
    for rule in RULES.values():
        if rule.action != Action.REFUND_PAYMENT:
            assert not (rule.sources & CLOSED), rule.action


def test_every_rule_names_its_basis_and_grants():
    for rule in RULES.values():
        assert rule.basis and rule.grants and rule.targets, rule.action


def test_the_documentation_lists_every_action():
    text = (Path(__file__).resolve().parents[4] / "docs" / "dossiers.md").read_text()
    assert [a for a in Action if f"| `{a}` |" not in text] == []


def test_events_are_append_only(world):
    dossier = dossier_accept(user=world.counter, application=application(world))
    event = dossier.events.get()
    event.note = "sửa"
    with pytest.raises(TypeError):
        event.save()
    with pytest.raises(TypeError):
        event.delete()
    with pytest.raises(TypeError):
        DossierEvent.objects.filter(pk=event.pk).update(note="x")
    with pytest.raises(TypeError):
        DossierEvent.objects.filter(pk=event.pk).delete()
