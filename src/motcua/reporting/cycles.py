"""CCHC report cycles: open, draft, submit, review, consolidate, comment, finalise.

Numbers in a report are never typed: each agency's draft carries a snapshot of its figures
computed from the rollups for the cycle's window; authors write only the narrative
sections. A snapshot can be refreshed while the report is a draft or returned and is
frozen once submitted, so later changes to dossiers do not alter a submitted report.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Iterable
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from motcua.accounts.constants import Role
from motcua.accounts.selectors import active_roles
from motcua.agencies.models import Agency

from .constants import CommentStatus, CycleStatus, ReportStatus, SectionKind
from .formatting import vn_number, vn_percent
from .formula import formula_evaluate
from .models import Indicator, Report, ReportComment, ReportCycle, ReportRegime
from .selectors import (
    KNOWN_NAMES,
    counts_from_rollups,
    indicator_values,
    indicators_in_force,
)
from .windows import WindowRuleError, rule_day

AUTHOR_ROLES = frozenset(
    {Role.PROCESSING_OFFICER, Role.DEPARTMENT_HEAD, Role.AGENCY_LEADER, Role.MONITORING_OFFICER}
)
EDITABLE = (ReportStatus.DRAFT, ReportStatus.RETURNED)


class CycleError(ValidationError):
    pass


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text or "").strip()


# --- who may act ------------------------------------------------------------------------


def _works_at(user, agency_id: int) -> bool:
    return active_roles(user).filter(agency_id=agency_id, role__in=AUTHOR_ROLES).exists()


def access_regime_manage(user, regime: ReportRegime) -> ReportRegime:
    """Staff of the receiving agency (Sở Nội vụ) run the regime's cycles."""
    if not _works_at(user, regime.recipient_id):
        raise Http404(_("No such reporting regime."))
    return regime


def access_report_author(user, report: Report) -> Report:
    if not _works_at(user, report.agency_id):
        raise Http404(_("No such report."))
    return report


def access_report_read(user, report: Report) -> Report:
    if _works_at(user, report.agency_id) or _works_at(user, report.cycle.regime.recipient_id):
        return report
    if report.is_province and report.circulated_to.filter(pk__in=_agencies_of(user)).exists():
        return report
    raise Http404(_("No such report."))


def _agencies_of(user) -> list[int]:
    return list(
        active_roles(user).filter(role__in=AUTHOR_ROLES).values_list("agency_id", flat=True)
    )


# --- figures ----------------------------------------------------------------------------


def snapshot_take(*, agency_ids: frozenset[int], cycle: ReportCycle) -> dict:
    counts = counts_from_rollups(agency_ids=agency_ids, start=cycle.start, end=cycle.end)
    return snapshot_from_counts(counts, cycle=cycle)


def snapshot_from_counts(counts: dict[str, int], *, cycle: ReportCycle) -> dict:
    codes = cycle.regime.appendix
    in_force = {i.code: i for i in indicators_in_force(cycle.end)}
    chosen = [in_force[c] for c in codes if c in in_force]
    return {
        "taken_at": timezone.now().isoformat(),
        "start": cycle.start.isoformat(),
        "end": cycle.end.isoformat(),
        "counts": counts,
        "indicators": [
            {
                "code": v.indicator.code,
                "version": v.indicator.version,
                "name": v.indicator.name,
                "unit": v.indicator.unit,
                "value": None if v.value is None else str(v.value),
                "missing": v.missing_sources,
            }
            for v in indicator_values(chosen, counts)
        ],
    }


def figures_check(snapshot: dict) -> list[str]:
    """The consistency rules a report must pass before it leaves its author."""
    c = snapshot.get("counts") or {}
    problems = []
    try:
        if c["received_total"] != (
            c["received_online"] + c["received_counter"] + c["received_post"] + c["carried_over"]
        ):
            problems.append(
                _("Dossiers to resolve differ from online + counter + post + carried over.")
            )
        if c["resolved"] != c["resolved_early"] + c["resolved_on_time"] + c["resolved_late"]:
            problems.append(_("Resolved dossiers differ from early + on time + late."))
        if c["in_progress"] != c["in_progress_within"] + c["in_progress_overdue"]:
            problems.append(_("Dossiers in progress differ from within + past the time limit."))
    except KeyError:
        return [_("The report has no figures; refresh them.")]
    versions = {
        (i.code, i.version): i
        for i in Indicator.objects.filter(code__in=[r["code"] for r in snapshot["indicators"]])
    }
    for row in snapshot["indicators"]:
        indicator = versions.get((row["code"], row["version"]))
        if indicator is None or row["missing"]:
            continue
        expected = formula_evaluate(indicator.formula, c)
        if (None if expected is None else str(expected)) != row["value"]:
            problems.append(_("%(name)s is not computed from the counts.") % {"name": row["name"]})
    return problems


