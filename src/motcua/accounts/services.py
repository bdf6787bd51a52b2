"""Writes on users and roles. Every change of who may do what is audited here."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from motcua.agencies.models import Agency, Department
from motcua.core.audit import audit_record
from motcua.core.models import AuditEventKind

from .constants import ROLE_GRANTS, AgencyAction, Role, Scope, UserKind
from .models import RoleAssignment, User


@transaction.atomic
def user_create(
    *,
    username: str,
    password: str | None,
    kind: UserKind,
    full_name: str = "",
    email: str = "",
    phone: str = "",
    identification_number: str = "",
    created_by: User | None = None,
    request: HttpRequest | None = None,
) -> User:
    user = User(
        username=username,
        kind=kind,
        full_name=full_name,
        email=email,
        phone=phone,
        identification_number=identification_number,
    )
    if password:
        user.set_password(password)
    else:
        user.set_unusable_password()
    user.full_clean()
    user.save()
    audit_record(
        kind=AuditEventKind.USER_CREATED,
        actor=created_by,
        target=user,
        request=request,
        user_kind=kind,
    )
    return user


@transaction.atomic
def staff_create(
    *,
    username: str,
    password: str | None,
    role: Role,
    agency: Agency | None,
    department: Department | None = None,
    full_name: str = "",
    email: str = "",
    phone: str = "",
    identification_number: str = "",
    created_by: User | None = None,
    request: HttpRequest | None = None,
) -> User:
    """A staff account together with its first role, so it is never outside every scope."""
    user = user_create(
        username=username,
        password=password,
        kind=UserKind.STAFF,
        full_name=full_name,
        email=email,
        phone=phone,
        identification_number=identification_number,
        created_by=created_by,
        request=request,
    )
    role_grant(
        user=user,
        role=role,
        agency=agency,
        department=department,
        granted_by=created_by,
        request=request,
    )
    return user


@transaction.atomic
def user_deactivate(
    *, user: User, deactivated_by: User | None = None, request: HttpRequest | None = None
) -> User:
    """Block sign-in. Roles stay as they are: history, and they grant nothing meanwhile."""
    if not user.is_active:
        return user
    user.is_active = False
    user.save(update_fields=["is_active"])
    audit_record(
        kind=AuditEventKind.USER_DEACTIVATED, actor=deactivated_by, target=user, request=request
    )
    return user


@transaction.atomic
def user_password_set(
    *, user: User, password: str, changed_by: User | None, request: HttpRequest | None = None
) -> User:
    """Store a new password the caller has already validated (old password, strength)."""
    user.set_password(password)
    user.save(update_fields=["password"])
    audit_record(
        kind=AuditEventKind.PASSWORD_CHANGED, actor=changed_by, target=user, request=request
    )
    return user


def _admin_flags_sync(user: User) -> None:
    """Keep Django's is_staff/is_superuser flags in line with administrator roles.

    Access decisions read roles; the flags only open Django's admin site and its model
    permissions, so they follow any administrator role that is current or still to come.
    """
    today = timezone.localdate()
    held = set(
        user.roles.filter(Q(valid_to__isnull=True) | Q(valid_to__gte=today))
        .filter(role__in=(Role.SYSTEM_ADMIN, Role.AGENCY_ADMIN))
        .values_list("role", flat=True)
    )
    is_staff, is_superuser = bool(held), Role.SYSTEM_ADMIN in held
    if (user.is_staff, user.is_superuser) != (is_staff, is_superuser):
        user.is_staff, user.is_superuser = is_staff, is_superuser
        user.save(update_fields=["is_staff", "is_superuser"])


def _check_granter_reach(
    *, granted_by: User, user: User, role: Role, agency: Agency | None
) -> None:
    """An agency administrator grants only tree-scoped roles, to others, within what they manage.

    A role reaching beyond a tree (province-wide monitoring, system administration) or one
    given to oneself would let an administrator widen their own reach.
    """
    from .access import agencies_in_scope, is_system_admin

    if is_system_admin(granted_by):
        return
    if user.pk == granted_by.pk:
        raise ValidationError(
            {"user": _("You cannot grant a role to yourself; ask a system administrator.")}
        )
    if ROLE_GRANTS[role][0] is not Scope.TREE:
        raise ValidationError({"role": _("Only a system administrator can grant this role.")})
    manageable = agencies_in_scope(granted_by, action=AgencyAction.MANAGE)
    if agency is None or not manageable.filter(pk=agency.pk).exists():
        raise ValidationError({"agency": _("This agency is outside the agencies you manage.")})


@transaction.atomic
def role_grant(
    *,
    user: User,
    role: Role,
    agency: Agency | None,
    department: Department | None = None,
    valid_from: dt.date | None = None,
    granted_by: User | None = None,
    note: str = "",
    request: HttpRequest | None = None,
) -> RoleAssignment:
    if granted_by is not None:
        _check_granter_reach(granted_by=granted_by, user=user, role=role, agency=agency)
    assignment = RoleAssignment(
        user=user,
        role=role,
        agency=agency,
        department=department,
        valid_from=valid_from or timezone.localdate(),
        granted_by=granted_by,
        note=note,
    )
    assignment.full_clean()  # also refuses roles for citizens and organisations
    assignment.save()
    _admin_flags_sync(user)
    audit_record(
        kind=AuditEventKind.ROLE_GRANTED,
        actor=granted_by,
        target=assignment,
        request=request,
        user_id=user.pk,
        role=role,
        agency=agency.code if agency else None,
    )
    return assignment


@transaction.atomic
def role_end(
    *,
    assignment: RoleAssignment,
    valid_to: dt.date | None = None,
    ended_by: User | None = None,
    request: HttpRequest | None = None,
) -> RoleAssignment:
    """End a role on ``valid_to`` (default today). The row stays as history."""
    assignment = RoleAssignment.objects.select_for_update().get(pk=assignment.pk)
    if assignment.valid_to is not None and assignment.valid_to <= (
        valid_to or timezone.localdate()
    ):
        return assignment
    assignment.valid_to = valid_to or timezone.localdate()
    assignment.ended_by = ended_by
    assignment.full_clean()
    assignment.save(update_fields=["valid_to", "ended_by"])
    _admin_flags_sync(assignment.user)
    audit_record(
        kind=AuditEventKind.ROLE_ENDED,
        actor=ended_by,
        target=assignment,
        request=request,
        user_id=assignment.user_id,
        role=assignment.role,
    )
    return assignment


@dataclass(frozen=True)
class RoleSpec:
    """A role to grant: what, where, and optionally in which department."""

    role: Role
    agency: Agency | None
    department: Department | None = None


@transaction.atomic
def staff_transfer(
    *,
    user: User,
    ending: Iterable[RoleAssignment],
    granting: Iterable[RoleSpec],
    on: dt.date | None = None,
    transferred_by: User | None = None,
    note: str = "",
    request: HttpRequest | None = None,
) -> list[RoleAssignment]:
    """Move a staff member to other units from ``on`` (default today), all or nothing.

    The roles in ``ending`` end the day before ``on`` and the new ones start on ``on``, so
    there is neither a gap nor a day with both. Old rows stay as history.
    """
    day = on or timezone.localdate()
    ending, granting = list(ending), list(granting)
    if not ending or not granting:
        raise ValidationError(_("A transfer ends at least one role and grants at least one."))
    if any(assignment.user_id != user.pk for assignment in ending):
        raise ValidationError(_("A transfer can only end the person's own roles."))
    for assignment in ending:
        role_end(
            assignment=assignment,
            valid_to=day - dt.timedelta(days=1),
            ended_by=transferred_by,
            request=request,
        )
    return [
        role_grant(
            user=user,
            role=spec.role,
            agency=spec.agency,
            department=spec.department,
            valid_from=day,
            granted_by=transferred_by,
            note=note,
            request=request,
        )
        for spec in granting
    ]
