"""Authentication of REST API calls: the browser session (UI) or a bearer token (systems)."""

from __future__ import annotations

from functools import partial

from django.http import HttpRequest

from django_otp.middleware import is_verified
from ninja.security import HttpBearer

from motcua.accounts.tokens import api_token_authenticate


class TokenAuth(HttpBearer):
    """``Authorization: Bearer mc_…``. No CSRF: the token is not sent by browsers on their own."""

    def authenticate(self, request: HttpRequest, token: str):
        user = api_token_authenticate(token)
        if user is not None:
            # Services and access checks read request.user as OTPMiddleware leaves it. A
            # token is no second factor, so roles that need one (system administrator)
            # do not act through it.
            user.otp_device = None
            user.is_verified = partial(is_verified, user)
            request.user = user
        return user
