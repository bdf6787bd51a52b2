"""Admin screens of the procedure catalogue, for catalogue editors.

Who sees what comes from ``access``: an agency administrator's lists hold the procedures
of their agency and the agencies below it; anything else behaves like a missing object.
Model permissions (``auth.Permission``) play no part. Every write goes through
``services``; a version that is no longer a draft opens read-only, and changing it means
copying it into a new draft.

Screens: procedures (list, add with a first draft), versions (content, cases inline,
buttons to copy, validate, publish, preview, export and abolish), and a page per case for
its fees, components and workflow steps.
"""

from __future__ import annotations

from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q, QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from motcua.accounts.access import can_use_admin_site, is_system_admin
from motcua.agencies.models import Agency
from motcua.core.text import fold
from motcua.workcalendar.constants import DeadlineUnit

from .access import (
    access_procedure_for_edit,
    access_version_for_edit,
    catalogue_agencies,
)
from .constants import (
    DecisionKind,
    DeliveryChannel,
    OnlineLevel,
    ReuseSource,
    VersionStatus,
)
from .forms import (
    AbolishForm,
    CaseForm,
    CaseRowForm,
    ComponentForm,
    ComponentFormSet,
    ProcedureCreateForm,
    PublicationDecisionForm,
    PublishForm,
    StepForm,
)
from .interchange import catalogue_dumps, catalogue_export
from .models import (
    Component,
    Fee,
    Field,
    Procedure,
    ProcedureCase,
    ProcedureVersion,
    PublicationDecision,
    Sector,
    WorkflowStep,
)
from .selectors import procedure_list_for_admin, version_content, version_draft, version_latest
from .services import (
    VERSION_CONTENT_FIELDS,
    case_delete,
    case_save,
    decision_record,
    decision_save,
    field_save,
    procedure_abolish,
    procedure_create,
    procedure_update,
    sector_save,
    version_draft_create,
    version_draft_delete,
    version_publish,
    version_update,
)
from .validation import number_text, stage_hours, version_problems

# --- Permissions ---------------------------------------------------------------------------


def _scope(request: HttpRequest) -> QuerySet[Agency]:
    """Agencies whose procedures the user maintains, worked out once per request."""
    if not hasattr(request, "_catalogue_scope"):
        request._catalogue_scope = catalogue_agencies(request.user)
    return request._catalogue_scope


def _is_editor(request: HttpRequest) -> bool:
    if not hasattr(request, "_catalogue_editor"):
        request._catalogue_editor = _scope(request).exists()
    return request._catalogue_editor


def _in_scope(request: HttpRequest, agency_id: int) -> bool:
    # Permission methods run many times per page; ask the database once per agency.
    answers = request.__dict__.setdefault("_catalogue_in_scope", {})
    if agency_id not in answers:
        answers[agency_id] = _scope(request).filter(pk=agency_id).exists()
    return answers[agency_id]


def _can_edit(request: HttpRequest, procedure: Procedure) -> bool:
    return _in_scope(request, procedure.owner_agency_id)


def _editable_draft(request: HttpRequest, version: ProcedureVersion | None) -> bool:
    return (
        version is not None
        and version.status == VersionStatus.DRAFT
        and _can_edit(request, version.procedure)
    )


class _CatalogueAdmin(admin.ModelAdmin):
    """Open to anyone allowed into the admin site; querysets and the methods below scope it.

    A ``ValidationError`` raised by a service while saving (say, the version was
    published by someone else in the meantime) rolls the whole save back and comes back
    as a message rather than an error page.
    """

    def has_module_permission(self, request) -> bool:
        return can_use_admin_site(request.user)

    def has_view_permission(self, request, obj=None) -> bool:
        return can_use_admin_site(request.user)

    def has_delete_permission(self, request, obj=None) -> bool:
        return False

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except ValidationError as error:
            self.message_user(request, " ".join(error.messages), messages.ERROR)
            return redirect(request.get_full_path())

    def _object_url(self, name: str, view):
        """An extra page of one object, e.g. ``<id>/publish/`` named ``catalog_procedureversion_publish``."""
        opts = self.opts
        return path(
            f"<path:object_id>/{name}/",
            self.admin_site.admin_view(view),
            name=f"{opts.app_label}_{opts.model_name}_{name.replace('-', '_')}",
        )

    def _page(self, request, original, template, title, **context) -> TemplateResponse:
        return TemplateResponse(
            request,
            template,
            {
                **self.admin_site.each_context(request),
                "opts": self.opts,
                "original": original,
                "title": title,
                **context,
            },
        )


