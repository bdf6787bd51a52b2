import datetime as dt
import io

from django.core.exceptions import ValidationError
from django.core.management import call_command

import pytest

from motcua.accounts.constants import Role, UserKind
from motcua.accounts.models import RoleAssignment, User
from motcua.accounts.services import (
    RoleSpec,
    role_end,
    role_grant,
    staff_create,
    staff_transfer,
    user_create,
    user_deactivate,
    user_password_set,
)
from motcua.core.models import AuditEvent, AuditEventKind

from .conftest import PASSWORD, TODAY


def _kinds() -> list[str]:
    return list(AuditEvent.objects.order_by("id").values_list("kind", flat=True))


@pytest.mark.django_db
def test_user_create_audits_and_hashes_the_password():
    user = user_create(
        username="doanhnghiep",
        password=PASSWORD,
        kind=UserKind.ORGANISATION,
        identification_number="0101248141",
    )
    assert user.check_password(PASSWORD)
    event = AuditEvent.objects.get()
    assert (event.kind, event.target_id, event.data) == (
        AuditEventKind.USER_CREATED,
        str(user.pk),
        {"user_kind": "organisation"},
    )


@pytest.mark.django_db
def test_user_create_refuses_a_bad_number_and_writes_nothing():
    with pytest.raises(ValidationError) as refused:
        user_create(
            username="congdan",
            password=PASSWORD,
            kind=UserKind.CITIZEN,
            identification_number="123",
        )
    assert refused.value.message_dict == {
        "identification_number": ["Số định danh cá nhân gồm đúng 12 chữ số."]
    }
    assert not User.objects.exists()
    assert not AuditEvent.objects.exists()


@pytest.mark.django_db
def test_identification_number_is_unique(citizen):
    with pytest.raises(ValidationError) as refused:
        user_create(
            username="congdan2",
            password=PASSWORD,
            kind=UserKind.CITIZEN,
            identification_number=citizen.identification_number,
        )
    assert refused.value.messages == ["Số định danh này đã được một tài khoản khác sử dụng."]


def test_role_grant_records_who_and_where(world, make_staff, system_admin):
    user = make_staff()
    assignment = role_grant(
        user=user,
        role=Role.COUNTER_OFFICER,
        agency=world.own,
        department=world.own_department,
        granted_by=system_admin,
        note="QĐ 12/QĐ-SNV",
    )
    assert (assignment.valid_from, assignment.valid_to, assignment.granted_by) == (
        TODAY,
        None,
        system_admin,
    )
    event = AuditEvent.objects.filter(kind=AuditEventKind.ROLE_GRANTED).order_by("id").last()
    assert event.actor == system_admin
    assert event.data == {"user_id": user.pk, "role": "counter_officer", "agency": "H61.10"}


@pytest.mark.parametrize(
    ("_case", "role", "agency", "department", "errors"),
    [
        (
            "agency_missing",
            Role.PROCESSING_OFFICER,
            None,
            None,
            {"agency": ["Hãy chọn cơ quan nơi giữ vai trò này."]},
        ),
        (
            "system_admin_with_agency",
            Role.SYSTEM_ADMIN,
            "own",
            None,
            {"agency": ["Quản trị hệ thống không gắn với cơ quan nào."]},
        ),
        (
            "department_of_another_agency",
            Role.PROCESSING_OFFICER,
            "own",
            "sibling_department",
            {"department": ["Phòng ban phải thuộc cơ quan đã chọn."]},
        ),
    ],
)
def test_role_grant_refuses_inconsistent_roles_and_writes_nothing(
    _case, world, make_staff, role, agency, department, errors
):
    user = make_staff()
    before = AuditEvent.objects.count()
    with pytest.raises(ValidationError) as refused:
        role_grant(
            user=user,
            role=role,
            agency=getattr(world, agency) if agency else None,
            department=getattr(world, department) if department else None,
        )
    assert refused.value.message_dict == errors
    assert not RoleAssignment.objects.exists()
    assert AuditEvent.objects.count() == before
    user.refresh_from_db()
    assert not user.is_staff


def test_citizens_cannot_hold_roles(world, citizen):
    with pytest.raises(ValidationError) as refused:
        role_grant(user=citizen, role=Role.COUNTER_OFFICER, agency=world.own)
    assert refused.value.message_dict == {"user": ["Chỉ tài khoản cán bộ mới giữ được vai trò."]}
    assert not RoleAssignment.objects.exists()


