"""Writes of the payments app: fee requests, starting a payment, applying a provider's
report, officer confirmations (cash, transfer), refunds and the pending-payment sweep.

The rule that keeps money right: a payment counts only through ``_payment_book``, which
locks the fee request, inserts the ledger entry (unique per attempt in the database) and
only then moves the dossier's payment track through the dossier engine's own service.
Duplicate or concurrent confirmations of the same attempt therefore count once, and a
second attempt paying an already paid request is kept as ``duplicate`` for a refund.
"""

from __future__ import annotations

import datetime as dt
import secrets
from collections.abc import Iterable, Mapping
from decimal import Decimal

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

import structlog

from motcua.catalog.constants import FeeCollection
from motcua.dossiers.access import PAYMENT_PLATFORM, dossier_actor
from motcua.dossiers.error_codes import DossierError
from motcua.dossiers.models import Dossier
from motcua.dossiers.services import (
    dossier_record_payment,
    dossier_refund_payment,
    dossier_request_payment,
)
from motcua.dossiers.workflow import Action

from .constants import (
    UNSETTLED,
    AttemptStatus,
    FeeRequestStatus,
    LedgerKind,
    MessageDirection,
    MessageKind,
    Outcome,
)
from .errors import PaymentError
from .errors import PaymentErrorCode as E
from .models import FeeLine, FeeRequest, LedgerEntry, PaymentAttempt, ProviderMessage, Refund
from .providers import ProviderError, Report, Start, provider_get
from .selectors import transfer_instructions

log = structlog.get_logger("motcua.payments")

# An online attempt nobody confirmed for this long is closed as failed; a late verified
# success still books it (see ``report_apply``).
ABANDON_AFTER = dt.timedelta(days=1)


def new_reference() -> str:
    """Ours, short and ASCII so it fits a bank transfer note: MC + 12 hex digits."""
    return "MC" + secrets.token_hex(6).upper()


def _message(
    *,
    provider: str,
    direction: MessageDirection,
    kind: MessageKind,
    body: Mapping,
    attempt: PaymentAttempt | None = None,
    verified: bool = False,
    note: str = "",
) -> ProviderMessage:
    return ProviderMessage.objects.create(
        attempt=attempt,
        provider=provider,
        direction=direction,
        kind=kind,
        body=dict(body),
        verified=verified,
        note=note[:500],
        at=timezone.now(),
    )


# --- Fee requests -------------------------------------------------------------------------


def fee_request_create(
    *,
    dossier: Dossier,
    user,
    point: str | None = None,
    fee_ids: Iterable[int] | None = None,
    exemptions: Mapping[int, str] | None = None,
    note: str = "",
) -> FeeRequest:
    """Ask for the case's fees due at ``point`` (before / after processing).

    ``point`` defaults to the collection time configured on the case's first fee, else
    ``PAYMENTS_DEFAULT_POINT``. Without ``fee_ids`` the fees that always apply are taken;
    a fee with a condition is included only when chosen. ``exemptions`` maps a fee id to
    the legal reason; an exempted fee is kept on the request at zero. When nothing is left
    to pay the request is recorded as exempt and the dossier does not wait.
    """
    exemptions = dict(exemptions or {})
    fees = list(dossier.case.fees.order_by("position", "pk"))
    if point is None:
        point = fees[0].collection if fees else settings.PAYMENTS_DEFAULT_POINT
    if point not in FeeCollection.values:
        raise PaymentError(E.INVALID_POINT)
    at_point = [fee for fee in fees if fee.collection == point]
    by_id = {fee.pk: fee for fee in fees}
    if fee_ids is None:
        chosen = [fee for fee in at_point if not fee.condition.strip()]
    else:
        wanted = list(dict.fromkeys(int(i) for i in fee_ids))
        if any(i not in by_id for i in wanted):
            raise PaymentError(E.UNKNOWN_FEE)
        chosen = [by_id[i] for i in wanted]
    if any(i not in {fee.pk for fee in chosen} for i in exemptions):
        raise PaymentError(E.UNKNOWN_FEE)
    if any(not str(reason).strip() for reason in exemptions.values()):
        raise PaymentError(E.REASON_REQUIRED)
    if not chosen:
        raise PaymentError(E.NO_FEES)
    total = sum((fee.amount for fee in chosen if fee.pk not in exemptions), Decimal(0))
    try:
        # The same grant as the dossier engine's payment request, also for a full exemption;
        # the state is checked by that service when something is due.
        dossier_actor(user, dossier, Action.REQUEST_PAYMENT)
    except DossierError:
        raise PaymentError(E.FORBIDDEN) from None
    now = timezone.now()
    with transaction.atomic():
        if FeeRequest.objects.filter(dossier=dossier, status=FeeRequestStatus.OPEN).exists():
            raise PaymentError(E.ALREADY_OPEN)
        request = FeeRequest.objects.create(
            dossier=dossier,
            point=point,
            reference=new_reference(),
            amount=total,
            status=FeeRequestStatus.OPEN if total > 0 else FeeRequestStatus.EXEMPT,
            note=note.strip(),
            created_by=user,
            created_at=now,
        )
        FeeLine.objects.bulk_create(
            FeeLine(
                request=request,
                fee=fee,
                kind=fee.kind,
                name=fee.name,
                amount=fee.amount,
                exempt=fee.pk in exemptions,
                exemption_reason=str(exemptions.get(fee.pk, "")).strip(),
            )
            for fee in chosen
        )
        if total > 0:
            dossier_request_payment(
                dossier=dossier,
                user=user,
                note=f"{request.reference}: {int(total)} VND. {note.strip()}".strip(),
            )
    log.info("fee_request_created", dossier_id=dossier.pk, reference=request.reference)
    return request


