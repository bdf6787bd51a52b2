"""Two-factor authentication: an authenticator app (TOTP) plus one-time backup codes.

A person has at most one authenticator. Enrolment creates it unconfirmed and it counts
only once a code from the app has been confirmed; confirming also issues the backup
codes. A code is checked against one device chosen by its shape (six digits: the app;
anything else: a backup code), so django-otp's per-device throttling applies as designed.
"""

from __future__ import annotations

import math
from base64 import b32encode

from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

import django_otp
import segno
from django_otp.models import Device
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from motcua.core.audit import audit_record
from motcua.core.models import AuditEventKind

from .models import User

BACKUP_CODE_COUNT = 10
AUTHENTICATOR_NAME = gettext_lazy("Authenticator app")
BACKUP_CODES_NAME = gettext_lazy("Backup codes")


def authenticator(user: User, *, confirmed: bool = True) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed=confirmed).first()


def has_two_factor(user: User) -> bool:
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def backup_codes_left(user: User) -> int:
    return StaticToken.objects.filter(device__user=user, device__confirmed=True).count()


def authenticator_qr_data_uri(device: TOTPDevice) -> str:
    """The otpauth:// link as an SVG QR code, ready for an ``<img src>``."""
    return segno.make(device.config_url, micro=False).svg_data_uri(scale=5, border=2)


def authenticator_secret(device: TOTPDevice) -> str:
    """The key in base32, grouped by four, for typing into an app by hand."""
    secret = b32encode(device.bin_key).decode()
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


@transaction.atomic
def authenticator_enrol_start(*, user: User) -> TOTPDevice:
    if has_two_factor(user):
        raise ValidationError(_("Two-factor authentication is already on for this account."))
    # An abandoned enrolment leaves an unconfirmed device behind: start afresh.
    TOTPDevice.objects.filter(user=user, confirmed=False).delete()
    return TOTPDevice.objects.create(user=user, name=str(AUTHENTICATOR_NAME), confirmed=False)


def authenticator_enrol_confirm(
    *, user: User, token: str, request: HttpRequest | None = None
) -> tuple[TOTPDevice, list[str]]:
    """Confirm the pending authenticator with a code from the app; returns the device and
    the new backup codes, which are shown once and stored nowhere in clear."""
    device = authenticator(user, confirmed=False)
    if device is None:
        raise ValidationError(_("Start the set-up again: no authenticator is waiting."))
    # verify_token records throttling on failure, so it runs outside the transaction below.
    if not device.verify_token(token.strip()):
        raise ValidationError(_("The code is wrong or has expired."), code="otp_invalid")
    with transaction.atomic():
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        audit_record(
            kind=AuditEventKind.OTP_DEVICE_ADDED, actor=user, target=device, request=request
        )
        codes = backup_codes_regenerate(user=user, request=request)
    return device, codes


@transaction.atomic
def backup_codes_regenerate(*, user: User, request: HttpRequest | None = None) -> list[str]:
    """Replace the backup codes with a fresh set; old codes stop working."""
    if not has_two_factor(user):
        raise ValidationError(_("Turn on two-factor authentication first."))
    device, _created = StaticDevice.objects.get_or_create(
        user=user, defaults={"name": str(BACKUP_CODES_NAME), "confirmed": True}
    )
    device.token_set.all().delete()
    codes = [StaticToken.random_token() for _n in range(BACKUP_CODE_COUNT)]
    StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    audit_record(
        kind=AuditEventKind.OTP_DEVICE_ADDED,
        actor=user,
        target=device,
        request=request,
        codes=BACKUP_CODE_COUNT,
    )
    return codes


@transaction.atomic
def two_factor_remove(*, user: User, request: HttpRequest | None = None) -> None:
    """Remove the authenticator and the backup codes. The caller confirms the password."""
    removed = TOTPDevice.objects.filter(user=user).delete()[0]
    removed += StaticDevice.objects.filter(user=user).delete()[0]
    if removed:
        audit_record(
            kind=AuditEventKind.OTP_DEVICE_REMOVED, actor=user, target=user, request=request
        )


def token_check(*, user: User, token: str, request: HttpRequest | None = None) -> Device:
    """Check a code at sign-in. Returns the device that accepted it; raises a
    ValidationError with the reason otherwise. Both outcomes are audited."""
    token = token.strip().replace(" ", "").lower()
    model = TOTPDevice if len(token) == 6 and token.isdigit() else StaticDevice
    device = model.objects.filter(user=user, confirmed=True).first()
    if device is not None:
        allowed, details = device.verify_is_allowed()
        if not allowed:
            wait = math.ceil((details["locked_until"] - timezone.now()).total_seconds())
            audit_record(
                kind=AuditEventKind.OTP_FAILED, actor=user, request=request, throttled=True
            )
            raise ValidationError(
                _("Too many wrong codes. Wait %(seconds)s seconds, then try again."),
                code="otp_throttled",
                params={"seconds": max(wait, 1)},
            )
        verified = django_otp.verify_token(user, device.persistent_id, token)
        if verified is not None:
            audit_record(
                kind=AuditEventKind.OTP_VERIFIED, actor=user, target=verified, request=request
            )
            return verified
    audit_record(kind=AuditEventKind.OTP_FAILED, actor=user, request=request)
    raise ValidationError(_("The code is wrong or has expired."), code="otp_invalid")
