"""Back-office screens: work queues, the dossier page with its actions, the counter desk,
the leader's desk. Views are thin: reads through selectors, writes through the dossier
engine's services, permissions through ``access``.
"""

from __future__ import annotations

import datetime as dt
from functools import wraps
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from motcua.catalog.constants import SupplementClock
from motcua.catalog.models import Field, Procedure
from motcua.documents.constants import FileType
from motcua.documents.models import StoredFile
from motcua.documents.services import result_sign
from motcua.dossiers import queues
from motcua.dossiers.access import actions_available, can_act
from motcua.dossiers.error_codes import DossierError
from motcua.dossiers.selectors import dossier_steps, dossier_timeline
from motcua.dossiers.workflow import ACTION_LABELS, Action

from . import forms as f
from .access import RESULT_PREPARERS, access_backoffice, access_backoffice_dossier, roles_held
from .actions import SPECS, action_form
from .constants import DueColourLabel, QueueLabel, ReachLabel
from .reuse import may_reuse, reuse_offers
from .services import AlreadyDone, dossier_note_add, once


def staff_view(view):
    """Login required, then staff with a role in force; anyone else gets 404."""

    @login_required
    @wraps(view)
    def wrapped(request: HttpRequest, *args, **kwargs):
        access_backoffice(request.user)
        return view(request, *args, **kwargs)

    return wrapped


def error_messages(error: Exception) -> list[str]:
    if isinstance(error, DossierError):
        return [error.message]
    if isinstance(error, ValidationError):
        return list(error.messages)
    raise error


# --- Work queues ----------------------------------------------------------------------------


def _enum(value: str, enum, default):
    try:
        return enum(value)
    except ValueError:
        return default


@staff_view
@require_safe
def queue_list(request: HttpRequest) -> HttpResponse:
    user = request.user
    reaches = queues.reaches_for(user)
    # One's own work first: assigned to me, or waiting for a role I hold.
    default = queues.Reach.MINE
    reach = _enum(request.GET.get("reach", ""), queues.Reach, default)
    if reach not in reaches:
        reach = default
    queue = _enum(request.GET.get("queue", ""), queues.Queue, queues.Queue.TODO)
    descending = request.GET.get("order") == "desc"
    form = f.QueueFilterForm(
        request.GET,
        procedures=Procedure.objects.order_by("code"),
        fields=Field.objects.order_by("name"),
    )
    extras = _dashboard_filters(request.GET)
    filters = queues.QueueFilters(**extras)
    if form.is_valid():
        data = form.cleaned_data
        filters = queues.QueueFilters(
            procedure_id=data["procedure"].pk if data.get("procedure") else None,
            field_id=data["field"].pk if data.get("field") else None,
            channel=data.get("channel") or "",
            applicant=data.get("applicant") or "",
            received_from=data.get("received_from"),
            received_to=data.get("received_to"),
            **extras,
        )
    now = timezone.now()
    counts = queues.queue_counts(user, reach=reach, filters=filters, now=now)
    page = queues.queue_page(
        user,
        reach=reach,
        queue=queue,
        filters=filters,
        cursor=request.GET.get("after", ""),
        descending=descending,
        now=now,
    )
    return render(
        request,
        "backoffice/queue_list.html",
        {
            "form": form,
            "reach": reach,
            "reaches": [(r, ReachLabel(r.value).label) for r in reaches],
            "queue": queue,
            "tabs": [(q, QueueLabel(q.value).label, counts[q.value]) for q in queues.Queue],
            "queue_label": QueueLabel(queue.value).label,
            "page": page,
            "descending": descending,
            "colours": dict(DueColourLabel.choices),
            "paged": bool(request.GET.get("after")),
            "narrowed": any(extras.values()),
        },
    )


def _day(raw: str | None) -> dt.date | None:
    try:
        return dt.date.fromisoformat((raw or "").strip())
    except ValueError:
        return None


def _number(raw: str | None) -> int | None:
    raw = (raw or "").strip()
    return int(raw) if raw.isdigit() else None


def _dashboard_filters(params) -> dict:
    """The narrower filters the dashboard's links carry (not on the filter form)."""
    return {
        "resolved_from": _day(params.get("resolved_from")),
        "resolved_to": _day(params.get("resolved_to")),
        "timeliness": params.get("timeliness", "")[:20],
        "department_id": _number(params.get("department")),
        "assignee_id": _number(params.get("assignee")),
        "digitisation": params.get("digitisation", "")[:20],
        "overdue": params.get("overdue") == "1",
    }


