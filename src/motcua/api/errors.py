"""Validation errors of the REST API in the reader's language.

Pydantic words its messages in English. Each error keeps its machine-readable ``type``
and ``loc`` for integrators, and its ``msg`` is replaced by a translated sentence when we
know the type; messages our own validators raise are already translated and pass through.
A refused dossier action answers ``{"code": ..., "detail": ...}`` with its stable code.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _

from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, ValidationError

from motcua.dossiers.error_codes import DossierError


def _message(error: dict[str, Any]) -> str | None:
    ctx = error.get("ctx") or {}
    kind = error.get("type", "")
    if kind == "missing":
        return _("This field is required.")
    if kind in {"string_type", "string_sub_type"}:
        return _("Enter text.")
    if kind == "string_too_long":
        return _("Too long: at most %(n)s characters.") % {"n": ctx.get("max_length")}
    if kind == "string_too_short":
        return _("Too short: at least %(n)s characters.") % {"n": ctx.get("min_length")}
    if kind in {"int_parsing", "int_type", "int_from_float"}:
        return _("Enter a whole number.")
    if kind in {"float_parsing", "float_type", "decimal_parsing", "decimal_type"}:
        return _("Enter a number.")
    if kind in {"bool_parsing", "bool_type"}:
        return _("Enter true or false.")
    if kind.startswith("date_") or kind == "date_type":
        return _("Enter a date as YYYY-MM-DD.")
    if kind.startswith("datetime_") or kind == "datetime_type":
        return _("Enter a date and time in ISO 8601, e.g. 2026-02-13T09:00:00+07:00.")
    if kind in {"enum", "literal_error"}:
        return _("Choose one of: %(expected)s.") % {"expected": ctx.get("expected", "")}
    if kind in {"greater_than_equal", "greater_than"}:
        return _("Must be at least %(n)s.") % {"n": ctx.get("ge", ctx.get("gt"))}
    if kind in {"less_than_equal", "less_than"}:
        return _("Must be at most %(n)s.") % {"n": ctx.get("le", ctx.get("lt"))}
    if kind == "json_invalid":
        return _("The request body is not valid JSON.")
    if kind in {"model_attributes_type", "dict_type", "model_type"}:
        return _("Send a JSON object.")
    if kind in {"list_type"}:
        return _("Send a list.")
    return None


def install(api: NinjaAPI) -> None:
    @api.exception_handler(ValidationError)
    def validation_error(request: HttpRequest, exc: ValidationError) -> HttpResponse:
        detail = []
        for error in exc.errors:
            item = {"type": error.get("type"), "loc": error.get("loc"), "msg": error.get("msg")}
            item["msg"] = _message(error) or item["msg"]
            detail.append(item)
        return api.create_response(request, {"detail": detail}, status=422)

    @api.exception_handler(HttpError)
    def http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
        message = str(exc)
        # django-ninja words an unparsable body itself, in English, before any schema runs.
        if exc.status_code == 400 and message.startswith("Cannot parse request body"):
            message = _("The request body is not valid JSON.")
        if isinstance(exc, AuthenticationError):
            message = _("Sign in, or send a valid API token.")
        elif exc.status_code == 403 and message == "CSRF check Failed":
            message = _("The form's security token (CSRF) is missing or expired; reload the page.")
        return api.create_response(request, {"detail": message}, status=exc.status_code)

    @api.exception_handler(DossierError)
    def dossier_error(request: HttpRequest, exc: DossierError) -> HttpResponse:
        # A stable code for programs and a sentence for people; the status comes from the
        # domain's table (error_codes.HTTP_STATUS).
        body = {"code": str(exc.code), "detail": exc.message}
        return api.create_response(request, body, status=exc.http_status)
