"""Reads for the portal pages: a citizen's dossiers and drafts, the public timeline, the
centres that may receive an online submission, and what the home page lists."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.core.cache import cache
from django.db.models import Count, QuerySet
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from motcua.agencies.constants import AgencyKind
from motcua.agencies.models import Agency
from motcua.catalog.constants import OnlineLevel
from motcua.catalog.models import ProcedureCase, ProcedureVersion
from motcua.catalog.search import version_public_list
from motcua.dossiers.constants import DossierStatus, EventKind
from motcua.dossiers.models import Dossier, DossierEvent

from .constants import PUBLIC_EVENTS
from .models import SubmissionDraft

CENTRE_KINDS = (AgencyKind.PROVINCIAL_SERVICE_CENTRE, AgencyKind.COMMUNE_SERVICE_CENTRE)
ONLINE_LEVELS = (OnlineLevel.FULL, OnlineLevel.PARTIAL)


@dataclass(frozen=True)
class TimelineEntry:
    at: dt.datetime
    label: str


def public_timeline(dossier: Dossier) -> list[TimelineEntry]:
    """The dossier's history in plain words: no notes, no officers, no internal steps."""
    events = dossier.events.filter(kind__in=list(PUBLIC_EVENTS)).order_by("at", "pk")
    return [TimelineEntry(at=e.at, label=str(PUBLIC_EVENTS[e.kind])) for e in events]


def supplement_request(dossier: Dossier) -> DossierEvent | None:
    """The open request to supplement or complete the dossier, if it waits for the citizen."""
    kinds = {
        DossierStatus.AWAITING_SUPPLEMENT: EventKind.SUPPLEMENT_REQUESTED,
        DossierStatus.AWAITING_COMPLETION: EventKind.INTAKE_SUPPLEMENT_REQUESTED,
    }
    kind = kinds.get(dossier.status)
    if kind is None:
        return None
    return dossier.events.filter(kind=kind).order_by("-at", "-pk").first()


def my_dossiers(user) -> QuerySet[Dossier]:
    return (
        Dossier.objects.filter(owner=user)
        .select_related("procedure_version", "receiving_agency")
        .order_by("-submitted_at", "-pk")
    )


def my_drafts(user) -> QuerySet[SubmissionDraft]:
    return SubmissionDraft.objects.filter(owner=user, dossier__isnull=True).select_related(
        "case__version"
    )


def online_case_get(case_id) -> ProcedureCase | None:
    """A case offered online in a version in force today; None otherwise."""
    if not str(case_id).isdigit():
        return None
    in_force = version_public_list().values("pk")
    return (
        ProcedureCase.objects.select_related("version__procedure")
        .filter(pk=int(case_id), version__in=in_force, online_level__in=ONLINE_LEVELS)
        .first()
    )


def competent_agencies(version: ProcedureVersion, *, today: dt.date) -> list[Agency]:
    return [a for a in version.competent_agencies.order_by("name") if a.is_valid_on(today)]


def _province_unit(agency: Agency) -> int:
    unit = agency.administrative_unit
    return unit.parent_id or unit.pk


def receiving_centres(
    version: ProcedureVersion, competent: Agency, *, today: dt.date
) -> list[Agency]:
    """One-stop centres where the dossier may be received (the intake boundary rule)."""
    centres = (
        Agency.objects.valid_on(today)
        .filter(kind__in=CENTRE_KINDS)
        .select_related("administrative_unit")
    )
    if version.boundary_free:
        province = _province_unit(competent)
        return [c for c in centres.order_by("name") if _province_unit(c) == province]
    return list(
        centres.filter(administrative_unit_id=competent.administrative_unit_id).order_by("name")
    )


MOST_USED_CACHE_SECONDS = 3600


def _most_used_procedure_ids(limit: int, days: int) -> list[int]:
    since = timezone.now() - dt.timedelta(days=days)
    counted = (
        Dossier.objects.filter(submitted_at__gte=since)
        .values("procedure_version__procedure_id")
        .annotate(n=Count("pk"))
        .order_by("-n")[:limit]
    )
    return [row["procedure_version__procedure_id"] for row in counted]


def most_used_versions(*, limit: int = 6, days: int = 365) -> list[ProcedureVersion]:
    """Procedures in force with the most dossiers over the last ``days``.

    The count scans a year of dossiers, so it is kept for an hour: the home page is the
    most visited page and the ranking hardly moves within a day.
    """
    order = cache.get_or_set(
        f"portal:most-used:{limit}:{days}",
        lambda: _most_used_procedure_ids(limit * 2, days),
        MOST_USED_CACHE_SECONDS,
    )
    versions = {
        v.procedure_id: v
        for v in version_public_list().filter(procedure_id__in=order).select_related("procedure")
    }
    return [versions[p] for p in order if p in versions][:limit]


def url_if_exists(name: str, *args) -> str:
    """The URL of a page another app provides, or "" while that app has not built it."""
    try:
        return reverse(name, args=args)
    except NoReverseMatch:
        return ""