class _ReferenceAdmin(_CatalogueAdmin):
    """Sectors and fields are shared by every agency: system administrators maintain them."""

    def has_add_permission(self, request) -> bool:
        return is_system_admin(request.user)

    def has_change_permission(self, request, obj=None) -> bool:
        return is_system_admin(request.user)


@admin.register(Sector)
class SectorAdmin(_ReferenceAdmin):
    list_display = ["code", "name"]
    search_fields = ["code", "name"]

    def save_model(self, request, obj, form, change) -> None:
        sector_save(sector=obj)


@admin.register(Field)
class FieldAdmin(_ReferenceAdmin):
    list_display = ["code", "name", "sector"]
    list_filter = ["sector"]
    list_select_related = ["sector"]
    search_fields = ["code", "name"]

    def save_model(self, request, obj, form, change) -> None:
        field_save(field=obj)


@admin.register(PublicationDecision)
class PublicationDecisionAdmin(_CatalogueAdmin):
    form = PublicationDecisionForm
    list_display = ["number", "date", "issuer", "signer", "title"]
    list_select_related = ["issuer"]
    search_fields = ["number", "title", "issuer__code"]
    date_hierarchy = "date"

    def has_add_permission(self, request) -> bool:
        return _is_editor(request)

    def has_change_permission(self, request, obj=None) -> bool:
        if obj is None:
            return _is_editor(request)
        return _in_scope(request, obj.issuer_id)

    def get_readonly_fields(self, request, obj=None):
        # Number, issuer and date identify the decision that versions cite; only the
        # descriptive details can be corrected.
        return ["number", "issuer", "date"] if obj is not None else []

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "issuer":
            kwargs["queryset"] = Agency.objects.valid_on(timezone.localdate())
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def save_model(self, request, obj, form, change) -> None:
        if change:
            decision_save(decision=obj)
            return
        recorded = decision_record(
            number=obj.number, issuer=obj.issuer, date=obj.date, signer=obj.signer, title=obj.title
        )
        obj.pk = recorded.pk  # the admin goes on with ``obj``: change log and redirect


# --- Procedures ----------------------------------------------------------------------------


class LatestStatusFilter(admin.SimpleListFilter):
    title = gettext_lazy("status of the latest version")
    parameter_name = "latest_status"

    def lookups(self, request, model_admin):
        return VersionStatus.choices

    def queryset(self, request, queryset):
        return queryset.filter(latest_status=self.value()) if self.value() else queryset


class VersionInline(admin.TabularInline):
    model = ProcedureVersion
    fields = ["number", "status", "name", "decision", "valid_from", "valid_to", "published_at"]
    readonly_fields = fields
    extra = 0
    show_change_link = True
    ordering = ["-number"]

    def has_view_permission(self, request, obj=None) -> bool:
        return can_use_admin_site(request.user)

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


def _search_procedures(queryset, search_term: str):
    """Match the code as typed, or the folded name: "dang ky khai sinh" finds "Đăng ký khai sinh"."""
    term = search_term.strip()
    if not term:
        return queryset
    folded = ProcedureVersion.objects.filter(search_text__contains=fold(term)).values("procedure")
    return queryset.filter(Q(code__icontains=term) | Q(pk__in=folded))


