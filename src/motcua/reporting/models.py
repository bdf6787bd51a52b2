"""Indicator catalogue, per-dossier contributions and the daily rollups indicators read.

A ``DailyRollup`` row counts what happened on one day to the dossiers of one competent
agency, receiving centre, procedure and channel. Rows are kept up to date from dossier
events (``rollups.py``); ``manage.py rollups_rebuild`` recomputes them from the dossiers.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from .constants import (
    CommentStatus,
    CycleStatus,
    IndexGroup,
    IndicatorKind,
    ReportStatus,
    SigningPrefix,
)


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
    received_paid_online = models.IntegerField(default=0)
    resolved_e_result = models.IntegerField(default=0)
    rated = models.IntegerField(default=0)
    satisfied = models.IntegerField(default=0)

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


class RollupCounters(models.Model):
    """The counters of ``constants.ROLLUP_METRICS`` (``DailyRollup`` predates this base and
    spells them out; a test checks every rollup model against the tuple)."""

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
    received_paid_online = models.IntegerField(default=0)
    resolved_e_result = models.IntegerField(default=0)
    rated = models.IntegerField(default=0)
    satisfied = models.IntegerField(default=0)

    class Meta:
        abstract = True


class AgencyDayRollup(RollupCounters):
    """``DailyRollup`` summed over procedures and receiving centres: a day has at most one
    row per agency and channel, however many dossiers and procedures. Province and agency
    figures read it (with ``AgencyMonthRollup``) at the edges of a window."""

    day = models.DateField(_("day"))
    agency = models.ForeignKey(
        "agencies.Agency",
        verbose_name=_("competent agency"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    channel = models.CharField(_("channel"), max_length=20)

    class Meta:
        verbose_name = _("rollup per agency and day")
        verbose_name_plural = _("rollups per agency and day")
        constraints = [
            models.UniqueConstraint(
                fields=["day", "agency", "channel"], name="agency_day_rollup_key"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.day} {self.agency_id}/{self.channel}"


class AgencyMonthRollup(RollupCounters):
    """The same per calendar month (``month`` is its first day): a quarter is three rows per
    agency and channel."""

    month = models.DateField(_("month"))
    agency = models.ForeignKey(
        "agencies.Agency",
        verbose_name=_("competent agency"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    channel = models.CharField(_("channel"), max_length=20)

    class Meta:
        verbose_name = _("rollup per agency and month")
        verbose_name_plural = _("rollups per agency and month")
        constraints = [
            models.UniqueConstraint(
                fields=["month", "agency", "channel"], name="agency_month_rollup_key"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.month} {self.agency_id}/{self.channel}"


class RollupBalance(models.Model):
    """The running total of the stock flows of every daily row, per competent agency and
    procedure: dossiers open, overdue and paused, counting every day including future ones
    (a due date ahead already holds its ``overdue_start``).

    A stock at a day is this total minus the flows dated after it, so a report on a recent
    window reads the window and what followed it, never the whole history. Kept by the
    same refresh as the daily rows and by the rebuild.
    """

    agency = models.ForeignKey(
        "agencies.Agency",
        verbose_name=_("competent agency"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    procedure = models.ForeignKey(
        "catalog.Procedure",
        verbose_name=_("procedure"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    open_count = models.IntegerField(default=0)
    overdue_count = models.IntegerField(default=0)
    paused_count = models.IntegerField(default=0)

    class Meta:
        verbose_name = _("rollup balance")
        verbose_name_plural = _("rollup balances")
        constraints = [
            models.UniqueConstraint(fields=["agency", "procedure"], name="rollup_balance_key"),
        ]

    def __str__(self) -> str:
        return f"{self.agency_id}/{self.procedure_id}"


class ReportRegime(models.Model):
    """A periodic reporting regime, with the elements Nghị định 09/2019 Điều 12 requires."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("report name"), max_length=300)
    content = models.TextField(_("content requested"), blank=True)
    recipient = models.ForeignKey(
        "agencies.Agency",
        verbose_name=_("receiving agency"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    reporting_agencies = models.ManyToManyField(
        "agencies.Agency", verbose_name=_("reporting agencies"), related_name="+", blank=True
    )
    channel = models.CharField(_("how it is sent"), max_length=300, blank=True)
    frequency = models.CharField(_("frequency"), max_length=100, blank=True)
    procedure_note = models.TextField(_("procedure"), blank=True)
    # {"Q1": {"label": "quý I", "start": [-1, 12, 15], "end": [0, 3, 14],
    #         "deadline": [0, 3, 20], "internal": [0, 3, 10]}, ...}
    windows = models.JSONField(_("data windows and deadlines"), default=dict)
    # [{"id": "II.2", "number": "2.", "heading": "…", "kind": "figures", "text": "…{x}…"}]
    outline = models.JSONField(_("outline"), default=list)
    appendix = models.JSONField(_("appendix indicator codes"), default=list)
    title = models.CharField(
        _("summary line"), max_length=300, help_text=_("{period} and {year} are filled in.")
    )
    document_type = models.CharField(_("document type code"), max_length=10, default="BC")

    class Meta:
        verbose_name = _("reporting regime")
        verbose_name_plural = _("reporting regimes")

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        from .windows import WindowRuleError, period_window, rule_day

        errors = {}
        try:
            for rule in (self.windows or {}).values():
                period_window(rule, 2026)
                for key in ("deadline", "internal"):
                    if key in rule:
                        rule_day(2026, rule[key])
                if not rule.get("label"):
                    raise WindowRuleError(_("Each period needs a label."))
        except (WindowRuleError, KeyError, TypeError, AttributeError):
            errors["windows"] = _(
                'Write each period as {"label": …, "start": [y, m, d], "end": [y, m, d], '
                '"deadline": [y, m, d]}.'
            )
        ids = [s.get("id") if isinstance(s, dict) else None for s in self.outline or []]
        if not ids or None in ids or len(set(ids)) != len(ids):
            errors["outline"] = _("Every section needs its own id (I, I.1, II.6 …).")
        if errors:
            raise ValidationError(errors)


class ReportCycle(models.Model):
    regime = models.ForeignKey(ReportRegime, on_delete=models.PROTECT, related_name="cycles")
    period = models.CharField(_("period"), max_length=10)
    year = models.PositiveSmallIntegerField(_("year"))
    start = models.DateField(_("first day of data"))
    end = models.DateField(_("cut-off day"))
    internal_deadline = models.DateField(_("deadline for agencies"))
    deadline = models.DateField(_("deadline"))
    status = models.CharField(_("status"), max_length=20, choices=CycleStatus.choices)
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    opened_at = models.DateTimeField(_("opened at"))

    class Meta:
        verbose_name = _("report cycle")
        verbose_name_plural = _("report cycles")
        constraints = [
            models.UniqueConstraint(fields=["regime", "period", "year"], name="cycle_once")
        ]

    def __str__(self) -> str:
        return f"{self.regime.code} {self.period}/{self.year}"


class Report(models.Model):
    """One agency's report of a cycle, or the province report Sở Nội vụ consolidates."""

    cycle = models.ForeignKey(ReportCycle, on_delete=models.CASCADE, related_name="reports")
    agency = models.ForeignKey("agencies.Agency", on_delete=models.PROTECT, related_name="+")
    is_province = models.BooleanField(_("province report"), default=False)
    status = models.CharField(_("status"), max_length=20, choices=ReportStatus.choices)
    # counts and indicator values frozen when taken; recomputed only on request, never typed
    snapshot = models.JSONField(_("figures"), default=dict)
    narratives = models.JSONField(_("narrative sections"), default=dict)
    review_note = models.TextField(_("reviewer's comments"), blank=True)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    circulated_to = models.ManyToManyField(
        "agencies.Agency", verbose_name=_("sent for comments to"), related_name="+", blank=True
    )
    number = models.PositiveIntegerField(_("number"), null=True, blank=True)
    issued_on = models.DateField(_("date"), null=True, blank=True)
    signer_prefix = models.CharField(
        _("signing prefix"), max_length=5, choices=SigningPrefix.choices, blank=True
    )
    signer_authority = models.CharField(_("signing on behalf of"), max_length=150, blank=True)
    signer_title = models.CharField(_("signer's title"), max_length=150, blank=True)
    signer_name = models.CharField(_("signer's name"), max_length=150, blank=True)
    recipients = models.TextField(_("recipients"), blank=True, help_text=_("One per line."))
    # the issued documents as they left, kept whatever later changes to templates or code
    archived_docx = models.BinaryField(_("issued DOCX"), null=True, blank=True, editable=False)
    archived_xlsx = models.BinaryField(_("issued appendix"), null=True, blank=True, editable=False)
    archived_pdf = models.BinaryField(_("issued PDF"), null=True, blank=True, editable=False)
    archived_at = models.DateTimeField(_("archived at"), null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("report")
        verbose_name_plural = _("reports")
        constraints = [
            models.UniqueConstraint(
                fields=["cycle", "agency", "is_province"], name="report_once_per_cycle"
            )
        ]

    def __str__(self) -> str:
        return f"{self.cycle} {self.agency_id}{' (tỉnh)' if self.is_province else ''}"


class ReportComment(models.Model):
    """A comment on the province draft, anchored to a section id ("II.6")."""

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="comments")
    agency = models.ForeignKey("agencies.Agency", on_delete=models.PROTECT, related_name="+")
    section_id = models.CharField(_("section"), max_length=20)
    text = models.TextField(_("comment"))
    status = models.CharField(
        _("status"), max_length=20, choices=CommentStatus.choices, default=CommentStatus.PENDING
    )
    response = models.TextField(_("answer"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("comment")
        verbose_name_plural = _("comments")
        ordering = ["report", "agency", "id"]

    def __str__(self) -> str:
        return f"{self.section_id}: {self.text[:40]}"
