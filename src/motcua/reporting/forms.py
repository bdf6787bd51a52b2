from __future__ import annotations

import datetime as dt

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

MAX_WINDOW_DAYS = 3 * 366


class WindowForm(forms.Form):
    scope = forms.CharField(widget=forms.HiddenInput, required=False)
    date_from = forms.DateField(label=_("From"), widget=forms.DateInput(attrs={"type": "date"}))
    date_to = forms.DateField(
        label=_("To (cut-off)"), widget=forms.DateInput(attrs={"type": "date"})
    )

    def clean(self):
        data = super().clean()
        start, end = data.get("date_from"), data.get("date_to")
        if start and end:
            if end < start:
                raise forms.ValidationError(_("The window ends before it starts."))
            if (end - start).days > MAX_WINDOW_DAYS:
                raise forms.ValidationError(_("The window is longer than three years."))
        return data


def window_from_query(query) -> tuple[WindowForm, dt.date, dt.date, bool]:
    """The form bound to ``from``/``to`` in the query string; defaults to this month."""
    today = timezone.localdate()
    default = (today.replace(day=1), today)
    if "from" not in query and "to" not in query:
        form = WindowForm(initial={"date_from": default[0], "date_to": default[1]})
        return form, default[0], default[1], True
    form = WindowForm(
        {
            "scope": query.get("scope", ""),
            "date_from": query.get("from"),
            "date_to": query.get("to"),
        }
    )
    if form.is_valid():
        return form, form.cleaned_data["date_from"], form.cleaned_data["date_to"], True
    return form, default[0], default[1], False
