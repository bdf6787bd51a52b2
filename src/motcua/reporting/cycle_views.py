"""Pages of the CCHC report cycle: thin views over ``cycles`` services.

Sở Nội vụ staff open periods, review, consolidate, circulate and issue; agency staff write
their narrative sections and submit; consulted agencies comment. Every write is a POST
naming its action; a refused one comes back as a Vietnamese message.
"""

from __future__ import annotations

import datetime as dt
import shutil

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from motcua.agencies.models import Agency

from . import cycles
from .constants import CommentStatus, ReportStatus, SectionKind, SigningPrefix
from .documents import appendix_rows, comment_letter_docx, docx_to_pdf, report_docx
from .models import Report, ReportComment, ReportCycle, ReportRegime
from .xlsx import XLSX_TYPE, workbook_bytes

DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _mine(user) -> list[int]:
    return cycles._agencies_of(user)


@login_required
@require_http_methods(["GET", "POST"])
def cycle_list(request: HttpRequest) -> HttpResponse:
    agencies = _mine(request.user)
    if not agencies:
        raise Http404(_("No such report."))
    regimes = ReportRegime.objects.filter(recipient_id__in=agencies)
    if request.method == "POST":
        regime = get_object_or_404(regimes, pk=request.POST.get("regime"))
        try:
            year = int(request.POST.get("year", ""))
            cycle = cycles.cycle_open(
                regime=regime, period=request.POST.get("period", ""), year=year, user=request.user
            )
        except ValueError:
            messages.error(request, _("Enter the year as a number."))
        except cycles.CycleError as error:
            messages.error(request, " ".join(error.messages))
        else:
            return redirect("reporting:cycle", cycle_id=cycle.pk)
    visible = (
        ReportCycle.objects.filter(
            Q(regime__recipient_id__in=agencies) | Q(reports__agency_id__in=agencies)
        )
        .distinct()
        .select_related("regime")
        .order_by("-year", "-end")
    )
    return render(
        request,
        "reporting/cycle_list.html",
        {"cycles": visible, "regimes": regimes, "year": timezone.localdate().year},
    )


@login_required
@require_http_methods(["GET", "POST"])
def cycle_detail(request: HttpRequest, cycle_id: int) -> HttpResponse:
    cycle = get_object_or_404(ReportCycle.objects.select_related("regime"), pk=cycle_id)
    agencies = _mine(request.user)
    manager = cycle.regime.recipient_id in agencies
    own = cycle.reports.filter(agency_id__in=agencies, is_province=False)
    if not manager and not own.exists():
        raise Http404(_("No such report."))
    if request.method == "POST" and manager:
        try:
            if request.POST.get("action") == "consolidate":
                report = cycles.cycle_consolidate(cycle=cycle, user=request.user)
                return redirect("reporting:report", report_id=report.pk)
            report = get_object_or_404(cycle.reports, pk=request.POST.get("report"))
            cycles.report_review(
                report=report,
                user=request.user,
                accept=request.POST.get("action") == "accept",
                note=request.POST.get("note", ""),
            )
        except cycles.CycleError as error:
            messages.error(request, " ".join(error.messages))
        return redirect("reporting:cycle", cycle_id=cycle.pk)
    reports = (
        (cycle.reports.all() if manager else own)
        .select_related("agency")
        .order_by("is_province", "agency__name")
    )
    return render(
        request,
        "reporting/cycle_detail.html",
        {
            "cycle": cycle,
            "manager": manager,
            "reports": reports,
            "progress": cycles.cycle_progress(cycle) if manager else None,
        },
    )


def _sections(report: Report, editable: bool) -> list[dict]:
    counts = report.snapshot.get("counts") or {}
    out = []
    for section in report.cycle.regime.outline:
        kind = section.get("kind", SectionKind.NARRATIVE)
        out.append(
            {
                **section,
                "top": "." not in section["id"],
                "writable": editable and kind != SectionKind.HEADING,
                "figures": cycles.sentences_fill(section.get("text", ""), counts)
                if kind == SectionKind.FIGURES and counts
                else "",
                "value": report.narratives.get(section["id"], ""),
                "label": cycles.section_label(section["id"]),
            }
        )
    return out


@login_required
@require_http_methods(["GET", "POST"])
def report_detail(request: HttpRequest, report_id: int) -> HttpResponse:
    report = get_object_or_404(
        Report.objects.select_related("cycle__regime", "agency"), pk=report_id
    )
    cycles.access_report_read(request.user, report)
    agencies = _mine(request.user)
    manager = report.cycle.regime.recipient_id in agencies
    author = report.agency_id in agencies and not report.is_province
    if report.is_province:
        editable = manager and report.status != ReportStatus.FINAL
    else:
        editable = author and report.status in cycles.EDITABLE
    commenters = list(report.circulated_to.filter(pk__in=agencies)) if report.is_province else []
    if request.method == "POST":
        _act(request, report, editable=editable, commenters=commenters)
        return redirect("reporting:report", report_id=report.pk)
    comments = report.comments.select_related("agency")
    if not manager:
        comments = comments.filter(agency__in=commenters)
    context = {
        "report": report,
        "manager": manager,
        "author": author,
        "editable": editable,
        "sections": _sections(report, editable),
        "indicators": appendix_rows(report),
        "problems": cycles.figures_check(report.snapshot) if editable else [],
        "comments": comments,
        "commenters": commenters,
        "circulate_to": report.cycle.regime.reporting_agencies.order_by("name")
        if manager and report.is_province
        else [],
        "prefixes": SigningPrefix.choices,
        "today": timezone.localdate(),
        "can_comment": report.status == ReportStatus.COMMENTING,
    }
    return render(request, "reporting/report_detail.html", context)


