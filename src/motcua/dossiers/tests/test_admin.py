"""The support screens are read-only and scoped like everything else."""

from __future__ import annotations

from motcua.accounts.constants import Role
from motcua.dossiers.services import dossier_accept, dossier_forward

from .conftest import _staff, application


def _dossier(world):
    dossier = dossier_accept(user=world.counter, application=application(world))
    return dossier_forward(dossier=dossier, user=world.counter)


def test_a_system_administrator_reads_everything_and_changes_nothing(world, client, settings):
    settings.REQUIRE_2FA_FOR_ADMINS = False
    dossier = _dossier(world)
    admin = _staff("quan_tri", Role.SYSTEM_ADMIN, None)
    client.force_login(admin)
    listing = client.get("/admin/dossiers/dossier/", {"q": dossier.code})
    assert listing.status_code == 200
    assert list(listing.context["cl"].result_list) == [dossier]
    page = client.get(f"/admin/dossiers/dossier/{dossier.pk}/change/")
    assert page.status_code == 200
    assert "Thẩm định hồ sơ".encode() in page.content
    assert b'name="status"' not in page.content
    assert client.get("/admin/dossiers/dossier/add/").status_code == 403
    assert client.post(f"/admin/dossiers/dossier/{dossier.pk}/delete/").status_code == 403


def test_an_agency_administrator_sees_only_dossiers_of_their_agencies(world, client):
    dossier = _dossier(world)
    far_admin = _staff("quan_tri_hcm", Role.AGENCY_ADMIN, world.far)
    client.force_login(far_admin)
    assert list(client.get("/admin/dossiers/dossier/").context["cl"].result_list) == []
    assert client.get(f"/admin/dossiers/dossier/{dossier.pk}/change/").status_code == 302
    justice_admin = _staff("quan_tri_stp", Role.AGENCY_ADMIN, world.justice)
    client.force_login(justice_admin)
    assert list(client.get("/admin/dossiers/dossier/").context["cl"].result_list) == [dossier]
