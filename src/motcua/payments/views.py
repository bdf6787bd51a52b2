"""Payment pages: the citizen's pay page and attempt page, the provider's return page and
callbacks, and the officers' cash, transfer, fee request and refund pages.

Views are thin: access functions decide who sees what (404 otherwise), services write.
Callbacks are CSRF-exempt because the platform, not a browser, posts them; they are
authenticated by the message's own code instead and answered with JSON.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from motcua.core.audit import client_ip
from motcua.dossiers.access import APPLICANT_KINDS
from motcua.dossiers.error_codes import DossierError

from . import access, selectors, services
from .constants import AttemptStatus, FeeRequestStatus, MessageKind
from .errors import PaymentError, PaymentErrorCode
from .providers import ProviderError, provider_get, providers_enabled
from .providers.vietqr import qr_svg_data_uri


def not_found_as_404(view):
    """A PaymentError NOT_FOUND from an access function is a plain 404."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        try:
            return view(request, *args, **kwargs)
        except PaymentError as error:
            if error.code == PaymentErrorCode.NOT_FOUND:
                raise Http404(error.message) from None
            raise

    return wrapper


# --- Citizen ------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
@not_found_as_404
def dossier_pay(request: HttpRequest, dossier_id: int) -> HttpResponse:
    dossier = access.access_dossier_to_pay(request.user, dossier_id)
    open_request = selectors.open_request_of(dossier)
    error = ""
    if request.method == "POST" and open_request is not None:
        return_url = request.build_absolute_uri(reverse("payments:paygov_return"))
        try:
            attempt, start = services.payment_start(
                request=open_request,
                user=request.user,
                provider_code=request.POST.get("provider", ""),
                return_url=return_url,
                client_ip=client_ip(request) or "",
            )
        except PaymentError as refused:
            error = refused.message
        else:
            if start.redirect_url:
                return redirect(start.redirect_url)
            return redirect("payments:attempt", reference=attempt.reference)
    return render(
        request,
        "payments/dossier_pay.html",
        {
            "dossier": dossier,
            "open_request": open_request,
            "requests": selectors.fee_requests_of(dossier),
            "providers": providers_enabled(online=True),
            "error": error,
        },
        status=400 if error else 200,
    )


@login_required
@require_safe
@not_found_as_404
def attempt_detail(request: HttpRequest, reference: str) -> HttpResponse:
    attempt = access.access_attempt_of_owner(request.user, reference)
    instructions = selectors.transfer_instructions(attempt) if attempt.provider == "vietqr" else {}
    return render(
        request,
        "payments/attempt.html",
        {
            "attempt": attempt,
            "dossier": attempt.request.dossier,
            "instructions": instructions,
            "qr": qr_svg_data_uri(instructions["payload"]) if instructions.get("payload") else "",
        },
    )


# --- Provider ----------------------------------------------------------------------------


@csrf_exempt
@require_http_methods(["GET", "HEAD", "POST"])
def paygov_return(request: HttpRequest) -> HttpResponse:
    """Where the platform sends the browser back. It may come before or after the callback;
    a verified message is applied here too, idempotently, so either order works.

    Some gateways return with a form POST instead of a redirect: accepted as well, without
    a CSRF token (the platform's page cannot have ours); the message's code authenticates it.
    """
    provider = provider_get("paygov")
    if provider is None:
        raise Http404
    params = request.POST if request.method == "POST" else request.GET
    report = provider.handle_return(dict(params.items()))
    attempt = services.report_apply(provider_code="paygov", report=report, kind=MessageKind.RETURN)
    if attempt is None:
        return render(request, "payments/return_invalid.html", status=400)
    owner_id = attempt.request.dossier.owner_id
    if request.user.is_authenticated and owner_id == request.user.pk:
        return redirect("payments:attempt", reference=attempt.reference)
    # Session lost on the way (another browser, expired): say what happened, nothing more.
    return render(request, "payments/return_done.html", {"status": attempt.get_status_display()})


def _callback(request: HttpRequest, code: str) -> JsonResponse:
    provider = provider_get(code)
    if provider is None:
        return JsonResponse({"MaLoi": "99", "message": "unknown provider"}, status=404)
    try:
        report = provider.handle_callback(request.body, dict(request.headers))
    except ProviderError as error:
        return JsonResponse({"MaLoi": "99", "message": error.message}, status=400)
    if not report.verified:
        services.report_apply(provider_code=code, report=report, kind=MessageKind.CALLBACK)
        return JsonResponse({"MaLoi": "97", "message": "invalid authentication code"}, status=403)
    attempt = services.report_apply(provider_code=code, report=report, kind=MessageKind.CALLBACK)
    if attempt is None:
        return JsonResponse({"MaLoi": "98", "message": "unknown reference"}, status=404)
    return JsonResponse({"MaLoi": "00", "message": "ok", "status": attempt.status})


@csrf_exempt
@require_POST
def paygov_callback(request: HttpRequest) -> JsonResponse:
    return _callback(request, "paygov")


@csrf_exempt
@require_POST
def vietqr_callback(request: HttpRequest) -> JsonResponse:
    return _callback(request, "vietqr")


# --- Officers ----------------------------------------------------------------------------