def _act(request, report: Report, *, editable: bool, commenters: list[Agency]) -> None:
    action, data, user = request.POST.get("action"), request.POST, request.user
    try:
        if action == "save" and editable:
            ids = cycles.outline_ids(report.cycle.regime, writable=True)
            cycles.report_write(
                report=report,
                user=user,
                narratives={i: data.get(f"section-{i}", "") for i in ids if f"section-{i}" in data},
            )
            messages.success(request, _("Saved."))
        elif action == "refresh":
            cycles.report_refresh(report=report, user=user)
        elif action == "submit":
            cycles.report_submit(report=report, user=user)
            messages.success(request, _("Report sent."))
        elif action == "circulate":
            chosen = Agency.objects.filter(pk__in=data.getlist("agencies"))
            cycles.report_circulate(report=report, user=user, agencies=chosen)
        elif action == "comment" and commenters:
            agency = next((a for a in commenters if str(a.pk) == data.get("agency")), commenters[0])
            cycles.comment_add(
                report=report,
                user=user,
                agency=agency,
                section_id=data.get("section", ""),
                text=data.get("text", ""),
            )
        elif action in ("accept_comment", "explain_comment"):
            comment = get_object_or_404(report.comments, pk=data.get("comment"))
            cycles.comment_resolve(
                comment=comment,
                user=user,
                status=CommentStatus.ACCEPTED
                if action == "accept_comment"
                else CommentStatus.EXPLAINED,
                response=data.get("response", ""),
            )
        elif action == "finalise":
            try:
                number = int(data.get("number", ""))
                issued_on = dt.date.fromisoformat(data.get("issued_on", ""))
            except ValueError:
                raise cycles.CycleError(
                    _("The number, the signer's title and name are required.")
                ) from None
            cycles.report_finalise(
                report=report,
                user=user,
                number=number,
                issued_on=issued_on,
                signer_prefix=data.get("signer_prefix", ""),
                signer_authority=data.get("signer_authority", ""),
                signer_title=data.get("signer_title", ""),
                signer_name=data.get("signer_name", ""),
                recipients=data.get("recipients", ""),
            )
        else:
            raise Http404(_("No such report."))
    except cycles.CycleError as error:
        messages.error(request, " ".join(error.messages))


@login_required
def report_download(request: HttpRequest, report_id: int, kind: str) -> HttpResponse:
    report = get_object_or_404(
        Report.objects.select_related("cycle__regime", "agency"), pk=report_id
    )
    cycles.access_report_read(request.user, report)
    name = f"bao-cao-{report.cycle.period}-{report.cycle.year}-{report.agency.code}"
    # an issued report is served as archived, never rendered again
    archived = {
        "docx": (report.archived_docx, DOCX_TYPE, f"{name}.docx"),
        "xlsx": (report.archived_xlsx, XLSX_TYPE, f"{name}-phu-luc.xlsx"),
        "pdf": (report.archived_pdf, "application/pdf", f"{name}.pdf"),
    }.get(kind)
    if report.status == ReportStatus.FINAL and archived and archived[0]:
        return _file(bytes(archived[0]), archived[1], archived[2])
    if kind == "docx":
        return _file(report_docx(report), DOCX_TYPE, f"{name}.docx")
    if kind == "xlsx":
        headers = ["STT", "Chỉ tiêu", "Đơn vị tính", "Kết quả", "Ghi chú"]
        data = workbook_bytes("Phụ lục", headers, appendix_rows(report))
        return _file(data, XLSX_TYPE, f"{name}-phu-luc.xlsx")
    if kind == "pdf":
        office = shutil.which("soffice") or shutil.which("libreoffice")
        if office is None:
            raise Http404(_("PDF conversion is not available on this server."))
        return _file(
            docx_to_pdf(report_docx(report), office=office), "application/pdf", f"{name}.pdf"
        )
    if kind == "gop-y":
        agencies = _mine(request.user)
        agency = report.circulated_to.filter(pk__in=agencies).first()
        if agency is None:
            raise Http404(_("No such report."))
        comments = list(ReportComment.objects.filter(report=report, agency=agency))
        return _file(comment_letter_docx(report, agency, comments), DOCX_TYPE, f"gop-y-{name}.docx")
    raise Http404(_("No such report."))


def _file(data: bytes, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(data, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
