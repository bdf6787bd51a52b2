import io

from django.core import mail
from django.core.management import call_command

from motcua.feedback.models import TicketReminder
from motcua.feedback.reminders import ticket_reminders_send
from motcua.feedback.services import TicketInput, ticket_answer, ticket_assign, ticket_submit


def send(world):
    return ticket_submit(
        data=TicketInput(category="quy-dinh", agency_id=world.justice.pk, title="T", content="N")
    )


def test_reminders_due_soon_then_overdue_once_each(world, now):
    # given: received Wed 11/02 09:00, due Wed 04/03 09:00
    unassigned = send(world)
    assigned = ticket_assign(ticket=send(world), actor=world.officer, assignee=world.officer)
    assert ticket_reminders_send() == 0  # weeks away

    # two working days before: Mon 02/03 09:00 -> the officer, or the supervisors
    now("2026-03-02 09:00")
    sent = ticket_reminders_send()
    recipients = sorted((m.to[0], m.subject) for m in mail.outbox)
    assert sent == 3
    assert recipients == sorted(
        [
            ("chuyen_vien@example.test", f"Phản ánh {assigned.code} đến hạn lúc 09:00 04/03/2026"),
            (
                "truong_phong@example.test",
                f"Phản ánh {unassigned.code} đến hạn lúc 09:00 04/03/2026",
            ),
            ("giam_doc@example.test", f"Phản ánh {unassigned.code} đến hạn lúc 09:00 04/03/2026"),
        ]
    )
    assert ticket_reminders_send() == 0  # never twice

    # overdue: the officer and the supervisors hear of it
    now("2026-03-04 10:00")
    mail.outbox.clear()
    assert ticket_reminders_send() == 5
    assert all("quá hạn" in m.subject for m in mail.outbox)
    assert TicketReminder.objects.count() == 8


def test_the_command_runs_the_reminders_and_skips_handled_tickets(world, now, settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    handled = ticket_assign(ticket=send(world), actor=world.officer, assignee=world.officer)
    ticket_answer(ticket=handled, actor=world.officer, answer="Xong")
    still_open = ticket_assign(ticket=send(world), actor=world.officer2, assignee=world.officer2)
    now("2026-03-05 09:00")
    out = io.StringIO()
    call_command("feedback_reminders", stdout=out)
    assert out.getvalue().startswith("queued ")
    assert {m.to[0] for m in mail.outbox} == {
        "chuyen_vien_2@example.test",
        "truong_phong@example.test",
        "giam_doc@example.test",
    }
    assert all(still_open.code in m.subject for m in mail.outbox)
