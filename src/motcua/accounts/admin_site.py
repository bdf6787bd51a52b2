"""The Django admin site with motcua's access rules, applied to ``admin.site`` at start-up."""

from __future__ import annotations

from django.contrib import admin
from django.contrib.auth import REDIRECT_FIELD_NAME
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme

from .access import can_use_admin_site, two_factor_pending
from .twofactor import has_two_factor


class MotcuaAdminSite(admin.AdminSite):
    def has_permission(self, request: HttpRequest) -> bool:
        # Reads active admin roles and, for system administrators, the two-factor state.
        return can_use_admin_site(request.user)

    def login(self, request: HttpRequest, extra_context=None) -> HttpResponse:
        # One sign-in for the whole site: the admin's own form would skip the second factor.
        next_url = request.GET.get(REDIRECT_FIELD_NAME, "")
        if not url_has_allowed_host_and_scheme(
            next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
        ):
            next_url = reverse("admin:index", current_app=self.name)
        user = request.user
        if not user.is_authenticated:
            return redirect_to_login(next_url, reverse("accounts:login"))
        if self.has_permission(request):
            return redirect(next_url)
        if two_factor_pending(user):
            step = "accounts:otp_verify" if has_two_factor(user) else "accounts:security"
            return redirect_to_login(next_url, reverse(step))
        raise PermissionDenied
