"""Admin screens: scoping for agency administrators, and writes through the services."""

import datetime as dt

import pytest

from motcua.accounts.constants import Role, UserKind
from motcua.accounts.models import RoleAssignment, User
from motcua.core.models import AuditEvent, AuditEventKind

from .conftest import PASSWORD, TODAY

USERS = "/admin/accounts/user/"
ROLES = "/admin/accounts/roleassignment/"


@pytest.fixture(autouse=True)
def _no_second_factor(settings):
    # Two-factor for administrators is tested in test_twofactor; these tests are about scope.
    settings.REQUIRE_2FA_FOR_ADMINS = False


@pytest.fixture
def people(world, make_staff, citizen, system_admin):
    return {
        "own": make_staff(Role.PROCESSING_OFFICER, world.own, username="cung_so"),
        "child": make_staff(Role.COUNTER_OFFICER, world.child, username="chi_cuc"),
        "sibling": make_staff(Role.PROCESSING_OFFICER, world.sibling, username="so_tu_phap"),
        "far": make_staff(Role.PROCESSING_OFFICER, world.far, username="tinh_khac"),
        "citizen": citizen,
        "system_admin": system_admin,
    }


@pytest.fixture
def agency_admin(world, make_staff):
    return make_staff(Role.AGENCY_ADMIN, world.own, username="qt_so_noi_vu")


@pytest.fixture
def agency_admin_client(client, agency_admin):
    client.force_login(agency_admin)
    return client


@pytest.fixture
def system_admin_client(client, system_admin):
    client.force_login(system_admin)
    return client


def _listed(response) -> set[str]:
    return {obj.username for obj in response.context["cl"].result_list}


def test_agency_admin_lists_only_staff_they_manage(agency_admin_client, people):
    response = agency_admin_client.get(USERS)
    assert response.status_code == 200
    assert _listed(response) == {"cung_so", "chi_cuc", "qt_so_noi_vu"}


def test_user_search_by_identification_number(system_admin_client, people):
    response = system_admin_client.get(USERS, {"q": "086185012345"})
    assert _listed(response) == {"congdan"}


@pytest.mark.parametrize("_case", ["sibling", "far", "citizen", "system_admin"])
def test_out_of_reach_user_looks_like_a_missing_one(_case, agency_admin_client, people):
    # given
    target = people[_case]

    # when
    hidden = agency_admin_client.get(f"{USERS}{target.pk}/change/")
    missing = agency_admin_client.get(f"{USERS}999999/change/")

    # then: the same redirect, and no way to act on them
    assert (hidden.status_code, hidden["Location"]) == (missing.status_code, missing["Location"])
    assert agency_admin_client.get(f"{USERS}{target.pk}/transfer/").status_code == 404
    assert agency_admin_client.get(f"{USERS}{target.pk}/password/").status_code == 404
    agency_admin_client.post(f"{USERS}{target.pk}/change/", {"is_active": ""})
    target.refresh_from_db()
    assert target.is_active


def test_agency_admin_cannot_edit_groups_or_permissions(agency_admin_client, people):
    url = f"{USERS}{people['own'].pk}/change/"
    page = agency_admin_client.get(url).content.decode()
    assert 'name="full_name"' in page
    assert 'name="groups"' not in page
    assert 'name="user_permissions"' not in page


def test_system_admin_edits_groups(system_admin_client, people):
    page = system_admin_client.get(f"{USERS}{people['own'].pk}/change/").content.decode()
    assert 'name="groups"' in page


def _add_user(client, **overrides):
    data = {
        "username": "canbo.moi",
        "password1": PASSWORD,
        "password2": PASSWORD,
        "full_name": "Lê Văn Cường",
        "email": "",
        "phone": "",
        "identification_number": "",
        "role": Role.COUNTER_OFFICER,
        "agency": "",
        "department": "",
        **overrides,
    }
    return client.post(f"{USERS}add/", data)


