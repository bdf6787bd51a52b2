"""Public, read-only API of the procedure catalogue: search, one procedure, the fields.

Only versions in force are served (see :mod:`motcua.catalog.search`): drafts and
superseded or abolished versions do not exist here. The router has no write operation,
so POST, PUT and DELETE answer 405.
"""

from __future__ import annotations

import datetime as dt

from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext as _

from ninja import Field as SchemaField
from ninja import Query, Router, Schema
from ninja.errors import HttpError

from .constants import (
    CopyType,
    DeliveryChannel,
    FeeCollection,
    FeeKind,
    GovernmentLevel,
    Handling,
    OnlineLevel,
    Requirement,
    ReuseSource,
)
from .models import Component, Fee, ProcedureCase, ProcedureVersion
from .search import (
    LIMIT_MAX,
    amount_plain,
    field_public_list,
    online_level_best,
    procedure_search,
    version_public_get,
)

router = Router(auth=None)


def _label(choices, value: str) -> str:
    try:
        return str(choices(value).label)
    except ValueError:
        return value


# --- Schemas ------------------------------------------------------------------------------


class ProcedureFieldOut(Schema):
    code: str
    name: str


class ProcessingTimeOut(Schema):
    amount: str = SchemaField(description="Decimal as text, e.g. '5' or '0.5'.")
    unit: str = SchemaField(description="working_days | calendar_days | working_hours | same_day")
    unit_label: str


def _time(amount, unit: str) -> dict:
    from motcua.workcalendar.constants import DeadlineUnit

    return {"amount": amount_plain(amount), "unit": unit, "unit_label": _label(DeadlineUnit, unit)}


def _distinct_times(version: ProcedureVersion) -> list[dict]:
    seen: dict[tuple, dict] = {}
    for case in version.cases.all():
        seen.setdefault(
            (case.processing_amount, case.processing_unit),
            _time(case.processing_amount, case.processing_unit),
        )
    return list(seen.values())


class ProcedureListOut(Schema):
    code: str
    name: str
    version: int
    field: ProcedureFieldOut
    level: GovernmentLevel
    level_label: str
    online_level: OnlineLevel = SchemaField(
        description="The most online level among the cases: full, else partial, else none."
    )
    online_level_label: str
    online_levels: list[OnlineLevel] = SchemaField(description="Levels of the cases, in order.")
    processing_times: list[ProcessingTimeOut] = SchemaField(
        description="The distinct processing times of the cases, in case order."
    )

    @staticmethod
    def resolve_code(obj: ProcedureVersion) -> str:
        return obj.procedure.code

    @staticmethod
    def resolve_version(obj: ProcedureVersion) -> int:
        return obj.number

    @staticmethod
    def resolve_field(obj: ProcedureVersion):
        return obj.procedure.field

    @staticmethod
    def resolve_level_label(obj: ProcedureVersion) -> str:
        return str(obj.get_level_display())

    @staticmethod
    def resolve_online_level(obj: ProcedureVersion) -> str:
        return online_level_best(obj.cases.all())

    @staticmethod
    def resolve_online_level_label(obj: ProcedureVersion) -> str:
        return _label(OnlineLevel, online_level_best(obj.cases.all()))

    @staticmethod
    def resolve_online_levels(obj: ProcedureVersion) -> list[str]:
        return [case.online_level for case in obj.cases.all()]

    @staticmethod
    def resolve_processing_times(obj: ProcedureVersion) -> list[dict]:
        return _distinct_times(obj)


class ProcedurePageOut(Schema):
    count: int
    limit: int
    offset: int
    approximate: bool = SchemaField(
        description="True when nothing matched every word and these are near matches."
    )
    items: list[ProcedureListOut]


class ProcedureFilters(Schema):
    q: str = SchemaField(
        "", max_length=200, description="Words or a code; diacritics and case do not matter."
    )
    field: str | None = SchemaField(None, max_length=30, description="Field code, e.g. H61-HT.")
    agency: str | None = SchemaField(
        None, max_length=40, description="Code of an implementing or competent agency."
    )
    level: GovernmentLevel | None = None
    online_level: OnlineLevel | None = SchemaField(
        None, description="Procedures with at least one case at this level."
    )
    limit: int = SchemaField(20, ge=1, le=LIMIT_MAX)
    offset: int = SchemaField(0, ge=0, le=100_000)


class ProcedureAgencyOut(Schema):
    code: str
    name: str
    address: str
    phone: str
    email: str


class PublicationDecisionOut(Schema):
    number: str
    date: dt.date


class LabelledValueOut(Schema):
    value: str
    label: str


class ProcedureFeeOut(Schema):
    kind: FeeKind
    kind_label: str
    name: str
    amount: int = SchemaField(description="Vietnamese đồng.")
    unit: str
    condition: str
    exemptions: str
    collection: FeeCollection
    collection_label: str

    @staticmethod
    def resolve_kind_label(obj: Fee) -> str:
        return str(obj.get_kind_display())

    @staticmethod
    def resolve_amount(obj: Fee) -> int:
        return int(obj.amount)

    @staticmethod
    def resolve_collection_label(obj: Fee) -> str:
        return str(obj.get_collection_display())


