import pytest

from motcua.core.models import AuditEvent
from motcua.feedback.constants import FeedbackAuditKind, TicketStatus
from motcua.feedback.errors import FeedbackError, FeedbackErrorCode
from motcua.feedback.models import FeedbackRule, Ticket
from motcua.feedback.selectors import ticket_handled_on_time, ticket_is_overdue
from motcua.feedback.services import (
    TicketInput,
    ticket_answer,
    ticket_assign,
    ticket_publish,
    ticket_rate,
    ticket_reject,
    ticket_submit,
    ticket_transfer,
)

from .conftest import at, make_dossier, snapshot


def data(world, **changes) -> TicketInput:
    values = {
        "category": "giai-quyet-tthc",
        "agency_id": world.justice.pk,
        "title": "Hồ sơ chậm trả kết quả",
        "content": "Tôi nộp hồ sơ đã lâu mà chưa có kết quả.",
        "contact_name": "Trần Thị Bình",
        "contact_phone": "0912 345 678",
        "publish_consent": True,
    }
    values.update(changes)
    return TicketInput(**values)


def refused(code, fn, **kwargs):
    before = snapshot()
    with pytest.raises(FeedbackError) as caught:
        fn(**kwargs)
    assert caught.value.code == code, caught.value.message
    assert snapshot() == before
    return caught.value


def test_anonymous_submission_gets_a_code_and_a_due_date_in_working_days_across_tet(world):
    # given: received Wed 11/02/2026 09:00; Mon 16 – Fri 20/02 are the Tết holidays
    ticket = ticket_submit(data=data(world, contact_name="", contact_phone=""))
    # then: 10 working days later, skipping Tết and two weekends
    assert ticket.due_at == at("2026-03-04 09:00")
    assert ticket.code.startswith("PA-260211-") and len(ticket.code) == 18
    assert ticket.submitter is None and ticket.contact_name == ""
    assert ticket.status == TicketStatus.RECEIVED
    assert list(ticket.events.values_list("kind", flat=True)) == ["received"]


def test_the_deadline_is_data(world):
    FeedbackRule.objects.create(
        valid_from=at("2026-01-01 00:00").date(), rating_change_days=7, ticket_due_working_days=3
    )
    ticket = ticket_submit(data=data(world))
    assert ticket.due_at == at("2026-02-23 09:00")  # Thu, Fri, (Tết week), Mon


def test_signed_in_citizen_submission_links_account_and_dossier(world):
    dossier = make_dossier(world)
    ticket = ticket_submit(
        data=data(world, contact_name="", contact_phone="", dossier_code=dossier.code.lower()),
        submitter=world.citizen,
    )
    assert ticket.submitter == world.citizen
    assert ticket.contact_name == "Trần Thị Bình"
    assert ticket.contact_email == "binh@example.test"
    assert ticket.dossier == dossier


@pytest.mark.parametrize(
    ("changes", "code", "field"),
    [
        ({"category": "khac"}, FeedbackErrorCode.UNKNOWN_CATEGORY, "category"),
        ({"agency_id": 999999}, FeedbackErrorCode.UNKNOWN_AGENCY, "agency"),
        ({"title": "   "}, FeedbackErrorCode.TEXT_REQUIRED, "title"),
        ({"content": "x" * 5001}, FeedbackErrorCode.TEXT_TOO_LONG, "content"),
        ({"dossier_code": "H61.17-000000-0000"}, FeedbackErrorCode.UNKNOWN_DOSSIER, "dossier_code"),
        ({"contact_phone": "12ab"}, FeedbackErrorCode.INVALID_PHONE, "contact_phone"),
        ({"contact_email": "binh@"}, FeedbackErrorCode.INVALID_EMAIL, "contact_email"),
    ],
    ids=[
        "category_case",
        "agency_case",
        "title_case",
        "content_case",
        "dossier_case",
        "phone_case",
        "email_case",
    ],
)
def test_bad_submissions_are_refused_in_vietnamese_and_write_nothing(world, changes, code, field):
    error = refused(code, ticket_submit, data=data(world, **changes))
    assert error.field == field
    assert any(ch in error.message for ch in "ạảáàơưđếệộố")


@pytest.fixture
def ticket(world):
    return ticket_submit(data=data(world))


def test_full_handling_answered_on_time_published_and_rated(world, ticket, now):
    ticket = ticket_assign(ticket=ticket, actor=world.head, assignee=world.officer)
    assert ticket.status == TicketStatus.ASSIGNED and ticket.assignee == world.officer
    now("2026-03-04 16:00")  # the due day, after the due moment: still on time by date
    ticket = ticket_answer(ticket=ticket, actor=world.officer, answer="Hồ sơ đã được trả.")
    assert ticket.status == TicketStatus.ANSWERED
    assert ticket_handled_on_time(ticket) is True
    ticket = ticket_publish(ticket=ticket, actor=world.officer)
    assert ticket.status == TicketStatus.PUBLISHED and ticket.published_at is not None
    ticket = ticket_rate(ticket=ticket, rating="satisfied")
    assert ticket.handling_rating == "satisfied"
    assert list(ticket.events.values_list("kind", flat=True)) == [
        "received",
        "assigned",
        "answered",
        "published",
        "rated",
    ]
    assert AuditEvent.objects.filter(kind=FeedbackAuditKind.TICKET_ACTED).count() == 3
    refused(FeedbackErrorCode.ALREADY_RATED, ticket_rate, ticket=ticket, rating="not_satisfied")


