"""REST API of the reporting app: indicators for a scope and a window.

Public, like the 766 figures the national portal publishes: only aggregate counts leave
this endpoint, never a dossier or a person.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.http import HttpRequest
from django.utils.translation import gettext as _

from ninja import Field, Query, Router, Schema
from ninja.errors import HttpError

from motcua.catalog.models import Field as CatalogField
from motcua.catalog.models import Procedure

from .constants import IndexGroup, IndicatorKind
from .selectors import ScopeError, indicators_compute, scope_resolve

router = Router(auth=None)

MAX_WINDOW_DAYS = 3 * 366


class IndicatorQuery(Schema):
    scope: str = Field(
        description="province:<unit code>, agency:<agency code> or commune:<unit code>"
    )
    date_from: dt.date = Field(alias="from", description="First day of the window")
    date_to: dt.date = Field(alias="to", description="Last day of the window (the cut-off)")
    procedure: str | None = Field(None, description="Only this procedure (its code)")
    field: str | None = Field(None, description="Only the procedures of this field (its code)")


class IndicatorOut(Schema):
    code: str
    version: int
    name: str
    unit: str
    kind: IndicatorKind
    formula: str
    official: bool
    source: str
    value: Decimal | None = Field(description="A ratio as a fraction (0.9851), a count as is")
    group: IndexGroup | None
    weight: Decimal | None
    points: Decimal | None
    missing_sources: list[str] = Field(description="Counts with no data source in motcua yet")


class GroupOut(Schema):
    group: IndexGroup
    label: str
    max_points: int
    points: Decimal
    computable_points: Decimal
    complete: bool


class IndicatorsOut(Schema):
    scope: str
    scope_label: str
    date_from: dt.date = Field(serialization_alias="from")
    date_to: dt.date = Field(serialization_alias="to")
    counts: dict[str, int]
    indicators: list[IndicatorOut]
    groups: list[GroupOut]
    index_points: Decimal
    computable_points: Decimal


@router.get("/indicators", response=IndicatorsOut, by_alias=True)
def indicators(request: HttpRequest, query: Query[IndicatorQuery]) -> dict:
    """Biểu 06 counts and the 766 index for one scope and window (rollups, not dossiers)."""
    if query.date_to < query.date_from:
        raise HttpError(400, _("The window ends before it starts."))
    if (query.date_to - query.date_from).days > MAX_WINDOW_DAYS:
        raise HttpError(400, _("The window is longer than three years."))
    try:
        scope = scope_resolve(query.scope)
    except ScopeError as error:
        raise HttpError(400, str(error)) from None
    procedure_id = None
    if query.procedure:
        procedure_id = (
            Procedure.objects.filter(code=query.procedure).values_list("pk", flat=True).first()
        )
        if procedure_id is None:
            raise HttpError(400, _("Unknown procedure code."))
    elif query.field:
        if not CatalogField.objects.filter(code=query.field).exists():
            raise HttpError(400, _("Unknown field code."))
        procedure_id = frozenset(
            Procedure.objects.filter(field__code=query.field).values_list("pk", flat=True)
        )
    report = indicators_compute(
        scope=scope, start=query.date_from, end=query.date_to, procedure_id=procedure_id
    )
    return {
        "scope": scope.key,
        "scope_label": scope.label,
        "date_from": report.start,
        "date_to": report.end,
        "counts": report.counts,
        "indicators": [
            {
                "code": v.indicator.code,
                "version": v.indicator.version,
                "name": v.indicator.name,
                "unit": v.indicator.unit,
                "kind": v.indicator.kind,
                "formula": v.indicator.formula,
                "official": v.indicator.official,
                "source": v.indicator.source_note,
                "value": v.value,
                "group": v.indicator.group or None,
                "weight": v.indicator.weight,
                "points": v.points,
                "missing_sources": v.missing_sources,
            }
            for v in report.values
        ],
        "groups": [
            {
                "group": g["group"],
                "label": str(g["group"].label),
                "max_points": g["max_points"],
                "points": g["points"],
                "computable_points": g["computable_points"],
                "complete": g["complete"],
            }
            for g in report.groups()
        ],
        "index_points": report.index_points,
        "computable_points": report.computable_points,
    }
