"""Reads of the feedback app: rules in force, forms' choices, ticket lists and the counts
the reports need (766 index group "Mức độ hài lòng", report section II.2).

Counting rules, written once here so every report agrees:

- A rating counts in the window it was first given (``rated_at``); a changed rating keeps
  its window and counts at its current level. Satisfied = levels marked as satisfied.
- A ticket is *received* in the window of its receipt; *handled* (answered or not
  accepted) in the window of ``handled_at``; on time when handled on or before the due
  date, compared by date as the 766 index compares dossiers. Tickets still open at the
  window's end are *pending*, split at the due moment. A transferred ticket counts for the
  agency holding it now.
- 766 "PAKN handled on time" = answered on time / (answered + pending past due): tickets
  not accepted are outside competence. "Satisfaction in PAKN handling" = answered tickets
  without a "not satisfied" rating / answered tickets. With no tickets both are full, as
  the national index gives full points when there is no PAKN.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, F, Q, QuerySet
from django.db.models.functions import TruncDate
from django.utils import timezone

from motcua.workcalendar.engine import VN_TZ

from .constants import HandlingRating, SubjectKind, TicketStatus
from .models import (
    DossierRating,
    FeedbackRule,
    RatingCriterion,
    RatingLevel,
    Ticket,
    TicketCategory,
)
from .workflow import OPEN


def rule_in_force(*, on: dt.date | None = None) -> FeedbackRule | None:
    day = on or timezone.localdate()
    return FeedbackRule.objects.filter(valid_from__lte=day).order_by("-valid_from").first()


def rating_levels() -> QuerySet[RatingLevel]:
    return RatingLevel.objects.filter(is_active=True)


def rating_criteria() -> QuerySet[RatingCriterion]:
    return RatingCriterion.objects.filter(is_active=True)


def ticket_categories() -> QuerySet[TicketCategory]:
    return TicketCategory.objects.filter(is_active=True)


def rating_for_dossier(dossier) -> DossierRating | None:
    return (
        DossierRating.objects.select_related("level")
        .prefetch_related("answers__criterion", "answers__level")
        .filter(dossier=dossier)
        .first()
    )


def ticket_is_overdue(ticket: Ticket, *, now: dt.datetime | None = None) -> bool:
    return ticket.status in OPEN and (now or timezone.now()) > ticket.due_at


def ticket_handled_on_time(ticket: Ticket) -> bool | None:
    if ticket.handled_at is None:
        return None
    return _local_date(ticket.handled_at) <= _local_date(ticket.due_at)


def _local_date(moment: dt.datetime) -> dt.date:
    return moment.astimezone(VN_TZ).date()


def ticket_list_for_staff(
    tickets: QuerySet[Ticket], *, status: str = "", overdue_only: bool = False
) -> QuerySet[Ticket]:
    """The queue: open tickets first by due moment, then the rest, newest first."""
    qs = tickets.select_related("category", "agency", "assignee")
    if status:
        qs = qs.filter(status=status)
    if overdue_only:
        qs = qs.filter(status__in=OPEN, due_at__lt=timezone.now())
    return qs.order_by("due_at", "pk") if status in OPEN or overdue_only else qs


def tickets_of_sender(user) -> QuerySet[Ticket]:
    """What a signed-in citizen sent from their account, newest first."""
    if not user.is_authenticated:
        return Ticket.objects.none()
    return Ticket.objects.filter(submitter=user).select_related("agency").order_by("-received_at")


def tickets_published() -> QuerySet[Ticket]:
    return (
        Ticket.objects.filter(published_at__isnull=False)
        .select_related("category", "agency")
        .order_by("-published_at", "-pk")
    )


# --- Reporting ----------------------------------------------------------------------------


def _share(part: int, whole: int) -> Decimal | None:
    if whole == 0:
        return None
    return (Decimal(part) * 100 / whole).quantize(Decimal("0.01"))


@dataclass(frozen=True)
class SatisfactionRow:
    key: int | None  # agency or procedure id; None for the total
    rated: int
    satisfied: int

    @property
    def share(self) -> Decimal | None:
        """Percentage of satisfied ratings, two decimals; None when nothing was rated."""
        return _share(self.satisfied, self.rated)


def satisfaction_counts(
    *,
    start: dt.datetime,
    end: dt.datetime,
    by: str = "",
    agency_ids: list[int] | None = None,
    procedure_ids: list[int] | None = None,
) -> list[SatisfactionRow]:
    """Ratings first given in [start, end), in total or per ``by``.

    ``by`` is "agency" (the competent agency of the dossier), "procedure" or "" (one row).
    """
    keys = {"agency": "dossier__competent_agency_id", "procedure": "procedure_id", "": None}
    if by not in keys:
        raise ValueError(f"Unknown grouping {by!r}.")
    qs = DossierRating.objects.filter(rated_at__gte=start, rated_at__lt=end).annotate(
        procedure_id=F("dossier__procedure_version__procedure_id")
    )
    if agency_ids is not None:
        qs = qs.filter(dossier__competent_agency_id__in=agency_ids)
    if procedure_ids is not None:
        qs = qs.filter(dossier__procedure_version__procedure_id__in=procedure_ids)
    measures = {
        "rated": Count("pk"),
        "satisfied": Count("pk", filter=Q(level__counts_as_satisfied=True)),
    }
    if keys[by] is None:
        row = qs.aggregate(**measures)
        return [SatisfactionRow(key=None, **row)]
    rows = qs.values(key=F(keys[by])).annotate(**measures).order_by("key")
    return [SatisfactionRow(**row) for row in rows]


@dataclass(frozen=True)
class TicketCounts:
    agency_id: int | None
    received: int = 0
    answered_on_time: int = 0
    answered_late: int = 0
    rejected: int = 0
    pending_within: int = 0
    pending_overdue: int = 0
    not_satisfied: int = 0
    about_regulation: int = 0
    about_procedure: int = 0
    about_conduct: int = 0

    @property
    def answered(self) -> int:
        return self.answered_on_time + self.answered_late

    @property
    def on_time_share(self) -> Decimal:
        whole = self.answered + self.pending_overdue
        return _share(self.answered_on_time, whole) if whole else Decimal("100.00")

    @property
    def handling_satisfaction_share(self) -> Decimal:
        if not self.answered:
            return Decimal("100.00")
        return _share(self.answered - self.not_satisfied, self.answered)


def ticket_counts(
    *, start: dt.datetime, end: dt.datetime, agency_ids: list[int] | None = None
) -> list[TicketCounts]:
    """Per agency (the one holding the ticket now): see the module docstring for the rules."""
    # Only tickets that can count: received before the end and not handled before the start.
    qs = Ticket.objects.filter(received_at__lt=end).filter(
        Q(handled_at__isnull=True) | Q(handled_at__gte=start)
    )
    if agency_ids is not None:
        qs = qs.filter(agency_id__in=agency_ids)
    tz = VN_TZ
    handled_in = Q(handled_at__gte=start, handled_at__lt=end)
    answered = handled_in & Q(status__in=[TicketStatus.ANSWERED, TicketStatus.PUBLISHED])
    on_time = Q(handled_day__lte=F("due_day"))
    open_at_end = Q(received_at__lt=end) & (Q(handled_at__isnull=True) | Q(handled_at__gte=end))
    received_in = Q(received_at__gte=start, received_at__lt=end)
    rows = (
        qs.annotate(
            handled_day=TruncDate("handled_at", tzinfo=tz), due_day=TruncDate("due_at", tzinfo=tz)
        )
        .values("agency_id")
        .annotate(
            received=Count("pk", filter=received_in),
            answered_on_time=Count("pk", filter=answered & on_time),
            answered_late=Count("pk", filter=answered & ~on_time),
            rejected=Count("pk", filter=handled_in & Q(status=TicketStatus.REJECTED)),
            pending_within=Count("pk", filter=open_at_end & Q(due_at__gte=end)),
            pending_overdue=Count("pk", filter=open_at_end & Q(due_at__lt=end)),
            not_satisfied=Count(
                "pk", filter=answered & Q(handling_rating=HandlingRating.NOT_SATISFIED)
            ),
            about_regulation=Count(
                "pk", filter=received_in & Q(category__subject_kind=SubjectKind.REGULATION)
            ),
            about_procedure=Count(
                "pk", filter=received_in & Q(category__subject_kind=SubjectKind.PROCEDURE)
            ),
            about_conduct=Count(
                "pk", filter=received_in & Q(category__subject_kind=SubjectKind.CONDUCT)
            ),
        )
        .order_by("agency_id")
    )
    return [
        TicketCounts(**row) for row in rows if any(v for k, v in row.items() if k != "agency_id")
    ]


def ticket_counts_total(counts: list[TicketCounts]) -> TicketCounts:
    fields = [f for f in TicketCounts.__dataclass_fields__ if f != "agency_id"]
    return TicketCounts(
        agency_id=None, **{name: sum(getattr(c, name) for c in counts) for name in fields}
    )


def ticket_officers(ticket: Ticket):
    """Staff who may be put in charge: an active role that processes, in the ticket's agency."""
    from motcua.accounts.constants import ROLE_GRANTS, AgencyAction
    from motcua.accounts.models import RoleAssignment, User

    roles = [role for role, (_, actions) in ROLE_GRANTS.items() if AgencyAction.PROCESS in actions]
    holders = RoleAssignment.objects.active_on(timezone.localdate()).filter(
        agency_id=ticket.agency_id, role__in=roles
    )
    return User.objects.filter(pk__in=holders.values("user_id"), is_active=True).order_by(
        "full_name", "username"
    )


def indicator_counts(
    *, start: dt.datetime, end: dt.datetime, agency_ids: list[int] | None = None
) -> dict[str, int]:
    """The counts the 766 "Mức độ hài lòng" formulas read, under the names the reporting
    app's indicator catalogue uses, for the agencies given (all when None).

    ``feedback_due`` is the on-time denominator (answered + pending past due),
    ``feedback_rated`` the answered tickets and ``feedback_satisfied`` those without a
    "not satisfied" rating, so that "satisfied / rated" is the 766 formula.
    """
    (ratings,) = satisfaction_counts(start=start, end=end, agency_ids=agency_ids)
    tickets = ticket_counts_total(ticket_counts(start=start, end=end, agency_ids=agency_ids))
    return {
        "rated": ratings.rated,
        "satisfied": ratings.satisfied,
        "feedback_received": tickets.received,
        "feedback_due": tickets.answered + tickets.pending_overdue,
        "feedback_on_time": tickets.answered_on_time,
        "feedback_rated": tickets.answered,
        "feedback_satisfied": tickets.answered - tickets.not_satisfied,
    }
