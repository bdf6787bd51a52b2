"""Forms of the back office. They only parse what the officer typed; every rule of the
procedure is checked by the dossier services, whose errors are shown on the same form.
"""

from __future__ import annotations

import datetime as dt
import secrets

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from motcua.catalog.constants import DeliveryChannel
from motcua.dossiers.constants import ApplicantKind, Channel
from motcua.dossiers.queues import ONLINE_ANY

from .constants import ONCE_FIELD

LINES_MAX = 30


def new_token() -> str:
    return secrets.token_urlsafe(24)


class TokenForm(forms.Form):
    """Every form that writes carries a one-time token (see ``models.ActionToken``)."""

    form_token = forms.CharField(widget=forms.HiddenInput, max_length=64)

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("initial", {})
        kwargs["initial"].setdefault(ONCE_FIELD, new_token())
        super().__init__(*args, **kwargs)


class ReuseForm(TokenForm):
    """A pick from the owner's store at the counter; the service insists on the consent."""

    entry = forms.IntegerField(min_value=1)
    consent = forms.BooleanField(required=False)


class ActionForm(TokenForm):
    confirm = forms.BooleanField(
        label=_("I have checked and confirm this action"),
        error_messages={"required": _("Tick the box to confirm the action.")},
    )


def _lines(text: str) -> list[str]:
    return [line.strip() for line in (text or "").splitlines() if line.strip()][:LINES_MAX]


class NoteActionForm(ActionForm):
    note = forms.CharField(
        label=_("Note (optional)"), required=False, max_length=4000, widget=forms.Textarea
    )


class ReasonActionForm(ActionForm):
    reason = forms.CharField(
        label=_("Reasons"), max_length=4000, widget=forms.Textarea(attrs={"rows": 3})
    )


class ItemsActionForm(ActionForm):
    items = forms.CharField(
        label=_("What is missing (one item per line)"), max_length=4000, widget=forms.Textarea
    )
    reason = forms.CharField(
        label=_("Reasons"), max_length=4000, widget=forms.Textarea(attrs={"rows": 3})
    )

    def clean_items(self) -> list[str]:
        items = _lines(self.cleaned_data["items"])
        if not items:
            raise forms.ValidationError(_("List at least one item."))
        return items


