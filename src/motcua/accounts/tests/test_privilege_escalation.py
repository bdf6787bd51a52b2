"""Closing the ways an administrator could reach beyond their roles or skip the second factor."""

import datetime as dt

from django.core.exceptions import ValidationError

import pytest

from motcua.accounts.constants import Role
from motcua.accounts.services import role_grant

from .conftest import TODAY


def test_superuser_flag_grants_no_model_permission_before_the_role_starts(
    client, world, make_staff, settings
):
    settings.REQUIRE_2FA_FOR_ADMINS = False
    admin = make_staff(Role.AGENCY_ADMIN, world.own)
    role_grant(
        user=admin, role=Role.SYSTEM_ADMIN, agency=None, valid_from=TODAY + dt.timedelta(days=30)
    )
    admin.refresh_from_db()
    assert admin.is_superuser  # the flag is set ahead of the role, so it works on its first day
    assert not admin.has_perm("agencies.add_agency")
    client.force_login(admin)
    for url in (
        "/admin/agencies/agency/add/",
        "/admin/auth/group/add/",
        "/admin/otp_totp/totpdevice/add/",
    ):
        assert client.get(url).status_code == 403, url


def test_unverified_system_admin_with_another_admin_role_gets_no_model_permission(
    client, world, make_staff, settings
):
    settings.REQUIRE_2FA_FOR_ADMINS = True
    admin = make_staff(Role.AGENCY_ADMIN, world.own)
    role_grant(user=admin, role=Role.SYSTEM_ADMIN, agency=None, valid_from=TODAY)
    client.force_login(admin)  # password only: no TOTP step in this session
    for url in ("/admin/workcalendar/calendarday/add/", "/admin/auth/group/add/"):
        assert client.get(url).status_code == 403, url


def test_system_admin_keeps_model_permissions(world, make_staff, settings):
    settings.REQUIRE_2FA_FOR_ADMINS = False
    admin = make_staff(Role.SYSTEM_ADMIN, None)
    assert admin.has_perm("agencies.add_agency")


@pytest.mark.parametrize(
    ("_case", "role", "where", "target", "field"),
    [
        ("province_wide_role", Role.MONITORING_OFFICER, "own", "other", "role"),
        ("system_role", Role.SYSTEM_ADMIN, None, "other", "role"),
        ("to_oneself", Role.AGENCY_LEADER, "own", "self", "user"),
        ("outside_reach", Role.PROCESSING_OFFICER, "far", "other", "agency"),
    ],
)
def test_agency_admin_cannot_widen_reach(_case, role, where, target, field, world, make_staff):
    admin = make_staff(Role.AGENCY_ADMIN, world.own)
    other = make_staff(None, None)
    user = admin if target == "self" else other
    before = user.roles.count()
    with pytest.raises(ValidationError) as error:
        role_grant(
            user=user, role=role, agency=getattr(world, where) if where else None, granted_by=admin
        )
    assert field in error.value.message_dict
    assert user.roles.count() == before


def test_agency_admin_grants_officer_roles_within_reach(world, make_staff):
    admin = make_staff(Role.AGENCY_ADMIN, world.own)
    other = make_staff(None, None)
    assignment = role_grant(
        user=other, role=Role.PROCESSING_OFFICER, agency=world.child, granted_by=admin
    )
    assert assignment.granted_by == admin
