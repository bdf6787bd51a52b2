"""Agency administrators manage their staff's roles here, not only in Django's admin.

Who is listed and which roles may be ended come from ``accounts.access`` (the
administrator's management scope); ``accounts.services.role_grant`` and ``role_end``
check the reach again and write the audit log.
"""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Prefetch, Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from motcua.accounts.access import (
    access_role_for_management,
    agencies_in_scope,
    is_system_admin,
    users_in_management_scope,
)
from motcua.accounts.constants import AgencyAction, Role
from motcua.accounts.models import RoleAssignment
from motcua.accounts.selectors import active_roles
from motcua.accounts.services import role_end, role_grant
from motcua.agencies.models import Department

from .forms import TokenForm
from .services import AlreadyDone, once
from .views import staff_view

# Roles an agency administrator hands out at the desk; wider ones stay with system admins.
GRANTABLE = [r for r in Role if r not in (Role.SYSTEM_ADMIN, Role.MONITORING_OFFICER)]


def access_staff_management(user) -> None:
    if not (is_system_admin(user) or active_roles(user).filter(role=Role.AGENCY_ADMIN).exists()):
        raise Http404(_("No such page."))


class GrantForm(TokenForm):
    user = forms.ModelChoiceField(label=gettext_lazy("Staff member"), queryset=None)
    role = forms.ChoiceField(
        label=gettext_lazy("Role"), choices=[(r.value, r.label) for r in GRANTABLE]
    )
    agency = forms.ModelChoiceField(label=gettext_lazy("Agency"), queryset=None)
    department = forms.ModelChoiceField(
        label=gettext_lazy("Department (optional)"), queryset=None, required=False
    )
    valid_from = forms.DateField(
        label=gettext_lazy("From"),
        widget=forms.DateInput(attrs={"type": "date"}),
        initial=timezone.localdate,
    )

    def __init__(self, *args, actor, **kwargs):
        super().__init__(*args, **kwargs)
        agencies = agencies_in_scope(actor, action=AgencyAction.MANAGE)
        self.fields["user"].queryset = users_in_management_scope(actor).order_by("full_name")
        self.fields["agency"].queryset = agencies.order_by("name")
        self.fields["department"].queryset = Department.objects.filter(
            agency__in=agencies
        ).select_related("agency")

    def clean(self):
        data = super().clean()
        department, agency = data.get("department"), data.get("agency")
        if department and agency and department.agency_id != agency.pk:
            self.add_error("department", _("This department belongs to another agency."))
        return data


@staff_view
@require_http_methods(["GET", "HEAD", "POST"])
def staff_list(request: HttpRequest) -> HttpResponse:
    actor = request.user
    access_staff_management(actor)
    today = timezone.localdate()
    form = GrantForm(request.POST or None, actor=actor)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            try:
                once(
                    user=actor,
                    token=data["form_token"],
                    action="role_grant",
                    dossier_id=None,
                    run=lambda: role_grant(
                        user=data["user"],
                        role=Role(data["role"]),
                        agency=data["agency"],
                        department=data["department"],
                        valid_from=data["valid_from"],
                        granted_by=actor,
                        request=request,
                    ),
                )
            except AlreadyDone:
                return redirect("backoffice:staff")
            except ValidationError as error:
                _form_errors(form, error)
            else:
                messages.success(request, _("The role was granted."))
                return redirect("backoffice:staff")
        status = 400
    current = RoleAssignment.objects.filter(Q(valid_to__isnull=True) | Q(valid_to__gte=today))
    people = (
        users_in_management_scope(actor)
        .prefetch_related(
            Prefetch(
                "roles",
                queryset=current.select_related("agency", "department").order_by("valid_from"),
                to_attr="current_roles",
            )
        )
        .order_by("full_name", "username")
    )
    return render(
        request,
        "backoffice/staff_list.html",
        {"people": people[:300], "form": form, "end_form": TokenForm()},
        status=status,
    )


def _form_errors(form: forms.Form, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for field, problems in error.message_dict.items():
            form.add_error(field if field in form.fields else None, problems)
    else:
        form.add_error(None, error.messages)


@staff_view
@require_POST
def role_end_view(request: HttpRequest, assignment_id: int) -> HttpResponse:
    access_staff_management(request.user)
    assignment = access_role_for_management(request.user, assignment_id)
    form = TokenForm(request.POST)
    if form.is_valid():
        try:
            once(
                user=request.user,
                token=form.cleaned_data["form_token"],
                action="role_end",
                dossier_id=None,
                run=lambda: role_end(assignment=assignment, ended_by=request.user, request=request),
            )
        except AlreadyDone:
            pass
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("The role ends today."))
    return redirect("backoffice:staff")
