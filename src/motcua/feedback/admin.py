"""Admin screens.

The rules, rating scale, criteria and ticket categories are shared configuration: every
administrator allowed into the admin site reads them, system administrators change them
(through ``services.feedback_config_save``, audited). Nothing is deleted: a level,
criterion or category is retired by unticking "offered", and a rule is replaced by a
newer row, so history keeps its meaning.

Ratings and tickets are read-only here and scoped like everywhere else: an agency
administrator sees those of the agencies in their viewing scope. They change only
through the services, from the pages and the API.
"""

from __future__ import annotations

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest

from motcua.accounts.access import agencies_in_scope, can_use_admin_site, is_system_admin
from motcua.dossiers.access import dossiers_visible_to

from .models import (
    DossierRating,
    FeedbackRule,
    RatingCriterion,
    RatingLevel,
    Ticket,
    TicketCategory,
)
from .services import feedback_config_save


class ConfigurationAdmin(admin.ModelAdmin):
    def has_module_permission(self, request: HttpRequest) -> bool:
        return can_use_admin_site(request.user)

    def has_view_permission(self, request: HttpRequest, obj=None) -> bool:
        return can_use_admin_site(request.user)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return can_use_admin_site(request.user) and is_system_admin(request.user)

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        return can_use_admin_site(request.user) and is_system_admin(request.user)

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    def save_model(self, request: HttpRequest, obj, form, change) -> None:
        feedback_config_save(obj=obj, actor=request.user, request=request)


@admin.register(FeedbackRule)
class FeedbackRuleAdmin(ConfigurationAdmin):
    list_display = ["valid_from", "rating_change_days", "ticket_due_working_days", "legal_basis"]


@admin.register(RatingLevel)
class RatingLevelAdmin(ConfigurationAdmin):
    list_display = ["name", "code", "position", "counts_as_satisfied", "is_active"]


@admin.register(RatingCriterion)
class RatingCriterionAdmin(ConfigurationAdmin):
    list_display = ["name", "code", "position", "is_required", "is_active"]


@admin.register(TicketCategory)
class TicketCategoryAdmin(ConfigurationAdmin):
    list_display = ["name", "code", "subject_kind", "position", "is_active"]


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_module_permission(self, request: HttpRequest) -> bool:
        return can_use_admin_site(request.user)

    def has_view_permission(self, request: HttpRequest, obj=None) -> bool:
        return can_use_admin_site(request.user)

    def has_add_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        return False


@admin.register(DossierRating)
class DossierRatingAdmin(ReadOnlyAdmin):
    list_display = ["dossier", "level", "channel", "rated_at", "changed_at"]
    list_filter = ["level", "channel"]
    search_fields = ["dossier__code"]

    def get_queryset(self, request: HttpRequest) -> QuerySet[DossierRating]:
        visible = dossiers_visible_to(request.user)
        return super().get_queryset(request).filter(dossier__in=visible).select_related("level")


@admin.register(Ticket)
class TicketAdmin(ReadOnlyAdmin):
    list_display = ["code", "title", "agency", "status", "received_at", "due_at", "handled_at"]
    list_filter = ["status", "category"]
    search_fields = ["code", "title"]
    # Contact details stay with the handling agency's screen (where reading them is audited).
    exclude = ["contact_phone", "contact_email", "contact_address"]

    def get_queryset(self, request: HttpRequest) -> QuerySet[Ticket]:
        return (
            super()
            .get_queryset(request)
            .filter(agency__in=agencies_in_scope(request.user))
            .select_related("agency")
        )
