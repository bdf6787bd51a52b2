"""Forms of the catalogue's admin screens. They check input; the services do the writing."""

from __future__ import annotations

import json

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.forms.fields import InvalidJSONInput
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from motcua.accounts.constants import Role
from motcua.agencies.models import Agency

from .constants import DecisionKind, DeliveryChannel, GovernmentLevel, ReuseSource, StepAction
from .models import Component, Procedure, ProcedureCase, PublicationDecision, WorkflowStep
from .validation import PROCESSING_ROLES, form_schema_problems

_DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _agencies_in_force(keep: int | None = None):
    """Agencies in force today, plus ``keep`` (an ended agency a row already names)."""
    in_force = Agency.objects.valid_on(timezone.localdate()).values("pk")
    return Agency.objects.filter(Q(pk__in=in_force) | Q(pk=keep)).order_by("code")


class ProcedureCreateForm(forms.ModelForm):
    """A new procedure and what its first draft needs: a name and the deciding level."""

    name = forms.CharField(label=capfirst(_("name")), max_length=500)
    level = forms.ChoiceField(label=capfirst(_("level")), choices=GovernmentLevel.choices)

    class Meta:
        model = Procedure
        fields = ["code", "field", "owner_agency"]


class IndentedJSONField(forms.JSONField):
    """JSON shown indented, so an e-form definition can be read and edited by hand."""

    def prepare_value(self, value):
        if isinstance(value, InvalidJSONInput):
            return value
        return json.dumps(value, ensure_ascii=False, indent=2, cls=self.encoder)


class CaseRowForm(forms.ModelForm):
    """A case as a row of its version's page; the case's own page edits the rest."""

    class Meta:
        model = ProcedureCase
        fields = [
            "position",
            "name",
            "processing_amount",
            "processing_unit",
            "online_level",
            "result_name",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk is None:
            # Results can always be collected at the counter; the case page adds the others.
            self.instance.delivery_channels = [DeliveryChannel.COUNTER]


class CaseForm(forms.ModelForm):
    delivery_channels = forms.MultipleChoiceField(
        label=capfirst(_("result delivery channels")),
        choices=DeliveryChannel.choices,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = ProcedureCase
        fields = [
            "position",
            "name",
            "processing_amount",
            "processing_unit",
            "online_processing_amount",
            "online_processing_unit",
            "online_level",
            "delivery_channels",
            "result_name",
            "result_code",
            "result_template",
            "result_returned_by",
            "form_schema",
            "notes",
        ]
        field_classes = {"form_schema": IndentedJSONField}
        widgets = {"form_schema": forms.Textarea(attrs={"rows": 20, "cols": 100})}

    def clean_form_schema(self):
        schema = self.cleaned_data["form_schema"] or {}  # an emptied box means no e-form
        problems = form_schema_problems(schema)
        if problems:
            raise ValidationError(problems)
        return schema


class ComponentForm(forms.ModelForm):
    reuse_sources = forms.MultipleChoiceField(
        label=capfirst(_("may be reused from")),
        choices=ReuseSource.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    class Meta:
        model = Component
        fields = [
            "position",
            "code",
            "name",
            "copy_type",
            "quantity",
            "requirement",
            "condition",
            "form_template",
            "form_template_name",
            "must_digitise",
            "reuse_sources",
        ]


class ComponentFormSet(forms.BaseInlineFormSet):
    """Checks the e-form's file fields against the components as they will be saved."""

    def clean(self):
        super().clean()
        if any(self.errors):
            return
        codes = [
            form.cleaned_data.get("code", "")
            for form in self.forms
            if form.cleaned_data and not form.cleaned_data.get("DELETE")
        ]
        codes = [code for code in codes if code]
        if len(set(codes)) != len(codes):
            raise ValidationError(_("Two components have the same code."))
        schema = self.instance.form_schema
        if form_schema_problems(schema):
            return  # reported on the e-form definition itself
        problems = form_schema_problems(schema, set(codes))
        if problems:
            raise ValidationError(problems)


class StepForm(forms.ModelForm):
    role = forms.ChoiceField(
        label=capfirst(_("role")),
        choices=[(r.value, r.label) for r in Role if r in PROCESSING_ROLES],
    )
    actions = forms.MultipleChoiceField(
        label=capfirst(_("allowed actions")),
        choices=StepAction.choices,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = WorkflowStep
        fields = [
            "position",
            "name",
            "performer",
            "agency",
            "department_name",
            "role",
            "hours",
            "actions",
            "stage",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = _agencies_in_force(self.instance.agency_id)


def _not_after_today(day):
    if day and day > timezone.localdate():
        raise ValidationError(_("A decision cannot be dated after today."))
    return day


class PublicationDecisionForm(forms.ModelForm):
    class Meta:
        model = PublicationDecision
        fields = ["number", "issuer", "date", "signer", "title"]

    def clean_date(self):
        return _not_after_today(self.cleaned_data["date"])


class DecisionForm(forms.Form):
    """The publication decision (quyết định công bố) a publication or abolition rests on."""

    number = forms.CharField(
        label=capfirst(_("decision number")), max_length=60, help_text=_("e.g. 1094/QĐ-UBND")
    )
    date = forms.DateField(label=capfirst(_("date signed")), widget=_DATE)
    signer = forms.CharField(label=capfirst(_("signed by")), max_length=150, required=False)
    issuer = forms.ModelChoiceField(label=capfirst(_("issued by")), queryset=Agency.objects.none())
    title = forms.CharField(label=capfirst(_("title")), max_length=500, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["issuer"].queryset = _agencies_in_force()

    def clean_date(self):
        return _not_after_today(self.cleaned_data["date"])


class PublishForm(DecisionForm):
    kind = forms.ChoiceField(
        label=capfirst(_("decision kind")),
        choices=[(k.value, k.label) for k in (DecisionKind.NEW, DecisionKind.AMENDED)],
    )
    valid_from = forms.DateField(
        label=capfirst(_("in force from")),
        widget=_DATE,
        help_text=_("The version in force until then ends the day before."),
    )


class AbolishForm(DecisionForm):
    effective_from = forms.DateField(
        label=capfirst(_("no longer in force from")),
        widget=_DATE,
        help_text=_("The published version ends the day before."),
    )
