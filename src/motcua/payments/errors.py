"""Refusals of the payments app: a stable code and a translated message."""

from __future__ import annotations

from enum import StrEnum
from typing import Any

from django.utils.translation import gettext_lazy as _


class PaymentErrorCode(StrEnum):
    NOT_FOUND = "not_found"
    FORBIDDEN = "forbidden"
    NO_FEES = "no_fees"
    UNKNOWN_FEE = "unknown_fee"
    REASON_REQUIRED = "reason_required"
    ALREADY_OPEN = "already_open"
    NOT_OPEN = "not_open"
    NOT_PAID = "not_paid"
    PROVIDER_UNAVAILABLE = "provider_unavailable"
    PROVIDER_FAILED = "provider_failed"
    RECEIPT_REQUIRED = "receipt_required"
    RECEIPT_USED = "receipt_used"
    AMOUNT_MISMATCH = "amount_mismatch"
    BANK_REFERENCE_REQUIRED = "bank_reference_required"
    NOT_A_TRANSFER = "not_a_transfer"
    ALREADY_SETTLED = "already_settled"
    INVALID_POINT = "invalid_point"


MESSAGES: dict[PaymentErrorCode, Any] = {
    PaymentErrorCode.NOT_FOUND: _("No such payment."),
    PaymentErrorCode.FORBIDDEN: _("You may not do this for this dossier."),
    PaymentErrorCode.NO_FEES: _("The case of this dossier has no fee at this payment point."),
    PaymentErrorCode.UNKNOWN_FEE: _("A chosen fee does not belong to the case of this dossier."),
    PaymentErrorCode.REASON_REQUIRED: _("Give the reason for each exemption."),
    PaymentErrorCode.ALREADY_OPEN: _("This dossier already has a fee request awaiting payment."),
    PaymentErrorCode.NOT_OPEN: _("This fee request is no longer awaiting payment."),
    PaymentErrorCode.NOT_PAID: _("Only a paid fee can be refunded."),
    PaymentErrorCode.PROVIDER_UNAVAILABLE: _("This payment method is not available."),
    PaymentErrorCode.PROVIDER_FAILED: _("%(message)s"),
    PaymentErrorCode.RECEIPT_REQUIRED: _("Enter the receipt number."),
    PaymentErrorCode.RECEIPT_USED: _("Receipt number %(number)s has already been recorded."),
    PaymentErrorCode.AMOUNT_MISMATCH: _(
        "The amount received (%(given)s VND) differs from the amount due (%(due)s VND)."
    ),
    PaymentErrorCode.BANK_REFERENCE_REQUIRED: _(
        "Enter the bank's transaction number from the account statement."
    ),
    PaymentErrorCode.NOT_A_TRANSFER: _("This payment is not a bank transfer."),
    PaymentErrorCode.ALREADY_SETTLED: _("This payment has already been settled."),
    PaymentErrorCode.INVALID_POINT: _("Choose when the fee is paid: before or after processing."),
}


class PaymentError(Exception):
    def __init__(self, code: PaymentErrorCode, **params: Any) -> None:
        self.code = code
        self.params = params
        self.message = str(MESSAGES[code]) % params if params else str(MESSAGES[code])
        super().__init__(self.message)
