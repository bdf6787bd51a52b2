import datetime as dt

import pytest

from motcua.accounts.constants import Role, UserKind
from motcua.accounts.services import role_grant, user_create
from motcua.agencies.models import Agency


@pytest.fixture
def admin_client(client, db, settings):
    settings.REQUIRE_2FA_FOR_ADMINS = False
    user = user_create(username="quantri", password=None, kind=UserKind.STAFF)
    role_grant(user=user, role=Role.SYSTEM_ADMIN, agency=None)
    client.force_login(user)
    return client


@pytest.fixture
def agencies(make_agency):
    return (
        make_agency("H61.10", "Sở Nội vụ tỉnh Vĩnh Long", valid_from=dt.date(2020, 1, 1)),
        make_agency("H61.11", "Sở Tư pháp tỉnh Vĩnh Long", valid_from=dt.date(2020, 1, 1)),
    )


def test_agency_search_ignores_accents(admin_client, agencies):
    response = admin_client.get("/admin/agencies/agency/", {"q": "so noi vu"})
    assert response.status_code == 200
    assert list(response.context["cl"].result_list) == [agencies[0]]


@pytest.mark.parametrize(
    "params",
    [{"in_force": "yes"}, {"in_force": "no"}, {"province": "86"}, {"kind__exact": "department"}],
)
def test_agency_filters(admin_client, agencies, params):
    assert admin_client.get("/admin/agencies/agency/", params).status_code == 200


def test_units_are_read_only(admin_client, vinh_long):
    response = admin_client.get(
        "/admin/agencies/administrativeunit/", {"q": "vinh long", "province": "86"}
    )
    assert response.status_code == 200
    assert vinh_long in response.context["cl"].result_list
    assert admin_client.get("/admin/agencies/administrativeunit/add/").status_code == 403
    page = admin_client.get(f"/admin/agencies/administrativeunit/{vinh_long.pk}/change/")
    assert page.status_code == 200
    assert b'name="name"' not in page.content


def test_agency_identity_is_not_editable_in_place(admin_client, agencies):
    page = admin_client.get(f"/admin/agencies/agency/{agencies[0].pk}/change/")
    assert page.status_code == 200
    assert b'name="name"' not in page.content
    assert b'name="parent"' not in page.content  # re-parenting re-scopes roles: supersede instead
    assert b'name="address"' in page.content


def test_supersede_action_asks_then_ends(admin_client, agencies):
    snv, stp = agencies
    action = {"action": "supersede", "_selected_action": [stp.pk]}
    form = admin_client.post("/admin/agencies/agency/", action)
    assert form.status_code == 200
    assert "Căn cứ pháp lý" in form.content.decode()

    bad = admin_client.post(
        "/admin/agencies/agency/", {**action, "apply": "1", "last_day": "2025-06-30"}
    )
    assert bad.status_code == 200
    stp.refresh_from_db()
    assert stp.valid_to is None

    done = admin_client.post(
        "/admin/agencies/agency/",
        {
            **action,
            "apply": "1",
            "successor_codes": "H61.10",
            "last_day": "2025-06-30",
            "legal_basis": "QĐ 1/QĐ-UBND",
        },
    )
    assert done.status_code == 302
    assert "Số cơ quan đã kết thúc: 1." in admin_client.get(done.url).content.decode()
    stp.refresh_from_db()
    assert stp.valid_to == dt.date(2025, 6, 30)
    assert list(stp.successors.all()) == [snv]
    assert Agency.objects.count() == 2
