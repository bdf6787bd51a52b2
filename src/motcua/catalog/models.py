"""The procedure catalogue (Cơ sở dữ liệu thủ tục hành chính).

A ``Procedure`` is the stable identity (its national code). Everything the law fixes —
name, competence, cases, documents, time, fees, internal workflow — lives on a
``ProcedureVersion`` created by a publication decision. Published versions are frozen:
a change means a new version, so a dossier that points to the version in force when it
was received keeps its rules whatever is published later.
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.validators import FileExtensionValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from motcua.core.models import TimeStampedModel
from motcua.core.text import fold
from motcua.workcalendar.constants import DeadlineUnit

from .constants import (
    CopyType,
    DecisionKind,
    FeeCollection,
    FeeKind,
    GovernmentLevel,
    Handling,
    OnlineLevel,
    Performer,
    Requirement,
    SupplementClock,
    VersionStatus,
)

# Blank forms and result templates are documents citizens and officers open and fill in.
TEMPLATE_EXTENSIONS = ["pdf", "doc", "docx", "odt", "xls", "xlsx", "ods"]


class Sector(models.Model):
    """A sector (ngành), grouping fields."""

    code = models.CharField(_("code"), max_length=20, unique=True)
    name = models.CharField(_("name"), max_length=255)

    class Meta:
        verbose_name = _("sector")
        verbose_name_plural = _("sectors")
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name


class Field(models.Model):
    """A field (lĩnh vực) that procedures belong to; code in the ``MX1X2-LV`` style."""

    code = models.CharField(_("code"), max_length=30, unique=True, help_text=_("e.g. H61-HT"))
    name = models.CharField(_("name"), max_length=255)
    sector = models.ForeignKey(
        Sector, verbose_name=_("sector"), on_delete=models.PROTECT, related_name="fields"
    )

    class Meta:
        verbose_name = _("field")
        verbose_name_plural = _("fields")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Procedure(TimeStampedModel):
    """An administrative procedure (thủ tục hành chính) identified by its national code."""

    code = models.CharField(
        _("procedure code"),
        max_length=40,
        unique=True,
        help_text=_("National code such as 1.004441, or a local variant such as 1.004441.H61."),
    )
    field = models.ForeignKey(
        Field, verbose_name=_("field"), on_delete=models.PROTECT, related_name="procedures"
    )
    owner_agency = models.ForeignKey(
        "agencies.Agency",
        verbose_name=_("owning agency"),
        on_delete=models.PROTECT,
        related_name="owned_procedures",
        help_text=_("Agency whose catalogue administrators maintain this procedure."),
    )

    class Meta:
        verbose_name = _("procedure")
        verbose_name_plural = _("procedures")
        ordering = ["code"]

    def __str__(self) -> str:
        return self.code


class PublicationDecision(models.Model):
    """A decision publishing procedures (quyết định công bố thủ tục hành chính)."""

    number = models.CharField(_("number"), max_length=60, help_text=_("e.g. 1094/QĐ-UBND"))
    date = models.DateField(_("date signed"))
    signer = models.CharField(_("signed by"), max_length=150, blank=True)
    issuer = models.ForeignKey(
        "agencies.Agency",
        verbose_name=_("issued by"),
        on_delete=models.PROTECT,
        related_name="publication_decisions",
    )
    title = models.CharField(_("title"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("publication decision")
        verbose_name_plural = _("publication decisions")
        ordering = ["-date", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["number", "issuer"], name="decision_number_issuer_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.number} ({self.date:%d/%m/%Y})"


class ProcedureVersion(TimeStampedModel):
    """One legally published state of a procedure, effective from ``valid_from``."""

    procedure = models.ForeignKey(
        Procedure, verbose_name=_("procedure"), on_delete=models.PROTECT, related_name="versions"
    )
    number = models.PositiveIntegerField(_("version"))
    status = models.CharField(
        _("status"), max_length=20, choices=VersionStatus.choices, default=VersionStatus.DRAFT
    )
    decision = models.ForeignKey(
        PublicationDecision,
        verbose_name=_("publication decision"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="versions",
    )
    decision_kind = models.CharField(
        _("decision kind"), max_length=20, choices=DecisionKind.choices, blank=True
    )
    valid_from = models.DateField(_("in force from"), null=True, blank=True)
    valid_to = models.DateField(_("in force until"), null=True, blank=True)
    published_at = models.DateTimeField(
        _("updated on the system at"),
        null=True,
        blank=True,
        help_text=_(
            "When it was published here; the 766 index measures the delay after the decision."
        ),
    )
    name = models.CharField(_("name"), max_length=500)
    level = models.CharField(_("level"), max_length=20, choices=GovernmentLevel.choices)
    competent_agencies = models.ManyToManyField(
        "agencies.Agency",
        verbose_name=_("competent agencies"),
        related_name="competent_for_versions",
        blank=True,
        help_text=_("Agencies with the authority to decide (cơ quan có thẩm quyền)."),
    )
    implementing_agencies = models.ManyToManyField(
        "agencies.Agency",
        verbose_name=_("implementing agencies"),
        related_name="implementing_versions",
        blank=True,
        help_text=_("Agencies that carry out the procedure (cơ quan thực hiện)."),
    )
    boundary_free = models.BooleanField(
        _("received regardless of administrative boundary"),
        default=False,
        help_text=_(
            "Any one-stop centre of the province may receive it (phi địa giới hành chính)."
        ),
    )
    handling = models.CharField(
        _("handled"), max_length=20, choices=Handling.choices, default=Handling.LOCAL
    )
    external_reference = models.CharField(
        _("external system reference"),
        max_length=255,
        blank=True,
        help_text=_("Identifier on the ministry's system when handled there."),
    )
    supplement_clock = models.CharField(
        _("clock during supplements"),
        max_length=10,
        choices=SupplementClock.choices,
        default=SupplementClock.PAUSE,
    )
    legal_basis = models.TextField(_("legal basis"), blank=True)
    requirements = models.TextField(_("requirements and conditions"), blank=True)
    search_text = models.TextField(editable=False, blank=True, default="")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("procedure version")
        verbose_name_plural = _("procedure versions")
        ordering = ["procedure", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["procedure", "number"], name="version_number_unique"),
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True)
                | Q(valid_from__isnull=True)
                | Q(valid_to__gte=models.F("valid_from")),
                name="version_valid_range",
            ),
            models.CheckConstraint(
                condition=Q(status=VersionStatus.DRAFT)
                | (Q(decision__isnull=False) & Q(valid_from__isnull=False)),
                name="version_published_has_decision",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.procedure.code} v{self.number} — {self.name}"

    def save(self, *args, **kwargs):
        # Folded text feeds the search indexes (FTS5 on SQLite, full text + trigram on
        # PostgreSQL) so "dang ky khai sinh" finds "Đăng ký khai sinh".
        self.search_text = fold(f"{self.procedure.code} {self.name} {self.procedure.field.name}")
        super().save(*args, **kwargs)


class ProcedureCase(models.Model):
    """A case (trường hợp) of a version, with its own time, fees, documents and workflow."""

    version = models.ForeignKey(
        ProcedureVersion, verbose_name=_("version"), on_delete=models.CASCADE, related_name="cases"
    )
    position = models.PositiveSmallIntegerField(_("order"), default=1)
    name = models.CharField(_("name"), max_length=500)
    processing_amount = models.DecimalField(
        _("processing time"),
        max_digits=6,
        decimal_places=2,
        validators=[MinValueValidator(Decimal(0))],
    )
    processing_unit = models.CharField(
        _("processing time unit"), max_length=20, choices=DeadlineUnit.choices
    )
    online_processing_amount = models.DecimalField(
        _("processing time when submitted online"),
        max_digits=6,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal(0))],
    )
    online_processing_unit = models.CharField(
        _("online processing time unit"), max_length=20, choices=DeadlineUnit.choices, blank=True
    )
    online_level = models.CharField(
        _("online service level"), max_length=10, choices=OnlineLevel.choices
    )
    delivery_channels = models.JSONField(
        _("result delivery channels"),
        default=list,
        help_text=_("Any of: counter, post, online."),
    )
    result_name = models.CharField(_("result"), max_length=500)
    result_code = models.CharField(_("result code"), max_length=60, blank=True)
    result_template = models.FileField(
        _("result template"),
        upload_to="catalog/results/",
        blank=True,
        validators=[FileExtensionValidator(TEMPLATE_EXTENSIONS)],
    )
    # Retention of the electronic results (documents app, retention_review command).
    result_retention_years = models.PositiveSmallIntegerField(
        _("results kept for (years)"),
        null=True,
        blank=True,
        help_text=_(
            "Years the electronic results are kept after the dossier closes; 0 keeps them "
            "permanently; empty: the site default (DOCUMENTS_RETENTION_YEARS)."
        ),
    )
    result_returned_by = models.CharField(
        _("result returned by"),
        max_length=20,
        choices=Performer.choices,
        default=Performer.RECEIVING_CENTRE,
    )
    form_schema = models.JSONField(
        _("e-form definition"),
        default=dict,
        blank=True,
        help_text=_("Fields of the online form (see docs/catalog.md)."),
    )
    notes = models.TextField(_("notes"), blank=True)

    class Meta:
        verbose_name = _("case")
        verbose_name_plural = _("cases")
        ordering = ["version", "position"]

    def __str__(self) -> str:
        return self.name


class Fee(models.Model):
    """A fee (phí) or charge (lệ phí) of a case. A table is several rows with conditions."""

    case = models.ForeignKey(
        ProcedureCase, verbose_name=_("case"), on_delete=models.CASCADE, related_name="fees"
    )
    position = models.PositiveSmallIntegerField(_("order"), default=1)
    kind = models.CharField(_("kind"), max_length=10, choices=FeeKind.choices)
    name = models.CharField(_("name"), max_length=255)
    amount = models.DecimalField(
        pgettext_lazy("fee rate", "amount (VND)"),
        max_digits=14,
        decimal_places=0,
        validators=[MinValueValidator(0)],
    )
    unit = models.CharField(
        _("per"), max_length=100, blank=True, help_text=_("e.g. per dossier, per page, per copy")
    )
    condition = models.CharField(
        _("applies when"), max_length=500, blank=True, help_text=_("Empty: always.")
    )
    exemptions = models.TextField(_("exemptions"), blank=True)
    collection = models.CharField(
        _("collected"), max_length=10, choices=FeeCollection.choices, default=FeeCollection.BEFORE
    )

    class Meta:
        verbose_name = _("fee")
        verbose_name_plural = _("fees")
        ordering = ["case", "position"]

    def __str__(self) -> str:
        return f"{self.name}: {self.amount}"


class Component(models.Model):
    """A required document of a case (thành phần hồ sơ). Nothing beyond this list may be asked."""

    case = models.ForeignKey(
        ProcedureCase, verbose_name=_("case"), on_delete=models.CASCADE, related_name="components"
    )
    position = models.PositiveSmallIntegerField(_("order"), default=1)
    code = models.CharField(_("code"), max_length=60, blank=True)
    name = models.CharField(_("name"), max_length=1000)
    copy_type = models.CharField(_("form of the document"), max_length=30, choices=CopyType.choices)
    quantity = models.PositiveSmallIntegerField(_("number of copies"), default=1)
    requirement = models.CharField(
        _("requirement"), max_length=20, choices=Requirement.choices, default=Requirement.MANDATORY
    )
    condition = models.CharField(_("required when"), max_length=500, blank=True)
    form_template = models.FileField(
        _("form template"),
        upload_to="catalog/forms/",
        blank=True,
        validators=[FileExtensionValidator(TEMPLATE_EXTENSIONS)],
    )
    form_template_name = models.CharField(
        _("form name"), max_length=255, blank=True, help_text=_("e.g. Tờ khai đăng ký khai sinh")
    )
    must_digitise = models.BooleanField(_("must be digitised"), default=True)
    reuse_sources = models.JSONField(
        _("may be reused from"),
        default=list,
        blank=True,
        help_text=_("Any of: citizen_store, national_database."),
    )
    # Matching with the citizen's data store (documents app): a document held there with
    # this code (or the component's own code) may be reused instead of a new upload.
    document_type = models.CharField(
        pgettext_lazy("papers", "document type code"),
        max_length=60,
        blank=True,
        help_text=_(
            "Code shared by every procedure asking for the same document, e.g. the result "
            "code of the procedure that issues it (KQ.HT.01)."
        ),
    )
    retention_years = models.PositiveSmallIntegerField(
        _("files kept for (years)"),
        null=True,
        blank=True,
        help_text=_(
            "Years the files of this component are kept after the dossier closes; 0 keeps "
            "them permanently; empty: the site default (DOCUMENTS_RETENTION_YEARS)."
        ),
    )

    class Meta:
        verbose_name = _("component")
        verbose_name_plural = _("components")
        ordering = ["case", "position"]

    def __str__(self) -> str:
        return self.name

    @property
    def needs_digitisation(self) -> bool:
        """Scanned at the counter (TT 01/2023): not when only shown, nor when not required."""
        return self.copy_type != CopyType.SHOWN and self.must_digitise


class WorkflowStep(models.Model):
    """A step of the internal process of a case (quy trình nội bộ, "ISO điện tử")."""

    case = models.ForeignKey(
        ProcedureCase, verbose_name=_("case"), on_delete=models.CASCADE, related_name="steps"
    )
    position = models.PositiveSmallIntegerField(_("order"))
    name = models.CharField(_("name"), max_length=255)
    performer = models.CharField(_("performed by"), max_length=20, choices=Performer.choices)
    agency = models.ForeignKey(
        "agencies.Agency",
        verbose_name=_("named agency"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("Only when performed by a named agency."),
    )
    department_name = models.CharField(
        _("department"), max_length=255, blank=True, help_text=_("e.g. Phòng Hành chính tư pháp")
    )
    role = models.CharField(_("role"), max_length=32)  # accounts.constants.Role value
    hours = models.DecimalField(
        _("time budget (working hours)"),
        max_digits=7,
        decimal_places=2,
        validators=[MinValueValidator(Decimal(0))],
    )
    actions = models.JSONField(
        _("allowed actions"),
        default=list,
        help_text=_("Any of: forward, return, request_supplement, consult, approve, refuse."),
    )
    stage = models.PositiveSmallIntegerField(
        _("inter-agency stage"),
        default=1,
        help_text=_("Steps of one agency share a stage; liên thông procedures have several."),
    )

    class Meta:
        verbose_name = _("workflow step")
        verbose_name_plural = _("workflow steps")
        ordering = ["case", "position"]
        constraints = [
            models.UniqueConstraint(fields=["case", "position"], name="step_position_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.position}. {self.name}"
