"""``FastChoiceLabels``: the same labels as Django's ``get_FOO_display``, in every language."""

from __future__ import annotations

from django.db import models
from django.utils import translation

from motcua.dossiers.constants import DossierStatus
from motcua.dossiers.models import Dossier


def _django_label(dossier: Dossier) -> str:
    # Django's own implementation, bypassing the mixin.
    return models.Model._get_FIELD_display(dossier, Dossier._meta.get_field("status"))


def test_labels_follow_the_active_language():
    dossier = Dossier(status=DossierStatus.RECEIVED)
    with translation.override("vi"):
        vietnamese = dossier.get_status_display()
        assert vietnamese == _django_label(dossier)
    with translation.override("en"):
        english = dossier.get_status_display()
        assert english == _django_label(dossier) == "Received"
    assert vietnamese != english


def test_every_value_has_the_same_label_as_django_gives():
    for value in DossierStatus.values:
        dossier = Dossier(status=value)
        assert dossier.get_status_display() == _django_label(dossier)


def test_an_unknown_stored_value_is_shown_as_it_is():
    assert Dossier(status="no-such-status").get_status_display() == "no-such-status"
