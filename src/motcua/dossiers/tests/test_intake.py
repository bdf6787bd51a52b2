"""Intake: submission, the counter's check, receipt with code and due moment, completion
requested once, refusal, withdrawal — and every bad input refused with nothing written."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest

from motcua.catalog.constants import Handling, OnlineLevel
from motcua.dossiers.constants import (
    ApplicantKind,
    Channel,
    DigitisationStatus,
    DossierStatus,
    EventKind,
    PaymentStatus,
    SyncStatus,
)
from motcua.dossiers.error_codes import DossierErrorCode as E
from motcua.dossiers.inputs import ComponentInput
from motcua.dossiers.models import Dossier, DossierCodeCounter
from motcua.dossiers.services import (
    dossier_accept,
    dossier_refuse,
    dossier_request_completion,
    dossier_submit,
    dossier_submit_completion,
    dossier_withdraw,
)

from .conftest import REPRESENTATIVE_ID, applicant, application, at, components, joint_application
from .helpers import fresh, kinds, refused


def online(world, **changes):
    return application(world, channel=Channel.ONLINE, delivery_channel="online", **changes)


# --- Receipt at the counter ---------------------------------------------------------------


def test_counter_intake_issues_the_code_due_moment_steps_and_receipt_event(world):
    # given Wednesday 11/02/2026 09:00, just before Tết (16-20/02 off)
    # when
    dossier = dossier_accept(user=world.counter, application=application(world))
    # then
    dossier = fresh(dossier)
    assert dossier.code == "H61.17-260211-0001"
    assert dossier.status == DossierStatus.RECEIVED
    assert dossier.received_at == at("2026-02-11 09:00")
    # 5 working days: 12, 13, then 23, 24, 25 February after the Tết week
    assert dossier.due_at == dossier.due_at_original == at("2026-02-25 09:00")
    assert dossier.owner == world.citizen  # linked by the identification number
    assert dossier.summary == world.licence.name
    assert dossier.supplement_clock == "pause"
    assert dossier.current_agency == world.centre
    steps = list(dossier.steps.order_by("position"))
    assert [(s.position, s.agency, s.role) for s in steps] == [
        (1, world.centre, "counter_officer"),
        (2, world.justice, "processing_officer"),
        (3, world.justice, "agency_leader"),
    ]
    assert steps[1].department == world.department  # matched by name, case-insensitive
    assert dossier.current_step == steps[0]
    assert (steps[0].started_at, steps[0].due_at) == (
        at("2026-02-11 09:00"),
        at("2026-02-11 11:00"),
    )
    assert steps[1].started_at is None
    assert sorted(dossier.components.values_list("component_id", "copies")) == [
        (world.form.pk, 1),
        (world.id_copy.pk, 2),
    ]
    assert dossier.digitisation_status == DigitisationStatus.NOT_DIGITISED
    event = dossier.events.get()
    assert (event.kind, event.from_status, event.to_status) == (
        EventKind.RECEIVED,
        "",
        DossierStatus.RECEIVED,
    )
    assert (event.actor, event.actor_role, event.actor_agency) == (
        world.counter,
        "counter_officer",
        world.centre,
    )
    assert event.step == steps[0] and event.step_due_at == at("2026-02-11 11:00")
    assert event.data["code"] == dossier.code


def test_codes_count_per_agency_and_day_and_never_repeat(world, now):
    first = dossier_accept(user=world.counter, application=application(world))
    second = dossier_accept(user=world.counter, application=application(world))
    other_centre = dossier_accept(
        user=world.counter_commune,
        application=joint_application(world, receiving_agency=world.commune_centre),
    )
    now("2026-02-12 08:00")
    next_day = dossier_accept(user=world.counter, application=application(world))
    assert [first.code, second.code, other_centre.code, next_day.code] == [
        "H61.17-260211-0001",
        "H61.17-260211-0002",
        "H61.298.01-260211-0001",
        "H61.17-260212-0001",
    ]
    assert DossierCodeCounter.objects.filter(agency_code="H61.17").count() == 2


def test_sequence_grows_beyond_four_digits(world):
    DossierCodeCounter.objects.create(agency_code="H61.17", day=dt.date(2026, 2, 11), last=9999)
    dossier = dossier_accept(user=world.counter, application=application(world))
    assert dossier.code == "H61.17-260211-10000"


def test_after_the_cut_off_the_clock_starts_next_working_morning(world, now):
    now("2026-02-13 15:30")  # Friday, after 15:00, before the Tết week
    dossier = fresh(dossier_accept(user=world.counter, application=application(world)))
    assert dossier.code == "H61.17-260213-0001"  # the code carries the day of receipt
    # clock from Monday 23/02 07:00; 5 working days later: Monday 02/03 07:00
    assert dossier.due_at == at("2026-03-02 07:00")
    assert dossier.current_step.started_at == at("2026-02-23 07:00")


def test_fee_collected_at_the_counter_is_recorded(world):
    dossier = dossier_accept(user=world.counter, application=application(world), fee_paid=True)
    assert fresh(dossier).payment_status == PaymentStatus.PAID


def test_counter_intake_with_the_same_idempotency_key_returns_the_first_dossier(world):
    first = dossier_accept(user=world.counter, application=application(world), idempotency_key="k1")
    again = dossier_accept(user=world.counter, application=application(world), idempotency_key="k1")
    assert again.pk == first.pk
    assert Dossier.objects.count() == 1
    assert first.events.count() == 1
    assert DossierCodeCounter.objects.get().last == 1


# --- Online submission and the counter's check ------------------------------------------


def test_online_submission_waits_for_the_counter_and_gets_the_online_deadline(world, now):
    dossier = dossier_submit(application=online(world), user=world.citizen)
    dossier = fresh(dossier)
    assert dossier.status == DossierStatus.SUBMITTED
    assert dossier.code is None and dossier.received_at is None and dossier.due_at is None
    assert dossier.owner == world.citizen
    assert dossier.submitted_at == at("2026-02-11 09:00")
    # Handed in electronically: nothing to scan.
    assert dossier.digitisation_status == DigitisationStatus.DIGITISED
    assert kinds(dossier) == [EventKind.SUBMITTED]
    assert not dossier.steps.exists()

    now("2026-02-12 16:00")  # checked after the cut-off
    dossier = fresh(dossier_accept(user=world.counter, dossier=dossier))
    assert dossier.status == DossierStatus.RECEIVED
    assert dossier.code == "H61.17-260212-0001"
    # 4 online working days from Friday 13/02 07:00: 23, 24, 25, 26 February
    assert dossier.due_at == at("2026-02-26 07:00")
    assert kinds(dossier) == [EventKind.SUBMITTED, EventKind.RECEIVED]


def test_a_representative_submits_online_for_the_applicant(world):
    world.citizen.identification_number = REPRESENTATIVE_ID
    world.citizen.save(update_fields=["identification_number"])
    app = online(
        world,
        applicant=applicant(
            representative_name="Trần Thị Bình",
            representative_id_number=REPRESENTATIVE_ID,
            authorisation="Giấy ủy quyền số 12/2026 ngày 02/02/2026",
            id_number="086090012345",
        ),
        components=components(world, with_power=True),
    )
    dossier = dossier_submit(application=app, user=world.citizen)
    assert fresh(dossier).representative_id_number == REPRESENTATIVE_ID


def test_online_retry_with_the_same_key_gets_the_same_dossier(world):
    first = dossier_submit(application=online(world), user=world.citizen, idempotency_key="abc")
    again = dossier_submit(application=online(world), user=world.citizen, idempotency_key="abc")
    assert again.pk == first.pk
    assert Dossier.objects.count() == 1 and first.events.count() == 1


def test_the_same_key_for_another_request_is_a_conflict(world):
    dossier_submit(application=online(world), user=world.citizen, idempotency_key="abc")
    other = application(world, case=world.joint_case, channel=Channel.ONLINE)
    with refused(E.IDEMPOTENCY_CONFLICT):
        dossier_submit(application=other, user=world.citizen, idempotency_key="abc")


def test_keys_are_per_client(world):
    first = dossier_accept(user=world.counter, application=application(world), idempotency_key="x")
    dossier_submit(application=online(world), user=world.citizen, idempotency_key="x")
    assert Dossier.objects.exclude(pk=first.pk).count() == 1


def test_dossier_from_the_national_portal_is_registered_by_the_centre(world):
    app = application(
        world,
        channel=Channel.NATIONAL_PORTAL,
        alternative_code="G22.99-260211-00042",
        submitted_at=at("2026-02-10 20:15"),
        delivery_channel="online",
    )
    dossier = fresh(dossier_submit(application=app, user=world.counter))
    assert dossier.alternative_code == "G22.99-260211-00042"
    assert dossier.submitted_at == at("2026-02-10 20:15")
    assert dossier.sync_status == SyncStatus.PENDING
    assert dossier.owner == world.citizen


# --- Completion before receipt, refusal, withdrawal -------------------------------------


def test_completion_is_requested_once_then_the_dossier_is_checked_again(world):
    dossier = dossier_submit(application=online(world), user=world.citizen)
    dossier = dossier_request_completion(
        dossier=dossier,
        user=world.counter,
        items=["Tờ khai thiếu chữ ký", " ", "Bản sao giấy tờ nhân thân không rõ"],
        reason="Hồ sơ chưa đầy đủ",
    )
    assert dossier.status == DossierStatus.AWAITING_COMPLETION
    event = dossier.events.latest("pk")
    assert event.data["items"] == ["Tờ khai thiếu chữ ký", "Bản sao giấy tờ nhân thân không rõ"]
    assert event.note == "Hồ sơ chưa đầy đủ"

    dossier = dossier_submit_completion(
        dossier=dossier,
        user=world.citizen,
        components=components(world, with_power=True),
        form_data={"organisation_name": "Văn phòng công chứng Cái Nhum mới"},
    )
    assert dossier.status == DossierStatus.SUBMITTED
    assert fresh(dossier).components.count() == 3
    assert fresh(dossier).form_data == {"organisation_name": "Văn phòng công chứng Cái Nhum mới"}

    with refused(E.ALREADY_REQUESTED):
        dossier_request_completion(
            dossier=dossier, user=world.counter, items=["Thêm"], reason="Lần hai"
        )
    dossier = dossier_accept(user=world.counter, dossier=dossier)
    assert dossier.code == "H61.17-260211-0001"
    assert kinds(dossier) == [
        EventKind.SUBMITTED,
        EventKind.INTAKE_SUPPLEMENT_REQUESTED,
        EventKind.COMPLETION_SUBMITTED,
        EventKind.RECEIVED,
    ]


def test_completion_request_needs_items_and_a_reason(world):
    dossier = dossier_submit(application=online(world), user=world.citizen)
    with refused(E.ITEMS_REQUIRED):
        dossier_request_completion(dossier=dossier, user=world.counter, items=[" "], reason="x")
    with refused(E.REASON_REQUIRED):
        dossier_request_completion(dossier=dossier, user=world.counter, items=["a"], reason=" ")


def test_refusal_needs_reasons_and_closes_without_a_code(world):
    dossier = dossier_submit(application=online(world), user=world.citizen)
    with refused(E.REASON_REQUIRED):
        dossier_refuse(dossier=dossier, user=world.counter, reasons="   ")
    dossier = dossier_refuse(
        dossier=dossier, user=world.counter, reasons="Không thuộc thẩm quyền giải quyết"
    )
    dossier = fresh(dossier)
    assert dossier.status == DossierStatus.REFUSED
    assert dossier.code is None and dossier.closed_at == at("2026-02-11 09:00")
    assert dossier.events.latest("pk").note == "Không thuộc thẩm quyền giải quyết"
    with refused(E.INVALID_TRANSITION) as caught:
        dossier_accept(user=world.counter, dossier=dossier)
    assert str(DossierStatus.REFUSED.label) in caught.value.message


def test_the_applicant_withdraws_before_receipt(world):
    dossier = dossier_submit(application=online(world), user=world.citizen)
    dossier = dossier_withdraw(dossier=dossier, user=world.citizen, reason="Không còn nhu cầu")
    assert fresh(dossier).status == DossierStatus.WITHDRAWN
    assert fresh(dossier).closed_at is not None


def test_a_received_dossier_cannot_be_withdrawn_only_stopped(world):
    dossier = dossier_accept(user=world.counter, application=application(world))
    with refused(E.INVALID_TRANSITION):
        dossier_withdraw(dossier=dossier, user=world.citizen)


# --- Where a dossier may be received ------------------------------------------------------


def test_a_procedure_not_boundary_free_is_received_where_the_competent_agency_is(world):
    app = application(world, receiving_agency=world.commune_centre)
    with refused(E.OUTSIDE_BOUNDARY):
        dossier_accept(user=world.counter_commune, application=app)


def test_a_boundary_free_procedure_is_received_anywhere_in_the_province(world):
    app = joint_application(world, receiving_agency=world.commune_centre)
    dossier = dossier_accept(user=world.counter_commune, application=app)
    assert dossier.receiving_agency == world.commune_centre
    assert dossier.competent_agency == world.justice
    far = joint_application(world, receiving_agency=world.far)
    with refused(E.OUTSIDE_BOUNDARY):
        dossier_accept(user=world.counter_far, application=far)


# --- Bad input: a clear error, nothing written -------------------------------------------


def _bad_applicant(world, **changes):
    return application(world, applicant=applicant(**changes))


BAD_INPUT = {
    "personal_id_too_short": (
        E.INVALID_IDENTIFIER,
        lambda w: _bad_applicant(w, id_number="08618501234"),
    ),
    "birth_year_in_future": (
        E.INVALID_IDENTIFIER,
        lambda w: _bad_applicant(w, id_number="086299012345"),
    ),
    "unknown_birth_province": (
        E.INVALID_IDENTIFIER,
        lambda w: _bad_applicant(w, id_number="003185012345"),
    ),
    "tax_code_check_digit": (
        E.INVALID_IDENTIFIER,
        lambda w: _bad_applicant(w, kind=ApplicantKind.ORGANISATION, id_number="0101248142"),
    ),
    "representative_bad_id": (
        E.INVALID_IDENTIFIER,
        lambda w: _bad_applicant(
            w, representative_name="A", representative_id_number="123", authorisation="GUQ 1"
        ),
    ),
    "name_missing": (E.APPLICANT_INCOMPLETE, lambda w: _bad_applicant(w, name="  ")),
    "id_missing": (E.APPLICANT_INCOMPLETE, lambda w: _bad_applicant(w, id_number="")),
    "representative_without_authorisation": (
        E.APPLICANT_INCOMPLETE,
        lambda w: _bad_applicant(
            w, representative_name="Trần Văn Dũng", representative_id_number=REPRESENTATIVE_ID
        ),
    ),
    "bad_email": (E.INVALID_CONTACT, lambda w: _bad_applicant(w, email="binh@")),
    "bad_phone": (E.INVALID_CONTACT, lambda w: _bad_applicant(w, phone="12ab")),
    "component_of_another_case": (
        E.COMPONENT_NOT_IN_CASE,
        lambda w: application(w, components=[*components(w), ComponentInput(w.joint_form.pk)]),
    ),
    "component_twice": (
        E.COMPONENT_DUPLICATE,
        lambda w: application(w, components=[*components(w), ComponentInput(w.form.pk)]),
    ),
    "mandatory_component_missing": (
        E.COMPONENT_MISSING,
        lambda w: application(w, components=[ComponentInput(w.form.pk)]),
    ),
    "zero_copies": (
        E.INVALID_COPIES,
        lambda w: application(
            w, components=[ComponentInput(w.form.pk), ComponentInput(w.id_copy.pk, copies=0)]
        ),
    ),
    "agency_not_competent": (
        E.AGENCY_NOT_COMPETENT,
        lambda w: application(w, competent_agency=w.finance),
    ),
    "online_channel_at_the_counter": (E.CHANNEL_NOT_ALLOWED, lambda w: online(w)),
    "delivery_channel_of_another_case": (
        E.DELIVERY_CHANNEL_NOT_ALLOWED,
        lambda w: joint_application(w, delivery_channel="online"),
    ),
    "form_unknown_field": (
        E.FORM_DATA_INVALID,
        lambda w: application(w, form_data={"organisation_name": "X", "extra": 1}),
    ),
    "form_required_missing": (E.FORM_DATA_INVALID, lambda w: application(w, form_data={})),
    "form_wrong_type": (
        E.FORM_DATA_INVALID,
        lambda w: application(w, form_data={"organisation_name": "X", "staff_count": "ba"}),
    ),
    "form_below_minimum": (
        E.FORM_DATA_INVALID,
        lambda w: application(w, form_data={"organisation_name": "X", "staff_count": 0}),
    ),
    "form_bad_personal_id": (
        E.FORM_DATA_INVALID,
        lambda w: application(w, form_data={"organisation_name": "X", "director_id": "1"}),
    ),
    "form_not_an_object": (E.FORM_DATA_INVALID, lambda w: application(w, form_data=["x"])),
}


@pytest.mark.parametrize("case", BAD_INPUT, ids=lambda c: f"{c}_case")
def test_bad_input_is_refused_and_nothing_is_written(world, case):
    code, build = BAD_INPUT[case]
    with refused(code):
        dossier_accept(user=world.counter, application=build(world))


def test_messages_are_vietnamese_by_default(world):
    with refused(E.COMPONENT_MISSING) as caught:
        dossier_accept(user=world.counter, application=application(world, components=[]))
    assert caught.value.message.startswith("Còn thiếu thành phần hồ sơ bắt buộc")
    assert world.id_copy.name in caught.value.message


def test_a_version_no_longer_in_force_is_refused(world):
    world.licence.valid_to = dt.date(2026, 2, 10)
    world.licence.save()
    with refused(E.VERSION_NOT_IN_FORCE):
        dossier_accept(user=world.counter, application=application(world))


def test_a_procedure_run_on_a_ministry_system_is_refused(world):
    world.licence.handling = Handling.MINISTRY_SYSTEM
    world.licence.save()
    with refused(E.HANDLED_ELSEWHERE):
        dossier_accept(user=world.counter, application=application(world))


def test_a_case_without_workflow_is_refused(world):
    world.licence_case.steps.all().delete()
    with refused(E.WORKFLOW_MISSING):
        dossier_accept(user=world.counter, application=application(world))


def test_an_agency_that_ended_cannot_receive(world):
    world.centre.valid_to = dt.date(2026, 1, 31)
    world.centre.save()
    with refused(E.AGENCY_NOT_IN_FORCE):
        dossier_accept(user=world.counter, application=application(world))


def test_national_portal_dossiers_need_the_portal_code_and_a_past_submission(world):
    app = application(world, channel=Channel.NATIONAL_PORTAL, delivery_channel="online")
    with refused(E.ALTERNATIVE_CODE_REQUIRED):
        dossier_submit(application=app, user=world.counter)
    future = dataclasses.replace(app, alternative_code="G22-1", submitted_at=at("2026-02-11 09:01"))
    with refused(E.FUTURE_DATE):
        dossier_submit(application=future, user=world.counter)
    naive = dataclasses.replace(
        app, alternative_code="G22-1", submitted_at=dt.datetime(2026, 2, 10, 9)
    )
    with refused(E.TIME_ZONE_MISSING):
        dossier_submit(application=naive, user=world.counter)


def test_online_submission_is_for_the_applicant_and_online_cases_only(world):
    with refused(E.NOT_THE_APPLICANT):
        dossier_submit(application=online(world), user=world.other_citizen)
    world.licence_case.online_level = OnlineLevel.NONE
    world.licence_case.save()
    with refused(E.CHANNEL_NOT_ALLOWED):
        dossier_submit(application=online(world), user=world.citizen)


def test_components_given_at_acceptance_are_checked_too(world):
    dossier = dossier_submit(application=online(world), user=world.citizen)
    with refused(E.COMPONENT_NOT_IN_CASE):
        dossier_accept(
            user=world.counter,
            dossier=dossier,
            components=[*components(world), ComponentInput(world.joint_form.pk)],
        )


def test_staff_cannot_submit_online_and_citizens_cannot_receive(world):
    with refused(E.FORBIDDEN):
        dossier_submit(application=online(world), user=world.counter)
    with refused(E.FORBIDDEN):
        dossier_accept(user=world.citizen, application=application(world))
