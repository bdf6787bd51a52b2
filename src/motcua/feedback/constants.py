"""Choices of the feedback app. Rules that change (criteria, scale, deadlines) are data."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


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


class FeedbackAuditKind(models.TextChoices):
    """Audit-log kinds written by this app (stored in ``core.AuditEvent.kind``)."""

    RATING_RECORDED = "feedback_rating_recorded", _("Satisfaction rating recorded")
    RATING_CHANGED = "feedback_rating_changed", _("Satisfaction rating changed")
    TICKET_ACTED = "feedback_ticket_acted", _("Feedback ticket handled")
    CONTACT_VIEWED = "feedback_contact_viewed", _("Feedback contact details viewed")
    CONFIG_CHANGED = "feedback_config_changed", _("Feedback rules or scale changed")


# Public lookups (ticket by code, dossier by code and second factor) per client address:
# enough for a family at one shared connection, too few to walk through codes.
LOOKUP_LIMIT = 20
LOOKUP_WINDOW_SECONDS = 600
# Anonymous tickets per client address: room for a household, not for a flood.
SUBMISSION_LIMIT = 10
SUBMISSION_WINDOW_SECONDS = 3600

# Officers are reminded of an open ticket this many working days before it falls due.
REMINDER_WORKING_DAYS = 2
