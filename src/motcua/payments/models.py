"""Fee requests, payment attempts, the ledger, provider messages and refunds.

The ledger is the truth: a fee request is paid when a payment entry exists for one of its
attempts. The constraints below make the idempotence hold in the database, not only in
Python: one payment entry per attempt, one refund entry per refund, one provider
transaction id per provider, one successful attempt per request and one open request per
dossier. A duplicate callback, even arriving concurrently, can therefore never count twice.
"""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from motcua.catalog.constants import FeeCollection, FeeKind

from .constants import (
    AttemptStatus,
    FeeRequestStatus,
    LedgerKind,
    MessageDirection,
    MessageKind,
)

AMOUNT = {"max_digits": 14, "decimal_places": 0}


class FeeRequest(models.Model):
    """What a dossier owes at one payment point, from the case's fees less exemptions."""

    dossier = models.ForeignKey(
        "dossiers.Dossier",
        verbose_name=_("dossier"),
        on_delete=models.PROTECT,
        related_name="fee_requests",
    )
    point = models.CharField(_("payment point"), max_length=10, choices=FeeCollection.choices)
    reference = models.CharField(_("payment reference"), max_length=20, unique=True)
    amount = models.DecimalField(_("amount due (VND)"), **AMOUNT)
    status = models.CharField(
        _("status"), max_length=20, choices=FeeRequestStatus.choices, default=FeeRequestStatus.OPEN
    )
    note = models.TextField(_("note"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("created"))
    paid_at = models.DateTimeField(_("paid"), null=True, blank=True)

    class Meta:
        verbose_name = _("fee request")
        verbose_name_plural = _("fee requests")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["dossier"],
                condition=Q(status="open"),
                name="payments_one_open_request_per_dossier",
            ),
            models.CheckConstraint(condition=Q(amount__gte=0), name="payments_amount_not_negative"),
        ]

    def __str__(self) -> str:
        return self.reference


class FeeLine(models.Model):
    """One fee of the case on a request; an exempted line is kept with its reason."""

    request = models.ForeignKey(FeeRequest, on_delete=models.CASCADE, related_name="lines")
    fee = models.ForeignKey(
        "catalog.Fee", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    kind = models.CharField(_("kind"), max_length=10, choices=FeeKind.choices)
    name = models.CharField(_("name"), max_length=255)
    amount = models.DecimalField(_("amount (VND)"), validators=[MinValueValidator(0)], **AMOUNT)
    exempt = models.BooleanField(_("exempted"), default=False)
    exemption_reason = models.TextField(_("exemption reason"), blank=True)

    class Meta:
        verbose_name = _("fee line")
        verbose_name_plural = _("fee lines")
        ordering = ["request", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(exempt=False) | ~Q(exemption_reason=""),
                name="payments_exemption_has_reason",
            )
        ]

    def __str__(self) -> str:
        return f"{self.name}: {self.amount}"

    @property
    def charged(self):
        return 0 if self.exempt else self.amount


class PaymentAttempt(models.Model):
    """One try to pay a request through one provider; ``reference`` is ours (MaThamChieu)."""

    request = models.ForeignKey(FeeRequest, on_delete=models.PROTECT, related_name="attempts")
    provider = models.CharField(_("provider"), max_length=20)
    reference = models.CharField(_("our reference"), max_length=40, unique=True)
    provider_reference = models.CharField(_("provider reference"), max_length=100, blank=True)
    amount = models.DecimalField(_("amount (VND)"), **AMOUNT)
    status = models.CharField(
        _("status"), max_length=20, choices=AttemptStatus.choices, default=AttemptStatus.INITIATED
    )
    message = models.CharField(_("provider message"), max_length=500, blank=True)
    redirect_url = models.URLField(_("payment address"), max_length=1000, blank=True)
    receipt_number = models.CharField(_("receipt number"), max_length=50, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("started"))
    updated_at = models.DateTimeField(_("updated"))
    queried_at = models.DateTimeField(_("last status query"), null=True, blank=True)

    class Meta:
        verbose_name = _("payment attempt")
        verbose_name_plural = _("payment attempts")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["status", "updated_at"], name="payments_attempt_unsettled")]
        constraints = [
            models.UniqueConstraint(
                fields=["request"],
                condition=Q(status="succeeded"),
                name="payments_one_success_per_request",
            ),
            models.UniqueConstraint(
                fields=["provider", "provider_reference"],
                condition=~Q(provider_reference=""),
                name="payments_provider_reference_unique",
            ),
        ]

    def __str__(self) -> str:
        return self.reference


class Refund(models.Model):
    request = models.ForeignKey(FeeRequest, on_delete=models.PROTECT, related_name="refunds")
    attempt = models.ForeignKey(PaymentAttempt, on_delete=models.PROTECT, related_name="refunds")
    amount = models.DecimalField(_("amount (VND)"), **AMOUNT)
    reason = models.TextField(_("reason"))
    provider_reference = models.CharField(_("provider reference"), max_length=100, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("recorded"))

    class Meta:
        verbose_name = _("refund")
        verbose_name_plural = _("refunds")
        constraints = [
            # A fee is refunded once, in full (partial refunds are not offered).
            models.UniqueConstraint(fields=["attempt"], name="payments_one_refund_per_attempt")
        ]

    def __str__(self) -> str:
        return f"{self.attempt_id}: -{self.amount}"


class LedgerEntry(models.Model):
    """Money in (payment) or out (refund). Append-only in practice: services only insert."""

    request = models.ForeignKey(FeeRequest, on_delete=models.PROTECT, related_name="entries")
    attempt = models.ForeignKey(PaymentAttempt, on_delete=models.PROTECT, related_name="entries")
    refund = models.OneToOneField(
        Refund, null=True, blank=True, on_delete=models.PROTECT, related_name="entry"
    )
    kind = models.CharField(_("kind"), max_length=10, choices=LedgerKind.choices)
    # Signed: payments positive, refunds negative, so a sum is the balance held.
    amount = models.DecimalField(_("amount (VND)"), **AMOUNT)
    provider = models.CharField(_("provider"), max_length=20)
    provider_reference = models.CharField(_("provider reference"), max_length=100, blank=True)
    at = models.DateTimeField(_("at"))

    class Meta:
        verbose_name = _("ledger entry")
        verbose_name_plural = _("ledger entries")
        ordering = ["at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["attempt"],
                condition=Q(kind="payment"),
                name="payments_one_payment_entry_per_attempt",
            ),
            models.CheckConstraint(
                condition=(Q(kind="payment", amount__gt=0, refund__isnull=True))
                | Q(kind="refund", amount__lt=0, refund__isnull=False),
                name="payments_entry_sign_matches_kind",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.amount}"


class ProviderMessage(models.Model):
    """Every message exchanged with a provider, raw, for reconciliation and disputes."""

    attempt = models.ForeignKey(
        PaymentAttempt, null=True, blank=True, on_delete=models.PROTECT, related_name="messages"
    )
    provider = models.CharField(_("provider"), max_length=20)
    direction = models.CharField(_("direction"), max_length=3, choices=MessageDirection.choices)
    kind = models.CharField(_("kind"), max_length=20, choices=MessageKind.choices)
    body = models.JSONField(_("content"), default=dict)
    verified = models.BooleanField(_("authenticated"), default=False)
    note = models.CharField(_("note"), max_length=500, blank=True)
    at = models.DateTimeField(_("at"))

    class Meta:
        verbose_name = _("provider message")
        verbose_name_plural = _("provider messages")
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.provider} {self.direction} {self.kind}"
