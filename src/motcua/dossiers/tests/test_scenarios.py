"""Dossiers walked through every path with the real 2026 calendar (Tết: 14-22/02 off).

The licence (5 working days) received on Wednesday 11/02/2026 at 09:00 is due on
Wednesday 25/02 at 09:00: Thursday 12, Friday 13, then Monday 23, Tuesday 24 and
Wednesday 25 after the Tết week.
"""

from __future__ import annotations

import datetime as dt

from django.test import override_settings

import pytest

from motcua.accounts.constants import Role
from motcua.dossiers.constants import (
    ClockPauseReason,
    DeliveryStatus,
    DossierStatus,
    EventKind,
    Outcome,
    PaymentStatus,
    Timeliness,
)
from motcua.dossiers.error_codes import DossierErrorCode as E
from motcua.dossiers.inputs import ConsultationInput, ResultInput
from motcua.dossiers.national import NationalStatus, national_status
from motcua.dossiers.selectors import dossiers_due_soon, dossiers_overdue
from motcua.dossiers.services import (
    dossier_accept,
    dossier_answer_consultation,
    dossier_approve,
    dossier_assign,
    dossier_consult,
    dossier_deliver,
    dossier_extend,
    dossier_forward,
    dossier_not_resolve,
    dossier_record_payment,
    dossier_refund_payment,
    dossier_request_payment,
    dossier_request_supplement,
    dossier_result_issue,
    dossier_return,
    dossier_stop,
    dossier_submit_supplement,
)

from .conftest import _staff, application, at, joint_application
from .helpers import fresh, kinds, refused

RESULT = ResultInput(number="15/GP-STP", issued_on=dt.date(2026, 2, 11), signer="Nguyễn Văn Hải")


def received(world, **changes):
    return dossier_accept(user=world.counter, application=application(world, **changes))


def at_approval(world, now, *, forward_at="2026-02-11 10:00", appraise_at="2026-02-12 14:00"):
    dossier = received(world)
    now(forward_at)
    dossier_forward(dossier=dossier, user=world.counter)
    now(appraise_at)
    return dossier_forward(dossier=dossier, user=world.officer)


def test_accept_process_resolve_return(world, now):
    dossier = received(world)
    assert national_status(dossier.status) == NationalStatus.RECEIVED

    # The counter hands over at 10:00, within its 2 hours.
    now("2026-02-11 10:00")
    dossier = dossier_forward(dossier=dossier, user=world.counter, note="Chuyển Sở Tư pháp")
    assert dossier.status == DossierStatus.PROCESSING
    assert national_status(dossier.status) == NationalStatus.PROCESSING
    assert dossier.current_agency == world.justice
    handover = dossier.events.latest("pk")
    assert (handover.kind, handover.step.position, handover.step_timeliness) == (
        EventKind.FORWARDED,
        1,
        Timeliness.ON_TIME,
    )
    appraisal = dossier.current_step
    # 22 hours from 10:00: 5 on Wednesday, 8 Thursday, 8 Friday, 1 on Monday after Tết
    assert (appraisal.started_at, appraisal.due_at) == (
        at("2026-02-11 10:00"),
        at("2026-02-23 08:00"),
    )

    dossier = dossier_assign(
        dossier=dossier, user=world.head, assignee=world.officer, department=world.department
    )
    assert dossier.assignee == world.officer
    assert fresh(dossier).current_step.assignee == world.officer

    now("2026-02-12 14:00")
    dossier = dossier_forward(dossier=dossier, user=world.officer)
    assert dossier.events.latest("pk").step_timeliness == Timeliness.EARLY
    assert dossier.assignee is None
    signing = dossier.current_step
    assert signing.due_at == at("2026-02-13 14:00")  # 3 hours Thursday, 5 Friday

    now("2026-02-13 10:00")
    dossier = dossier_approve(dossier=dossier, user=world.leader, results=[RESULT])
    dossier = fresh(dossier)
    assert dossier.status == DossierStatus.RESOLVED
    assert national_status(dossier.status) == NationalStatus.PROCESSED
    assert (dossier.outcome, dossier.timeliness) == (Outcome.APPROVED, Timeliness.EARLY)
    assert dossier.resolved_at == at("2026-02-13 10:00")
    assert dossier.current_step is None
    assert dossier.delivery_status == DeliveryStatus.READY
    assert list(dossier.results.values_list("number", "signer")) == [
        ("15/GP-STP", "Nguyễn Văn Hải")
    ]

    now("2026-02-23 08:00")
    dossier = dossier_deliver(
        dossier=dossier, user=world.counter, channel="counter", recipient="Trần Thị Bình"
    )
    dossier = fresh(dossier)
    assert dossier.status == DossierStatus.RETURNED
    assert national_status(dossier.status) == NationalStatus.RETURNED
    assert dossier.delivery_status == DeliveryStatus.DELIVERED
    assert (dossier.delivery_channel, dossier.returned_at) == ("counter", at("2026-02-23 08:00"))
    assert dossier.events.latest("pk").data == {"channel": "counter", "recipient": "Trần Thị Bình"}
    assert kinds(dossier) == [
        EventKind.RECEIVED,
        EventKind.FORWARDED,
        EventKind.ASSIGNED,
        EventKind.FORWARDED,
        EventKind.APPROVED,
        EventKind.DELIVERED,
    ]
    statuses = list(dossier.events.order_by("pk").values_list("from_status", "to_status"))
    assert statuses == [
        ("", "received"),
        ("received", "processing"),
        ("processing", "processing"),
        ("processing", "processing"),
        ("processing", "resolved"),
        ("resolved", "returned"),
    ]


