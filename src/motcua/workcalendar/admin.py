"""Admin screens of the working calendar. Every write goes through ``services`` (audited)."""

from __future__ import annotations

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from .models import CalendarDay, CalendarYear, OfficeHours
from .selectors import work_calendar_get
from .services import (
    calendar_day_delete,
    calendar_day_save,
    calendar_year_add,
    office_hours_delete,
    office_hours_save,
)


class YearListFilter(admin.SimpleListFilter):
    title = _("year")
    parameter_name = "year"

    def lookups(self, request: HttpRequest, model_admin: admin.ModelAdmin) -> list[tuple[int, int]]:
        years = model_admin.get_queryset(request).dates("date", "year", order="DESC")
        return [(day.year, day.year) for day in years]

    def queryset(self, request: HttpRequest, queryset: QuerySet) -> QuerySet:
        value = self.value()
        return queryset.filter(date__year=int(value)) if value and value.isdigit() else queryset


@admin.register(CalendarDay)
class CalendarDayAdmin(admin.ModelAdmin):
    list_display = ["date", "weekday", "kind", "name", "legal_basis", "confidence", "source"]
    list_filter = [YearListFilter, "kind", "confidence", "source"]
    search_fields = ["name", "legal_basis"]
    readonly_fields = ["source"]

    @admin.display(description=_("weekday"), ordering="date")
    def weekday(self, obj: CalendarDay) -> str:
        return date_format(obj.date, "l")

    def save_model(self, request, obj, form, change) -> None:
        calendar_day_save(day=obj, actor=request.user, request=request)

    def delete_model(self, request, obj) -> None:
        calendar_day_delete(day=obj, actor=request.user, request=request)

    def delete_queryset(self, request, queryset) -> None:
        for day in queryset:
            calendar_day_delete(day=day, actor=request.user, request=request)


@admin.register(OfficeHours)
class OfficeHoursAdmin(admin.ModelAdmin):
    list_display = [
        "agency_label",
        "valid_from",
        "morning_start",
        "morning_end",
        "afternoon_start",
        "afternoon_end",
        "cutoff",
        "saturday_morning",
    ]
    list_filter = [("agency", admin.EmptyFieldListFilter), "saturday_morning"]
    search_fields = ["agency__name", "agency__code"]
    raw_id_fields = ["agency"]
    list_select_related = ["agency"]

    @admin.display(description=_("agency"), ordering="agency__name")
    def agency_label(self, obj: OfficeHours) -> str:
        return str(obj.agency or _("Default for every agency"))

    def save_model(self, request, obj, form, change) -> None:
        office_hours_save(hours=obj, actor=request.user, request=request)

    def delete_model(self, request, obj) -> None:
        office_hours_delete(hours=obj, actor=request.user, request=request)

    def delete_queryset(self, request, queryset) -> None:
        for hours in queryset:
            office_hours_delete(hours=hours, actor=request.user, request=request)


@admin.register(CalendarYear)
class CalendarYearAdmin(admin.ModelAdmin):
    """Adding a year loads its defaults; its days are then edited as calendar days."""

    list_display = ["year", "working_days", "created_at"]
    fields = ["year"]

    @admin.display(description=_("working days"))
    def working_days(self, obj: CalendarYear) -> int:
        return work_calendar_get().working_days_in(obj.year)

    def save_model(self, request, obj, form, change) -> None:
        calendar_year_add(calendar_year=obj, actor=request.user, request=request)

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        # Years are never unloaded: their days are edited one by one.
        return False
