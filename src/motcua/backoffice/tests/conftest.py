"""The dossier engine's test province (``dossiers/tests/conftest.py``) and dossiers at
each point of the licence workflow, built through the engine's own services."""

from __future__ import annotations

import pytest

from motcua.dossiers import services
from motcua.dossiers.tests.conftest import (  # noqa: F401  (fixtures)
    application,
    calendar,
    joint_application,
    now,
    world,
)

PASSWORD = "motcua-test-2026"


@pytest.fixture
def received(world):  # noqa: F811
    """A licence dossier accepted at the provincial centre: step 1 at the counter."""
    return services.dossier_accept(user=world.counter, application=application(world))


@pytest.fixture
def processing(world, received):  # noqa: F811
    """The same dossier forwarded to Sở Tư pháp (step 2, processing officer)."""
    return services.dossier_forward(dossier=received, user=world.counter)


@pytest.fixture
def at_leader(world, processing):  # noqa: F811
    """At the leader's step (3): waiting for approval."""
    return services.dossier_forward(dossier=processing, user=world.officer)


@pytest.fixture
def login(client):
    def as_user(user):
        client.force_login(user)
        return client

    return as_user


@pytest.fixture(autouse=True)
def private_storage(settings, tmp_path):
    """Uploaded scans go to an empty directory of each test."""
    root = tmp_path / "documents"
    settings.DOCUMENTS_ROOT = root
    settings.STORAGES = {
        **settings.STORAGES,
        "documents": {
            "BACKEND": "motcua.documents.storage.PrivateFileSystemStorage",
            "OPTIONS": {"location": str(root)},
        },
    }
    return root
