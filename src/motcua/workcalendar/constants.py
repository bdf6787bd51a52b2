from django.db import models
from django.utils.translation import gettext_lazy as _


class DeadlineUnit(models.TextChoices):
    """How a procedure states its processing time (LoaiThoiGian in the national catalogue)."""

    WORKING_DAYS = "working_days", _("Working days")
    CALENDAR_DAYS = "calendar_days", _("Calendar days")
    WORKING_HOURS = "working_hours", _("Working hours")
    SAME_DAY = "same_day", _("Same day")


class CalendarDayKind(models.TextChoices):
    HOLIDAY = "holiday", _("Public holiday")
    # Decided by the yearly notice: the weekday of a swap, or a compensatory day (nghỉ bù).
    DAY_OFF = "day_off", _("Extra day off")
    # A Saturday or Sunday worked in exchange for a weekday off (hoán đổi ngày làm việc).
    WORKING_DAY = "working_day", _("Swapped working day")


class Confidence(models.TextChoices):
    OFFICIAL = "official", _("Official notice")
    SECONDARY = "secondary", _("Secondary sources citing the notice")
    DERIVED = "derived", _("Derived from the law, no notice yet")


class CalendarSource(models.TextChoices):
    SHIPPED = "shipped", _("Shipped with motcua")
    HOLIDAYS_PACKAGE = "holidays_package", _("holidays package")
    MANUAL = "manual", _("Entered by an administrator")
