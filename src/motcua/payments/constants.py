from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class FeeRequestStatus(models.TextChoices):
    OPEN = "open", pgettext_lazy("fee request", "Awaiting payment")  # chờ thanh toán
    PAID = "paid", _("Paid")  # đã thanh toán
    EXEMPT = "exempt", _("Exempted")  # miễn phí
    REFUNDED = "refunded", _("Refunded")  # đã hoàn phí
    CANCELLED = "cancelled", _("Cancelled")  # hủy


class AttemptStatus(models.TextChoices):
    INITIATED = "initiated", _("Started")
    PENDING = "pending", _("Waiting for the provider")
    SUCCEEDED = "succeeded", _("Succeeded")
    FAILED = "failed", _("Failed")
    # Money arrived for a request already paid through another attempt: to be refunded.
    DUPLICATE = "duplicate", _("Paid twice, to be refunded")


# Attempts the periodic status query looks at.
UNSETTLED = frozenset({AttemptStatus.INITIATED, AttemptStatus.PENDING})


class LedgerKind(models.TextChoices):
    PAYMENT = "payment", _("Payment")
    REFUND = "refund", _("Refund")


class MessageDirection(models.TextChoices):
    OUT = "out", _("Sent")
    IN = "in", pgettext_lazy("message direction", "Received")


class MessageKind(models.TextChoices):
    START = "start", _("Start")
    START_ANSWER = "start_answer", _("Start answer")
    RETURN = "return", _("Browser return")
    CALLBACK = "callback", _("Server callback")
    QUERY = "query", _("Status query")
    QUERY_ANSWER = "query_answer", _("Status query answer")
    OFFICER = "officer", _("Officer confirmation")
    REFUND = "refund", _("Refund")


class Outcome(models.TextChoices):
    """What a provider says about an attempt."""

    SUCCEEDED = "succeeded", _("Succeeded")
    FAILED = "failed", _("Failed")
    PENDING = "pending", _("Pending")
