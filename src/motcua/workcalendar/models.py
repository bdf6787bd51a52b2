"""The working calendar as data: days that differ from the weekly pattern, and office hours.

The deadline engine (``engine.py``) never reads these tables; ``selectors.work_calendar_get``
turns them into an immutable ``WorkCalendar``.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from motcua.core.models import TimeStampedModel

from .constants import CalendarDayKind, CalendarSource, Confidence
from .engine import DEFAULT_SCHEDULE, SATURDAY, OfficeSchedule


class CalendarYear(TimeStampedModel):
    """A year whose calendar was loaded: its statutory holidays at least, the notice's days
    when they are known. Deadlines running through other years are provisional."""

    year = models.PositiveSmallIntegerField(
        _("year"),
        unique=True,
        validators=[MinValueValidator(2000), MaxValueValidator(2100)],
        help_text=_(
            "Adding a year loads its public holidays from the shipped calendar or the holidays "
            "package. Then add the swapped days of the year's notice."
        ),
    )

    class Meta:
        verbose_name = _("calendar year")
        verbose_name_plural = _("calendar years")
        ordering = ["-year"]

    def __str__(self) -> str:
        return str(self.year)


class CalendarDay(TimeStampedModel):
    """A date that differs from the weekly pattern: a day off, or a weekend day worked."""

    date = models.DateField(_("date"), unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=CalendarDayKind.choices)
    name = models.CharField(
        _("name"), max_length=200, help_text=_("Shown to citizens, e.g. Tết Nguyên đán (mùng 1).")
    )
    legal_basis = models.CharField(
        _("legal basis"),
        max_length=300,
        help_text=_(
            "The law or notice that decides this day, e.g. Văn bản 12729/VPCP-KGVX ngày 25/12/2025."
        ),
    )
    confidence = models.CharField(
        _("confidence"),
        max_length=20,
        choices=Confidence.choices,
        default=Confidence.OFFICIAL,
        help_text=_("How sure the entry is: read in the notice, reported by others, or derived."),
    )
    source = models.CharField(
        _("source"),
        max_length=20,
        choices=CalendarSource.choices,
        default=CalendarSource.MANUAL,
        editable=False,
    )

    class Meta:
        verbose_name = _("calendar day")
        verbose_name_plural = _("calendar days")
        ordering = ["date"]

    def __str__(self) -> str:
        return f"{self.date:%d/%m/%Y} {self.name}"

    def clean(self) -> None:
        super().clean()
        if (
            self.kind == CalendarDayKind.WORKING_DAY
            and self.date
            and self.date.weekday() < SATURDAY
        ):
            raise ValidationError(
                {
                    "kind": _(
                        "A swapped working day must be a Saturday or a Sunday; weekdays are working days already."
                    )
                }
            )


class SeededDate(models.Model):
    """A date whose default entry the seed has offered once; it is never offered again.

    This is what lets a re-run add entries shipped by a newer release while a day an
    administrator edited or deleted stays as the administrator left it.
    """

    date = models.DateField(_("date"), unique=True)
    source = models.CharField(_("source"), max_length=20, choices=CalendarSource.choices)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("seeded date")
        verbose_name_plural = _("seeded dates")

    def __str__(self) -> str:
        return f"{self.date:%d/%m/%Y}"


class OfficeHours(TimeStampedModel):
    """Office hours of one agency, or of every agency without its own, from a date on."""

    agency = models.ForeignKey(
        "agencies.Agency",
        verbose_name=_("agency"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="office_hours",
        help_text=_("Empty: the default for every agency without its own office hours."),
    )
    valid_from = models.DateField(_("valid from"), help_text=_("First day these hours apply."))
    morning_start = models.TimeField(_("morning opens"), default=DEFAULT_SCHEDULE.intervals[0][0])
    morning_end = models.TimeField(_("morning closes"), default=DEFAULT_SCHEDULE.intervals[0][1])
    afternoon_start = models.TimeField(
        _("afternoon opens"), default=DEFAULT_SCHEDULE.intervals[1][0]
    )
    afternoon_end = models.TimeField(
        _("afternoon closes"), default=DEFAULT_SCHEDULE.intervals[1][1]
    )
    cutoff = models.TimeField(
        _("afternoon cut-off"),
        null=True,
        blank=True,
        default=DEFAULT_SCHEDULE.cutoff,
        help_text=_(
            "A dossier received after this time counts from the next working morning. "
            "Empty: no cut-off."
        ),
    )
    saturday_morning = models.BooleanField(
        _("Saturday morning is working time"),
        default=DEFAULT_SCHEDULE.saturday_morning,
        help_text=_(
            "Tick only if Saturday morning counts toward deadlines. A Saturday reception that "
            "does not count needs nothing here: its clock starts on the next working day."
        ),
    )
    legal_basis = models.CharField(
        _("legal basis"),
        max_length=300,
        blank=True,
        help_text=_("The decision that sets these hours."),
    )

    class Meta:
        verbose_name = _("office hours")
        verbose_name_plural = _("office hours")
        ordering = ["agency_id", "-valid_from"]
        constraints = [
            # Two partial constraints because NULL agencies never collide in a plain one.
            models.UniqueConstraint(
                fields=["agency", "valid_from"],
                condition=Q(agency__isnull=False),
                name="officehours_agency_from_unique",
                violation_error_message=_("This agency already has office hours from that date."),
            ),
            models.UniqueConstraint(
                fields=["valid_from"],
                condition=Q(agency__isnull=True),
                name="officehours_default_from_unique",
                violation_error_message=_("Default office hours from that date already exist."),
            ),
            models.CheckConstraint(
                condition=Q(morning_start__lt=F("morning_end"))
                & Q(morning_end__lte=F("afternoon_start"))
                & Q(afternoon_start__lt=F("afternoon_end")),
                name="officehours_intervals_ordered",
                violation_error_message=_(
                    "Office hours must run in order: morning opening, morning closing, "
                    "afternoon opening, afternoon closing."
                ),
            ),
        ]

    def __str__(self) -> str:
        who = self.agency or _("Default")
        return f"{who} ({self.valid_from:%d/%m/%Y})"

    def schedule(self) -> OfficeSchedule:
        return OfficeSchedule(
            intervals=(
                (self.morning_start, self.morning_end),
                (self.afternoon_start, self.afternoon_end),
            ),
            cutoff=self.cutoff,
            saturday_morning=self.saturday_morning,
        )
