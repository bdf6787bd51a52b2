"""Public tracking by dossier code and a second factor, without signing in (the QR code on
the receipt, Mẫu 01, leads here)."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from motcua.core.audit import client_ip

from .constants import PLAIN_STATUS
from .forms import TrackingForm
from .selectors import public_timeline
from .services import tracking_lookup


@never_cache
@require_http_methods(["GET", "POST"])
def tracking(request: HttpRequest, code: str = "") -> HttpResponse:
    initial_code = (code or request.GET.get("ma", ""))[:60]
    form = TrackingForm(request.POST or None, initial={"code": initial_code})
    context = {"form": form, "from_receipt": bool(code)}
    status = 200
    if request.method == "POST" and form.is_valid():
        answer = tracking_lookup(
            code=form.cleaned_data["code"],
            factor=form.cleaned_data["factor"],
            address=client_ip(request) or "",
        )
        if answer.throttled:
            status = 429
            context["error"] = _(
                "Too many unsuccessful attempts. Try again in %(minutes)s minutes, or sign in "
                "to see your dossiers."
            ) % {"minutes": settings.PORTAL_TRACKING_WINDOW_MINUTES}
        elif answer.dossier is None:
            context["error"] = _(
                "No dossier matches this code and this phone number or identification "
                "number. Check both against your receipt."
            )
        else:
            dossier = answer.dossier
            context.update(
                dossier=dossier,
                plain_status=PLAIN_STATUS.get(dossier.status, dossier.get_status_display()),
                timeline=public_timeline(dossier),
            )
            return render(request, "portal/tracking_result.html", context)
    return render(request, "portal/tracking.html", context, status=status)
