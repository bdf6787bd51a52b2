"""Admin screens for accounts and roles.

Who sees what comes from ``access``: an agency administrator's lists hold only the people
and roles of the agencies they manage, and an id outside them behaves like a missing one.
Model permissions (``auth.Permission``) play no part here. Writes go through the services
so they are audited; role assignments are history and are ended, never edited or deleted.
"""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from motcua.agencies.models import Department
from motcua.core.audit import audit_record
from motcua.core.models import AuditEventKind

from .access import (
    access_user_for_management,
    agencies_in_scope,
    can_use_admin_site,
    is_system_admin,
    roles_in_management_scope,
    users_in_management_scope,
)
from .constants import AgencyAction, UserKind
from .forms import StaffCreationForm, StaffTransferForm, role_choices
from .models import ApiToken, RoleAssignment, User
from .services import RoleSpec, role_end, role_grant, staff_create, staff_transfer, user_deactivate
from .tokens import api_token_check, api_token_create, api_token_revoke


class _ScopedPermissionsMixin:
    """Open to anyone allowed into the admin site; ``get_queryset`` does the scoping."""

    def has_module_permission(self, request) -> bool:
        return can_use_admin_site(request.user)

    def has_view_permission(self, request, obj=None) -> bool:
        return can_use_admin_site(request.user)

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


class ActiveTodayFilter(admin.SimpleListFilter):
    title = gettext_lazy("active today")
    parameter_name = "active"

    def lookups(self, request, model_admin):
        return [("yes", gettext_lazy("Yes")), ("no", gettext_lazy("No"))]

    def queryset(self, request, queryset):
        active = RoleAssignment.objects.active_on(timezone.localdate()).values("pk")
        if self.value() == "yes":
            return queryset.filter(pk__in=active)
        if self.value() == "no":
            return queryset.exclude(pk__in=active)
        return queryset


class RoleAssignmentInline(_ScopedPermissionsMixin, admin.TabularInline):
    model = RoleAssignment
    fk_name = "user"
    fields = ("role", "agency", "department", "valid_from", "valid_to", "note")
    readonly_fields = fields
    extra = 0
    show_change_link = True

    def get_queryset(self, request):
        scoped = roles_in_management_scope(request.user).values("pk")
        return (
            super()
            .get_queryset(request)
            .filter(pk__in=scoped)
            .select_related("agency", "department")
        )

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False