def sentence_values(counts: dict[str, int]) -> dict[str, str]:
    def share(a: int, b: int) -> str:
        return vn_percent(None if not b else Decimal(a) / b)

    values = {name: vn_number(value) for name, value in counts.items()}
    values.update(
        {
            "received_counter_post": vn_number(
                counts["received_counter"] + counts["received_post"]
            ),
            "online_share": share(counts["received_online"], counts["received_new"]),
            "on_time_share": share(
                counts["resolved_early"] + counts["resolved_on_time"], counts["resolved"]
            ),
            "digitised_share": share(counts["digitised"], counts["received_new"]),
            "e_result_share": share(counts["e_result"], counts["resolved"]),
        }
    )
    return values


def sentences_fill(template: str, counts: dict[str, int]) -> str:
    """``{name}`` replaced by its formatted figure; nothing else is interpreted."""
    values = sentence_values(counts)
    return re.sub(r"\{(\w+)\}", lambda m: values.get(m.group(1), m.group(0)), template)


# --- cycle ------------------------------------------------------------------------------


@transaction.atomic
def cycle_open(*, regime: ReportRegime, period: str, year: int, user) -> ReportCycle:
    """Open a period: every reporting agency gets a draft with its figures."""
    access_regime_manage(user, regime)
    rule = regime.windows.get(period)
    if rule is None:
        raise CycleError(_("This regime has no period %(period)s.") % {"period": period})
    if ReportCycle.objects.filter(regime=regime, period=period, year=year).exists():
        raise CycleError(_("This period is already open."))
    try:
        start, end = rule_day(year, rule["start"]), rule_day(year, rule["end"])
        deadline = rule_day(year, rule["deadline"])
        internal = rule_day(year, rule.get("internal", rule["deadline"]))
    except (KeyError, WindowRuleError) as error:
        raise CycleError(_("The window rule of this period is incomplete.")) from error
    cycle = ReportCycle.objects.create(
        regime=regime,
        period=period,
        year=year,
        start=start,
        end=end,
        deadline=deadline,
        internal_deadline=internal,
        status=CycleStatus.OPEN,
        opened_by=user,
        opened_at=timezone.now(),
    )
    for agency in regime.reporting_agencies.all():
        Report.objects.create(
            cycle=cycle,
            agency=agency,
            status=ReportStatus.DRAFT,
            snapshot=snapshot_take(agency_ids=frozenset({agency.pk}), cycle=cycle),
        )
    return cycle


def outline_ids(regime: ReportRegime, *, writable: bool = False) -> list[str]:
    return [
        s["id"]
        for s in regime.outline
        if not writable or s.get("kind", SectionKind.NARRATIVE) != SectionKind.HEADING
    ]


@transaction.atomic
def report_write(*, report: Report, user, narratives: dict[str, str]) -> Report:
    """Save narrative sections (only those; figures are not the author's to type)."""
    report = Report.objects.select_for_update().get(pk=report.pk)
    if report.is_province:
        access_regime_manage(user, report.cycle.regime)
        if report.status == ReportStatus.FINAL:
            raise CycleError(_("A final report cannot change."))
    else:
        access_report_author(user, report)
        if report.status not in EDITABLE:
            raise CycleError(_("Only a draft or a returned report can be edited."))
    allowed = set(outline_ids(report.cycle.regime, writable=True))
    unknown = set(narratives) - allowed
    if unknown:
        raise CycleError(_("No such section: %(ids)s.") % {"ids": ", ".join(sorted(unknown))})
    report.narratives = {**report.narratives, **{k: nfc(v) for k, v in narratives.items()}}
    report.save(update_fields=["narratives", "updated_at"])
    return report


