"""Work queues and dashboard figures of the back office: reads only.

A queue is a named slice of the dossiers a user may see (``access.dossiers_visible_to``),
at one of three reaches:

- ``mine``: dossiers whose current officer is the user, or whose current step is
  unassigned and waits for a role the user holds at that agency;
- ``department``: dossiers whose current step is in a department the user holds a role in;
- ``agency``: dossiers handled now by an agency in the user's viewing scope, or whose
  opinion is awaited from one (liên thông);
- ``visible``: every dossier the user may see, wherever it is (the dashboard's lists).

Every list is ordered by due moment and paginated by keyset (due moment, id), so a page
costs the same at the first row as at the millionth; every count of every queue comes
from one aggregate query. Only received dossiers are in work queues (they have a due
moment); dossiers waiting for intake are the counter's own queue.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum

from django.db.models import (
    BooleanField,
    Case,
    Count,
    Exists,
    OuterRef,
    Q,
    QuerySet,
    Value,
    When,
)
from django.utils import timezone

from motcua.accounts.access import agencies_in_scope
from motcua.accounts.constants import Role
from motcua.accounts.selectors import active_roles
from motcua.catalog.constants import SupplementClock
from motcua.workcalendar.selectors import work_calendar_get

from .access import dossiers_visible_to
from .constants import Channel, DigitisationStatus, DossierStatus, Timeliness
from .deadlines import ONLINE_CHANNELS
from .models import ClockPause, Dossier, DossierStep
from .selectors import DUE_SOON_WITHIN, _clock_running
from .workflow import IN_HAND, WORKING

S = DossierStatus


class Reach(StrEnum):
    MINE = "mine"
    DEPARTMENT = "department"
    AGENCY = "agency"
    VISIBLE = "visible"  # everything the user may see: what the dashboard counts


class Queue(StrEnum):
    TODO = "todo"
    DUE_SOON = "due_soon"
    OVERDUE = "overdue"
    SUPPLEMENT = "supplement"
    PAYMENT = "payment"
    INTER_AGENCY = "inter_agency"
    DONE = "done"
    ALL = "all"  # every received dossier: the lists behind the dashboard's figures


class DueColour(StrEnum):
    """How the due moment is shown: the officer sees at a glance what is urgent."""

    EARLY = "early"
    DUE_SOON = "due_soon"
    OVERDUE = "overdue"
    PAUSED = "paused"  # waiting for the citizen with the clock stopped
    CLOSED = "closed"  # decided: the due moment is history


DONE_STATUSES = frozenset({S.RESOLVED, S.RETURNED, S.STOPPED})
RECEIVED_STATUSES = frozenset(
    {
        S.RECEIVED,
        S.PROCESSING,
        S.AWAITING_SUPPLEMENT,
        S.AWAITING_PAYMENT,
        S.INTER_AGENCY,
        *DONE_STATUSES,
    }
)
PAGE_SIZE = 25
ONLINE_ANY = "online_any"  # a channel filter: this portal or the national one


@dataclass(frozen=True)
class QueueFilters:
    procedure_id: int | None = None
    field_id: int | None = None
    channel: str = ""
    applicant: str = ""  # identification number (exact) or part of the name
    received_from: dt.date | None = None
    received_to: dt.date | None = None
    # Used by the dashboard's links into the lists behind its figures.
    resolved_from: dt.date | None = None
    resolved_to: dt.date | None = None
    timeliness: str = ""
    department_id: int | None = None
    assignee_id: int | None = None
    digitisation: str = ""
    overdue: bool = False


@dataclass(frozen=True)
class QueuePage:
    rows: list[Dossier]
    next_cursor: str  # empty on the last page
    now: dt.datetime
    soon_until: dt.datetime


def queue_conditions(*, now: dt.datetime, soon_until: dt.datetime) -> dict[Queue, Q]:
    """The condition of each queue; a dossier may be in several (to do and overdue)."""
    running = _clock_running()
    return {
        Queue.TODO: Q(status__in=WORKING),
        Queue.DUE_SOON: running & Q(due_at__gte=now, due_at__lte=soon_until),
        Queue.OVERDUE: running & Q(due_at__lt=now),
        Queue.SUPPLEMENT: Q(status=S.AWAITING_SUPPLEMENT),
        Queue.PAYMENT: Q(status=S.AWAITING_PAYMENT),
        Queue.INTER_AGENCY: Q(status=S.INTER_AGENCY),
        Queue.DONE: Q(status__in=DONE_STATUSES),
        Queue.ALL: Q(),
    }


def due_soon_until(now: dt.datetime) -> dt.datetime:
    return work_calendar_get().add_working_time(now, DUE_SOON_WITHIN)


def reaches_for(user) -> list[Reach]:
    """The reaches worth offering: a department only to someone who holds a role in one."""
    reaches = [Reach.MINE]
    if any(role.department_id for role in active_roles(user)):
        reaches.append(Reach.DEPARTMENT)
    reaches += [Reach.AGENCY, Reach.VISIBLE]
    return reaches


def _reached(user, reach: Reach) -> QuerySet[Dossier]:
    visible = dossiers_visible_to(user).filter(status__in=RECEIVED_STATUSES)
    if reach == Reach.MINE:
        mine = DossierStep.objects.filter(dossier=OuterRef("pk"), assignee=user)
        # Current officer now, or an unassigned current step of a role the user holds
        # there (a counter step, a leader's step); for decided dossiers, anyone who held
        # one of its steps.
        unassigned = Q(pk__in=[])
        for role in active_roles(user):
            if role.agency_id is not None:
                unassigned |= Q(
                    Q(current_step__agency_id=role.agency_id)
                    | Q(current_step__agency__parent_id=role.agency_id),
                    current_step__role=role.role,
                    current_step__assignee__isnull=True,
                )
        return visible.filter(
            Q(assignee=user) | unassigned | (Q(status__in=DONE_STATUSES) & Exists(mine))
        )
    if reach == Reach.VISIBLE:
        return visible
    if reach == Reach.DEPARTMENT:
        departments = [r.department_id for r in active_roles(user) if r.department_id]
        return visible.filter(current_step__department_id__in=departments)
    scope = agencies_in_scope(user)
    asked = DossierStep.objects.filter(
        dossier=OuterRef("pk"),
        consulted_from__isnull=False,
        finished_at__isnull=True,
        agency__in=scope,
    )
    return visible.filter(Q(current_agency__in=scope) | Exists(asked))


def _filtered(queryset: QuerySet[Dossier], filters: QueueFilters) -> QuerySet[Dossier]:
    if filters.procedure_id is not None:
        queryset = queryset.filter(procedure_version__procedure_id=filters.procedure_id)
    if filters.field_id is not None:
        queryset = queryset.filter(procedure_version__procedure__field_id=filters.field_id)
    if filters.channel in Channel.values:
        queryset = queryset.filter(channel=filters.channel)
    elif filters.channel == ONLINE_ANY:
        queryset = queryset.filter(channel__in=ONLINE_CHANNELS)
    applicant = filters.applicant.strip()
    if applicant.isdigit():
        queryset = queryset.filter(applicant_id_number=applicant)
    elif applicant:
        queryset = queryset.filter(applicant_name__icontains=applicant)
    for field, start, end in (
        ("received_at", filters.received_from, filters.received_to),
        ("resolved_at", filters.resolved_from, filters.resolved_to),
    ):
        if start is not None or end is not None:
            queryset = queryset.filter(_on_days(field, start, end))
    if filters.timeliness in Timeliness.values:
        queryset = queryset.filter(timeliness=filters.timeliness)
    if filters.department_id is not None:
        queryset = queryset.filter(current_step__department_id=filters.department_id)
    if filters.assignee_id is not None:
        queryset = queryset.filter(assignee_id=filters.assignee_id)
    if filters.digitisation in DigitisationStatus.values:
        queryset = queryset.filter(digitisation_status=filters.digitisation)
    if filters.overdue:
        queryset = queryset.filter(_clock_running(), due_at__lt=timezone.now())
    return queryset


# The queues of work still in hand are counted; "done" and "all" grow with every year of
# history, and counting them scanned every dossier an officer ever saw on each page view
# (seconds at a few hundred thousand dossiers, docs/performance.md). Their tabs show no
# number; their lists page by keyset like the others.
COUNTED = (
    Queue.TODO,
    Queue.DUE_SOON,
    Queue.OVERDUE,
    Queue.SUPPLEMENT,
    Queue.PAYMENT,
    Queue.INTER_AGENCY,
)


def queue_counts(
    user, *, reach: Reach, filters: QueueFilters = QueueFilters(), now: dt.datetime | None = None
) -> dict[str, int | None]:
    """How many dossiers each queue of work in hand holds, in one query; None for the others."""
    now = now or timezone.now()
    conditions = queue_conditions(now=now, soon_until=due_soon_until(now))
    queryset = _filtered(_reached(user, reach), filters).filter(status__in=IN_HAND)
    counts: dict[str, int | None] = {queue.value: None for queue in Queue}
    counts.update(
        queryset.aggregate(
            **{queue.value: Count("pk", filter=conditions[queue]) for queue in COUNTED}
        )
    )
    return counts


def cursor_encode(dossier: Dossier) -> str:
    return f"{dossier.due_at.isoformat()}_{dossier.pk}"


def cursor_decode(raw: str) -> tuple[dt.datetime, int] | None:
    moment, _sep, pk = (raw or "").rpartition("_")
    try:
        parsed = dt.datetime.fromisoformat(moment)
    except ValueError:
        return None
    if parsed.tzinfo is None or not pk.isdigit():
        return None
    return parsed, int(pk)


def queue_page(
    user,
    *,
    reach: Reach,
    queue: Queue,
    filters: QueueFilters = QueueFilters(),
    cursor: str = "",
    descending: bool = False,
    now: dt.datetime | None = None,
    size: int = PAGE_SIZE,
) -> QueuePage:
    """One page of a queue, by due moment (soonest first unless ``descending``).

    Rows carry ``is_overdue`` and ``clock_paused``, computed in the same query, so the
    template needs no query per row.
    """
    now = now or timezone.now()
    soon_until = due_soon_until(now)
    condition = queue_conditions(now=now, soon_until=soon_until)[queue]
    paused = ClockPause.objects.filter(dossier=OuterRef("pk"), ended_at__isnull=True).exclude(
        policy=SupplementClock.NONE
    )
    queryset = (
        _filtered(_reached(user, reach), filters)
        .filter(condition, due_at__isnull=False)
        .select_related(
            "procedure_version__procedure",
            "current_agency",
            "current_step",
            "assignee",
        )
        .annotate(
            is_overdue=Case(
                When(Q(_clock_running(), due_at__lt=now), then=Value(True)),
                default=Value(False),
                output_field=BooleanField(),
            ),
            clock_paused=Exists(paused),
        )
    )
    position = cursor_decode(cursor)
    if position is not None:
        due, pk = position
        if descending:
            queryset = queryset.filter(Q(due_at__lt=due) | Q(due_at=due, pk__lt=pk))
        else:
            queryset = queryset.filter(Q(due_at__gt=due) | Q(due_at=due, pk__gt=pk))
    order = ("-due_at", "-pk") if descending else ("due_at", "pk")
    rows = list(queryset.order_by(*order)[: size + 1])
    more = len(rows) > size
    rows = rows[:size]
    for row in rows:
        row.due_colour = due_colour(row, now=now, soon_until=soon_until)
    return QueuePage(
        rows=rows,
        next_cursor=cursor_encode(rows[-1]) if more else "",
        now=now,
        soon_until=soon_until,
    )


def due_colour(dossier: Dossier, *, now: dt.datetime, soon_until: dt.datetime) -> DueColour:
    """Early, due soon or overdue, from values already on the row (no query)."""
    if dossier.status in DONE_STATUSES:
        return DueColour.CLOSED
    if getattr(dossier, "clock_paused", False):
        return DueColour.PAUSED
    if getattr(dossier, "is_overdue", False) or (
        dossier.status in WORKING and dossier.due_at is not None and dossier.due_at < now
    ):
        return DueColour.OVERDUE
    if dossier.due_at is not None and dossier.due_at <= soon_until:
        return DueColour.DUE_SOON
    return DueColour.EARLY


def intake_waiting(user) -> QuerySet[Dossier]:
    """Dossiers submitted (online, by post, from the national portal) awaiting the counter.

    Those received by an agency where the user is a counter officer (or one below it);
    oldest first, since intake follows the order of arrival.
    """
    counters = [r.agency_id for r in active_roles(user) if r.role == Role.COUNTER_OFFICER]
    if not counters:
        return Dossier.objects.none()
    scope = agencies_in_scope(user).filter(
        Q(pk__in=counters) | Q(parent_id__in=counters) | Q(parent__parent_id__in=counters)
    )
    return (
        dossiers_visible_to(user)
        .filter(status=S.SUBMITTED, receiving_agency__in=scope)
        .select_related("procedure_version__procedure", "case", "receiving_agency")
        .order_by("submitted_at", "pk")
    )


def awaiting_decision(user) -> QuerySet[Dossier]:
    """Dossiers at a leader's step in an agency where the user is the agency leader."""
    leading = [r.agency_id for r in active_roles(user) if r.role == Role.AGENCY_LEADER]
    if not leading:
        return Dossier.objects.none()
    scope = agencies_in_scope(user).filter(Q(pk__in=leading) | Q(parent_id__in=leading))
    return (
        dossiers_visible_to(user)
        .filter(
            status__in=[S.PROCESSING, S.INTER_AGENCY],
            current_agency__in=scope,
            current_step__role=Role.AGENCY_LEADER,
        )
        .select_related("procedure_version__procedure", "current_step", "case", "current_agency")
        .order_by("due_at", "pk")
    )


