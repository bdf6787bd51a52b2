"""API tokens for integrating systems: create, revoke, authenticate."""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets

from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from motcua.core.audit import audit_record
from motcua.core.models import AuditEventKind

from .constants import UserKind
from .models import ApiToken, User

TOKEN_PREFIX = "mc_"  # noqa: S105 - a marker, not a secret
# Writing last_used_at on every call would turn each read into a write.
LAST_USED_RESOLUTION = dt.timedelta(minutes=5)


def _hash(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


def api_token_check(*, user: User, name: str, expires_on: dt.date | None) -> None:
    """Raise ValidationError (by field) unless a token with these values may be issued."""
    errors = {}
    if user.kind != UserKind.STAFF or not user.is_active:
        errors["user"] = _("API tokens are only for active staff accounts.")
    if not name.strip():
        errors["name"] = _("Name the system that will use the token.")
    if expires_on is not None and expires_on <= timezone.localdate():
        errors["expires_on"] = _("The expiry date must be in the future.")
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def api_token_create(
    *,
    user: User,
    name: str,
    created_by: User | None,
    expires_on: dt.date | None = None,
    request: HttpRequest | None = None,
) -> tuple[ApiToken, str]:
    """Create a token and return it with its secret, which is never retrievable again."""
    api_token_check(user=user, name=name, expires_on=expires_on)
    raw = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        user=user,
        name=name.strip(),
        prefix=raw[: len(TOKEN_PREFIX) + 6],
        key_hash=_hash(raw),
        expires_on=expires_on,
        created_by=created_by,
    )
    audit_record(
        kind=AuditEventKind.API_TOKEN_CREATED,
        actor=created_by,
        target=token,
        request=request,
        user_id=user.pk,
    )
    return token, raw


@transaction.atomic
def api_token_revoke(
    *, token: ApiToken, revoked_by: User | None, request: HttpRequest | None = None
) -> ApiToken:
    token = ApiToken.objects.select_for_update().get(pk=token.pk)
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.revoked_by = revoked_by
        token.save(update_fields=["revoked_at", "revoked_by"])
        audit_record(
            kind=AuditEventKind.API_TOKEN_REVOKED,
            actor=revoked_by,
            target=token,
            request=request,
            user_id=token.user_id,
        )
    return token


def api_token_authenticate(raw: str) -> User | None:
    """The active staff account behind a valid, unexpired, unrevoked token; else None."""
    if not raw.startswith(TOKEN_PREFIX):
        return None
    token = ApiToken.objects.select_related("user").filter(key_hash=_hash(raw)).first()
    if token is None or token.revoked_at is not None or not token.user.is_active:
        return None
    now = timezone.now()
    if token.expires_on is not None and timezone.localdate(now) > token.expires_on:
        return None
    if token.last_used_at is None or now - token.last_used_at > LAST_USED_RESOLUTION:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token.user