def test_results_are_issued_after_the_decision_and_delivery_needs_one(world, now):
    dossier = at_approval(world, now)
    dossier = dossier_approve(dossier=dossier, user=world.leader, note="Đồng ý cấp phép")
    assert dossier.delivery_status == DeliveryStatus.PENDING
    with refused(E.RESULT_REQUIRED):
        dossier_deliver(dossier=dossier, user=world.counter, channel="counter", recipient="B")
    with refused(E.FUTURE_DATE):
        dossier_result_issue(
            dossier=dossier,
            user=world.clerk,
            result=ResultInput(number="1/GP", issued_on=dt.date(2026, 2, 14), signer="A"),
        )
    with refused(E.RESULT_INVALID):
        dossier_result_issue(
            dossier=dossier,
            user=world.clerk,
            result=ResultInput(number=" ", issued_on=dt.date(2026, 2, 12), signer="A"),
        )
    result = dossier_result_issue(dossier=dossier, user=world.clerk, result=RESULT)
    assert result.name == "Giấy phép hoạt động"  # the case's result by default
    assert fresh(dossier).delivery_status == DeliveryStatus.READY
    with refused(E.RECIPIENT_REQUIRED):
        dossier_deliver(dossier=dossier, user=world.counter, channel="post", recipient=" ")
    with refused(E.DELIVERY_CHANNEL_NOT_ALLOWED):
        dossier_deliver(dossier=dossier, user=world.counter, channel="fax", recipient="B")
    with refused(E.RESULT_NOT_SIGNED):  # no signed electronic file (documents.result_sign)
        dossier_deliver(dossier=dossier, user=world.counter, channel="online")
    dossier = dossier_deliver(dossier=dossier, user=world.counter, channel="post", recipient="B")
    assert dossier.status == DossierStatus.RETURNED


def test_not_resolved_needs_reasons_and_is_a_resolution(world, now):
    dossier = at_approval(world, now)
    with refused(E.REASON_REQUIRED):
        dossier_not_resolve(dossier=dossier, user=world.leader, reasons="")
    dossier = dossier_not_resolve(
        dossier=dossier,
        user=world.leader,
        reasons="Tổ chức chưa đủ điều kiện hành nghề",
        results=[ResultInput(number="16/TB-STP", issued_on=dt.date(2026, 2, 12), signer="N")],
    )
    dossier = fresh(dossier)
    assert (dossier.status, dossier.outcome) == (DossierStatus.RESOLVED, Outcome.NOT_RESOLVED)
    assert national_status(dossier.status) == NationalStatus.PROCESSED
    assert dossier.events.latest("pk").note == "Tổ chức chưa đủ điều kiện hành nghề"


