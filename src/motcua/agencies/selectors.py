"""Reads on administrative units and agencies. ``on=None`` always means today."""

from __future__ import annotations

import datetime as dt

from django.db.models import F, Q, QuerySet
from django.utils import timezone

from motcua.core.text import fold

from .codes import agency_code_normalise
from .constants import UnitKind
from .models import AdministrativeUnit, Agency
from .provinces import BY_AGENCY_CODE


def province_unit_code(value: str) -> str:
    """Accept a province as its unit code (``86``) or its level-1 agency code (``H61``)."""
    value = value.strip().upper()
    return BY_AGENCY_CODE[value].unit_code if value in BY_AGENCY_CODE else value


def unit_province_get(code: str, *, on: dt.date | None = None) -> AdministrativeUnit | None:
    return (
        AdministrativeUnit.objects.valid_on(on or timezone.localdate())
        .filter(code=province_unit_code(code), kind__in=UnitKind.provincial())
        .first()
    )


def unit_communes(
    province: AdministrativeUnit, *, on: dt.date | None = None
) -> QuerySet[AdministrativeUnit]:
    """Communes, wards and special zones of a province, by code."""
    return AdministrativeUnit.objects.valid_on(on or timezone.localdate()).filter(
        parent__code=province.code
    )


def agency_get_by_code(code: str, *, on: dt.date | None = None) -> Agency | None:
    """The agency holding ``code`` on ``on``.

    Without a date: the holder in force today or, when the code is no longer in use, its
    last holder, so an old code on a receipt still leads somewhere (its successors).
    """
    agencies = Agency.objects.filter(code=agency_code_normalise(code)).select_related(
        "administrative_unit", "parent"
    )
    if on is not None:
        return agencies.valid_on(on).first()
    today = timezone.localdate()
    return (
        agencies.valid_on(today).first()
        or agencies.filter(valid_to__lt=today).order_by(F("valid_to").desc()).first()
    )


def agency_current_successors(agency: Agency, *, on: dt.date | None = None) -> list[Agency]:
    """The agencies in force on ``on`` that carry on the work of an ended ``agency``.

    Follows chains (merged, then merged again) and splits; empty for an agency still in
    force, and for one abolished without successor.
    """
    day = on or timezone.localdate()
    if agency.is_valid_on(day):
        return []
    found: list[Agency] = []
    seen = {agency.pk}
    frontier = [agency.pk]
    while frontier:  # one query per generation; chains are a handful of steps long
        generation = (
            Agency.objects.filter(predecessors__in=frontier)
            .exclude(pk__in=seen)
            .distinct()
            .select_related("administrative_unit", "parent")
        )
        frontier = []
        for successor in generation.order_by("code"):
            seen.add(successor.pk)
            if successor.is_valid_on(day):
                found.append(successor)
            elif successor.valid_to is not None and successor.valid_to < day:
                frontier.append(successor.pk)
    return found


def agency_list(
    *,
    on: dt.date | None = None,
    province: str | None = None,
    kind: str | None = None,
    search: str = "",
) -> QuerySet[Agency]:
    """Agencies in force on ``on``, optionally of one province (unit or level-1 code), one
    type, and matching every word of ``search`` without regard to diacritics or case."""
    agencies = Agency.objects.valid_on(on or timezone.localdate()).select_related(
        "administrative_unit", "parent"
    )
    if province:
        code = province_unit_code(province)
        agencies = agencies.filter(
            Q(administrative_unit__code=code) | Q(administrative_unit__parent__code=code)
        )
    if kind:
        agencies = agencies.filter(kind=kind)
    for word in fold(search).split():
        agencies = agencies.filter(search_name__contains=word)
    return agencies.order_by("code")
