"""The permission matrix: role, where the agency is, action, plus the edge cases."""

import datetime as dt

from django.http import Http404

import pytest

from motcua.accounts.access import (
    access_agency,
    access_own_profile,
    access_role_for_management,
    access_user_for_management,
    agencies_in_scope,
    can_use_admin_site,
    users_in_management_scope,
)
from motcua.accounts.constants import AgencyAction, Role
from motcua.accounts.services import role_end, role_grant, user_deactivate

from .conftest import TODAY

VIEW, PROCESS, MANAGE = AgencyAction.VIEW, AgencyAction.PROCESS, AgencyAction.MANAGE
TARGETS = ("own", "child", "grandchild", "sibling", "commune", "far")
TREE = {"own", "child", "grandchild"}
PROVINCE = TREE | {"sibling", "commune"}
EVERYWHERE = PROVINCE | {"far"}
NOWHERE: set[str] = set()

# Written out by hand on purpose: the test must not derive it from constants.ROLE_GRANTS.
EXPECTED = {
    Role.COUNTER_OFFICER: {VIEW: TREE, PROCESS: TREE, MANAGE: NOWHERE},
    Role.PROCESSING_OFFICER: {VIEW: TREE, PROCESS: TREE, MANAGE: NOWHERE},
    Role.DEPARTMENT_HEAD: {VIEW: TREE, PROCESS: TREE, MANAGE: NOWHERE},
    Role.AGENCY_LEADER: {VIEW: TREE, PROCESS: TREE, MANAGE: NOWHERE},
    Role.DOCUMENT_CLERK: {VIEW: TREE, PROCESS: TREE, MANAGE: NOWHERE},
    Role.MONITORING_OFFICER: {VIEW: PROVINCE, PROCESS: NOWHERE, MANAGE: NOWHERE},
    Role.AGENCY_ADMIN: {VIEW: TREE, PROCESS: NOWHERE, MANAGE: TREE},
    Role.SYSTEM_ADMIN: {VIEW: EVERYWHERE, PROCESS: NOWHERE, MANAGE: EVERYWHERE},
}

MATRIX = [
    pytest.param(
        f"{role.value}-{target}-{action.value}",
        role,
        target,
        action,
        target in EXPECTED[role][action],
        id=f"{role.value}-{target}-{action.value}",
    )
    for role in Role
    for target in TARGETS
    for action in AgencyAction
]


def _denied(user, agency_id, action) -> str:
    with pytest.raises(Http404) as denied:
        access_agency(user, agency_id, action=action)
    return str(denied.value)


@pytest.mark.parametrize(("_case", "role", "target", "action", "allowed"), MATRIX)
def test_agency_access_matrix(_case, world, make_staff, role, target, action, allowed):
    # given: the role is held in "own" (system administrators hold it nowhere in particular)
    user = make_staff(role, None if role == Role.SYSTEM_ADMIN else world.own)
    agency = getattr(world, target)

    # then
    if allowed:
        assert access_agency(user, agency.pk, action=action) == agency
        assert agencies_in_scope(user, action=action).filter(pk=agency.pk).exists()
    else:
        # Same answer as for an id that does not exist: nothing tells them apart.
        assert _denied(user, agency.pk, action) == _denied(user, 999_999, action)
        assert not agencies_in_scope(user, action=action).filter(pk=agency.pk).exists()


@pytest.mark.parametrize("_case", ["letters", "sql", "none", "negative"])
def test_malformed_agency_ids_are_not_found(_case, world, system_admin):
    agency_id = {"letters": "abc", "sql": "1 OR 1=1", "none": None, "negative": "-1"}[_case]
    with pytest.raises(Http404):
        access_agency(system_admin, agency_id, action=VIEW)


