"""Writes of the reporting app."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from .models import Indicator

# What an indicator's value depends on: changing any of these would rewrite the figures
# of windows already reported, so it takes a new version with its own start date.
COMPUTING_FIELDS = (
    "code",
    "version",
    "formula",
    "kind",
    "weight",
    "target",
    "full_points_when_empty",
)


@transaction.atomic
def indicator_save(*, indicator: Indicator) -> Indicator:
    """Create an indicator version, or change its wording; never its computation."""
    if indicator.pk is not None:
        before = Indicator.objects.select_for_update().get(pk=indicator.pk)
        changed = [f for f in COMPUTING_FIELDS if getattr(before, f) != getattr(indicator, f)]
        if changed:
            raise ValidationError(
                _(
                    "The computation of a version already in use cannot change: save it as a "
                    "new version with a later effective date."
                )
            )
    indicator.full_clean()
    indicator.save()
    return indicator