def test_answer_after_the_due_date_is_late_and_open_tickets_become_overdue(world, ticket, now):
    assert not ticket_is_overdue(ticket)
    now("2026-03-04 09:01")
    assert ticket_is_overdue(ticket)
    ticket = ticket_assign(ticket=ticket, actor=world.officer, assignee=world.officer)
    now("2026-03-05 08:00")
    ticket = ticket_answer(ticket=ticket, actor=world.officer, answer="Xin lỗi vì chậm trễ.")
    assert ticket_handled_on_time(ticket) is False
    assert not ticket_is_overdue(ticket)


def test_transfer_moves_the_ticket_to_another_agency_which_then_handles_it(world, ticket):
    ticket = ticket_assign(ticket=ticket, actor=world.officer, assignee=world.officer)
    ticket = ticket_transfer(
        ticket=ticket,
        actor=world.officer,
        to_agency_id=world.finance.pk,
        reason="Thuộc thẩm quyền Sở Tài chính",
    )
    assert ticket.status == TicketStatus.TRANSFERRED
    assert ticket.agency == world.finance and ticket.assignee is None
    assert ticket.due_at == at("2026-03-04 09:00")  # the citizen's clock keeps running
    # the first agency cannot act any more; the new one can
    refused(
        FeedbackErrorCode.FORBIDDEN, ticket_reject, ticket=ticket, actor=world.officer, reason="x"
    )
    ticket = ticket_assign(
        ticket=ticket, actor=world.finance_leader, assignee=world.finance_officer
    )
    ticket = ticket_answer(ticket=ticket, actor=world.finance_officer, answer="Đã xử lý.")
    assert ticket.status == TicketStatus.ANSWERED


def test_reject_needs_a_reason(world, ticket):
    error = refused(
        FeedbackErrorCode.REASON_REQUIRED,
        ticket_reject,
        ticket=ticket,
        actor=world.officer,
        reason=" ",
    )
    assert error.message == "Hãy nêu lý do."
    ticket = ticket_reject(ticket=ticket, actor=world.officer, reason="Nội dung không rõ ràng")
    assert ticket.status == TicketStatus.REJECTED and ticket.handled_at is not None
    refused(FeedbackErrorCode.NOT_ANSWERED, ticket_rate, ticket=ticket, rating="satisfied")


@pytest.mark.parametrize(
    "actor_name",
    ["finance_officer", "counter_far", "monitor", "citizen"],
    ids=["other_agency_case", "other_province_case", "monitoring_read_only_case", "citizen_case"],
)
def test_only_staff_processing_for_the_agency_may_act(world, ticket, actor_name):
    actor = getattr(world, actor_name)
    refused(
        FeedbackErrorCode.FORBIDDEN,
        ticket_assign,
        ticket=ticket,
        actor=actor,
        assignee=world.officer,
    )
    refused(FeedbackErrorCode.FORBIDDEN, ticket_reject, ticket=ticket, actor=actor, reason="Không")
    refused(
        FeedbackErrorCode.FORBIDDEN,
        ticket_transfer,
        ticket=ticket,
        actor=actor,
        to_agency_id=world.finance.pk,
        reason="x",
    )


def test_assignee_must_work_in_the_agency_and_only_they_or_a_head_answer(world, ticket):
    refused(
        FeedbackErrorCode.ASSIGNEE_NOT_IN_AGENCY,
        ticket_assign,
        ticket=ticket,
        actor=world.officer,
        assignee=world.finance_officer,
    )
    ticket = ticket_assign(ticket=ticket, actor=world.officer, assignee=world.officer)
    refused(
        FeedbackErrorCode.FORBIDDEN, ticket_answer, ticket=ticket, actor=world.officer2, answer="x"
    )
    ticket = ticket_answer(ticket=ticket, actor=world.head, answer="Trả lời thay.")
    assert ticket.status == TicketStatus.ANSWERED


def test_workflow_table_refuses_out_of_order_actions(world, ticket):
    refused(
        FeedbackErrorCode.INVALID_TRANSITION,
        ticket_answer,
        ticket=ticket,
        actor=world.head,
        answer="x",
    )
    refused(
        FeedbackErrorCode.INVALID_TRANSITION, ticket_publish, ticket=ticket, actor=world.officer
    )
    refused(FeedbackErrorCode.NOT_ANSWERED, ticket_rate, ticket=ticket, rating="satisfied")
    refused(
        FeedbackErrorCode.SAME_AGENCY,
        ticket_transfer,
        ticket=ticket,
        actor=world.officer,
        to_agency_id=world.justice.pk,
        reason="x",
    )


def test_publication_needs_the_senders_consent(world):
    ticket = ticket_submit(data=data(world, publish_consent=False))
    ticket = ticket_assign(ticket=ticket, actor=world.officer, assignee=world.officer)
    ticket = ticket_answer(ticket=ticket, actor=world.officer, answer="Đã trả lời.")
    refused(
        FeedbackErrorCode.NO_PUBLISH_CONSENT, ticket_publish, ticket=ticket, actor=world.officer
    )
    assert Ticket.objects.get().published_at is None
