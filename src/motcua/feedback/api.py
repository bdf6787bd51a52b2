"""REST API of the feedback app: satisfaction ratings and phản ánh, kiến nghị tickets.

Refusals answer ``{"code": ..., "detail": ..., "field": ...}`` with a stable code from
``errors.FeedbackErrorCode``; the same services as the pages do the work.
"""

from __future__ import annotations

import datetime as dt

from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _

from ninja import Field, Router, Schema, Status
from ninja.errors import HttpError

from motcua.accounts.models import User
from motcua.api.auth import SessionAuth, TokenAuth

from . import access, services
from .constants import FeedbackAuditKind, HandlingRating, RatingChannel, TicketStatus
from .errors import FeedbackError
from .models import DossierRating, Ticket
from .selectors import (
    rating_criteria,
    rating_for_dossier,
    rating_levels,
    ticket_categories,
    ticket_handled_on_time,
    ticket_is_overdue,
    ticket_list_for_staff,
    tickets_published,
)
from .throttle import lookup_allowed, submission_allowed

router = Router()


def anonymous(request: HttpRequest):
    """Lets a visitor without an account through; signed-in callers are judged above."""
    return True if not request.user.is_authenticated else None


# Token, then a signed-in session (with CSRF), then nobody at all.
OPEN_AUTH = [TokenAuth(), SessionAuth(), anonymous]


class FeedbackErrorOut(Schema):
    code: str
    detail: str
    field: str = ""


def _refusal(error: FeedbackError) -> Status:
    return Status(
        error.status, {"code": error.code.value, "detail": error.message, "field": error.field}
    )


def _not_found(detail: str) -> Status:
    return Status(404, {"code": "not_found", "detail": detail})


# --- Ratings ------------------------------------------------------------------------------


class RatingLevelOut(Schema):
    code: str
    name: str
    counts_as_satisfied: bool


class RatingCriterionOut(Schema):
    code: str
    name: str
    is_required: bool


class RatingScaleOut(Schema):
    levels: list[RatingLevelOut]
    criteria: list[RatingCriterionOut]


class RatingIn(Schema):
    level: str = Field(description="Code of a level of the rating scale.")
    answers: dict[str, str] = Field(
        default_factory=dict, description="Criterion code → level code."
    )
    comment: str = Field("", max_length=2000)
    channel: RatingChannel | None = Field(
        None, description="Staff only: counter or kiosk. Ignored for applicants."
    )


class RatingByCodeIn(RatingIn):
    code: str = Field(description="Dossier code as printed on the receipt.", max_length=60)
    factor: str = Field(
        description="Applicant's identification number or last 4 digits of the phone.",
        max_length=20,
    )


class RatingOut(Schema):
    dossier_code: str | None
    level: str
    answers: dict[str, str]
    comment: str
    channel: str
    rated_at: dt.datetime
    changeable_until: dt.datetime
    changed_at: dt.datetime | None


def _rating_out(rating: DossierRating) -> dict:
    rating = rating_for_dossier(rating.dossier)
    return {
        "dossier_code": rating.dossier.code,
        "level": rating.level.code,
        "answers": {a.criterion.code: a.level.code for a in rating.answers.all()},
        "comment": rating.comment,
        "channel": rating.channel,
        "rated_at": rating.rated_at,
        "changeable_until": rating.changeable_until,
        "changed_at": rating.changed_at,
    }


def _input(payload: RatingIn) -> services.RatingInput:
    return services.RatingInput(
        level=payload.level, answers=payload.answers, comment=payload.comment
    )


def _rating_access(request: HttpRequest, dossier_id: int) -> access.RatingAccess:
    try:
        return access.access_dossier_for_rating(request, dossier_id)
    except Http404 as exc:
        raise HttpError(404, str(exc)) from exc


@router.get("/rating-scale", response=RatingScaleOut, auth=None)
def rating_scale(request: HttpRequest):
    """The levels and criteria in force, in display order."""
    return {"levels": list(rating_levels()), "criteria": list(rating_criteria())}


