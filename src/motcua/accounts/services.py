"""Writes on users and roles. Every change of who may do what is audited here."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone

from motcua.agencies.models import Agency, Department
from motcua.core.audit import audit_record
from motcua.core.models import AuditEventKind

from .constants import Role, UserKind
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
        kind=AuditEventKind.USER_CREATED, actor=created_by, target=user, request=request, user_kind=kind
    )
    return user


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
    if user.kind != UserKind.STAFF:
        raise ValueError("Only staff accounts can hold roles.")
    assignment = RoleAssignment(
        user=user,
        role=role,
        agency=agency,
        department=department,
        valid_from=valid_from or timezone.localdate(),
        granted_by=granted_by,
        note=note,
    )
    assignment.full_clean()
    assignment.save()
    # Django's admin site is open to staff flagged is_staff; only administrators get it.
    if role in (Role.SYSTEM_ADMIN, Role.AGENCY_ADMIN) and not user.is_staff:
        user.is_staff = True
        user.is_superuser = user.is_superuser or role == Role.SYSTEM_ADMIN
        user.save(update_fields=["is_staff", "is_superuser"])
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
    if assignment.valid_to is not None and assignment.valid_to <= (valid_to or timezone.localdate()):
        return assignment
    assignment.valid_to = valid_to or timezone.localdate()
    assignment.ended_by = ended_by
    assignment.full_clean()
    assignment.save(update_fields=["valid_to", "ended_by"])
    audit_record(
        kind=AuditEventKind.ROLE_ENDED,
        actor=ended_by,
        target=assignment,
        request=request,
        user_id=assignment.user_id,
        role=assignment.role,
    )
    return assignment
