"""Audit rows for sign-in events, which Django and django-axes announce through signals.

Connected in ``AccountsConfig.ready()``. Everything else is audited by the service that
does the change.
"""

from __future__ import annotations

from django.http import HttpRequest

from motcua.core.audit import audit_record
from motcua.core.models import AuditEventKind


def on_logged_in(sender, request: HttpRequest, user, **kwargs) -> None:
    audit_record(kind=AuditEventKind.LOGIN, actor=user, target=user, request=request)


def on_login_failed(
    sender, credentials: dict, request: HttpRequest | None = None, **kwargs
) -> None:
    # Django has already masked the password in ``credentials``; keep only the username.
    audit_record(
        kind=AuditEventKind.LOGIN_FAILED,
        actor_label=str(credentials.get("username") or ""),
        request=request,
    )


def on_logged_out(sender, request: HttpRequest, user, **kwargs) -> None:
    if user is not None:  # logging out an anonymous session is not an event
        audit_record(kind=AuditEventKind.LOGOUT, actor=user, target=user, request=request)


def on_locked_out(
    sender, request: HttpRequest, username: str | None, ip_address: str, **kwargs
) -> None:
    audit_record(kind=AuditEventKind.LOCKED_OUT, actor_label=username or "", request=request)
