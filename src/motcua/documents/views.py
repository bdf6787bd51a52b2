"""Downloads of stored files (only after ``access.access_stored_file`` says yes) and the
citizen's data store pages."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

import structlog

from motcua.core.audit import client_ip

from . import selectors, services
from .access import access_own_store_entry, access_stored_file
from .constants import INLINE_TYPES, MIME_TYPES
from .storage import document_storage
from .verification import result_lookup, result_verify_file, verification_allowed

logger = structlog.get_logger(__name__)


@login_required
@require_GET
def stored_file_download(request: HttpRequest, file_id: int) -> FileResponse:
    stored = access_stored_file(request.user, file_id)
    try:
        handle = document_storage().open(stored.storage_key, "rb")
    except FileNotFoundError:
        logger.error("stored_file_missing", stored_file_id=stored.pk, key=stored.storage_key)
        raise Http404(_("No such file.")) from None
    # PDFs and scans may open in the browser when asked; other types always download.
    inline = request.GET.get("inline") == "1" and stored.file_type in INLINE_TYPES
    response = FileResponse(
        handle,
        as_attachment=not inline,
        filename=stored.original_name,
        content_type=MIME_TYPES[stored.file_type],
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    logger.info("stored_file_downloaded", stored_file_id=stored.pk, user_id=request.user.pk)
    return response


# --- Kho dữ liệu của tôi ----------------------------------------------------------------


@login_required
@require_GET
def store_list(request: HttpRequest) -> HttpResponse:
    entries = list(selectors.store_entries_of(request.user))
    for entry in entries:
        entry.file_list = list(entry.files())
    return render(
        request,
        "documents/store_list.html",
        {
            "shown": [e for e in entries if not e.hidden],
            "hidden": [e for e in entries if e.hidden],
        },
    )


@login_required
@require_POST
def store_entry_visibility(request: HttpRequest, entry_id: int) -> HttpResponse:
    entry = access_own_store_entry(request.user, entry_id)
    hide = request.POST.get("hidden") == "1"
    services.store_entry_set_hidden(entry=entry, user=request.user, hidden=hide)
    if hide:
        messages.success(
            request, _("“%(name)s” is hidden and no longer offered.") % {"name": entry}
        )
    else:
        messages.success(request, _("“%(name)s” is shown again.") % {"name": entry})
    return redirect("documents:store")


# --- Public verification of results -----------------------------------------------------


@require_http_methods(["GET", "POST"])
def result_verify(request: HttpRequest) -> HttpResponse:
    """Anyone checks a result: upload the PDF, or give the dossier code and result number."""
    context: dict = {
        "dossier_code": "",
        "number": "",
        "max_mb": settings.DOCUMENTS_VERIFY_MAX_MB,
    }
    status = 200
    if request.method == "POST":
        context["dossier_code"] = request.POST.get("dossier_code", "")[:40]
        context["number"] = request.POST.get("number", "")[:100]
        upload = request.FILES.get("file")
        if not verification_allowed(client_ip(request)):
            context["error"] = _("Too many verifications from your connection; try again later.")
            status = 429
        else:
            try:
                if upload is not None:
                    context["verdict"] = result_verify_file(upload)
                else:
                    context["verdict"] = result_lookup(
                        dossier_code=context["dossier_code"], number=context["number"]
                    )
            except ValidationError as error:
                context["error"] = error.messages[0]
                status = 400
    return render(request, "documents/verify.html", context, status=status)