@admin.register(Procedure)
class ProcedureAdmin(_CatalogueAdmin):
    list_display = ["code", "latest_name", "latest_version", "field", "owner_agency"]
    list_filter = [LatestStatusFilter, "field"]
    list_select_related = ["field", "owner_agency"]
    search_fields = ["code"]
    search_help_text = gettext_lazy(
        "Code, or words of the name; accents are optional: “dang ky khai sinh”."
    )
    readonly_fields = ["code"]
    inlines = [VersionInline]
    change_form_template = "catalog/admin/procedure_change_form.html"
    actions = ["export_selected"]

    def get_queryset(self, request):
        return procedure_list_for_admin(request.user)

    def get_search_results(self, request, queryset, search_term):
        return _search_procedures(queryset, search_term), False

    def has_add_permission(self, request) -> bool:
        return _is_editor(request)

    def has_change_permission(self, request, obj=None) -> bool:
        if obj is None:
            return _is_editor(request)
        return _can_edit(request, obj)

    def has_export_permission(self, request) -> bool:
        return can_use_admin_site(request.user)

    def get_form(self, request, obj=None, change=False, **kwargs):
        if obj is None:
            kwargs["form"] = ProcedureCreateForm
        return super().get_form(request, obj, change, **kwargs)

    def get_inlines(self, request, obj):
        return self.inlines if obj is not None else []

    def get_fields(self, request, obj=None):
        if obj is None:
            return ["code", "name", "level", "field", "owner_agency"]
        return ["code", "field", "owner_agency"]

    def get_readonly_fields(self, request, obj=None):
        return ["code"] if obj is not None else []

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "owner_agency":
            kwargs["queryset"] = _scope(request)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    @admin.display(description=gettext_lazy("name"), ordering="latest_name")
    def latest_name(self, obj: Procedure) -> str:
        return obj.latest_name or ""

    @admin.display(description=gettext_lazy("latest version"), ordering="latest_number")
    def latest_version(self, obj: Procedure) -> str:
        if obj.latest_number is None:
            return "—"
        return f"{obj.latest_number} ({VersionStatus(obj.latest_status).label})"

    def save_model(self, request, obj, form, change) -> None:
        data = form.cleaned_data
        if change:
            procedure_update(procedure=obj, field=data["field"], owner_agency=data["owner_agency"])
            return
        draft = procedure_create(
            code=data["code"],
            field=data["field"],
            owner_agency=data["owner_agency"],
            name=data["name"],
            level=data["level"],
            created_by=request.user,
        )
        obj.pk = draft.procedure_id  # the admin goes on with ``obj``: change log and redirect

    def save_related(self, request, form, formsets, change) -> None:
        pass  # versions are listed here, never edited: nothing related to save

    def response_add(self, request, obj, post_url_continue=None):
        # The next thing to do with a new procedure is to fill in its first draft.
        draft = version_draft(obj)
        return redirect(reverse("admin:catalog_procedureversion_change", args=[draft.pk]))

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        if obj is not None:
            context["latest_version"] = version_latest(obj)
            context["draft"] = version_draft(obj)
            context["published_version"] = obj.versions.filter(
                status=VersionStatus.PUBLISHED
            ).first()
        return super().render_change_form(request, context, add, change, form_url, obj)

    def get_urls(self):
        return [
            self._object_url("new-draft", self.new_draft_view),
            self._object_url("export", self.export_view),
            self._object_url("abolish", self.abolish_view),
            *super().get_urls(),
        ]

    def new_draft_view(self, request, object_id):
        procedure = access_procedure_for_edit(request.user, unquote(object_id))
        source = version_latest(procedure)
        if request.method == "POST":
            try:
                draft = version_draft_create(procedure=procedure, created_by=request.user)
            except ValidationError as error:
                self.message_user(request, " ".join(error.messages), messages.ERROR)
                return redirect(reverse("admin:catalog_procedure_change", args=[procedure.pk]))
            self.message_user(
                request,
                _("Version %(number)s was created as a draft copy of version %(source)s.")
                % {"number": draft.number, "source": source.number},
                messages.SUCCESS,
            )
            return redirect(reverse("admin:catalog_procedureversion_change", args=[draft.pk]))
        return self._page(
            request,
            procedure,
            "catalog/admin/confirm.html",
            _("Copy into a new draft"),
            message=_(
                "A new draft will copy version %(number)s (“%(name)s”) with its cases, fees, "
                "components and workflow steps. Nothing changes for citizens until the draft "
                "is published."
            )
            % {"number": source.number, "name": source.name},
            submit_label=_("Create the draft"),
        )

    def export_view(self, request, object_id):
        procedure = access_procedure_for_edit(request.user, unquote(object_id))
        return self._download(request, Procedure.objects.filter(pk=procedure.pk), procedure.code)

    @admin.action(
        description=gettext_lazy("Export selected procedures as JSON"), permissions=["export"]
    )
    def export_selected(self, request, queryset):
        scoped = queryset.filter(owner_agency__in=_scope(request))
        return self._download(
            request, Procedure.objects.filter(pk__in=scoped.values("pk")), "catalogue"
        )

    def _download(self, request, procedures, name: str) -> HttpResponse:
        try:
            document = catalogue_export(procedures=procedures)
        except ValidationError as error:  # a template file has gone missing from storage
            self.message_user(request, " ".join(error.messages), messages.ERROR)
            return redirect(reverse("admin:catalog_procedure_changelist"))
        response = HttpResponse(catalogue_dumps(document), content_type="application/json")
        response["Content-Disposition"] = f'attachment; filename="{name}.json"'
        return response

    def abolish_view(self, request, object_id):
        procedure = access_procedure_for_edit(request.user, unquote(object_id))
        form = AbolishForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            data = form.cleaned_data
            try:
                with transaction.atomic():
                    decision = decision_record(**_decision_fields(data))
                    procedure_abolish(
                        procedure=procedure,
                        decision=decision,
                        effective_from=data["effective_from"],
                        abolished_by=request.user,
                    )
            except ValidationError as error:
                form.add_error(None, error.messages)
            else:
                self.message_user(
                    request,
                    _("Procedure %(code)s is abolished.") % {"code": procedure.code},
                    messages.SUCCESS,
                )
                return redirect(reverse("admin:catalog_procedure_change", args=[procedure.pk]))
        return self._page(
            request,
            procedure,
            "catalog/admin/decision_form.html",
            _("Abolish procedure %(code)s") % {"code": procedure.code},
            form=form,
            intro=_(
                "Record the decision that abolishes this procedure. The published version "
                "stays in force until the day before the date you give; dossiers received "
                "until then keep it."
            ),
            submit_label=_("Abolish"),
        )