def test_the_same_role_twice_at_once_is_refused(world, make_staff):
    user = make_staff(Role.COUNTER_OFFICER, world.own)
    with pytest.raises(ValidationError) as refused:
        role_grant(user=user, role=Role.COUNTER_OFFICER, agency=world.own, valid_from=TODAY)
    assert refused.value.messages == [
        "Người này đã giữ vai trò này tại đơn vị này trong một phần thời gian đó."
    ]
    # After it ends, the same role may be granted again.
    role_end(assignment=user.roles.get(), valid_to=TODAY - dt.timedelta(days=1))
    role_grant(user=user, role=Role.COUNTER_OFFICER, agency=world.own, valid_from=TODAY)
    assert user.roles.count() == 2


@pytest.mark.parametrize(
    ("_case", "role", "is_staff", "is_superuser"),
    [
        ("agency_admin", Role.AGENCY_ADMIN, True, False),
        ("system_admin", Role.SYSTEM_ADMIN, True, True),
        ("officer", Role.PROCESSING_OFFICER, False, False),
    ],
)
def test_admin_roles_open_the_admin_site_flag(
    _case, world, make_staff, role, is_staff, is_superuser
):
    user = make_staff(role, None if role == Role.SYSTEM_ADMIN else world.own)
    assert (user.is_staff, user.is_superuser) == (is_staff, is_superuser)


def test_role_end_keeps_the_row_and_is_idempotent(world, make_staff, system_admin):
    user = make_staff(Role.COUNTER_OFFICER, world.own)
    assignment = role_end(assignment=user.roles.get(), ended_by=system_admin)
    assert (assignment.valid_to, assignment.ended_by) == (TODAY, system_admin)
    role_end(assignment=assignment)
    assert AuditEvent.objects.filter(kind=AuditEventKind.ROLE_ENDED).count() == 1


def test_a_role_cannot_end_before_it_starts(world, make_staff):
    user = make_staff(Role.COUNTER_OFFICER, world.own, valid_from=TODAY + dt.timedelta(days=3))
    with pytest.raises(ValidationError) as refused:
        role_end(assignment=user.roles.get())
    assert refused.value.message_dict == {
        "valid_to": ["Vai trò không thể kết thúc trước khi bắt đầu."]
    }
    assert user.roles.get().valid_to is None


def test_staff_create_makes_account_and_first_role(world, system_admin):
    user = staff_create(
        username="canbo.moi",
        password=PASSWORD,
        role=Role.COUNTER_OFFICER,
        agency=world.child,
        full_name="Lê Văn Cường",
        created_by=system_admin,
    )
    assert user.kind == UserKind.STAFF
    assert list(user.roles.values_list("role", "agency")) == [("counter_officer", world.child.pk)]
    assert _kinds()[-2:] == [AuditEventKind.USER_CREATED, AuditEventKind.ROLE_GRANTED]


def test_staff_create_is_all_or_nothing(world):
    with pytest.raises(ValidationError):
        staff_create(
            username="canbo.moi", password=PASSWORD, role=Role.COUNTER_OFFICER, agency=None
        )
    assert not User.objects.filter(username="canbo.moi").exists()
    assert not AuditEvent.objects.exists()


def test_staff_transfer_ends_old_roles_and_grants_new_ones(world, make_staff, system_admin):
    # given: an officer with two roles in the Sở Nội vụ
    user = make_staff(Role.PROCESSING_OFFICER, world.own)
    role_grant(user=user, role=Role.DOCUMENT_CLERK, agency=world.own)
    old = list(user.roles.all())

    # when: moved to the Sở Tư pháp from the 15th
    on = TODAY + dt.timedelta(days=5)
    new = staff_transfer(
        user=user,
        ending=old,
        granting=[RoleSpec(Role.DEPARTMENT_HEAD, world.sibling, world.sibling_department)],
        on=on,
        transferred_by=system_admin,
        note="QĐ 45/QĐ-UBND",
    )

    # then: history kept, no gap and no overlap
    for assignment in old:
        assignment.refresh_from_db()
        assert (assignment.valid_to, assignment.ended_by) == (
            on - dt.timedelta(days=1),
            system_admin,
        )
    assert [(a.role, a.agency, a.valid_from, a.note) for a in new] == [
        (Role.DEPARTMENT_HEAD, world.sibling, on, "QĐ 45/QĐ-UBND")
    ]
    assert user.roles.count() == 3
    assert _kinds()[-3:] == [
        AuditEventKind.ROLE_ENDED,
        AuditEventKind.ROLE_ENDED,
        AuditEventKind.ROLE_GRANTED,
    ]