class ProcedureComponentOut(Schema):
    code: str
    name: str
    copy_type: CopyType
    copy_type_label: str
    quantity: int
    requirement: Requirement
    requirement_label: str
    condition: str
    form_name: str
    form_url: str | None = SchemaField(description="Blank form to download, when there is one.")
    reuse_sources: list[LabelledValueOut] = SchemaField(
        description="Where the citizen's existing copy may be reused from instead."
    )

    @staticmethod
    def resolve_copy_type_label(obj: Component) -> str:
        return str(obj.get_copy_type_display())

    @staticmethod
    def resolve_requirement_label(obj: Component) -> str:
        return str(obj.get_requirement_display())

    @staticmethod
    def resolve_form_name(obj: Component) -> str:
        return obj.form_template_name

    @staticmethod
    def resolve_form_url(obj: Component) -> str | None:
        return reverse("catalog:form_template", args=[obj.pk]) if obj.form_template else None

    @staticmethod
    def resolve_reuse_sources(obj: Component) -> list[dict]:
        return [{"value": s, "label": _label(ReuseSource, s)} for s in obj.reuse_sources]


class ProcedureCaseOut(Schema):
    position: int
    name: str
    processing_time: ProcessingTimeOut
    online_processing_time: ProcessingTimeOut | None = SchemaField(
        description="When submitting online takes a different time."
    )
    online_level: OnlineLevel
    online_level_label: str
    delivery_channels: list[LabelledValueOut]
    result_name: str
    result_code: str
    notes: str
    fees: list[ProcedureFeeOut]
    components: list[ProcedureComponentOut]

    @staticmethod
    def resolve_processing_time(obj: ProcedureCase) -> dict:
        return _time(obj.processing_amount, obj.processing_unit)

    @staticmethod
    def resolve_online_processing_time(obj: ProcedureCase) -> dict | None:
        if obj.online_processing_amount is None or not obj.online_processing_unit:
            return None
        return _time(obj.online_processing_amount, obj.online_processing_unit)

    @staticmethod
    def resolve_online_level_label(obj: ProcedureCase) -> str:
        return str(obj.get_online_level_display())

    @staticmethod
    def resolve_delivery_channels(obj: ProcedureCase) -> list[dict]:
        return [{"value": c, "label": _label(DeliveryChannel, c)} for c in obj.delivery_channels]

    @staticmethod
    def resolve_fees(obj: ProcedureCase):
        return obj.fees.all()

    @staticmethod
    def resolve_components(obj: ProcedureCase):
        return obj.components.all()


class ProcedureDetailOut(ProcedureListOut):
    sector: str
    decision: PublicationDecisionOut | None
    valid_from: dt.date | None
    valid_to: dt.date | None
    boundary_free: bool = SchemaField(
        description="Any one-stop centre of the province receives it (phi địa giới hành chính)."
    )
    handling: Handling
    implementing_agencies: list[ProcedureAgencyOut] = SchemaField(description="Where to submit.")
    competent_agencies: list[ProcedureAgencyOut] = SchemaField(description="Who decides.")
    legal_basis: str
    requirements: str
    cases: list[ProcedureCaseOut]

    @staticmethod
    def resolve_sector(obj: ProcedureVersion) -> str:
        return obj.procedure.field.sector.name

    @staticmethod
    def resolve_implementing_agencies(obj: ProcedureVersion):
        return obj.implementing_agencies.all()

    @staticmethod
    def resolve_competent_agencies(obj: ProcedureVersion):
        return obj.competent_agencies.all()

    @staticmethod
    def resolve_cases(obj: ProcedureVersion):
        return obj.cases.all()


class CatalogFieldOut(Schema):
    code: str
    name: str
    sector: str
    count: int = SchemaField(description="Procedures in force in this field.")

    @staticmethod
    def resolve_sector(obj) -> str:
        return obj.sector.name

    @staticmethod
    def resolve_count(obj) -> int:
        return obj.public_count


# --- Endpoints ----------------------------------------------------------------------------


@router.get("/procedures", response=ProcedurePageOut, summary="Search procedures in force")
def list_procedures(request: HttpRequest, filters: Query[ProcedureFilters]):
    result = procedure_search(
        filters.q,
        field=filters.field,
        agency=filters.agency,
        level=filters.level,
        online_level=filters.online_level,
        limit=filters.limit,
        offset=filters.offset,
    )
    return {
        "count": result.total,
        "limit": filters.limit,
        "offset": filters.offset,
        "approximate": result.approximate,
        "items": result.items,
    }


@router.get(
    "/procedures/{code}",
    response=ProcedureDetailOut,
    summary="The version in force of one procedure, with everything a citizen needs",
)
def get_procedure(request: HttpRequest, code: str):
    version = version_public_get(code)
    if version is None:
        raise HttpError(
            404, _("No procedure in force has the code %(code)s.") % {"code": code[:40]}
        )
    return version


@router.get("/fields", response=list[CatalogFieldOut], summary="Fields with procedures in force")
def list_fields(request: HttpRequest):
    return field_public_list()
