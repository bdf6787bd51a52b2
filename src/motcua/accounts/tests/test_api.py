import datetime as dt

from motcua.accounts.constants import Role
from motcua.accounts.services import role_end, role_grant

from .conftest import TODAY

ME = "/api/v1/accounts/me"


def test_me_needs_a_session(client, db):
    assert client.get(ME).status_code == 401


def test_me_lists_the_roles_active_today(client, world, make_staff):
    # given: a current role, an ended one and a future one
    user = make_staff(Role.PROCESSING_OFFICER, world.own, department=world.own_department)
    ended = role_grant(
        user=user, role=Role.COUNTER_OFFICER, agency=world.far, valid_from=dt.date(2025, 7, 1)
    )
    role_end(assignment=ended, valid_to=TODAY - dt.timedelta(days=1))
    role_grant(
        user=user,
        role=Role.AGENCY_LEADER,
        agency=world.sibling,
        valid_from=TODAY + dt.timedelta(days=1),
    )
    client.force_login(user)

    # when
    response = client.get(ME)

    # then
    assert response.status_code == 200
    assert response.json() == {
        "id": user.pk,
        "username": user.username,
        "full_name": "Nguyễn Văn An",
        "kind": "staff",
        "two_factor_verified": False,
        "roles": [
            {
                "role": "processing_officer",
                "role_label": "Chuyên viên xử lý",
                "agency_code": "H61.10",
                "agency_name": "Sở Nội vụ tỉnh Vĩnh Long",
                "department": "Phòng Công chức",
                "valid_from": "2025-07-01",
                "valid_to": None,
            }
        ],
    }


def test_me_for_a_citizen(client, citizen):
    client.force_login(citizen)
    body = client.get(ME).json()
    assert (body["kind"], body["roles"]) == ("citizen", [])
