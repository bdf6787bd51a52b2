"""The action buttons of the dossier page as a table: for each workflow action, its form
and how its cleaned data becomes a call of the dossier engine's service.

Which buttons show is the engine's decision (``access.actions_available`` reads the rule
table in ``dossiers/workflow.py``); this table only says how to ask for the inputs.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.utils import timezone

from motcua.accounts.models import RoleAssignment, User
from motcua.agencies.models import Agency, Department
from motcua.catalog.validation import PROCESSING_ROLES
from motcua.dossiers import services as s
from motcua.dossiers.access import agency_lineage, open_consultations
from motcua.dossiers.error_codes import DossierError, DossierErrorCode
from motcua.dossiers.inputs import ConsultationInput, ResultInput
from motcua.dossiers.models import Dossier
from motcua.dossiers.workflow import ACTION_LABELS, Action

from . import forms as f


@dataclass(frozen=True)
class ActionSpec:
    form: type[f.ActionForm]
    run: Callable[[Dossier, Any, dict], Any]
    form_kwargs: Callable[[Dossier], dict] | None = None
    primary: bool = False  # the step's usual next move: shown first and highlighted


def _officers(dossier: Dossier) -> dict:
    step = dossier.current_step
    agencies = agency_lineage(step.agency) if step else set()
    holders = RoleAssignment.objects.active_on(timezone.localdate()).filter(
        agency_id__in=agencies, role__in=PROCESSING_ROLES
    )
    return {
        "officers": User.objects.filter(pk__in=holders.values("user_id")).order_by("full_name"),
        "departments": Department.objects.filter(agency_id=step.agency_id if step else None),
    }


def _consultable(dossier: Dossier) -> dict:
    here = dossier.current_step.agency_id if dossier.current_step_id else None
    return {"agencies": Agency.objects.exclude(pk=here).order_by("name")}


def _result(data: dict) -> list[ResultInput]:
    if not data.get("result_number"):
        return []
    return [
        ResultInput(
            number=data["result_number"],
            issued_on=data["result_date"],
            signer=data["result_signer"],
            name=data.get("result_name", ""),
        )
    ]


def _answer(dossier: Dossier, user, data: dict):
    """Answer the open consultation this user is asked for (the first one they may answer)."""
    for step in open_consultations(dossier):
        try:
            return s.dossier_answer_consultation(
                dossier=dossier, user=user, consultation=step, answer=data["answer"]
            )
        except DossierError as error:
            if error.code != DossierErrorCode.FORBIDDEN:
                raise
    raise DossierError(DossierErrorCode.FORBIDDEN, action=ACTION_LABELS[Action.ANSWER_CONSULTATION])


def _extend(dossier: Dossier, user, data: dict):
    due = data["new_due"]
    if timezone.is_naive(due):
        due = timezone.make_aware(due)
    return s.dossier_extend(dossier=dossier, user=user, new_due_at=due, reason=data["reason"])


def _stop(dossier: Dossier, user, data: dict):
    requested: dt.date | None = data.get("requested_on")
    return s.dossier_stop(dossier=dossier, user=user, reason=data["reason"], requested_on=requested)


SPECS: dict[Action, ActionSpec] = {
    Action.ACCEPT: ActionSpec(
        f.AcceptForm,
        lambda d, u, c: s.dossier_accept(dossier=d, user=u, fee_paid=c["fee_paid"], note=c["note"]),
        primary=True,
    ),
    Action.REQUEST_COMPLETION: ActionSpec(
        f.ItemsActionForm,
        lambda d, u, c: s.dossier_request_completion(
            dossier=d, user=u, items=c["items"], reason=c["reason"]
        ),
    ),
    Action.SUBMIT_COMPLETION: ActionSpec(
        f.NoteActionForm,
        lambda d, u, c: s.dossier_submit_completion(dossier=d, user=u, note=c["note"]),
    ),
    Action.REFUSE: ActionSpec(
        f.ReasonActionForm,
        lambda d, u, c: s.dossier_refuse(dossier=d, user=u, reasons=c["reason"]),
    ),
    Action.WITHDRAW: ActionSpec(
        f.ReasonActionForm,
        lambda d, u, c: s.dossier_withdraw(dossier=d, user=u, reason=c["reason"]),
    ),
    Action.ASSIGN: ActionSpec(
        f.AssignForm,
        lambda d, u, c: s.dossier_assign(
            dossier=d, user=u, assignee=c["assignee"], department=c["department"], note=c["note"]
        ),
        form_kwargs=_officers,
    ),
    Action.FORWARD: ActionSpec(
        f.NoteActionForm,
        lambda d, u, c: s.dossier_forward(dossier=d, user=u, note=c["note"]),
        primary=True,
    ),
    Action.RETURN: ActionSpec(
        f.ReasonActionForm,
        lambda d, u, c: s.dossier_return(dossier=d, user=u, reason=c["reason"]),
    ),
    Action.REQUEST_SUPPLEMENT: ActionSpec(
        f.ItemsActionForm,
        lambda d, u, c: s.dossier_request_supplement(
            dossier=d, user=u, items=c["items"], reason=c["reason"]
        ),
    ),
    Action.SUBMIT_SUPPLEMENT: ActionSpec(
        f.NoteActionForm,
        lambda d, u, c: s.dossier_submit_supplement(dossier=d, user=u, note=c["note"]),
        primary=True,
    ),
    Action.REQUEST_PAYMENT: ActionSpec(
        f.NoteActionForm,
        lambda d, u, c: s.dossier_request_payment(dossier=d, user=u, note=c["note"]),
    ),
    Action.RECORD_PAYMENT: ActionSpec(
        f.PaymentForm,
        lambda d, u, c: s.dossier_record_payment(
            dossier=d, user=u, reference=c["reference"], note=c["note"]
        ),
        primary=True,
    ),
    Action.REFUND_PAYMENT: ActionSpec(
        f.ReasonActionForm,
        lambda d, u, c: s.dossier_refund_payment(dossier=d, user=u, reason=c["reason"]),
    ),
    Action.CONSULT: ActionSpec(
        f.ConsultForm,
        lambda d, u, c: s.dossier_consult(
            dossier=d,
            user=u,
            consultations=[ConsultationInput(agency=c["agency"], hours=c["hours"])],
            note=c["note"],
        ),
        form_kwargs=_consultable,
    ),
    Action.ANSWER_CONSULTATION: ActionSpec(f.AnswerForm, _answer, primary=True),
    Action.EXTEND: ActionSpec(f.ExtendForm, _extend),
    Action.APPROVE: ActionSpec(
        f.ApproveForm,
        lambda d, u, c: s.dossier_approve(dossier=d, user=u, note=c["note"], results=_result(c)),
        primary=True,
    ),
    Action.NOT_RESOLVE: ActionSpec(
        f.NotResolveForm,
        lambda d, u, c: s.dossier_not_resolve(
            dossier=d, user=u, reasons=c["reason"], results=_result(c)
        ),
    ),
    Action.ISSUE_RESULT: ActionSpec(
        f.IssueResultForm,
        lambda d, u, c: s.dossier_result_issue(dossier=d, user=u, result=_result(c)[0]),
        primary=True,
    ),
    Action.DELIVER: ActionSpec(
        f.DeliverForm,
        lambda d, u, c: s.dossier_deliver(
            dossier=d, user=u, channel=c["channel"], recipient=c["recipient"], note=c["note"]
        ),
        primary=True,
    ),
    Action.STOP: ActionSpec(f.StopForm, _stop),
}


def action_form(spec: ActionSpec, dossier: Dossier, data=None, prefix: str = "") -> f.ActionForm:
    extra = spec.form_kwargs(dossier) if spec.form_kwargs else {}
    return spec.form(data, prefix=prefix or None, **extra)
