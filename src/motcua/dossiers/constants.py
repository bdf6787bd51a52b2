from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class DossierStatus(models.TextChoices):
    """Business states of a dossier. Overdue is computed, never a state."""

    DRAFT = "draft", pgettext_lazy("not final", "Draft")
    SUBMITTED = "submitted", _("Submitted, awaiting intake")  # national 1
    # Mẫu 02 handed out at intake: the clock has not started and no code is issued yet.
    AWAITING_COMPLETION = (
        "awaiting_completion",
        _("Awaiting completion before intake"),
    )  # national 5
    RECEIVED = "received", _("Received")  # national 2; the clock runs from here
    PROCESSING = "processing", _("In processing")  # national 4
    AWAITING_SUPPLEMENT = "awaiting_supplement", _("Awaiting supplement")  # national 5
    AWAITING_PAYMENT = "awaiting_payment", _("Awaiting payment")  # national 6
    INTER_AGENCY = "inter_agency", _("In inter-agency processing")  # liên thông
    RESOLVED = "resolved", _("Resolved")  # national 9: positive or negative result
    RETURNED = "returned", _("Result returned")  # national 10
    REFUSED = "refused", _("Refused at intake")  # national 3, Mẫu 03
    WITHDRAWN = "withdrawn", _("Withdrawn")  # national 7
    STOPPED = "stopped", _("Stopped")  # national 8, Mẫu 05


class Channel(models.TextChoices):
    COUNTER = "counter", _("At the counter")  # trực tiếp
    POST = "post", _("By public post")  # bưu chính công ích
    ONLINE = "online", _("Online, this portal")
    NATIONAL_PORTAL = "national_portal", _("Online, national public-service portal")


class ApplicantKind(models.TextChoices):
    PERSON = "person", _("Person")
    ORGANISATION = "organisation", _("Organisation")


class Outcome(models.TextChoices):
    APPROVED = "approved", _("Resolved as requested")
    NOT_RESOLVED = "not_resolved", _("Not resolved, with reasons")  # không giải quyết


class PaymentStatus(models.TextChoices):
    NONE = "none", _("No fee")
    REQUESTED = "requested", _("Requested")
    # In context: the catalogue's "Paid" is a column heading (when a fee is paid).
    PAID = "paid", pgettext_lazy("payment status", "Paid")
    REFUNDED = "refunded", _("Refunded")


class DeliveryStatus(models.TextChoices):
    PENDING = "pending", _("No result yet")
    READY = "ready", _("Result ready")
    DELIVERED = "delivered", _("Delivered")


class ResultSignatureState(models.TextChoices):
    """Whether the electronic file of a result carries the leader's digital signature."""

    UNSIGNED = "unsigned", _("Not signed")
    SIGNED = "signed", _("Digitally signed")


class DigitisationStatus(models.TextChoices):
    NOT_DIGITISED = "not_digitised", _("Not digitised")
    PARTIAL = "partial", _("Partly digitised")
    DIGITISED = "digitised", _("Digitised")


class SyncStatus(models.TextChoices):
    NOT_REQUIRED = "not_required", _("Not synchronised")
    PENDING = "pending", _("Waiting to synchronise")
    SYNCED = "synced", _("Synchronised")
    FAILED = "failed", _("Synchronisation failed")


class Timeliness(models.TextChoices):
    """Compared by date, as the national 766 index does."""

    EARLY = "early", _("Early")
    ON_TIME = "on_time", _("On time")
    LATE = "late", _("Late")


class ClockPauseReason(models.TextChoices):
    SUPPLEMENT = "supplement", _("Waiting for the citizen's supplement")
    PAYMENT = "payment", _("Waiting for payment")


class EventKind(models.TextChoices):
    SUBMITTED = "submitted", pgettext_lazy("event", "Submitted")
    RECEIVED = "received", _("Received and receipt issued")
    INTAKE_SUPPLEMENT_REQUESTED = "intake_supplement_requested", _("Completion requested at intake")
    COMPLETION_SUBMITTED = "completion_submitted", _("Completed dossier submitted again")
    REFUSED = "refused", _("Refused at intake")
    ASSIGNED = "assigned", _("Assigned")
    FORWARDED = "forwarded", _("Forwarded to the next step")
    RETURNED_TO_STEP = "returned_to_step", _("Returned to an earlier step")
    SUPPLEMENT_REQUESTED = "supplement_requested", _("Supplement requested")
    SUPPLEMENT_RECEIVED = "supplement_received", _("Supplement received")
    PAYMENT_REQUESTED = "payment_requested", _("Payment requested")
    PAYMENT_RECEIVED = "payment_received", _("Payment received")
    PAYMENT_REFUNDED = "payment_refunded", _("Payment refunded")
    CONSULTATION_SENT = "consultation_sent", _("Sent to another agency")
    CONSULTATION_ANSWERED = "consultation_answered", _("Answered by another agency")
    EXTENDED = "extended", _("Apology issued and due date extended")
    APPROVED = "approved", _("Approved")
    NOT_RESOLVED = "not_resolved", _("Not resolved, with reasons")
    RESULT_ISSUED = "result_issued", _("Result issued")
    DELIVERED = "delivered", _("Result delivered")
    WITHDRAWN = "withdrawn", _("Withdrawn")
    STOPPED = "stopped", _("Stopped")
    DIGITISED = "digitised", _("Components digitised")
    NOTE = "note", _("Internal note")
    # Written by the documents app (signing, reuse from the citizen's store).
    RESULT_SIGNED = "result_signed", _("Result digitally signed")
    COMPONENT_REUSED = "component_reused", _("Component reused from the citizen's store")


class NoticeKind(models.TextChoices):
    """Deadline reminders sent by the periodic task (one per dossier, due moment and person)."""

    DUE_SOON = "due_soon", _("Due soon")
    OVERDUE = "overdue", _("Overdue")
