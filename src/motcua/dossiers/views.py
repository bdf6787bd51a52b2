"""Downloads of the official forms: a dossier's Mẫu 01–06 and an agency's tracking book.

Who may download what:

- a dossier's forms: whoever may see the dossier (``access.access_dossier``: staff whose
  scope covers it, the citizen who owns it); the owner only gets the forms addressed to
  them (Mẫu 01–05), not the internal control slip (Mẫu 06);
- the tracking book (Mẫu 07): staff whose viewing scope covers the receiving agency.

Anything else answers 404, as a missing dossier or agency does, so nobody learns what
exists; anonymous visitors are sent to the login page. A form the dossier's history has
not produced yet (no refusal, no extension…) is 404 as well.
"""

from __future__ import annotations

import datetime as dt
import re

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBadRequest
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

import structlog

from motcua.accounts.access import access_agency
from motcua.accounts.constants import AgencyAction
from motcua.catalog.models import Field

from .access import APPLICANT_KINDS, access_dossier
from .error_codes import DossierError
from .forms import FormContext, FormDataError, render_docx, render_pdf
from .forms.builders import DOSSIER_FORMS, tracking_book_context, tracking_book_dossiers

logger = structlog.get_logger(__name__)

# The forms addressed to the applicant; Mẫu 06 is the agencies' internal control slip.
CITIZEN_FORMS = frozenset({"mau01", "mau02", "mau03", "mau04", "mau05"})
CONTENT_TYPES = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}
# One book per request: the longest period and the most rows it prints (a 500-row PDF
# renders in about 6 s; a longer book is printed field by field or month by month).
BOOK_MAX_DAYS = 366
BOOK_MAX_ENTRIES = 500


def _render(context: FormContext, fmt: str) -> bytes:
    return render_pdf(context) if fmt == "pdf" else render_docx(context)


def _document(request: HttpRequest, content: bytes, *, fmt: str, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=CONTENT_TYPES[fmt])
    # A PDF may open in the browser for printing at the counter; a DOCX always downloads.
    inline = fmt == "pdf" and request.GET.get("inline") == "1"
    response["Content-Disposition"] = content_disposition_header(not inline, filename)
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


def _safe_filename(stem: str) -> str:
    return re.sub(r"[^A-Za-z0-9._-]+", "-", stem).strip(".-") or "bieu-mau"


def _problem(message: str, *, status: int) -> HttpResponse:
    return HttpResponse(message, status=status, content_type="text/plain; charset=utf-8")


@login_required
@require_safe
def dossier_form_download(request: HttpRequest, dossier_id: str, form: str, fmt: str):
    build = DOSSIER_FORMS.get(form)
    if build is None:
        raise Http404(_("No such form."))
    try:
        dossier = access_dossier(request.user, dossier_id)
    except DossierError:
        raise Http404(_("No such dossier.")) from None
    if request.user.kind in APPLICANT_KINDS and form not in CITIZEN_FORMS:
        raise Http404(_("No such form."))
    try:
        context = build(dossier)
    except FormDataError as error:
        # The records lack something the law requires on the form (e.g. no phone number
        # to contact): say what, rather than print an incomplete official document.
        logger.warning(
            "dossier_form_incomplete", dossier_id=dossier.pk, form=form, field=error.field
        )
        return _problem(
            _("The form cannot be printed yet: %(problem)s") % {"problem": error}, status=409
        )
    if context is None:
        raise Http404(_("This dossier has no such form yet."))
    stem = dossier.code or f"ho-so-{dossier.pk}"
    response = _document(
        request, _render(context, fmt), fmt=fmt, filename=f"{_safe_filename(stem)}-{form}.{fmt}"
    )
    logger.info(
        "dossier_form_downloaded", dossier_id=dossier.pk, form=form, user_id=request.user.pk
    )
    return response


class BookQueryError(ValueError):
    """A parameter of the tracking book is wrong; the message says which, in Vietnamese."""


_DMY = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})$")


def _date(raw: str, *, label: str) -> dt.date:
    raw = raw.strip()
    try:
        dmy = _DMY.match(raw)
        if dmy is not None:
            return dt.date(int(dmy[3]), int(dmy[2]), int(dmy[1]))
        return dt.date.fromisoformat(raw)
    except ValueError:
        raise BookQueryError(
            _("The %(label)s “%(value)s” is not a date: write it as YYYY-MM-DD or DD/MM/YYYY.")
            % {"label": label, "value": raw[:40]}
        ) from None


def _fields(values: list[str]) -> list[Field]:
    wanted = [v.strip() for value in values for v in value.split(",") if v.strip()]
    found: list[Field] = []
    for value in wanted:
        field = (
            Field.objects.filter(pk=int(value)).first()
            if value.isdigit()
            else Field.objects.filter(code__iexact=value).first()
        )
        if field is None:
            raise BookQueryError(_("There is no field “%(value)s”.") % {"value": value[:40]})
        if field not in found:
            found.append(field)
    return found


def _period(request: HttpRequest) -> tuple[dt.date, dt.date]:
    today = timezone.localdate()
    start_raw, end_raw = request.GET.get("from", ""), request.GET.get("to", "")
    start = _date(start_raw, label=_("start date")) if start_raw.strip() else today.replace(day=1)
    end = _date(end_raw, label=_("end date")) if end_raw.strip() else today
    if start > end:
        raise BookQueryError(_("The start date must not be after the end date."))
    if (end - start).days >= BOOK_MAX_DAYS:
        raise BookQueryError(
            _("A book covers at most %(days)s days: choose a shorter period.")
            % {"days": BOOK_MAX_DAYS}
        )
    return start, end


@login_required
@require_safe
def tracking_book_download(request: HttpRequest, fmt: str):
    """Mẫu 07: ``?agency=<id>&field=<id or code>[,…]&from=<date>&to=<date>``.

    ``field`` may repeat (a group of fields) or be left out (every field); the period
    defaults to the current month up to today.
    """
    agency_id = request.GET.get("agency", "").strip()
    if not agency_id:
        return HttpResponseBadRequest(
            _("Choose the receiving agency whose book to print."),
            content_type="text/plain; charset=utf-8",
        )
    # Scope first: someone outside it learns nothing, not even how many dossiers there are.
    agency = access_agency(request.user, agency_id, action=AgencyAction.VIEW)
    try:
        fields = _fields(request.GET.getlist("field"))
        start, end = _period(request)
    except BookQueryError as error:
        return HttpResponseBadRequest(str(error), content_type="text/plain; charset=utf-8")
    dossiers = tracking_book_dossiers(agency=agency, fields=fields, start=start, end=end)
    count = dossiers.count()
    if count > BOOK_MAX_ENTRIES:
        return HttpResponseBadRequest(
            _(
                "The period has %(count)s dossiers, more than the %(limit)s one book prints: "
                "choose a shorter period or fewer fields."
            )
            % {"count": count, "limit": BOOK_MAX_ENTRIES},
            content_type="text/plain; charset=utf-8",
        )
    context = tracking_book_context(
        agency=agency, fields=fields, start=start, end=end, dossiers=dossiers
    )
    filename = _safe_filename(f"so-theo-doi-{agency.code}-{start:%Y%m%d}-{end:%Y%m%d}")
    logger.info(
        "tracking_book_downloaded", agency_id=agency.pk, rows=count, user_id=request.user.pk
    )
    return _document(request, _render(context, fmt), fmt=fmt, filename=f"{filename}.{fmt}")
