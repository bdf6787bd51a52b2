"""Tell the sender by email when their ticket is answered, not accepted or transferred.

Only when they left an email address; anonymous senders follow by code. Sent after the
transaction commits, so a rolled-back action never sends anything, and a mail server
that is down never undoes an answer (the failure is logged).
"""

from __future__ import annotations

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

import structlog

from .constants import TicketStatus
from .models import Ticket

log = structlog.stdlib.get_logger(__name__)

NOTIFIED = frozenset({TicketStatus.ANSWERED, TicketStatus.REJECTED, TicketStatus.TRANSFERRED})


def follow_url(ticket: Ticket) -> str:
    return f"{settings.PUBLIC_BASE_URL}{reverse('feedback:follow')}?ma={ticket.code}"


def _message(ticket: Ticket) -> tuple[str, str]:
    params = {"code": ticket.code, "agency": ticket.agency.name}
    if ticket.status == TicketStatus.ANSWERED:
        subject = _("Your feedback %(code)s has been answered") % params
    elif ticket.status == TicketStatus.REJECTED:
        subject = _("Your feedback %(code)s was not accepted") % params
    else:
        subject = _("Your feedback %(code)s was transferred to %(agency)s") % params
    body = _("Read it and rate the handling at: %(url)s") % {"url": follow_url(ticket)}
    return subject, body


def sender_notify(ticket: Ticket) -> None:
    """Queue the email for after the commit; nothing when no address or nothing to say."""
    if not ticket.contact_email or ticket.status not in NOTIFIED:
        return
    with translation.override(settings.LANGUAGE_CODE):
        subject, body = _message(ticket)
    address, code = ticket.contact_email, ticket.code

    def send() -> None:
        try:
            send_mail(subject, body, None, [address], fail_silently=False)
        except Exception:  # the answer stands; the sender can still follow by code
            log.exception("feedback_notification_failed", code=code)

    transaction.on_commit(send)