# --- Dashboard ----------------------------------------------------------------------------

CHART_WIDTH, CHART_HEIGHT = 600, 160


def _chart(trend: list[dict]) -> dict:
    """Bars of received and resolved per day, as SVG coordinates (no JavaScript)."""
    top = max([1] + [max(day["received"], day["resolved"]) for day in trend])
    slot = CHART_WIDTH / max(1, len(trend))
    bars = []
    for n, day in enumerate(trend):
        for k, key in enumerate(("received", "resolved")):
            height = round(day[key] / top * (CHART_HEIGHT - 20), 1)
            bars.append(
                {
                    "x": round(n * slot + k * slot / 2 + 1, 1),
                    "y": round(CHART_HEIGHT - height, 1),
                    "w": round(slot / 2 - 2, 1),
                    "h": height,
                    "kind": key,
                    "title": f"{day['day']:%d/%m}: {day[key]}",
                }
            )
    return {"bars": bars, "top": top, "width": CHART_WIDTH, "height": CHART_HEIGHT}


def _list_url(**params) -> str:
    query = {"reach": queues.Reach.VISIBLE.value, "queue": queues.Queue.ALL.value}
    query.update({k: v for k, v in params.items() if v not in (None, "")})
    return reverse("backoffice:queues") + "?" + urlencode(query)


@staff_view
@require_safe
def dashboard(request: HttpRequest) -> HttpResponse:
    figures = queues.dashboard(request.user)
    today = timezone.localdate()
    month = today.replace(day=1)

    def period_links(start: dt.date) -> dict[str, str]:
        span = {"resolved_from": start.isoformat(), "resolved_to": today.isoformat()}
        return {
            "received": _list_url(received_from=start.isoformat(), received_to=today.isoformat()),
            "resolved": _list_url(**span),
            "early": _list_url(**span, timeliness="early"),
            "on_time": _list_url(**span, timeliness="on_time"),
            "late": _list_url(**span, timeliness="late"),
        }

    received_month = figures.month.received
    return render(
        request,
        "backoffice/dashboard.html",
        {
            "d": figures,
            "periods": [
                (_("Today"), figures.today, period_links(today)),
                (_("This month"), figures.month, period_links(month)),
            ],
            "overdue_link": _list_url(overdue="1"),
            "online_link": _list_url(received_from=month.isoformat(), channel="online_any"),
            "digitised_link": _list_url(received_from=month.isoformat(), digitisation="digitised"),
            "online_share": _share(figures.month_online, received_month),
            "digitised_share": _share(figures.month_digitised, received_month),
            "by_department": [
                {
                    **row,
                    "url": _list_url(overdue="1", department=row["current_step__department_id"]),
                }
                for row in figures.overdue_by_department
            ],
            "by_officer": [
                {**row, "url": _list_url(overdue="1", assignee=row["assignee_id"])}
                for row in figures.overdue_by_officer
            ],
            "chart": _chart(figures.trend),
            "trend": figures.trend,
        },
    )


def _share(part: int, whole: int) -> str:
    return f"{part / whole * 100:.0f}%" if whole else "—"


# --- Dossier page ---------------------------------------------------------------------------


# Files a browser shows by itself (the documents view serves them inline on request).
PREVIEW_TYPES = frozenset({FileType.PDF, FileType.JPEG, FileType.PNG})