@admin.register(User)
class UserAdmin(_ScopedPermissionsMixin, DjangoUserAdmin):
    add_form = StaffCreationForm
    add_form_template = None  # Django's template expects its "usable password" switch
    add_fieldsets = (
        (None, {"fields": ("username", "password1", "password2")}),
        (
            gettext_lazy("Personal info"),
            {"fields": ("full_name", "email", "phone", "identification_number")},
        ),
        (gettext_lazy("First role"), {"fields": ("role", "agency", "department")}),
    )
    readonly_fields = ("kind", "is_staff", "is_superuser", "last_login", "date_joined")
    list_display = ("username", "full_name", "kind", "identification_number", "is_active")
    list_filter = ("kind", "is_active")
    search_fields = ("username", "full_name", "identification_number", "email")
    ordering = ("username",)
    actions = ["deactivate_selected"]

    def get_queryset(self, request):
        scoped = users_in_management_scope(request.user).values("pk")
        return super().get_queryset(request).filter(pk__in=scoped)

    def has_add_permission(self, request) -> bool:
        return can_use_admin_site(request.user)

    def has_change_permission(self, request, obj=None) -> bool:
        return can_use_admin_site(request.user)

    def get_inlines(self, request, obj):
        return [RoleAssignmentInline] if obj is not None else []

    def get_fieldsets(self, request, obj=None):
        if obj is None:
            return self.add_fieldsets
        # Group and permission editing would let an agency administrator raise privileges.
        status = ("is_active", "is_staff", "is_superuser")
        if is_system_admin(request.user):
            status += ("groups", "user_permissions")
        return (
            (None, {"fields": ("username", "password")}),
            (
                gettext_lazy("Personal info"),
                {"fields": ("kind", "full_name", "email", "phone", "identification_number")},
            ),
            (gettext_lazy("Status"), {"fields": status}),
            (gettext_lazy("Important dates"), {"fields": ("last_login", "date_joined")}),
        )

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        if obj is None:
            form.actor = request.user  # get_form builds a new class on every call
        return form

    def save_model(self, request, obj, form, change):
        if not change:
            data = form.cleaned_data
            created = staff_create(
                username=data["username"],
                password=data["password1"],
                role=data["role"],
                agency=data["agency"],
                department=data["department"],
                full_name=data["full_name"],
                email=data["email"],
                phone=data["phone"],
                identification_number=data["identification_number"],
                created_by=request.user,
                request=request,
            )
            obj.pk = created.pk  # the admin goes on with ``obj``: change log and redirect
            return
        deactivating = "is_active" in form.changed_data and not obj.is_active
        if deactivating:
            obj.is_active = True  # the service makes that change, so that it is audited
        super().save_model(request, obj, form, change)
        if deactivating:
            user_deactivate(user=obj, deactivated_by=request.user, request=request)

    @admin.action(description=gettext_lazy("Deactivate selected accounts"), permissions=["change"])
    def deactivate_selected(self, request, queryset):
        # Locking oneself out from a list selection is never what was meant.
        users = list(queryset.exclude(pk=request.user.pk).filter(is_active=True))
        with transaction.atomic():
            for user in users:
                user_deactivate(user=user, deactivated_by=request.user, request=request)
        self.message_user(
            request,
            _("Accounts deactivated: %(count)d.") % {"count": len(users)},
            messages.SUCCESS,
        )

    def user_change_password(self, request, id, form_url=""):
        target = self.get_object(request, unquote(id))
        before = target.password if target is not None else None
        response = super().user_change_password(request, id, form_url)
        if target is not None and request.method == "POST":
            # Django's view saves the form itself; record what it did.
            target.refresh_from_db(fields=["password"])
            if target.password != before:
                audit_record(
                    kind=AuditEventKind.PASSWORD_CHANGED,
                    actor=request.user,
                    target=target,
                    request=request,
                )
        return response

    def get_urls(self):
        transfer = path(
            "<path:object_id>/transfer/",
            self.admin_site.admin_view(self.transfer_view),
            name="accounts_user_transfer",
        )
        return [transfer, *super().get_urls()]

    def transfer_view(self, request, object_id):
        """Move an officer to another unit: end roles and grant the new one, all at once."""
        user = access_user_for_management(request.user, unquote(object_id))
        form = StaffTransferForm(request.POST or None, actor=request.user, user=user)
        if request.method == "POST" and form.is_valid():
            data = form.cleaned_data
            try:
                staff_transfer(
                    user=user,
                    ending=data["ending"],
                    granting=[RoleSpec(data["role"], data["agency"], data["department"])],
                    on=data["on"],
                    transferred_by=request.user,
                    note=data["note"],
                    request=request,
                )
            except ValidationError as error:
                form.add_error(None, error.messages)
            else:
                self.message_user(
                    request, _("%(name)s has been transferred.") % {"name": user}, messages.SUCCESS
                )
                return redirect(reverse("admin:accounts_user_change", args=[user.pk]))
        context = {
            **self.admin_site.each_context(request),
            "title": _("Transfer %(name)s to another unit") % {"name": user},
            "form": form,
            "opts": self.opts,
            "original": user,
        }
        return TemplateResponse(request, "admin/accounts/user/transfer.html", context)


