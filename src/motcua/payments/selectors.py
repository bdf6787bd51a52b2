"""Reads of the payments app for pages, the API and reports."""

from __future__ import annotations

from decimal import Decimal

from django.db.models import QuerySet, Sum

from .constants import FeeRequestStatus
from .models import FeeRequest, LedgerEntry, PaymentAttempt, ProviderMessage


def fee_requests_of(dossier) -> QuerySet[FeeRequest]:
    return FeeRequest.objects.filter(dossier=dossier).prefetch_related("lines", "attempts")


def open_request_of(dossier) -> FeeRequest | None:
    return (
        FeeRequest.objects.filter(dossier=dossier, status=FeeRequestStatus.OPEN)
        .prefetch_related("lines")
        .first()
    )


def balance_of(request: FeeRequest) -> Decimal:
    """Money held for a request: payments less refunds, from the ledger."""
    total = LedgerEntry.objects.filter(request=request).aggregate(total=Sum("amount"))["total"]
    return total or Decimal(0)


def transfer_instructions(attempt: PaymentAttempt) -> dict:
    """The QR payload and account shown when the transfer attempt started."""
    message = (
        ProviderMessage.objects.filter(attempt=attempt, kind="start", direction="out")
        .order_by("pk")
        .first()
    )
    return (message.body.get("instructions") or {}) if message else {}


def desk_items(user) -> dict[str, list]:
    """What a staff member's centre has to collect or check, within their viewing scope.

    The target pages check the actual grant (record or refund payment) again.
    """
    from motcua.dossiers.access import dossiers_visible_to

    from .constants import AttemptStatus

    visible = dossiers_visible_to(user)
    requests = (
        FeeRequest.objects.filter(dossier__in=visible, status=FeeRequestStatus.OPEN)
        .select_related("dossier")
        .order_by("created_at")[:200]
    )
    attempts = (
        PaymentAttempt.objects.filter(request__dossier__in=visible)
        .select_related("request__dossier")
        .order_by("created_at")
    )
    return {
        "requests": list(requests),
        # Transfers of a request paid another way no longer need checking; if the money
        # comes anyway the bank notice or a confirmation books it as a double payment.
        "transfers": list(
            attempts.filter(
                provider="vietqr",
                status=AttemptStatus.PENDING,
                request__status=FeeRequestStatus.OPEN,
            )[:200]
        ),
        "duplicates": list(attempts.filter(status=AttemptStatus.DUPLICATE)[:200]),
    }


def open_requests_of_owner(user) -> QuerySet[FeeRequest]:
    """Fees a citizen or organisation has to pay now, for "my dossiers" pages."""
    if not (user.is_authenticated and user.is_active):
        return FeeRequest.objects.none()
    return (
        FeeRequest.objects.filter(dossier__owner=user, status=FeeRequestStatus.OPEN)
        .select_related("dossier")
        .order_by("created_at")
    )
