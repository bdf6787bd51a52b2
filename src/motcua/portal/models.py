"""What the portal itself keeps: drafts of online submissions, their uploads in progress,
and failed tracking lookups (for the throttle).

Drafts live here, not as dossiers in the DRAFT state: the dossier engine has no service
that opens a dossier without validating it in full, and a half-typed form must be kept
whatever it contains. A draft becomes a dossier only through ``dossier_submit``.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .constants import ThrottleKey, UploadState


class SubmissionDraft(models.Model):
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("citizen account"),
        on_delete=models.CASCADE,
        related_name="submission_drafts",
    )
    case = models.ForeignKey(
        "catalog.ProcedureCase",
        verbose_name=_("case"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    # Everything typed so far, unvalidated: applicant fields, e-form answers, choices.
    answers = models.JSONField(_("answers"), default=dict, blank=True)
    dossier = models.OneToOneField(
        "dossiers.Dossier",
        verbose_name=_("dossier"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Set once the draft is submitted."),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("submission draft")
        verbose_name_plural = _("submission drafts")
        ordering = ["-updated_at", "-id"]

    def __str__(self) -> str:
        return f"{self.owner} · {self.case}"


class DraftUpload(models.Model):
    """A file for one component of a draft, received in chunks appended by offset.

    The bytes sit in ``PORTAL_UPLOAD_DIR`` until submission, when they go through the
    documents app's checks and storage as a file of the new dossier's component.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    draft = models.ForeignKey(SubmissionDraft, on_delete=models.CASCADE, related_name="uploads")
    component = models.ForeignKey(
        "catalog.Component", verbose_name=_("component"), on_delete=models.PROTECT, related_name="+"
    )
    original_name = models.CharField(_("file name"), max_length=255)
    size = models.PositiveBigIntegerField(_("size (bytes)"))
    received = models.PositiveBigIntegerField(_("bytes received"), default=0)
    state = models.CharField(
        _("state"), max_length=20, choices=UploadState.choices, default=UploadState.RECEIVING
    )
    file_type = models.CharField(_("type"), max_length=10, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("draft upload")
        verbose_name_plural = _("draft uploads")
        ordering = ["created_at"]

    def __str__(self) -> str:
        return self.original_name

    @property
    def complete(self) -> bool:
        return self.state == UploadState.COMPLETE

    @property
    def percent(self) -> int:
        return 100 if not self.size else int(self.received * 100 / self.size)


class TrackingFailure(models.Model):
    """A tracking lookup that did not match, by hashed network address and by dossier code.

    Kept in the database, not a per-process cache, so the limit holds across workers.
    """

    key_kind = models.CharField(max_length=10, choices=ThrottleKey.choices)
    key = models.CharField(max_length=64)  # SHA-256 of the address or the code
    at = models.DateTimeField(db_index=True)

    class Meta:
        indexes = [models.Index(fields=["key_kind", "key", "at"], name="portal_tracking_fail_idx")]

    def __str__(self) -> str:
        return f"{self.key_kind} {self.at:%Y-%m-%d %H:%M}"
