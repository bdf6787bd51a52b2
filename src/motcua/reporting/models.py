"""Indicator catalogue, per-dossier contributions and the daily rollups indicators read.

A ``DailyRollup`` row counts what happened on one day to the dossiers of one competent
agency, receiving centre, procedure and channel. Rows are kept up to date from dossier
events (``rollups.py``); ``manage.py rollups_rebuild`` recomputes them from the dossiers.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from .constants import IndexGroup, IndicatorKind


class Indicator(models.Model):
    """One version of an indicator. A formula change is a new version with its own start
    date, so a window that ended before it is still computed with the old formula."""

    code = models.CharField(_("code"), max_length=40)
    version = models.PositiveSmallIntegerField(_("version"), default=1)
    effective_from = models.DateField(
        _("effective from"), help_text=_("Windows ending on or after this day use this version.")
    )
    name = models.CharField(_("name"), max_length=300)
    unit = models.CharField(_("unit"), max_length=40)
    kind = models.CharField(_("kind"), max_length=20, choices=IndicatorKind.choices)
    formula = models.CharField(
        _("formula"),
        max_length=500,
        help_text=_(
            "Arithmetic over named counts: + - * / ( ), numbers, min(), max(). "
            "A ratio is written as a division and shown as a percentage when the unit is %."
        ),
    )
    position = models.PositiveSmallIntegerField(_("order"), default=0)
    group = models.CharField(_("766 group"), max_length=20, choices=IndexGroup.choices, blank=True)
    weight = models.DecimalField(_("points"), max_digits=5, decimal_places=2, null=True, blank=True)
    target = models.DecimalField(
        _("target ratio"),
        max_digits=5,
        decimal_places=4,
        null=True,
        blank=True,
        help_text=_("Full points are reached at this ratio, e.g. 0.8; empty means 1."),
    )
    full_points_when_empty = models.BooleanField(
        _("full points when there is nothing to count"), default=False
    )
    official = models.BooleanField(
        _("official formula"),
        default=False,
        help_text=_("Unticked when the official formula is not known and this one is ours."),
    )
    source_note = models.CharField(_("source"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")
        ordering = ["position", "code", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["code", "version"], name="indicator_code_version"),
        ]

    def __str__(self) -> str:
        return f"{self.code} v{self.version}"

    def clean(self) -> None:
        from .formula import FormulaError, formula_names
        from .selectors import AVAILABLE_NAMES, KNOWN_NAMES

        try:
            names = formula_names(self.formula)
        except FormulaError as error:
            raise ValidationError({"formula": str(error)}) from error
        unknown = names - KNOWN_NAMES - AVAILABLE_NAMES
        if unknown:
            raise ValidationError(
                {"formula": _("Unknown names: %(names)s.") % {"names": ", ".join(sorted(unknown))}}
            )
        if self.group and self.weight is None:
            raise ValidationError({"weight": _("An indicator of the 766 index needs its points.")})


class DossierContribution(models.Model):
    """What one dossier last added to the rollups, so a change can be applied as a delta."""

    dossier = models.OneToOneField(
        "dossiers.Dossier", on_delete=models.CASCADE, related_name="+", primary_key=True
    )
    # [[day ISO, agency id, receiving agency id, procedure id, channel, metric, count], ...]
    rows = models.JSONField(default=list)

    def __str__(self) -> str:
        return f"{self.dossier_id}: {len(self.rows)}"


class DailyRollup(models.Model):
    day = models.DateField(_("day"))
    agency = models.ForeignKey(
        "agencies.Agency",
        verbose_name=_("competent agency"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    receiving_agency = models.ForeignKey(
        "agencies.Agency",
        verbose_name=_("receiving centre"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    procedure = models.ForeignKey(
        "catalog.Procedure",
        verbose_name=_("procedure"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    channel = models.CharField(_("channel"), max_length=20)
    # one column per name in constants.ROLLUP_METRICS (a test checks they match)
    received = models.IntegerField(default=0)
    resolved_early = models.IntegerField(default=0)
    resolved_on_time = models.IntegerField(default=0)
    resolved_late = models.IntegerField(default=0)
    withdrawn = models.IntegerField(default=0)
    stopped = models.IntegerField(default=0)
    returned = models.IntegerField(default=0)
    apologised = models.IntegerField(default=0)
    overdue_start = models.IntegerField(default=0)
    overdue_end = models.IntegerField(default=0)
    pause_start = models.IntegerField(default=0)
    pause_end = models.IntegerField(default=0)
    received_digitised = models.IntegerField(default=0)
    received_reused = models.IntegerField(default=0)
    received_synced = models.IntegerField(default=0)
    received_fee = models.IntegerField(default=0)
    received_paid = models.IntegerField(default=0)
    resolved_e_result = models.IntegerField(default=0)

    class Meta:
        verbose_name = _("daily rollup")
        verbose_name_plural = _("daily rollups")
        constraints = [
            models.UniqueConstraint(
                fields=["day", "agency", "receiving_agency", "procedure", "channel"],
                name="daily_rollup_key",
            ),
        ]
        indexes = [models.Index(fields=["agency", "day"], name="rollup_agency_day_idx")]

    def __str__(self) -> str:
        return f"{self.day} {self.agency_id}/{self.procedure_id}/{self.channel}"
