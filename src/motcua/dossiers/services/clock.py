"""The legal clock of a received dossier: waits for the citizen (supplement, payment) and
the one-time apology with a new due moment (Mẫu 04).

A wait opens a ``ClockPause`` with the policy in force and closes it on resumption:

- supplement: the procedure version's policy, copied onto the dossier at intake
  (``pause``: the office time spent waiting is added to the due moment; ``restart``: the
  full legal time runs again from the resubmission; ``none``: nothing moves);
- payment: ``settings.DOSSIER_PAYMENT_CLOCK`` (same three values; ``pause`` by default,
  since time the citizen takes to pay is not the agency's time).

The current step's due moment moves the same way. The arithmetic is in ``deadlines.py``;
the dossier's due moment uses the receiving centre's calendar, a step's its agency's.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.utils import timezone

from .. import deadlines
from ..constants import ClockPauseReason, DossierStatus, EventKind, PaymentStatus
from ..error_codes import DossierError, DossierErrorCode
from ..inputs import ComponentInput
from ..models import ClockPause, Dossier
from ..validation import components_check, form_data_check, text_required
from ..workflow import Action
from .intake import components_save, digitisation_status
from .steps import calendar_for, step_require
from .transitions import Change, transition


def _date_text(moment: dt.datetime) -> str:
    return timezone.localtime(moment).strftime("%d/%m/%Y")


def _pause_open(change: Change, *, reason: ClockPauseReason, policy: str, note: str) -> None:
    ClockPause.objects.create(
        dossier=change.dossier, reason=reason, policy=policy, started_at=change.now, note=note
    )
    change.data["clock"] = policy


def _pause_close(change: Change, *, reason: ClockPauseReason) -> None:
    """End the open wait and move the due moments as its policy says."""
    dossier = change.dossier
    pause = dossier.clock_pauses.filter(reason=reason, ended_at__isnull=True).latest("started_at")
    pause.ended_at = change.now
    pause.save(update_fields=["ended_at"])
    calendar = calendar_for(dossier.receiving_agency)
    previous = dossier.due_at
    change.set(
        due_at=deadlines.resumed_due_at(
            calendar,
            policy=pause.policy,
            due_at=previous,
            paused_at=pause.started_at,
            resumed_at=change.now,
            time=deadlines.processing_time(dossier.case, channel=dossier.channel),
        )
    )
    step = dossier.current_step
    if step is not None and step.due_at is not None:
        step.due_at = deadlines.shifted_step_due_at(
            calendar_for(step.agency),
            policy=pause.policy,
            due_at=step.due_at,
            paused_at=pause.started_at,
            resumed_at=change.now,
            hours=step.hours,
        )
        step.save(update_fields=["due_at"])
    waited = calendar.working_time_between(pause.started_at, change.now)
    change.data.update(
        {
            "clock": pause.policy,
            "paused_at": deadlines.iso(pause.started_at),
            "waited_working_hours": str(Decimal(waited.total_seconds()) / 3600),
            "previous_due_at": deadlines.iso(previous),
            "due_at": deadlines.iso(dossier.due_at),
        }
    )
    change.about_step(step)


def dossier_request_supplement(
    *, dossier: Dossier, user, items: Sequence[str], reason: str
) -> Dossier:
    """Ask the citizen, through the one-stop centre, to supplement the dossier (Mẫu 02).

    Once per dossier (NĐ 118/2025 Điều 11): the request must list everything at once.
    """
    with transition(
        dossier=dossier,
        action=Action.REQUEST_SUPPLEMENT,
        user=user,
        kind=EventKind.SUPPLEMENT_REQUESTED,
    ) as c:
        step = step_require(c.dossier.current_step, Action.REQUEST_SUPPLEMENT)
        if c.dossier.supplement_requests:
            earlier = c.dossier.events.filter(kind=EventKind.SUPPLEMENT_REQUESTED).first()
            raise DossierError(
                DossierErrorCode.ALREADY_REQUESTED,
                date=_date_text(earlier.at) if earlier else "—",
            )
        listed = [item.strip() for item in items if item and item.strip()]
        if not listed:
            raise DossierError(DossierErrorCode.ITEMS_REQUIRED)
        c.note = text_required(reason)
        _pause_open(
            c, reason=ClockPauseReason.SUPPLEMENT, policy=c.dossier.supplement_clock, note=c.note
        )
        c.data["items"] = listed
        c.set(supplement_requests=c.dossier.supplement_requests + 1)
        c.about_step(step)
        c.to_status = DossierStatus.AWAITING_SUPPLEMENT
    return c.dossier


def dossier_submit_supplement(
    *,
    dossier: Dossier,
    user,
    components: Sequence[ComponentInput] | None = None,
    form_data: dict[str, Any] | None = None,
    note: str = "",
) -> Dossier:
    """The supplement arrives: processing resumes and the due moment moves by the policy."""
    with transition(
        dossier=dossier,
        action=Action.SUBMIT_SUPPLEMENT,
        user=user,
        kind=EventKind.SUPPLEMENT_RECEIVED,
    ) as c:
        if components is not None:
            chosen = components_check(c.dossier.case, components)
            components_save(
                c.dossier, chosen, electronic=c.dossier.channel in deadlines.ONLINE_CHANNELS
            )
            c.set(digitisation_status=digitisation_status(c.dossier))
        if form_data is not None:
            c.set(
                form_data=form_data_check(
                    c.dossier.case, form_data, today=timezone.localdate(c.now)
                )
            )
        _pause_close(c, reason=ClockPauseReason.SUPPLEMENT)
        c.note = note.strip()
        c.to_status = DossierStatus.PROCESSING
    return c.dossier


def dossier_request_payment(*, dossier: Dossier, user, note: str = "") -> Dossier:
    """Notify the financial obligation (national status 6); the clock follows the setting."""
    with transition(
        dossier=dossier,
        action=Action.REQUEST_PAYMENT,
        user=user,
        kind=EventKind.PAYMENT_REQUESTED,
    ) as c:
        c.note = note.strip()
        _pause_open(
            c,
            reason=ClockPauseReason.PAYMENT,
            policy=settings.DOSSIER_PAYMENT_CLOCK,
            note=c.note,
        )
        c.set(payment_status=PaymentStatus.REQUESTED)
        c.about_step(c.dossier.current_step)
        c.to_status = DossierStatus.AWAITING_PAYMENT
    return c.dossier


def dossier_record_payment(
    *, dossier: Dossier, user, reference: str = "", note: str = ""
) -> Dossier:
    """The fee is paid: processing resumes and the due moment moves by the policy."""
    with transition(
        dossier=dossier, action=Action.RECORD_PAYMENT, user=user, kind=EventKind.PAYMENT_RECEIVED
    ) as c:
        _pause_close(c, reason=ClockPauseReason.PAYMENT)
        if reference.strip():
            c.data["reference"] = reference.strip()
        c.note = note.strip()
        c.set(payment_status=PaymentStatus.PAID)
        c.to_status = DossierStatus.PROCESSING
    return c.dossier


def dossier_refund_payment(*, dossier: Dossier, user, reason: str) -> Dossier:
    """Record a refund of a paid fee (payment track only; the state does not change)."""
    with transition(
        dossier=dossier, action=Action.REFUND_PAYMENT, user=user, kind=EventKind.PAYMENT_REFUNDED
    ) as c:
        if c.dossier.payment_status != PaymentStatus.PAID:
            raise DossierError(DossierErrorCode.PAYMENT_NOT_PAID)
        c.note = text_required(reason)
        c.set(payment_status=PaymentStatus.REFUNDED)
    return c.dossier


def dossier_extend(*, dossier: Dossier, user, new_due_at: dt.datetime, reason: str) -> Dossier:
    """Apologise and set a new due moment, once, signed by the head of the agency (Mẫu 04).

    It is due at the latest on the working day before the due date. Once that day has
    passed it is refused until the dossier is actually overdue; then it is accepted and
    recorded as late (``data["on_time"] = False``), since the apology is owed all the more.
    """
    with transition(dossier=dossier, action=Action.EXTEND, user=user, kind=EventKind.EXTENDED) as c:
        d = c.dossier
        if d.extended_at is not None:
            raise DossierError(DossierErrorCode.ALREADY_EXTENDED, date=_date_text(d.extended_at))
        c.note = text_required(reason)
        calendar = calendar_for(d.receiving_agency)
        deadline = deadlines.apology_deadline(calendar, d.due_at)
        on_time = timezone.localdate(c.now) <= deadline
        overdue = deadlines.is_overdue(d.due_at, c.now)
        if not on_time and not overdue:
            raise DossierError(
                DossierErrorCode.APOLOGY_TOO_LATE, deadline=deadline.strftime("%d/%m/%Y")
            )
        if (
            new_due_at.tzinfo is None
            or new_due_at <= max(c.now, d.due_at)
            or not calendar.is_working_day(deadlines.local_date(new_due_at))
        ):
            raise DossierError(
                DossierErrorCode.INVALID_DUE_DATE,
                due=timezone.localtime(d.due_at).strftime("%H:%M %d/%m/%Y"),
            )
        c.data = {
            "previous_due_at": deadlines.iso(d.due_at),
            "due_at": deadlines.iso(new_due_at),
            "apology_deadline": deadline.isoformat(),
            "on_time": on_time,
        }
        c.set(due_at=new_due_at, extended_at=c.now)
    return c.dossier
