"""Online submission: start or resume a draft, fill it in (saved as typed, also by the
autosave script), attach files (resumable pieces, or one request without JavaScript),
review, submit.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from motcua.catalog.constants import CopyType, Requirement
from motcua.dossiers.error_codes import DossierError

from . import store
from .access import access_draft, access_upload, is_applicant
from .constants import UploadState
from .eform import SubmissionForm, draft_keys
from .selectors import online_case_get
from .services import (
    OffsetMismatch,
    components_missing,
    draft_components,
    draft_delete,
    draft_save,
    draft_start,
    draft_submit,
    upload_append,
    upload_remove,
    upload_start,
    upload_whole,
)

CHUNK_HEADER = "HTTP_UPLOAD_OFFSET"


def _json_error(message: str, status: int, **extra) -> JsonResponse:
    return JsonResponse({"error": message, **extra}, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def submission_start(request: HttpRequest, case_id: int) -> HttpResponse:
    if not is_applicant(request.user):
        return render(request, "portal/applicants_only.html", status=403)
    case = online_case_get(case_id)
    if case is None:
        raise Http404(_("This procedure cannot be submitted online."))
    draft = draft_start(user=request.user, case=case)
    return redirect("portal:draft_edit", draft_id=draft.pk)


def _components(draft) -> list[dict]:
    uploads = list(draft.uploads.order_by("created_at"))
    components = list(draft.case.components.order_by("position", "pk"))
    today = timezone.localdate()
    offers = store.offers(draft.owner, components, on=today)
    picked = store.chosen(draft.answers, draft.owner, components, on=today)
    listed = []
    for component in components:
        listed.append(
            {
                "component": component,
                "required": component.requirement == Requirement.MANDATORY,
                "shown_only": component.copy_type == CopyType.SHOWN,
                "uploads": [u for u in uploads if u.component_id == component.pk],
                "offers": offers.get(component.pk, []),
                "picked": picked.get(component.pk),
                "reuse_name": f"{store.KEY}{component.pk}",
            }
        )
    return listed


def _edit_page(request, draft, form, *, status=200, errors_top=None) -> HttpResponse:
    return render(
        request,
        "portal/draft_edit.html",
        {
            "draft": draft,
            "case": draft.case,
            "version": draft.case.version,
            "form": form,
            "components": _components(draft),
            "errors_top": errors_top or [],
            "chunk_bytes": settings.PORTAL_UPLOAD_CHUNK_KB * 1024,
        },
        status=status,
    )


def _bound_form(draft, user) -> SubmissionForm:
    return SubmissionForm(dict(draft.answers), case=draft.case, user=user)


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def draft_edit(request: HttpRequest, draft_id: int) -> HttpResponse:
    draft = access_draft(request.user, draft_id)
    if request.method == "GET":
        form = SubmissionForm(initial=draft.answers, case=draft.case, user=request.user)
        return _edit_page(request, draft, form)
    # Whatever happens next, what was typed is kept first.
    draft_save(draft=draft, data=request.POST, keys=draft_keys(draft.case))
    if request.POST.get("action") != "review":
        messages.success(request, _("Draft saved. You can come back to it from any device."))
        return redirect("portal:draft_edit", draft_id=draft.pk)
    form = _bound_form(draft, request.user)
    missing = components_missing(draft)
    if form.is_valid() and not missing:
        return redirect("portal:draft_review", draft_id=draft.pk)
    problems = [_("Attach a file for: %(name)s.") % {"name": c.name} for c in missing]
    return _edit_page(request, draft, form, status=400, errors_top=problems)


@never_cache
@login_required
@require_POST
def draft_autosave(request: HttpRequest, draft_id: int) -> JsonResponse:
    draft = access_draft(request.user, draft_id)
    draft_save(draft=draft, data=request.POST, keys=draft_keys(draft.case))
    saved = timezone.localtime(draft.updated_at).strftime("%H:%M:%S")
    return JsonResponse({"saved_at": saved})


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def draft_review(request: HttpRequest, draft_id: int) -> HttpResponse:
    draft = access_draft(request.user, draft_id)
    form = _bound_form(draft, request.user)
    missing = components_missing(draft)
    if not form.is_valid() or missing:
        problems = [_("Attach a file for: %(name)s.") % {"name": c.name} for c in missing]
        return _edit_page(request, draft, form, status=400, errors_top=problems)
    if request.method == "POST":
        try:
            dossier = draft_submit(
                draft=draft, application=form.application(draft_components(draft))
            )
        except DossierError as error:
            return _edit_page(request, draft, form, status=400, errors_top=[error.message])
        except ValidationError as error:
            return _edit_page(request, draft, form, status=400, errors_top=error.messages)
        messages.success(
            request,
            _("Your dossier was sent. The one-stop centre will check it and issue a receipt."),
        )
        return redirect("portal:my_dossier", dossier_id=dossier.pk)
    return render(
        request,
        "portal/draft_review.html",
        {
            "draft": draft,
            "case": draft.case,
            "form": form,
            "answers": [
                (bf.label, form.cleaned_data.get(bf.name)) for bf in form.eform_bound_fields()
            ],
            "components": _components(draft),
            "receiving": form.centres_by_id[form.cleaned_data["receiving_agency"]],
            "competent": form.competent_by_id[form.cleaned_data["competent_agency"]],
        },
    )


@login_required
@require_POST
def draft_discard(request: HttpRequest, draft_id: int) -> HttpResponse:
    draft = access_draft(request.user, draft_id)
    draft_delete(draft=draft)
    messages.success(request, pgettext("submission draft", "The draft was deleted."))
    return redirect("portal:my_dossiers")


@login_required
@require_POST
def draft_file(request: HttpRequest, draft_id: int) -> HttpResponse:
    """Attach a file in one request: the way without JavaScript."""
    draft = access_draft(request.user, draft_id)
    draft_save(draft=draft, data=request.POST, keys=draft_keys(draft.case))
    uploaded = request.FILES.get("file")
    if uploaded is None:
        messages.error(request, _("Choose a file first."))
    else:
        try:
            upload_whole(draft=draft, component_id=request.POST.get("component"), uploaded=uploaded)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("File attached."))
    return redirect(reverse("portal:draft_edit", args=[draft.pk]) + "#documents")


@login_required
@require_POST
def upload_create(request: HttpRequest, draft_id: int) -> JsonResponse:
    """Announce a resumable upload: its component, name and size."""
    draft = access_draft(request.user, draft_id)
    try:
        size = int(request.POST.get("size", ""))
    except ValueError:
        return _json_error(_("The size of the file is missing."), 400)
    try:
        upload = upload_start(
            draft=draft,
            component_id=request.POST.get("component"),
            name=request.POST.get("name", ""),
            size=size,
        )
    except ValidationError as error:
        return _json_error(" ".join(error.messages), 400)
    return JsonResponse(_upload_state(upload), status=201)


def _upload_state(upload) -> dict:
    return {
        "id": str(upload.pk),
        "url": reverse("portal:upload_chunk", args=[upload.pk]),
        "offset": upload.received,
        "size": upload.size,
        "complete": upload.state == UploadState.COMPLETE,
        "chunk": settings.PORTAL_UPLOAD_CHUNK_KB * 1024,
    }


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def upload_chunk(request: HttpRequest, upload_id) -> JsonResponse:
    """GET: how far the upload got. POST: the piece at ``Upload-Offset`` (raw body)."""
    upload = access_upload(request.user, upload_id)
    if request.method == "GET":
        return JsonResponse(_upload_state(upload))
    try:
        offset = int(request.META.get(CHUNK_HEADER, ""))
    except ValueError:
        return _json_error(_("The piece has no offset."), 400)
    if len(request.body) > settings.PORTAL_UPLOAD_CHUNK_KB * 1024 * 4:
        return _json_error(_("The piece is too large."), 413)
    try:
        upload = upload_append(upload=upload, offset=offset, data=request.body)
    except OffsetMismatch as mismatch:
        return _json_error(
            _("The upload continues from another point."), 409, offset=mismatch.expected
        )
    except ValidationError as error:
        return _json_error(" ".join(error.messages), 400)
    return JsonResponse(_upload_state(upload))


@login_required
@require_POST
def upload_delete(request: HttpRequest, upload_id) -> HttpResponse:
    upload = access_upload(request.user, upload_id)
    draft_id = upload.draft_id
    upload_remove(upload=upload)
    messages.success(request, _("File removed."))
    return redirect(reverse("portal:draft_edit", args=[draft_id]) + "#documents")