@transaction.atomic
def report_refresh(*, report: Report, user) -> Report:
    report = Report.objects.select_for_update().get(pk=report.pk)
    access_report_author(user, report)
    if report.status not in EDITABLE or report.is_province:
        raise CycleError(_("Figures of a submitted report are frozen."))
    report.snapshot = snapshot_take(agency_ids=frozenset({report.agency_id}), cycle=report.cycle)
    report.save(update_fields=["snapshot", "updated_at"])
    return report


@transaction.atomic
def report_submit(*, report: Report, user) -> Report:
    report = Report.objects.select_for_update().get(pk=report.pk)
    access_report_author(user, report)
    if report.status not in EDITABLE or report.is_province:
        raise CycleError(_("Only a draft or a returned report can be submitted."))
    problems = figures_check(report.snapshot)
    if problems:
        raise CycleError(problems)
    report.status = ReportStatus.SUBMITTED
    report.submitted_at = timezone.now()
    report.save(update_fields=["status", "submitted_at", "updated_at"])
    return report


@transaction.atomic
def report_review(*, report: Report, user, accept: bool, note: str = "") -> Report:
    report = Report.objects.select_for_update().get(pk=report.pk)
    access_regime_manage(user, report.cycle.regime)
    if report.status != ReportStatus.SUBMITTED:
        raise CycleError(_("Only a submitted report can be reviewed."))
    note = nfc(note)
    if not accept and not note:
        raise CycleError(_("Say what to change when returning a report."))
    report.status = ReportStatus.ACCEPTED if accept else ReportStatus.RETURNED
    report.review_note = note
    report.save(update_fields=["status", "review_note", "updated_at"])
    return report


def cycle_progress(cycle: ReportCycle, *, today: dt.date | None = None) -> dict[str, list]:
    """Agencies whose report is accepted, waiting, missing, and late against the deadline."""
    today = today or timezone.localdate()
    out: dict[str, list] = {"accepted": [], "waiting": [], "missing": [], "late": []}
    for report in cycle.reports.filter(is_province=False).select_related("agency"):
        if report.status == ReportStatus.ACCEPTED:
            out["accepted"].append(report.agency)
        elif report.status == ReportStatus.SUBMITTED:
            out["waiting"].append(report.agency)
        else:
            out["missing"].append(report.agency)
        sent = timezone.localdate(report.submitted_at) if report.submitted_at else None
        if (sent or today) > cycle.internal_deadline and (sent or report.status in EDITABLE):
            out["late"].append(report.agency)
    return out


def province_agency(regime: ReportRegime) -> Agency:
    return regime.recipient


@transaction.atomic
def cycle_consolidate(*, cycle: ReportCycle, user) -> Report:
    """The province draft: figures summed over accepted reports, sections merged by id."""
    cycle = ReportCycle.objects.select_for_update().get(pk=cycle.pk)
    access_regime_manage(user, cycle.regime)
    if cycle.status not in (CycleStatus.OPEN, CycleStatus.CONSOLIDATING):
        raise CycleError(_("The province report is already out for comments or final."))
    accepted = list(
        cycle.reports.filter(is_province=False, status=ReportStatus.ACCEPTED)
        .select_related("agency")
        .order_by("agency__name")
    )
    if not accepted:
        raise CycleError(_("No agency report has been accepted yet."))
    counts = dict.fromkeys(KNOWN_NAMES, 0)
    for report in accepted:
        for name, value in report.snapshot["counts"].items():
            counts[name] = counts.get(name, 0) + value
    narratives = {}
    for section in outline_ids(cycle.regime, writable=True):
        parts = [
            f"{r.agency.name}: {r.narratives[section]}"
            for r in accepted
            if r.narratives.get(section)
        ]
        if parts:
            narratives[section] = "\n\n".join(parts)
    report, _created = Report.objects.update_or_create(
        cycle=cycle,
        agency=cycle.regime.recipient,
        is_province=True,
        defaults={
            "status": ReportStatus.DRAFT,
            "snapshot": {
                **snapshot_from_counts(counts, cycle=cycle),
                "agencies": [r.agency.code for r in accepted],
            },
            "narratives": narratives,
        },
    )
    cycle.status = CycleStatus.CONSOLIDATING
    cycle.save(update_fields=["status"])
    return report


