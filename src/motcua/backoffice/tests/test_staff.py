"""Agency administrators grant and end their staff's roles from the back office."""

from __future__ import annotations

import datetime as dt

import pytest

from motcua.accounts.constants import Role
from motcua.accounts.models import RoleAssignment
from motcua.accounts.services import role_grant, user_create

from .helpers import token_of

pytestmark = pytest.mark.django_db
URL = "/can-bo/nhan-su/"


@pytest.fixture
def admin(world):
    user = user_create(username="quan_tri_stp", password=None, kind="staff", full_name="Quản Trị")
    role_grant(
        user=user, role=Role.AGENCY_ADMIN, agency=world.justice, valid_from=dt.date(2025, 7, 1)
    )
    return user


def test_lists_own_staff_only(login, admin, world):
    body = login(admin).get(URL).content.decode()
    assert world.officer.full_name in body and world.leader.full_name in body
    assert world.counter.full_name not in body  # the centre is not theirs
    assert world.finance_officer.full_name not in body


def test_grant_and_end(login, admin, world):
    client = login(admin)
    token = token_of(client.get(URL).content.decode())
    data = {
        "form_token": token,
        "user": world.officer2.pk,
        "role": Role.DEPARTMENT_HEAD,
        "agency": world.justice.pk,
        "department": world.department.pk,
        "valid_from": "2026-02-11",
    }
    assert client.post(URL, data).status_code == 302
    assert client.post(URL, data).status_code == 302  # same form again: once
    granted = RoleAssignment.objects.filter(user=world.officer2, role=Role.DEPARTMENT_HEAD)
    assert granted.count() == 1
    end = f"{URL}vai-tro/{granted.get().pk}/ket-thuc/"
    assert client.post(end, {"form_token": "end-1"}).status_code == 302
    assert granted.get().valid_to == dt.date(2026, 2, 11)


def test_grant_outside_reach_is_refused_with_message(login, admin, world):
    client = login(admin)
    token = token_of(client.get(URL).content.decode())
    response = client.post(
        URL,
        {
            "form_token": token,
            "user": admin.pk,
            "role": Role.AGENCY_LEADER,
            "agency": world.justice.pk,
            "valid_from": "2026-02-11",
        },
    )
    assert response.status_code == 400
    assert "Không thể tự giao vai trò cho chính mình" in response.content.decode()
    assert not RoleAssignment.objects.filter(user=admin, role=Role.AGENCY_LEADER).exists()


def test_ending_a_role_elsewhere_is_404(login, admin, world):
    outside = RoleAssignment.objects.get(user=world.finance_officer)
    response = login(admin).post(f"{URL}vai-tro/{outside.pk}/ket-thuc/", {"form_token": "x"})
    assert response.status_code == 404
    assert RoleAssignment.objects.get(pk=outside.pk).valid_to is None


@pytest.mark.parametrize("who", ["officer", "leader", "citizen"])
def test_others_get_404(login, world, who):
    assert login(getattr(world, who)).get(URL).status_code == 404
