"""Assertions shared by the dossier tests."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import pytest

from motcua.dossiers.error_codes import DossierError, DossierErrorCode
from motcua.dossiers.models import (
    ClockPause,
    DeadlineNotice,
    Dossier,
    DossierCodeCounter,
    DossierComponent,
    DossierEvent,
    DossierResult,
    DossierStep,
)

TABLES = (
    Dossier,
    DossierCodeCounter,
    DossierComponent,
    DossierStep,
    ClockPause,
    DossierResult,
    DossierEvent,
    DeadlineNotice,
)


def snapshot() -> dict[str, list[dict]]:
    """Every row of every dossier table, to prove a refused action wrote nothing."""
    return {model.__name__: list(model.objects.order_by("pk").values()) for model in TABLES}


@contextmanager
def refused(code: DossierErrorCode) -> Iterator[pytest.ExceptionInfo]:
    """The block raises ``DossierError(code)`` and leaves every dossier table as it was."""
    before = snapshot()
    with pytest.raises(DossierError) as caught:
        yield caught
    assert caught.value.code == code, caught.value.message
    assert caught.value.message
    assert snapshot() == before


def kinds(dossier: Dossier) -> list[str]:
    return list(dossier.events.order_by("at", "pk").values_list("kind", flat=True))


def fresh(dossier: Dossier) -> Dossier:
    return Dossier.objects.get(pk=dossier.pk)