def test_agency_admin_adds_staff_with_a_first_role(agency_admin_client, agency_admin, world):
    response = _add_user(
        agency_admin_client, agency=world.child.pk, identification_number="086085012345"
    )
    user = User.objects.get(username="canbo.moi")
    assert response["Location"] == f"{USERS}{user.pk}/change/"
    assert user.kind == UserKind.STAFF
    assert list(user.roles.values_list("role", "agency")) == [("counter_officer", world.child.pk)]
    events = AuditEvent.objects.filter(actor=agency_admin).exclude(kind=AuditEventKind.LOGIN)
    assert list(events.order_by("id").values_list("kind", flat=True)) == [
        AuditEventKind.USER_CREATED,
        AuditEventKind.ROLE_GRANTED,
    ]


@pytest.mark.parametrize(
    ("_case", "overrides", "field", "message"),
    [
        ("agency_out_of_reach", {"agency": "sibling"}, "agency", "Hãy chọn một lựa chọn hợp lệ."),
        ("agency_missing", {}, "agency", "Hãy chọn cơ quan nơi giữ vai trò này."),
        (
            "system_admin_role",
            {"role": Role.SYSTEM_ADMIN, "agency": "own"},
            "role",
            "Hãy chọn một lựa chọn hợp lệ.",
        ),
        (
            "bad_identification_number",
            {"agency": "own", "identification_number": "12345"},
            "identification_number",
            "Số định danh cá nhân gồm đúng 12 chữ số.",
        ),
    ],
)
def test_adding_staff_refuses_bad_input_and_writes_nothing(
    _case, agency_admin_client, world, overrides, field, message
):
    if "agency" in overrides and not str(overrides["agency"]).isdigit():
        overrides = {**overrides, "agency": getattr(world, overrides["agency"]).pk}
    before = AuditEvent.objects.count()
    response = _add_user(agency_admin_client, **overrides)
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert errors[field][0].startswith(message), errors
    assert not User.objects.filter(username="canbo.moi").exists()
    assert AuditEvent.objects.count() == before


def test_roles_list_is_scoped_and_filterable(agency_admin_client, people, world):
    response = agency_admin_client.get(ROLES)
    listed = {(a.user.username, a.agency_id) for a in response.context["cl"].result_list}
    assert listed == {
        ("cung_so", world.own.pk),
        ("chi_cuc", world.child.pk),
        ("qt_so_noi_vu", world.own.pk),
    }
    for params in ({"role__exact": "counter_officer"}, {"active": "yes"}, {"active": "no"}):
        assert agency_admin_client.get(ROLES, params).status_code == 200
    only_counter = agency_admin_client.get(ROLES, {"role__exact": "counter_officer"})
    assert len(only_counter.context["cl"].result_list) == 1
    ended = agency_admin_client.get(ROLES, {"active": "no"})
    assert len(ended.context["cl"].result_list) == 0


def test_granting_a_role_in_the_admin_goes_through_the_service(
    agency_admin_client, agency_admin, people, world
):
    response = agency_admin_client.post(
        f"{ROLES}add/",
        {
            "user": people["child"].pk,
            "role": Role.DOCUMENT_CLERK,
            "agency": world.own.pk,
            "department": world.own_department.pk,
            "valid_from": "2026-03-10",
            "note": "QĐ 7/QĐ-SNV",
        },
    )
    assert response.status_code == 302
    granted = RoleAssignment.objects.get(role=Role.DOCUMENT_CLERK)
    assert (granted.granted_by, granted.department) == (agency_admin, world.own_department)
    event = AuditEvent.objects.get(kind=AuditEventKind.ROLE_GRANTED, actor=agency_admin)
    assert event.target_id == str(granted.pk)