def _decision_fields(data: dict) -> dict:
    return {key: data[key] for key in ("number", "issuer", "date", "signer", "title")}


# --- Versions and cases --------------------------------------------------------------------


class CaseInline(admin.TabularInline):
    model = ProcedureCase
    form = CaseRowForm
    extra = 0
    show_change_link = True

    def has_view_permission(self, request, obj=None) -> bool:
        return can_use_admin_site(request.user)

    def has_add_permission(self, request, obj=None) -> bool:
        return _editable_draft(request, obj)

    def has_change_permission(self, request, obj=None) -> bool:
        return _editable_draft(request, obj)

    def has_delete_permission(self, request, obj=None) -> bool:
        return _editable_draft(request, obj)


def _version_search(queryset, search_term: str):
    term = search_term.strip()
    if not term:
        return queryset
    return queryset.filter(Q(procedure__code__icontains=term) | Q(search_text__contains=fold(term)))


@admin.register(ProcedureVersion)
class ProcedureVersionAdmin(_CatalogueAdmin):
    list_display = [
        "procedure",
        "number",
        "name",
        "status",
        "decision",
        "valid_from",
        "valid_to",
        "published_at",
    ]
    list_filter = ["status", "level", "handling"]
    list_select_related = ["procedure", "decision"]
    search_fields = ["procedure__code"]
    search_help_text = ProcedureAdmin.search_help_text
    fieldsets = [
        (
            None,
            {
                "fields": [
                    "procedure",
                    "number",
                    "status",
                    "name",
                    "level",
                    "competent_agencies",
                    "implementing_agencies",
                    "boundary_free",
                    "handling",
                    "external_reference",
                    "supplement_clock",
                    "legal_basis",
                    "requirements",
                ]
            },
        ),
        (
            gettext_lazy("Publication"),
            {
                "fields": [
                    "decision",
                    "decision_kind",
                    "valid_from",
                    "valid_to",
                    "published_at",
                    "created_by",
                ]
            },
        ),
    ]
    readonly_fields = [
        "procedure",
        "number",
        "status",
        "decision",
        "decision_kind",
        "valid_from",
        "valid_to",
        "published_at",
        "created_by",
    ]
    filter_horizontal = ["competent_agencies", "implementing_agencies"]
    inlines = [CaseInline]
    change_form_template = "catalog/admin/version_change_form.html"

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .filter(procedure__owner_agency__in=_scope(request))
            .select_related("procedure__field", "procedure__owner_agency", "decision")
        )

    def get_search_results(self, request, queryset, search_term):
        return _version_search(queryset, search_term), False

    def has_add_permission(self, request) -> bool:
        return False  # drafts come from a new procedure or from copying a version

    def has_change_permission(self, request, obj=None) -> bool:
        if obj is None:
            return _is_editor(request)
        return _editable_draft(request, obj)

    def has_delete_permission(self, request, obj=None) -> bool:
        return obj is not None and _editable_draft(request, obj)

    def get_actions(self, request):
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)  # one draft at a time, from its own page
        return actions

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.name in ("competent_agencies", "implementing_agencies"):
            kwargs["queryset"] = Agency.objects.valid_on(timezone.localdate())
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    def save_model(self, request, obj, form, change) -> None:
        data = form.cleaned_data
        version_update(
            version=obj,
            fields={name: data[name] for name in VERSION_CONTENT_FIELDS if name in data},
            competent_agencies=data.get("competent_agencies"),
            implementing_agencies=data.get("implementing_agencies"),
            updated_by=request.user,
        )

    def save_related(self, request, form, formsets, change) -> None:
        # The agency lists were saved by version_update; only the cases are left.
        for formset in formsets:
            self.save_formset(request, form, formset, change)

    def save_formset(self, request, form, formset, change) -> None:
        cases = formset.save(commit=False)
        for case in formset.deleted_objects:
            case_delete(case=case, deleted_by=request.user)
        for case in cases:
            case_save(case=case, saved_by=request.user)

    def delete_model(self, request, obj) -> None:
        version_draft_delete(version=obj, deleted_by=request.user)

    def response_delete(self, request, obj_display, obj_id):
        self.message_user(request, _("The draft was deleted."), messages.SUCCESS)
        return redirect(reverse("admin:catalog_procedure_changelist"))

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        if obj is not None:
            context["can_edit"] = _can_edit(request, obj.procedure)
            context["is_draft"] = obj.status == VersionStatus.DRAFT
            context["is_published"] = obj.status == VersionStatus.PUBLISHED
            latest = version_latest(obj.procedure)
            context["can_copy"] = latest == obj and not context["is_draft"]
        return super().render_change_form(request, context, add, change, form_url, obj)

    def get_urls(self):
        return [
            self._object_url("validate", self.validate_view),
            self._object_url("publish", self.publish_view),
            self._object_url("preview", self.preview_view),
            *super().get_urls(),
        ]

    def validate_view(self, request, object_id):
        version = access_version_for_edit(request.user, unquote(object_id))
        return self._page(
            request,
            version,
            "catalog/admin/version_validate.html",
            _("Check version %(number)s of %(code)s")
            % {"number": version.number, "code": version.procedure.code},
            problems=version_problems(version, version_content(version)),
        )

    def publish_view(self, request, object_id):
        version = access_version_for_edit(request.user, unquote(object_id))
        if version.status != VersionStatus.DRAFT:
            raise Http404(_("Only a draft can be published."))
        published = version.procedure.versions.filter(status=VersionStatus.PUBLISHED).exists()
        form = PublishForm(
            request.POST or None,
            initial={
                "kind": DecisionKind.AMENDED if published else DecisionKind.NEW,
                "valid_from": timezone.localdate(),
            },
        )
        if request.method == "POST" and form.is_valid():
            data = form.cleaned_data
            try:
                with transaction.atomic():
                    decision = decision_record(**_decision_fields(data))
                    version_publish(
                        version=version,
                        decision=decision,
                        kind=data["kind"],
                        valid_from=data["valid_from"],
                        published_by=request.user,
                    )
            except ValidationError as error:
                form.add_error(None, error.messages)
            else:
                self.message_user(
                    request,
                    _("Version %(number)s of %(code)s is published.")
                    % {"number": version.number, "code": version.procedure.code},
                    messages.SUCCESS,
                )
                return redirect(reverse("admin:catalog_procedureversion_change", args=[version.pk]))
        return self._page(
            request,
            version,
            "catalog/admin/decision_form.html",
            _("Publish version %(number)s of %(code)s")
            % {"number": version.number, "code": version.procedure.code},
            form=form,
            intro=_(
                "The version is checked first; if anything is wrong, nothing is published "
                "and the problems are listed. Once published it can no longer be changed."
            ),
            submit_label=_("Publish"),
        )

    def preview_view(self, request, object_id):
        version = access_version_for_edit(request.user, unquote(object_id))
        return self._page(
            request,
            version,
            "catalog/admin/version_preview.html",
            _("Preview: %(name)s") % {"name": version.name},
            procedure=version.procedure,
            competent=version.competent_agencies.order_by("code"),
            implementing=version.implementing_agencies.order_by("code"),
            cases=[_case_for_citizens(content) for content in version_content(version)],
        )