# --- Starting a payment -------------------------------------------------------------------


def payment_start(
    *, request: FeeRequest, user, provider_code: str, return_url: str, client_ip: str = ""
) -> tuple[PaymentAttempt, Start]:
    """Open an attempt and ask the provider how the citizen pays (redirect or QR)."""
    provider = provider_get(provider_code)
    if provider is None or not provider.online:
        raise PaymentError(E.PROVIDER_UNAVAILABLE)
    if request.status != FeeRequestStatus.OPEN:
        raise PaymentError(E.NOT_OPEN)
    if getattr(provider, "reusable", False):
        # A transfer QR stays valid: showing it again keeps one reference per request, so
        # a transfer made from the first page still matches.
        pending = (
            PaymentAttempt.objects.filter(
                request=request, provider=provider.code, status=AttemptStatus.PENDING
            )
            .order_by("created_at")
            .first()
        )
        if pending is not None:
            return pending, Start(instructions=transfer_instructions(pending))
    now = timezone.now()
    # Committed before the network call: the provider may hear of it even if we crash.
    attempt = PaymentAttempt.objects.create(
        request=request,
        provider=provider.code,
        reference=new_reference(),
        amount=request.amount,
        started_by=user if getattr(user, "is_authenticated", False) else None,
        created_at=now,
        updated_at=now,
    )
    try:
        start = provider.start(attempt, return_url=return_url, client_ip=client_ip)
    except ProviderError as error:
        attempt.status = AttemptStatus.FAILED
        attempt.message = error.message[:500]
        attempt.updated_at = timezone.now()
        attempt.save(update_fields=["status", "message", "updated_at"])
        _message(
            provider=provider.code,
            direction=MessageDirection.OUT,
            kind=MessageKind.START,
            body=error.raw,
            attempt=attempt,
            note=error.message,
        )
        raise PaymentError(E.PROVIDER_FAILED, message=error.message) from error
    _message(
        provider=provider.code,
        direction=MessageDirection.OUT,
        kind=MessageKind.START,
        body={**start.sent, **({"instructions": start.instructions} if start.instructions else {})},
        attempt=attempt,
        verified=True,
    )
    if start.answer:
        _message(
            provider=provider.code,
            direction=MessageDirection.IN,
            kind=MessageKind.START_ANSWER,
            body=start.answer,
            attempt=attempt,
            verified=True,
        )
    attempt.status = AttemptStatus.PENDING
    attempt.redirect_url = start.redirect_url[:1000]
    attempt.updated_at = timezone.now()
    attempt.save(update_fields=["status", "redirect_url", "updated_at"])
    return attempt, start


# --- Booking a payment --------------------------------------------------------------------


def _ledger_payment(request: FeeRequest, attempt: PaymentAttempt, *, at) -> bool:
    """The attempt's money in the ledger; False when the unique index says it is there."""
    try:
        with transaction.atomic():
            LedgerEntry.objects.create(
                request=request,
                attempt=attempt,
                kind=LedgerKind.PAYMENT,
                amount=attempt.amount,
                provider=attempt.provider,
                provider_reference=attempt.provider_reference,
                at=at,
            )
    except IntegrityError:
        return False
    return True