def test_late_resolution_and_the_overdue_lists(world, now):
    dossier = at_approval(world, now)
    now("2026-02-24 10:00")  # the day before the due date
    assert list(dossiers_due_soon()) == [fresh(dossier)]
    assert not dossiers_overdue().exists()
    now("2026-02-25 09:30")  # half an hour past 09:00
    assert list(dossiers_overdue()) == [fresh(dossier)]
    assert list(dossiers_overdue(agency_id=world.justice.pk)) == [fresh(dossier)]
    assert not dossiers_overdue(agency_id=world.centre.pk).exists()
    assert not dossiers_due_soon().exists()
    # Resolved the same day: on time by date, as the national index counts it.
    same_day = dossier_approve(dossier=dossier, user=world.leader)
    assert same_day.timeliness == Timeliness.ON_TIME
    assert not dossiers_overdue().exists()

    other = at_approval(world, now, forward_at="2026-02-25 09:30", appraise_at="2026-02-25 10:00")
    now("2026-03-05 10:00")
    late = dossier_approve(dossier=other, user=world.leader)
    assert late.due_at == at("2026-03-04 09:30")
    assert late.timeliness == Timeliness.LATE


def test_overdue_lists_by_department_and_officer(world, now):
    dossier = received(world)
    dossier_forward(dossier=dossier, user=world.counter)
    dossier_assign(
        dossier=dossier, user=world.head, assignee=world.officer, department=world.department
    )
    now("2026-02-26 08:00")
    assert list(dossiers_overdue(department_id=world.department.pk)) == [fresh(dossier)]
    assert list(dossiers_overdue(assignee_id=world.officer.pk)) == [fresh(dossier)]
    assert not dossiers_overdue(assignee_id=world.officer2.pk).exists()


def test_supplement_with_the_clock_paused(world, now):
    dossier = received(world)  # due 25/02 09:00, supplement clock "pause"
    now("2026-02-11 09:30")
    dossier_forward(dossier=dossier, user=world.counter)
    step = fresh(dossier).current_step
    assert step.due_at == at("2026-02-23 07:30")

    now("2026-02-12 09:00")
    dossier = dossier_request_supplement(
        dossier=dossier,
        user=world.officer,
        items=["Bản sao chứng chỉ hành nghề của người đứng đầu"],
        reason="Thiếu giấy tờ chứng minh điều kiện",
    )
    assert dossier.status == DossierStatus.AWAITING_SUPPLEMENT
    assert national_status(dossier.status) == NationalStatus.SUPPLEMENT_REQUESTED
    pause = dossier.clock_pauses.get()
    assert (pause.reason, pause.policy, pause.ended_at) == (
        ClockPauseReason.SUPPLEMENT,
        "pause",
        None,
    )
    now("2026-02-26 10:00")  # past the old due moment, but the clock was paused
    assert not dossiers_overdue().exists()

    now("2026-02-23 09:00")
    dossier = dossier_submit_supplement(dossier=dossier, user=world.citizen)
    dossier = fresh(dossier)
    assert dossier.status == DossierStatus.PROCESSING
    # Waited 6 h Thursday + 8 h Friday + 2 h Monday = 16 h = 2 working days added.
    assert dossier.due_at == at("2026-02-27 09:00")
    assert dossier.due_at_original == at("2026-02-25 09:00")
    assert dossier.current_step.due_at == at("2026-02-25 07:30")
    assert dossier.clock_pauses.get().ended_at == at("2026-02-23 09:00")
    event = dossier.events.latest("pk")
    assert event.data["waited_working_hours"] == "16"
    assert event.data["previous_due_at"] == at("2026-02-25 09:00").isoformat()

    # Only once per dossier (NĐ 118/2025 Điều 11).
    with refused(E.ALREADY_REQUESTED) as caught:
        dossier_request_supplement(dossier=dossier, user=world.officer, items=["x"], reason="y")
    assert "12/02/2026" in caught.value.message