def _time_text(amount, unit: str) -> str:
    if not unit or amount is None:
        return ""
    if unit == DeadlineUnit.SAME_DAY:
        return str(DeadlineUnit(unit).label)
    return f"{number_text(amount)} {str(DeadlineUnit(unit).label).lower()}"


def _labels(values, choices) -> list[str]:
    known = dict(choices.choices)
    return [str(known.get(value, value)) for value in values]


def _case_for_citizens(content) -> dict:
    case = content.case
    return {
        "case": case,
        "time": _time_text(case.processing_amount, case.processing_unit),
        "online_time": _time_text(case.online_processing_amount, case.online_processing_unit),
        "online_level": OnlineLevel(case.online_level).label
        if case.online_level in OnlineLevel.values
        else case.online_level,
        "delivery": _labels(case.delivery_channels, DeliveryChannel),
        "fees": content.fees,
        "components": [
            {"component": c, "reuse": _labels(c.reuse_sources, ReuseSource)}
            for c in content.components
        ],
        "form_fields": (case.form_schema or {}).get("fields", []),
    }


class _CaseRowsInline(admin.TabularInline):
    """Rows of a case page, editable only while the case's version is a draft."""

    extra = 0

    def has_view_permission(self, request, obj=None) -> bool:
        return can_use_admin_site(request.user)

    def has_add_permission(self, request, obj=None) -> bool:
        return obj is not None and _editable_draft(request, obj.version)

    def has_change_permission(self, request, obj=None) -> bool:
        return obj is not None and _editable_draft(request, obj.version)

    def has_delete_permission(self, request, obj=None) -> bool:
        return obj is not None and _editable_draft(request, obj.version)