def _payment_book(attempt: PaymentAttempt, *, provider_reference: str, actor) -> bool:
    """Count ``attempt`` as paid, once. Call inside a transaction with the attempt locked.

    Returns False when it had already been counted (a duplicate).
    """
    request = FeeRequest.objects.select_for_update().get(pk=attempt.request_id)
    now = timezone.now()
    if provider_reference and not attempt.provider_reference:
        attempt.provider_reference = provider_reference[:100]
    if request.status != FeeRequestStatus.OPEN:
        # Paid already through another attempt. The money did arrive, so the ledger shows
        # it (once, by the same unique index); the request and the dossier stay as they
        # are, and the attempt waits for ``duplicate_refund``.
        if not _ledger_payment(request, attempt, at=now):
            return False
        attempt.status = AttemptStatus.DUPLICATE
        attempt.updated_at = now
        attempt.save(update_fields=["status", "provider_reference", "updated_at"])
        log.warning("payment_for_settled_request", reference=attempt.reference)
        return False
    if not _ledger_payment(request, attempt, at=now):
        return False
    attempt.status = AttemptStatus.SUCCEEDED
    attempt.updated_at = now
    attempt.save(update_fields=["status", "provider_reference", "updated_at"])
    request.status = FeeRequestStatus.PAID
    request.paid_at = now
    request.save(update_fields=["status", "paid_at"])
    try:
        # The dossier follows the ledger; if it no longer waits for payment (stopped,
        # withdrawn) the money is still booked and the officer sees it for a refund.
        with transaction.atomic():
            dossier_record_payment(
                dossier=request.dossier_id,
                user=actor,
                reference=attempt.reference,
                note=f"{attempt.provider} {attempt.provider_reference}".strip(),
            )
    except DossierError as error:
        log.warning(
            "payment_booked_dossier_unchanged", reference=attempt.reference, error=error.code
        )
    log.info("payment_booked", reference=attempt.reference, amount=str(attempt.amount))
    return True


def report_apply(*, provider_code: str, report: Report, kind: MessageKind) -> PaymentAttempt | None:
    """Apply a provider's statement (return, callback, query answer) to its attempt.

    Unauthenticated statements are stored and ignored. Returns the attempt, or ``None``
    when the statement was rejected or names no attempt of ours.
    """
    direction = MessageDirection.IN
    if not report.verified:
        _message(
            provider=provider_code,
            direction=direction,
            kind=kind,
            body=report.raw,
            note="rejected: authentication code does not match",
        )
        log.warning("payment_message_rejected", provider=provider_code, reference=report.reference)
        return None
    with transaction.atomic():
        attempt = (
            PaymentAttempt.objects.select_for_update()
            .filter(provider=provider_code, reference=report.reference)
            .first()
        )
        _message(
            provider=provider_code,
            direction=direction,
            kind=kind,
            body=report.raw,
            attempt=attempt,
            verified=True,
            note="" if attempt else "unknown reference",
        )
        if attempt is None:
            return None
        now = timezone.now()
        if report.outcome == Outcome.SUCCEEDED:
            if attempt.status in {AttemptStatus.SUCCEEDED, AttemptStatus.DUPLICATE}:
                return attempt  # already counted: a duplicate never counts twice
            if report.amount is not None and report.amount != attempt.amount:
                attempt.message = f"amount {report.amount} != {attempt.amount}"
                attempt.updated_at = now
                attempt.save(update_fields=["message", "updated_at"])
                log.error("payment_amount_mismatch", reference=attempt.reference)
                return attempt
            _payment_book(
                attempt, provider_reference=report.provider_reference, actor=PAYMENT_PLATFORM
            )
        elif report.outcome == Outcome.FAILED:
            if attempt.status in UNSETTLED:
                attempt.status = AttemptStatus.FAILED
                attempt.message = report.message[:500]
                attempt.updated_at = now
                attempt.save(update_fields=["status", "message", "updated_at"])
        elif attempt.status == AttemptStatus.INITIATED:
            attempt.status = AttemptStatus.PENDING
            attempt.updated_at = now
            attempt.save(update_fields=["status", "updated_at"])
    return attempt


