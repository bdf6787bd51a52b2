"""Dossiers (hồ sơ thủ tục hành chính) and their append-only event log.

A dossier points to the procedure version and case in force when it was received and
keeps them whatever is published later. Due moments are stored when computed and never
recomputed silently: a calendar edit tomorrow does not move a due date set today.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from motcua.catalog.constants import SupplementClock
from motcua.core.choices import FastChoiceLabels

from .constants import (
    ApplicantKind,
    Channel,
    ClockPauseReason,
    DeliveryStatus,
    DigitisationStatus,
    DossierStatus,
    EventKind,
    NoticeKind,
    Outcome,
    PaymentStatus,
    ResultSignatureState,
    SyncStatus,
    Timeliness,
)


class DossierCodeCounter(models.Model):
    """The last daily sequence number issued by a receiving agency (mã số hồ sơ, TT 03/2025 Đ13).

    One row per agency code and day, locked while a code is issued, so two counters
    receiving at the same moment never get the same number. The row is incremented in the
    intake's own transaction: an intake that rolls back takes its increment with it, so
    no number ever seen by anyone is issued twice. Rows are never deleted, so a number is
    never reused even if a dossier disappears; gaps are tolerated.
    """

    agency_code = models.CharField(max_length=40)
    day = models.DateField()
    last = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["agency_code", "day"], name="dossier_counter_unique")
        ]

    def __str__(self) -> str:
        return f"{self.agency_code} {self.day:%y%m%d}: {self.last}"


class Dossier(FastChoiceLabels, models.Model):
    code = models.CharField(
        _("dossier code"),
        max_length=60,
        unique=True,
        null=True,
        blank=True,
        help_text=_("Issued at intake: agency code-YYMMDD-sequence, e.g. H61.17-261122-0001."),
    )
    alternative_code = models.CharField(
        _("national portal code"), max_length=60, blank=True, db_index=True
    )
    procedure_version = models.ForeignKey(
        "catalog.ProcedureVersion",
        verbose_name=_("procedure version"),
        on_delete=models.PROTECT,
        related_name="dossiers",
    )
    case = models.ForeignKey(
        "catalog.ProcedureCase",
        verbose_name=_("case"),
        on_delete=models.PROTECT,
        related_name="dossiers",
    )
    channel = models.CharField(_("channel"), max_length=20, choices=Channel.choices)
    status = models.CharField(
        _("status"),
        max_length=30,
        choices=DossierStatus.choices,
        default=DossierStatus.DRAFT,
        db_index=True,
    )
    outcome = models.CharField(_("outcome"), max_length=20, choices=Outcome.choices, blank=True)

    receiving_agency = models.ForeignKey(
        "agencies.Agency",
        verbose_name=_("receiving centre"),
        on_delete=models.PROTECT,
        related_name="received_dossiers",
    )
    competent_agency = models.ForeignKey(
        "agencies.Agency",
        verbose_name=_("competent agency"),
        on_delete=models.PROTECT,
        related_name="decided_dossiers",
    )
    current_agency = models.ForeignKey(
        "agencies.Agency",
        verbose_name=_("agency handling it now"),
        on_delete=models.PROTECT,
        related_name="handled_dossiers",
    )
    current_step = models.ForeignKey(
        "DossierStep",
        verbose_name=_("current step"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("The workflow step the dossier is at; empty before intake and once closed."),
    )
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("officer handling it now"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="assigned_dossiers",
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("citizen account"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="dossiers",
        help_text=_("The applicant's own account, when they have one."),
    )

    applicant_kind = models.CharField(
        _("applicant type"), max_length=20, choices=ApplicantKind.choices
    )
    applicant_name = models.CharField(_("applicant"), max_length=255)
    applicant_id_number = models.CharField(_("identification number"), max_length=20, db_index=True)
    applicant_phone = models.CharField(_("phone"), max_length=20, blank=True)
    applicant_email = models.EmailField(_("email"), blank=True)
    applicant_address = models.CharField(_("address"), max_length=500, blank=True)
    applicant_unit = models.ForeignKey(
        "agencies.AdministrativeUnit",
        verbose_name=_("commune of the address"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    applicant_unit_source = models.CharField(
        _("unit code list"),
        max_length=80,
        blank=True,
        help_text=_("Version of the unit codes used."),
    )
    representative_name = models.CharField(
        _("authorised representative"), max_length=255, blank=True
    )
    representative_id_number = models.CharField(
        _("representative's identification number"), max_length=20, blank=True
    )
    representative_phone = models.CharField(_("representative's phone"), max_length=20, blank=True)
    authorisation = models.CharField(
        _("authorisation document"),
        max_length=500,
        blank=True,
        help_text=_("Number and date of the power of attorney."),
    )
    summary = models.CharField(
        _("request"), max_length=1000, blank=True
    )  # nội dung yêu cầu giải quyết
    form_data = models.JSONField(_("e-form answers"), default=dict, blank=True)
    delivery_channel = models.CharField(_("result delivered by"), max_length=20, blank=True)

    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    received_at = models.DateTimeField(_("received at"), null=True, blank=True, db_index=True)
    due_at_original = models.DateTimeField(_("original due moment"), null=True, blank=True)
    due_at = models.DateTimeField(_("due moment"), null=True, blank=True, db_index=True)
    resolved_at = models.DateTimeField(_("resolved at"), null=True, blank=True)
    returned_at = models.DateTimeField(_("result returned at"), null=True, blank=True)
    closed_at = models.DateTimeField(
        _("closed at"), null=True, blank=True, help_text=_("Refused, withdrawn or stopped.")
    )
    timeliness = models.CharField(
        _("timeliness"), max_length=10, choices=Timeliness.choices, blank=True
    )
    supplement_clock = models.CharField(
        _("clock during supplements"), max_length=10, choices=SupplementClock.choices
    )
    supplement_requests = models.PositiveSmallIntegerField(_("supplement requests"), default=0)
    extended_at = models.DateTimeField(
        _("apology and extension issued at"),
        null=True,
        blank=True,
        help_text=_("Allowed once (Mẫu 04)."),
    )

    payment_status = models.CharField(
        _("payment"), max_length=20, choices=PaymentStatus.choices, default=PaymentStatus.NONE
    )
    delivery_status = models.CharField(
        _("delivery"), max_length=20, choices=DeliveryStatus.choices, default=DeliveryStatus.PENDING
    )
    digitisation_status = models.CharField(
        _("digitisation"),
        max_length=20,
        choices=DigitisationStatus.choices,
        default=DigitisationStatus.NOT_DIGITISED,
    )
    sync_status = models.CharField(
        _("national portal sync"),
        max_length=20,
        choices=SyncStatus.choices,
        default=SyncStatus.NOT_REQUIRED,
    )
    # NULL, not "", when absent: the uniqueness below only concerns keys actually sent.
    idempotency_key = models.CharField(  # noqa: DJ001
        max_length=100, null=True, blank=True, editable=False
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("dossier")
        verbose_name_plural = _("dossiers")
        ordering = ["-received_at", "-id"]
        constraints = [
            # A retry of the same intake request by the same client finds the first dossier.
            models.UniqueConstraint(
                fields=["created_by", "idempotency_key"],
                condition=Q(idempotency_key__isnull=False),
                name="dossier_idempotency_unique",
            ),
        ]
        indexes = [
            models.Index(fields=["current_agency", "status", "due_at"], name="dossier_queue_idx"),
            # The dashboard's "resolved this month" and the lists behind it.
            models.Index(fields=["resolved_at"], name="dossier_resolved_idx"),
        ]

    def __str__(self) -> str:
        return self.code or f"#{self.pk}"


class DossierComponent(models.Model):
    """A component of the case as submitted. Files attach here (documents app)."""

    dossier = models.ForeignKey(Dossier, on_delete=models.CASCADE, related_name="components")
    component = models.ForeignKey(
        "catalog.Component", verbose_name=_("component"), on_delete=models.PROTECT, related_name="+"
    )
    copies = models.PositiveSmallIntegerField(_("copies submitted"), default=1)
    is_digitised = models.BooleanField(_("digitised"), default=False)
    is_reused = models.BooleanField(_("reused"), default=False)
    note = models.CharField(_("note"), max_length=500, blank=True)
    # Reuse from the owner's data store (documents.services.component_reuse): which entry,
    # its kind of source for the national sync, who chose it and whether the citizen
    # consented (a counter officer picks only with the citizen's consent).
    reused_entry = models.ForeignKey(
        "documents.StoreEntry",
        verbose_name=_("reused from the store"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="reused_in",
    )
    reuse_source = models.CharField(_("reuse source"), max_length=20, blank=True)
    reused_at = models.DateTimeField(_("reused at"), null=True, blank=True)
    reused_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reused by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    reuse_consent = models.BooleanField(_("citizen consented to reuse"), default=False)

    class Meta:
        verbose_name = _("dossier component")
        verbose_name_plural = _("dossier components")
        constraints = [
            models.UniqueConstraint(
                fields=["dossier", "component"], name="dossier_component_unique"
            )
        ]

    def __str__(self) -> str:
        return str(self.component)


class DossierStep(FastChoiceLabels, models.Model):
    """A step of the case's workflow as performed on this dossier, with its own due moment."""

    dossier = models.ForeignKey(Dossier, on_delete=models.CASCADE, related_name="steps")
    template = models.ForeignKey(
        "catalog.WorkflowStep", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    consulted_from = models.ForeignKey(
        "self",
        verbose_name=_("consultation asked at"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="consultations",
        help_text=_("For an inter-agency consultation: the step of the lead agency that asked."),
    )
    position = models.PositiveSmallIntegerField(_("order"))
    stage = models.PositiveSmallIntegerField(_("inter-agency stage"), default=1)
    name = models.CharField(_("name"), max_length=255)
    agency = models.ForeignKey("agencies.Agency", on_delete=models.PROTECT, related_name="+")
    department = models.ForeignKey(
        "agencies.Department", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    role = models.CharField(_("role"), max_length=32)
    hours = models.DecimalField(
        _("time budget (working hours)"),
        max_digits=7,
        decimal_places=2,
        help_text=_("From the workflow template, or the share given to a consulted agency."),
    )
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    due_at = models.DateTimeField(_("due moment"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    timeliness = models.CharField(
        _("timeliness"), max_length=10, choices=Timeliness.choices, blank=True
    )

    class Meta:
        verbose_name = _("dossier step")
        verbose_name_plural = _("dossier steps")
        ordering = ["dossier", "position", "id"]

    def __str__(self) -> str:
        return f"{self.position}. {self.name}"


class ClockPause(FastChoiceLabels, models.Model):
    """A period during which the processing clock waited (supplement, payment)."""

    dossier = models.ForeignKey(Dossier, on_delete=models.CASCADE, related_name="clock_pauses")
    reason = models.CharField(_("reason"), max_length=20, choices=ClockPauseReason.choices)
    policy = models.CharField(_("policy"), max_length=10, choices=SupplementClock.choices)
    started_at = models.DateTimeField(_("started at"))
    ended_at = models.DateTimeField(_("ended at"), null=True, blank=True)
    note = models.CharField(_("note"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("clock pause")
        verbose_name_plural = _("clock pauses")
        ordering = ["dossier", "started_at"]

    def __str__(self) -> str:
        return f"{self.get_reason_display()} ({self.started_at:%d/%m/%Y})"


class DossierResult(FastChoiceLabels, models.Model):
    """A result document (kết quả giải quyết): decision, licence, certificate, refusal letter."""

    dossier = models.ForeignKey(Dossier, on_delete=models.CASCADE, related_name="results")
    name = models.CharField(_("name"), max_length=500)
    number = models.CharField(_("number and symbol"), max_length=100, blank=True)
    issued_on = models.DateField(_("date"), null=True, blank=True)
    signer = models.CharField(_("signed by"), max_length=150, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    # The electronic result (documents app): its PDF, and whether a leader signed it.
    # Written only by motcua.documents.services.result_file_attach / result_sign.
    file = models.ForeignKey(
        "documents.StoredFile",
        verbose_name=_("electronic file"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    signature_state = models.CharField(
        _("signature"),
        max_length=10,
        choices=ResultSignatureState.choices,
        default=ResultSignatureState.UNSIGNED,
    )
    signed_at = models.DateTimeField(_("signed at"), null=True, blank=True)
    signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("signed by (account)"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = _("result")
        verbose_name_plural = _("results")
        ordering = ["dossier", "id"]

    def __str__(self) -> str:
        return f"{self.name} {self.number}".strip()


class DeadlineNotice(models.Model):
    """A deadline reminder that was sent, so the periodic task never sends it twice.

    Keyed by the due moment reminded about: when an extension or a paused clock moves the
    due moment, the new one may be reminded about again.
    """

    dossier = models.ForeignKey(Dossier, on_delete=models.CASCADE, related_name="notices")
    kind = models.CharField(_("kind"), max_length=20, choices=NoticeKind.choices)
    due_at = models.DateTimeField(_("due moment reminded about"))
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("sent to"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    channel = models.CharField(_("channel"), max_length=30)
    sent_at = models.DateTimeField(_("sent at"))

    class Meta:
        verbose_name = _("deadline reminder")
        verbose_name_plural = _("deadline reminders")
        ordering = ["-sent_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["dossier", "kind", "due_at", "recipient", "channel"],
                name="deadline_notice_once",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} → {self.recipient}"


class DossierEventQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise TypeError("Dossier events are append-only.")

    def delete(self):
        raise TypeError("Dossier events are append-only.")


class DossierEvent(FastChoiceLabels, models.Model):
    """One entry of the dossier's history. Append-only: timelines, Mẫu 06 and the indicators read it."""

    dossier = models.ForeignKey(Dossier, on_delete=models.PROTECT, related_name="events")
    kind = models.CharField(_("action"), max_length=40, choices=EventKind.choices)
    from_status = models.CharField(
        _("from"), max_length=30, choices=DossierStatus.choices, blank=True
    )
    to_status = models.CharField(_("to"), max_length=30, choices=DossierStatus.choices, blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    actor_role = models.CharField(_("role"), max_length=32, blank=True)
    actor_agency = models.ForeignKey(
        "agencies.Agency", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    at = models.DateTimeField(_("time"), db_index=True)
    note = models.TextField(_("note"), blank=True)
    data = models.JSONField(_("details"), default=dict, blank=True)
    step = models.ForeignKey(
        DossierStep, null=True, blank=True, on_delete=models.PROTECT, related_name="events"
    )
    step_due_at = models.DateTimeField(_("step due moment"), null=True, blank=True)
    step_timeliness = models.CharField(
        _("step timeliness"), max_length=10, choices=Timeliness.choices, blank=True
    )

    objects = DossierEventQuerySet.as_manager()

    class Meta:
        verbose_name = _("dossier event")
        verbose_name_plural = _("dossier events")
        ordering = ["dossier", "at", "id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.at:%d/%m/%Y %H:%M})"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise TypeError("Dossier events are append-only.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise TypeError("Dossier events are append-only.")
