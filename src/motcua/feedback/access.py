"""Who may see or act on ratings and tickets. Permission decisions go through here only.

- A dossier is rated by its owner (online), by an officer of an agency that processes it
  with the applicant present (counter or kiosk), or by whoever proved the dossier code
  and a second factor on the tracking page (the session remembers the proof).
- Staff see the tickets of agencies in their viewing scope; only staff who process for
  the ticket's agency see the contact details and act. Another agency's staff get 404.
- Anyone holding a ticket's code follows it: the code is the citizen's key, long and
  random enough not to be guessed under the lookup limit.

``access_*`` functions raise ``Http404`` alike for missing and forbidden objects.
"""

from __future__ import annotations

import hmac
from dataclasses import dataclass

from django.db.models import Q, QuerySet
from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _

from motcua.accounts.access import agencies_in_scope
from motcua.accounts.constants import AgencyAction, Role, UserKind
from motcua.accounts.selectors import active_roles
from motcua.dossiers.access import agency_lineage
from motcua.dossiers.models import Dossier

from .constants import RatingChannel
from .models import Ticket

APPLICANT_KINDS = frozenset({UserKind.CITIZEN, UserKind.ORGANISATION})
# Who may answer a ticket assigned to someone else in the same agency.
SUPERVISOR_ROLES = frozenset({Role.DEPARTMENT_HEAD, Role.AGENCY_LEADER})
SESSION_KEY = "feedback_proven_dossiers"


@dataclass(frozen=True)
class RatingAccess:
    dossier: Dossier
    channels: tuple[str, ...]  # the channels this user may record the rating through


def _is_applicant(user) -> bool:
    return user.is_authenticated and user.is_active and user.kind in APPLICANT_KINDS


def _is_staff(user) -> bool:
    return user.is_authenticated and user.is_active and user.kind == UserKind.STAFF


def _processing_dossiers(user) -> QuerySet[Dossier]:
    scope = agencies_in_scope(user, action=AgencyAction.PROCESS)
    return Dossier.objects.filter(
        Q(receiving_agency__in=scope) | Q(competent_agency__in=scope) | Q(current_agency__in=scope)
    )


def proven_dossier_ids(request: HttpRequest) -> list[int]:
    return [int(pk) for pk in request.session.get(SESSION_KEY, []) if str(pk).isdigit()]


def remember_proven_dossier(request: HttpRequest, dossier: Dossier) -> None:
    ids = [pk for pk in proven_dossier_ids(request) if pk != dossier.pk][-9:]
    request.session[SESSION_KEY] = [*ids, dossier.pk]


def access_dossier_for_rating(request: HttpRequest, dossier_id) -> RatingAccess:
    """The dossier and how this visitor may rate it; 404 when they may not."""
    user = request.user
    dossier = None
    if str(dossier_id).isdigit():
        dossier = (
            Dossier.objects.select_related("procedure_version", "competent_agency")
            .filter(pk=int(dossier_id))
            .first()
        )
    if dossier is not None:
        if _is_applicant(user) and dossier.owner_id == user.pk:
            return RatingAccess(dossier, (RatingChannel.ONLINE,))
        if _is_staff(user) and _processing_dossiers(user).filter(pk=dossier.pk).exists():
            return RatingAccess(dossier, (RatingChannel.COUNTER, RatingChannel.KIOSK))
        if dossier.pk in proven_dossier_ids(request):
            return RatingAccess(dossier, (RatingChannel.TRACKING,))
    raise Http404(_("No such dossier."))


def dossier_by_code_and_factor(code: str, factor: str) -> Dossier | None:
    """The dossier with ``code`` whose applicant matches the second factor, else None.

    The factor is the applicant's (or representative's) identification number, or the
    last four digits of the phone number given in the dossier, as on the portal's
    tracking page. A wrong factor and a wrong code answer the same.
    """
    code, factor = code.strip().upper(), "".join(factor.split()).upper()
    if not code or len(factor) < 4:
        return None
    dossier = Dossier.objects.filter(code=code).first()
    if dossier is None:
        return None
    if len(factor) == 4 and factor.isdigit():
        phone = "".join(ch for ch in dossier.applicant_phone if ch.isdigit())
        return dossier if len(phone) >= 4 and hmac.compare_digest(phone[-4:], factor) else None
    numbers = (dossier.applicant_id_number, dossier.representative_id_number)
    if any(n and hmac.compare_digest(n.upper(), factor) for n in numbers):
        return dossier
    return None


def tickets_visible_to_staff(user) -> QuerySet[Ticket]:
    if not _is_staff(user):
        return Ticket.objects.none()
    return Ticket.objects.filter(agency__in=agencies_in_scope(user, action=AgencyAction.VIEW))


def access_ticket_for_staff(user, ticket_id) -> Ticket:
    ticket = None
    if str(ticket_id).isdigit():
        ticket = (
            tickets_visible_to_staff(user)
            .select_related("category", "agency", "assignee", "dossier")
            .filter(pk=int(ticket_id))
            .first()
        )
    if ticket is None:
        raise Http404(_("No such feedback ticket."))
    return ticket


def can_handle_ticket(user, ticket: Ticket) -> bool:
    """Staff who process for the ticket's agency: see the contact details and act."""
    if not _is_staff(user):
        return False
    return agencies_in_scope(user, action=AgencyAction.PROCESS).filter(pk=ticket.agency_id).exists()


def can_answer_ticket(user, ticket: Ticket) -> bool:
    """The assigned officer answers; a head or leader of the agency may answer instead."""
    if not can_handle_ticket(user, ticket):
        return False
    if ticket.assignee_id == user.pk:
        return True
    lineage = agency_lineage(ticket.agency)
    return any(r.role in SUPERVISOR_ROLES and r.agency_id in lineage for r in active_roles(user))


def access_ticket_by_code(code: str) -> Ticket:
    code = (code or "").strip().upper()
    ticket = (
        Ticket.objects.select_related("category", "agency").filter(code=code).first()
        if code
        else None
    )
    if ticket is None:
        raise Http404(_("No feedback has this code."))
    return ticket


def access_published_ticket(code: str) -> Ticket:
    ticket = (
        Ticket.objects.select_related("category", "agency")
        .filter(code=(code or "").strip().upper(), published_at__isnull=False)
        .first()
    )
    if ticket is None:
        raise Http404(_("No published answer has this code."))
    return ticket
