"""Indicator catalogue in the admin: everyone in the admin reads it, system admins edit it."""

from __future__ import annotations

from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponseRedirect

from motcua.accounts.access import can_use_admin_site, is_system_admin

from .models import Indicator, ReportRegime
from .services import indicator_save


@admin.register(Indicator)
class IndicatorAdmin(admin.ModelAdmin):
    list_display = [
        "code",
        "version",
        "effective_from",
        "name",
        "unit",
        "kind",
        "group",
        "weight",
        "official",
    ]
    list_filter = ["group", "kind", "official"]
    search_fields = ["code", "name"]
    # "Save as new" is how a formula changes: the old version keeps computing old windows.
    save_as = True

    def has_module_permission(self, request: HttpRequest) -> bool:
        return can_use_admin_site(request.user)

    def has_view_permission(self, request: HttpRequest, obj=None) -> bool:
        return can_use_admin_site(request.user)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return is_system_admin(request.user)

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        return is_system_admin(request.user)

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    def save_model(self, request, obj, form, change) -> None:
        indicator_save(indicator=obj)

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except ValidationError as error:
            self.message_user(request, " ".join(error.messages), messages.ERROR)
            return HttpResponseRedirect(request.path)


@admin.register(ReportRegime)
class ReportRegimeAdmin(admin.ModelAdmin):
    """Regimes are data a province adapts (windows, outline, appendix); system admins edit."""

    list_display = ["code", "name", "recipient", "frequency"]
    filter_horizontal = ["reporting_agencies"]
    raw_id_fields = ["recipient"]

    def has_module_permission(self, request: HttpRequest) -> bool:
        return can_use_admin_site(request.user)

    def has_view_permission(self, request: HttpRequest, obj=None) -> bool:
        return can_use_admin_site(request.user)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return is_system_admin(request.user)

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        return is_system_admin(request.user)

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        return False
