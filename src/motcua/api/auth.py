"""Authentication of REST API calls: the browser session (UI) or a bearer token (systems)."""

from __future__ import annotations

from functools import partial

from django.http import HttpRequest

from django_otp.middleware import is_verified
from ninja.errors import AuthenticationError
from ninja.security import HttpBearer
from ninja.security import SessionAuth as NinjaSessionAuth

from motcua.accounts.tokens import api_token_authenticate


class TokenAuth(HttpBearer):
    """``Authorization: Bearer mc_…``. No CSRF: the token is not sent by browsers on their own.

    It is tried before the session: a request that presents a token is judged by that
    token alone, and an unusable one is refused (401) rather than falling back to the
    session, whose CSRF check would otherwise refuse every token call that writes.
    """

    def authenticate(self, request: HttpRequest, token: str):
        user = api_token_authenticate(token)
        if user is None:
            raise AuthenticationError()
        # Services and access checks read request.user as OTPMiddleware leaves it. A
        # token is no second factor, so roles that need one (system administrator)
        # do not act through it.
        user.otp_device = None
        user.is_verified = partial(is_verified, user)
        request.user = user
        return user


class SessionAuth(NinjaSessionAuth):
    """The browser session; its CSRF token is checked only once someone is signed in.

    An anonymous call is therefore 401 (sign in), not 403 (CSRF), whatever its method.
    """

    def __call__(self, request: HttpRequest):
        if not request.user.is_authenticated:
            return None
        return super().__call__(request)
