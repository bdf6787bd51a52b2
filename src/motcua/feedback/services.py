"""Writes of the feedback app: ratings and tickets.

Every service checks everything before its first write and runs in one transaction, so a
refusal (``FeedbackError``) leaves the database as it was. Permission to reach the
object is checked by the caller through ``access``; permission to *act* is checked here.
"""

from __future__ import annotations

import datetime as dt
import re
import secrets
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from motcua.agencies.models import Agency
from motcua.core.audit import audit_record
from motcua.core.models import AuditEventKind
from motcua.dossiers.constants import DossierStatus
from motcua.dossiers.models import Dossier
from motcua.workcalendar.constants import DeadlineUnit
from motcua.workcalendar.selectors import work_calendar_get

from . import access, notifications
from .constants import (
    FeedbackAuditKind,
    HandlingRating,
    RatingChannel,
    TicketEventKind,
    TicketStatus,
)
from .errors import FeedbackError
from .errors import FeedbackErrorCode as E
from .models import (
    DossierRating,
    RatingAnswer,
    RatingCriterion,
    RatingLevel,
    Ticket,
    TicketCategory,
    TicketEvent,
)
from .selectors import rule_in_force
from .workflow import TRANSITIONS, TicketAction, can_transition

# Ratings are of the service as delivered: the result must be in the applicant's hands.
RATEABLE_STATUSES = frozenset({DossierStatus.RETURNED})
STAFF_CHANNELS = frozenset({RatingChannel.COUNTER, RatingChannel.KIOSK})
CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I: read aloud on the phone
CODE_RANDOM_CHARS = 8
PHONE_RE = re.compile(r"^\+?[0-9 .\-]{9,16}$")


def feedback_audit(kind: AuditEventKind, *, actor, target, request=None, **data) -> None:
    # The kind is one of this app's values (see constants.FeedbackAuditKind).
    audit_record(kind=kind, actor=actor, target=target, request=request, **data)


@transaction.atomic
def feedback_config_save(*, obj, actor, request: HttpRequest | None = None):
    """Save a rule, level, criterion or category (admin), with an audit record."""
    created = obj.pk is None
    obj.full_clean()
    obj.save()
    feedback_audit(
        FeedbackAuditKind.CONFIG_CHANGED,
        actor=actor,
        target=obj,
        request=request,
        created=created,
        value=str(obj),
    )
    return obj


# --- Ratings ------------------------------------------------------------------------------


@dataclass(frozen=True)
class RatingInput:
    level: str  # a RatingLevel code
    answers: dict[str, str]  # criterion code -> level code
    comment: str = ""


def _validated(data: RatingInput) -> tuple[RatingLevel, list[tuple[RatingCriterion, RatingLevel]]]:
    levels = {level.code: level for level in RatingLevel.objects.filter(is_active=True)}
    if data.level not in levels:
        raise FeedbackError(E.UNKNOWN_LEVEL, field="level")
    criteria = {c.code: c for c in RatingCriterion.objects.filter(is_active=True)}
    for code in data.answers:
        if code not in criteria:
            raise FeedbackError(E.UNKNOWN_CRITERION, field="answers", value=code[:40])
    answers = []
    for code, criterion in criteria.items():
        chosen = data.answers.get(code, "")
        if not chosen:
            if criterion.is_required:
                raise FeedbackError(E.CRITERION_MISSING, field=code, name=criterion.name)
            continue
        if chosen not in levels:
            raise FeedbackError(E.UNKNOWN_LEVEL, field=code)
        answers.append((criterion, levels[chosen]))
    if len(data.comment) > 2000:
        raise FeedbackError(E.TEXT_TOO_LONG, field="comment", **_field(_("comment"), 2000))
    return levels[data.level], answers


def _field(label, n: int | None = None) -> dict:
    return {"label": label, "n": n} if n is not None else {"label": label}