def test_supplement_with_the_clock_restarted(world, now):
    dossier = dossier_accept(user=world.counter, application=joint_application(world))
    assert dossier.due_at == at("2026-03-04 09:00")  # 10 working days, supplement "restart"
    dossier_forward(dossier=dossier, user=world.counter)
    now("2026-02-12 10:00")
    dossier_request_supplement(dossier=dossier, user=world.officer, items=["Đơn"], reason="Sai mẫu")
    now("2026-02-24 16:00")  # after the cut-off: the full time runs from Wednesday morning
    dossier = fresh(dossier_submit_supplement(dossier=dossier, user=world.counter))
    assert dossier.due_at == at("2026-03-11 07:00")
    assert dossier.due_at_original == at("2026-03-04 09:00")
    assert dossier.current_step.due_at == at("2026-02-26 17:00")  # 16 h from 25/02 07:00


@pytest.mark.parametrize(
    ("policy", "due"),
    [("pause", "2026-02-25 11:30"), ("none", "2026-02-25 09:00")],
    ids=["pause_case", "none_case"],
)
def test_waiting_for_payment_follows_the_configured_policy(world, now, policy, due):
    with override_settings(DOSSIER_PAYMENT_CLOCK=policy):
        dossier = received(world)
        dossier_forward(dossier=dossier, user=world.counter)
        now("2026-02-12 09:00")
        dossier = dossier_request_payment(
            dossier=dossier, user=world.officer, note="Lệ phí 500.000 đồng"
        )
        assert dossier.status == DossierStatus.AWAITING_PAYMENT
        assert national_status(dossier.status) == NationalStatus.PAYMENT_REQUESTED
        assert dossier.payment_status == PaymentStatus.REQUESTED
        now("2026-02-12 13:00")  # 2.5 hours of office time later (lunch not counted)
        dossier = dossier_record_payment(dossier=dossier, user=world.counter, reference="BL-0012")
    dossier = fresh(dossier)
    assert (dossier.status, dossier.payment_status) == (
        DossierStatus.PROCESSING,
        PaymentStatus.PAID,
    )
    assert dossier.clock_pauses.get().policy == policy
    assert dossier.due_at == at(due)
    dossier = dossier_refund_payment(dossier=dossier, user=world.counter, reason="Nộp thừa")
    assert fresh(dossier).payment_status == PaymentStatus.REFUNDED
    with refused(E.PAYMENT_NOT_PAID):
        dossier_refund_payment(dossier=dossier, user=world.counter, reason="Lần hai")


def test_inter_agency_processing_through_two_agencies(world, now):
    dossier = dossier_accept(user=world.counter, application=joint_application(world))
    dossier = dossier_forward(dossier=dossier, user=world.counter)
    assert (dossier.status, dossier.current_agency) == (DossierStatus.PROCESSING, world.justice)

    now("2026-02-12 14:00")
    dossier = dossier_forward(dossier=dossier, user=world.officer)
    # Stage 2 at the Department of Finance: in liên thông, still "processing" nationally.
    assert (dossier.status, dossier.current_agency) == (DossierStatus.INTER_AGENCY, world.finance)
    assert national_status(dossier.status) == NationalStatus.PROCESSING
    finance_step = dossier.current_step
    assert (finance_step.stage, finance_step.due_at) == (2, at("2026-02-24 14:00"))
    # The lead agency's officer has no say while the dossier is at Finance.
    with refused(E.FORBIDDEN):
        dossier_forward(dossier=dossier, user=world.officer)

    now("2026-02-25 08:00")  # Finance took longer than its 24 hours
    dossier = dossier_forward(dossier=dossier, user=world.finance_officer)
    assert dossier.events.latest("pk").step_timeliness == Timeliness.LATE
    assert (dossier.status, dossier.current_agency) == (DossierStatus.PROCESSING, world.justice)

    dossier = dossier_approve(dossier=dossier, user=world.leader)
    # The lead agency returns the result (case: returned by the competent agency).
    dossier_result_issue(dossier=dossier, user=world.clerk, result=RESULT)
    dossier = dossier_deliver(
        dossier=dossier, user=world.officer, channel="post", recipient="Bưu điện"
    )
    assert dossier.status == DossierStatus.RETURNED
    stages = list(dossier.steps.order_by("position").values_list("agency__code", "timeliness"))
    assert stages == [
        ("H61.17", Timeliness.ON_TIME),
        ("H61.11", Timeliness.EARLY),
        ("H61.12", Timeliness.LATE),
        ("H61.11", Timeliness.EARLY),  # due 26/02 08:00, signed on the 25th
    ]


