"""Processing (thụ lý, giải quyết): assignment, hand-over between steps, consultation of
other agencies (liên thông), the decision, and stopping at the citizen's request.

Steps follow the case's workflow template. A step's allowed actions are the template's:
forward and return move between steps, ``consult`` asks other agencies for opinions in
parallel (each with its share of working hours), and the lead (competent) agency decides.
Sequential liên thông is a template whose stages are performed by different agencies:
while the dossier is at an agency other than the lead agency or the receiving centre it
is "in inter-agency processing".

A hand-over to another agency after the afternoon cut-off starts the next step's clock
on the next working morning (the receiving side's calendar), as hand-overs from the
one-stop centre do (NĐ 118/2025 Điều 18).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from django.utils import timezone
from django.utils.translation import gettext as _

from motcua.accounts.constants import Role
from motcua.accounts.selectors import active_roles
from motcua.agencies.models import Department
from motcua.catalog.validation import PROCESSING_ROLES

from .. import deadlines
from ..access import agency_lineage, open_consultations
from ..constants import DossierStatus, EventKind, Outcome
from ..error_codes import DossierError, DossierErrorCode
from ..inputs import ConsultationInput, ResultInput
from ..models import Dossier, DossierStep
from ..validation import text_required
from ..workflow import Action
from .results import results_create
from .steps import (
    calendar_for,
    open_steps_close,
    status_at,
    step_finish,
    step_neighbour,
    step_require,
    step_start,
)
from .transitions import Change, transition


def _no_pending_consultation(dossier: Dossier) -> None:
    pending = list(open_consultations(dossier))
    if pending:
        raise DossierError(
            DossierErrorCode.CONSULTATION_PENDING,
            agencies=", ".join(step.agency.name for step in pending),
        )


def _hand_over(change: Change, step: DossierStep, to: DossierStep) -> None:
    """Finish ``step`` and start ``to``; after the cut-off another agency starts next morning."""
    step_finish(step, at=change.now)
    change.about_step(step)
    start = change.now
    if to.agency_id != step.agency_id:
        start = calendar_for(to.agency).clock_start(change.now)
    step_start(to, at=start)
    change.set(current_step=to, current_agency=to.agency, assignee=to.assignee)
    change.to_status = status_at(change.dossier, to)
    change.data.update(
        {
            "to_step": to.pk,
            "to_step_name": to.name,
            "to_agency": to.agency.code,
            "to_step_due_at": deadlines.iso(to.due_at),
        }
    )


def dossier_assign(
    *, dossier: Dossier, user, assignee=None, department: Department | None = None, note: str = ""
) -> Dossier:
    """A head or leader assigns the current step to a department and/or an officer."""
    with transition(dossier=dossier, action=Action.ASSIGN, user=user, kind=EventKind.ASSIGNED) as c:
        step = c.dossier.current_step
        if assignee is None and department is None:
            raise DossierError(DossierErrorCode.ASSIGNEE_REQUIRED)
        if department is not None and department.agency_id != step.agency_id:
            raise DossierError(
                DossierErrorCode.DEPARTMENT_NOT_IN_AGENCY,
                department=department.name,
                agency=step.agency.name,
            )
        if assignee is not None:
            lineage = agency_lineage(step.agency)
            if not any(
                role.role in PROCESSING_ROLES and role.agency_id in lineage
                for role in active_roles(assignee)
            ):
                raise DossierError(
                    DossierErrorCode.ASSIGNEE_NOT_IN_AGENCY,
                    name=str(assignee),
                    agency=step.agency.name,
                )
            step.assignee = assignee
            c.set(assignee=assignee)
            c.data["assignee"] = assignee.pk
        if department is not None:
            step.department = department
            c.data["department"] = department.pk
        step.save(update_fields=["assignee", "department"])
        c.about_step(step)
        c.note = note.strip()
        c.to_status = status_at(c.dossier, step)
    return c.dossier


def dossier_forward(*, dossier: Dossier, user, note: str = "") -> Dossier:
    """Finish the current step and hand the dossier to the next one."""
    with transition(
        dossier=dossier, action=Action.FORWARD, user=user, kind=EventKind.FORWARDED
    ) as c:
        step = step_require(c.dossier.current_step, Action.FORWARD)
        _no_pending_consultation(c.dossier)
        following = step_neighbour(step, forward=True)
        if following is None:
            raise DossierError(DossierErrorCode.NO_NEXT_STEP)
        _hand_over(c, step, following)
        c.note = note.strip()
    return c.dossier


def dossier_return(*, dossier: Dossier, user, reason: str) -> Dossier:
    """Send the dossier back to the previous step for rework, with the reasons."""
    with transition(
        dossier=dossier, action=Action.RETURN, user=user, kind=EventKind.RETURNED_TO_STEP
    ) as c:
        step = step_require(c.dossier.current_step, Action.RETURN)
        _no_pending_consultation(c.dossier)
        previous = step_neighbour(step, forward=False)
        if previous is None:
            raise DossierError(DossierErrorCode.NO_PREVIOUS_STEP)
        c.note = text_required(reason)
        _hand_over(c, step, previous)
    return c.dossier


def dossier_consult(
    *, dossier: Dossier, user, consultations: Sequence[ConsultationInput], note: str = ""
) -> Dossier:
    """Ask other agencies for their opinion, in parallel, each with its share of hours.

    The lead agency keeps the dossier at its step and continues once every agency has
    answered (NĐ 118/2025 Điều 20).
    """
    with transition(
        dossier=dossier, action=Action.CONSULT, user=user, kind=EventKind.CONSULTATION_SENT
    ) as c:
        step = step_require(c.dossier.current_step, Action.CONSULT)
        today = timezone.localdate(c.now)
        if not consultations:
            raise DossierError(
                DossierErrorCode.CONSULTATION_INVALID, problem=_("choose at least one agency.")
            )
        seen: set[int] = set()
        for item in consultations:
            problem = None
            if item.agency.pk == step.agency_id:
                problem = _("an agency cannot consult itself.")
            elif item.agency.pk in seen:
                problem = _("“%(agency)s” is listed twice.") % {"agency": item.agency.name}
            elif not item.agency.is_valid_on(today):
                problem = _("“%(agency)s” is not in operation.") % {"agency": item.agency.name}
            elif item.hours is None or item.hours <= 0:
                problem = _("each agency needs a time share of more than 0 working hours.")
            if problem:
                raise DossierError(DossierErrorCode.CONSULTATION_INVALID, problem=problem)
            seen.add(item.agency.pk)
        sent = []
        for item in consultations:
            asked = DossierStep(
                dossier=c.dossier,
                consulted_from=step,
                position=step.position,
                stage=step.stage,
                name=_("Opinion of %(agency)s") % {"agency": item.agency.name},
                agency=item.agency,
                role=Role.PROCESSING_OFFICER,
                hours=item.hours,
            )
            asked.save()
            step_start(asked, at=calendar_for(item.agency).clock_start(c.now))
            sent.append(
                {
                    "step": asked.pk,
                    "agency": item.agency.code,
                    "due_at": deadlines.iso(asked.due_at),
                }
            )
        c.about_step(step)
        c.note = note.strip()
        c.data["consultations"] = sent
        c.to_status = DossierStatus.INTER_AGENCY
    return c.dossier


def dossier_answer_consultation(
    *, dossier: Dossier, user, consultation: DossierStep, answer: str
) -> Dossier:
    """A consulted agency gives its opinion; the last answer returns the dossier to the lead."""
    with transition(
        dossier=dossier,
        action=Action.ANSWER_CONSULTATION,
        user=user,
        kind=EventKind.CONSULTATION_ANSWERED,
        consultation=consultation,
    ) as c:
        asked = c.consultation
        if asked.finished_at is not None:
            raise DossierError(DossierErrorCode.CONSULTATION_CLOSED)
        c.note = text_required(answer, code=DossierErrorCode.ANSWER_REQUIRED)
        step_finish(asked, at=c.now)
        c.about_step(asked)
        if open_consultations(c.dossier).exists():
            c.to_status = DossierStatus.INTER_AGENCY
        else:
            c.to_status = status_at(c.dossier, c.dossier.current_step)
    return c.dossier


def _resolve(change: Change, *, outcome: Outcome, action: Action, results) -> None:
    dossier = change.dossier
    step = step_require(dossier.current_step, action)
    _no_pending_consultation(dossier)
    step_finish(step, at=change.now)
    change.about_step(step)
    results_create(change, results)
    timeliness = deadlines.timeliness_by_date(change.now, dossier.due_at)
    change.set(
        outcome=outcome,
        resolved_at=change.now,
        timeliness=timeliness,
        current_step=None,
    )
    change.data["timeliness"] = timeliness
    change.to_status = DossierStatus.RESOLVED


def dossier_approve(
    *, dossier: Dossier, user, note: str = "", results: Sequence[ResultInput] = ()
) -> Dossier:
    """The competent person grants the request; result documents may be issued with it."""
    with transition(
        dossier=dossier, action=Action.APPROVE, user=user, kind=EventKind.APPROVED
    ) as c:
        c.note = note.strip()
        _resolve(c, outcome=Outcome.APPROVED, action=Action.APPROVE, results=results)
    return c.dossier


def dossier_not_resolve(
    *, dossier: Dossier, user, reasons: str, results: Sequence[ResultInput] = ()
) -> Dossier:
    """The request is not granted ("không giải quyết"): a written answer with reasons."""
    with transition(
        dossier=dossier, action=Action.NOT_RESOLVE, user=user, kind=EventKind.NOT_RESOLVED
    ) as c:
        c.note = text_required(reasons)
        _resolve(c, outcome=Outcome.NOT_RESOLVED, action=Action.NOT_RESOLVE, results=results)
    return c.dossier


def dossier_stop(
    *, dossier: Dossier, user, reason: str, requested_on: dt.date | None = None
) -> Dossier:
    """Stop processing at the citizen's request (Mẫu 05), only while no result exists."""
    with transition(dossier=dossier, action=Action.STOP, user=user, kind=EventKind.STOPPED) as c:
        if c.dossier.results.exists():
            raise DossierError(DossierErrorCode.RESULT_EXISTS)
        c.note = text_required(reason)
        if requested_on is not None:
            if requested_on > timezone.localdate(c.now):
                raise DossierError(
                    DossierErrorCode.FUTURE_DATE, what=_("The date of the citizen's request")
                )
            c.data["requested_on"] = requested_on.isoformat()
        c.about_step(c.dossier.current_step)
        c.dossier.clock_pauses.filter(ended_at__isnull=True).update(ended_at=c.now)
        open_steps_close(c.dossier, at=c.now)
        c.set(closed_at=c.now, current_step=None)
        c.to_status = DossierStatus.STOPPED
    return c.dossier
