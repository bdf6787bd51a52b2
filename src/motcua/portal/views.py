"""Public catalogue pages: search the procedures in force and read one of them.

Views only read, through the catalogue's public selectors; drafts and versions no longer
in force cannot be reached from here.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from motcua.catalog.constants import OnlineLevel
from motcua.catalog.search import (
    agency_public_list,
    field_public_list,
    procedure_search,
    version_public_get,
)

from .forms import ProcedureSearchForm, TrackingForm
from .selectors import most_used_versions, url_if_exists

PAGE_SIZE = 20
ONLINE_LEVELS = (OnlineLevel.FULL, OnlineLevel.PARTIAL)


@require_safe
def home(request: HttpRequest) -> HttpResponse:
    """Search box, fields, the most used procedures and the tracking box."""
    return render(
        request,
        "portal/home.html",
        {
            "fields": sorted(field_public_list(), key=lambda f: -f.public_count)[:12],
            "most_used": most_used_versions(),
            "tracking_form": TrackingForm(auto_id="track_%s"),
            "feedback_url": url_if_exists("feedback:submit"),
        },
    )


@require_safe
def procedure_list(request: HttpRequest) -> HttpResponse:
    form = ProcedureSearchForm(
        request.GET or None, fields=field_public_list(), agencies=agency_public_list()
    )
    arguments = form.search_arguments() if form.is_bound else {}
    page = _page_number(request.GET.get("page"))
    result = procedure_search(**arguments, limit=PAGE_SIZE, offset=(page - 1) * PAGE_SIZE)
    last_page = max(1, -(-result.total // PAGE_SIZE))
    if page > last_page:  # a stale link: show the last page rather than an empty one
        page = last_page
        result = procedure_search(**arguments, limit=PAGE_SIZE, offset=(page - 1) * PAGE_SIZE)
    return render(
        request,
        "portal/procedure_list.html",
        {
            "form": form,
            "searched": form.is_bound,
            "result": result,
            "page": page,
            "pages": _page_links(page, last_page),
            "last_page": last_page,
            "first_number": (page - 1) * PAGE_SIZE + 1,
        },
    )


@require_safe
def procedure_detail(request: HttpRequest, code: str) -> HttpResponse:
    version = version_public_get(code)
    if version is None:
        message = _("No procedure in force has the code %(code)s.") % {"code": code[:40]}
        return render(request, "portal/procedure_missing.html", {"message": message}, status=404)
    cases = list(version.cases.all())
    return render(
        request,
        "portal/procedure_detail.html",
        {
            "version": version,
            "procedure": version.procedure,
            "cases": cases,
            "online": any(case.online_level in ONLINE_LEVELS for case in cases),
        },
    )


def _page_number(value: str | None) -> int:
    try:
        return max(1, min(int(value or 1), 10_000))
    except ValueError:
        return 1


def _page_links(page: int, last_page: int) -> list[int | None]:
    """Page numbers to link, ``None`` for a gap: 1 … 4 5 [6] 7 8 … 20."""
    shown = {1, last_page, *range(page - 2, page + 3)}
    numbers = sorted(n for n in shown if 1 <= n <= last_page)
    links: list[int | None] = []
    for number in numbers:
        if links and number - links[-1] > 1:
            links.append(None)
        links.append(number)
    return links
