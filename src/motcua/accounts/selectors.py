"""Reads on users and roles."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from .constants import UserKind
from .models import RoleAssignment, RoleAssignmentQuerySet


def active_roles(user, *, on: dt.date | None = None) -> RoleAssignmentQuerySet:
    """Roles ``user`` holds on ``on`` (default today).

    Deactivated accounts, citizens and organisations hold none, whatever rows exist.
    """
    if not (user.is_authenticated and user.is_active and user.kind == UserKind.STAFF):
        return RoleAssignment.objects.none()
    return (
        RoleAssignment.objects.active_on(on or timezone.localdate())
        .filter(user=user)
        .select_related("agency__administrative_unit", "department")
    )