@pytest.mark.parametrize("_case", ["user_out_of_reach", "agency_out_of_reach"])
def test_granting_outside_reach_is_refused(_case, agency_admin_client, people, world):
    user = people["sibling"] if _case == "user_out_of_reach" else people["own"]
    agency = world.own if _case == "user_out_of_reach" else world.sibling
    response = agency_admin_client.post(
        f"{ROLES}add/",
        {
            "user": user.pk,
            "role": Role.COUNTER_OFFICER,
            "agency": agency.pk,
            "valid_from": "2026-03-10",
        },
    )
    assert response.status_code == 200
    assert not RoleAssignment.objects.filter(
        role=Role.COUNTER_OFFICER, user=user, agency=agency
    ).exists()


def test_role_assignments_are_never_edited_or_deleted(agency_admin_client, people):
    assignment = people["own"].roles.get()
    url = f"{ROLES}{assignment.pk}/change/"
    page = agency_admin_client.get(url)
    assert page.status_code == 200
    assert b'name="role"' not in page.content  # read-only view
    agency_admin_client.post(url, {"role": Role.AGENCY_LEADER})
    assert agency_admin_client.post(f"{ROLES}{assignment.pk}/delete/").status_code == 403
    assignment.refresh_from_db()
    assert assignment.role == Role.PROCESSING_OFFICER


def test_ending_roles_from_the_list(agency_admin_client, agency_admin, people):
    assignment = people["own"].roles.get()
    response = agency_admin_client.post(
        ROLES, {"action": "end_selected", "_selected_action": [assignment.pk]}, follow=True
    )
    assert "Đã kết thúc 1 vai trò." in response.content.decode()
    assignment.refresh_from_db()
    assert (assignment.valid_to, assignment.ended_by) == (TODAY, agency_admin)
    assert (
        AuditEvent.objects.filter(kind=AuditEventKind.ROLE_ENDED, actor=agency_admin).count() == 1
    )


def test_ending_a_role_that_has_not_started_changes_nothing(agency_admin_client, people, world):
    future = RoleAssignment.objects.create(
        user=people["own"],
        role=Role.COUNTER_OFFICER,
        agency=world.own,
        valid_from=TODAY + dt.timedelta(days=3),
    )
    current = people["own"].roles.get(role=Role.PROCESSING_OFFICER)
    response = agency_admin_client.post(
        ROLES,
        {"action": "end_selected", "_selected_action": [current.pk, future.pk]},
        follow=True,
    )
    assert "Vai trò không thể kết thúc trước khi bắt đầu." in response.content.decode()
    current.refresh_from_db()
    assert current.valid_to is None


def test_transfer_between_units(system_admin_client, system_admin, people, world):
    # given
    officer = people["own"]
    old = officer.roles.get()

    # when
    response = system_admin_client.post(
        f"{USERS}{officer.pk}/transfer/",
        {
            "ending": [old.pk],
            "role": Role.DEPARTMENT_HEAD,
            "agency": world.sibling.pk,
            "department": world.sibling_department.pk,
            "on": "2026-03-16",
            "note": "QĐ 45/QĐ-UBND",
        },
    )

    # then
    assert response["Location"] == f"{USERS}{officer.pk}/change/"
    old.refresh_from_db()
    assert old.valid_to == dt.date(2026, 3, 15)
    new = officer.roles.get(role=Role.DEPARTMENT_HEAD)
    assert (new.agency, new.valid_from, new.granted_by) == (
        world.sibling,
        dt.date(2026, 3, 16),
        system_admin,
    )


def test_transfer_page_offers_only_current_roles_in_reach(agency_admin_client, people, world):
    page = agency_admin_client.get(f"{USERS}{people['own'].pk}/transfer/")
    assert page.status_code == 200
    assert list(page.context["form"].fields["ending"].queryset) == [people["own"].roles.get()]
    assert world.sibling not in page.context["form"].fields["agency"].queryset


