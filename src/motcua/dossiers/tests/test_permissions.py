"""Who may take each action: the permission matrix of ``workflow.RULES``.

For every action, every actor below either succeeds or is refused with ``FORBIDDEN`` and
nothing written. The actors sit at every distance from the dossier:

- ``counter``: counter officer of the receiving centre; ``counter_far``: of another
  province's centre;
- ``officer`` / ``leader``: processing officer and leader of the competent agency, where
  the dossier is processed; ``finance_officer``: an officer of another agency;
- ``citizen``: the owner; ``other_citizen``: anyone else; ``monitor``: read-only staff.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field

import pytest

from motcua.dossiers.access import actions_available, can_act, dossiers_visible_to
from motcua.dossiers.constants import Channel
from motcua.dossiers.error_codes import DossierError
from motcua.dossiers.error_codes import DossierErrorCode as E
from motcua.dossiers.inputs import ConsultationInput, ResultInput
from motcua.dossiers.services import (
    dossier_accept,
    dossier_answer_consultation,
    dossier_approve,
    dossier_assign,
    dossier_components_digitise,
    dossier_consult,
    dossier_deliver,
    dossier_extend,
    dossier_forward,
    dossier_not_resolve,
    dossier_record_payment,
    dossier_refund_payment,
    dossier_refuse,
    dossier_request_completion,
    dossier_request_payment,
    dossier_request_supplement,
    dossier_result_issue,
    dossier_return,
    dossier_stop,
    dossier_submit,
    dossier_submit_completion,
    dossier_submit_supplement,
    dossier_withdraw,
)
from motcua.dossiers.workflow import RULES, Action

from .conftest import application, at
from .helpers import refused

ACTORS = (
    "counter",
    "counter_far",
    "officer",
    "finance_officer",
    "leader",
    "citizen",
    "other_citizen",
    "monitor",
)
RESULT = ResultInput(number="1/GP", issued_on=dt.date(2026, 2, 11), signer="Nguyễn Văn Hải")


def submitted(w):
    app = application(w, channel=Channel.ONLINE, delivery_channel="online")
    return dossier_submit(application=app, user=w.citizen)


def awaiting_completion(w):
    return dossier_request_completion(
        dossier=submitted(w), user=w.counter, items=["Tờ khai"], reason="Thiếu chữ ký"
    )


def received(w, **extra):
    return dossier_accept(user=w.counter, application=application(w), **extra)


def processing(w):
    return dossier_forward(dossier=received(w), user=w.counter)


def at_approval(w):
    return dossier_forward(dossier=processing(w), user=w.officer)


def awaiting_supplement(w):
    return dossier_request_supplement(
        dossier=processing(w), user=w.officer, items=["Đơn"], reason="Thiếu"
    )


def awaiting_payment(w):
    return dossier_request_payment(dossier=processing(w), user=w.officer)


def consulting(w):
    return dossier_consult(
        dossier=processing(w),
        user=w.officer,
        consultations=[ConsultationInput(agency=w.finance, hours=8)],
    )


def resolved(w, *, with_result: bool = True):
    return dossier_approve(
        dossier=at_approval(w), user=w.leader, results=[RESULT] if with_result else []
    )


@dataclass(frozen=True)
class Case:
    setup: Callable
    act: Callable  # (world, dossier, user) -> anything
    allowed: frozenset[str]
    other: dict[str, E] = field(default_factory=dict)  # refused for another reason


def _answer(w, d, u):
    asked = d.steps.get(consulted_from__isnull=False)
    return dossier_answer_consultation(dossier=d, user=u, consultation=asked, answer="Đồng ý")


MATRIX: dict[Action, Case] = {
    Action.SUBMIT: Case(
        lambda w: None,
        lambda w, d, u: dossier_submit(
            application=application(w, channel=Channel.ONLINE, delivery_channel="online"), user=u
        ),
        frozenset({"citizen"}),
        {"other_citizen": E.NOT_THE_APPLICANT},
    ),
    Action.REQUEST_COMPLETION: Case(
        submitted,
        lambda w, d, u: dossier_request_completion(dossier=d, user=u, items=["a"], reason="b"),
        frozenset({"counter"}),
    ),
    Action.SUBMIT_COMPLETION: Case(
        awaiting_completion,
        lambda w, d, u: dossier_submit_completion(dossier=d, user=u),
        frozenset({"counter", "citizen"}),
    ),
    Action.ACCEPT: Case(
        submitted,
        lambda w, d, u: dossier_accept(user=u, dossier=d),
        frozenset({"counter"}),
    ),
    Action.REFUSE: Case(
        submitted,
        lambda w, d, u: dossier_refuse(dossier=d, user=u, reasons="Không đủ điều kiện"),
        frozenset({"counter"}),
    ),
    Action.WITHDRAW: Case(
        submitted,
        lambda w, d, u: dossier_withdraw(dossier=d, user=u),
        frozenset({"counter", "citizen"}),
    ),
    Action.ASSIGN: Case(
        processing,
        lambda w, d, u: dossier_assign(dossier=d, user=u, assignee=w.officer2),
        frozenset({"leader"}),
    ),
    Action.FORWARD: Case(
        processing,
        lambda w, d, u: dossier_forward(dossier=d, user=u),
        frozenset({"officer", "leader"}),
    ),
    Action.RETURN: Case(
        at_approval,
        lambda w, d, u: dossier_return(dossier=d, user=u, reason="Làm lại"),
        frozenset({"leader"}),
    ),
    Action.REQUEST_SUPPLEMENT: Case(
        processing,
        lambda w, d, u: dossier_request_supplement(dossier=d, user=u, items=["a"], reason="b"),
        frozenset({"officer", "leader"}),
    ),
    Action.SUBMIT_SUPPLEMENT: Case(
        awaiting_supplement,
        lambda w, d, u: dossier_submit_supplement(dossier=d, user=u),
        frozenset({"counter", "citizen"}),
    ),
    Action.REQUEST_PAYMENT: Case(
        processing,
        lambda w, d, u: dossier_request_payment(dossier=d, user=u),
        frozenset({"officer", "leader"}),
    ),
    Action.RECORD_PAYMENT: Case(
        awaiting_payment,
        lambda w, d, u: dossier_record_payment(dossier=d, user=u),
        frozenset({"counter", "officer", "leader"}),
    ),
    Action.REFUND_PAYMENT: Case(
        lambda w: received(w, fee_paid=True),
        lambda w, d, u: dossier_refund_payment(dossier=d, user=u, reason="Nộp thừa"),
        frozenset({"counter"}),
    ),
    Action.CONSULT: Case(
        processing,
        lambda w, d, u: dossier_consult(
            dossier=d, user=u, consultations=[ConsultationInput(agency=w.finance, hours=4)]
        ),
        frozenset({"officer", "leader"}),
    ),
    Action.ANSWER_CONSULTATION: Case(consulting, _answer, frozenset({"finance_officer"})),
    Action.EXTEND: Case(
        processing,
        lambda w, d, u: dossier_extend(
            dossier=d, user=u, new_due_at=at("2026-03-02 17:00"), reason="Cần xác minh"
        ),
        frozenset({"leader"}),
    ),
    Action.APPROVE: Case(
        at_approval, lambda w, d, u: dossier_approve(dossier=d, user=u), frozenset({"leader"})
    ),
    Action.NOT_RESOLVE: Case(
        at_approval,
        lambda w, d, u: dossier_not_resolve(dossier=d, user=u, reasons="Không đủ điều kiện"),
        frozenset({"leader"}),
    ),
    Action.ISSUE_RESULT: Case(
        lambda w: resolved(w, with_result=False),
        lambda w, d, u: dossier_result_issue(dossier=d, user=u, result=RESULT),
        frozenset({"leader"}),
    ),
    Action.DELIVER: Case(
        resolved,
        lambda w, d, u: dossier_deliver(dossier=d, user=u, channel="post", recipient="B"),
        frozenset({"counter"}),
    ),
    Action.STOP: Case(
        processing,
        lambda w, d, u: dossier_stop(dossier=d, user=u, reason="Công dân xin dừng"),
        frozenset({"counter"}),
    ),
    Action.DIGITISE: Case(
        received,
        lambda w, d, u: dossier_components_digitise(dossier=d, user=u, component_ids=[w.form.pk]),
        frozenset({"counter"}),
    ),
}


def test_the_matrix_covers_every_action():
    assert set(MATRIX) == set(Action)


@pytest.mark.parametrize("action", list(MATRIX), ids=lambda a: f"{a}_case")
def test_only_the_right_people_may_take_the_action(world, action):
    case = MATRIX[action]
    dossier = case.setup(world)
    for name in ACTORS:
        if name in case.allowed:
            continue
        with refused(case.other.get(name, E.FORBIDDEN)):
            case.act(world, dossier, getattr(world, name))
    for name in sorted(case.allowed):
        target = dossier if name == min(case.allowed) else case.setup(world)
        if target is not None:
            assert can_act(getattr(world, name), target, action)
        case.act(world, target, getattr(world, name))


def test_counter_intake_is_for_counter_officers_of_the_receiving_centre(world):
    for name in ACTORS:
        if name == "counter":
            continue
        with refused(E.FORBIDDEN):
            dossier_accept(user=getattr(world, name), application=application(world))
    assert dossier_accept(user=world.counter, application=application(world)).code


def test_rules_grant_only_roles_that_process_dossiers():
    from motcua.catalog.validation import PROCESSING_ROLES

    for rule in RULES.values():
        for grant in rule.grants:
            assert grant.roles <= PROCESSING_ROLES, rule.action


def test_a_refused_action_says_nothing_about_the_state(world):
    # An outsider trying to approve a dossier still at the counter learns "forbidden",
    # not "not possible in this state".
    dossier = received(world)
    with pytest.raises(DossierError) as caught:
        dossier_approve(dossier=dossier, user=world.counter_far)
    assert caught.value.code == E.FORBIDDEN


def test_who_sees_a_dossier(world):
    dossier = processing(world)
    seeing = {
        name for name in ACTORS if dossiers_visible_to(getattr(world, name)).filter(pk=dossier.pk)
    }
    # The centre received it, Justice processes it, the monitor watches the province,
    # the owner follows it.
    assert seeing == {"counter", "officer", "leader", "citizen", "monitor"}


def test_consulted_agencies_see_the_dossier_they_are_asked_about(world):
    dossier = consulting(world)
    assert dossiers_visible_to(world.finance_officer).filter(pk=dossier.pk).exists()


def test_actions_available_for_the_back_office(world):
    dossier = processing(world)
    assert set(actions_available(world.officer, dossier)) == {
        Action.FORWARD,
        Action.RETURN,
        Action.REQUEST_SUPPLEMENT,
        Action.REQUEST_PAYMENT,
        Action.CONSULT,
    }
    assert Action.STOP in actions_available(world.counter, dossier)
    assert actions_available(world.other_citizen, dossier) == []