def _dossier_context(request: HttpRequest, dossier, *, failed: tuple | None = None) -> dict:
    """Everything the dossier page shows; ``failed`` is (action, bound form, errors)."""
    available = [a for a in actions_available(request.user, dossier) if a in SPECS]
    forms = []
    for action in available:
        spec = SPECS[action]
        if failed and failed[0] == action:
            form, errors = failed[1], failed[2]
        else:
            form, errors = action_form(spec, dossier, prefix=action.value), []
        forms.append(
            {
                "action": action.value,
                "label": ACTION_LABELS[action],
                "form": form,
                "errors": errors,
                "open": bool(failed and failed[0] == action),
                "primary": spec.primary,
            }
        )
    forms.sort(key=lambda item: not item["primary"])
    components = list(
        dossier.components.select_related("component", "reused_entry").prefetch_related(
            Prefetch("files", queryset=StoredFile.objects.order_by("position", "pk"))
        )
    )
    reusing = may_reuse(request.user, dossier)
    offers = reuse_offers(dossier, components, on=timezone.localdate()) if reusing else {}
    for row in components:
        row.store_offers = offers.get(row.pk, [])
    note_form = failed[1] if failed and failed[0] == "note" else f.NoteForm(prefix="note")
    may_prepare = any(
        r.role in RESULT_PREPARERS
        and r.agency_id in (dossier.competent_agency_id, dossier.current_agency_id)
        for r in roles_held(request.user, *RESULT_PREPARERS)
    )
    return {
        "dossier": dossier,
        "components": components,
        "timeline": dossier_timeline(dossier),
        "steps": dossier_steps(dossier),
        "results": dossier.results.prefetch_related("files"),
        "forms": forms,
        "note_form": note_form,
        "note_errors": failed[2] if failed and failed[0] == "note" else [],
        "may_scan": can_act(request.user, dossier, Action.DIGITISE),
        "signing": may_prepare,
        "file_form": f.TokenForm(),
        "preview_types": PREVIEW_TYPES,
        "due": _due_of(dossier),
    }


def _due_of(dossier) -> dict:
    """The due moment's colour and word, as the queues show it."""
    now = timezone.now()
    dossier.clock_paused = (
        dossier.clock_pauses.filter(ended_at__isnull=True)
        .exclude(policy=SupplementClock.NONE)
        .exists()
    )
    colour = queues.due_colour(dossier, now=now, soon_until=queues.due_soon_until(now))
    return {"colour": colour.value, "label": DueColourLabel(colour.value).label}


def _load(request: HttpRequest, dossier_id):
    dossier = access_backoffice_dossier(request.user, dossier_id)
    return (
        type(dossier)
        .objects.select_related(
            "procedure_version__procedure",
            "case",
            "receiving_agency",
            "competent_agency",
            "current_agency",
            "current_step__agency",
            "current_step__template",
            "assignee",
        )
        .get(pk=dossier.pk)
    )


@staff_view
@require_safe
def dossier_detail(request: HttpRequest, dossier_id: str) -> HttpResponse:
    dossier = _load(request, dossier_id)
    return render(request, "backoffice/dossier_detail.html", _dossier_context(request, dossier))


@staff_view
@require_POST
def dossier_act(request: HttpRequest, dossier_id: str, action: str) -> HttpResponse:
    dossier = _load(request, dossier_id)
    try:
        chosen = Action(action)
    except ValueError:
        raise Http404(_("No such action.")) from None
    spec = SPECS.get(chosen)
    if spec is None:
        raise Http404(_("No such action."))
    form = action_form(spec, dossier, data=request.POST, prefix=chosen.value)
    if not form.is_valid():
        context = _dossier_context(request, dossier, failed=(chosen, form, []))
        return render(request, "backoffice/dossier_detail.html", context, status=400)
    try:
        once(
            user=request.user,
            token=form.cleaned_data["form_token"],
            action=chosen.value,
            dossier_id=dossier.pk,
            run=lambda: spec.run(dossier, request.user, form.cleaned_data),
        )
    except AlreadyDone:
        messages.info(request, _("This form was already sent; the action was recorded once."))
        return redirect("backoffice:dossier", dossier_id=dossier.pk)
    except (DossierError, ValidationError) as error:
        dossier.refresh_from_db()
        context = _dossier_context(request, dossier, failed=(chosen, form, error_messages(error)))
        return render(request, "backoffice/dossier_detail.html", context, status=400)
    messages.success(request, _("Done: %(action)s.") % {"action": ACTION_LABELS[chosen]})
    if chosen == Action.ACCEPT:
        return redirect("backoffice:receipt", dossier_id=dossier.pk)
    return redirect("backoffice:dossier", dossier_id=dossier.pk)