def test_staff_transfer_writes_nothing_when_a_step_fails(world, make_staff):
    # given
    user = make_staff(Role.PROCESSING_OFFICER, world.own)
    before = AuditEvent.objects.count()

    # when: the new role lacks its agency
    with pytest.raises(ValidationError) as refused:
        staff_transfer(
            user=user, ending=user.roles.all(), granting=[RoleSpec(Role.PROCESSING_OFFICER, None)]
        )

    # then: the old role was not ended either
    assert refused.value.message_dict == {"agency": ["Hãy chọn cơ quan nơi giữ vai trò này."]}
    assert user.roles.get().valid_to is None
    assert AuditEvent.objects.count() == before


@pytest.mark.parametrize(
    ("_case", "ending", "granting", "message"),
    [
        ("nothing_to_end", "none", True, "Việc điều chuyển phải kết thúc ít nhất một vai trò"),
        ("nothing_to_grant", "own", False, "Việc điều chuyển phải kết thúc ít nhất một vai trò"),
        ("someone_elses_role", "other", True, "Việc điều chuyển chỉ kết thúc được vai trò của"),
    ],
)
def test_staff_transfer_refuses_incomplete_requests(
    _case, world, make_staff, ending, granting, message
):
    user = make_staff(Role.PROCESSING_OFFICER, world.own)
    other = make_staff(Role.PROCESSING_OFFICER, world.own)
    roles = {"none": [], "own": list(user.roles.all()), "other": list(other.roles.all())}[ending]
    with pytest.raises(ValidationError) as refused:
        staff_transfer(
            user=user,
            ending=roles,
            granting=[RoleSpec(Role.COUNTER_OFFICER, world.sibling)] if granting else [],
        )
    assert refused.value.messages[0].startswith(message)
    assert RoleAssignment.objects.filter(valid_to__isnull=False).count() == 0


def test_user_deactivate_audits_once(world, make_staff, system_admin):
    user = make_staff(Role.COUNTER_OFFICER, world.own)
    user_deactivate(user=user, deactivated_by=system_admin)
    user_deactivate(user=user, deactivated_by=system_admin)
    user.refresh_from_db()
    assert not user.is_active
    assert user.roles.get().valid_to is None  # roles are history, not touched
    assert AuditEvent.objects.filter(kind=AuditEventKind.USER_DEACTIVATED).count() == 1


def test_user_password_set_audits(make_staff):
    user = make_staff()
    user_password_set(user=user, password="mot-mat-khau-moi-2026", changed_by=user)
    user.refresh_from_db()
    assert user.check_password("mot-mat-khau-moi-2026")
    assert _kinds()[-1] == AuditEventKind.PASSWORD_CHANGED


@pytest.mark.django_db
def test_createsuperuser_makes_a_system_administrator():
    call_command(
        "createsuperuser",
        interactive=False,
        username="quantri",
        email="quantri@example.test",
        stdout=io.StringIO(),
    )
    user = User.objects.get(username="quantri")
    assert (user.kind, user.is_staff, user.is_superuser) == (UserKind.STAFF, True, True)
    assert list(user.roles.values_list("role", "agency")) == [("system_admin", None)]
    assert _kinds() == [AuditEventKind.USER_CREATED, AuditEventKind.ROLE_GRANTED]


def test_admin_site_flags_follow_administrator_roles(world, make_staff):
    yesterday = TODAY - dt.timedelta(days=1)
    # given an agency administrator
    user = make_staff(Role.AGENCY_ADMIN, world.own)
    assert (user.is_staff, user.is_superuser) == (True, False)
    # when they also become system administrator, the superuser flag follows
    system_role = role_grant(user=user, role=Role.SYSTEM_ADMIN, agency=None, valid_from=yesterday)
    user.refresh_from_db()
    assert (user.is_staff, user.is_superuser) == (True, True)
    # a role ending today is still in force today
    role_end(assignment=system_role, valid_to=TODAY)
    user.refresh_from_db()
    assert (user.is_staff, user.is_superuser) == (True, True)
    # once only past administrator roles remain, both flags go
    role_end(assignment=system_role, valid_to=yesterday)
    role_end(assignment=user.roles.get(role=Role.AGENCY_ADMIN), valid_to=yesterday)
    user.refresh_from_db()
    assert (user.is_staff, user.is_superuser) == (False, False)
