"""Due-soon and overdue reminders: the right people, once per due moment, pluggable channel."""

from __future__ import annotations

import io

from django.core import mail
from django.core.management import call_command

from motcua.dossiers.constants import NoticeKind
from motcua.dossiers.models import DeadlineNotice
from motcua.dossiers.services import dossier_accept, dossier_assign, dossier_extend, dossier_forward
from motcua.dossiers.services.notices import deadline_reminders_send
from motcua.dossiers.tasks import deadline_reminders

from .conftest import application, at


def _assigned(world):
    dossier = dossier_accept(user=world.counter, application=application(world))
    dossier_forward(dossier=dossier, user=world.counter)
    return dossier_assign(dossier=dossier, user=world.head, assignee=world.officer)


class Recorder:
    channel = "test"

    def __init__(self, *, fail: bool = False):
        self.sent: list[tuple[str, str]] = []
        self.fail = fail

    def reaches(self, user) -> bool:
        return True

    def send(self, *, user, subject: str, body: str) -> None:
        if self.fail:
            raise ConnectionError("gateway down")
        self.sent.append((user.username, subject))


def test_due_soon_reaches_the_assigned_officer_once(world, now):
    dossier = _assigned(world)  # due Wednesday 25/02 09:00
    now("2026-02-24 10:00")
    assert deadline_reminders_send() == 1
    assert [m.to for m in mail.outbox] == [[world.officer.email]]
    message = mail.outbox[0]
    assert dossier.code in message.subject
    assert "09:00 25/02/2026" in message.body
    assert "Thẩm định hồ sơ" in message.body
    notice = DeadlineNotice.objects.get()
    assert (notice.kind, notice.recipient, notice.channel) == (
        NoticeKind.DUE_SOON,
        world.officer,
        "email",
    )
    assert deadline_reminders_send() == 0  # idempotent
    assert len(mail.outbox) == 1


def test_overdue_also_reaches_the_supervisors(world, now):
    _assigned(world)
    now("2026-02-25 10:00")
    assert deadline_reminders_send() == 3
    assert sorted(m.to[0] for m in mail.outbox) == sorted(
        [world.officer.email, world.head.email, world.leader.email]
    )
    assert deadline_reminders_send() == 0


def test_unassigned_dossiers_go_to_the_supervisors_of_the_agency_holding_them(world, now):
    dossier = dossier_accept(user=world.counter, application=application(world))
    dossier_forward(dossier=dossier, user=world.counter)
    now("2026-02-24 10:00")
    recorder = Recorder()
    assert deadline_reminders_send(notifiers={"test": recorder}) == 2
    assert sorted(name for name, _ in recorder.sent) == ["giam_doc", "truong_phong"]


def test_a_new_due_moment_is_reminded_about_again(world, now):
    dossier = _assigned(world)
    now("2026-02-24 10:00")
    deadline_reminders_send()
    dossier_extend(
        dossier=dossier, user=world.leader, new_due_at=at("2026-02-26 17:00"), reason="Xác minh"
    )
    now("2026-02-26 09:00")
    assert deadline_reminders_send() == 1
    assert DeadlineNotice.objects.filter(due_at=at("2026-02-26 17:00")).count() == 1


def test_a_failed_send_is_not_recorded_and_is_retried(world, now):
    _assigned(world)
    now("2026-02-24 10:00")
    assert deadline_reminders_send(notifiers={"test": Recorder(fail=True)}) == 0
    assert not DeadlineNotice.objects.exists()
    working = Recorder()
    assert deadline_reminders_send(notifiers={"test": working}) == 1
    assert working.sent == [
        ("chuyen_vien", f"Hồ sơ {DeadlineNotice.objects.get().dossier.code} sắp đến hạn")
    ]


def test_people_without_email_are_skipped_by_the_email_channel(world, now):
    _assigned(world)
    world.officer.email = ""
    world.officer.save(update_fields=["email"])
    now("2026-02-24 10:00")
    assert deadline_reminders_send() == 0


def test_the_task_and_the_command(world, now):
    _assigned(world)
    now("2026-02-24 10:00")
    assert deadline_reminders.call() == 1
    out = io.StringIO()
    call_command("dossier_deadline_reminders", stdout=out)  # immediate backend in tests
    assert out.getvalue().startswith("queued ")
    assert DeadlineNotice.objects.count() == 1
