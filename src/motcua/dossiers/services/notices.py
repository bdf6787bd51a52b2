"""Deadline reminders: who is told that a dossier is due soon or overdue, once each.

Recipients: the officer the dossier is assigned to; when nobody is, the heads of
department and leaders of the agency holding it. An overdue dossier also reaches those
supervisors when it is assigned. Each reminder is recorded (``DeadlineNotice``) before
it is sent, in one small transaction per reminder: a reminder that fails to send is
rolled back and tried again on the next run, one that was sent is never sent again for
the same due moment. A new due moment (pause, extension) may be reminded about again.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

from django.conf import settings
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

import structlog

from motcua.accounts.models import RoleAssignment

from ..constants import NoticeKind
from ..models import DeadlineNotice, Dossier
from ..notifications import NOTIFIERS, Notifier
from ..selectors import dossiers_due_soon, dossiers_overdue
from ..workflow import SUPERVISORS

log = structlog.get_logger("motcua.dossiers")


def _recipients(dossier: Dossier, kind: NoticeKind, *, today: dt.date) -> list:
    people = []
    if dossier.assignee is not None and dossier.assignee.is_active:
        people.append(dossier.assignee)
    if not people or kind == NoticeKind.OVERDUE:
        supervisors = (
            RoleAssignment.objects.active_on(today)
            .filter(agency_id=dossier.current_agency_id, role__in=SUPERVISORS, user__is_active=True)
            .select_related("user")
            .order_by("user_id")
        )
        people.extend(role.user for role in supervisors)
    unique = {person.pk: person for person in people}
    return list(unique.values())


def _message(dossier: Dossier, kind: NoticeKind) -> tuple[str, str]:
    due = timezone.localtime(dossier.due_at).strftime("%H:%M %d/%m/%Y")
    values = {
        "code": dossier.code,
        "procedure": dossier.procedure_version.name,
        "applicant": dossier.applicant_name,
        "due": due,
        "step": dossier.current_step.name if dossier.current_step else "",
    }
    if kind == NoticeKind.OVERDUE:
        subject = _("Dossier %(code)s is overdue") % values
        lead = _("The dossier %(code)s was due at %(due)s and is not resolved yet.") % values
    else:
        subject = _("Dossier %(code)s is due soon") % values
        lead = _("The dossier %(code)s is due at %(due)s.") % values
    details = (
        _("Procedure: %(procedure)s\nApplicant: %(applicant)s\nCurrent step: %(step)s") % values
    )
    return subject, f"{lead}\n\n{details}\n"


def _send_once(
    dossier: Dossier, kind: NoticeKind, user, notifier: Notifier, now: dt.datetime
) -> int:
    try:
        with transaction.atomic():
            _, created = DeadlineNotice.objects.get_or_create(
                dossier=dossier,
                kind=kind,
                due_at=dossier.due_at,
                recipient=user,
                channel=notifier.channel,
                defaults={"sent_at": now},
            )
            if created:
                subject, body = _message(dossier, kind)
                notifier.send(user=user, subject=subject, body=body)
    except Exception:  # one unreachable person must not stop the others; retried next run
        log.exception("dossier_notice_failed", dossier_id=dossier.pk, kind=kind, user_id=user.pk)
        return 0
    return int(created)


def deadline_reminders_send(
    *, now: dt.datetime | None = None, notifiers: Mapping[str, Notifier] | None = None
) -> int:
    """Send every due-soon and overdue reminder not sent yet; the number sent."""
    now = now or timezone.now()
    channels = list((NOTIFIERS if notifiers is None else notifiers).values())
    today = timezone.localdate(now)
    sent = 0
    batches = (
        (NoticeKind.OVERDUE, dossiers_overdue(now=now)),
        (NoticeKind.DUE_SOON, dossiers_due_soon(now=now)),
    )
    with translation.override(settings.LANGUAGE_CODE):
        for kind, dossiers in batches:
            for dossier in dossiers.select_related("assignee", "procedure_version", "current_step"):
                for user in _recipients(dossier, kind, today=today):
                    for notifier in channels:
                        if notifier.reaches(user):
                            sent += _send_once(dossier, kind, user, notifier, now)
    log.info("dossier_reminders_sent", sent=sent)
    return sent
