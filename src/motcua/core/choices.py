"""Labels of stored choice values, without Django's cost per call.

``Model.get_FOO_display()`` rebuilds a hashable dict of the field's choices on every call;
a list of 50 dossiers with five labelled fields each spent a third of its time there
(docs/performance.md). The mixin keeps one table per field for the life of the process.
The labels stay lazy, so each call still translates into the active language.
"""

from __future__ import annotations

from django.db import models
from django.utils.encoding import force_str

_tables: dict[models.Field, dict] = {}


def _table(field: models.Field) -> dict:
    table = _tables.get(field)
    if table is None:
        table = _tables[field] = dict(field.flatchoices)
    return table


class FastChoiceLabels:
    """Mix into a model before ``models.Model`` to make ``get_FOO_display()`` a lookup."""

    def _get_FIELD_display(self, field: models.Field) -> str:
        value = getattr(self, field.attname)
        try:
            label = _table(field).get(value, value)
        except TypeError:  # an unhashable stored value (JSON): Django's own way
            return super()._get_FIELD_display(field)
        return force_str(label, strings_only=True)
