"""Admin screens: the rules, scale, criteria and categories are configuration an
administrator edits; ratings and tickets are read-only here (they change through the
services, from the pages and the API, so every change has its event and audit row)."""

from __future__ import annotations

from django.contrib import admin

from .models import (
    DossierRating,
    FeedbackRule,
    RatingCriterion,
    RatingLevel,
    Ticket,
    TicketCategory,
)


@admin.register(FeedbackRule)
class FeedbackRuleAdmin(admin.ModelAdmin):
    list_display = ["valid_from", "rating_change_days", "ticket_due_working_days", "legal_basis"]


@admin.register(RatingLevel)
class RatingLevelAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "position", "counts_as_satisfied", "is_active"]


@admin.register(RatingCriterion)
class RatingCriterionAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "position", "is_required", "is_active"]


@admin.register(TicketCategory)
class TicketCategoryAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "subject_kind", "position", "is_active"]


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(DossierRating)
class DossierRatingAdmin(ReadOnlyAdmin):
    list_display = ["dossier", "level", "channel", "rated_at", "changed_at"]
    list_filter = ["level", "channel"]
    search_fields = ["dossier__code"]


@admin.register(Ticket)
class TicketAdmin(ReadOnlyAdmin):
    list_display = ["code", "title", "agency", "status", "received_at", "due_at", "handled_at"]
    list_filter = ["status", "category"]
    search_fields = ["code", "title"]
    # Contact details stay out of the list; the handling agency sees them on its screen.
    exclude = ["contact_phone", "contact_email", "contact_address"]
