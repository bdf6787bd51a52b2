"""Stored files and the digitisation record of dossier components.

A stored file belongs to at most one owner, named by an explicit foreign key: a component
of a dossier (the scans or the uploaded file) or a result of a dossier (the electronic
result). Who may download it follows from that owner (``access.py``). The bytes live in
the private ``documents`` storage under a random key; the row keeps what the 766 index and
the national sync report about a file: its real type, size, SHA-256 and page count.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from .constants import DigitisationState, ExemptionReason, FileType, StoreSource


class StoredFile(models.Model):
    original_name = models.CharField(
        _("file name"),
        max_length=255,
        help_text=_("As the sender named it, without any folder; used only for display."),
    )
    file_type = models.CharField(
        _("type"),
        max_length=10,
        choices=FileType.choices,
        help_text=_("Detected from the content, not from the name."),
    )
    size = models.PositiveBigIntegerField(_("size (bytes)"))
    sha256 = models.CharField(_("SHA-256"), max_length=64, db_index=True)
    page_count = models.PositiveIntegerField(
        _("pages"), null=True, blank=True, help_text=_("For PDF files and images (1).")
    )
    storage_key = models.CharField(_("storage key"), max_length=255, unique=True, editable=False)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("uploaded by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    uploaded_at = models.DateTimeField(_("uploaded at"), default=timezone.now)
    position = models.PositiveSmallIntegerField(
        _("order"), default=1, help_text=_("Order of the scans of one component.")
    )
    # Owners. PROTECT, not CASCADE: a row and its bytes are removed together by
    # ``services.stored_file_delete``, never silently by deleting a dossier.
    dossier_component = models.ForeignKey(
        "dossiers.DossierComponent",
        verbose_name=_("dossier component"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="files",
    )
    dossier_result = models.ForeignKey(
        "dossiers.DossierResult",
        verbose_name=_("dossier result"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="files",
    )

    class Meta:
        verbose_name = _("stored file")
        verbose_name_plural = _("stored files")
        ordering = ["position", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(dossier_component__isnull=True) | Q(dossier_result__isnull=True),
                name="stored_file_one_owner",
            ),
        ]

    def __str__(self) -> str:
        return self.original_name


class ComponentDigitisation(models.Model):
    """How a dossier component was digitised at the counter, or why it was not.

    TT 01/2023/TT-VPCP Điều 8: the electronic copy has as many pages as the paper
    original, in order. The officer records the paper count; the scans are checked
    against it before anything is stored.
    """

    dossier_component = models.OneToOneField(
        "dossiers.DossierComponent",
        verbose_name=_("dossier component"),
        on_delete=models.CASCADE,
        related_name="digitisation",
    )
    state = models.CharField(_("state"), max_length=20, choices=DigitisationState.choices)
    paper_pages = models.PositiveIntegerField(
        _("pages of the paper original"), null=True, blank=True
    )
    exemption_reason = models.CharField(
        _("reason for exemption"), max_length=20, choices=ExemptionReason.choices, blank=True
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    recorded_at = models.DateTimeField(_("recorded at"), default=timezone.now)

    class Meta:
        verbose_name = _("component digitisation")
        verbose_name_plural = _("component digitisations")
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(state=DigitisationState.DIGITISED, paper_pages__gte=1, exemption_reason="")
                    | (
                        Q(state=DigitisationState.EXEMPT, paper_pages__isnull=True)
                        & ~Q(exemption_reason="")
                    )
                ),
                name="digitisation_state_consistent",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.dossier_component_id}: {self.state}"


class StoreEntry(models.Model):
    """A document in an account's data store (Kho quản lý dữ liệu điện tử, NĐ 45/2020 Điều 16).

    The store keeps what a citizen or organisation already gave or received, so that a
    later dossier can point to it instead of asking again. An entry does not copy bytes:
    a digitised component's entry reads that component's scans, a result's entry its
    signed file, an entry from a national database its own stored file.
    """

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("owner"),
        on_delete=models.PROTECT,
        related_name="store_entries",
    )
    document_code = models.CharField(
        pgettext_lazy("papers", "document type code"),
        max_length=60,
        blank=True,
        db_index=True,
        help_text=_("The catalogue's component or result code this document is."),
    )
    name = models.CharField(_("document"), max_length=500)
    number = models.CharField(_("number and symbol"), max_length=100, blank=True)
    issued_on = models.DateField(_("issued on"), null=True, blank=True)
    issuer = models.CharField(pgettext_lazy("papers", "issued by"), max_length=255, blank=True)
    valid_until = models.DateField(
        _("valid until"), null=True, blank=True, help_text=_("Empty: no end of validity.")
    )
    source = models.CharField(_("source"), max_length=20, choices=StoreSource.choices)
    stored_file = models.ForeignKey(
        StoredFile,
        verbose_name=_("file"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="store_entries",
    )
    source_dossier = models.ForeignKey(
        "dossiers.Dossier",
        verbose_name=_("source dossier"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    source_component = models.OneToOneField(
        "dossiers.DossierComponent",
        verbose_name=_("source component"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="store_entry",
    )
    source_result = models.OneToOneField(
        "dossiers.DossierResult",
        verbose_name=_("source result"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="store_entry",
    )
    hidden = models.BooleanField(
        _("hidden"), default=False, help_text=_("Hidden by the owner: not offered for reuse.")
    )
    created_at = models.DateTimeField(_("added at"), default=timezone.now)

    class Meta:
        verbose_name = _("store entry")
        verbose_name_plural = _("store entries")
        ordering = ["-created_at", "-id"]
        constraints = [
            # The bytes: a component's scans, or one file (a result's, a database's).
            models.CheckConstraint(
                condition=Q(source_component__isnull=False) | Q(stored_file__isnull=False),
                name="store_entry_has_content",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} {self.number}".strip()

    def files(self):
        """The entry's files, in order: its own file, or the scans of its component."""
        if self.stored_file_id is not None:
            return StoredFile.objects.filter(pk=self.stored_file_id)
        return StoredFile.objects.filter(dossier_component_id=self.source_component_id).order_by(
            "position", "id"
        )
