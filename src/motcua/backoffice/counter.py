"""The counter desk (tiếp nhận và trả kết quả): pick the procedure and case, identify the
applicant, tick what was handed in and scan it, see the due date, then accept (receipt,
Mẫu 01), ask for completion (Mẫu 02) or refuse (Mẫu 03); the queue of online submissions;
the return of results.

Only counter officers use it: the receiving centre is the agency of their counter role.
"""

from __future__ import annotations

import re
from urllib.parse import unquote

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from motcua.accounts.constants import Role
from motcua.agencies.models import Agency
from motcua.catalog.constants import FormFieldType
from motcua.catalog.models import ProcedureCase
from motcua.catalog.search import procedure_search
from motcua.documents.constants import SCAN_TYPES
from motcua.documents.services import component_digitise, upload_check
from motcua.dossiers import deadlines, queues
from motcua.dossiers.access import can_act, dossiers_visible_to
from motcua.dossiers.constants import Channel
from motcua.dossiers.error_codes import DossierError, DossierErrorCode
from motcua.dossiers.inputs import Applicant, Application, ComponentInput
from motcua.dossiers.services import (
    dossier_accept,
    dossier_refuse,
    dossier_request_completion,
    dossier_submit,
)
from motcua.dossiers.services.steps import calendar_for
from motcua.dossiers.workflow import ACTION_LABELS, Action

from . import forms as f
from .access import roles_held
from .services import AlreadyDone, once
from .views import error_messages, staff_view

PICKER_LIMIT = 12
ACCEPT, COMPLETE, REFUSE = "accept", "complete", "refuse"


def _counters(user) -> list[Agency]:
    """The centres where the user works at the counter; none means no counter desk (404)."""
    agencies = {r.agency_id: r.agency for r in roles_held(user, Role.COUNTER_OFFICER)}
    if not agencies:
        raise Http404(_("No such page."))
    return sorted(agencies.values(), key=lambda a: a.name)


@staff_view
@require_safe
def counter_desk(request: HttpRequest) -> HttpResponse:
    counters = _counters(request.user)
    q = request.GET.get("q", "")[:200]
    found = procedure_search(q, limit=PICKER_LIMIT).items if q.strip() else []
    return render(
        request,
        "backoffice/counter_desk.html",
        {
            "q": q,
            "found": found,
            "counters": counters,
            "waiting": list(queues.intake_waiting(request.user)[:50]),
            "today": timezone.localdate(),
            "month_start": timezone.localdate().replace(day=1),
        },
    )


@staff_view
@require_safe
def procedure_picker(request: HttpRequest) -> HttpResponse:
    """Search as you type: the list of matching procedures and their cases (a fragment)."""
    _counters(request.user)
    q = request.GET.get("q", "")[:200]
    found = procedure_search(q, limit=PICKER_LIMIT).items if q.strip() else []
    return render(request, "backoffice/includes/procedure_results.html", {"found": found, "q": q})


def _previous_applicant(user, id_number: str) -> dict[str, str] | None:
    """The latest dossier of this applicant that the officer may see: fills the form."""
    id_number = (id_number or "").strip()
    if not id_number.isdigit():
        return None
    last = (
        dossiers_visible_to(user)
        .filter(applicant_id_number=id_number)
        .order_by("-created_at", "-pk")
        .values(
            "applicant_kind",
            "applicant_name",
            "applicant_id_number",
            "applicant_phone",
            "applicant_email",
            "applicant_address",
        )
        .first()
    )
    if last is None:
        return None
    return {
        "applicant_kind": last["applicant_kind"],
        "name": last["applicant_name"],
        "id_number": last["applicant_id_number"],
        "phone": last["applicant_phone"],
        "email": last["applicant_email"],
        "address": last["applicant_address"],
    }


@staff_view
@require_safe
def applicant_lookup(request: HttpRequest) -> JsonResponse:
    _counters(request.user)
    found = _previous_applicant(request.user, request.GET.get("id", ""))
    return JsonResponse({"found": found is not None, "applicant": found or {}})


def _case(case_id: int) -> ProcedureCase:
    case = (
        ProcedureCase.objects.select_related("version__procedure")
        .filter(pk=case_id, version__status__in=["published"])
        .first()
    )
    if case is None:
        raise Http404(_("No such procedure case."))
    return case


def _due_preview(case: ProcedureCase, centre: Agency):
    """The due moment the receipt would show if accepted now (nothing is written)."""
    time = deadlines.processing_time(case, channel=Channel.COUNTER)
    try:
        return deadlines.dossier_due_at(calendar_for(centre), timezone.now(), time)
    except Exception:
        return None


