"""Who may see a dossier and who may take each action on it.

Seeing: staff see the dossiers that touch an agency in their viewing scope (received,
decided, handled now, or a step there), as ``accounts.access.agencies_in_scope`` defines
it; citizens and organisations see their own. ``access_dossier`` answers "no such
dossier" both when it does not exist and when the user may not see it.

Acting: ``dossier_actor`` checks the grants of the action's rule in ``workflow.RULES``
and answers *as whom* the user acts (the role and agency written on the event), or
refuses with ``FORBIDDEN``. A role counts when it is active today and held in the agency
the grant names or in an agency above it (a provincial centre's counter officers reach
its branches, as everywhere in ``accounts``).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import BigIntegerField, Exists, ExpressionWrapper, OuterRef, Q, QuerySet

from motcua.accounts.access import agencies_in_scope
from motcua.accounts.constants import UserKind
from motcua.accounts.models import RoleAssignment
from motcua.accounts.selectors import active_roles
from motcua.agencies.models import Agency
from motcua.catalog.constants import Performer

from .error_codes import DossierError, DossierErrorCode
from .models import Dossier, DossierStep
from .workflow import ACTION_LABELS, RULES, SUPERVISORS, Action, Grant, Place, Rule, step_allows

OWNER_ROLE = "owner"
PAYMENT_PLATFORM_ROLE = "payment_platform"


class _PaymentPlatform:
    """Stands for a payment provider whose signed confirmation the payments app verified.

    Not a user: it is never authenticated, so no session or token can become it; only code
    that passes this very object acts with the ``PAYMENT_PLATFORM`` grant.
    """

    is_authenticated = False
    is_active = False
    pk = None


PAYMENT_PLATFORM = _PaymentPlatform()
APPLICANT_KINDS = frozenset({UserKind.CITIZEN, UserKind.ORGANISATION})


@dataclass(frozen=True)
class Actor:
    """Who takes an action, as recorded on the event."""

    user: object
    role: str  # an accounts Role value, or "owner"
    agency: Agency | None


def dossiers_visible_to(user) -> QuerySet[Dossier]:
    if not (user.is_authenticated and user.is_active):
        return Dossier.objects.none()
    if user.kind in APPLICANT_KINDS:
        return Dossier.objects.filter(owner=user)
    scope = agencies_in_scope(user)
    step_here = (
        DossierStep.objects.filter(dossier=OuterRef("pk"), agency__in=scope)
        # Always true, but it names the outer row outside an equality. Without it
        # PostgreSQL turns the EXISTS into a hashed set of every step the agency ever had
        # (700 ms at 300,000 dossiers, growing with the data) even when a list needs 50
        # rows; with it the EXISTS is an index probe for just the rows a page looks at.
        .alias(outer_id=ExpressionWrapper(OuterRef("pk"), output_field=BigIntegerField()))
        .filter(Q(pk__gt=0) | Q(outer_id__lt=0))
    )
    return Dossier.objects.filter(
        Q(receiving_agency__in=scope)
        | Q(competent_agency__in=scope)
        | Q(current_agency__in=scope)
        | Exists(step_here)
    )


def access_dossier(user, dossier_id) -> Dossier:
    dossier = None
    if str(dossier_id).isdigit():
        dossier = dossiers_visible_to(user).filter(pk=int(dossier_id)).first()
    if dossier is None:
        raise DossierError(DossierErrorCode.NOT_FOUND)
    return dossier


def agency_lineage(agency: Agency) -> set[int]:
    """The agency and every agency above it."""
    found: set[int] = set()
    current: int | None = agency.pk
    while current is not None and current not in found:  # trees are a few levels deep
        found.add(current)
        current = Agency.objects.filter(pk=current).values_list("parent_id", flat=True).first()
    return found


def _roles(user) -> list[RoleAssignment]:
    """Roles active today; none for inactive accounts, citizens and organisations."""
    if not (user.is_authenticated and user.is_active):
        return []
    return list(active_roles(user))


def open_consultations(dossier: Dossier) -> QuerySet[DossierStep]:
    return dossier.steps.filter(
        consulted_from__isnull=False, finished_at__isnull=True
    ).select_related("agency")


def returner_agency(dossier: Dossier) -> Agency:
    """The agency that hands the result back under the case (``result_returned_by``)."""
    returner = dossier.case.result_returned_by
    if returner == Performer.COMPETENT_AGENCY:
        return dossier.competent_agency
    if returner == Performer.SPECIFIC_AGENCY:
        step = (
            dossier.steps.filter(template__performer=Performer.SPECIFIC_AGENCY)
            .select_related("agency")
            .order_by("-position")
            .first()
        )
        if step is not None:
            return step.agency
    return dossier.receiving_agency


def _grant_agency(
    grant: Grant, dossier: Dossier, consultation: DossierStep | None
) -> Agency | None:
    if grant.place == Place.RECEIVING:
        return dossier.receiving_agency
    if grant.place == Place.COMPETENT:
        return dossier.competent_agency
    if grant.place == Place.CURRENT:
        return dossier.current_agency
    if grant.place == Place.STEP:
        return dossier.current_step.agency if dossier.current_step_id else None
    if grant.place == Place.CONSULTED:
        return consultation.agency if consultation is not None else None
    if grant.place == Place.RETURNER:
        return returner_agency(dossier)
    return None


def _step_allows(role: RoleAssignment, user, step: DossierStep) -> bool:
    if role.role in SUPERVISORS:
        return True
    return role.role == step.role and step.assignee_id in (None, user.pk)


def _authorise(
    user,
    rule: Rule,
    *,
    dossier: Dossier | None,
    agencies: dict[Place, Agency | None],
    consultation=None,
) -> Actor | None:
    roles = None
    for grant in rule.grants:
        if grant.place == Place.PAYMENT_PLATFORM:
            if user is PAYMENT_PLATFORM:
                return Actor(user=None, role=PAYMENT_PLATFORM_ROLE, agency=None)
            continue
        if grant.place == Place.OWNER:
            if (
                dossier is not None
                and user.is_authenticated
                and user.is_active
                and user.kind in APPLICANT_KINDS
                and dossier.owner_id == user.pk
            ):
                return Actor(user=user, role=OWNER_ROLE, agency=None)
            continue
        agency = agencies.get(grant.place)
        if agency is None and dossier is not None:
            agency = _grant_agency(grant, dossier, consultation)
        if agency is None:
            continue
        if roles is None:
            roles = _roles(user)
        lineage = agency_lineage(agency)
        for role in roles:
            if role.agency_id not in lineage:
                continue
            if grant.place == Place.STEP:
                if _step_allows(role, user, dossier.current_step):
                    return Actor(user=user, role=role.role, agency=role.agency)
            elif role.role in grant.roles:
                return Actor(user=user, role=role.role, agency=role.agency)
    return None


def dossier_actor(
    user, dossier: Dossier, action: Action, *, consultation: DossierStep | None = None
) -> Actor:
    """As whom ``user`` may take ``action`` on ``dossier``; ``FORBIDDEN`` otherwise."""
    actor = _authorise(user, RULES[action], dossier=dossier, agencies={}, consultation=consultation)
    if actor is None:
        raise DossierError(DossierErrorCode.FORBIDDEN, action=ACTION_LABELS[action])
    return actor


def intake_actor(user, action: Action, *, receiving_agency: Agency, online: bool) -> Actor:
    """As whom ``user`` may create a dossier at ``receiving_agency``.

    Online, the applicant's own account submits; every other channel is registered by a
    counter officer of the receiving centre.
    """
    if online:
        if user.is_authenticated and user.is_active and user.kind in APPLICANT_KINDS:
            return Actor(user=user, role=OWNER_ROLE, agency=None)
        raise DossierError(DossierErrorCode.FORBIDDEN, action=ACTION_LABELS[action])
    actor = _authorise(
        user, RULES[action], dossier=None, agencies={Place.RECEIVING: receiving_agency}
    )
    if actor is None:
        raise DossierError(DossierErrorCode.FORBIDDEN, action=ACTION_LABELS[action])
    return actor


def can_act(user, dossier: Dossier, action: Action) -> bool:
    """Whether ``action`` is possible now for ``user``: state and permission (for UIs)."""
    rule = RULES[action]
    if dossier.status not in rule.sources or not step_allows(dossier.current_step, action):
        return False
    if action == Action.ANSWER_CONSULTATION:
        return any(
            _authorise(user, rule, dossier=dossier, agencies={}, consultation=step) is not None
            for step in open_consultations(dossier)
        )
    return _authorise(user, rule, dossier=dossier, agencies={}) is not None


def actions_available(user, dossier: Dossier) -> list[Action]:
    return [action for action in Action if can_act(user, dossier, action)]
