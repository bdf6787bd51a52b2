from __future__ import annotations

from django import forms
from django.contrib.auth import password_validation
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from motcua.accounts.constants import UserKind
from motcua.accounts.identity import parse_personal_id, validate_tax_code
from motcua.accounts.models import User
from motcua.catalog.constants import GovernmentLevel, OnlineLevel
from motcua.catalog.search import QUERY_MAX_CHARS

from .eform import phone_validator

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


class TrackingForm(forms.Form):
    """Dossier code and a second factor, so a code read off a receipt is not enough."""

    code = forms.CharField(
        label=_("Dossier code"),
        max_length=60,
        help_text=_("As printed on the receipt, for example H61.17-261122-0001."),
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )
    factor = forms.CharField(
        label=_("Last 4 digits of the applicant's phone, or the applicant's ID number"),
        max_length=20,
        widget=forms.TextInput(attrs={"autocomplete": "off", "inputmode": "numeric"}),
    )


class RegistrationForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("I register as"),
        choices=[
            (UserKind.CITIZEN, _("A citizen")),
            (UserKind.ORGANISATION, _("An organisation or business")),
        ],
        initial=UserKind.CITIZEN,
        widget=forms.RadioSelect,
    )
    identification_number = forms.CharField(
        label=_("Personal identification number, or tax code for an organisation"),
        max_length=20,
        help_text=_("You sign in with this number."),
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "username"}),
    )
    full_name = forms.CharField(
        label=_("Full name, or the organisation's name"),
        max_length=150,
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    phone = forms.CharField(
        label=_("Phone number"),
        max_length=20,
        validators=[phone_validator],
        widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "tel"}),
    )
    email = forms.EmailField(
        label=_("Email"), required=False, widget=forms.EmailInput(attrs={"autocomplete": "email"})
    )
    password1 = forms.CharField(
        label=_("Password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
    password2 = forms.CharField(
        label=_("Password again"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def clean_identification_number(self) -> str:
        number = self.cleaned_data["identification_number"].replace(" ", "")
        kind = self.data.get("kind")
        if kind == UserKind.ORGANISATION:
            number = validate_tax_code(number)
        else:
            number = parse_personal_id(number, today=timezone.localdate()).number
        if User.objects.filter(identification_number=number).exists():
            raise forms.ValidationError(
                _("An account already uses this number. Sign in, or reset your password.")
            )
        return number

    def clean(self):
        data = super().clean()
        first, second = data.get("password1"), data.get("password2")
        if first and second and first != second:
            self.add_error("password2", _("The two passwords differ."))
        elif first:
            probe = User(
                username=data.get("identification_number", ""),
                full_name=data.get("full_name", ""),
                email=data.get("email", ""),
            )
            try:
                password_validation.validate_password(first, probe)
            except forms.ValidationError as error:
                self.add_error("password1", error)
        return data


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one input: each is cleaned as a single file would be."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        if isinstance(data, list | tuple):
            return [super(MultipleFileField, self).clean(item, initial) for item in data]
        return super().clean(data, initial)


class SupplementForm(forms.Form):
    note = forms.CharField(
        label=_("What you are sending"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, rows, **kwargs):
        super().__init__(*args, **kwargs)
        self.rows = list(rows)
        for row in self.rows:
            self.fields[f"files_{row.pk}"] = MultipleFileField(
                label=row.component.name, required=False
            )

    def files_by_row(self) -> dict[int, list]:
        return {
            row.pk: self.files.getlist(f"files_{row.pk}")
            for row in self.rows
            if self.files.getlist(f"files_{row.pk}")
        }