def _component_rows(case: ProcedureCase, data=None) -> list[dict]:
    rows = []
    for component in case.components.order_by("position", "pk"):
        key = str(component.pk)
        copies = (data or {}).get(f"copies_{key}", "") or str(component.quantity or 1)
        rows.append(
            {
                "component": component,
                "checked": bool(data and data.get(f"component_{key}")),
                "copies": copies,
                "pages": (data or {}).get(f"pages_{key}", ""),
            }
        )
    return rows


def _chosen(case: ProcedureCase, data, files) -> tuple[list[ComponentInput], dict, list[str]]:
    """What was ticked, the scans per component, and problems with the numbers typed."""
    chosen, scans, problems = [], {}, []
    for component in case.components.order_by("position", "pk"):
        key = str(component.pk)
        if not data.get(f"component_{key}"):
            continue
        copies_raw = data.get(f"copies_{key}", "1").strip() or "1"
        if not copies_raw.isdigit() or int(copies_raw) < 1:
            problems.append(
                _("“%(name)s”: the number of copies must be a whole number of at least 1.")
                % {"name": component.name}
            )
            continue
        chosen.append(ComponentInput(component.pk, copies=int(copies_raw)))
        uploaded = files.getlist(f"scan_{key}")
        if uploaded:
            pages_raw = data.get(f"pages_{key}", "").strip()
            if not pages_raw.isdigit() or int(pages_raw) < 1:
                problems.append(
                    _("“%(name)s”: enter the number of pages of the paper original.")
                    % {"name": component.name}
                )
                continue
            scans[component.pk] = (uploaded, int(pages_raw))
    return chosen, scans, problems


def _scans_precheck(case: ProcedureCase, scans: dict) -> list[str]:
    """Check every scan before anything is written (read only).

    ``component_digitise`` checks them again and stays the authority; checking first means
    an intake refused for a bad scan stores no bytes at all, not even of its good scans.
    """
    names = {c.pk: c.name for c in case.components.all()}
    problems = []
    for component_id, (uploaded, pages) in scans.items():
        scanned = 0
        for upload in uploaded:
            try:
                scanned += upload_check(upload=upload, allowed_types=SCAN_TYPES).inspection.pages
            except ValidationError as error:
                problems += [f"{upload.name}: {message}" for message in error.messages]
        if not problems and scanned != pages:
            problems.append(
                _(
                    "“%(name)s”: the scans have %(scanned)s pages but the paper original "
                    "has %(paper)s; scan every page."
                )
                % {"name": names.get(component_id, ""), "scanned": scanned, "paper": pages}
            )
    return problems


def _eform(case: ProcedureCase, data=None) -> list[dict]:
    """The case's e-form questions (catalogue ``form_schema``) with what was typed."""
    rows = []
    for definition in (case.form_schema or {}).get("fields", []):
        if not isinstance(definition, dict) or "name" not in definition:
            continue
        if definition.get("type") == FormFieldType.FILE:
            continue  # files are the components' upload slots
        name = str(definition["name"])
        rows.append(
            {
                "name": name,
                "input": f"form_{name}",
                "label": definition.get("label") or name,
                "type": definition.get("type") or FormFieldType.TEXT,
                "required": bool(definition.get("required")),
                "choices": definition.get("choices") or [],
                "value": (data or {}).get(f"form_{name}", ""),
            }
        )
    return rows


def _eform_answers(rows: list[dict]) -> dict:
    """Typed answers as the engine expects them; the engine checks them and says what is wrong."""
    answers = {}
    for row in rows:
        value = (row["value"] or "").strip()
        if not value:
            continue
        if row["type"] == FormFieldType.NUMBER:
            try:
                number = float(value.replace(",", "."))
                answers[row["name"]] = int(number) if number.is_integer() else number
            except ValueError:
                answers[row["name"]] = value
        else:
            answers[row["name"]] = value
    return answers


def _accept_with_scans(*, user, application: Application, token: str, fee_paid: bool, scans):
    dossier = dossier_accept(
        user=user, application=application, fee_paid=fee_paid, idempotency_key=token
    )
    if scans and not can_act(user, dossier, Action.DIGITISE):
        raise DossierError(DossierErrorCode.FORBIDDEN, action=ACTION_LABELS[Action.DIGITISE])
    for component_id, (uploaded, pages) in scans.items():
        component_digitise(
            dossier_component=dossier.components.get(component_id=component_id),
            scans=uploaded,
            paper_pages=pages,
            digitised_by=user,
        )
    return dossier