@transaction.atomic
def rating_create(
    *,
    dossier: Dossier,
    data: RatingInput,
    channel: RatingChannel,
    actor=None,
    request: HttpRequest | None = None,
) -> DossierRating:
    """The first rating of a returned dossier. A second one is refused (``ALREADY_RATED``)."""
    dossier = Dossier.objects.select_for_update().get(pk=dossier.pk)
    if dossier.status not in RATEABLE_STATUSES:
        raise FeedbackError(E.NO_RESULT_YET)
    if DossierRating.objects.filter(dossier=dossier).exists():
        raise FeedbackError(E.ALREADY_RATED)
    level, answers = _validated(data)
    rule = rule_in_force()
    if rule is None:
        raise FeedbackError(E.NO_RULE)
    now = timezone.now()
    try:
        with transaction.atomic():  # the one-per-dossier constraint is the last word
            rating = DossierRating.objects.create(
                dossier=dossier,
                level=level,
                comment=data.comment.strip(),
                channel=channel,
                rated_by=actor if actor is not None and actor.is_authenticated else None,
                rated_at=now,
                changeable_until=now + dt.timedelta(days=rule.rating_change_days),
            )
    except IntegrityError as exc:
        raise FeedbackError(E.ALREADY_RATED) from exc
    RatingAnswer.objects.bulk_create(
        RatingAnswer(rating=rating, criterion=criterion, level=chosen)
        for criterion, chosen in answers
    )
    feedback_audit(
        FeedbackAuditKind.RATING_RECORDED,
        actor=actor,
        target=rating,
        request=request,
        dossier=dossier.code,
        channel=channel,
        level=level.code,
    )
    return rating


@transaction.atomic
def rating_change(
    *,
    rating: DossierRating,
    data: RatingInput,
    channel: RatingChannel,
    actor=None,
    request: HttpRequest | None = None,
) -> DossierRating:
    """Change a rating within the window the rule in force gave it when first given.

    ``channel`` is how the caller reached the dossier. The applicant (online or proven by
    code) may change their rating whatever its channel; an officer only changes what was
    recorded at the counter, never the applicant's own online answer.
    """
    rating = DossierRating.objects.select_for_update().get(pk=rating.pk)
    if channel in STAFF_CHANNELS and rating.channel not in STAFF_CHANNELS:
        raise FeedbackError(E.FORBIDDEN)
    if timezone.now() > rating.changeable_until:
        raise FeedbackError(E.CHANGE_WINDOW_CLOSED)
    level, answers = _validated(data)
    previous = rating.level.code
    rating.level = level
    rating.comment = data.comment.strip()
    rating.changed_at = timezone.now()
    rating.save(update_fields=["level", "comment", "changed_at"])
    rating.answers.all().delete()
    RatingAnswer.objects.bulk_create(
        RatingAnswer(rating=rating, criterion=criterion, level=chosen)
        for criterion, chosen in answers
    )
    feedback_audit(
        FeedbackAuditKind.RATING_CHANGED,
        actor=actor,
        target=rating,
        request=request,
        dossier=rating.dossier.code,
        previous=previous,
        level=level.code,
    )
    return rating


# --- Tickets ------------------------------------------------------------------------------


@dataclass(frozen=True)
class TicketInput:
    category: str  # TicketCategory code
    agency_id: int
    title: str
    content: str
    dossier_code: str = ""
    contact_name: str = ""
    contact_phone: str = ""
    contact_email: str = ""
    contact_address: str = ""
    publish_consent: bool = False


def _text(value: str, label, limit: int, *, field: str, required: bool = True) -> str:
    value = (value or "").strip()
    if required and not value:
        raise FeedbackError(E.TEXT_REQUIRED, field=field, **_field(label))
    if len(value) > limit:
        raise FeedbackError(E.TEXT_TOO_LONG, field=field, **_field(label, limit))
    return value


def _new_code(now: dt.datetime) -> str:
    random_part = "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_RANDOM_CHARS))
    return f"PA-{timezone.localtime(now):%y%m%d}-{random_part}"


def ticket_due_at(*, agency: Agency, received_at: dt.datetime) -> dt.datetime:
    rule = rule_in_force(on=timezone.localtime(received_at).date())
    if rule is None:
        raise FeedbackError(E.NO_RULE)
    calendar = work_calendar_get(agency_id=agency.pk)
    return calendar.due_at(received_at, rule.ticket_due_working_days, DeadlineUnit.WORKING_DAYS)