@router.get("/ratings/{dossier_id}", response={200: RatingOut, 404: FeedbackErrorOut})
def rating_get(request: HttpRequest, dossier_id: int):
    granted = _rating_access(request, dossier_id)
    rating = rating_for_dossier(granted.dossier)
    if rating is None:
        return _not_found(FeedbackError(services.E.NOT_FOUND).message)
    return Status(200, _rating_out(rating))


@router.post(
    "/ratings/{dossier_id}",
    response={201: RatingOut, 400: FeedbackErrorOut, 403: FeedbackErrorOut, 409: FeedbackErrorOut},
)
def rating_create(request: HttpRequest, dossier_id: int, payload: RatingIn):
    """Rate a returned dossier: its owner online, or staff of an agency processing it
    recording the applicant's answer at the counter. One rating per dossier (409)."""
    granted = _rating_access(request, dossier_id)
    channel = payload.channel if payload.channel in granted.channels else granted.channels[0]
    try:
        rating = services.rating_create(
            dossier=granted.dossier,
            data=_input(payload),
            channel=channel,
            actor=request.user,
            request=request,
        )
    except FeedbackError as error:
        return _refusal(error)
    return Status(201, _rating_out(rating))


@router.put(
    "/ratings/{dossier_id}",
    response={200: RatingOut, 400: FeedbackErrorOut, 403: FeedbackErrorOut, 404: FeedbackErrorOut},
)
def rating_change(request: HttpRequest, dossier_id: int, payload: RatingIn):
    """Change the rating while the window set when it was given is open."""
    granted = _rating_access(request, dossier_id)
    rating = rating_for_dossier(granted.dossier)
    if rating is None:
        return _not_found(FeedbackError(services.E.NOT_FOUND).message)
    try:
        rating = services.rating_change(
            rating=rating,
            data=_input(payload),
            channel=granted.channels[0],
            actor=request.user,
            request=request,
        )
    except FeedbackError as error:
        return _refusal(error)
    return Status(200, _rating_out(rating))


@router.post(
    "/ratings-by-code",
    response={
        201: RatingOut,
        400: FeedbackErrorOut,
        404: FeedbackErrorOut,
        409: FeedbackErrorOut,
        429: FeedbackErrorOut,
    },
    auth=OPEN_AUTH,
)
def rating_create_by_code(request: HttpRequest, payload: RatingByCodeIn):
    """Rate without an account: the dossier code and a second factor stand for the owner."""
    if not lookup_allowed(request):
        return Status(429, {"code": "too_many_lookups", "detail": _too_many()})
    dossier = access.dossier_by_code_and_factor(payload.code, payload.factor)
    if dossier is None:
        return _not_found(_no_match())
    try:
        rating = services.rating_create(
            dossier=dossier,
            data=_input(payload),
            channel=RatingChannel.TRACKING,
            actor=request.user,
            request=request,
        )
    except FeedbackError as error:
        return _refusal(error)
    return Status(201, _rating_out(rating))


def _too_many() -> str:
    return _("Too many lookups from your connection. Try again in a few minutes.")


def _too_many_submissions() -> str:
    return _("Too much feedback sent from your connection. Try again later.")


def _no_match() -> str:
    return _("No dossier matches this code and second factor.")


# --- Tickets ------------------------------------------------------------------------------


class FeedbackCategoryOut(Schema):
    code: str
    name: str
    subject_kind: str


class FeedbackTicketIn(Schema):
    category: str = Field(description="Code of a feedback category.")
    agency_id: int = Field(description="The agency the feedback is about.")
    title: str = Field(max_length=200)
    content: str = Field(max_length=5000)
    dossier_code: str = Field("", max_length=60)
    contact_name: str = Field("", max_length=150)
    contact_phone: str = Field("", max_length=20)
    contact_email: str = Field("", max_length=254)
    contact_address: str = Field("", max_length=300)
    publish_consent: bool = False


class FeedbackTicketOut(Schema):
    """What the holder of the code sees. Contact details are never returned."""

    code: str
    status: TicketStatus
    category: str
    agency: str
    title: str
    content: str
    received_at: dt.datetime
    due_at: dt.datetime
    is_overdue: bool
    answer: str
    rejection_reason: str
    published_at: dt.datetime | None
    handling_rating: str


class HandlingRatingIn(Schema):
    rating: HandlingRating