def test_parallel_consultation_of_two_agencies(world, now):
    commune_officer = _staff("chuyen_vien_xa", Role.PROCESSING_OFFICER, world.commune)
    dossier = received(world)
    dossier_forward(dossier=dossier, user=world.counter)
    now("2026-02-11 16:30")  # after the cut-off: the consulted agencies start tomorrow
    dossier = dossier_consult(
        dossier=dossier,
        user=world.officer,
        consultations=[
            ConsultationInput(agency=world.finance, hours=8),
            ConsultationInput(agency=world.commune, hours=4),
        ],
        note="Xin ý kiến về nghĩa vụ tài chính và địa điểm",
    )
    assert dossier.status == DossierStatus.INTER_AGENCY
    assert dossier.current_agency == world.justice  # the lead keeps the dossier
    asked = {s.agency_id: s for s in dossier.steps.filter(consulted_from__isnull=False)}
    assert asked[world.finance.pk].due_at == at("2026-02-12 17:00")
    assert asked[world.commune.pk].due_at == at("2026-02-12 11:00")
    assert list(dossiers_overdue(agency_id=world.commune.pk, now=at("2026-02-26 08:00"))) == [
        fresh(dossier)
    ]
    with refused(E.INVALID_TRANSITION):  # no supplement while in liên thông
        dossier_request_supplement(dossier=dossier, user=world.officer, items=["x"], reason="y")
    with refused(E.CONSULTATION_PENDING):
        dossier_forward(dossier=dossier, user=world.officer)
    with refused(E.FORBIDDEN):  # Finance cannot answer for the commune
        dossier_answer_consultation(
            dossier=dossier,
            user=world.finance_officer,
            consultation=asked[world.commune.pk],
            answer="Ý kiến",
        )

    now("2026-02-12 10:00")
    dossier = dossier_answer_consultation(
        dossier=dossier,
        user=world.finance_officer,
        consultation=asked[world.finance.pk],
        answer="Không có nghĩa vụ tài chính phát sinh",
    )
    assert dossier.status == DossierStatus.INTER_AGENCY
    with refused(E.CONSULTATION_CLOSED):
        dossier_answer_consultation(
            dossier=dossier,
            user=world.finance_officer,
            consultation=asked[world.finance.pk],
            answer="x",
        )
    now("2026-02-12 14:00")
    dossier = dossier_answer_consultation(
        dossier=dossier, user=commune_officer, consultation=asked[world.commune.pk], answer="Đồng ý"
    )
    assert dossier.status == DossierStatus.PROCESSING
    timeliness = dict(
        dossier.steps.filter(consulted_from__isnull=False).values_list("agency_id", "timeliness")
    )
    assert timeliness == {world.finance.pk: Timeliness.ON_TIME, world.commune.pk: Timeliness.LATE}
    dossier = dossier_forward(dossier=dossier, user=world.officer)
    assert dossier.current_step.position == 3


def test_consultation_requests_are_checked(world, now):
    dossier = received(world)
    dossier_forward(dossier=dossier, user=world.counter)
    cases = [
        [],
        [ConsultationInput(agency=world.justice, hours=4)],
        [ConsultationInput(agency=world.finance, hours=4)] * 2,
        [ConsultationInput(agency=world.finance, hours=0)],
    ]
    for consultations in cases:
        with refused(E.CONSULTATION_INVALID):
            dossier_consult(dossier=dossier, user=world.officer, consultations=consultations)


