"""Reads on dossiers: lists for staff and citizens, timelines, and the deadline lists.

Overdue is computed, never stored: a dossier is overdue when its clock is running and its
due moment has passed. The clock runs while the dossier is received, in processing or in
liên thông, and while it waits for the citizen only if the wait's policy is "none"
(a paused or restarting clock is not the agency's time).
"""

from __future__ import annotations

import datetime as dt

from django.db.models import BooleanField, Case, Exists, OuterRef, Q, QuerySet, Value, When
from django.utils import timezone

from motcua.catalog.constants import SupplementClock
from motcua.workcalendar.selectors import work_calendar_get

from . import deadlines
from .access import dossiers_visible_to
from .constants import EventKind
from .models import ClockPause, Dossier, DossierEvent, DossierStep
from .workflow import WAITING, WORKING

# One working day of office time by default: what "due soon" means for reminders.
DUE_SOON_WITHIN = dt.timedelta(hours=8)


def _clock_running() -> Q:
    unpaused_wait = ClockPause.objects.filter(
        dossier=OuterRef("pk"), ended_at__isnull=True, policy=SupplementClock.NONE
    )
    return Q(status__in=WORKING) | (Q(status__in=WAITING) & Exists(unpaused_wait))


def _narrow(
    queryset: QuerySet[Dossier],
    *,
    agency_id: int | None,
    department_id: int | None,
    assignee_id: int | None,
) -> QuerySet[Dossier]:
    if agency_id is not None:
        # Where the dossier is now, or an agency whose opinion is awaited.
        asked = DossierStep.objects.filter(
            dossier=OuterRef("pk"),
            consulted_from__isnull=False,
            finished_at__isnull=True,
            agency_id=agency_id,
        )
        queryset = queryset.filter(Q(current_agency_id=agency_id) | Exists(asked))
    if department_id is not None:
        queryset = queryset.filter(current_step__department_id=department_id)
    if assignee_id is not None:
        queryset = queryset.filter(assignee_id=assignee_id)
    return queryset


def dossiers_overdue(
    *,
    now: dt.datetime | None = None,
    agency_id: int | None = None,
    department_id: int | None = None,
    assignee_id: int | None = None,
) -> QuerySet[Dossier]:
    """Dossiers whose clock runs past their due moment, most overdue first."""
    now = now or timezone.now()
    queryset = Dossier.objects.filter(_clock_running(), due_at__lt=now)
    return _narrow(
        queryset, agency_id=agency_id, department_id=department_id, assignee_id=assignee_id
    ).order_by("due_at", "pk")


def dossiers_due_soon(
    *,
    now: dt.datetime | None = None,
    within: dt.timedelta = DUE_SOON_WITHIN,
    agency_id: int | None = None,
    department_id: int | None = None,
    assignee_id: int | None = None,
) -> QuerySet[Dossier]:
    """Dossiers not yet overdue whose due moment falls within ``within`` of office time."""
    now = now or timezone.now()
    horizon = work_calendar_get().add_working_time(now, within)
    queryset = Dossier.objects.filter(_clock_running(), due_at__gte=now, due_at__lte=horizon)
    return _narrow(
        queryset, agency_id=agency_id, department_id=department_id, assignee_id=assignee_id
    ).order_by("due_at", "pk")


def dossier_is_overdue(dossier: Dossier, *, now: dt.datetime | None = None) -> bool:
    return Dossier.objects.filter(pk=dossier.pk).filter(_clock_running()).exists() and (
        deadlines.is_overdue(dossier.due_at, now or timezone.now())
    )


def dossier_list_for_user(
    user,
    *,
    status: str | None = None,
    agency_id: int | None = None,
    procedure_id: int | None = None,
    overdue: bool | None = None,
    due_from: dt.datetime | None = None,
    due_to: dt.datetime | None = None,
    received_from: dt.datetime | None = None,
    received_to: dt.datetime | None = None,
    channel: str | None = None,
    applicant_id_number: str | None = None,
    now: dt.datetime | None = None,
) -> QuerySet[Dossier]:
    """What ``user`` may see, filtered as the back office and API lists need.

    Each row carries ``is_overdue`` (computed in the query, so a list needs no query per
    dossier). Bounds are inclusive.
    """
    late = Q(_clock_running(), due_at__lt=now or timezone.now())
    queryset = (
        dossiers_visible_to(user)
        .select_related(
            "procedure_version__procedure",
            "receiving_agency",
            "current_agency",
            "assignee",
        )
        .annotate(
            is_overdue=Case(
                When(late, then=Value(True)), default=Value(False), output_field=BooleanField()
            )
        )
    )
    if status:
        queryset = queryset.filter(status=status)
    if agency_id is not None:
        queryset = queryset.filter(current_agency_id=agency_id)
    if procedure_id is not None:
        queryset = queryset.filter(procedure_version__procedure_id=procedure_id)
    if overdue is not None:
        queryset = queryset.filter(late) if overdue else queryset.exclude(late)
    if due_from is not None:
        queryset = queryset.filter(due_at__gte=due_from)
    if due_to is not None:
        queryset = queryset.filter(due_at__lte=due_to)
    if received_from is not None:
        queryset = queryset.filter(received_at__gte=received_from)
    if received_to is not None:
        queryset = queryset.filter(received_at__lte=received_to)
    if channel:
        queryset = queryset.filter(channel=channel)
    if applicant_id_number:
        queryset = queryset.filter(applicant_id_number=applicant_id_number)
    return queryset.order_by("-received_at", "-pk")


def dossier_timeline(dossier: Dossier) -> QuerySet[DossierEvent]:
    """The dossier's events in order: the citizen's timeline, Mẫu 06 and the indicators."""
    return dossier.events.select_related("actor", "actor_agency", "step").order_by("at", "pk")


def dossier_steps(dossier: Dossier) -> QuerySet[DossierStep]:
    return dossier.steps.select_related("agency", "department", "assignee").order_by(
        "position", "pk"
    )


# Events only staff see: internal notes written in the back office.
STAFF_ONLY_EVENTS = frozenset({EventKind.NOTE})


def dossier_timeline_for(user, dossier: Dossier) -> QuerySet[DossierEvent]:
    """``dossier_timeline`` as ``user`` may read it: applicants never see internal notes."""
    from .access import APPLICANT_KINDS

    events = dossier_timeline(dossier)
    if not user.is_authenticated or user.kind in APPLICANT_KINDS:
        events = events.exclude(kind__in=STAFF_ONLY_EVENTS)
    return events