def test_citizen_sees_no_agency_and_only_themselves(world, citizen, make_staff):
    # given
    other = make_staff(Role.COUNTER_OFFICER, world.own)

    # then
    assert not agencies_in_scope(citizen).exists()
    for target in TARGETS:
        with pytest.raises(Http404):
            access_agency(citizen, getattr(world, target).pk, action=VIEW)
    assert access_own_profile(citizen, citizen.pk) == citizen
    with pytest.raises(Http404):
        access_own_profile(citizen, other.pk)
    assert not users_in_management_scope(citizen).exists()
    with pytest.raises(Http404):
        access_user_for_management(citizen, citizen.pk)


@pytest.mark.parametrize(
    ("_case", "valid_from", "valid_to", "allowed"),
    [
        ("ended_yesterday", dt.date(2025, 7, 1), TODAY - dt.timedelta(days=1), False),
        ("ends_today_last_day_counts", dt.date(2025, 7, 1), TODAY, True),
        ("starts_tomorrow", TODAY + dt.timedelta(days=1), None, False),
        ("starts_today", TODAY, None, True),
    ],
)
def test_only_roles_active_today_grant_anything(
    _case, world, make_staff, valid_from, valid_to, allowed
):
    # given
    user = make_staff(Role.PROCESSING_OFFICER, world.own, valid_from=valid_from)
    if valid_to is not None:
        role_end(assignment=user.roles.get(), valid_to=valid_to)

    # then
    assert agencies_in_scope(user).filter(pk=world.own.pk).exists() is allowed
    if not allowed:
        assert _denied(user, world.own.pk, VIEW) == _denied(user, 999_999, VIEW)


def test_access_on_a_past_day_uses_the_roles_of_that_day(world, make_staff):
    user = make_staff(Role.PROCESSING_OFFICER, world.own)
    role_end(assignment=user.roles.get(), valid_to=TODAY - dt.timedelta(days=10))

    assert access_agency(user, world.own.pk, action=VIEW, on=TODAY - dt.timedelta(days=20))
    with pytest.raises(Http404):
        access_agency(user, world.own.pk, action=VIEW)


def test_roles_in_several_agencies_add_up(world, make_staff):
    user = make_staff(Role.PROCESSING_OFFICER, world.child)
    role_grant(user=user, role=Role.COUNTER_OFFICER, agency=world.far)

    assert set(agencies_in_scope(user)) == {world.child, world.grandchild, world.far}


def test_deactivated_account_holds_no_role(world, make_staff):
    user = make_staff(Role.AGENCY_LEADER, world.own)
    user_deactivate(user=user)

    assert not agencies_in_scope(user).exists()
    assert not can_use_admin_site(user)


@pytest.mark.parametrize(
    ("_case", "required", "verified", "allowed"),
    [
        ("required_and_verified", True, True, True),
        ("required_not_verified", True, False, False),
        ("not_required", False, False, True),
    ],
)
def test_system_admin_powers_wait_for_the_second_factor(
    _case, world, system_admin, settings, required, verified, allowed
):
    # given: the user as a request would carry it, with OTPMiddleware's is_verified()
    settings.REQUIRE_2FA_FOR_ADMINS = required
    system_admin.is_verified = lambda: verified

    # then
    assert agencies_in_scope(system_admin).filter(pk=world.far.pk).exists() is allowed
    assert can_use_admin_site(system_admin) is allowed
    assert users_in_management_scope(system_admin).filter(pk=system_admin.pk).exists() is allowed


def test_unverified_system_admin_keeps_their_other_roles(world, system_admin, settings):
    settings.REQUIRE_2FA_FOR_ADMINS = True
    system_admin.is_verified = lambda: False
    # A system administrator holds no agency; an extra agency role is still theirs.
    role_grant(user=system_admin, role=Role.AGENCY_ADMIN, agency=world.sibling)

    assert set(agencies_in_scope(system_admin)) == {world.sibling}
    assert can_use_admin_site(system_admin)