# --- Dashboard ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Period:
    received: int
    resolved: int
    early: int
    on_time: int
    late: int


@dataclass(frozen=True)
class Dashboard:
    today: Period
    month: Period
    overdue: int
    overdue_by_department: list[dict]
    overdue_by_officer: list[dict]
    month_online: int
    month_digitised: int
    trend: list[dict]  # one row per day: day, received, resolved


def _on_days(field: str, start: dt.date | None, end: dt.date | None) -> Q:
    """``field`` falls on a local day from ``start`` to ``end`` (either may be open).

    ``field__date`` casts every row's moment to a local date, which no index can serve;
    a range of moments can, so the dashboard reads one month, not all history.
    """
    zone = timezone.get_current_timezone()
    bounds = {}
    if start is not None:
        bounds[f"{field}__gte"] = dt.datetime.combine(start, dt.time.min, tzinfo=zone)
    if end is not None:
        after = end + dt.timedelta(days=1)
        bounds[f"{field}__lt"] = dt.datetime.combine(after, dt.time.min, tzinfo=zone)
    return Q(**bounds)


def _period(prefix: str, start: dt.date, end: dt.date) -> dict[str, Count]:
    received = _on_days("received_at", start, end)
    resolved = _on_days("resolved_at", start, end)
    return {
        f"{prefix}_received": Count("pk", filter=received),
        f"{prefix}_resolved": Count("pk", filter=resolved),
        f"{prefix}_early": Count("pk", filter=resolved & Q(timeliness=Timeliness.EARLY)),
        f"{prefix}_on_time": Count("pk", filter=resolved & Q(timeliness=Timeliness.ON_TIME)),
        f"{prefix}_late": Count("pk", filter=resolved & Q(timeliness=Timeliness.LATE)),
    }


