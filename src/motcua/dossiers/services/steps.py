"""Workflow steps of a dossier: instantiated from the case's template at receipt, started
and finished as the dossier moves. Helpers of the services, not services themselves:
they run inside a service's transaction on a locked dossier.
"""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from motcua.agencies.models import Agency, Department
from motcua.catalog.constants import Performer
from motcua.workcalendar.engine import WorkCalendar
from motcua.workcalendar.selectors import work_calendar_get

from .. import deadlines
from ..constants import DossierStatus
from ..error_codes import DossierError, DossierErrorCode
from ..models import Dossier, DossierStep
from ..workflow import Action, step_allows


def calendar_for(agency: Agency) -> WorkCalendar:
    return work_calendar_get(agency_id=agency.pk)


def _performer_agency(dossier: Dossier, template) -> Agency:
    if template.performer == Performer.RECEIVING_CENTRE:
        return dossier.receiving_agency
    if template.performer == Performer.COMPETENT_AGENCY:
        return dossier.competent_agency
    return template.agency


def steps_instantiate(dossier: Dossier, *, received_at: dt.datetime) -> DossierStep:
    """The dossier's steps, one per template step; the first starts when the clock does."""
    templates = list(dossier.case.steps.select_related("agency").order_by("position"))
    if not templates:
        raise DossierError(DossierErrorCode.WORKFLOW_MISSING)
    today = timezone.localdate(received_at)
    agencies = [_performer_agency(dossier, template) for template in templates]
    departments = _departments_named(templates, agencies, on=today)
    steps = [
        DossierStep(
            dossier=dossier,
            template=template,
            position=template.position,
            stage=template.stage,
            name=template.name,
            agency=agency,
            department=departments.get((agency.pk, template.department_name.strip().casefold())),
            role=template.role,
            hours=template.hours,
        )
        for template, agency in zip(templates, agencies, strict=True)
    ]
    first = steps[0]
    # Started before it is written: one insert for every step, no update after.
    calendar = calendar_for(first.agency)
    first.started_at = calendar.clock_start(received_at)
    first.due_at = deadlines.step_due_at(calendar, first.started_at, first.hours)
    DossierStep.objects.bulk_create(steps)
    return first


def _departments_named(templates, agencies, *, on: dt.date) -> dict[tuple[int, str], Department]:
    """The departments the templates name, by (agency id, folded name), in one query."""
    wanted = {
        (agency.pk, template.department_name.strip().casefold())
        for template, agency in zip(templates, agencies, strict=True)
        if template.department_name.strip()
    }
    if not wanted:
        return {}
    found: dict[tuple[int, str], Department] = {}
    candidates = Department.objects.valid_on(on).filter(agency_id__in={pk for pk, _ in wanted})
    for department in candidates.order_by("pk"):
        key = (department.agency_id, department.name.casefold())
        if key in wanted:
            found.setdefault(key, department)
    return found


def step_start(step: DossierStep, *, at: dt.datetime) -> None:
    """(Re)start ``step`` at ``at``; its due moment is that plus its working hours."""
    step.started_at = at
    step.due_at = deadlines.step_due_at(calendar_for(step.agency), at, step.hours)
    step.finished_at = None
    step.timeliness = ""
    step.save(update_fields=["started_at", "due_at", "finished_at", "timeliness"])


def step_finish(step: DossierStep, *, at: dt.datetime, assess: bool = True) -> None:
    """Finish ``step``; ``assess`` records whether it was early, on time or late."""
    step.finished_at = at
    step.timeliness = deadlines.step_timeliness(at, step.due_at) if assess else ""
    step.save(update_fields=["finished_at", "timeliness"])


def step_neighbour(step: DossierStep, *, forward: bool) -> DossierStep | None:
    steps = DossierStep.objects.filter(dossier_id=step.dossier_id, consulted_from__isnull=True)
    if forward:
        steps = steps.filter(position__gt=step.position).order_by("position")
    else:
        steps = steps.filter(position__lt=step.position).order_by("-position")
    return steps.select_related("agency").first()


def step_require(step: DossierStep | None, action: Action) -> DossierStep:
    """The current step, if the procedure's workflow allows ``action`` there."""
    if not step_allows(step, action):
        raise DossierError(
            DossierErrorCode.STEP_ACTION_NOT_ALLOWED, step=step.name if step else "—"
        )
    return step


def status_at(dossier: Dossier, step: DossierStep) -> DossierStatus:
    """In processing at the lead agency or the centre; in liên thông anywhere else."""
    if step.agency_id in (dossier.competent_agency_id, dossier.receiving_agency_id):
        return DossierStatus.PROCESSING
    return DossierStatus.INTER_AGENCY


def open_steps_close(dossier: Dossier, *, at: dt.datetime) -> None:
    """End every unfinished step of a dossier that is closing (stop); not assessed."""
    DossierStep.objects.filter(
        dossier=dossier, started_at__isnull=False, finished_at__isnull=True
    ).update(finished_at=at)
