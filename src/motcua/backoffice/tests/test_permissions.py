"""Every back-office address: anonymous visitors go to the login page, citizens and staff
without a role get 404, and nothing is written."""

from __future__ import annotations

import pytest

from motcua.accounts.services import user_create
from motcua.dossiers.tests.helpers import snapshot

pytestmark = pytest.mark.django_db


def _addresses(world, dossier) -> list[tuple[str, str]]:
    d = dossier.pk
    row = dossier.components.first().pk
    return [
        ("get", "/can-bo/"),
        ("get", "/can-bo/hang-doi/"),
        ("get", f"/can-bo/ho-so/{d}/"),
        ("post", f"/can-bo/ho-so/{d}/thao-tac/forward/"),
        ("post", f"/can-bo/ho-so/{d}/ghi-chu/"),
        ("get", f"/can-bo/ho-so/{d}/giay-tiep-nhan/"),
        ("post", f"/can-bo/ho-so/{d}/so-hoa/{row}/"),
        ("get", "/can-bo/lanh-dao/"),
        ("post", "/can-bo/lanh-dao/"),
        ("get", "/can-bo/bang-dieu-khien/"),
        ("get", "/can-bo/nhan-su/"),
        ("get", "/can-bo/quay/"),
        ("get", "/can-bo/quay/thu-tuc/?q=giay"),
        ("get", f"/can-bo/quay/tiep-nhan/{world.licence_case.pk}/"),
        ("get", "/can-bo/quay/nguoi-nop/?id=086185012345"),
        ("get", f"/can-bo/quay/tra-ket-qua/?ma={dossier.code}"),
    ]


def test_anonymous_visitors_are_sent_to_log_in(client, world, received):
    for method, address in _addresses(world, received):
        response = getattr(client, method)(address)
        assert response.status_code == 302, address
        assert "login" in response["Location"] or "dang-nhap" in response["Location"], address


@pytest.mark.parametrize("who", ["citizen", "roleless"])
def test_citizens_and_roleless_staff_get_404(client, world, received, who):
    user = world.citizen
    if who == "roleless":
        user = user_create(username="khong_vai_tro", password=None, kind="staff", full_name="X")
    client.force_login(user)
    before = snapshot()
    for method, address in _addresses(world, received):
        response = getattr(client, method)(address, {"forward-confirm": "on", "form_token": "t"})
        assert response.status_code == 404, address
    assert snapshot() == before