# --- Officers ----------------------------------------------------------------------------


def _officer_check(user, request: FeeRequest) -> None:
    try:
        dossier_actor(user, request.dossier, Action.RECORD_PAYMENT)
    except DossierError:
        raise PaymentError(E.FORBIDDEN) from None


def cash_record(
    *, request: FeeRequest, user, receipt_number: str, amount: Decimal
) -> PaymentAttempt:
    """An officer took the fee in cash at the counter and issued receipt ``receipt_number``."""
    _officer_check(user, request)
    receipt_number = receipt_number.strip()
    if not receipt_number:
        raise PaymentError(E.RECEIPT_REQUIRED)
    if provider_get("cash") is None:
        raise PaymentError(E.PROVIDER_UNAVAILABLE)
    if Decimal(amount) != request.amount:
        raise PaymentError(E.AMOUNT_MISMATCH, given=int(amount), due=int(request.amount))
    now = timezone.now()
    try:
        with transaction.atomic():
            locked = FeeRequest.objects.select_for_update().get(pk=request.pk)
            if locked.status != FeeRequestStatus.OPEN:
                raise PaymentError(E.NOT_OPEN)
            attempt = PaymentAttempt.objects.create(
                request=locked,
                provider="cash",
                reference=new_reference(),
                provider_reference=receipt_number[:50],
                receipt_number=receipt_number[:50],
                amount=locked.amount,
                recorded_by=user,
                created_at=now,
                updated_at=now,
            )
            _message(
                provider="cash",
                direction=MessageDirection.IN,
                kind=MessageKind.OFFICER,
                body={"receipt_number": receipt_number, "amount": str(amount)},
                attempt=attempt,
                verified=True,
                note=user.get_username(),
            )
            _payment_book(attempt, provider_reference=receipt_number, actor=user)
    except IntegrityError:
        raise PaymentError(E.RECEIPT_USED, number=receipt_number) from None
    return attempt


def transfer_confirm(*, attempt: PaymentAttempt, user, bank_reference: str) -> PaymentAttempt:
    """An officer saw the transfer on the account statement and confirms it."""
    _officer_check(user, attempt.request)
    if attempt.provider != "vietqr":
        raise PaymentError(E.NOT_A_TRANSFER)
    bank_reference = bank_reference.strip()
    if not bank_reference:
        raise PaymentError(E.BANK_REFERENCE_REQUIRED)
    try:
        with transaction.atomic():
            locked = PaymentAttempt.objects.select_for_update().get(pk=attempt.pk)
            if locked.status not in UNSETTLED and locked.status != AttemptStatus.FAILED:
                raise PaymentError(E.ALREADY_SETTLED)
            locked.recorded_by = user
            locked.save(update_fields=["recorded_by"])
            _message(
                provider="vietqr",
                direction=MessageDirection.IN,
                kind=MessageKind.OFFICER,
                body={"bank_reference": bank_reference},
                attempt=locked,
                verified=True,
                note=user.get_username(),
            )
            _payment_book(locked, provider_reference=bank_reference, actor=user)
    except IntegrityError:
        raise PaymentError(E.RECEIPT_USED, number=bank_reference) from None
    locked.refresh_from_db()
    return locked


def payment_refund(*, request: FeeRequest, user, reason: str) -> Refund:
    """Pay a collected fee back (recorded by the centre's counter officer)."""
    try:
        dossier_actor(user, request.dossier, Action.REFUND_PAYMENT)
    except DossierError:
        raise PaymentError(E.FORBIDDEN) from None
    reason = reason.strip()
    if not reason:
        raise PaymentError(E.REASON_REQUIRED)
    with transaction.atomic():
        locked = FeeRequest.objects.select_for_update().get(pk=request.pk)
        if locked.status != FeeRequestStatus.PAID:
            raise PaymentError(E.NOT_PAID)
        attempt = locked.attempts.get(status=AttemptStatus.SUCCEEDED)
        provider = provider_get(attempt.provider)
        result = provider.refund(attempt, reason=reason) if provider else None
        now = timezone.now()
        refund = Refund.objects.create(
            request=locked,
            attempt=attempt,
            amount=attempt.amount,
            reason=reason,
            provider_reference=result.provider_reference if result else "",
            created_by=user,
            created_at=now,
        )
        LedgerEntry.objects.create(
            request=locked,
            attempt=attempt,
            refund=refund,
            kind=LedgerKind.REFUND,
            amount=-attempt.amount,
            provider=attempt.provider,
            provider_reference=refund.provider_reference,
            at=now,
        )
        _message(
            provider=attempt.provider,
            direction=MessageDirection.OUT,
            kind=MessageKind.REFUND,
            body={"reason": reason, **(result.raw if result else {})},
            attempt=attempt,
            verified=True,
            note=user.get_username(),
        )
        locked.status = FeeRequestStatus.REFUNDED
        locked.save(update_fields=["status"])
        dossier_refund_payment(dossier=locked.dossier_id, user=user, reason=reason)
    return refund


