"""Choices of the feedback app. Rules that change (criteria, scale, deadlines) are data."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from motcua.core.models import AuditEventKind


class RatingChannel(models.TextChoices):
    """How a satisfaction rating reached the system."""

    ONLINE = "online", _("Online, by the applicant's account")
    TRACKING = "tracking", _("Online, by dossier code and a second factor")
    COUNTER = "counter", _("At the counter, recorded by an officer")
    KIOSK = "kiosk", _("At the counter, on the rating kiosk")


class SubjectKind(models.TextChoices):
    """What a ticket is about; the 766 index classifies tickets this way (no points)."""

    REGULATION = "regulation", _("Administrative regulations")  # quy định hành chính
    PROCEDURE = "procedure", _("Handling of administrative procedures")  # giải quyết TTHC
    CONDUCT = "conduct", _("Conduct of officials")  # hành vi, thái độ cán bộ


class TicketStatus(models.TextChoices):
    """States of a phản ánh, kiến nghị ticket. Overdue is computed, never a state."""

    RECEIVED = "received", _("Received")
    ASSIGNED = "assigned", _("Assigned to an officer")
    # Sent on to the competent agency; it waits there as a received ticket would.
    TRANSFERRED = "transferred", _("Transferred to another agency")
    ANSWERED = "answered", _("Answered")
    REJECTED = "rejected", _("Not accepted")
    PUBLISHED = "published", _("Answer published")


class TicketEventKind(models.TextChoices):
    RECEIVED = "received", _("Received")
    ASSIGNED = "assigned", _("Assigned")
    TRANSFERRED = "transferred", _("Transferred")
    ANSWERED = "answered", _("Answered")
    REJECTED = "rejected", _("Not accepted")
    PUBLISHED = "published", pgettext_lazy("ticket", "Published")
    RATED = "rated", _("Rated by the citizen")


class HandlingRating(models.TextChoices):
    """The citizen's view of how their ticket was handled."""

    SATISFIED = "satisfied", _("Satisfied")
    NOT_SATISFIED = "not_satisfied", _("Not satisfied")


class ReminderKind(models.TextChoices):
    DUE_SOON = "due_soon", _("Due soon")
    OVERDUE = "overdue", _("Overdue")


class FeedbackAuditKind:
    """The audit-log kinds this app writes, as core's ``AuditEventKind`` lists them."""

    RATING_RECORDED = AuditEventKind.FEEDBACK_RATING_RECORDED
    RATING_CHANGED = AuditEventKind.FEEDBACK_RATING_CHANGED
    TICKET_ACTED = AuditEventKind.FEEDBACK_TICKET_ACTED
    CONTACT_VIEWED = AuditEventKind.FEEDBACK_CONTACT_VIEWED
    CONFIG_CHANGED = AuditEventKind.FEEDBACK_CONFIG_CHANGED


# Public lookups (ticket by code, dossier by code and second factor) per client address:
# enough for a family at one shared connection, too few to walk through codes.
LOOKUP_LIMIT = 20
LOOKUP_WINDOW_SECONDS = 600
# Anonymous tickets per client address: room for a household, not for a flood.
SUBMISSION_LIMIT = 10
SUBMISSION_WINDOW_SECONDS = 3600

# Officers are reminded of an open ticket this many working days before it falls due.
REMINDER_WORKING_DAYS = 2
