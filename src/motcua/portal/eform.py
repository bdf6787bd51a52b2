"""The online submission form of one case: the applicant, where to submit, how to receive
the result, and the case's e-form built from the catalogue's ``form_schema``.

Every field is validated here with its own Vietnamese message, so the citizen sees all
problems at once next to the fields; ``dossier_submit`` checks the same rules again and
stays the authority. Field names are flat strings (``f_<name>`` for e-form answers) so the
raw input can be kept as a draft exactly as typed.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from motcua.accounts.constants import UserKind
from motcua.accounts.identity import parse_personal_id
from motcua.catalog.constants import DeliveryChannel, FormFieldType
from motcua.catalog.models import ProcedureCase
from motcua.dossiers.constants import ApplicantKind, Channel
from motcua.dossiers.inputs import Applicant, Application, ComponentInput

from .selectors import competent_agencies, receiving_centres

PREFIX = "f_"
REUSE_PREFIX = "reuse_"  # portal.store.KEY: a document picked from the citizen's store
APPLICANT_FIELDS = ("applicant_name", "applicant_phone", "applicant_email", "applicant_address")
CHOICE_FIELDS = ("competent_agency", "receiving_agency", "delivery_channel", "summary")

phone_validator = RegexValidator(
    r"^\+?[0-9][0-9 .-]{6,18}[0-9]$",
    _("Enter a phone number of 8 to 15 digits, for example 0912 345 678."),
)


def _personal_id(value: str) -> None:
    parse_personal_id(value, today=timezone.localdate())


def _eform_field(definition: dict) -> forms.Field:
    kind = definition.get("type")
    common = {
        "label": definition.get("label") or definition["name"],
        "required": False,  # required and required_if are checked in clean(), with visibility
        "help_text": definition.get("help", ""),
    }
    if kind == FormFieldType.NUMBER:
        return forms.DecimalField(
            min_value=definition.get("min"), max_value=definition.get("max"), **common
        )
    if kind == FormFieldType.DATE:
        return forms.DateField(widget=forms.DateInput(attrs={"type": "date"}), **common)
    if kind == FormFieldType.CHOICE:
        choices = [("", "—")] + [
            (c.get("value"), c.get("label")) for c in definition.get("choices", [])
        ]
        return forms.ChoiceField(choices=choices, **common)
    if kind == FormFieldType.PERSONAL_ID:
        return forms.CharField(
            max_length=12,
            validators=[_personal_id],
            widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
            **common,
        )
    if kind == FormFieldType.ADDRESS:
        return forms.CharField(max_length=500, widget=forms.Textarea(attrs={"rows": 2}), **common)
    return forms.CharField(max_length=definition.get("max_length") or 2000, **common)


def eform_definitions(case: ProcedureCase) -> list[dict]:
    return [
        f
        for f in (case.form_schema or {}).get("fields", [])
        if isinstance(f, dict) and f.get("name") and f.get("type") != FormFieldType.FILE
    ]


class SubmissionForm(forms.Form):
    applicant_name = forms.CharField(label=_("Full name of the applicant"), max_length=255)
    applicant_phone = forms.CharField(
        label=_("Phone number"),
        max_length=20,
        validators=[phone_validator],
        help_text=_("Its last 4 digits let you follow the dossier without signing in."),
        widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "tel"}),
    )
    applicant_email = forms.EmailField(label=_("Email"), required=False)
    applicant_address = forms.CharField(
        label=_("Address"), max_length=500, widget=forms.Textarea(attrs={"rows": 2})
    )
    competent_agency = forms.ChoiceField(label=_("Agency that decides"))
    receiving_agency = forms.ChoiceField(label=_("One-stop centre that receives the dossier"))
    delivery_channel = forms.ChoiceField(
        label=_("How you want to receive the result"), widget=forms.RadioSelect
    )
    summary = forms.CharField(
        label=_("What you request (optional)"),
        max_length=1000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args, case: ProcedureCase, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.case, self.user = case, user
        today = timezone.localdate()
        version = case.version
        competent = competent_agencies(version, today=today)
        self.competent_by_id = {str(a.pk): a for a in competent}
        self.fields["competent_agency"].choices = [(str(a.pk), a.name) for a in competent]
        chosen = self.competent_by_id.get(str(self.data.get("competent_agency") or ""))
        if chosen is None and competent:
            chosen = competent[0]
        centres = receiving_centres(version, chosen, today=today) if chosen else []
        self.centres_by_id = {str(a.pk): a for a in centres}
        self.fields["receiving_agency"].choices = [("", "—")] + [
            (str(a.pk), a.name) for a in centres
        ]
        channels = [c for c in case.delivery_channels or [] if c in DeliveryChannel.values]
        self.fields["delivery_channel"].choices = [(c, DeliveryChannel(c).label) for c in channels]
        self.fields["delivery_channel"].required = bool(channels)
        self.definitions = eform_definitions(case)
        for definition in self.definitions:
            field = _eform_field(definition)
            field.marked_required = bool(definition.get("required"))  # the "*" on the label
            self.fields[PREFIX + definition["name"]] = field

    def eform_bound_fields(self) -> list[forms.BoundField]:
        return [self[PREFIX + d["name"]] for d in self.definitions]

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        answers = self._answers_raw()
        for definition in self.definitions:
            name = PREFIX + definition["name"]
            if name in self.errors:
                continue
            visible = _condition(definition.get("visible_if"), answers)
            required = definition.get("required") or _condition(
                definition.get("required_if"), answers
            )
            if visible is not False and required and data.get(name) in (None, ""):
                self.add_error(name, ValidationError(_("Please fill in this field.")))
        return data

    def _answers_raw(self) -> dict[str, Any]:
        """Values as the conditions compare them: choices and text as typed."""
        return {d["name"]: self.data.get(PREFIX + d["name"], "") for d in self.definitions}

    def form_data(self) -> dict[str, Any]:
        """The e-form answers in the catalogue's JSON shape; empty answers left out."""
        answers: dict[str, Any] = {}
        for definition in self.definitions:
            value = self.cleaned_data.get(PREFIX + definition["name"])
            if value in (None, ""):
                continue
            if isinstance(value, Decimal):
                value = int(value) if value == value.to_integral_value() else float(value)
            elif isinstance(value, dt.date):
                value = value.isoformat()
            answers[definition["name"]] = value
        return answers

    def application(self, components: list[ComponentInput]) -> Application:
        data = self.cleaned_data
        kind = (
            ApplicantKind.ORGANISATION
            if self.user.kind == UserKind.ORGANISATION
            else ApplicantKind.PERSON
        )
        return Application(
            case=self.case,
            channel=Channel.ONLINE,
            receiving_agency=self.centres_by_id[data["receiving_agency"]],
            competent_agency=self.competent_by_id[data["competent_agency"]],
            applicant=Applicant(
                kind=kind,
                name=data["applicant_name"],
                id_number=self.user.identification_number,
                phone=data["applicant_phone"],
                email=data["applicant_email"],
                address=data["applicant_address"],
            ),
            components=components,
            form_data=self.form_data(),
            summary=data.get("summary", ""),
            delivery_channel=data.get("delivery_channel", ""),
        )


def _condition(condition: Any, answers: dict[str, Any]) -> bool | None:
    if not isinstance(condition, dict):
        return None
    return answers.get(condition.get("field")) == condition.get("equals")


def draft_keys(case: ProcedureCase) -> set[str]:
    """The input names a draft keeps: nothing else posted is stored."""
    return (
        {*APPLICANT_FIELDS, *CHOICE_FIELDS}
        | {PREFIX + d["name"] for d in eform_definitions(case)}
        | {f"{REUSE_PREFIX}{pk}" for pk in case.components.values_list("pk", flat=True)}
    )
