"""Tokens that make every back-office form submit act once.

Each action form carries a random token. The first request that presents it records the
token in the same transaction as the action; a double click, a browser retry or a second
tab presenting it again finds the token taken and does nothing. A refused action rolls
its token back with everything else, so the officer can correct the form and retry.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ActionToken(models.Model):
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    token = models.CharField(_("form token"), max_length=64)
    action = models.CharField(_("action"), max_length=40)
    dossier_id = models.PositiveBigIntegerField(_("dossier"), null=True, blank=True)
    used_at = models.DateTimeField(_("used at"), auto_now_add=True)

    class Meta:
        verbose_name = _("form token")
        verbose_name_plural = _("form tokens")
        constraints = [
            models.UniqueConstraint(fields=["user", "token"], name="backoffice_token_once")
        ]

    def __str__(self) -> str:
        return f"{self.action} {self.token[:8]}"
