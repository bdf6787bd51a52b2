"""Read-only admin screens for support staff: find a dossier, read its steps, waits,
results, reminders and history. Nothing can be added, changed or deleted here; every
change of a dossier goes through its services (and their permission checks).

An agency administrator sees the dossiers of the agencies they manage, a system
administrator all of them, as ``access.dossiers_visible_to`` decides.
"""

from __future__ import annotations

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from motcua.accounts.access import can_use_admin_site

from .access import dossiers_visible_to
from .models import (
    ClockPause,
    DeadlineNotice,
    Dossier,
    DossierComponent,
    DossierEvent,
    DossierResult,
    DossierStep,
)
from .national import national_status


class ReadOnly:
    """Open to anyone allowed into the admin site; ``get_queryset`` does the scoping."""

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


class ReadOnlyInline(ReadOnly, admin.TabularInline):
    extra = 0
    can_delete = False
    show_change_link = False


class ComponentInline(ReadOnlyInline):
    model = DossierComponent
    fields = ["component", "copies", "is_digitised", "is_reused", "note"]
    readonly_fields = fields


class StepInline(ReadOnlyInline):
    model = DossierStep
    fk_name = "dossier"
    fields = [
        "position",
        "stage",
        "name",
        "agency",
        "department",
        "role",
        "assignee",
        "hours",
        "started_at",
        "due_at",
        "finished_at",
        "timeliness",
        "consulted_from",
    ]
    readonly_fields = fields


class PauseInline(ReadOnlyInline):
    model = ClockPause
    fields = ["reason", "policy", "started_at", "ended_at", "note"]
    readonly_fields = fields


class ResultInline(ReadOnlyInline):
    model = DossierResult
    fields = ["name", "number", "issued_on", "signer"]
    readonly_fields = fields


class EventInline(ReadOnlyInline):
    model = DossierEvent
    fields = [
        "at",
        "kind",
        "from_status",
        "to_status",
        "actor",
        "actor_role",
        "actor_agency",
        "step",
        "step_due_at",
        "step_timeliness",
        "note",
        "data",
    ]
    readonly_fields = fields


class NoticeInline(ReadOnlyInline):
    model = DeadlineNotice
    fields = ["kind", "due_at", "recipient", "channel", "sent_at"]
    readonly_fields = fields


@admin.register(Dossier)
class DossierAdmin(ReadOnly, admin.ModelAdmin):
    list_display = [
        "code",
        "applicant_name",
        "procedure_version",
        "status",
        "national_code",
        "receiving_agency",
        "current_agency",
        "due_at",
        "timeliness",
    ]
    list_filter = ["status", "channel", "timeliness", "payment_status", "delivery_status"]
    search_fields = ["code", "alternative_code", "applicant_name", "applicant_id_number"]
    date_hierarchy = "received_at"
    list_select_related = ["procedure_version", "receiving_agency", "current_agency"]
    inlines = [
        ComponentInline,
        StepInline,
        PauseInline,
        ResultInline,
        EventInline,
        NoticeInline,
    ]

    def get_queryset(self, request: HttpRequest) -> QuerySet[Dossier]:
        return dossiers_visible_to(request.user)

    def get_readonly_fields(self, request: HttpRequest, obj=None) -> list[str]:
        return [field.name for field in Dossier._meta.fields]

    @admin.display(description=_("national status"))
    def national_code(self, obj: Dossier) -> int | None:
        return national_status(obj.status)