def test_agency_admin_cannot_transfer_out_of_reach(agency_admin_client, people, world):
    officer = people["own"]
    response = agency_admin_client.post(
        f"{USERS}{officer.pk}/transfer/",
        {
            "ending": [officer.roles.get().pk],
            "role": Role.PROCESSING_OFFICER,
            "agency": world.far.pk,
            "on": "2026-03-16",
        },
    )
    assert response.status_code == 200
    assert "Hãy chọn một lựa chọn hợp lệ." in response.content.decode()
    assert officer.roles.get().valid_to is None


def test_transfer_errors_from_the_service_are_shown(system_admin_client, people, world):
    officer = people["own"]
    response = system_admin_client.post(
        f"{USERS}{officer.pk}/transfer/",
        {
            "ending": [officer.roles.get().pk],
            "role": Role.PROCESSING_OFFICER,
            "agency": world.sibling.pk,
            "on": "2025-06-01",
        },
    )
    assert "Vai trò không thể kết thúc trước khi bắt đầu." in response.content.decode()
    assert officer.roles.count() == 1


def test_deactivation_in_the_change_form_is_audited(system_admin_client, system_admin, people):
    officer = people["own"]
    page = system_admin_client.get(f"{USERS}{officer.pk}/change/")
    data = {
        key: value
        for key, value in page.context["adminform"].form.initial.items()
        if key in ("username", "full_name", "email", "phone", "identification_number")
    }
    role = officer.roles.get()
    data.update(
        {
            "is_active": "",
            "full_name": "Nguyễn Văn Đổi Tên",
            # the read-only roles inline still posts its management form
            "roles-TOTAL_FORMS": "1",
            "roles-INITIAL_FORMS": "1",
            "roles-MIN_NUM_FORMS": "0",
            "roles-MAX_NUM_FORMS": "1000",
            "roles-0-id": role.pk,
            "roles-0-user": officer.pk,
        }
    )
    response = system_admin_client.post(f"{USERS}{officer.pk}/change/", data)
    assert response.status_code == 302
    officer.refresh_from_db()
    assert (officer.is_active, officer.full_name) == (False, "Nguyễn Văn Đổi Tên")
    event = AuditEvent.objects.get(kind=AuditEventKind.USER_DEACTIVATED)
    assert (event.actor, event.target_id) == (system_admin, str(officer.pk))


def test_deactivate_action_skips_oneself(agency_admin_client, agency_admin, people):
    response = agency_admin_client.post(
        USERS,
        {"action": "deactivate_selected", "_selected_action": [people["own"].pk, agency_admin.pk]},
        follow=True,
    )
    assert "Đã vô hiệu hoá 1 tài khoản." in response.content.decode()
    people["own"].refresh_from_db()
    agency_admin.refresh_from_db()
    assert (people["own"].is_active, agency_admin.is_active) == (False, True)


def test_setting_a_password_in_the_admin_is_audited(agency_admin_client, agency_admin, people):
    officer = people["own"]
    response = agency_admin_client.post(
        f"{USERS}{officer.pk}/password/",
        {
            "password1": "mot-mat-khau-moi",
            "password2": "mot-mat-khau-moi",
            "usable_password": "true",
        },
    )
    assert response.status_code == 302
    officer.refresh_from_db()
    assert officer.check_password("mot-mat-khau-moi")
    event = AuditEvent.objects.get(kind=AuditEventKind.PASSWORD_CHANGED)
    assert (event.actor, event.target_id) == (agency_admin, str(officer.pk))


def test_a_refused_password_is_not_audited(agency_admin_client, people):
    officer = people["own"]
    agency_admin_client.post(
        f"{USERS}{officer.pk}/password/",
        {"password1": "mot-mat-khau-moi", "password2": "khac-han", "usable_password": "true"},
    )
    assert not AuditEvent.objects.filter(kind=AuditEventKind.PASSWORD_CHANGED).exists()


def test_admin_index_shows_accounts_to_agency_admins(agency_admin_client):
    content = agency_admin_client.get("/admin/").content.decode()
    assert "/admin/accounts/user/" in content
    assert "/admin/accounts/roleassignment/" in content
