"""Satisfaction ratings of dossiers and phản ánh, kiến nghị (PAKN) tickets.

What a province changes by decision lives in rows, not code: the rating scale and
criteria, the ticket categories, and the rules in force on a date (how long a rating may
be changed, how many working days an agency has to answer a ticket).
"""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from .constants import (
    HandlingRating,
    RatingChannel,
    ReminderKind,
    SubjectKind,
    TicketEventKind,
    TicketStatus,
)


class FeedbackRule(models.Model):
    """The feedback rules in force from a date until the next row's date."""

    valid_from = models.DateField(_("valid from"), unique=True)
    rating_change_days = models.PositiveSmallIntegerField(
        _("days a rating may be changed"),
        validators=[MaxValueValidator(365)],
        help_text=_("Calendar days after the first rating during which the citizen may change it."),
    )
    ticket_due_working_days = models.PositiveSmallIntegerField(
        _("working days to answer a ticket"),
        validators=[MinValueValidator(1), MaxValueValidator(90)],
        help_text=_("Counted on the working calendar of the agency, from receipt."),
    )
    legal_basis = models.CharField(_("legal basis"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("feedback rule")
        verbose_name_plural = _("feedback rules")
        ordering = ["-valid_from"]

    def __str__(self) -> str:
        return f"{self.valid_from:%d/%m/%Y}"


class RatingLevel(models.Model):
    """A step of the satisfaction scale (rất hài lòng, hài lòng, không hài lòng)."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=100)
    position = models.PositiveSmallIntegerField(_("order"), default=0)
    counts_as_satisfied = models.BooleanField(
        _("counts as satisfied"), help_text=_("Counted in the satisfaction share.")
    )
    is_active = models.BooleanField(_("offered"), default=True)

    class Meta:
        verbose_name = _("rating level")
        verbose_name_plural = _("rating levels")
        ordering = ["position", "pk"]

    def __str__(self) -> str:
        return self.name


class RatingCriterion(models.Model):
    """A criterion the province asks citizens to rate beside the overall level."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=255)
    position = models.PositiveSmallIntegerField(_("order"), default=0)
    is_required = models.BooleanField(_("required"), default=False)
    is_active = models.BooleanField(_("offered"), default=True)

    class Meta:
        verbose_name = _("rating criterion")
        verbose_name_plural = _("rating criteria")
        ordering = ["position", "pk"]

    def __str__(self) -> str:
        return self.name


class DossierRating(models.Model):
    """The applicant's satisfaction with one dossier's service: one per dossier."""

    dossier = models.OneToOneField(
        "dossiers.Dossier",
        verbose_name=_("dossier"),
        on_delete=models.PROTECT,
        related_name="rating",
    )
    level = models.ForeignKey(
        RatingLevel, verbose_name=_("overall"), on_delete=models.PROTECT, related_name="+"
    )
    comment = models.TextField(_("comment"), max_length=2000, blank=True)
    channel = models.CharField(
        pgettext_lazy("rating", "channel"), max_length=20, choices=RatingChannel.choices
    )
    rated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("rated by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("The applicant's account, or the officer who recorded it at the counter."),
    )
    rated_at = models.DateTimeField(_("rated at"))
    changeable_until = models.DateTimeField(_("may be changed until"))
    changed_at = models.DateTimeField(_("last changed at"), null=True, blank=True)

    class Meta:
        verbose_name = _("satisfaction rating")
        verbose_name_plural = _("satisfaction ratings")
        ordering = ["-rated_at", "-pk"]
        indexes = [models.Index(fields=["rated_at"], name="feedback_rating_at_idx")]

    def __str__(self) -> str:
        return f"{self.dossier} – {self.level}"


class RatingAnswer(models.Model):
    rating = models.ForeignKey(DossierRating, on_delete=models.CASCADE, related_name="answers")
    criterion = models.ForeignKey(
        RatingCriterion, verbose_name=_("criterion"), on_delete=models.PROTECT, related_name="+"
    )
    level = models.ForeignKey(
        RatingLevel,
        verbose_name=pgettext_lazy("rating", "level"),
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = _("rating answer")
        verbose_name_plural = _("rating answers")
        constraints = [
            models.UniqueConstraint(fields=["rating", "criterion"], name="feedback_answer_unique")
        ]

    def __str__(self) -> str:
        return f"{self.criterion}: {self.level}"


class TicketCategory(models.Model):
    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=255)
    subject_kind = models.CharField(
        _("about"), max_length=20, choices=SubjectKind.choices, help_text=_("For the 766 index.")
    )
    position = models.PositiveSmallIntegerField(_("order"), default=0)
    is_active = models.BooleanField(_("offered"), default=True)

    class Meta:
        verbose_name = _("feedback category")
        verbose_name_plural = _("feedback categories")
        ordering = ["position", "pk"]

    def __str__(self) -> str:
        return self.name


class Ticket(models.Model):
    """A phản ánh, kiến nghị from a citizen or organisation, and its handling."""

    code = models.CharField(_("ticket code"), max_length=20, unique=True)
    category = models.ForeignKey(
        TicketCategory, verbose_name=_("category"), on_delete=models.PROTECT, related_name="+"
    )
    agency = models.ForeignKey(
        "agencies.Agency",
        verbose_name=_("agency handling it"),
        on_delete=models.PROTECT,
        related_name="feedback_tickets",
        help_text=_("The agency the feedback is about, or the one it was transferred to."),
    )
    dossier = models.ForeignKey(
        "dossiers.Dossier",
        verbose_name=_("dossier"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="feedback_tickets",
    )
    title = models.CharField(_("subject"), max_length=200)
    content = models.TextField(_("content"), max_length=5000)
    submitter = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("account"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="feedback_tickets",
    )
    contact_name = models.CharField(_("name"), max_length=150, blank=True)
    contact_phone = models.CharField(_("phone"), max_length=20, blank=True)
    contact_email = models.EmailField(_("email"), blank=True)
    contact_address = models.CharField(_("address"), max_length=300, blank=True)
    publish_consent = models.BooleanField(_("agrees to publication of the answer"), default=False)

    status = models.CharField(
        _("status"),
        max_length=20,
        choices=TicketStatus.choices,
        default=TicketStatus.RECEIVED,
        db_index=True,
    )
    received_at = models.DateTimeField(_("received at"), db_index=True)
    due_at = models.DateTimeField(pgettext_lazy("ticket", "due moment"))
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("officer"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="assigned_feedback_tickets",
    )
    answer = models.TextField(pgettext_lazy("ticket", "answer"), max_length=10000, blank=True)
    rejection_reason = models.TextField(_("reason not accepted"), max_length=2000, blank=True)
    handled_at = models.DateTimeField(
        _("handled at"), null=True, blank=True, help_text=_("Answered or not accepted.")
    )
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    handling_rating = models.CharField(
        _("citizen's rating"), max_length=20, choices=HandlingRating.choices, blank=True
    )
    rated_at = models.DateTimeField(_("rated at"), null=True, blank=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("feedback ticket")
        verbose_name_plural = _("feedback tickets")
        ordering = ["-received_at", "-pk"]
        indexes = [
            models.Index(fields=["agency", "status", "due_at"], name="feedback_queue_idx"),
        ]

    def __str__(self) -> str:
        return self.code


class TicketEvent(models.Model):
    """Append-only history of a ticket: who did what, from which agency, when."""

    ticket = models.ForeignKey(Ticket, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(_("kind"), max_length=20, choices=TicketEventKind.choices)
    from_status = models.CharField(max_length=20, choices=TicketStatus.choices, blank=True)
    to_status = models.CharField(max_length=20, choices=TicketStatus.choices, blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    agency = models.ForeignKey(
        "agencies.Agency", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    to_agency = models.ForeignKey(
        "agencies.Agency", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    note = models.TextField(_("note"), blank=True)
    at = models.DateTimeField(_("time"))

    class Meta:
        verbose_name = _("ticket event")
        verbose_name_plural = _("ticket events")
        ordering = ["ticket", "at", "pk"]

    def __str__(self) -> str:
        return f"{self.ticket} {self.kind}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise TypeError("Ticket events are append-only.")
        super().save(*args, **kwargs)


class TicketReminder(models.Model):
    """A reminder sent about a ticket, so the periodic task never sends it twice."""

    ticket = models.ForeignKey(Ticket, on_delete=models.CASCADE, related_name="reminders")
    kind = models.CharField(_("kind"), max_length=20, choices=ReminderKind.choices)
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    sent_at = models.DateTimeField(_("sent at"))

    class Meta:
        verbose_name = _("ticket reminder")
        verbose_name_plural = _("ticket reminders")
        constraints = [
            models.UniqueConstraint(
                fields=["ticket", "kind", "recipient"], name="feedback_reminder_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.ticket} {self.kind}"