def dashboard(user, *, now: dt.datetime | None = None, days: int = 30) -> Dashboard:
    """The agency dashboard over what ``user`` may see: five queries whatever the volume."""
    from django.db.models.functions import TruncDate

    now = now or timezone.now()
    today = timezone.localdate(now)
    month_start = today.replace(day=1)
    trend_start = today - dt.timedelta(days=days - 1)
    base = dossiers_visible_to(user)
    month_received = _on_days("received_at", month_start, today)
    # Only rows some figure can count: received or resolved this month, or with a clock
    # that may run. Each side has its index, so the work follows a month's volume.
    month = month_received | _on_days("resolved_at", month_start, today) | Q(status__in=IN_HAND)
    figures = base.filter(month).aggregate(
        **_period("today", today, today),
        **_period("month", month_start, today),
        month_online=Count("pk", filter=month_received & Q(channel__in=ONLINE_CHANNELS)),
        month_digitised=Count(
            "pk", filter=month_received & Q(digitisation_status=DigitisationStatus.DIGITISED)
        ),
        overdue=Count("pk", filter=Q(_clock_running(), due_at__lt=now)),
    )
    late = base.filter(_clock_running(), status__in=IN_HAND, due_at__lt=now)
    by_department = list(
        late.values("current_step__department_id", "current_step__department__name")
        .annotate(count=Count("pk"))
        .order_by("-count", "current_step__department__name")[:20]
    )
    by_officer = list(
        late.values("assignee_id", "assignee__full_name", "assignee__username")
        .annotate(count=Count("pk"))
        .order_by("-count", "assignee__full_name")[:20]
    )
    received = dict(
        base.filter(_on_days("received_at", trend_start, today))
        .annotate(day=TruncDate("received_at"))
        .values_list("day")
        .annotate(count=Count("pk"))
        .values_list("day", "count")
    )
    resolved = dict(
        base.filter(_on_days("resolved_at", trend_start, today))
        .annotate(day=TruncDate("resolved_at"))
        .values_list("day")
        .annotate(count=Count("pk"))
        .values_list("day", "count")
    )
    trend = [
        {"day": day, "received": received.get(day, 0), "resolved": resolved.get(day, 0)}
        for day in (trend_start + dt.timedelta(days=n) for n in range(days))
    ]

    def period(prefix: str) -> Period:
        return Period(
            received=figures[f"{prefix}_received"],
            resolved=figures[f"{prefix}_resolved"],
            early=figures[f"{prefix}_early"],
            on_time=figures[f"{prefix}_on_time"],
            late=figures[f"{prefix}_late"],
        )

    return Dashboard(
        today=period("today"),
        month=period("month"),
        overdue=figures["overdue"],
        overdue_by_department=by_department,
        overdue_by_officer=by_officer,
        month_online=figures["month_online"],
        month_digitised=figures["month_digitised"],
        trend=trend,
    )


def results_awaiting_signature(user) -> QuerySet:
    """Result PDFs attached and not yet signed, at agencies where the user is the leader.

    The issuing agency is the dossier's competent agency or the one holding it now, as the
    documents app's signing check reads it (which stays the authority).
    """
    from .constants import ResultSignatureState
    from .models import DossierResult

    leading = [r.agency_id for r in active_roles(user) if r.role == Role.AGENCY_LEADER]
    if not leading:
        return DossierResult.objects.none()
    scope = agencies_in_scope(user).filter(Q(pk__in=leading) | Q(parent_id__in=leading))
    return (
        DossierResult.objects.filter(
            dossier__in=dossiers_visible_to(user),
            file__isnull=False,
            signature_state=ResultSignatureState.UNSIGNED,
        )
        .filter(Q(dossier__competent_agency__in=scope) | Q(dossier__current_agency__in=scope))
        .select_related("dossier", "file")
        .order_by("dossier__due_at", "pk")
    )
