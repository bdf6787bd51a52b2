"""The leader's desk: dossiers waiting for a decision, bulk approval, acting once."""

from __future__ import annotations

import pytest

from motcua.dossiers import services
from motcua.dossiers.constants import DossierStatus
from motcua.dossiers.models import Dossier

from .conftest import application
from .helpers import token_of

pytestmark = pytest.mark.django_db
DESK = "/can-bo/lanh-dao/"


def _at_leader(world):
    d = services.dossier_accept(user=world.counter, application=application(world))
    d = services.dossier_forward(dossier=d, user=world.counter)
    return services.dossier_forward(dossier=d, user=world.officer)


def test_waiting_list_and_bulk_approval(login, world, processing):
    first, second = _at_leader(world), _at_leader(world)
    client = login(world.leader)
    page = client.get(DESK).content.decode()
    assert first.code in page and second.code in page
    assert processing.code not in page  # still at the officer's step
    title = page.split("<title>", 1)[1].split("</title>", 1)[0]
    assert "<" not in title and "Bàn làm việc lãnh đạo" in title
    assert page.count('id="sign-title"') == 1  # the signing list once, in the page body
    token = token_of(page)
    data = {"form_token": token, "dossier": [first.pk, second.pk]}
    response = client.post(DESK, data)
    assert response.status_code == 200
    assert set(Dossier.objects.filter(status=DossierStatus.RESOLVED)) == {first, second}
    # The same form again changes nothing and says so.
    again = client.post(DESK, data).content.decode()
    assert Dossier.objects.filter(status=DossierStatus.RESOLVED).count() == 2
    assert first.code not in again or "đã" in again


def test_nothing_chosen(login, world):
    _at_leader(world)
    client = login(world.leader)
    response = client.post(DESK, {"form_token": "x"}, follow=True)
    assert "Chọn ít nhất một hồ sơ" in response.content.decode()
    assert not Dossier.objects.filter(status=DossierStatus.RESOLVED).exists()


def test_other_leaders_and_officers_cannot_approve(login, world):
    waiting = _at_leader(world)
    for who in (world.finance_leader, world.officer):
        client = login(who)
        assert waiting.code not in client.get(DESK).content.decode()
        client.post(DESK, {"form_token": f"t-{who.pk}", "dossier": [waiting.pk]})
    assert Dossier.objects.get(pk=waiting.pk).status == DossierStatus.PROCESSING


def test_citizen_gets_404(login, world):
    assert login(world.citizen).get(DESK).status_code == 404
