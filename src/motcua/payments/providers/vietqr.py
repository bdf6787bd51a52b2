"""Bank transfer by VietQR: the citizen scans a QR whose note carries our reference.

Confirmation comes from the bank's transfer notification (JSON body authenticated by an
HMAC-SHA256 of the raw body with the shared secret, ``X-Signature`` header) or from an
officer who sees the money on the account statement. There is no status query: banks do
not offer one for plain transfers, so an unconfirmed transfer waits for either.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import re
from decimal import Decimal, InvalidOperation

from django.conf import settings
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

import segno

from ..constants import Outcome
from ..emvco import vietqr_payload
from .base import ProviderError, RefundResult, Report, Start

REFERENCE = re.compile(r"MC[0-9A-F]{12}")


def transfer_note(reference: str) -> str:
    return f"{reference} NOP PHI"


def qr_svg_data_uri(payload: str) -> str:
    """The QR as an inline SVG: no extra request on a slow link, sharp on any screen.

    segno (already used for the receipt QR) rather than ``qrcode``; level M as banking
    apps expect for VietQR.
    """
    return segno.make(payload, error="m", micro=False).svg_data_uri(scale=6, border=4)


def signature(body: bytes, secret: str) -> str:
    return hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()


class VietQRProvider:
    code = "vietqr"
    label = gettext_lazy("Bank transfer by VietQR")
    online = True
    queryable = False
    # The same QR is shown again rather than a new reference per click.
    reusable = True

    def start(self, attempt, *, return_url: str, client_ip: str) -> Start:
        if not settings.VIETQR_ACCOUNT:
            raise ProviderError(_("Bank transfer is not configured for this centre."))
        note = transfer_note(attempt.reference)
        payload = vietqr_payload(
            bin_code=settings.VIETQR_BANK_BIN,
            account=settings.VIETQR_ACCOUNT,
            amount=attempt.amount,
            note=note,
        )
        instructions = {
            "payload": payload,
            "bank_bin": settings.VIETQR_BANK_BIN,
            "account": settings.VIETQR_ACCOUNT,
            "account_name": settings.VIETQR_ACCOUNT_NAME,
            "amount": str(attempt.amount),
            "note": note,
        }
        return Start(instructions=instructions, sent=instructions)

    def handle_return(self, params: dict[str, str]) -> Report:
        raise ProviderError(_("This provider has no return page."))

    def handle_callback(self, body: bytes, headers: dict[str, str]) -> Report:
        secret = settings.VIETQR_CALLBACK_SECRET
        given = headers.get("X-Signature", "")
        verified = bool(secret) and hmac.compare_digest(given, signature(body, secret))
        try:
            data = json.loads(body or b"{}")
        except ValueError:
            data = {}
        if not isinstance(data, dict):
            data = {}
        found = REFERENCE.search(str(data.get("description", "")).upper())
        try:
            amount = Decimal(str(data.get("amount", "")))
        except InvalidOperation:
            amount = None
        return Report(
            reference=found.group(0) if found else "",
            outcome=Outcome.SUCCEEDED,
            verified=verified,
            amount=amount,
            provider_reference=str(data.get("transaction_id", ""))[:100],
            raw=data,
        )

    def query(self, attempt) -> Report:
        return Report(reference=attempt.reference, outcome=Outcome.PENDING, verified=False)

    def refund(self, attempt, *, reason: str) -> RefundResult:
        # Paid back by the centre's accountant with an ordinary transfer.
        return RefundResult(raw={"manual": True})


class CashProvider:
    """Cash at the counter: only an officer records it, with the receipt number."""

    code = "cash"
    label = gettext_lazy("Cash at the counter")
    online = False
    queryable = False

    def start(self, attempt, *, return_url: str, client_ip: str) -> Start:
        raise ProviderError(_("Cash is recorded by the counter officer."))

    def handle_return(self, params: dict[str, str]) -> Report:
        raise ProviderError(_("This provider has no return page."))

    def handle_callback(self, body: bytes, headers: dict[str, str]) -> Report:
        raise ProviderError(_("This provider sends no notifications."))

    def query(self, attempt) -> Report:
        return Report(reference=attempt.reference, outcome=Outcome.PENDING, verified=False)

    def refund(self, attempt, *, reason: str) -> RefundResult:
        return RefundResult(raw={"manual": True})
