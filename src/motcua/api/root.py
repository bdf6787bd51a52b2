"""The versioned REST API root. Each domain app contributes a router in its ``api.py``."""

from __future__ import annotations

from django.http import HttpRequest

from ninja import NinjaAPI
from ninja.renderers import JSONRenderer

from motcua import __version__

from . import errors
from .auth import SessionAuth, TokenAuth


class UTF8JSONRenderer(JSONRenderer):
    # Vietnamese text as UTF-8, not \uXXXX escapes: readable and about half the bytes.
    json_dumps_params = {"ensure_ascii": False}


api = NinjaAPI(
    title="motcua API",
    version=f"v1 ({__version__})",
    description=(
        "REST API of motcua. Authentication: the browser session (with its CSRF token) for the "
        "UI, or `Authorization: Bearer <token>` for systems (tokens are issued in the admin)."
    ),
    urls_namespace="api-v1",
    # Token first: see TokenAuth.
    auth=[TokenAuth(), SessionAuth()],
    renderer=UTF8JSONRenderer(),
)
errors.install(api)


@api.get("/ping", auth=None, tags=["meta"])
def ping(request: HttpRequest) -> dict:
    return {"ok": True, "version": __version__}


api.add_router("/agencies", "motcua.agencies.api.router", tags=["agencies"])
api.add_router("/calendar", "motcua.workcalendar.api.router", tags=["calendar"])
api.add_router("/accounts", "motcua.accounts.api.router", tags=["accounts"])
api.add_router("/catalog", "motcua.catalog.api.router", tags=["catalog"])
api.add_router("/dossiers", "motcua.dossiers.api.router", tags=["dossiers"])
api.add_router("/documents", "motcua.documents.api.router", tags=["documents"])
api.add_router("/payments", "motcua.payments.api.router", tags=["payments"])
api.add_router("/feedback", "motcua.feedback.api.router", tags=["feedback"])
api.add_router("/reporting", "motcua.reporting.api.router", tags=["reporting"])
