"""Writes on administrative units and agencies.

Nothing is renamed in place: a changed unit or agency gets an end date and a new row, so a
dossier, receipt or signed result made earlier keeps pointing at the name it was made under.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import NamedTuple

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from motcua.core.audit import audit_record
from motcua.core.models import AuditEventKind

from .constants import AgencyKind, CodeFormat
from .models import AdministrativeUnit, Agency, Department
from .units import REFORM_DATE, UnitRecord

ONE_DAY = dt.timedelta(days=1)


class UnitSyncResult(NamedTuple):
    created: int  # codes not in force before
    replaced: int  # same code, new name, type or province: old row ended, new row created
    ended: int  # codes no longer listed
    repointed: int  # communes moved to the new row of their (replaced) province


@transaction.atomic
def admin_units_sync(
    *, records: Sequence[UnitRecord], source: str, effective: dt.date | None = None
) -> UnitSyncResult:
    """Make the units in force match ``records``, the complete list from one data version.

    ``effective`` is the first day the changes apply; by default the reform date on a first
    load (the table is empty) and today afterwards. Rows that change or disappear end the day
    before it. Unchanged rows are not touched, so a re-run with the same data writes nothing
    and ``source`` keeps naming the version a row came from.
    """
    if effective is None:
        effective = timezone.localdate() if AdministrativeUnit.objects.exists() else REFORM_DATE
    current = {
        unit.code: unit
        for unit in AdministrativeUnit.objects.filter(valid_to__isnull=True).select_related(
            "parent"
        )
    }
    listed = {record.code for record in records}
    gone = [unit for code, unit in current.items() if code not in listed]
    _end_units(gone, effective)
    # Provinces first: communes must hang under the province row in force after this load.
    provinces = {code: unit for code, unit in current.items() if unit.parent_id is None}
    new_provinces, replaced_provinces, _ = _sync_level(
        [r for r in records if r.parent_code is None], current, provinces, source, effective
    )
    provinces.update({row.code: row for row in new_provinces})
    new_communes, replaced_communes, repointed = _sync_level(
        [r for r in records if r.parent_code is not None], current, provinces, source, effective
    )
    replaced = replaced_provinces + replaced_communes
    return UnitSyncResult(
        created=len(new_provinces) + len(new_communes) - replaced,
        replaced=replaced,
        ended=len(gone),
        repointed=repointed,
    )


def _sync_level(
    records: list[UnitRecord],
    current: dict[str, AdministrativeUnit],
    provinces: dict[str, AdministrativeUnit],
    source: str,
    effective: dt.date,
) -> tuple[list[AdministrativeUnit], int, int]:
    """Write one level; return the new rows, how many replaced a row, how many were re-pointed."""
    new_rows: list[AdministrativeUnit] = []
    replaced: list[AdministrativeUnit] = []
    repointed: list[AdministrativeUnit] = []
    for record in records:
        parent = provinces[record.parent_code] if record.parent_code else None
        unit = current.get(record.code)
        if unit is not None and _unit_matches(unit, record):
            # Same unit; only its province got a new row (renamed), which is not a change here.
            if parent is not None and unit.parent_id != parent.pk:
                unit.parent = parent
                repointed.append(unit)
            continue
        if unit is not None:
            replaced.append(unit)
        row = AdministrativeUnit(
            code=record.code,
            name=record.name,
            kind=record.kind,
            parent=parent,
            source=source,
            valid_from=effective,
        )
        row.set_search_name()
        new_rows.append(row)
    _end_units(replaced, effective)
    AdministrativeUnit.objects.bulk_create(new_rows, batch_size=500)
    AdministrativeUnit.objects.bulk_update(repointed, ["parent"], batch_size=500)
    return new_rows, len(replaced), len(repointed)


def _unit_matches(unit: AdministrativeUnit, record: UnitRecord) -> bool:
    parent_code = unit.parent.code if unit.parent else None
    return (unit.name, unit.kind, parent_code) == (record.name, record.kind, record.parent_code)


def _end_units(units: list[AdministrativeUnit], effective: dt.date) -> None:
    for unit in units:
        if unit.valid_from is not None and unit.valid_from >= effective:
            raise ValidationError(
                _(
                    "Cannot apply the changes from %(date)s: unit %(code)s (%(name)s) only came "
                    "into force on %(start)s. Give a later effective date."
                )
                % {
                    "date": effective.strftime("%d/%m/%Y"),
                    "code": unit.code,
                    "name": unit.name,
                    "start": unit.valid_from.strftime("%d/%m/%Y"),
                }
            )
        unit.valid_to = effective - ONE_DAY
    AdministrativeUnit.objects.bulk_update(units, ["valid_to"], batch_size=500)


def agency_create(
    *,
    code: str,
    name: str,
    kind: AgencyKind,
    administrative_unit: AdministrativeUnit,
    code_format: CodeFormat = CodeFormat.CURRENT,
    parent: Agency | None = None,
    short_name: str = "",
    abbreviation: str = "",
    address: str = "",
    phone: str = "",
    email: str = "",
    valid_from: dt.date | None = None,
    valid_to: dt.date | None = None,
) -> Agency:
    """Create an agency after checking its code's shape and that the code is free for the period.

    Not audited, like any other new reference row; what is audited is an agency's end.
    """
    agency = Agency(
        code=code,
        code_format=code_format,
        name=name.strip(),
        short_name=short_name.strip(),
        abbreviation=abbreviation.strip(),
        kind=kind,
        parent=parent,
        administrative_unit=administrative_unit,
        address=address,
        phone=phone,
        email=email,
        valid_from=valid_from,
        valid_to=valid_to,
    )
    agency.full_clean()
    agency.save()
    return agency


@transaction.atomic
def agency_supersede(
    *,
    agencies: Sequence[Agency],
    successors: Sequence[Agency],
    last_day: dt.date,
    legal_basis: str,
    actor=None,
    request: HttpRequest | None = None,
) -> list[Agency]:
    """End ``agencies`` on ``last_day`` and hand their work to ``successors``.

    One call covers a merger (several → one), a split (one → several), a transfer into an
    agency that already exists, and an abolition (no successor). The ended rows keep their
    name and code for the records made under them; their departments end the same day. The
    successors must be in force the next day: create a new one first with
    :func:`agency_create` in the same transaction. Every ended agency gets an audit event with
    the legal basis. Nothing is written unless every check passes.
    """
    legal_basis = legal_basis.strip()
    if not legal_basis:
        raise ValidationError(
            _("Give the legal basis of the change (number and date of the decision).")
        )
    if not agencies:
        raise ValidationError(_("Choose at least one agency to end."))
    ended = list(
        Agency.objects.select_for_update().filter(pk__in=[a.pk for a in agencies]).order_by("code")
    )
    for agency in ended:
        if agency.valid_to is not None:
            raise ValidationError(
                _("%(agency)s already ends on %(date)s.")
                % {"agency": agency, "date": agency.valid_to.strftime("%d/%m/%Y")}
            )
        if not agency.is_valid_on(last_day):
            raise ValidationError(
                _("%(agency)s is not yet in force on %(date)s.")
                % {"agency": agency, "date": last_day.strftime("%d/%m/%Y")}
            )
    first_day = last_day + ONE_DAY
    for successor in successors:
        if successor.pk in {a.pk for a in ended}:
            raise ValidationError(_("%(agency)s cannot succeed itself.") % {"agency": successor})
        if not successor.is_valid_on(first_day):
            raise ValidationError(
                _("The successor %(agency)s is not in force on %(date)s.")
                % {"agency": successor, "date": first_day.strftime("%d/%m/%Y")}
            )
    for agency in ended:
        _agency_close(agency, last_day)
        _agency_record_end(agency, successors, legal_basis, actor, request)
    return ended


@transaction.atomic
def agency_rename(
    *,
    agency: Agency,
    name: str,
    first_day: dt.date,
    legal_basis: str,
    short_name: str | None = None,
    abbreviation: str | None = None,
    actor=None,
    request: HttpRequest | None = None,
) -> Agency:
    """Give an agency a new name from ``first_day`` without renaming in place.

    The current row ends the day before and a new row with the same code and details takes
    over as its successor; documents made before keep the old name.
    """
    legal_basis = legal_basis.strip()
    if not legal_basis:
        raise ValidationError(
            _("Give the legal basis of the change (number and date of the decision).")
        )
    agency = Agency.objects.select_for_update().get(pk=agency.pk)
    last_day = first_day - ONE_DAY
    if agency.valid_to is not None or not agency.is_valid_on(last_day):
        raise ValidationError(
            _(
                "%(agency)s is not in force on %(date)s or already has an end date, so it cannot "
                "be renamed from the next day."
            )
            % {"agency": agency, "date": last_day.strftime("%d/%m/%Y")}
        )
    departments = list(agency.departments.filter(valid_to__isnull=True))
    # The old row must end first: the new one reuses its code, and one code's periods never overlap.
    _agency_close(agency, last_day)
    renamed = agency_create(
        code=agency.code,
        code_format=agency.code_format,
        name=name,
        short_name=agency.short_name if short_name is None else short_name,
        abbreviation=agency.abbreviation if abbreviation is None else abbreviation,
        kind=agency.kind,
        parent=agency.parent,
        administrative_unit=agency.administrative_unit,
        address=agency.address,
        phone=agency.phone,
        email=agency.email,
        valid_from=first_day,
    )
    Department.objects.bulk_create(
        Department(agency=renamed, code=d.code, name=d.name, valid_from=first_day)
        for d in departments
    )
    _agency_record_end(agency, [renamed], legal_basis, actor, request)
    return renamed


def _agency_close(agency: Agency, last_day: dt.date) -> None:
    agency.valid_to = last_day
    agency.save(update_fields=["valid_to", "updated_at"])
    agency.departments.filter(Q(valid_to__isnull=True) | Q(valid_to__gt=last_day)).update(
        valid_to=last_day
    )


def _agency_record_end(
    agency: Agency,
    successors: Sequence[Agency],
    legal_basis: str,
    actor,
    request: HttpRequest | None,
) -> None:
    agency.successors.add(*successors)
    audit_record(
        kind=AuditEventKind.AGENCY_CHANGED,
        actor=actor,
        target=agency,
        request=request,
        change="ended",
        code=agency.code,
        name=agency.name,
        last_day=agency.valid_to.isoformat(),
        successors=[s.code for s in successors],
        legal_basis=legal_basis,
    )