def _ticket_out(ticket: Ticket) -> dict:
    return {
        "code": ticket.code,
        "status": ticket.status,
        "category": ticket.category.name,
        "agency": ticket.agency.name,
        "title": ticket.title,
        "content": ticket.content,
        "received_at": ticket.received_at,
        "due_at": ticket.due_at,
        "is_overdue": ticket_is_overdue(ticket),
        "answer": ticket.answer,
        "rejection_reason": ticket.rejection_reason,
        "published_at": ticket.published_at,
        "handling_rating": ticket.handling_rating,
    }


@router.get("/categories", response=list[FeedbackCategoryOut], auth=None)
def categories(request: HttpRequest):
    return list(ticket_categories())


@router.post(
    "/tickets",
    response={201: FeedbackTicketOut, 400: FeedbackErrorOut, 429: FeedbackErrorOut},
    auth=OPEN_AUTH,
)
def ticket_submit(request: HttpRequest, payload: FeedbackTicketIn):
    """Send a phản ánh, kiến nghị, signed in or anonymously. Keep the returned code.
    Anonymous senders are limited per client address (429)."""
    if not submission_allowed(request):
        return Status(429, {"code": "too_many_submissions", "detail": _too_many_submissions()})
    try:
        ticket = services.ticket_submit(
            data=services.TicketInput(**payload.dict()), submitter=request.user, request=request
        )
    except FeedbackError as error:
        return _refusal(error)
    return Status(201, _ticket_out(ticket))


@router.get("/tickets/published", response=list[FeedbackTicketOut], auth=None)
def tickets_published_list(request: HttpRequest, limit: int = 50):
    """Answers published with the sender's consent, newest first (at most 200)."""
    return [_ticket_out(t) for t in tickets_published()[: max(1, min(limit, 200))]]


def _ticket_by_code(request: HttpRequest, code: str) -> Ticket:
    if not lookup_allowed(request):
        raise HttpError(429, _too_many())
    try:
        return access.access_ticket_by_code(code)
    except Http404 as exc:
        raise HttpError(404, str(exc)) from exc


@router.get("/tickets/{code}", response=FeedbackTicketOut, auth=None)
def ticket_follow(request: HttpRequest, code: str):
    """Follow a ticket by its code (limited per client address)."""
    return _ticket_out(_ticket_by_code(request, code))


@router.post(
    "/tickets/{code}/rating",
    response={200: FeedbackTicketOut, 400: FeedbackErrorOut, 409: FeedbackErrorOut},
    auth=OPEN_AUTH,
)
def ticket_rate(request: HttpRequest, code: str, payload: HandlingRatingIn):
    """The sender's satisfaction with the handling, once the ticket is answered; once."""
    ticket = _ticket_by_code(request, code)
    try:
        ticket = services.ticket_rate(ticket=ticket, rating=payload.rating, actor=request.user)
    except FeedbackError as error:
        return _refusal(error)
    return Status(200, _ticket_out(ticket))


# --- Tickets: staff -----------------------------------------------------------------------


class StaffTicketOut(FeedbackTicketOut):
    """A ticket as staff see it; contact details only for staff who handle it."""

    id: int
    agency_id: int
    assignee_id: int | None
    dossier_code: str | None
    handled_at: dt.datetime | None
    handled_on_time: bool | None
    contact: dict[str, str] | None = Field(
        description="Name, phone, email and address; null for staff who only view."
    )


class TicketAssignIn(Schema):
    assignee_id: int


class TicketTransferIn(Schema):
    agency_id: int
    reason: str = Field(max_length=2000)


class TicketAnswerIn(Schema):
    answer: str = Field(max_length=10000)


class TicketRejectIn(Schema):
    reason: str = Field(max_length=2000)


def _staff_out(request: HttpRequest, ticket: Ticket) -> dict:
    handles = access.can_handle_ticket(request.user, ticket)
    contact = None
    if handles:
        contact = {
            "name": ticket.contact_name,
            "phone": ticket.contact_phone,
            "email": ticket.contact_email,
            "address": ticket.contact_address,
        }
    return {
        **_ticket_out(ticket),
        "id": ticket.pk,
        "agency_id": ticket.agency_id,
        "assignee_id": ticket.assignee_id,
        "dossier_code": ticket.dossier.code if ticket.dossier_id else None,
        "handled_at": ticket.handled_at,
        "handled_on_time": ticket_handled_on_time(ticket),
        "contact": contact,
    }


