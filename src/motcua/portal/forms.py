from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from motcua.catalog.constants import GovernmentLevel, OnlineLevel
from motcua.catalog.search import QUERY_MAX_CHARS

FILTERS = ("field", "agency", "level", "online_level")


class ProcedureSearchForm(forms.Form):
    """The catalogue's search box and filters. Read with GET, so every result has a URL."""

    q = forms.CharField(
        label=_("Words or procedure code"),
        required=False,
        strip=True,
        help_text=_("For example: đăng ký khai sinh, dang ky khai sinh, or 1.001193."),
        # Longer text is cut by the search itself, never refused.
        widget=forms.TextInput(attrs={"type": "search", "maxlength": QUERY_MAX_CHARS}),
    )
    field = forms.ChoiceField(label=pgettext_lazy("catalogue", "Field"), required=False)
    agency = forms.ChoiceField(label=pgettext_lazy("catalogue", "Agency"), required=False)
    level = forms.ChoiceField(
        label=pgettext_lazy("catalogue", "Level"),
        required=False,
        choices=[("", _("All levels")), *GovernmentLevel.choices],
    )
    online_level = forms.ChoiceField(
        label=pgettext_lazy("catalogue", "Online service"),
        required=False,
        choices=[
            ("", pgettext_lazy("catalogue", "Any")),
            (OnlineLevel.FULL, pgettext_lazy("catalogue", "Full online")),
            (OnlineLevel.PARTIAL, pgettext_lazy("catalogue", "Partial online")),
            (OnlineLevel.NONE, pgettext_lazy("catalogue", "Not online")),
        ],
    )

    def __init__(self, *args, fields, agencies, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["field"].choices = [("", _("All fields"))] + [
            (f.code, f"{f.name} ({f.public_count})") for f in fields
        ]
        self.fields["agency"].choices = [("", _("All agencies"))] + [
            (a.code, a.name) for a in agencies
        ]

    def search_arguments(self) -> dict[str, str]:
        """The valid part of the input: a bad filter value is reported and left out."""
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        arguments = {"q": data.get("q", "")}
        arguments.update({name: data[name] for name in FILTERS if data.get(name)})
        return arguments
