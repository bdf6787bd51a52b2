"""Sign-in, the second factor and the security page. Thin: rules live in access, services
and twofactor.

Sign-in is two steps for anyone with an authenticator: after the password the session
only remembers who is waiting (``PENDING_LOGIN``), and ``login()`` happens once the code
is confirmed, so no page can be reached half signed in.
"""

from __future__ import annotations

import time
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth import REDIRECT_FIELD_NAME, update_session_auth_hash
from django.contrib.auth import login as auth_login
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import AuthenticationForm, PasswordChangeForm
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_POST

import django_otp

from . import twofactor
from .access import access_two_factor_settings, two_factor_required
from .forms import OtpTokenForm, PasswordConfirmForm
from .models import User
from .services import user_password_set

PENDING_LOGIN = "accounts.pending_login"
PENDING_LOGIN_SECONDS = 300


def _next_url(request: HttpRequest, default: str = "portal:home") -> str:
    url = request.POST.get(REDIRECT_FIELD_NAME) or request.GET.get(REDIRECT_FIELD_NAME, "")
    if url_has_allowed_host_and_scheme(
        url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return url
    return reverse(default)


def _with_next(view_name: str, next_url: str) -> str:
    return f"{reverse(view_name)}?{urlencode({REDIRECT_FIELD_NAME: next_url})}"


def _pending_user(request: HttpRequest) -> User | None:
    pending = request.session.get(PENDING_LOGIN)
    if not pending or time.time() - pending["started"] > PENDING_LOGIN_SECONDS:
        return None
    return User.objects.filter(pk=pending["user_id"], is_active=True).first()


@sensitive_post_parameters("password")
@never_cache
def login_view(request: HttpRequest) -> HttpResponse:
    next_url = _next_url(request)
    if request.user.is_authenticated:
        return redirect(next_url)
    # AuthenticationForm passes the request to authenticate(), which axes needs.
    form = AuthenticationForm(request, data=request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = form.get_user()
        if twofactor.has_two_factor(user):
            request.session[PENDING_LOGIN] = {
                "user_id": user.pk,
                "backend": user.backend,
                "started": time.time(),
            }
            return redirect(_with_next("accounts:otp_verify", next_url))
        auth_login(request, user)
        if two_factor_required(user):
            messages.warning(
                request,
                _("Your role requires two-factor authentication. Set it up to continue."),
            )
            return redirect(_with_next("accounts:security", next_url))
        return redirect(next_url)
    return render(request, "accounts/login.html", {"form": form, "next": next_url})


@sensitive_post_parameters("otp_token")
@never_cache
def otp_verify_view(request: HttpRequest) -> HttpResponse:
    """Second step of sign-in, or confirming a code later in an already open session."""
    next_url = _next_url(request)
    signed_in = request.user.is_authenticated
    user = request.user if signed_in else _pending_user(request)
    if user is None:
        return redirect(_with_next("accounts:login", next_url))
    if signed_in and (request.user.is_verified() or not twofactor.has_two_factor(user)):
        return redirect(next_url)
    form = OtpTokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            device = twofactor.token_check(
                user=user, token=form.cleaned_data["otp_token"], request=request
            )
        except ValidationError as error:
            form.add_error("otp_token", error)
        else:
            if not signed_in:
                auth_login(request, user, backend=request.session.pop(PENDING_LOGIN)["backend"])
            django_otp.login(request, device)
            return redirect(next_url)
    return render(request, "accounts/otp_verify.html", {"form": form, "next": next_url})


@login_required
@never_cache
def security_view(request: HttpRequest) -> HttpResponse:
    access_two_factor_settings(request.user)
    user = request.user
    return render(
        request,
        "accounts/security.html",
        {
            "has_two_factor": twofactor.has_two_factor(user),
            "required": two_factor_required(user),
            "backup_codes_left": twofactor.backup_codes_left(user),
            "remove_form": PasswordConfirmForm(user),
            "next": _next_url(request, "accounts:security"),
        },
    )


@login_required
@require_POST
def authenticator_start_view(request: HttpRequest) -> HttpResponse:
    access_two_factor_settings(request.user)
    try:
        twofactor.authenticator_enrol_start(user=request.user)
    except ValidationError as error:
        messages.error(request, error.messages[0])
        return redirect("accounts:security")
    next_url = _next_url(request, "accounts:security")
    return redirect(_with_next("accounts:authenticator_confirm", next_url))


@sensitive_post_parameters("otp_token")
@login_required
@never_cache
def authenticator_confirm_view(request: HttpRequest) -> HttpResponse:
    access_two_factor_settings(request.user)
    device = twofactor.authenticator(request.user, confirmed=False)
    if device is None:
        return redirect("accounts:security")
    next_url = _next_url(request, "accounts:security")
    form = OtpTokenForm(request.POST or None)
    form.fields["otp_token"].help_text = _("The 6-digit code your app shows now.")
    if request.method == "POST" and form.is_valid():
        try:
            device, codes = twofactor.authenticator_enrol_confirm(
                user=request.user, token=form.cleaned_data["otp_token"], request=request
            )
        except ValidationError as error:
            form.add_error("otp_token", error)
        else:
            # The code just proved the factor: this session counts as verified.
            django_otp.login(request, device)
            return render(
                request,
                "accounts/backup_codes.html",
                {"codes": codes, "next": next_url, "enrolled": True},
            )
    context = {
        "form": form,
        "qr": twofactor.authenticator_qr_data_uri(device),
        "secret": twofactor.authenticator_secret(device),
        "next": next_url,
    }
    return render(request, "accounts/authenticator_confirm.html", context)


@login_required
@require_POST
@never_cache
def backup_codes_view(request: HttpRequest) -> HttpResponse:
    access_two_factor_settings(request.user)
    try:
        codes = twofactor.backup_codes_regenerate(user=request.user, request=request)
    except ValidationError as error:
        messages.error(request, error.messages[0])
        return redirect("accounts:security")
    # Shown in this response only: never stored in clear, never in a message cookie.
    context = {"codes": codes, "next": reverse("accounts:security"), "enrolled": False}
    return render(request, "accounts/backup_codes.html", context)


@sensitive_post_parameters("password")
@login_required
@require_POST
def two_factor_remove_view(request: HttpRequest) -> HttpResponse:
    access_two_factor_settings(request.user)
    form = PasswordConfirmForm(request.user, request.POST)
    if not form.is_valid():
        messages.error(request, form.errors["password"][0])
        return redirect("accounts:security")
    twofactor.two_factor_remove(user=request.user, request=request)
    messages.success(request, _("Two-factor authentication is off."))
    return redirect("accounts:security")


@sensitive_post_parameters("old_password", "new_password1", "new_password2")
@login_required
@never_cache
def password_change_view(request: HttpRequest) -> HttpResponse:
    form = PasswordChangeForm(request.user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        user_password_set(
            user=request.user,
            password=form.cleaned_data["new_password1"],
            changed_by=request.user,
            request=request,
        )
        update_session_auth_hash(request, request.user)  # keep this session signed in
        messages.success(request, _("Your password has been changed."))
        return redirect("accounts:security" if request.user.is_staff_member else "portal:home")
    return render(request, "accounts/password_change.html", {"form": form})