def duplicate_refund(*, attempt: PaymentAttempt, user, reason: str) -> Refund:
    """Pay back money that arrived for a request already paid (attempt ``duplicate``).

    The dossier's payment track does not change: its fee stays paid by the other attempt.
    """
    try:
        dossier_actor(user, attempt.request.dossier, Action.REFUND_PAYMENT)
    except DossierError:
        raise PaymentError(E.FORBIDDEN) from None
    reason = reason.strip()
    if not reason:
        raise PaymentError(E.REASON_REQUIRED)
    try:
        with transaction.atomic():
            locked = PaymentAttempt.objects.select_for_update().get(pk=attempt.pk)
            if locked.status != AttemptStatus.DUPLICATE:
                raise PaymentError(E.NOT_PAID)
            provider = provider_get(locked.provider)
            result = provider.refund(locked, reason=reason) if provider else None
            now = timezone.now()
            refund = Refund.objects.create(
                request_id=locked.request_id,
                attempt=locked,
                amount=locked.amount,
                reason=reason,
                provider_reference=result.provider_reference if result else "",
                created_by=user,
                created_at=now,
            )
            LedgerEntry.objects.create(
                request_id=locked.request_id,
                attempt=locked,
                refund=refund,
                kind=LedgerKind.REFUND,
                amount=-locked.amount,
                provider=locked.provider,
                provider_reference=refund.provider_reference,
                at=now,
            )
            _message(
                provider=locked.provider,
                direction=MessageDirection.OUT,
                kind=MessageKind.REFUND,
                body={"reason": reason, **(result.raw if result else {})},
                attempt=locked,
                verified=True,
                note=user.get_username(),
            )
    except IntegrityError:
        raise PaymentError(E.ALREADY_SETTLED) from None
    return refund


# --- Periodic sweep -----------------------------------------------------------------------


def pending_payments_resolve(*, now: dt.datetime | None = None) -> int:
    """Ask the provider about online attempts left unanswered; returns how many settled."""
    now = now or timezone.now()
    quiet = now - dt.timedelta(minutes=settings.PAYMENTS_PENDING_QUERY_MINUTES)
    settled = 0
    candidates = PaymentAttempt.objects.filter(status__in=UNSETTLED, updated_at__lte=quiet)
    for attempt in candidates.order_by("updated_at")[:500]:
        provider = provider_get(attempt.provider)
        if provider is None or not provider.queryable:
            continue
        try:
            report = provider.query(attempt)
        except ProviderError as error:
            log.warning("payment_query_failed", reference=attempt.reference, error=error.message)
            continue
        _message(
            provider=attempt.provider,
            direction=MessageDirection.OUT,
            kind=MessageKind.QUERY,
            body=report.raw.get("sent", {}),
            attempt=attempt,
            verified=True,
        )
        answer = Report(
            reference=attempt.reference,
            outcome=report.outcome,
            verified=report.verified,
            amount=report.amount,
            provider_reference=report.provider_reference,
            message=report.message,
            raw=report.raw.get("answer", report.raw),
        )
        if report.verified and report.reference == attempt.reference:
            report_apply(
                provider_code=attempt.provider, report=answer, kind=MessageKind.QUERY_ANSWER
            )
        PaymentAttempt.objects.filter(pk=attempt.pk).update(queried_at=now)
        attempt.refresh_from_db()
        if attempt.status in UNSETTLED and attempt.created_at <= now - ABANDON_AFTER:
            PaymentAttempt.objects.filter(pk=attempt.pk, status__in=UNSETTLED).update(
                status=AttemptStatus.FAILED, message="abandoned", updated_at=now
            )
        if attempt.status not in UNSETTLED:
            settled += 1
    return settled
