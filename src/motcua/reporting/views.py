"""Monitoring pages: indicators of a scope, drill-down, ranking, trend, late dossiers.

Thin views: numbers come from ``selectors`` (rollups), who may see what from ``access``.
Every table can be downloaded as XLSX with ``?xlsx=<table>``.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from motcua.catalog.models import Field, Procedure

from .access import access_scope, default_scope_key
from .forms import window_from_query
from .selectors import (
    KNOWN_NAMES,
    counts_by_group,
    counts_from_rollups,
    dossiers_behind,
    indicator_values,
    indicators_compute,
    indicators_in_force,
    monthly_trend,
    scope_children,
)
from .windows import CCHC_DEFAULT_RULES, calendar_window, period_window, year_before
from .xlsx import Percent, xlsx_response

# Biểu 06 order; True marks an "of which" line.
COUNT_ROWS = [
    ("received_total", gettext_lazy("Dossiers to resolve"), False),
    ("carried_over", gettext_lazy("carried over from before the window"), True),
    ("received_new", gettext_lazy("newly received in the window"), True),
    ("received_online", gettext_lazy("of which online"), True),
    ("received_counter", gettext_lazy("of which at the counter"), True),
    ("received_post", gettext_lazy("of which by post"), True),
    ("resolved", gettext_lazy("Resolved"), False),
    ("resolved_early", gettext_lazy("before the due date"), True),
    ("resolved_on_time", gettext_lazy("on the due date"), True),
    ("resolved_late", gettext_lazy("after the due date"), True),
    ("in_progress", gettext_lazy("In progress at the cut-off"), False),
    ("in_progress_within", gettext_lazy("within the time limit"), True),
    ("in_progress_overdue", gettext_lazy("past the due date"), True),
    ("paused", gettext_lazy("of which paused (supplement, payment)"), True),
    ("withdrawn", gettext_lazy("Withdrawn"), False),
    ("stopped", gettext_lazy("Stopped"), False),
    ("returned", gettext_lazy("Results returned"), False),
    ("apologised", gettext_lazy("Apology letters for lateness"), False),
    ("digitised", gettext_lazy("Received and digitised"), False),
    ("reused", gettext_lazy("Received reusing digitised data"), False),
    ("e_result", gettext_lazy("Resolved with an electronic result"), False),
    ("fee_required", gettext_lazy("Received with a fee to pay"), False),
    ("paid_online", gettext_lazy("of which paid online"), True),
    ("rated", gettext_lazy("Satisfaction ratings given"), False),
    ("satisfied", gettext_lazy("of which satisfied"), True),
]
COUNT_LABELS = {name: label for name, label, _sub in COUNT_ROWS}
LATE_LIMIT = 50


def _query(scope: str, start: dt.date, end: dt.date, **extra) -> str:
    extra = {k: v for k, v in extra.items() if v}
    return urlencode({"scope": scope, "from": start.isoformat(), "to": end.isoformat(), **extra})


def _field(request: HttpRequest) -> tuple[Field | None, frozenset[int] | None]:
    """The field (lĩnh vực) filter: its procedures, or no filter; an unknown code is a 404."""
    code = request.GET.get("field", "")
    if not code:
        return None, None
    field = Field.objects.filter(code=code).first()
    if field is None:
        raise Http404(_("No such list."))
    return field, frozenset(Procedure.objects.filter(field=field).values_list("pk", flat=True))


def _dossier_url(dossier_id: int) -> str | None:
    try:
        return reverse("backoffice:dossier", args=[dossier_id])
    except NoReverseMatch:  # back office not installed: the code is shown without a link
        return None


def _periods(today: dt.date) -> list[tuple[str, dt.date, dt.date]]:
    quarter = (today.month - 1) // 3 + 1
    out = [
        (_("This month"), *calendar_window(today.year, month=today.month)),
        (_("This quarter"), *calendar_window(today.year, quarter=quarter)),
        (_("This year"), *calendar_window(today.year)),
    ]
    report_year = today.year + 1 if today >= dt.date(today.year, 12, 15) else today.year
    for rule in CCHC_DEFAULT_RULES.values():
        start, end = period_window(rule, report_year)
        out.append(
            (
                _("CCHC report, %(period)s %(year)s")
                % {"period": rule["label"], "year": report_year},
                start,
                end,
            )
        )
    return out


def _chart(trend: list[dict]) -> dict:
    width, height, gap = 600, 160, 4
    top = max([1] + [max(m["received"], m["resolved"]) for m in trend])
    slot = width / max(len(trend), 1)
    bar = (slot - 3 * gap) / 2
    bars = []
    for i, month in enumerate(trend):
        for j, kind in enumerate(("received", "resolved")):
            h = round((height - 20) * month[kind] / top, 1)
            bars.append(
                {
                    "x": round(i * slot + gap + j * (bar + gap), 1),
                    "y": round(height - 20 - h, 1),
                    "w": round(bar, 1),
                    "h": h,
                    "kind": kind,
                    "title": f"{month['month']:%m/%Y}: {month[kind]}",
                }
            )
    labels = [
        {"x": round(i * slot + slot / 2, 1), "text": f"{m['month']:%m/%y}"}
        for i, m in enumerate(trend)
    ]
    return {"width": width, "height": height, "bars": bars, "labels": labels, "top": top}


def _share(numerator: int, denominator: int) -> Decimal | None:
    return None if not denominator else Decimal(numerator) / denominator


@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    key = request.GET.get("scope") or default_scope_key(request.user)
    if not key:
        raise Http404(_("No such scope."))
    scope = access_scope(request.user, key)
    form, start, end, valid = window_from_query(request.GET)
    field, procedures = _field(request)
    fcode = field.code if field else ""
    context = {
        "scope": scope,
        "form": form,
        "valid": valid,
        "start": start,
        "end": end,
        "field": field,
        "fields": Field.objects.filter(procedures__isnull=False).distinct().order_by("name"),
    }
    if not valid:
        return render(request, "reporting/dashboard.html", context, status=400)

    report = indicators_compute(scope=scope, start=start, end=end, procedure_id=procedures)
    counts = report.counts
    # "so với cùng kỳ": the same window a year earlier
    last_year = counts_from_rollups(
        agency_ids=scope.agency_ids,
        start=year_before(start),
        end=year_before(end),
        procedure_id=procedures,
    )
    children = scope_children(scope)
    group_counts = counts_by_group(
        groups={c.key: c.agency_ids for c in children},
        start=start,
        end=end,
        procedure_id=procedures,
    )
    indicators = [i for i in indicators_in_force(end) if i.group]
    ranking = []
    for child in children:
        c = group_counts[child.key]
        points = [v.points for v in indicator_values(indicators, c) if v.points is not None]
        ranking.append(
            {
                "scope": child,
                "link": "?" + _query(child.key, start, end, field=fcode),
                "received": c["received_total"],
                "resolved": c["resolved"],
                "on_time": _share(c["resolved_early"] + c["resolved_on_time"], c["resolved"]),
                "online": _share(c["received_online"], c["received_new"]),
                "overdue": c["in_progress_overdue"],
                "points": sum(points, Decimal(0)),
            }
        )
    ranking.sort(
        key=lambda r: (r["on_time"] is None, -(r["on_time"] or 0), -r["points"], r["scope"].label)
    )
    trend = monthly_trend(agency_ids=scope.agency_ids, end=end, procedure_id=procedures)
    late = (
        dossiers_behind(agency_ids=scope.agency_ids, start=start, end=end, procedure_id=procedures)[
            "in_progress_overdue"
        ]
        .select_related("procedure_version", "competent_agency", "current_agency")
        .order_by("due_at", "pk")[:LATE_LIMIT]
    )
    late_rows = [
        {
            "dossier": d,
            "url": _dossier_url(d.pk),
            "days": (end - timezone.localdate(d.due_at)).days,
        }
        for d in late
    ]

    table = request.GET.get("xlsx")
    if table:
        return _export(
            table, scope, start, end, counts, report, ranking, late_rows, trend, last_year
        )

    rows = [
        {
            "name": name,
            "label": label,
            "sub": sub,
            "value": counts[name],
            "last_year": last_year[name],
            "link": reverse("reporting:dossiers")
            + "?"
            + _query(scope.key, start, end, count=name, field=fcode),
        }
        for name, label, sub in COUNT_ROWS
    ]
    context.update(
        {
            "rows": rows,
            "report": report,
            "groups": report.groups(),
            "ranking": ranking,
            "trend": trend,
            "chart": _chart(trend),
            "late": late_rows,
            "late_all": reverse("reporting:dossiers")
            + "?"
            + _query(scope.key, start, end, count="in_progress_overdue", field=fcode),
            "periods": [
                (label, "?" + _query(scope.key, s, e, field=fcode))
                for label, s, e in _periods(timezone.localdate())
            ],
            "query": _query(scope.key, start, end, field=fcode),
            "online_share": _share(counts["received_online"], counts["received_new"]),
            "on_time_share": _share(
                counts["resolved_early"] + counts["resolved_on_time"], counts["resolved"]
            ),
        }
    )
    return render(request, "reporting/dashboard.html", context)


def _export(table, scope, start, end, counts, report, ranking, late_rows, trend, last_year):
    period = f"{start:%d/%m/%Y}–{end:%d/%m/%Y}"
    title = f"{scope.label}, {period}"
    name = f"bao-cao-{table}-{start:%Y%m%d}-{end:%Y%m%d}"
    if table == "counts":
        rows = [(str(label), counts[n], last_year[n]) for n, label, _sub in COUNT_ROWS]
        headers = [_("Indicator"), _("Dossiers"), _("Same window last year")]
        return xlsx_response(name, title, headers, rows)
    if table == "index":
        rows = [
            (
                v.indicator.code,
                v.indicator.name,
                v.indicator.unit,
                Percent(v.value) if v.is_percent and v.value is not None else v.value,
                v.indicator.weight,
                v.points,
                _("official") if v.indicator.official else _("not official"),
                ", ".join(v.missing_sources),
            )
            for v in report.values
        ]
        headers = [
            _("Code"),
            _("Indicator"),
            _("Unit"),
            _("Value"),
            _("Maximum points"),
            _("Points"),
            _("Formula"),
            _("No data source yet"),
        ]
        return xlsx_response(name, title, headers, rows)
    if table == "ranking":
        rows = [
            (
                r["scope"].label,
                r["received"],
                r["resolved"],
                Percent(r["on_time"]) if r["on_time"] is not None else None,
                Percent(r["online"]) if r["online"] is not None else None,
                r["overdue"],
                r["points"],
            )
            for r in ranking
        ]
        headers = [
            _("Unit"),
            _("Dossiers to resolve"),
            _("Resolved"),
            _("On time"),
            _("Online"),
            _("Past the due date"),
            _("766 points (computable)"),
        ]
        return xlsx_response(name, title, headers, rows)
    if table == "late":
        rows = [
            (
                r["dossier"].code,
                r["dossier"].procedure_version.name,
                r["dossier"].current_agency.name,
                timezone.localtime(r["dossier"].due_at).strftime("%d/%m/%Y %H:%M"),
                r["days"],
            )
            for r in late_rows
        ]
        headers = [_("Dossier code"), _("Procedure"), _("Handled by"), _("Due"), _("Days late")]
        return xlsx_response(name, title, headers, rows)
    if table == "trend":
        rows = [(f"{m['month']:%m/%Y}", m["received"], m["resolved"], m["late"]) for m in trend]
        headers = [_("Month"), _("Received"), _("Resolved"), _("of which late")]
        return xlsx_response(name, title, headers, rows)
    raise Http404(_("No such table."))


@login_required
def dossier_list(request: HttpRequest) -> HttpResponse:
    """The dossiers behind one number of the dashboard."""
    scope = access_scope(request.user, request.GET.get("scope", ""))
    _form, start, end, valid = window_from_query(request.GET)
    name = request.GET.get("count", "")
    if not valid or name not in KNOWN_NAMES or name not in COUNT_LABELS:
        raise Http404(_("No such list."))
    field, procedures = _field(request)
    rows = (
        dossiers_behind(agency_ids=scope.agency_ids, start=start, end=end, procedure_id=procedures)[
            name
        ]
        .select_related("procedure_version", "competent_agency", "current_agency")
        .order_by("due_at", "pk")
    )
    if request.GET.get("xlsx"):
        data = [
            (
                d.code,
                d.procedure_version.name,
                d.competent_agency.name,
                d.get_channel_display(),
                timezone.localtime(d.received_at).strftime("%d/%m/%Y %H:%M"),
                timezone.localtime(d.due_at).strftime("%d/%m/%Y %H:%M") if d.due_at else "",
                d.get_status_display(),
            )
            for d in rows.iterator()
        ]
        headers = [
            _("Dossier code"),
            _("Procedure"),
            _("Competent agency"),
            _("Channel"),
            _("Received"),
            _("Due"),
            _("Status"),
        ]
        return xlsx_response(
            f"ho-so-{name}-{start:%Y%m%d}-{end:%Y%m%d}",
            f"{COUNT_LABELS[name]} — {scope.label}",
            headers,
            data,
        )
    page = Paginator(rows, 50).get_page(request.GET.get("page"))
    context = {
        "scope": scope,
        "start": start,
        "end": end,
        "label": COUNT_LABELS[name],
        "page": page,
        "items": [{"dossier": d, "url": _dossier_url(d.pk)} for d in page],
        "query": _query(scope.key, start, end, count=name, field=field.code if field else ""),
        "back": reverse("reporting:dashboard")
        + "?"
        + _query(scope.key, start, end, field=field.code if field else ""),
    }
    return render(request, "reporting/dossier_list.html", context)