@staff_view
@require_POST
def dossier_note(request: HttpRequest, dossier_id: str) -> HttpResponse:
    dossier = _load(request, dossier_id)
    form = f.NoteForm(request.POST, prefix="note")
    error_list: list[str] = []
    if form.is_valid():
        try:
            once(
                user=request.user,
                token=form.cleaned_data["form_token"],
                action="note",
                dossier_id=dossier.pk,
                run=lambda: dossier_note_add(
                    dossier=dossier, user=request.user, note=form.cleaned_data["text"]
                ),
            )
        except AlreadyDone:
            pass
        except (DossierError, ValidationError) as error:
            error_list = error_messages(error)
        else:
            messages.success(request, _("The note was added."))
        if not error_list:
            return redirect(reverse("backoffice:dossier", args=[dossier.pk]) + "#nhat-ky")
    context = _dossier_context(request, dossier, failed=("note", form, error_list))
    return render(request, "backoffice/dossier_detail.html", context, status=400)


@staff_view
@require_safe
def receipt(request: HttpRequest, dossier_id: str) -> HttpResponse:
    """The receipt (Mẫu 01) ready to print, right after intake."""
    dossier = _load(request, dossier_id)
    if not dossier.code:
        raise Http404(_("This dossier has no receipt yet."))
    return render(request, "backoffice/receipt.html", {"dossier": dossier})


# --- Leader's desk --------------------------------------------------------------------------


@staff_view
@require_http_methods(["GET", "HEAD", "POST"])
def leader_desk(request: HttpRequest) -> HttpResponse:
    waiting = list(queues.awaiting_decision(request.user)[:200])
    unsigned = list(queues.results_awaiting_signature(request.user)[:200])
    results: list[tuple[str, str]] = []
    if request.method == "POST":
        form = f.TokenForm(request.POST)
        signing = request.POST.get("do") == "sign"
        chosen = {
            int(v) for v in request.POST.getlist("result" if signing else "dossier") if v.isdigit()
        }
        if not chosen:
            messages.error(
                request,
                _("Choose at least one result to sign.")
                if signing
                else _("Choose at least one dossier to approve."),
            )
        elif form.is_valid() and signing:
            results = _sign_many(request, form.cleaned_data["form_token"], chosen, unsigned)
        elif form.is_valid():
            results = _approve_many(request, form.cleaned_data["form_token"], chosen, waiting)
        waiting = list(queues.awaiting_decision(request.user)[:200])
        unsigned = list(queues.results_awaiting_signature(request.user)[:200])
    now = timezone.now()
    soon = queues.due_soon_until(now)
    for row in waiting:
        row.due_colour = queues.due_colour(row, now=now, soon_until=soon)
    return render(
        request,
        "backoffice/leader_desk.html",
        {
            "waiting": waiting,
            "unsigned": unsigned,
            "results": results,
            "form": f.TokenForm(),
            "colours": dict(DueColourLabel.choices),
        },
    )


def _sign_many(request, token: str, chosen: set[int], unsigned) -> list[tuple[str, str]]:
    """Sign each chosen result in its own transaction (the documents app checks who may)."""
    outcomes = []
    for result in unsigned:
        if result.pk not in chosen:
            continue
        label = f"{result.dossier.code} — {result.number}"
        try:
            once(
                user=request.user,
                token=f"{token}:r{result.pk}",
                action="result_sign",
                dossier_id=result.dossier_id,
                run=lambda r=result: result_sign(result=r, user=request.user),
            )
        except AlreadyDone:
            outcomes.append((label, _("already signed by this form")))
        except (ValidationError, Http404) as error:
            outcomes.append((label, " ".join(getattr(error, "messages", [str(error)]))))
        else:
            outcomes.append((label, _("signed")))
    return outcomes


def _approve_many(request, token: str, chosen: set[int], waiting) -> list[tuple[str, str]]:
    """Approve each chosen dossier in its own transaction; report each outcome."""
    from motcua.dossiers.services import dossier_approve

    outcomes = []
    for dossier in waiting:
        if dossier.pk not in chosen:
            continue
        try:
            once(
                user=request.user,
                token=f"{token}:{dossier.pk}",
                action=Action.APPROVE.value,
                dossier_id=dossier.pk,
                run=lambda d=dossier: dossier_approve(dossier=d, user=request.user),
            )
        except AlreadyDone:
            outcomes.append((dossier.code, _("already approved by this form")))
        except DossierError as error:
            outcomes.append((dossier.code, error.message))
        else:
            outcomes.append((dossier.code, _("approved")))
    return outcomes


@staff_view
@require_safe
def home(request: HttpRequest) -> HttpResponse:
    return redirect("backoffice:queues")
