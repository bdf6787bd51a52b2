"""Citizen registration and the personal pages: my dossiers, one dossier, its supplement.

Sign-in itself is the accounts app's (username and password, lockout by axes); the national
electronic identity (OIDC) comes from the integrations app and is linked here once
``PORTAL_NATIONAL_ID_LOGIN_URL`` is set.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from motcua.documents.constants import FileType
from motcua.documents.signing import pdf_verify
from motcua.documents.storage import document_storage
from motcua.dossiers.constants import DossierStatus, PaymentStatus
from motcua.dossiers.error_codes import DossierError
from motcua.dossiers.selectors import dossier_is_overdue

from .access import access_own_dossier, is_applicant
from .constants import CITIZEN_TO_ACT, PLAIN_STATUS
from .forms import RegistrationForm, SupplementForm
from .selectors import my_dossiers, my_drafts, public_timeline, supplement_request, url_if_exists
from .services import citizen_register, supplement_send


@sensitive_post_parameters("password1", "password2")
@never_cache
@require_http_methods(["GET", "POST"])
def register(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        return redirect("portal:my_dossiers")
    form = RegistrationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            user = citizen_register(
                kind=data["kind"],
                full_name=data["full_name"],
                identification_number=data["identification_number"],
                phone=data["phone"],
                email=data["email"],
                password=data["password1"],
                request=request,
            )
        except ValidationError as error:
            for field, problems in error.message_dict.items():
                form.add_error(field if field in form.fields else None, problems)
        else:
            login(request, user, backend="django.contrib.auth.backends.ModelBackend")
            messages.success(request, _("Your account is ready. You sign in with your number."))
            return redirect("portal:my_dossiers")
    return render(
        request,
        "portal/register.html",
        {"form": form, "national_id_url": settings.PORTAL_NATIONAL_ID_LOGIN_URL},
    )


def _applicant_required(request: HttpRequest) -> HttpResponse | None:
    if not is_applicant(request.user):
        return render(request, "portal/applicants_only.html", status=403)
    return None


@login_required
@require_safe
def my_dossier_list(request: HttpRequest) -> HttpResponse:
    refused = _applicant_required(request)
    if refused:
        return refused
    dossiers = list(my_dossiers(request.user)[:200])
    for dossier in dossiers:
        dossier.plain_status = PLAIN_STATUS.get(dossier.status, dossier.get_status_display())
        dossier.to_act = dossier.status in CITIZEN_TO_ACT
    return render(
        request,
        "portal/my_dossiers.html",
        {
            "dossiers": dossiers,
            "drafts": my_drafts(request.user),
            "store_url": url_if_exists("documents:store"),
        },
    )


def _results(dossier) -> list[dict]:
    """Each result file with the verdict on its digital signature (PDFs only)."""
    found = []
    for result in dossier.results.prefetch_related("files"):
        for stored in result.files.all():
            check = None
            if stored.file_type == FileType.PDF:
                try:
                    with document_storage().open(stored.storage_key, "rb") as handle:
                        check = pdf_verify(handle.read())
                except FileNotFoundError:
                    check = None
            found.append({"result": result, "file": stored, "check": check})
    return found


@login_required
@require_safe
def my_dossier_detail(request: HttpRequest, dossier_id: int) -> HttpResponse:
    dossier = access_own_dossier(request.user, dossier_id)
    return render(request, "portal/my_dossier.html", _detail_context(request, dossier))


def _detail_context(request, dossier, supplement_form=None) -> dict:
    request_event = supplement_request(dossier)
    rows = list(dossier.components.select_related("component").prefetch_related("files"))
    if request_event is not None and supplement_form is None:
        supplement_form = SupplementForm(rows=rows)
    pay_url = ""
    if dossier.payment_status == PaymentStatus.REQUESTED:
        pay_url = url_if_exists("payments:dossier_pay", dossier.pk)
    return {
        "dossier": dossier,
        "plain_status": PLAIN_STATUS.get(dossier.status, dossier.get_status_display()),
        "to_act": dossier.status in CITIZEN_TO_ACT,
        "overdue": dossier_is_overdue(dossier, now=timezone.now()),
        "timeline": public_timeline(dossier),
        "request_event": request_event,
        "supplement_form": supplement_form,
        "rows": rows,
        "fees": list(dossier.case.fees.order_by("position")),
        "pay_url": pay_url,
        "results": _results(dossier),
        "rate_url": (
            url_if_exists("feedback:rate", dossier.pk)
            if dossier.status in (DossierStatus.RESOLVED, DossierStatus.RETURNED)
            else ""
        ),
    }


@login_required
@require_POST
def supplement(request: HttpRequest, dossier_id: int) -> HttpResponse:
    dossier = access_own_dossier(request.user, dossier_id)
    rows = list(dossier.components.select_related("component"))
    form = SupplementForm(request.POST, request.FILES, rows=rows)
    if form.is_valid():
        try:
            supplement_send(
                dossier=dossier,
                user=request.user,
                note=form.cleaned_data["note"],
                files=form.files_by_row(),
            )
        except ValidationError as error:
            form.add_error(None, error)
        except DossierError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("Your supplement was sent."))
            return redirect("portal:my_dossier", dossier_id=dossier.pk)
    context = _detail_context(request, dossier, supplement_form=form)
    return render(request, "portal/my_dossier.html", context, status=400)