def test_return_to_the_previous_step_keeps_its_officer(world, now):
    dossier = received(world)
    dossier_forward(dossier=dossier, user=world.counter)
    dossier_assign(dossier=dossier, user=world.head, assignee=world.officer2)
    now("2026-02-12 08:00")
    dossier_forward(dossier=dossier, user=world.officer2)
    with refused(E.REASON_REQUIRED):
        dossier_return(dossier=dossier, user=world.leader, reason=" ")
    now("2026-02-12 09:00")
    dossier = dossier_return(dossier=dossier, user=world.leader, reason="Bổ sung ý kiến thẩm định")
    step = dossier.current_step
    assert (step.position, step.assignee, step.started_at) == (
        2,
        world.officer2,
        at("2026-02-12 09:00"),
    )
    assert step.finished_at is None and step.due_at == at("2026-02-23 17:00")
    assert dossier.assignee == world.officer2
    # Once assigned, only that officer (or a supervisor) works the step.
    with refused(E.FORBIDDEN):
        dossier_forward(dossier=dossier, user=world.officer)


def test_workflow_template_limits_actions_per_step(world):
    dossier = received(world)
    dossier = dossier_forward(dossier=dossier, user=world.counter)
    with refused(E.STEP_ACTION_NOT_ALLOWED):  # appraisal does not decide
        dossier_approve(dossier=dossier, user=world.leader)
    dossier = dossier_forward(dossier=dossier, user=world.officer)
    with refused(E.STEP_ACTION_NOT_ALLOWED):  # signing does not consult
        dossier_consult(
            dossier=dossier,
            user=world.leader,
            consultations=[ConsultationInput(agency=world.finance, hours=4)],
        )
    with refused(E.STEP_ACTION_NOT_ALLOWED):  # nor forward
        dossier_forward(dossier=dossier, user=world.leader)


def test_no_step_beyond_the_ends_of_the_workflow(world):
    world.licence_case.steps.filter(position=1).update(actions=["forward", "return"])
    world.licence_case.steps.filter(position=3).update(actions=["forward", "approve"])
    dossier = dossier_forward(dossier=received(world), user=world.counter)
    dossier = dossier_return(dossier=dossier, user=world.officer, reason="Kiểm tra lại")
    with refused(E.NO_PREVIOUS_STEP):
        dossier_return(dossier=dossier, user=world.counter, reason="Không có bước trước")
    dossier = dossier_forward(dossier=dossier, user=world.counter)
    dossier = dossier_forward(dossier=dossier, user=world.officer)
    with refused(E.NO_NEXT_STEP):
        dossier_forward(dossier=dossier, user=world.leader)


def test_assignment_is_checked(world):
    dossier = received(world)
    dossier_forward(dossier=dossier, user=world.counter)
    with refused(E.ASSIGNEE_NOT_IN_AGENCY):
        dossier_assign(dossier=dossier, user=world.head, assignee=world.finance_officer)
    with refused(E.ASSIGNEE_NOT_IN_AGENCY):
        dossier_assign(dossier=dossier, user=world.head, assignee=world.citizen)
    finance_department = world.finance.departments.create(name="Phòng Giá")
    with refused(E.DEPARTMENT_NOT_IN_AGENCY):
        dossier_assign(dossier=dossier, user=world.head, department=finance_department)
    with refused(E.ASSIGNEE_REQUIRED):
        dossier_assign(dossier=dossier, user=world.head)


def test_apology_and_extension_once_by_the_head_before_the_due_date(world, now):
    dossier = received(world)  # due Wednesday 25/02 09:00
    dossier_forward(dossier=dossier, user=world.counter)
    now("2026-02-24 16:00")  # the working day before the due date: still in time
    with refused(E.FORBIDDEN):
        dossier_extend(
            dossier=dossier, user=world.officer, new_due_at=at("2026-03-02 17:00"), reason="x"
        )
    with refused(E.INVALID_DUE_DATE):  # not later than the current due moment
        dossier_extend(
            dossier=dossier, user=world.leader, new_due_at=at("2026-02-25 08:00"), reason="x"
        )
    with refused(E.INVALID_DUE_DATE):  # a Sunday
        dossier_extend(
            dossier=dossier, user=world.leader, new_due_at=at("2026-03-01 10:00"), reason="x"
        )
    with refused(E.REASON_REQUIRED):
        dossier_extend(
            dossier=dossier, user=world.leader, new_due_at=at("2026-03-02 17:00"), reason=""
        )
    dossier = dossier_extend(
        dossier=dossier,
        user=world.leader,
        new_due_at=at("2026-03-02 17:00"),
        reason="Cần xác minh thêm tại cơ sở",
    )
    dossier = fresh(dossier)
    assert dossier.due_at == at("2026-03-02 17:00")
    assert dossier.due_at_original == at("2026-02-25 09:00")
    assert dossier.extended_at == at("2026-02-24 16:00")
    event = dossier.events.latest("pk")
    assert event.kind == EventKind.EXTENDED
    assert event.data["on_time"] is True and event.data["apology_deadline"] == "2026-02-24"
    with refused(E.ALREADY_EXTENDED):
        dossier_extend(
            dossier=dossier, user=world.leader, new_due_at=at("2026-03-03 17:00"), reason="x"
        )
    now("2026-03-02 10:00")
    dossier_forward(dossier=dossier, user=world.officer)
    assert dossier_approve(dossier=dossier, user=world.leader).timeliness == Timeliness.ON_TIME


