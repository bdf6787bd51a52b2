"""Admin for units (read-only: they come from the official list) and agencies.

An agency's identity (code, name, type, unit, period) cannot be edited in place; it ends
through the "supersede" action, which records the legal basis and the successors.
"""

from __future__ import annotations

import datetime as dt

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db.models import Q, QuerySet
from django.http import HttpRequest
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.html import format_html_join
from django.utils.translation import gettext_lazy as _

from motcua.core.text import fold

from .constants import UnitKind
from .models import AdministrativeUnit, Agency, Department
from .selectors import agency_get_by_code
from .services import agency_supersede


class FoldedSearchMixin:
    """Search ``search_name`` with the term folded the same way, so accents are optional."""

    search_fields = ["search_name"]
    search_help_text = _("Accents are optional: “so noi vu” finds “Sở Nội vụ”.")

    def get_search_results(self, request, queryset, search_term):
        return super().get_search_results(request, queryset, fold(search_term))


class InForceFilter(admin.SimpleListFilter):
    title = _("in force")
    parameter_name = "in_force"

    def lookups(self, request, model_admin):
        return [("yes", _("In force today")), ("no", _("Ended or not yet in force"))]

    def queryset(self, request, queryset):
        in_force = queryset.valid_on(timezone.localdate())
        if self.value() == "yes":
            return in_force
        if self.value() == "no":
            return queryset.exclude(pk__in=in_force.values("pk"))
        return queryset


class ProvinceFilter(admin.SimpleListFilter):
    title = _("province")
    parameter_name = "province"
    unit_path = "administrative_unit__"  # from the filtered model to its unit

    def lookups(self, request, model_admin):
        provinces = AdministrativeUnit.objects.valid_on(timezone.localdate()).filter(
            kind__in=UnitKind.provincial()
        )
        return [(unit.code, unit.name) for unit in provinces.order_by("search_name")]

    def queryset(self, request, queryset):
        if not self.value():
            return queryset
        path = self.unit_path
        return queryset.filter(
            Q(**{f"{path}code": self.value()}) | Q(**{f"{path}parent__code": self.value()})
        )


class UnitProvinceFilter(ProvinceFilter):
    unit_path = ""


class DepartmentProvinceFilter(ProvinceFilter):
    unit_path = "agency__administrative_unit__"


@admin.register(AdministrativeUnit)
class AdministrativeUnitAdmin(FoldedSearchMixin, admin.ModelAdmin):
    list_display = ["code", "name", "kind", "parent", "valid_from", "valid_to", "source"]
    list_filter = ["kind", InForceFilter, UnitProvinceFilter]
    list_select_related = ["parent"]
    search_fields = ["search_name", "code"]

    # Units come from the official list through load_admin_units only.
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class DepartmentInline(admin.TabularInline):
    model = Department
    fields = ["name", "code", "valid_from", "valid_to"]
    extra = 0


class SupersedeForm(forms.Form):
    successor_codes = forms.CharField(
        label=_("Successor codes"),
        required=False,
        help_text=_(
            "Electronic identifiers of the agencies that take over, separated by commas. "
            "Leave empty when the work is abolished. Create a new successor first."
        ),
    )
    last_day = forms.DateField(
        label=_("Last day in force"), widget=forms.DateInput(attrs={"type": "date"})
    )
    legal_basis = forms.CharField(
        label=_("Legal basis"),
        max_length=255,
        help_text=_(
            "Number and date of the decision, e.g. Quyết định 1234/QĐ-UBND ngày 30/6/2025."
        ),
    )

    def clean(self):
        cleaned = super().clean()
        last_day = cleaned.get("last_day")
        if last_day is None:
            return cleaned
        successors = []
        for code in filter(
            None, (c.strip() for c in cleaned.get("successor_codes", "").split(","))
        ):
            successor = agency_get_by_code(code, on=last_day + dt.timedelta(days=1))
            if successor is None:
                raise ValidationError(
                    _("No agency with code %(code)s is in force the day after the last day.")
                    % {"code": code}
                )
            successors.append(successor)
        cleaned["successors"] = successors
        return cleaned


@admin.register(Agency)
class AgencyAdmin(FoldedSearchMixin, admin.ModelAdmin):
    list_display = ["code", "name", "kind", "administrative_unit", "valid_from", "valid_to"]
    list_filter = ["kind", InForceFilter, ProvinceFilter, "code_format"]
    list_select_related = ["administrative_unit"]
    autocomplete_fields = ["parent", "administrative_unit"]
    inlines = [DepartmentInline]
    actions = ["supersede"]
    fieldsets = [
        (None, {"fields": ["code", "code_format", "name", "short_name", "abbreviation", "kind"]}),
        (_("Place"), {"fields": ["administrative_unit", "parent"]}),
        (_("Published contact details"), {"fields": ["address", "phone", "email"]}),
        (
            _("Period in force"),
            {"fields": ["valid_from", "valid_to", "successor_list", "predecessor_list"]},
        ),
    ]
    # Changing any of these in place would rewrite history; the parent also decides whose
    # roles reach this agency. They change only through supersede (a new row, audited).
    identity_fields = [
        "code",
        "code_format",
        "name",
        "kind",
        "parent",
        "administrative_unit",
        "valid_from",
        "valid_to",
    ]

    def get_readonly_fields(self, request, obj=None):
        links = ["successor_list", "predecessor_list"]
        return [*self.identity_fields, *links] if obj else links

    @admin.display(description=_("successors"))
    def successor_list(self, obj: Agency) -> str:
        return self._agency_list(obj.successors.all()) if obj.pk else "-"

    @admin.display(description=_("predecessors"))
    def predecessor_list(self, obj: Agency) -> str:
        return self._agency_list(obj.predecessors.all()) if obj.pk else "-"

    def _agency_list(self, agencies: QuerySet[Agency]) -> str:
        return format_html_join(", ", "{} ({})", ((a.name, a.code) for a in agencies)) or "-"

    @admin.action(description=_("Supersede (merge, split, abolish) the selected agencies"))
    def supersede(self, request: HttpRequest, queryset: QuerySet[Agency]):
        form = SupersedeForm(request.POST if "apply" in request.POST else None)
        if form.is_valid():
            try:
                ended = agency_supersede(
                    agencies=list(queryset),
                    successors=form.cleaned_data["successors"],
                    last_day=form.cleaned_data["last_day"],
                    legal_basis=form.cleaned_data["legal_basis"],
                    actor=request.user,
                    request=request,
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                message = _("Agencies ended: %(count)d.") % {"count": len(ended)}
                self.message_user(request, message, messages.SUCCESS)
                return None
        context = {
            **self.admin_site.each_context(request),
            "title": _("Supersede agencies"),
            "opts": self.model._meta,
            "agencies": queryset,
            "form": form,
            "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
        }
        return TemplateResponse(request, "admin/agencies/agency/supersede.html", context)


@admin.register(Department)
class DepartmentAdmin(admin.ModelAdmin):
    list_display = ["name", "agency", "code", "valid_from", "valid_to"]
    list_filter = [InForceFilter, DepartmentProvinceFilter]
    list_select_related = ["agency"]
    search_fields = ["name", "code", "agency__code"]
    autocomplete_fields = ["agency"]