@transaction.atomic
def report_circulate(*, report: Report, user, agencies: Iterable[Agency]) -> Report:
    report = Report.objects.select_for_update().get(pk=report.pk)
    access_regime_manage(user, report.cycle.regime)
    agencies = list(agencies)
    if not report.is_province or report.status not in (ReportStatus.DRAFT, ReportStatus.COMMENTING):
        raise CycleError(_("Only the province draft goes out for comments."))
    if not agencies:
        raise CycleError(_("Choose the agencies to consult."))
    report.circulated_to.add(*agencies)
    report.status = ReportStatus.COMMENTING
    report.save(update_fields=["status", "updated_at"])
    ReportCycle.objects.filter(pk=report.cycle_id).update(status=CycleStatus.COMMENTING)
    return report


@transaction.atomic
def comment_add(
    *, report: Report, user, agency: Agency, section_id: str, text: str
) -> ReportComment:
    report = Report.objects.select_for_update().get(pk=report.pk)
    if not _works_at(user, agency.pk) or not report.circulated_to.filter(pk=agency.pk).exists():
        raise Http404(_("No such report."))
    if report.status != ReportStatus.COMMENTING:
        raise CycleError(_("The comment round is closed."))
    if section_id not in outline_ids(report.cycle.regime):
        raise CycleError(_("No such section: %(ids)s.") % {"ids": section_id})
    text = nfc(text)
    if not text:
        raise CycleError(_("Write the comment."))
    return ReportComment.objects.create(
        report=report, agency=agency, section_id=section_id, text=text, created_by=user
    )


@transaction.atomic
def comment_resolve(
    *, comment: ReportComment, user, status: str, response: str = ""
) -> ReportComment:
    comment = ReportComment.objects.select_for_update().get(pk=comment.pk)
    access_regime_manage(user, comment.report.cycle.regime)
    if status not in (CommentStatus.ACCEPTED, CommentStatus.EXPLAINED):
        raise CycleError(_("A comment is either taken into account or explained."))
    response = nfc(response)
    if status == CommentStatus.EXPLAINED and not response:
        raise CycleError(_("Explain why the comment is not taken into account."))
    comment.status, comment.response = status, response
    comment.save(update_fields=["status", "response"])
    return comment


@transaction.atomic
def report_finalise(
    *,
    report: Report,
    user,
    number: int,
    issued_on: dt.date,
    signer_prefix: str,
    signer_authority: str,
    signer_title: str,
    signer_name: str,
    recipients: str,
) -> Report:
    report = Report.objects.select_for_update().get(pk=report.pk)
    access_regime_manage(user, report.cycle.regime)
    if not report.is_province or report.status == ReportStatus.FINAL:
        raise CycleError(_("Only the province draft can be issued, once."))
    if report.comments.filter(status=CommentStatus.PENDING).exists():
        raise CycleError(_("Answer every comment before issuing the report."))
    if number < 1 or not nfc(signer_name) or not nfc(signer_title):
        raise CycleError(_("The number, the signer's title and name are required."))
    report.number, report.issued_on = number, issued_on
    report.signer_prefix = signer_prefix
    report.signer_authority = nfc(signer_authority)
    report.signer_title, report.signer_name = nfc(signer_title), nfc(signer_name)
    report.recipients = nfc(recipients)
    report.status = ReportStatus.FINAL
    report_archive(report)
    report.save()
    ReportCycle.objects.filter(pk=report.cycle_id).update(status=CycleStatus.FINAL)
    return report


def report_archive(report: Report) -> None:
    """Keep the issued DOCX, appendix XLSX and (when LibreOffice is there) PDF."""
    import shutil

    from .documents import appendix_rows, docx_to_pdf, report_docx
    from .xlsx import workbook_bytes

    report.archived_docx = report_docx(report)
    report.archived_xlsx = workbook_bytes(
        "Phụ lục", ["STT", "Chỉ tiêu", "Đơn vị tính", "Kết quả", "Ghi chú"], appendix_rows(report)
    )
    office = shutil.which("soffice") or shutil.which("libreoffice")
    report.archived_pdf = docx_to_pdf(report.archived_docx, office=office) if office else None
    report.archived_at = timezone.now()


def section_label(section_id: str) -> str:
    """How a letter cites a section: "Mục 6 của Phần II" for II.6, "Phần III" for III."""
    part, _sep, item = section_id.partition(".")
    return f"Mục {item} của Phần {part}" if item else f"Phần {part}"
