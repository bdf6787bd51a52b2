from __future__ import annotations

from django import forms
from django.contrib.auth.forms import UserCreationForm
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from motcua.agencies.models import Agency, Department

from .access import agencies_in_scope, is_system_admin, roles_in_management_scope
from .constants import AgencyAction, Role, UserKind
from .models import RoleAssignment, User
from .selectors import active_roles


class OtpTokenForm(forms.Form):
    otp_token = forms.CharField(
        label=pgettext_lazy("two-factor authentication", "Code"),
        max_length=16,
        help_text=_("The 6-digit code from your authenticator app, or one of your backup codes."),
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "autofocus": True}),
    )


class PasswordConfirmForm(forms.Form):
    password = forms.CharField(
        label=_("Your password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )

    def __init__(self, user: User, *args, **kwargs) -> None:
        self.user = user
        super().__init__(*args, **kwargs)

    def clean_password(self) -> str:
        password = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise ValidationError(_("The password is not correct."), code="password_incorrect")
        return password


def role_choices(actor: User) -> list[tuple[str, str]]:
    """Only a system administrator can make another one."""
    if is_system_admin(actor):
        return list(Role.choices)
    return [(value, label) for value, label in Role.choices if value != Role.SYSTEM_ADMIN]


class _RoleFieldsMixin:
    """``role``, ``agency`` and ``department`` limited to what ``actor`` manages."""

    def limit_role_fields(self, actor: User) -> None:
        agencies = agencies_in_scope(actor, action=AgencyAction.MANAGE)
        self.fields["role"].choices = role_choices(actor)
        self.fields["agency"].queryset = agencies
        self.fields["department"].queryset = Department.objects.filter(
            agency__in=agencies
        ).select_related("agency")

    def check_role_fields(self) -> None:
        # The model's own rules (agency required, department inside it) with form errors.
        candidate = RoleAssignment(
            role=self.cleaned_data.get("role") or "",
            agency=self.cleaned_data.get("agency"),
            department=self.cleaned_data.get("department"),
            valid_from=timezone.localdate(),
        )
        try:
            candidate.clean()
        except ValidationError as error:
            self.add_error(None, error)


class StaffCreationForm(_RoleFieldsMixin, UserCreationForm):
    """Admin "add user": a staff account and its first role in one step."""

    actor: User  # set per request by the admin, see UserAdmin.get_form

    role = forms.ChoiceField(label=_("Role"))
    agency = forms.ModelChoiceField(Agency.objects.none(), label=_("Agency"), required=False)
    department = forms.ModelChoiceField(
        Department.objects.none(), label=_("Department"), required=False
    )

    class Meta(UserCreationForm.Meta):
        model = User
        fields = ("username", "full_name", "email", "phone", "identification_number")

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.instance.kind = UserKind.STAFF  # model validation applies the staff rules
        self.limit_role_fields(self.actor)

    def clean(self):
        cleaned = super().clean()
        self.check_role_fields()
        return cleaned


class StaffTransferForm(_RoleFieldsMixin, forms.Form):
    ending = forms.ModelMultipleChoiceField(
        RoleAssignment.objects.none(),
        label=_("Roles to end"),
        widget=forms.CheckboxSelectMultiple,
        help_text=_("They end the day before the new role starts."),
    )
    role = forms.ChoiceField(label=_("New role"))
    agency = forms.ModelChoiceField(Agency.objects.none(), label=_("Agency"), required=False)
    department = forms.ModelChoiceField(
        Department.objects.none(), label=_("Department"), required=False
    )
    on = forms.DateField(
        label=_("New role starts on"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    note = forms.CharField(label=_("Decision or reason"), max_length=255, required=False)

    def __init__(self, *args, actor: User, user: User, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["on"].initial = timezone.localdate()
        self.fields["ending"].queryset = active_roles(user).filter(
            pk__in=roles_in_management_scope(actor).values("pk")
        )
        self.limit_role_fields(actor)

    def clean(self):
        cleaned = super().clean()
        self.check_role_fields()
        return cleaned
