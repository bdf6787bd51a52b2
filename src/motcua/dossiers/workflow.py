"""The dossier state machine as data: which action moves a dossier from which states to
which, who may take it, and the legal basis of each edge.

Every state change goes through ``services.transitions.transition``, which reads this
table: it locks the dossier row, checks that the action is allowed from the current state,
asks ``access.py`` whether the user holds one of the grants below, and writes the event
in the same transaction. A service may only move the dossier to one of its rule's
targets. Overdue is not a state: it is computed from the due moment (``selectors``).

Grants name a role and the agency it must reach (the role is held in that agency or one
above it, as ``accounts`` scopes go):

- ``RECEIVING``: the one-stop centre that received the dossier;
- ``COMPETENT``: the agency that decides it (the lead agency in liên thông);
- ``CURRENT``: the agency of the step the dossier is at;
- ``STEP``: at the current step's agency, the step's own role (only its assignee once
  assigned) or a head of department or agency leader, who supervise every step;
- ``CONSULTED``: the agency asked for its opinion in a consultation;
- ``RETURNER``: the agency that returns the result under the case (``result_returned_by``);
- ``OWNER``: the citizen or organisation account the dossier belongs to;
- ``PAYMENT_PLATFORM``: a payment confirmed by a payment provider's verified message
  (``access.PAYMENT_PLATFORM``, used only by the payments app), with no signed-in user.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from django.utils.translation import gettext_lazy as _

from motcua.accounts.constants import Role
from motcua.catalog.constants import StepAction

from .constants import DossierStatus as S


class Action(StrEnum):
    SUBMIT = "submit"
    REQUEST_COMPLETION = "request_completion"
    SUBMIT_COMPLETION = "submit_completion"
    ACCEPT = "accept"
    REFUSE = "refuse"
    WITHDRAW = "withdraw"
    ASSIGN = "assign"
    FORWARD = "forward"
    RETURN = "return"
    REQUEST_SUPPLEMENT = "request_supplement"
    SUBMIT_SUPPLEMENT = "submit_supplement"
    REQUEST_PAYMENT = "request_payment"
    RECORD_PAYMENT = "record_payment"
    REFUND_PAYMENT = "refund_payment"
    CONSULT = "consult"
    ANSWER_CONSULTATION = "answer_consultation"
    EXTEND = "extend"
    APPROVE = "approve"
    NOT_RESOLVE = "not_resolve"
    ISSUE_RESULT = "issue_result"
    DELIVER = "deliver"
    STOP = "stop"
    DIGITISE = "digitise"


ACTION_LABELS = {
    Action.SUBMIT: _("submit"),
    Action.REQUEST_COMPLETION: _("request completion at intake"),
    Action.SUBMIT_COMPLETION: _("submit the completed dossier"),
    Action.ACCEPT: _("accept and issue the receipt"),
    Action.REFUSE: _("refuse at intake"),
    Action.WITHDRAW: _("withdraw"),
    Action.ASSIGN: _("assign"),
    Action.FORWARD: _("forward to the next step"),
    Action.RETURN: _("return to the previous step"),
    Action.REQUEST_SUPPLEMENT: _("request a supplement"),
    Action.SUBMIT_SUPPLEMENT: _("record the supplement"),
    Action.REQUEST_PAYMENT: _("request payment"),
    Action.RECORD_PAYMENT: _("record the payment"),
    Action.REFUND_PAYMENT: _("refund the payment"),
    Action.CONSULT: _("consult other agencies"),
    Action.ANSWER_CONSULTATION: _("answer a consultation"),
    Action.EXTEND: _("apologise and extend"),
    Action.APPROVE: _("approve"),
    Action.NOT_RESOLVE: _("decline with reasons"),
    Action.ISSUE_RESULT: _("issue a result document"),
    Action.DELIVER: _("deliver the result"),
    Action.STOP: _("stop"),
    Action.DIGITISE: _("record digitised components"),
}


class Place(StrEnum):
    RECEIVING = "receiving"
    COMPETENT = "competent"
    CURRENT = "current"
    STEP = "step"
    CONSULTED = "consulted"
    RETURNER = "returner"
    OWNER = "owner"
    PAYMENT_PLATFORM = "payment_platform"


@dataclass(frozen=True)
class Grant:
    place: Place
    roles: frozenset[Role] = frozenset()


@dataclass(frozen=True)
class Rule:
    action: Action
    sources: frozenset[S | None]  # None: no dossier exists yet
    targets: frozenset[S]
    grants: tuple[Grant, ...]
    basis: str  # legal basis or design reason, shown in docs/dossiers.md


C = Role.COUNTER_OFFICER
P = Role.PROCESSING_OFFICER
H = Role.DEPARTMENT_HEAD
L = Role.AGENCY_LEADER
D = Role.DOCUMENT_CLERK

# Heads of department and agency leaders supervise every step of their agency.
SUPERVISORS = frozenset({H, L})

PRE_INTAKE = frozenset({S.SUBMITTED, S.AWAITING_COMPLETION})
# Received and not yet decided: the legal clock is running or paused.
IN_HAND = frozenset(
    {S.RECEIVED, S.PROCESSING, S.AWAITING_SUPPLEMENT, S.AWAITING_PAYMENT, S.INTER_AGENCY}
)
WORKING = frozenset({S.RECEIVED, S.PROCESSING, S.INTER_AGENCY})
OPEN = PRE_INTAKE | IN_HAND | {S.RESOLVED}
CLOSED = frozenset({S.RETURNED, S.REFUSED, S.WITHDRAWN, S.STOPPED})
# States in which the processing clock waits for the citizen.
WAITING = frozenset({S.AWAITING_SUPPLEMENT, S.AWAITING_PAYMENT})

_counter = Grant(Place.RECEIVING, frozenset({C}))
_owner = Grant(Place.OWNER)
_step = Grant(Place.STEP)

RULES: dict[Action, Rule] = {
    rule.action: rule
    for rule in (
        Rule(
            Action.SUBMIT,
            frozenset({None}),
            frozenset({S.SUBMITTED}),
            # Online by the applicant's own account; post and national-portal arrivals are
            # registered by the receiving centre before they are checked.
            (_owner, _counter),
            "NĐ 118/2025 Điều 17 (channels); NĐ 45/2020",
        ),
        Rule(
            Action.REQUEST_COMPLETION,
            frozenset({S.SUBMITTED}),
            frozenset({S.AWAITING_COMPLETION}),
            (_counter,),
            "NĐ 118/2025 Điều 11: one written request (Mẫu 02) listing everything, before receipt",
        ),
        Rule(
            Action.SUBMIT_COMPLETION,
            frozenset({S.AWAITING_COMPLETION}),
            frozenset({S.SUBMITTED}),
            (_owner, _counter),
            "NĐ 118/2025 Điều 17: the completed dossier is checked again",
        ),
        Rule(
            Action.ACCEPT,
            frozenset({None, S.SUBMITTED}),
            frozenset({S.RECEIVED}),
            (_counter,),
            "NĐ 118/2025 Điều 11, 17; TT 03/2025 Điều 13 (code), Mẫu 01 (receipt)",
        ),
        Rule(
            Action.REFUSE,
            PRE_INTAKE,
            frozenset({S.REFUSED}),
            (_counter,),
            "NĐ 118/2025 Điều 17: refusal with reasons (Mẫu 03)",
        ),
        Rule(
            Action.WITHDRAW,
            PRE_INTAKE,
            frozenset({S.WITHDRAWN}),
            # Once received, only the one-stop centre can end the case (stop, Mẫu 05).
            (_owner, _counter),
            "national status 7 (công dân yêu cầu rút hồ sơ)",
        ),
        Rule(
            Action.ASSIGN,
            WORKING,
            frozenset({S.PROCESSING, S.INTER_AGENCY}),
            (Grant(Place.CURRENT, SUPERVISORS),),
            "internal procedure (quy trình nội bộ): the leader assigns an officer",
        ),
        Rule(
            Action.FORWARD,
            WORKING,
            frozenset({S.PROCESSING, S.INTER_AGENCY}),
            (_step,),
            "NĐ 118/2025 Điều 18: hand-over to the competent agency; TT 03/2025 Mẫu 06",
        ),
        Rule(
            Action.RETURN,
            frozenset({S.PROCESSING, S.INTER_AGENCY}),
            frozenset({S.PROCESSING, S.INTER_AGENCY}),
            (_step,),
            "internal procedure: send back to the previous step for rework",
        ),
        Rule(
            Action.REQUEST_SUPPLEMENT,
            frozenset({S.PROCESSING}),
            frozenset({S.AWAITING_SUPPLEMENT}),
            (_step,),
            "NĐ 118/2025 Điều 11, 19: once, in writing, through the one-stop centre (Mẫu 02)",
        ),
        Rule(
            Action.SUBMIT_SUPPLEMENT,
            frozenset({S.AWAITING_SUPPLEMENT}),
            frozenset({S.PROCESSING}),
            (_owner, _counter),
            "clock policy of the procedure version (pause, restart or none)",
        ),
        Rule(
            Action.REQUEST_PAYMENT,
            frozenset({S.PROCESSING}),
            frozenset({S.AWAITING_PAYMENT}),
            (_step,),
            "NĐ 118/2025 Điều 24 (fees); national status 6",
        ),
        Rule(
            Action.RECORD_PAYMENT,
            frozenset({S.AWAITING_PAYMENT}),
            frozenset({S.PROCESSING}),
            (_counter, _step, Grant(Place.PAYMENT_PLATFORM)),
            "NĐ 118/2025 Điều 24",
        ),
        Rule(
            Action.REFUND_PAYMENT,
            OPEN | CLOSED,
            frozenset(S),  # a track, not a state change
            (_counter,),
            "fee refunded by the centre that collected it",
        ),
        Rule(
            Action.CONSULT,
            frozenset({S.PROCESSING}),
            frozenset({S.INTER_AGENCY}),
            (_step,),
            "NĐ 118/2025 Điều 20 (liên thông): opinions of other agencies, each with its time share",
        ),
        Rule(
            Action.ANSWER_CONSULTATION,
            frozenset({S.INTER_AGENCY}),
            frozenset({S.INTER_AGENCY, S.PROCESSING}),
            (Grant(Place.CONSULTED, frozenset({P, H, L})),),
            "NĐ 118/2025 Điều 20",
        ),
        Rule(
            Action.EXTEND,
            IN_HAND,
            frozenset(IN_HAND),  # the state stays; the due moment moves
            (Grant(Place.COMPETENT, frozenset({L})),),
            "NĐ 118/2025 Điều 19; TT 03/2025 Mẫu 04: head of the agency, once, "
            "at the latest the working day before the due date",
        ),
        Rule(
            Action.APPROVE,
            frozenset({S.PROCESSING, S.INTER_AGENCY}),
            frozenset({S.RESOLVED}),
            (Grant(Place.CURRENT, frozenset({L})),),
            "decision of the competent person (người có thẩm quyền)",
        ),
        Rule(
            Action.NOT_RESOLVE,
            frozenset({S.PROCESSING, S.INTER_AGENCY}),
            frozenset({S.RESOLVED}),
            (Grant(Place.CURRENT, frozenset({L})),),
            "written answer with reasons when the request is not granted (không giải quyết)",
        ),
        Rule(
            Action.ISSUE_RESULT,
            frozenset({S.RESOLVED}),
            frozenset({S.RESOLVED}),
            (Grant(Place.CURRENT, frozenset({D, L})),),
            "NĐ 30/2020: the registry numbers and issues the signed result",
        ),
        Rule(
            Action.DELIVER,
            frozenset({S.RESOLVED}),
            frozenset({S.RETURNED}),
            (_counter, Grant(Place.RETURNER, frozenset({P, H, L, D}))),
            "NĐ 118/2025 Điều 22 (trả kết quả); TT 03/2025 Mẫu 07",
        ),
        Rule(
            Action.STOP,
            IN_HAND,
            frozenset({S.STOPPED}),
            (_counter,),
            "NĐ 118/2025 Điều 21; TT 03/2025 Điều 7, Mẫu 05: at the citizen's request, "
            "while no decision or result has been issued",
        ),
        Rule(
            Action.DIGITISE,
            IN_HAND | PRE_INTAKE,
            frozenset(S),  # a track, not a state change
            (_counter,),
            "TT 03/2025 Điều 5 (số hóa hồ sơ)",
        ),
    )
}


# Actions a step of the workflow template must list (catalog ``StepAction``) to be taken there.
STEP_ACTIONS: dict[Action, StepAction] = {
    Action.FORWARD: StepAction.FORWARD,
    Action.RETURN: StepAction.RETURN,
    Action.REQUEST_SUPPLEMENT: StepAction.REQUEST_SUPPLEMENT,
    Action.CONSULT: StepAction.CONSULT,
    Action.APPROVE: StepAction.APPROVE,
    Action.NOT_RESOLVE: StepAction.REFUSE,  # "refuse" at a step: decline with reasons
}


def step_allows(step, action: Action) -> bool:
    """Whether the dossier's current ``step`` lists ``action`` in its template (if it needs to)."""
    needed = STEP_ACTIONS.get(action)
    if needed is None:
        return True
    return step is not None and step.template_id is not None and needed in step.template.actions