@transaction.atomic
def ticket_submit(
    *, data: TicketInput, submitter=None, request: HttpRequest | None = None
) -> Ticket:
    """Receive a phản ánh, kiến nghị; anonymous when ``submitter`` is None."""
    category = TicketCategory.objects.filter(code=data.category, is_active=True).first()
    if category is None:
        raise FeedbackError(E.UNKNOWN_CATEGORY, field="category")
    today = timezone.localdate()
    agency = Agency.objects.valid_on(today).filter(pk=data.agency_id).first()
    if agency is None:
        raise FeedbackError(E.UNKNOWN_AGENCY, field="agency")
    title = _text(data.title, _("subject"), 200, field="title")
    content = _text(data.content, _("content"), 5000, field="content")
    dossier = None
    dossier_code = (data.dossier_code or "").strip().upper()
    if dossier_code:
        dossier = Dossier.objects.filter(code=dossier_code).first()
        if dossier is None:
            raise FeedbackError(E.UNKNOWN_DOSSIER, field="dossier_code", value=dossier_code[:60])
    name = _text(data.contact_name, _("name"), 150, field="contact_name", required=False)
    phone = _text(data.contact_phone, _("phone"), 20, field="contact_phone", required=False)
    if phone and (not PHONE_RE.match(phone) or not 9 <= sum(c.isdigit() for c in phone) <= 11):
        raise FeedbackError(E.INVALID_PHONE, field="contact_phone")
    email = _text(data.contact_email, _("email"), 254, field="contact_email", required=False)
    if email:
        try:
            validate_email(email)
        except ValidationError as exc:
            raise FeedbackError(E.INVALID_EMAIL, field="contact_email") from exc
    address = _text(
        data.contact_address, _("address"), 300, field="contact_address", required=False
    )
    user = submitter if submitter is not None and submitter.is_authenticated else None
    if user is not None:  # a signed-in citizen's own details, unless they typed others
        name = name or user.full_name
        email = email or user.email
        phone = phone or user.phone
    now = timezone.now()
    due_at = ticket_due_at(agency=agency, received_at=now)
    for _attempt in range(5):  # a clash of 8 random characters on one day is rare
        code = _new_code(now)
        if not Ticket.objects.filter(code=code).exists():
            break
    ticket = Ticket.objects.create(
        code=code,
        category=category,
        agency=agency,
        dossier=dossier,
        title=title,
        content=content,
        submitter=user,
        contact_name=name,
        contact_phone=phone,
        contact_email=email,
        contact_address=address,
        publish_consent=data.publish_consent,
        status=TicketStatus.RECEIVED,
        received_at=now,
        due_at=due_at,
    )
    TicketEvent.objects.create(
        ticket=ticket,
        kind=TicketEventKind.RECEIVED,
        to_status=TicketStatus.RECEIVED,
        actor=user,
        agency=agency,
        at=now,
    )
    return ticket


def _locked(ticket: Ticket, action: TicketAction, actor) -> Ticket:
    ticket = Ticket.objects.select_for_update().select_related("agency").get(pk=ticket.pk)
    if not access.can_handle_ticket(actor, ticket):
        raise FeedbackError(E.FORBIDDEN)
    if not can_transition(ticket.status, action):
        raise FeedbackError(E.INVALID_TRANSITION)
    return ticket


def _move(
    ticket: Ticket,
    action: TicketAction,
    kind: TicketEventKind,
    *,
    actor,
    request,
    fields: list[str],
    note: str = "",
    to_agency: Agency | None = None,
) -> Ticket:
    now = timezone.now()
    from_status, from_agency = ticket.status, ticket.agency
    ticket.status = TRANSITIONS[action][1]
    ticket.save(update_fields=["status", "updated_at", *fields])
    TicketEvent.objects.create(
        ticket=ticket,
        kind=kind,
        from_status=from_status,
        to_status=ticket.status,
        actor=actor,
        agency=from_agency,
        to_agency=to_agency,
        note=note,
        at=now,
    )
    notifications.sender_notify(ticket)
    feedback_audit(
        FeedbackAuditKind.TICKET_ACTED,
        actor=actor,
        target=ticket,
        request=request,
        action=str(action),
        code=ticket.code,
    )
    return ticket


@transaction.atomic
def ticket_assign(*, ticket: Ticket, actor, assignee, request=None) -> Ticket:
    ticket = _locked(ticket, TicketAction.ASSIGN, actor)
    if assignee is None or not access.can_handle_ticket(assignee, ticket):
        raise FeedbackError(E.ASSIGNEE_NOT_IN_AGENCY, field="assignee")
    ticket.assignee = assignee
    return _move(
        ticket,
        TicketAction.ASSIGN,
        TicketEventKind.ASSIGNED,
        actor=actor,
        request=request,
        fields=["assignee"],
        note=str(assignee),
    )


