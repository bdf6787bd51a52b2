"""Public, read-only API of the agencies citizens deal with: names, codes, contact details.

Everything here is published information, so the router needs no login; it offers no
write operation at all.
"""

import datetime as dt

from django.http import HttpRequest
from django.utils.translation import gettext as _

from ninja import Field, Query, Router, Schema
from ninja.errors import HttpError
from ninja.pagination import PageNumberPagination, paginate

from .constants import AgencyKind, CodeFormat, UnitKind
from .models import Agency
from .selectors import agency_current_successors, agency_get_by_code, agency_list

router = Router(auth=None)


class UnitOut(Schema):
    code: str
    name: str
    kind: UnitKind


class AgencyRefOut(Schema):
    code: str
    name: str
    short_name: str


class AgencyOut(Schema):
    code: str = Field(description="Electronic identifier (mã định danh điện tử), e.g. H61.17.")
    code_format: CodeFormat
    name: str
    short_name: str
    abbreviation: str
    kind: AgencyKind
    kind_label: str
    administrative_unit: UnitOut
    parent: AgencyRefOut | None
    address: str
    phone: str
    email: str
    valid_from: dt.date | None
    valid_to: dt.date | None

    @staticmethod
    def resolve_kind_label(obj: Agency) -> str:
        return str(obj.get_kind_display())


class AgencyDetailOut(AgencyOut):
    successors: list[AgencyOut] = Field(
        description="For an agency that has ended: the agencies in force today that carry on its work."
    )

    @staticmethod
    def resolve_successors(obj: Agency) -> list[Agency]:
        return agency_current_successors(obj)


class AgencyFilters(Schema):
    province: str | None = Field(None, description="Province unit code (86) or level-1 code (H61).")
    kind: AgencyKind | None = None
    q: str = Field("", description="Words of the name, abbreviation or code; accents optional.")
    on: dt.date | None = Field(None, description="In force on this day (default today).")


@router.get("/", response=list[AgencyOut], summary="List agencies")
@paginate(PageNumberPagination, page_size=50)
def list_agencies(request: HttpRequest, filters: Query[AgencyFilters]):
    return agency_list(
        on=filters.on, province=filters.province, kind=filters.kind, search=filters.q
    )


@router.get("/{code}", response=AgencyDetailOut, summary="One agency by its code")
def get_agency(request: HttpRequest, code: str, on: dt.date | None = None):
    agency = agency_get_by_code(code, on=on)
    if agency is None:
        raise HttpError(404, _("No agency has the code %(code)s.") % {"code": code})
    return agency