@admin.register(RoleAssignment)
class RoleAssignmentAdmin(_ScopedPermissionsMixin, admin.ModelAdmin):
    list_display = (
        "user",
        "role",
        "agency",
        "department",
        "valid_from",
        "valid_to",
        "active_today",
    )
    list_filter = ("role", ActiveTodayFilter, ("agency", admin.RelatedOnlyFieldListFilter))
    list_select_related = ("user", "agency", "department")
    search_fields = ("user__username", "user__full_name", "agency__code", "agency__name")
    readonly_fields = ("created_at",)
    actions = ["end_selected"]

    def get_queryset(self, request):
        scoped = roles_in_management_scope(request.user).values("pk")
        return super().get_queryset(request).filter(pk__in=scoped)

    def get_fields(self, request, obj=None):
        granted = ("user", "role", "agency", "department", "valid_from", "note")
        if obj is None:
            return granted
        return (*granted, "valid_to", "granted_by", "ended_by", "created_at")

    def has_add_permission(self, request) -> bool:
        return can_use_admin_site(request.user)

    def has_change_permission(self, request, obj=None) -> bool:
        return False  # history: end a role, never rewrite it

    def has_end_permission(self, request) -> bool:
        return can_use_admin_site(request.user)

    def get_changeform_initial_data(self, request):
        return {"valid_from": timezone.localdate(), **super().get_changeform_initial_data(request)}

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "user":
            kwargs["queryset"] = users_in_management_scope(request.user).filter(kind=UserKind.STAFF)
        elif db_field.name == "agency":
            kwargs["queryset"] = agencies_in_scope(request.user, action=AgencyAction.MANAGE)
        elif db_field.name == "department":
            agencies = agencies_in_scope(request.user, action=AgencyAction.MANAGE)
            kwargs["queryset"] = Department.objects.filter(agency__in=agencies).select_related(
                "agency"
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def formfield_for_choice_field(self, db_field, request, **kwargs):
        if db_field.name == "role":
            kwargs["choices"] = [("", "---------"), *role_choices(request.user)]
        return super().formfield_for_choice_field(db_field, request, **kwargs)

    @admin.display(boolean=True, description=gettext_lazy("active today"))
    def active_today(self, obj: RoleAssignment) -> bool:
        return obj.is_active_on(timezone.localdate())

    def save_model(self, request, obj, form, change):
        created = role_grant(
            user=obj.user,
            role=obj.role,
            agency=obj.agency,
            department=obj.department,
            valid_from=obj.valid_from,
            granted_by=request.user,
            note=obj.note,
            request=request,
        )
        obj.pk = created.pk  # the admin goes on with ``obj``: change log and redirect

    @admin.action(
        description=gettext_lazy("End selected roles (today is the last day)"), permissions=["end"]
    )
    def end_selected(self, request, queryset):
        today = timezone.localdate()
        running = queryset.filter(Q(valid_to__isnull=True) | Q(valid_to__gt=today))
        try:
            with transaction.atomic():
                ended = [
                    role_end(assignment=assignment, ended_by=request.user, request=request)
                    for assignment in running
                ]
        except ValidationError as error:
            self.message_user(request, " ".join(error.messages), messages.ERROR)
            return
        self.message_user(
            request,
            _("Roles ended: %(count)d.") % {"count": len(ended)},
            messages.SUCCESS,
        )


class ApiTokenForm(forms.ModelForm):
    class Meta:
        model = ApiToken
        fields = ("user", "name", "expires_on")

    def clean(self):
        data = super().clean()
        if data.get("user") is not None:
            api_token_check(
                user=data["user"], name=data.get("name") or "", expires_on=data.get("expires_on")
            )
        return data


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    """System administrators issue and revoke tokens; the secret is shown once, on creation."""

    list_display = (
        "name",
        "prefix",
        "user",
        "created_at",
        "expires_on",
        "last_used_at",
        "revoked_at",
    )
    list_filter = ("revoked_at",)
    search_fields = ("name", "prefix", "user__username")
    form = ApiTokenForm
    fields = ("user", "name", "expires_on")
    actions = ["revoke_selected"]

    def _allowed(self, request) -> bool:
        return can_use_admin_site(request.user) and is_system_admin(request.user)

    def has_module_permission(self, request) -> bool:
        return self._allowed(request)

    def has_view_permission(self, request, obj=None) -> bool:
        return self._allowed(request)

    def has_add_permission(self, request) -> bool:
        return self._allowed(request)

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "user":
            kwargs["queryset"] = User.objects.filter(kind=UserKind.STAFF, is_active=True)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def save_model(self, request, obj, form, change):
        token, raw = api_token_create(
            user=obj.user,
            name=obj.name,
            expires_on=obj.expires_on,
            created_by=request.user,
            request=request,
        )
        obj.pk = token.pk
        # Shown once on the next page, never through the messages framework: its default
        # storage is a cookie, and the secret must not travel back to the browser in one.
        request._motcua_new_token = raw

    def response_add(self, request, obj, post_url_continue=None):
        raw = getattr(request, "_motcua_new_token", None)
        if raw is None:
            return super().response_add(request, obj, post_url_continue)
        context = {
            **self.admin_site.each_context(request),
            "token": obj,
            "secret": raw,
            "opts": self.opts,
        }
        response = TemplateResponse(request, "admin/accounts/apitoken/created.html", context)
        response["Cache-Control"] = "no-store"
        return response

    @admin.action(description=gettext_lazy("Revoke the selected tokens"))
    def revoke_selected(self, request, queryset):
        for token in queryset:
            api_token_revoke(token=token, revoked_by=request.user, request=request)
        messages.success(request, _("Tokens revoked."))
