"""Public downloads of the catalogue's blank forms (mẫu đơn, tờ khai)."""

from __future__ import annotations

from pathlib import PurePosixPath

from django.http import FileResponse, Http404, HttpRequest
from django.views.decorators.http import require_safe

from .models import Component
from .search import version_public_list


@require_safe
def form_template_download(request: HttpRequest, component_id: int) -> FileResponse:
    """The blank form of a component of a version in force; anything else is 404.

    Always an attachment with ``nosniff``: an uploaded file is never rendered on our origin.
    """
    component = (
        Component.objects.filter(pk=component_id, case__version__in=version_public_list())
        .exclude(form_template="")
        .first()
    )
    if component is None:
        raise Http404
    response = FileResponse(
        component.form_template.open("rb"),
        as_attachment=True,
        filename=PurePosixPath(component.form_template.name).name,
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response
