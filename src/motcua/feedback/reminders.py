"""Reminders to officers: open tickets falling due soon, and overdue ones, once each.

Recipients: the officer in charge; when nobody is, the heads of department and leaders
of the agency holding the ticket. An overdue ticket also reaches those supervisors when
it is assigned. Each reminder is recorded before it is sent, in one small transaction:
a send that fails is rolled back and tried on the next run; one that went out is never
sent again. ``manage.py feedback_reminders`` queues the run (cron or a timer).
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

import structlog

from motcua.accounts.models import RoleAssignment
from motcua.workcalendar.selectors import work_calendar_get

from .access import SUPERVISOR_ROLES
from .constants import REMINDER_WORKING_DAYS, ReminderKind
from .models import Ticket, TicketReminder
from .workflow import OPEN

log = structlog.get_logger("motcua.feedback")


def _recipients(ticket: Ticket, kind: ReminderKind, today: dt.date) -> list:
    people = []
    if ticket.assignee is not None and ticket.assignee.is_active:
        people.append(ticket.assignee)
    if not people or kind == ReminderKind.OVERDUE:
        supervisors = (
            RoleAssignment.objects.active_on(today)
            .filter(agency_id=ticket.agency_id, role__in=SUPERVISOR_ROLES, user__is_active=True)
            .select_related("user")
            .order_by("user_id")
        )
        people.extend(role.user for role in supervisors)
    return list({person.pk: person for person in people if person.email}.values())


def _message(ticket: Ticket, kind: ReminderKind) -> tuple[str, str]:
    values = {
        "code": ticket.code,
        "title": ticket.title,
        "due": timezone.localtime(ticket.due_at).strftime("%H:%M %d/%m/%Y"),
        "url": settings.PUBLIC_BASE_URL + reverse("feedback:staff_detail", args=[ticket.pk]),
    }
    if kind == ReminderKind.OVERDUE:
        subject = _("Feedback %(code)s is overdue") % values
    else:
        subject = _("Feedback %(code)s falls due on %(due)s") % values
    body = _("%(title)s\nDue: %(due)s\nOpen: %(url)s") % values
    return subject, body


def ticket_reminders_send(*, now: dt.datetime | None = None) -> int:
    """Send what is due now; returns the number of emails sent."""
    now = now or timezone.now()
    today = timezone.localtime(now).date()
    sent = 0
    tickets = Ticket.objects.filter(status__in=OPEN).select_related("assignee", "agency")
    for ticket in tickets.order_by("due_at"):
        if ticket.due_at < now:
            kind = ReminderKind.OVERDUE
        else:
            soon = work_calendar_get(agency_id=ticket.agency_id).add_working_days(
                now, REMINDER_WORKING_DAYS
            )
            if ticket.due_at > soon:
                break  # ordered by due moment: the rest are further away
            kind = ReminderKind.DUE_SOON
        for person in _recipients(ticket, kind, today):
            sent += _send_once(ticket, kind, person, now)
    return sent


def _send_once(ticket: Ticket, kind: ReminderKind, person, now: dt.datetime) -> int:
    try:
        with transaction.atomic():
            TicketReminder.objects.create(ticket=ticket, kind=kind, recipient=person, sent_at=now)
            with translation.override(settings.LANGUAGE_CODE):
                subject, body = _message(ticket, kind)
            send_mail(subject, body, None, [person.email], fail_silently=False)
    except IntegrityError:
        return 0  # already reminded
    except Exception:
        log.exception("feedback_reminder_failed", code=ticket.code, user_id=person.pk)
        return 0
    return 1
