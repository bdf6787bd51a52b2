"""Read-only admin screens for support and reconciliation: fee requests with their lines,
attempts, ledger entries and refunds, and the raw provider messages. Every change goes
through the services; scoping follows the dossiers the administrator may see."""

from __future__ import annotations

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest

from motcua.dossiers.access import dossiers_visible_to
from motcua.dossiers.admin import ReadOnly, ReadOnlyInline

from .models import FeeLine, FeeRequest, LedgerEntry, PaymentAttempt, ProviderMessage, Refund


class LineInline(ReadOnlyInline):
    model = FeeLine
    fields = ["name", "kind", "amount", "exempt", "exemption_reason"]
    readonly_fields = fields


class AttemptInline(ReadOnlyInline):
    model = PaymentAttempt
    fields = ["reference", "provider", "provider_reference", "amount", "status", "created_at"]
    readonly_fields = fields


class EntryInline(ReadOnlyInline):
    model = LedgerEntry
    fields = ["kind", "amount", "provider", "provider_reference", "at"]
    readonly_fields = fields


@admin.register(FeeRequest)
class FeeRequestAdmin(ReadOnly, admin.ModelAdmin):
    list_display = ["reference", "dossier", "point", "amount", "status", "created_at", "paid_at"]
    list_filter = ["status", "point"]
    search_fields = ["reference", "dossier__code"]
    inlines = [LineInline, AttemptInline, EntryInline]

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        visible = dossiers_visible_to(request.user)
        return super().get_queryset(request).filter(dossier__in=visible).select_related("dossier")


class MessageInline(ReadOnlyInline):
    model = ProviderMessage
    fields = ["at", "direction", "kind", "verified", "note", "body"]
    readonly_fields = fields


@admin.register(PaymentAttempt)
class PaymentAttemptAdmin(ReadOnly, admin.ModelAdmin):
    list_display = ["reference", "provider", "amount", "status", "provider_reference", "created_at"]
    list_filter = ["provider", "status"]
    search_fields = ["reference", "provider_reference", "receipt_number", "request__dossier__code"]
    inlines = [MessageInline]

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        visible = dossiers_visible_to(request.user)
        return super().get_queryset(request).filter(request__dossier__in=visible)


@admin.register(Refund)
class RefundAdmin(ReadOnly, admin.ModelAdmin):
    list_display = ["request", "amount", "reason", "created_by", "created_at"]

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        visible = dossiers_visible_to(request.user)
        return super().get_queryset(request).filter(request__dossier__in=visible)


@admin.register(ProviderMessage)
class ProviderMessageAdmin(ReadOnly, admin.ModelAdmin):
    """Includes rejected messages that name no attempt (forgeries, unknown references)."""

    list_display = ["at", "provider", "direction", "kind", "verified", "attempt", "note"]
    list_filter = ["provider", "kind", "verified"]

    def has_module_permission(self, request: HttpRequest) -> bool:
        return super().has_module_permission(request) and request.user.is_superuser