def test_apology_on_the_due_day_waits_until_overdue_then_is_recorded_late(world, now):
    dossier = received(world)
    now("2026-02-25 08:00")  # due today at 09:00: past the apology deadline, not yet late
    with refused(E.APOLOGY_TOO_LATE) as caught:
        dossier_extend(
            dossier=dossier, user=world.leader, new_due_at=at("2026-03-02 17:00"), reason="x"
        )
    assert "24/02/2026" in caught.value.message
    now("2026-02-25 10:00")
    dossier = dossier_extend(
        dossier=dossier, user=world.leader, new_due_at=at("2026-03-02 17:00"), reason="Quá tải"
    )
    assert dossier.events.latest("pk").data["on_time"] is False


def test_the_apology_deadline_skips_the_tet_holiday(world, now):
    world.licence_case.processing_amount = 1
    world.licence_case.save()
    now("2026-02-13 09:00")  # Friday before Tết: one working day runs to Monday 23/02
    dossier = received(world)
    assert dossier.due_at == at("2026-02-23 09:00")
    now("2026-02-13 16:30")  # the last working day before the due date
    dossier = dossier_extend(
        dossier=dossier, user=world.leader, new_due_at=at("2026-02-25 17:00"), reason="Lý do"
    )
    data = dossier.events.latest("pk").data
    assert (data["apology_deadline"], data["on_time"]) == ("2026-02-13", True)


def test_stop_at_the_citizens_request_while_no_result_exists(world, now):
    dossier = received(world)
    dossier_forward(dossier=dossier, user=world.counter)
    now("2026-02-12 09:00")
    dossier_request_supplement(dossier=dossier, user=world.officer, items=["Đơn"], reason="Thiếu")
    with refused(E.FUTURE_DATE):
        dossier_stop(
            dossier=dossier, user=world.counter, reason="x", requested_on=dt.date(2026, 2, 13)
        )
    with refused(E.REASON_REQUIRED):
        dossier_stop(dossier=dossier, user=world.counter, reason="")
    dossier = dossier_stop(
        dossier=dossier,
        user=world.counter,
        reason="Công dân đề nghị dừng giải quyết",
        requested_on=dt.date(2026, 2, 12),
    )
    dossier = fresh(dossier)
    assert dossier.status == DossierStatus.STOPPED
    assert national_status(dossier.status) == NationalStatus.STOPPED
    assert dossier.closed_at == at("2026-02-12 09:00") and dossier.current_step is None
    assert not dossier.clock_pauses.filter(ended_at__isnull=True).exists()
    assert not dossier.steps.filter(started_at__isnull=False, finished_at__isnull=True).exists()
    assert dossier.events.latest("pk").data["requested_on"] == "2026-02-12"
    with refused(E.INVALID_TRANSITION):
        dossier_submit_supplement(dossier=dossier, user=world.citizen)


def test_no_stop_once_resolved(world, now):
    dossier = at_approval(world, now)
    dossier_approve(dossier=dossier, user=world.leader, results=[RESULT])
    with refused(E.INVALID_TRANSITION):
        dossier_stop(dossier=dossier, user=world.counter, reason="Xin dừng")
