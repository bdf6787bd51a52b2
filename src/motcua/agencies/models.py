"""Administrative units and agencies, effective-dated.

Nothing here is renamed in place: a unit or agency that is merged or abolished gets a
``valid_to`` and successor links, and the new one is a new row. Old dossiers and signed
documents keep pointing at the row that existed when they were made, so they keep the
old name.
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from motcua.core.models import TimeStampedModel
from motcua.core.text import fold

from .codes import agency_code_normalise, agency_code_validate
from .constants import AgencyKind, CodeFormat, UnitKind


class EffectiveQuerySet(models.QuerySet):
    def valid_on(self, day: dt.date) -> EffectiveQuerySet:
        return self.filter(Q(valid_from__isnull=True) | Q(valid_from__lte=day)).filter(
            Q(valid_to__isnull=True) | Q(valid_to__gte=day)
        )

    def overlapping(self, start: dt.date | None, end: dt.date | None) -> EffectiveQuerySet:
        """Rows in force on at least one day of [start, end]; ``None`` is an open end."""
        qs = self
        if end is not None:
            qs = qs.filter(Q(valid_from__isnull=True) | Q(valid_from__lte=end))
        if start is not None:
            qs = qs.filter(Q(valid_to__isnull=True) | Q(valid_to__gte=start))
        return qs


class EffectiveDated(models.Model):
    valid_from = models.DateField(
        _("valid from"), null=True, blank=True, help_text=_("First day in force; empty = always.")
    )
    valid_to = models.DateField(
        _("valid to"),
        null=True,
        blank=True,
        help_text=_("Last day in force; empty = still in force."),
    )

    objects = EffectiveQuerySet.as_manager()

    class Meta:
        abstract = True

    def is_valid_on(self, day: dt.date) -> bool:
        return (self.valid_from is None or self.valid_from <= day) and (
            self.valid_to is None or day <= self.valid_to
        )

    def period_label(self) -> str:
        start = self.valid_from.strftime("%d/%m/%Y") if self.valid_from else "…"
        end = self.valid_to.strftime("%d/%m/%Y") if self.valid_to else "…"
        return f"{start} - {end}"


class AdministrativeUnit(EffectiveDated):
    """A province or commune-level unit (đơn vị hành chính) with its official code."""

    code = models.CharField(
        _("code"),
        max_length=10,
        help_text=_(
            "Official unit code (QĐ 19/2025/QĐ-TTg): 2 digits for provinces, 5 for communes."
        ),
    )
    name = models.CharField(_("name"), max_length=150)
    kind = models.CharField(_("type"), max_length=20, choices=UnitKind.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("province"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    search_name = models.CharField(max_length=150, editable=False, db_index=True)
    source = models.CharField(
        _("source"),
        max_length=80,
        blank=True,
        help_text=_(
            "Data set and version the row was loaded from, e.g. vietnam-provinces 2025-10-18."
        ),
    )

    class Meta:
        verbose_name = _("administrative unit")
        verbose_name_plural = _("administrative units")
        ordering = ["code"]
        constraints = [
            models.UniqueConstraint(
                fields=["code", "valid_from"], name="adminunit_code_from_unique"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        self.set_search_name()
        super().save(*args, **kwargs)

    def set_search_name(self) -> None:
        # Also called before bulk_create, which skips save().
        self.search_name = fold(self.name)


class Agency(EffectiveDated, TimeStampedModel):
    """An agency or unit (cơ quan, đơn vị) that receives, decides or monitors procedures."""

    code = models.CharField(
        _("electronic identifier"),
        max_length=40,
        db_index=True,
        help_text=_("Mã định danh điện tử, stored as written, e.g. H61.17 or 000.00.15.H29."),
    )
    code_format = models.CharField(
        _("identifier format"),
        max_length=10,
        choices=CodeFormat.choices,
        default=CodeFormat.CURRENT,
    )
    name = models.CharField(_("name"), max_length=255)
    short_name = models.CharField(_("short name"), max_length=100, blank=True)
    abbreviation = models.CharField(
        _("abbreviation"),
        max_length=20,
        blank=True,
        help_text=_("Used in document numbers, e.g. SNV in 12/QĐ-SNV."),
    )
    kind = models.CharField(_("type"), max_length=32, choices=AgencyKind.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent agency"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    administrative_unit = models.ForeignKey(
        AdministrativeUnit,
        verbose_name=_("administrative unit"),
        on_delete=models.PROTECT,
        related_name="agencies",
    )
    address = models.CharField(_("address"), max_length=255, blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    email = models.EmailField(_("email"), blank=True)
    successors = models.ManyToManyField(
        "self",
        verbose_name=_("successors"),
        symmetrical=False,
        blank=True,
        related_name="predecessors",
        help_text=_("Agencies that took over this one's work when it ended (merger, split)."),
    )
    search_name = models.CharField(max_length=255, editable=False, db_index=True)

    class Meta:
        verbose_name = _("agency")
        verbose_name_plural = _("agencies")
        ordering = ["code"]
        constraints = [
            models.UniqueConstraint(fields=["code", "valid_from"], name="agency_code_from_unique"),
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True)
                | Q(valid_from__isnull=True)
                | Q(valid_to__gte=models.F("valid_from")),
                name="agency_valid_range",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.code})"

    def save(self, *args, **kwargs):
        self.set_search_name()
        super().save(*args, **kwargs)

    def set_search_name(self) -> None:
        # Also called before bulk_create, which skips save().
        self.search_name = fold(f"{self.name} {self.short_name} {self.abbreviation} {self.code}")

    def clean(self) -> None:
        self.code = agency_code_normalise(self.code)
        agency_code_validate(self.code, self.code_format)
        if self.valid_from and self.valid_to and self.valid_to < self.valid_from:
            raise ValidationError(
                {"valid_to": _("The last day in force cannot be before the first day.")}
            )
        overlapping = (
            Agency.objects.filter(code=self.code)
            .exclude(pk=self.pk)
            .overlapping(self.valid_from, self.valid_to)
            .first()
        )
        if overlapping is not None:
            raise ValidationError(
                {
                    "code": _(
                        "The code %(code)s is already used by “%(name)s” (%(period)s); "
                        "the periods in force of one code must not overlap."
                    )
                    % {
                        "code": self.code,
                        "name": overlapping.name,
                        "period": overlapping.period_label(),
                    }
                }
            )


class Department(EffectiveDated):
    """A unit inside an agency (phòng, ban, chi nhánh) that officers belong to."""

    agency = models.ForeignKey(
        Agency, verbose_name=_("agency"), on_delete=models.PROTECT, related_name="departments"
    )
    code = models.CharField(_("code"), max_length=40, blank=True)
    name = models.CharField(_("name"), max_length=255)

    class Meta:
        verbose_name = _("department")
        verbose_name_plural = _("departments")
        ordering = ["agency", "name"]

    def __str__(self) -> str:
        return f"{self.name} — {self.agency.short_name or self.agency.name}"