class AssignForm(ActionForm):
    assignee = forms.ModelChoiceField(label=_("Officer"), queryset=None, required=False)
    department = forms.ModelChoiceField(label=_("Department"), queryset=None, required=False)
    note = forms.CharField(label=_("Note (optional)"), required=False, max_length=4000)

    def __init__(self, *args, officers=None, departments=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["assignee"].queryset = officers
        self.fields["department"].queryset = departments

    def clean(self):
        data = super().clean()
        if not data.get("assignee") and not data.get("department"):
            raise forms.ValidationError(_("Choose an officer or a department."))
        return data


class ConsultForm(ActionForm):
    agency = forms.ModelChoiceField(label=_("Agency asked for its opinion"), queryset=None)
    hours = forms.DecimalField(
        label=_("Its time share (working hours)"), min_value=0.5, max_digits=6, decimal_places=2
    )
    note = forms.CharField(label=_("Note (optional)"), required=False, max_length=4000)

    def __init__(self, *args, agencies=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = agencies


class AnswerForm(ActionForm):
    answer = forms.CharField(
        label=_("Opinion"), max_length=4000, widget=forms.Textarea(attrs={"rows": 3})
    )


class PaymentForm(ActionForm):
    reference = forms.CharField(
        label=_("Receipt number (optional)"), required=False, max_length=100
    )
    note = forms.CharField(label=_("Note (optional)"), required=False, max_length=4000)


class ExtendForm(ActionForm):
    new_due = forms.DateTimeField(
        label=_("New due moment"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        input_formats=["%Y-%m-%dT%H:%M", "%d/%m/%Y %H:%M"],
    )
    reason = forms.CharField(
        label=_("Reasons for the delay"), max_length=4000, widget=forms.Textarea
    )


class ResultFields(forms.Form):
    """The result document issued with a decision (number, date, signer)."""

    result_number = forms.CharField(
        label=_("Result number and symbol"), required=False, max_length=100
    )
    result_date = forms.DateField(
        label=_("Result date"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    result_signer = forms.CharField(label=_("Signed by"), required=False, max_length=150)
    result_name = forms.CharField(label=_("Result name (optional)"), required=False, max_length=500)

    def clean(self):
        data = super().clean()
        given = [data.get(k) for k in ("result_number", "result_date", "result_signer")]
        if any(given) and not all(given):
            raise forms.ValidationError(
                _(
                    "To issue the result now, give its number, date and signer; or leave all three empty."
                )
            )
        return data


class ApproveForm(ActionForm, ResultFields):
    note = forms.CharField(label=_("Note (optional)"), required=False, max_length=4000)


class NotResolveForm(ActionForm, ResultFields):
    reason = forms.CharField(
        label=_("Reasons"), max_length=4000, widget=forms.Textarea(attrs={"rows": 3})
    )


class IssueResultForm(ActionForm):
    result_number = forms.CharField(label=_("Result number and symbol"), max_length=100)
    result_date = forms.DateField(
        label=_("Result date"), widget=forms.DateInput(attrs={"type": "date"})
    )
    result_signer = forms.CharField(label=_("Signed by"), max_length=150)
    result_name = forms.CharField(label=_("Result name (optional)"), required=False, max_length=500)


class DeliverForm(ActionForm):
    channel = forms.ChoiceField(label=_("Handed over by"), choices=DeliveryChannel.choices)
    recipient = forms.CharField(
        label=_("Received by (name and identification number)"), required=False, max_length=255
    )
    note = forms.CharField(label=_("Note (optional)"), required=False, max_length=4000)


class StopForm(ActionForm):
    reason = forms.CharField(
        label=_("Reasons"), max_length=4000, widget=forms.Textarea(attrs={"rows": 3})
    )
    requested_on = forms.DateField(
        label=_("Date of the citizen's request (optional)"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )


class AcceptForm(ActionForm):
    fee_paid = forms.BooleanField(label=_("Fee collected at the counter"), required=False)
    note = forms.CharField(label=_("Note (optional)"), required=False, max_length=4000)


class NoteForm(TokenForm):
    text = forms.CharField(
        label=_("Internal note"), max_length=4000, widget=forms.Textarea(attrs={"rows": 3})
    )


# --- Queues -----------------------------------------------------------------------------


class QueueFilterForm(forms.Form):
    procedure = forms.ModelChoiceField(label=_("Procedure"), queryset=None, required=False)
    field = forms.ModelChoiceField(label=_("Field"), queryset=None, required=False)
    channel = forms.ChoiceField(
        label=_("Channel"),
        choices=[("", _("All channels")), *Channel.choices, (ONLINE_ANY, _("Online, any portal"))],
        required=False,
    )
    applicant = forms.CharField(
        label=_("Applicant (name or identification number)"), required=False, max_length=100
    )
    received_from = forms.DateField(
        label=_("Received from"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    received_to = forms.DateField(
        label=_("Received until"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(self, *args, procedures=None, fields=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["procedure"].queryset = procedures
        self.fields["procedure"].empty_label = _("All procedures")
        self.fields["field"].queryset = fields
        self.fields["field"].empty_label = _("All fields")

    def clean(self):
        data = super().clean()
        start, end = data.get("received_from"), data.get("received_to")
        if start and end and start > end:
            raise forms.ValidationError(_("The start date must not be after the end date."))
        return data


# --- Counter desk -----------------------------------------------------------------------


class IntakeForm(TokenForm):
    """A dossier handed in at the counter: applicant and what they handed in."""

    applicant_kind = forms.ChoiceField(label=_("Applicant type"), choices=ApplicantKind.choices)
    id_number = forms.CharField(
        label=_("Identification number (or tax code)"),
        max_length=20,
        widget=forms.TextInput(attrs={"autocomplete": "off", "inputmode": "numeric"}),
    )
    name = forms.CharField(label=_("Full name or organisation"), max_length=255)
    phone = forms.CharField(label=_("Phone"), max_length=20, required=False)
    email = forms.EmailField(label=_("Email"), required=False)
    address = forms.CharField(label=_("Address"), max_length=500, required=False)
    summary = forms.CharField(
        label=_("Request (optional)"), max_length=1000, required=False, widget=forms.Textarea
    )
    competent_agency = forms.ModelChoiceField(label=_("Competent agency"), queryset=None)
    fee_paid = forms.BooleanField(label=_("Fee collected at the counter"), required=False)
    reasons = forms.CharField(
        label=_("Reasons (to request completion or refuse)"),
        max_length=4000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    items = forms.CharField(
        label=_("What is missing (one item per line, to request completion)"),
        max_length=4000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, competent=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["competent_agency"].queryset = competent
        only = list(competent[:2]) if competent is not None else []
        if len(only) == 1:  # the usual case: no choice to make
            self.fields["competent_agency"].initial = only[0].pk

    def items_list(self) -> list[str]:
        return _lines(self.cleaned_data.get("items", ""))


def today() -> dt.date:
    return timezone.localdate()
