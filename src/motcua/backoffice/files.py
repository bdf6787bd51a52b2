"""Files from the dossier page: scans of paper components at the counter, documents taken
from the owner's store with the citizen's consent, and the result's PDF attached and signed
by the issuing agency.

Writes are the documents app's services; they check who may act (results) or this module
asks the dossier engine first (digitisation is a counter action of the rule table).
Signing uses ``documents.services.result_file_attach`` / ``result_sign`` when that part of
the documents app is installed; without it the page offers approval only.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from motcua.documents import services as documents_services
from motcua.documents.selectors import store_entries_matching
from motcua.documents.services import component_digitise, component_reuse
from motcua.dossiers.access import can_act
from motcua.dossiers.workflow import Action

from .forms import ReuseForm, TokenForm
from .reuse import may_reuse
from .services import AlreadyDone, once
from .views import _load, error_messages, staff_view


def _back(dossier_id: int, anchor: str) -> HttpResponse:
    return redirect(reverse("backoffice:dossier", args=[dossier_id]) + anchor)


def _run(request, *, token: str, action: str, dossier_id: int, run, done: str) -> None:
    try:
        once(user=request.user, token=token, action=action, dossier_id=dossier_id, run=run)
    except AlreadyDone:
        return
    except ValidationError as error:
        messages.error(request, " ".join(error_messages(error)))
    else:
        messages.success(request, done)


@staff_view
@require_POST
def component_scan(request: HttpRequest, dossier_id: str, row_id: int) -> HttpResponse:
    """Scans of one paper component, with its page count (TT 01/2023 Điều 8.2)."""
    dossier = _load(request, dossier_id)
    row = dossier.components.select_related("component").filter(pk=row_id).first()
    if row is None or not can_act(request.user, dossier, Action.DIGITISE):
        raise Http404(_("No such component."))
    form = TokenForm(request.POST)
    pages = request.POST.get("pages", "").strip()
    scans = request.FILES.getlist("scans")
    if not form.is_valid():
        raise Http404(_("No such component."))
    if not pages.isdigit() or int(pages) < 1:
        messages.error(request, _("Enter the number of pages of the paper original."))
        return _back(dossier.pk, f"#scan-{row.pk}")
    _run(
        request,
        token=form.cleaned_data["form_token"],
        action="digitise",
        dossier_id=dossier.pk,
        run=lambda: component_digitise(
            dossier_component=row, scans=scans, paper_pages=int(pages), digitised_by=request.user
        ),
        done=_("The scans of “%(name)s” were recorded.") % {"name": row.component.name},
    )
    return _back(dossier.pk, "#components-title")


@staff_view
@require_POST
def component_reuse_view(request: HttpRequest, dossier_id: str, row_id: int) -> HttpResponse:
    """A document of the owner's store stands in for a component, the citizen consenting
    at the counter (NĐ 45/2020 Điều 16; the reuse counts in the 766 digitisation group)."""
    dossier = _load(request, dossier_id)
    row = dossier.components.select_related("component").filter(pk=row_id).first()
    if row is None or not may_reuse(request.user, dossier):
        raise Http404(_("No such component."))
    form = ReuseForm(request.POST)
    if not form.is_valid():
        raise Http404(_("No such component."))
    # Only the owner's own matching entries: anyone else's entry is "not found".
    entry = (
        store_entries_matching(owner=dossier.owner, component=row, on=timezone.localdate())
        .filter(pk=form.cleaned_data["entry"])
        .first()
    )
    if entry is None:
        raise Http404(_("No such document in the store."))
    # The service refuses a pick without consent, with its own message.
    _run(
        request,
        token=form.cleaned_data["form_token"],
        action="reuse",
        dossier_id=dossier.pk,
        run=lambda: component_reuse(
            dossier_component=row,
            entry=entry,
            user=request.user,
            consent=form.cleaned_data["consent"],
        ),
        done=_("“%(name)s” now uses the document from the citizen's store.")
        % {"name": row.component.name},
    )
    return _back(dossier.pk, f"#reuse-{row.pk}")


@staff_view
@require_POST
def result_attach(request: HttpRequest, dossier_id: str, result_id: int) -> HttpResponse:
    dossier = _load(request, dossier_id)
    result = dossier.results.filter(pk=result_id).first()
    if result is None:
        raise Http404(_("No such result."))
    form = TokenForm(request.POST)
    upload = request.FILES.get("pdf")
    if not form.is_valid() or upload is None:
        messages.error(request, _("Choose the PDF of the result."))
        return _back(dossier.pk, f"#result-{result.pk}")
    _run(
        request,
        token=form.cleaned_data["form_token"],
        action="result_attach",
        dossier_id=dossier.pk,
        run=lambda: documents_services.result_file_attach(
            result=result, upload=upload, user=request.user
        ),
        done=_("The PDF of the result was attached."),
    )
    return _back(dossier.pk, f"#result-{result.pk}")


@staff_view
@require_POST
def result_sign(request: HttpRequest, dossier_id: str, result_id: int) -> HttpResponse:
    dossier = _load(request, dossier_id)
    result = dossier.results.filter(pk=result_id).first()
    if result is None:
        raise Http404(_("No such result."))
    form = TokenForm(request.POST)
    if form.is_valid():
        _run(
            request,
            token=form.cleaned_data["form_token"],
            action="result_sign",
            dossier_id=dossier.pk,
            run=lambda: documents_services.result_sign(result=result, user=request.user),
            done=_("The result was signed."),
        )
    return _back(dossier.pk, f"#result-{result.pk}")