def _amount(text: str) -> Decimal | None:
    try:
        return Decimal(text.replace(".", "").replace(",", "").replace(" ", "").strip())
    except InvalidOperation:
        return None


@login_required
@require_safe
def desk(request: HttpRequest) -> HttpResponse:
    """The centre's collection desk: open fee requests, transfers to check, double payments."""
    user = request.user
    if not user.is_active or user.kind in APPLICANT_KINDS:
        raise Http404
    return render(request, "payments/desk.html", selectors.desk_items(user))


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
@not_found_as_404
def cash_record(request: HttpRequest, request_id: int) -> HttpResponse:
    fee_request = access.access_request_to_collect(request.user, request_id)
    error = ""
    if request.method == "POST":
        amount = _amount(request.POST.get("amount", ""))
        try:
            if amount is None:
                raise PaymentError(
                    PaymentErrorCode.AMOUNT_MISMATCH,
                    given=request.POST.get("amount", ""),
                    due=int(fee_request.amount),
                )
            services.cash_record(
                request=fee_request,
                user=request.user,
                receipt_number=request.POST.get("receipt_number", ""),
                amount=amount,
            )
        except (PaymentError, DossierError) as refused:
            error = refused.message
        else:
            messages.success(request, _("The cash payment has been recorded."))
            return redirect("payments:cash_record", request_id=fee_request.pk)
    return render(
        request,
        "payments/cash_record.html",
        {"fee_request": fee_request, "dossier": fee_request.dossier, "error": error},
        status=400 if error else 200,
    )


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
@not_found_as_404
def transfer_confirm(request: HttpRequest, reference: str) -> HttpResponse:
    attempt = access.access_attempt_to_confirm(request.user, reference)
    error = ""
    if request.method == "POST":
        try:
            attempt = services.transfer_confirm(
                attempt=attempt,
                user=request.user,
                bank_reference=request.POST.get("bank_reference", ""),
            )
        except (PaymentError, DossierError) as refused:
            error = refused.message
        else:
            messages.success(request, _("The bank transfer has been confirmed."))
            return redirect("payments:transfer_confirm", reference=attempt.reference)
    return render(
        request,
        "payments/transfer_confirm.html",
        {
            "attempt": attempt,
            "fee_request": attempt.request,
            "dossier": attempt.request.dossier,
            "error": error,
            "settled": attempt.status in {AttemptStatus.SUCCEEDED, AttemptStatus.DUPLICATE},
        },
        status=400 if error else 200,
    )


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
@not_found_as_404
def request_create(request: HttpRequest, dossier_id: int) -> HttpResponse:
    dossier = access.access_dossier_to_charge(request.user, dossier_id)
    fees = list(dossier.case.fees.order_by("position", "pk"))
    error = ""
    if request.method == "POST":
        chosen = [int(i) for i in request.POST.getlist("fee") if i.isdigit()]
        exemptions = {
            fee.pk: request.POST.get(f"exemption_{fee.pk}", "")
            for fee in fees
            if request.POST.get(f"exempt_{fee.pk}")
        }
        try:
            fee_request = services.fee_request_create(
                dossier=dossier,
                user=request.user,
                point=request.POST.get("point") or None,
                fee_ids=chosen,
                exemptions=exemptions,
                note=request.POST.get("note", ""),
            )
        except (PaymentError, DossierError) as refused:
            error = refused.message
        else:
            if fee_request.status == FeeRequestStatus.EXEMPT:
                messages.success(request, _("All fees are exempted; nothing is due."))
            else:
                messages.success(request, _("The fee request has been sent to the applicant."))
            return redirect("payments:request_create", dossier_id=dossier.pk)
    return render(
        request,
        "payments/request_create.html",
        {
            "dossier": dossier,
            "fees": fees,
            "requests": selectors.fee_requests_of(dossier),
            "error": error,
        },
        status=400 if error else 200,
    )


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
@not_found_as_404
def duplicate_refund(request: HttpRequest, reference: str) -> HttpResponse:
    attempt = access.access_attempt_to_refund(request.user, reference)
    error = ""
    if request.method == "POST":
        try:
            services.duplicate_refund(
                attempt=attempt, user=request.user, reason=request.POST.get("reason", "")
            )
        except (PaymentError, DossierError) as refused:
            error = refused.message
        else:
            messages.success(request, _("The refund has been recorded."))
            return redirect("payments:desk")
    return render(
        request,
        "payments/duplicate_refund.html",
        {"attempt": attempt, "dossier": attempt.request.dossier, "error": error},
        status=400 if error else 200,
    )


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
@not_found_as_404
def refund_record(request: HttpRequest, request_id: int) -> HttpResponse:
    fee_request = access.access_request_to_refund(request.user, request_id)
    error = ""
    if request.method == "POST":
        try:
            services.payment_refund(
                request=fee_request, user=request.user, reason=request.POST.get("reason", "")
            )
        except (PaymentError, DossierError) as refused:
            error = refused.message
        else:
            messages.success(request, _("The refund has been recorded."))
            return redirect("payments:refund_record", request_id=fee_request.pk)
        fee_request.refresh_from_db()
    return render(
        request,
        "payments/refund_record.html",
        {
            "fee_request": fee_request,
            "dossier": fee_request.dossier,
            "balance": selectors.balance_of(fee_request),
            "error": error,
        },
        status=400 if error else 200,
    )
