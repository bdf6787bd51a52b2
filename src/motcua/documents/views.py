"""Downloads of stored files, only after ``access.access_stored_file`` says yes."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

import structlog

from .access import access_stored_file
from .constants import INLINE_TYPES, MIME_TYPES
from .storage import document_storage

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
