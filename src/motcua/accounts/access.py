"""Who may see or act on what. Permission decisions go through these functions only.

A role reaches agencies according to ``constants.ROLE_GRANTS``: the agency it is held in
and everything below it, the whole province, or everything. Only roles active on the day
count, so an ended or future role grants nothing.

``access_*`` functions load one object by id and raise ``Http404`` both when it does not
exist and when the user may not see it: an id typed in a URL reveals nothing.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from motcua.agencies.models import Agency

from .constants import ADMIN_ROLES, ROLE_GRANTS, AgencyAction, Role, Scope, UserKind
from .models import RoleAssignment, User
from .selectors import active_roles


def _effective_roles(user, *, on: dt.date | None = None) -> list[RoleAssignment]:
    roles = list(active_roles(user, on=on))
    if _two_factor_pending(user, roles):
        # Until the session confirms a code, a system administrator has only their other roles.
        roles = [r for r in roles if r.role != Role.SYSTEM_ADMIN]
    return roles


def _two_factor_pending(user, roles: list[RoleAssignment]) -> bool:
    # OTPMiddleware gives the request's user ``is_verified``. A user loaded outside a
    # request (task, command) has no session to verify and is not held back.
    is_verified = getattr(user, "is_verified", None)
    return (
        settings.REQUIRE_2FA_FOR_ADMINS
        and is_verified is not None
        and not is_verified()
        and any(r.role == Role.SYSTEM_ADMIN for r in roles)
    )


def two_factor_required(user) -> bool:
    """Whether this user must confirm a TOTP code before acting as a system administrator."""
    return (
        settings.REQUIRE_2FA_FOR_ADMINS
        and active_roles(user).filter(role=Role.SYSTEM_ADMIN).exists()
    )


def two_factor_pending(user) -> bool:
    """A system administrator whose session has not confirmed a code yet (when required)."""
    return _two_factor_pending(user, list(active_roles(user)))


def is_system_admin(user, *, on: dt.date | None = None) -> bool:
    return any(r.role == Role.SYSTEM_ADMIN for r in _effective_roles(user, on=on))


def can_use_admin_site(user) -> bool:
    """The Django admin site is for agency and system administrators only."""
    if not (user.is_active and user.is_staff):
        return False
    return any(r.role in ADMIN_ROLES for r in _effective_roles(user))


def _agency_and_descendants(root_ids: set[int]) -> set[int]:
    found, frontier = set(root_ids), set(root_ids)
    while frontier:  # one query per level; agency trees are a few levels deep
        frontier = set(
            Agency.objects.filter(parent_id__in=frontier)
            .exclude(pk__in=found)
            .values_list("pk", flat=True)
        )
        found |= frontier
    return found


def agencies_in_scope(
    user, *, on: dt.date | None = None, action: AgencyAction = AgencyAction.VIEW
) -> QuerySet[Agency]:
    """Agencies on whose data ``user`` may perform ``action`` on day ``on`` (default today)."""
    roles = [r for r in _effective_roles(user, on=on) if action in ROLE_GRANTS[r.role][1]]
    scopes = {ROLE_GRANTS[r.role][0] for r in roles}
    if Scope.ALL in scopes:
        return Agency.objects.all()
    tree_roots = {r.agency_id for r in roles if ROLE_GRANTS[r.role][0] is Scope.TREE}
    # A commune-level unit's parent is its province; a provincial unit is its own province.
    provinces = {
        r.agency.administrative_unit.parent_id or r.agency.administrative_unit_id
        for r in roles
        if ROLE_GRANTS[r.role][0] is Scope.PROVINCE
    }
    if not tree_roots and not provinces:
        return Agency.objects.none()
    return Agency.objects.filter(
        Q(pk__in=_agency_and_descendants(tree_roots))
        | Q(administrative_unit_id__in=provinces)
        | Q(administrative_unit__parent_id__in=provinces)
    )


def access_agency(user, agency_id, *, action: AgencyAction, on: dt.date | None = None) -> Agency:
    agency = None
    if str(agency_id).isdigit():
        agency = agencies_in_scope(user, on=on, action=action).filter(pk=int(agency_id)).first()
    if agency is None:
        raise Http404(_("No such agency."))
    return agency


def users_in_management_scope(actor) -> QuerySet[User]:
    """Accounts ``actor`` may manage.

    A system administrator manages everyone. An agency administrator manages staff whose
    active roles all lie in agencies they manage; never citizens or organisations, never
    system administrators, and nobody who also works somewhere outside their reach.
    """
    if is_system_admin(actor):
        return User.objects.all()
    agencies = agencies_in_scope(actor, action=AgencyAction.MANAGE)
    active = RoleAssignment.objects.active_on(timezone.localdate())
    return (
        User.objects.filter(
            kind=UserKind.STAFF,
            is_superuser=False,
            pk__in=active.filter(agency__in=agencies).values("user_id"),
        )
        # System-admin rows have no agency, so they count as "outside" here too.
        .exclude(pk__in=active.exclude(agency__in=agencies).values("user_id"))
    )


def access_user_for_management(actor, user_id) -> User:
    user = None
    if str(user_id).isdigit():
        user = users_in_management_scope(actor).filter(pk=int(user_id)).first()
    if user is None:
        raise Http404(_("No such account."))
    return user


def roles_in_management_scope(actor) -> QuerySet[RoleAssignment]:
    """Role assignments, current and past, held in agencies ``actor`` manages."""
    if is_system_admin(actor):
        return RoleAssignment.objects.all()
    agencies = agencies_in_scope(actor, action=AgencyAction.MANAGE)
    return RoleAssignment.objects.filter(agency__in=agencies).exclude(user__is_superuser=True)


def access_role_for_management(actor, assignment_id) -> RoleAssignment:
    assignment = None
    if str(assignment_id).isdigit():
        assignment = roles_in_management_scope(actor).filter(pk=int(assignment_id)).first()
    if assignment is None:
        raise Http404(_("No such role assignment."))
    return assignment


def access_own_profile(user, user_id) -> User:
    """Everyone sees their own account; other accounts only through management."""
    if not (user.is_authenticated and str(user_id) == str(user.pk)):
        raise Http404(_("No such account."))
    return user


def access_two_factor_settings(user) -> None:
    """The security page (two-factor devices) is for staff accounts."""
    if not (user.is_authenticated and user.kind == UserKind.STAFF):
        raise Http404(_("No such page."))
