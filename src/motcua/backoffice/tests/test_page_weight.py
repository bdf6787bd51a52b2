"""Pages stay small for commune PCs on slow links: under 150 KB gzipped, with a full page
of rows. Measured on the HTML; the stylesheet and script are a few KB and cached."""

from __future__ import annotations

import gzip

import pytest

from motcua.dossiers import services

from .conftest import application

pytestmark = pytest.mark.django_db
LIMIT = 150 * 1024


def test_main_pages_are_small(login, world):
    made = []
    for _ in range(30):
        d = services.dossier_accept(user=world.counter, application=application(world))
        made.append(services.dossier_forward(dossier=d, user=world.counter))
    officer = login(world.officer)
    pages = {
        "queue": officer.get("/can-bo/hang-doi/?reach=agency"),
        "dossier": officer.get(f"/can-bo/ho-so/{made[0].pk}/"),
        "dashboard": officer.get("/can-bo/bang-dieu-khien/"),
    }
    counter = login(world.counter)
    pages["counter"] = counter.get("/can-bo/quay/?q=giay")
    pages["intake"] = counter.get(f"/can-bo/quay/tiep-nhan/{world.licence_case.pk}/")
    for name, response in pages.items():
        assert response.status_code == 200, name
        size = len(gzip.compress(response.content))
        assert size < LIMIT, f"{name}: {size} bytes gzipped"
