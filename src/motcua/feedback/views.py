"""Feedback pages: rate a dossier, send and follow a phản ánh, kiến nghị, read published
answers, and the staff queue. Views are thin: access decides who, services decide what.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from . import access, services
from .constants import FeedbackAuditKind, TicketStatus
from .errors import FeedbackError
from .forms import (
    AnswerForm,
    AssignForm,
    FollowForm,
    HandlingRatingForm,
    ProveDossierForm,
    RatingForm,
    RejectForm,
    TicketForm,
    TransferForm,
    report_error,
)
from .selectors import (
    rating_for_dossier,
    ticket_handled_on_time,
    ticket_is_overdue,
    ticket_list_for_staff,
    ticket_officers,
    tickets_of_sender,
    tickets_published,
)
from .throttle import lookup_allowed, submission_allowed
from .workflow import TicketAction, can_transition

STAFF_PAGE_SIZE = 50
SUBMITTED_KEY = "feedback_submitted_code"


def _too_many(request: HttpRequest, template: str, context: dict) -> HttpResponse:
    context["error"] = _("Too many lookups from your connection. Try again in a few minutes.")
    return render(request, template, context, status=429)


# --- Ratings ------------------------------------------------------------------------------


@require_http_methods(["GET", "HEAD", "POST"])
def rate(request: HttpRequest, dossier_id: int) -> HttpResponse:
    granted = access.access_dossier_for_rating(request, dossier_id)
    dossier = granted.dossier
    rating = rating_for_dossier(dossier)
    window_open = rating is not None and timezone.now() <= rating.changeable_until
    changeable = window_open
    if rating is not None and granted.channels[0] in services.STAFF_CHANNELS:
        # Officers change what they recorded, never the applicant's own answer.
        changeable = changeable and rating.channel in services.STAFF_CHANNELS
    initial = None
    if rating is not None:
        initial = {"level": rating.level.code, "comment": rating.comment}
        initial.update({a.criterion.code: a.level.code for a in rating.answers.all()})
    form = RatingForm(
        request.POST if request.method == "POST" else None,
        initial=initial,
        channels=granted.channels,
    )
    rateable = dossier.status in services.RATEABLE_STATUSES
    if request.method == "POST" and form.is_valid():
        actor = request.user if request.user.is_authenticated else None
        try:
            if rating is None:
                services.rating_create(
                    dossier=dossier,
                    data=form.to_input(),
                    channel=form.channel(),
                    actor=actor,
                    request=request,
                )
                messages.success(request, _("Thank you: your rating has been recorded."))
            else:
                services.rating_change(
                    rating=rating,
                    data=form.to_input(),
                    channel=form.channel(),
                    actor=actor,
                    request=request,
                )
                messages.success(request, _("Your rating has been changed."))
            return redirect("feedback:rate", dossier_id=dossier.pk)
        except FeedbackError as error:
            report_error(form, error)
    return render(
        request,
        "feedback/rate.html",
        {
            "dossier": dossier,
            "form": form,
            "rating": rating,
            "rateable": rateable,
            "changeable": changeable,
            "window_open": window_open,
        },
        status=400 if request.method == "POST" else 200,
    )


@require_http_methods(["GET", "HEAD", "POST"])
def rate_by_code(request: HttpRequest) -> HttpResponse:
    """Prove a dossier code and a second factor, then go on to its rating page."""
    form = ProveDossierForm(request.POST or None)
    context = {"form": form}
    if request.method == "POST" and form.is_valid():
        if not lookup_allowed(request):
            return _too_many(request, "feedback/rate_by_code.html", context)
        dossier = access.dossier_by_code_and_factor(
            form.cleaned_data["code"], form.cleaned_data["factor"]
        )
        if dossier is not None:
            access.remember_proven_dossier(request, dossier)
            return redirect("feedback:rate", dossier_id=dossier.pk)
        form.add_error(None, _("No dossier matches this code and second factor."))
    return render(request, "feedback/rate_by_code.html", context)


# --- Tickets: citizens ----------------------------------------------------------------------


@require_http_methods(["GET", "HEAD", "POST"])
def submit(request: HttpRequest) -> HttpResponse:
    initial = {"dossier_code": request.GET.get("ho_so", "")[:60]}
    if request.user.is_authenticated:
        initial.update(contact_name=request.user.full_name, contact_email=request.user.email)
    form = TicketForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        if not submission_allowed(request):
            context = {
                "form": form,
                "error": _("Too much feedback sent from your connection. Try again later."),
            }
            return render(request, "feedback/submit.html", context, status=429)
        try:
            ticket = services.ticket_submit(
                data=form.to_input(), submitter=request.user, request=request
            )
        except FeedbackError as error:
            report_error(form, error)
        else:
            # Post/redirect/get: reloading the confirmation never sends the ticket twice.
            request.session[SUBMITTED_KEY] = ticket.code
            return redirect("feedback:submitted")
    return render(
        request, "feedback/submit.html", {"form": form}, status=400 if form.errors else 200
    )


@require_safe
def submitted(request: HttpRequest) -> HttpResponse:
    """The code of the ticket this browser just sent."""
    code = request.session.get(SUBMITTED_KEY, "")
    ticket = access.access_ticket_by_code(code)
    return render(request, "feedback/submitted.html", {"ticket": ticket})


@require_http_methods(["GET", "HEAD", "POST"])
def follow(request: HttpRequest) -> HttpResponse:
    """Follow a ticket by its code (``?ma=``); rate the handling once answered."""
    code = (request.POST.get("code") or request.GET.get("ma") or "").strip()
    form = FollowForm({"code": code} if code else None)
    context: dict = {"form": form}
    if not code:
        return render(request, "feedback/follow.html", context)
    if not lookup_allowed(request):
        return _too_many(request, "feedback/follow.html", context)
    try:
        ticket = access.access_ticket_by_code(code)
    except Http404:
        context["error"] = _("No feedback has this code.")
        return render(request, "feedback/follow.html", context, status=404)
    rating_form = HandlingRatingForm(request.POST if "rating" in request.POST else None)
    if rating_form.is_bound and rating_form.is_valid():
        try:
            services.ticket_rate(
                ticket=ticket, rating=rating_form.cleaned_data["rating"], actor=request.user
            )
            messages.success(request, _("Thank you: your rating has been recorded."))
            return redirect(f"{request.path}?ma={ticket.code}")
        except FeedbackError as error:
            report_error(rating_form, error)
    context.update(
        {
            "ticket": ticket,
            "overdue": ticket_is_overdue(ticket),
            "rating_form": rating_form,
            "can_rate": ticket.status in (TicketStatus.ANSWERED, TicketStatus.PUBLISHED)
            and not ticket.handling_rating,
        }
    )
    return render(request, "feedback/follow.html", context)


@login_required
@require_safe
def my_tickets(request: HttpRequest) -> HttpResponse:
    now = timezone.now()
    rows = [(t, ticket_is_overdue(t, now=now)) for t in tickets_of_sender(request.user)[:100]]
    return render(request, "feedback/my_tickets.html", {"rows": rows})


@require_safe
def published_list(request: HttpRequest) -> HttpResponse:
    tickets = tickets_published()[:100]
    return render(request, "feedback/published_list.html", {"tickets": tickets})


@require_safe
def published_detail(request: HttpRequest, code: str) -> HttpResponse:
    ticket = access.access_published_ticket(code)
    return render(request, "feedback/published_detail.html", {"ticket": ticket})


# --- Tickets: staff -----------------------------------------------------------------------


@login_required
@require_safe
def staff_list(request: HttpRequest) -> HttpResponse:
    status = request.GET.get("trang_thai", "")
    if status not in TicketStatus.values:
        status = ""
    overdue_only = request.GET.get("qua_han") == "1"
    tickets = ticket_list_for_staff(
        access.tickets_visible_to_staff(request.user), status=status, overdue_only=overdue_only
    )
    page = Paginator(tickets, STAFF_PAGE_SIZE).get_page(request.GET.get("trang"))
    now = timezone.now()
    rows = [(t, ticket_is_overdue(t, now=now)) for t in page.object_list]
    return render(
        request,
        "feedback/staff_list.html",
        {
            "rows": rows,
            "page": page,
            "status": status,
            "overdue_only": overdue_only,
            "statuses": TicketStatus.choices,
        },
    )


def _staff_context(request: HttpRequest, ticket, **forms) -> dict:
    handles = access.can_handle_ticket(request.user, ticket)
    allowed = {a for a in TicketAction if can_transition(ticket.status, a)} if handles else set()
    if TicketAction.PUBLISH in allowed and not ticket.publish_consent:
        allowed.discard(TicketAction.PUBLISH)
    if TicketAction.ANSWER in allowed and not access.can_answer_ticket(request.user, ticket):
        allowed.discard(TicketAction.ANSWER)
    context = {
        "ticket": ticket,
        "handles": handles,
        "allowed": {a.value for a in allowed},
        "overdue": ticket_is_overdue(ticket),
        "on_time": ticket_handled_on_time(ticket),
        "events": ticket.events.select_related("actor", "agency", "to_agency"),
        "assign_form": forms.get("assign") or AssignForm(officers=ticket_officers(ticket)),
        "transfer_form": forms.get("transfer") or TransferForm(exclude_id=ticket.agency_id),
        "answer_form": forms.get("answer") or AnswerForm(),
        "reject_form": forms.get("reject") or RejectForm(),
    }
    return context


@login_required
@require_safe
def staff_detail(request: HttpRequest, ticket_id: int) -> HttpResponse:
    ticket = access.access_ticket_for_staff(request.user, ticket_id)
    context = _staff_context(request, ticket)
    if context["handles"] and (ticket.contact_phone or ticket.contact_email):
        services.feedback_audit(
            FeedbackAuditKind.CONTACT_VIEWED, actor=request.user, target=ticket, request=request
        )
    return render(request, "feedback/staff_detail.html", context)


@login_required
@require_POST
def staff_act(request: HttpRequest, ticket_id: int, action: str) -> HttpResponse:
    ticket = access.access_ticket_for_staff(request.user, ticket_id)
    forms: dict = {}
    try:
        if action == TicketAction.ASSIGN:
            officers = ticket_officers(ticket)
            form = forms["assign"] = AssignForm(request.POST, officers=officers)
            if form.is_valid():
                assignee = officers.filter(pk=form.cleaned_data["assignee"]).first()
                services.ticket_assign(
                    ticket=ticket, actor=request.user, assignee=assignee, request=request
                )
        elif action == TicketAction.TRANSFER:
            form = forms["transfer"] = TransferForm(request.POST, exclude_id=ticket.agency_id)
            if form.is_valid():
                services.ticket_transfer(
                    ticket=ticket,
                    actor=request.user,
                    to_agency_id=form.cleaned_data["agency"],
                    reason=form.cleaned_data["reason"],
                    request=request,
                )
        elif action == TicketAction.ANSWER:
            form = forms["answer"] = AnswerForm(request.POST)
            if form.is_valid():
                services.ticket_answer(
                    ticket=ticket,
                    actor=request.user,
                    answer=form.cleaned_data["answer"],
                    request=request,
                )
        elif action == TicketAction.REJECT:
            form = forms["reject"] = RejectForm(request.POST)
            if form.is_valid():
                services.ticket_reject(
                    ticket=ticket,
                    actor=request.user,
                    reason=form.cleaned_data["reason"],
                    request=request,
                )
        elif action == TicketAction.PUBLISH:
            form = None
            services.ticket_publish(ticket=ticket, actor=request.user, request=request)
        else:
            raise Http404(_("No such action."))
    except FeedbackError as error:
        if form is None or error.field not in form.fields:
            # Not about an input (forbidden, wrong state): say so on the ticket's page.
            messages.error(request, error.message)
            return redirect("feedback:staff_detail", ticket_id=ticket.pk)
        report_error(form, error)
    if form is None or not form.errors:
        messages.success(request, _("Done."))
        if access.tickets_visible_to_staff(request.user).filter(pk=ticket.pk).exists():
            return redirect("feedback:staff_detail", ticket_id=ticket.pk)
        return redirect("feedback:staff_list")  # transferred beyond this officer's reach
    ticket.refresh_from_db()
    return render(
        request, "feedback/staff_detail.html", _staff_context(request, ticket, **forms), status=400
    )