class FeeInline(_CaseRowsInline):
    model = Fee
    fields = ["position", "kind", "name", "amount", "unit", "condition", "exemptions", "collection"]


class ComponentInline(_CaseRowsInline):
    model = Component
    form = ComponentForm
    formset = ComponentFormSet


class StepInline(_CaseRowsInline):
    model = WorkflowStep
    form = StepForm


@admin.register(ProcedureCase)
class ProcedureCaseAdmin(_CatalogueAdmin):
    form = CaseForm
    list_display = ["name", "version", "position", "online_level"]
    list_select_related = ["version__procedure"]
    readonly_fields = ["version"]
    fieldsets = [
        (None, {"fields": ["version", "position", "name", "notes"]}),
        (
            gettext_lazy("Time"),
            {
                "fields": [
                    "processing_amount",
                    "processing_unit",
                    "online_processing_amount",
                    "online_processing_unit",
                ]
            },
        ),
        (
            gettext_lazy("Online service and result"),
            {
                "fields": [
                    "online_level",
                    "delivery_channels",
                    "result_name",
                    "result_code",
                    "result_template",
                    "result_returned_by",
                ]
            },
        ),
        (
            gettext_lazy("E-form definition"),
            {
                "fields": ["form_schema"],
                "description": gettext_lazy(
                    "JSON as described in docs/catalog-format.md; leave {} for no online form."
                ),
            },
        ),
    ]
    inlines = [FeeInline, ComponentInline, StepInline]
    change_form_template = "catalog/admin/case_change_form.html"

    def get_model_perms(self, request):
        return {}  # reached from its version, not listed on the admin index

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .filter(version__procedure__owner_agency__in=_scope(request))
            .select_related("version__procedure")
        )

    def has_add_permission(self, request) -> bool:
        return False  # cases are added on their version's page

    def has_change_permission(self, request, obj=None) -> bool:
        if obj is None:
            return _is_editor(request)
        return _editable_draft(request, obj.version)

    def has_delete_permission(self, request, obj=None) -> bool:
        return obj is not None and _editable_draft(request, obj.version)

    def get_actions(self, request):
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)
        return actions

    def save_model(self, request, obj, form, change) -> None:
        pass  # saved in save_related, together with its rows, by one service call

    def save_related(self, request, form, formsets, change) -> None:
        save_items, delete_items = [], []
        for formset in formsets:
            save_items += formset.save(commit=False)
            delete_items += formset.deleted_objects
        case_save(
            case=form.instance,
            save_items=save_items,
            delete_items=delete_items,
            saved_by=request.user,
        )

    def delete_model(self, request, obj) -> None:
        case_delete(case=obj, deleted_by=request.user)
        request._catalogue_version_id = obj.version_id  # where to go back to

    def response_delete(self, request, obj_display, obj_id):
        self.message_user(request, _("The case was deleted."), messages.SUCCESS)
        return redirect(
            reverse("admin:catalog_procedureversion_change", args=[request._catalogue_version_id])
        )

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        if obj is not None:
            context["stages"] = stage_hours(list(obj.steps.order_by("position")))
        return super().render_change_form(request, context, add, change, form_url, obj)
