from django.db import models
from django.utils.translation import gettext_lazy as _


class QueueLabel(models.TextChoices):
    """Names of the work queues (values are ``dossiers.queues.Queue``)."""

    TODO = "todo", _("To do")
    DUE_SOON = "due_soon", _("Due soon")
    OVERDUE = "overdue", _("Overdue")
    SUPPLEMENT = "supplement", _("Awaiting supplement")
    PAYMENT = "payment", _("Awaiting payment")
    INTER_AGENCY = "inter_agency", _("Inter-agency")
    DONE = "done", _("Done")
    ALL = "all", _("All received")


class ReachLabel(models.TextChoices):
    """Whose queues (values are ``dossiers.queues.Reach``)."""

    MINE = "mine", _("Mine")
    DEPARTMENT = "department", _("My department")
    AGENCY = "agency", _("My agency")
    VISIBLE = "visible", _("Everything I may see")


class DueColourLabel(models.TextChoices):
    EARLY = "early", _("In time")
    DUE_SOON = "due_soon", _("Due soon")
    OVERDUE = "overdue", _("Overdue")
    PAUSED = "paused", _("Clock paused")
    CLOSED = "closed", _("Decided")


# The hidden field carrying the one-time form token (models.ActionToken).
ONCE_FIELD = "form_token"
