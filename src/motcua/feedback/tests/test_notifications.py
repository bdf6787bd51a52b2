from django.core import mail

from motcua.feedback.services import (
    TicketInput,
    ticket_answer,
    ticket_assign,
    ticket_submit,
    ticket_transfer,
)


def send(world, email=""):
    return ticket_submit(
        data=TicketInput(
            category="quy-dinh",
            agency_id=world.justice.pk,
            title="T",
            content="N",
            contact_email=email,
        )
    )


def test_sender_with_an_email_is_told_of_the_answer_after_commit(
    world, django_capture_on_commit_callbacks
):
    ticket = send(world, "binh@example.test")
    with django_capture_on_commit_callbacks(execute=True):
        ticket = ticket_assign(ticket=ticket, actor=world.officer, assignee=world.officer)
    assert mail.outbox == []  # assignment is internal
    with django_capture_on_commit_callbacks(execute=True):
        ticket_answer(ticket=ticket, actor=world.officer, answer="Đã xử lý.")
    (message,) = mail.outbox
    assert message.to == ["binh@example.test"]
    assert message.subject == f"Phản ánh {ticket.code} của ông/bà đã được trả lời"
    assert f"/phan-anh/theo-doi/?ma={ticket.code}" in message.body


def test_transfer_is_told_and_anonymous_senders_get_nothing(
    world, django_capture_on_commit_callbacks
):
    with_email = send(world, "binh@example.test")
    without = send(world)
    with django_capture_on_commit_callbacks(execute=True):
        ticket_transfer(
            ticket=with_email, actor=world.officer, to_agency_id=world.finance.pk, reason="x"
        )
        ticket_transfer(
            ticket=without, actor=world.officer, to_agency_id=world.finance.pk, reason="x"
        )
    (message,) = mail.outbox
    assert "Sở Tài chính tỉnh Vĩnh Long" in message.subject