@staff_view
@require_http_methods(["GET", "HEAD", "POST"])
def intake(request: HttpRequest, case_id: int) -> HttpResponse:
    user = request.user
    counters = _counters(user)
    case = _case(case_id)
    competent = case.version.competent_agencies.order_by("name")
    # An officer serving several centres picks one (``?noi-nhan=<id>`` or the form field).
    chosen_centre = request.POST.get("receiving") or request.GET.get("noi-nhan", "")
    centre = next((c for c in counters if str(c.pk) == chosen_centre), counters[0])
    lookup = request.GET.get("so-dinh-danh", "")
    initial = _previous_applicant(user, lookup) or ({"id_number": lookup} if lookup else {})
    errors: list[str] = []
    if request.method != "POST":
        form = f.IntakeForm(initial=initial, competent=competent)
        return _intake_page(
            request, case, form, centre, _component_rows(case, None), _eform(case), errors
        )

    form = f.IntakeForm(request.POST, competent=competent)
    outcome = request.POST.get("outcome", ACCEPT)
    chosen, scans, problems = _chosen(case, request.POST, request.FILES)
    errors.extend(problems or _scans_precheck(case, scans))
    rows = _component_rows(case, request.POST)
    eform = _eform(case, request.POST)
    if not form.is_valid() or errors:
        return _intake_page(request, case, form, centre, rows, eform, errors, status=400)
    data = form.cleaned_data
    if outcome in (COMPLETE, REFUSE) and not data["reasons"].strip():
        form.add_error("reasons", _("Give the reasons."))
    if outcome == COMPLETE and not form.items_list():
        form.add_error("items", _("List at least one item."))
    if form.errors:
        return _intake_page(request, case, form, centre, rows, eform, errors, status=400)
    application = Application(
        case=case,
        channel=Channel.COUNTER,
        receiving_agency=centre,
        competent_agency=data["competent_agency"],
        applicant=Applicant(
            kind=data["applicant_kind"],
            name=data["name"].strip(),
            id_number=data["id_number"].strip(),
            phone=data["phone"].strip(),
            email=data["email"].strip(),
            address=data["address"].strip(),
        ),
        components=chosen,
        form_data=_eform_answers(eform),
        summary=data["summary"],
    )
    token = data["form_token"]

    def run():
        if outcome == ACCEPT:
            return _accept_with_scans(
                user=user,
                application=application,
                token=token,
                fee_paid=data["fee_paid"],
                scans=scans,
            )
        dossier = dossier_submit(application=application, user=user, idempotency_key=token)
        if outcome == COMPLETE:
            return dossier_request_completion(
                dossier=dossier, user=user, items=form.items_list(), reason=data["reasons"]
            )
        return dossier_refuse(dossier=dossier, user=user, reasons=data["reasons"])

    try:
        with transaction.atomic():
            dossier = once(
                user=user, token=token, action=f"intake:{outcome}", dossier_id=None, run=run
            )
    except AlreadyDone as done:
        messages.info(request, _("This form was already sent; the dossier was recorded once."))
        if done.dossier_id:
            return redirect("backoffice:dossier", dossier_id=done.dossier_id)
        return redirect("backoffice:counter")
    except (DossierError, ValidationError) as error:
        errors.extend(error_messages(error))
        return _intake_page(request, case, form, centre, rows, eform, errors, status=400)
    if outcome == ACCEPT:
        messages.success(request, _("Dossier %(code)s received.") % {"code": dossier.code})
        return redirect("backoffice:receipt", dossier_id=dossier.pk)
    messages.success(
        request,
        _("Recorded. Print the notice for the applicant from the list of forms below.")
        if outcome == COMPLETE
        else _("Refusal recorded. Print the refusal (Mẫu 03) from the list of forms below."),
    )
    return redirect(reverse("backoffice:dossier", args=[dossier.pk]) + "#bieu-mau")


def _intake_page(request, case, form, centre, rows, eform, errors, *, status=200) -> HttpResponse:
    counters = _counters(request.user)
    return render(
        request,
        "backoffice/intake.html",
        {
            "case": case,
            "version": case.version,
            "form": form,
            "centre": centre,
            "counters": counters if len(counters) > 1 else [],
            "rows": rows,
            "eform": eform,
            "errors": errors,
            "due": _due_preview(case, centre),
        },
        status=status,
    )


# A dossier code (agency code-YYMMDD-sequence); a QR scanner types the receipt's whole
# tracking address, which contains it.
_CODE = re.compile(r"[A-Z0-9][A-Z0-9.]*-\d{6}-\d{4,}")


def code_from_scan(raw: str) -> str:
    text = unquote((raw or "").strip()).upper()[:300]
    found = _CODE.search(text)
    return found[0] if found else text[:60]


@staff_view
@require_safe
def result_lookup(request: HttpRequest) -> HttpResponse:
    """Find a dossier by its code (typed or scanned from the receipt's QR code)."""
    _counters(request.user)
    code = code_from_scan(request.GET.get("ma", ""))
    dossier = dossiers_visible_to(request.user).filter(code=code).first() if code else None
    if dossier is None:
        messages.error(
            request, _("No dossier you may see has the code “%(code)s”.") % {"code": code}
        )
        return redirect(reverse("backoffice:counter") + "#tra-ket-qua")
    return redirect(reverse("backoffice:dossier", args=[dossier.pk]) + "#deliver")