@pytest.fixture
def staff_everywhere(world, make_staff, citizen, system_admin):
    """One person per situation an agency administrator of ``own`` may meet."""
    mixed = make_staff(Role.PROCESSING_OFFICER, world.own, username="hai_noi")
    role_grant(user=mixed, role=Role.COUNTER_OFFICER, agency=world.sibling)
    left = make_staff(Role.PROCESSING_OFFICER, world.own, username="da_nghi")
    role_end(assignment=left.roles.get(), valid_to=TODAY - dt.timedelta(days=1))
    return {
        "own": make_staff(Role.PROCESSING_OFFICER, world.own, username="cung_don_vi"),
        "own_department": make_staff(
            Role.DEPARTMENT_HEAD,
            world.own,
            username="truong_phong",
            department=world.own_department,
        ),
        "child": make_staff(Role.COUNTER_OFFICER, world.child, username="don_vi_con"),
        "grandchild": make_staff(Role.COUNTER_OFFICER, world.grandchild, username="don_vi_chau"),
        "sibling": make_staff(Role.PROCESSING_OFFICER, world.sibling, username="so_khac"),
        "commune": make_staff(Role.COUNTER_OFFICER, world.commune, username="xa"),
        "far": make_staff(Role.PROCESSING_OFFICER, world.far, username="tinh_khac"),
        "own_and_sibling": mixed,
        "own_role_ended": left,
        "own_role_future": make_staff(
            Role.PROCESSING_OFFICER,
            world.own,
            username="sap_den",
            valid_from=TODAY + dt.timedelta(days=5),
        ),
        "no_role": make_staff(None, username="chua_co_vai_tro"),
        "other_agency_admin": make_staff(Role.AGENCY_ADMIN, world.sibling, username="qt_so_khac"),
        "citizen": citizen,
        "system_admin": system_admin,
    }


MANAGEABLE_BY_AGENCY_ADMIN = {"own", "own_department", "child", "grandchild"}


@pytest.mark.parametrize(
    ("_case", "allowed"),
    [
        pytest.param(case, case in MANAGEABLE_BY_AGENCY_ADMIN, id=case)
        for case in (
            "own",
            "own_department",
            "child",
            "grandchild",
            "sibling",
            "commune",
            "far",
            "own_and_sibling",
            "own_role_ended",
            "own_role_future",
            "no_role",
            "other_agency_admin",
            "citizen",
            "system_admin",
        )
    ],
)
def test_agency_admin_manages_only_staff_inside_their_reach(
    _case, world, make_staff, staff_everywhere, allowed
):
    # given
    admin = make_staff(Role.AGENCY_ADMIN, world.own, username="qt_so")
    target = staff_everywhere[_case]

    # then
    if allowed:
        assert access_user_for_management(admin, target.pk) == target
    else:
        with pytest.raises(Http404) as denied:
            access_user_for_management(admin, target.pk)
        with pytest.raises(Http404) as missing:
            access_user_for_management(admin, 999_999)
        assert str(denied.value) == str(missing.value)


def test_agency_admin_manages_themselves(world, make_staff):
    admin = make_staff(Role.AGENCY_ADMIN, world.own)
    assert access_user_for_management(admin, admin.pk) == admin


def test_system_admin_manages_everyone(staff_everywhere, system_admin):
    people = {user.pk for user in staff_everywhere.values()}
    assert people <= set(users_in_management_scope(system_admin).values_list("pk", flat=True))


@pytest.mark.parametrize(
    "role", [r for r in Role if r not in (Role.AGENCY_ADMIN, Role.SYSTEM_ADMIN)]
)
def test_other_roles_manage_nobody(world, make_staff, staff_everywhere, role):
    user = make_staff(role, world.own)
    assert not users_in_management_scope(user).exists()
    assert not can_use_admin_site(user)


def test_role_assignments_in_reach_include_history_but_not_other_agencies(
    world, make_staff, staff_everywhere
):
    # given
    admin = make_staff(Role.AGENCY_ADMIN, world.own)
    ended = staff_everywhere["own_role_ended"].roles.get()
    elsewhere = staff_everywhere["sibling"].roles.get()

    # then
    assert access_role_for_management(admin, ended.pk) == ended
    with pytest.raises(Http404):
        access_role_for_management(admin, elsewhere.pk)
