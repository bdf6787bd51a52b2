"""The dossier tests' small province (``world``), private storages in a temporary
directory, and helpers to bring a dossier to the states the portal shows."""

from __future__ import annotations

from pathlib import Path

import pytest

from motcua.dossiers.services import dossier_accept, dossier_forward, dossier_request_supplement
from motcua.dossiers.tests.conftest import (  # noqa: F401 - fixtures used by the tests
    application,
    calendar,
    now,
    world,
)


@pytest.fixture(autouse=True)
def private_dirs(settings, tmp_path) -> Path:
    root = tmp_path / "documents"
    settings.DOCUMENTS_ROOT = root
    settings.STORAGES = {
        **settings.STORAGES,
        "documents": {
            "BACKEND": "motcua.documents.storage.PrivateFileSystemStorage",
            "OPTIONS": {"location": str(root)},
        },
    }
    settings.PORTAL_UPLOAD_DIR = tmp_path / "portal-uploads"
    return tmp_path


def received(place, **changes):
    """A licence dossier handed in at the counter for the citizen (phone ends 5678)."""
    return dossier_accept(user=place.counter, application=application(place, **changes))


def awaiting_supplement(place, move):
    dossier = received(place)
    move("2026-02-11 10:00")
    dossier = dossier_forward(dossier=dossier, user=place.counter, note="Chuyển Sở Tư pháp")
    move("2026-02-11 14:00")
    return dossier_request_supplement(
        dossier=dossier,
        user=place.officer,
        items=["Bản sao chứng chỉ hành nghề"],
        reason="Thiếu giấy tờ chứng minh điều kiện",
    )