@transaction.atomic
def ticket_transfer(*, ticket: Ticket, actor, to_agency_id, reason: str, request=None) -> Ticket:
    """Send the ticket to the competent agency. The citizen's deadline keeps running."""
    ticket = _locked(ticket, TicketAction.TRANSFER, actor)
    to_agency = None
    if str(to_agency_id).isdigit():
        to_agency = (
            Agency.objects.valid_on(timezone.localdate()).filter(pk=int(to_agency_id)).first()
        )
    if to_agency is None:
        raise FeedbackError(E.UNKNOWN_AGENCY, field="agency")
    if to_agency.pk == ticket.agency_id:
        raise FeedbackError(E.SAME_AGENCY, field="agency")
    reason = (reason or "").strip()
    if not reason:
        raise FeedbackError(E.REASON_REQUIRED, field="reason")
    ticket.agency = to_agency
    ticket.assignee = None
    return _move(
        ticket,
        TicketAction.TRANSFER,
        TicketEventKind.TRANSFERRED,
        actor=actor,
        request=request,
        fields=["agency", "assignee"],
        note=reason[:2000],
        to_agency=to_agency,
    )


@transaction.atomic
def ticket_answer(*, ticket: Ticket, actor, answer: str, request=None) -> Ticket:
    ticket = _locked(ticket, TicketAction.ANSWER, actor)
    if not access.can_answer_ticket(actor, ticket):
        raise FeedbackError(E.FORBIDDEN)
    ticket.answer = _text(answer, pgettext_lazy("ticket", "answer"), 10000, field="answer")
    ticket.handled_at = timezone.now()
    return _move(
        ticket,
        TicketAction.ANSWER,
        TicketEventKind.ANSWERED,
        actor=actor,
        request=request,
        fields=["answer", "handled_at"],
    )


@transaction.atomic
def ticket_reject(*, ticket: Ticket, actor, reason: str, request=None) -> Ticket:
    ticket = _locked(ticket, TicketAction.REJECT, actor)
    reason = (reason or "").strip()
    if not reason:
        raise FeedbackError(E.REASON_REQUIRED, field="reason")
    ticket.rejection_reason = reason[:2000]
    ticket.handled_at = timezone.now()
    return _move(
        ticket,
        TicketAction.REJECT,
        TicketEventKind.REJECTED,
        actor=actor,
        request=request,
        fields=["rejection_reason", "handled_at"],
        note=ticket.rejection_reason,
    )


@transaction.atomic
def ticket_publish(*, ticket: Ticket, actor, request=None) -> Ticket:
    ticket = _locked(ticket, TicketAction.PUBLISH, actor)
    if not ticket.publish_consent:
        raise FeedbackError(E.NO_PUBLISH_CONSENT)
    ticket.published_at = timezone.now()
    return _move(
        ticket,
        TicketAction.PUBLISH,
        TicketEventKind.PUBLISHED,
        actor=actor,
        request=request,
        fields=["published_at"],
    )


@transaction.atomic
def ticket_rate(*, ticket: Ticket, rating: str, actor=None) -> Ticket:
    """The citizen's rating of the handling, once, after the answer (by the ticket code)."""
    ticket = Ticket.objects.select_for_update().get(pk=ticket.pk)
    if ticket.status not in (TicketStatus.ANSWERED, TicketStatus.PUBLISHED):
        raise FeedbackError(E.NOT_ANSWERED)
    if ticket.handling_rating:
        raise FeedbackError(E.ALREADY_RATED)
    if rating not in HandlingRating.values:
        raise FeedbackError(E.UNKNOWN_LEVEL, field="rating")
    now = timezone.now()
    ticket.handling_rating = rating
    ticket.rated_at = now
    ticket.save(update_fields=["handling_rating", "rated_at", "updated_at"])
    TicketEvent.objects.create(
        ticket=ticket,
        kind=TicketEventKind.RATED,
        actor=actor if actor is not None and actor.is_authenticated else None,
        note=rating,
        at=now,
    )
    return ticket