def _staff_ticket(request: HttpRequest, ticket_id: int) -> Ticket:
    try:
        return access.access_ticket_for_staff(request.user, ticket_id)
    except Http404 as exc:
        raise HttpError(404, str(exc)) from exc


@router.get("/staff/tickets", response=list[StaffTicketOut])
def staff_tickets(
    request: HttpRequest, status: TicketStatus | None = None, overdue: bool = False, offset: int = 0
):
    """Tickets of the agencies in the caller's viewing scope: open ones by due moment.
    50 per call; pass ``offset`` for the next ones."""
    tickets = ticket_list_for_staff(
        access.tickets_visible_to_staff(request.user),
        status=status or "",
        overdue_only=overdue,
    ).select_related("dossier")
    offset = max(0, offset)
    return [_staff_out(request, t) for t in tickets[offset : offset + 50]]


@router.get("/staff/tickets/{ticket_id}", response=StaffTicketOut)
def staff_ticket(request: HttpRequest, ticket_id: int):
    ticket = _staff_ticket(request, ticket_id)
    if access.can_handle_ticket(request.user, ticket) and (
        ticket.contact_phone or ticket.contact_email
    ):
        services.feedback_audit(
            FeedbackAuditKind.CONTACT_VIEWED, actor=request.user, target=ticket, request=request
        )
    return _staff_out(request, ticket)


def _act(request: HttpRequest, ticket_id: int, act) -> Status:
    ticket = _staff_ticket(request, ticket_id)
    try:
        ticket = act(ticket)
    except FeedbackError as error:
        return _refusal(error)
    return Status(200, _staff_out(request, ticket))


STAFF_RESPONSES = {
    200: StaffTicketOut,
    400: FeedbackErrorOut,
    403: FeedbackErrorOut,
    409: FeedbackErrorOut,
}


@router.post("/staff/tickets/{ticket_id}/assign", response=STAFF_RESPONSES)
def staff_assign(request: HttpRequest, ticket_id: int, payload: TicketAssignIn):
    """Put an officer of the ticket's agency in charge."""
    assignee = User.objects.filter(pk=payload.assignee_id, is_active=True).first()
    return _act(
        request,
        ticket_id,
        lambda t: services.ticket_assign(
            ticket=t, actor=request.user, assignee=assignee, request=request
        ),
    )


@router.post("/staff/tickets/{ticket_id}/transfer", response=STAFF_RESPONSES)
def staff_transfer(request: HttpRequest, ticket_id: int, payload: TicketTransferIn):
    """Send the ticket to the competent agency; its deadline keeps running."""
    return _act(
        request,
        ticket_id,
        lambda t: services.ticket_transfer(
            ticket=t,
            actor=request.user,
            to_agency_id=payload.agency_id,
            reason=payload.reason,
            request=request,
        ),
    )


@router.post("/staff/tickets/{ticket_id}/answer", response=STAFF_RESPONSES)
def staff_answer(request: HttpRequest, ticket_id: int, payload: TicketAnswerIn):
    return _act(
        request,
        ticket_id,
        lambda t: services.ticket_answer(
            ticket=t, actor=request.user, answer=payload.answer, request=request
        ),
    )


@router.post("/staff/tickets/{ticket_id}/reject", response=STAFF_RESPONSES)
def staff_reject(request: HttpRequest, ticket_id: int, payload: TicketRejectIn):
    """Do not accept the ticket, with the reason the sender will read."""
    return _act(
        request,
        ticket_id,
        lambda t: services.ticket_reject(
            ticket=t, actor=request.user, reason=payload.reason, request=request
        ),
    )


@router.post("/staff/tickets/{ticket_id}/publish", response=STAFF_RESPONSES)
def staff_publish(request: HttpRequest, ticket_id: int):
    """Publish the answer; only when the sender agreed."""
    return _act(
        request,
        ticket_id,
        lambda t: services.ticket_publish(ticket=t, actor=request.user, request=request),
    )
