"""Writes on the procedure catalogue.

Lifecycle of a version: draft → published → superseded (a newer version took over) or
abolished (bãi bỏ, no successor). Only drafts change; a published version is frozen, so a
dossier keeps the rules it was received under. The version rows are the catalogue's own
history; each change is also logged as a structlog event (``catalog_*``).

Access is checked by the callers (``access.py``); these functions enforce the rules that
hold whoever calls them.
"""

from __future__ import annotations

import copy
import datetime as dt
from collections.abc import Iterable, Sequence

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Model
from django.db.models.fields.files import FieldFile
from django.utils import timezone
from django.utils.translation import gettext as _

import structlog

from motcua.agencies.models import Agency

from .constants import DecisionKind, GovernmentLevel, VersionStatus
from .models import (
    Component,
    Fee,
    Field,
    Procedure,
    ProcedureCase,
    ProcedureVersion,
    PublicationDecision,
    Sector,
    WorkflowStep,
)
from .selectors import LEGAL_STATUSES, version_content
from .validation import form_schema_problems, version_problems

log = structlog.get_logger("motcua.catalog")

ONE_DAY = dt.timedelta(days=1)

# Fields of a version a draft may change; the rest belongs to the lifecycle.
VERSION_CONTENT_FIELDS = frozenset(
    {
        "name",
        "level",
        "boundary_free",
        "handling",
        "external_reference",
        "supplement_clock",
        "legal_basis",
        "requirements",
    }
)

CaseItem = Fee | Component | WorkflowStep

# Steps whose positions are rewritten are first moved out of the way, above any real
# position, so that swapping two steps does not trip the (case, position) constraint.
_PARKED_POSITION = 30_000


def _copy(obj: Model, **changes) -> Model:
    """A new unsaved row with ``obj``'s column values, primary key dropped.

    Files are shared by name: a stored template never changes, a draft replaces it.
    """
    values = {}
    for field in obj._meta.concrete_fields:
        if field.primary_key:
            continue
        value = getattr(obj, field.attname)
        values[field.attname] = value.name if isinstance(value, FieldFile) else copy.deepcopy(value)
    return type(obj)(**{**values, **changes})


def _date_text(day: dt.date) -> str:
    return day.strftime("%d/%m/%Y")


def _lock_draft(version: ProcedureVersion) -> ProcedureVersion:
    """The version row, locked against a concurrent publish, if it is still a draft."""
    locked = (
        ProcedureVersion.objects.select_for_update()
        .select_related("procedure__field")
        .get(pk=version.pk)
    )
    if locked.status != VersionStatus.DRAFT:
        raise ValidationError(
            _(
                "Version %(number)s of procedure %(code)s is “%(status)s” and can no longer "
                "be changed; copy it into a new draft."
            )
            % {
                "number": locked.number,
                "code": locked.procedure.code,
                "status": locked.get_status_display(),
            }
        )
    return locked


# --- Reference data ------------------------------------------------------------------------


@transaction.atomic
def sector_save(*, sector: Sector) -> Sector:
    sector.full_clean()
    sector.save()
    log.info("catalog_sector_saved", code=sector.code)
    return sector


@transaction.atomic
def field_save(*, field: Field) -> Field:
    field.full_clean()
    field.save()
    log.info("catalog_field_saved", code=field.code)
    return field


def decision_record(
    *,
    number: str,
    issuer: Agency,
    date: dt.date,
    signer: str = "",
    title: str = "",
) -> PublicationDecision:
    """The decision ``number`` of ``issuer``, recorded now if it is new.

    A decision publishes many procedures, so the second procedure published by it finds
    the row the first one created. The same number with another date is a typing mistake
    on one side, and is refused.
    """
    number = number.strip()
    existing = PublicationDecision.objects.filter(number=number, issuer=issuer).first()
    if existing is not None:
        if existing.date != date:
            raise ValidationError(
                _("Decision %(number)s of %(issuer)s is already recorded, dated %(date)s.")
                % {"number": number, "issuer": issuer.name, "date": _date_text(existing.date)}
            )
        return existing
    if date > timezone.localdate():
        raise ValidationError(_("A decision cannot be dated after today."))
    decision = PublicationDecision(
        number=number, issuer=issuer, date=date, signer=signer.strip(), title=title.strip()
    )
    decision.full_clean()
    decision.save()
    log.info("catalog_decision_recorded", number=number, issuer=issuer.code)
    return decision


@transaction.atomic
def decision_save(*, decision: PublicationDecision) -> PublicationDecision:
    """Save corrections to a recorded decision (signer, title)."""
    if decision.date > timezone.localdate():
        raise ValidationError(_("A decision cannot be dated after today."))
    decision.full_clean()
    decision.save()
    log.info("catalog_decision_saved", number=decision.number, issuer=decision.issuer.code)
    return decision


# --- Procedures and drafts -----------------------------------------------------------------


@transaction.atomic
def procedure_create(
    *,
    code: str,
    field: Field,
    owner_agency: Agency,
    name: str,
    level: GovernmentLevel,
    created_by=None,
) -> ProcedureVersion:
    """A new procedure with its first version, a draft to fill in before publishing."""
    procedure = Procedure(code=code.strip(), field=field, owner_agency=owner_agency)
    procedure.full_clean()
    procedure.save()
    version = ProcedureVersion(
        procedure=procedure, number=1, name=name.strip(), level=level, created_by=created_by
    )
    version.full_clean()
    version.save()
    log.info("catalog_procedure_created", code=procedure.code, user=getattr(created_by, "pk", None))
    return version


@transaction.atomic
def procedure_update(*, procedure: Procedure, field: Field, owner_agency: Agency) -> Procedure:
    """Move a procedure to another field or owning agency; its code is its identity."""
    procedure.field = field
    procedure.owner_agency = owner_agency
    procedure.full_clean()
    procedure.save(update_fields=["field", "owner_agency", "updated_at"])
    log.info("catalog_procedure_updated", code=procedure.code, owner=owner_agency.code)
    return procedure


@transaction.atomic
def version_draft_create(*, procedure: Procedure, created_by=None) -> ProcedureVersion:
    """A new draft, a deep copy of the latest version (cases, fees, components, steps)."""
    # Locking the procedure serialises version numbering between two editors.
    procedure = Procedure.objects.select_for_update().get(pk=procedure.pk)
    versions = procedure.versions.order_by("-number")
    draft = versions.filter(status=VersionStatus.DRAFT).first()
    if draft is not None:
        raise ValidationError(
            _("Procedure %(code)s already has a draft (version %(number)s); edit that one.")
            % {"code": procedure.code, "number": draft.number}
        )
    source = versions.first()
    if source is None:
        raise ValidationError(
            _("Procedure %(code)s has no version to copy.") % {"code": procedure.code}
        )
    draft = _copy(
        source,
        number=source.number + 1,
        status=VersionStatus.DRAFT,
        decision_id=None,
        decision_kind="",
        valid_from=None,
        valid_to=None,
        published_at=None,
        created_by_id=getattr(created_by, "pk", None),
    )
    draft.save()
    draft.competent_agencies.set(source.competent_agencies.all())
    draft.implementing_agencies.set(source.implementing_agencies.all())
    for content in version_content(source):
        case = _copy(content.case, version_id=draft.pk)
        case.save()
        Fee.objects.bulk_create(_copy(fee, case_id=case.pk) for fee in content.fees)
        Component.objects.bulk_create(_copy(c, case_id=case.pk) for c in content.components)
        WorkflowStep.objects.bulk_create(_copy(s, case_id=case.pk) for s in content.steps)
    log.info(
        "catalog_draft_created",
        code=procedure.code,
        number=draft.number,
        copied_from=source.number,
        user=getattr(created_by, "pk", None),
    )
    return draft


@transaction.atomic
def version_update(
    *,
    version: ProcedureVersion,
    fields: dict,
    competent_agencies: Iterable[Agency] | None = None,
    implementing_agencies: Iterable[Agency] | None = None,
    updated_by=None,
) -> ProcedureVersion:
    """Change the content of a draft; ``None`` leaves an agency list as it is."""
    unknown = set(fields) - VERSION_CONTENT_FIELDS
    if unknown:
        raise TypeError(f"Not editable on a version: {sorted(unknown)}")
    draft = _lock_draft(version)
    for name, value in fields.items():
        setattr(draft, name, value)
    draft.full_clean()
    draft.save()
    if competent_agencies is not None:
        draft.competent_agencies.set(competent_agencies)
    if implementing_agencies is not None:
        draft.implementing_agencies.set(implementing_agencies)
    log.info(
        "catalog_draft_updated",
        code=draft.procedure.code,
        number=draft.number,
        user=getattr(updated_by, "pk", None),
    )
    return draft


@transaction.atomic
def version_draft_delete(*, version: ProcedureVersion, deleted_by=None) -> None:
    """Discard a draft. A procedure left without any version is discarded with it."""
    draft = _lock_draft(version)
    procedure = draft.procedure
    draft.delete()
    if not procedure.versions.exists():
        procedure.delete()
    log.info(
        "catalog_draft_deleted",
        code=procedure.code,
        number=draft.number,
        user=getattr(deleted_by, "pk", None),
    )


@transaction.atomic
def case_save(
    *,
    case: ProcedureCase,
    save_items: Sequence[CaseItem] = (),
    delete_items: Sequence[CaseItem] = (),
    saved_by=None,
) -> ProcedureCase:
    """Save a case of a draft with changes to its fees, components and steps, all at once.

    The e-form definition is checked against the components as they are after the
    change, so a file field and the component it fills can be added together.
    """
    draft = _lock_draft(case.version)
    if case.pk is not None:
        stored_version = ProcedureCase.objects.filter(pk=case.pk).values_list(
            "version_id", flat=True
        )
        if list(stored_version) != [draft.pk]:
            raise ValidationError(_("A case cannot move to another version."))
    problems = form_schema_problems(case.form_schema)
    if problems:
        raise ValidationError(problems)
    case.full_clean()
    case.save()
    for item in delete_items:
        if item.case_id != case.pk:
            raise ValidationError(_("That row belongs to another case."))
        item.delete()
    moved_steps = [
        item.pk for item in save_items if isinstance(item, WorkflowStep) and item.pk is not None
    ]
    for offset, pk in enumerate(moved_steps):
        WorkflowStep.objects.filter(pk=pk, case=case).update(position=_PARKED_POSITION + offset)
    for item in save_items:
        if item.pk is not None and item.case_id != case.pk:
            raise ValidationError(_("That row belongs to another case."))
        item.case = case
        item.full_clean()
        item.save()
    codes = set(case.components.exclude(code="").values_list("code", flat=True))
    problems = form_schema_problems(case.form_schema, codes)
    if problems:
        raise ValidationError(problems)
    log.info(
        "catalog_case_saved",
        code=draft.procedure.code,
        number=draft.number,
        case=case.position,
        user=getattr(saved_by, "pk", None),
    )
    return case


@transaction.atomic
def case_delete(*, case: ProcedureCase, deleted_by=None) -> None:
    draft = _lock_draft(case.version)
    case.delete()
    log.info(
        "catalog_case_deleted",
        code=draft.procedure.code,
        number=draft.number,
        case=case.position,
        user=getattr(deleted_by, "pk", None),
    )


# --- Publication ---------------------------------------------------------------------------


def _validity_problems(draft: ProcedureVersion, valid_from: dt.date) -> list[str]:
    """The new version must start after every earlier version started and ended."""
    problems = []
    for earlier in draft.procedure.versions.filter(status__in=LEGAL_STATUSES):
        last = max(d for d in (earlier.valid_from, earlier.valid_to) if d is not None)
        if valid_from <= last:
            problems.append(
                _(
                    "The date in force must be after %(date)s, a day already covered by "
                    "version %(number)s."
                )
                % {"date": _date_text(last), "number": earlier.number}
            )
    return problems


@transaction.atomic
def version_publish(
    *,
    version: ProcedureVersion,
    decision: PublicationDecision,
    kind: DecisionKind,
    valid_from: dt.date,
    published_by=None,
) -> ProcedureVersion:
    """Publish a draft by ``decision``, in force from ``valid_from``.

    The version in force until then ends the day before and becomes superseded. Refused
    with the whole list of problems when the version is not valid (``validation.py``).
    """
    draft = _lock_draft(version)
    current = (
        draft.procedure.versions.select_for_update().filter(status=VersionStatus.PUBLISHED).first()
    )
    problems = []
    if kind == DecisionKind.AMENDED and current is None:
        problems.append(_("There is no published version to amend: publish it as newly issued."))
    elif kind == DecisionKind.NEW and current is not None:
        problems.append(
            _("Version %(number)s is published: publish this one as amended or supplemented.")
            % {"number": current.number}
        )
    elif kind not in (DecisionKind.NEW, DecisionKind.AMENDED):
        problems.append(_("A version is published as newly issued or as amended."))
    problems += _validity_problems(draft, valid_from)
    problems += version_problems(draft, version_content(draft))
    if problems:
        raise ValidationError(problems)
    if current is not None:
        current.status = VersionStatus.SUPERSEDED
        current.valid_to = valid_from - ONE_DAY
        current.save(update_fields=["status", "valid_to", "updated_at"])
    draft.status = VersionStatus.PUBLISHED
    draft.decision = decision
    draft.decision_kind = kind
    draft.valid_from = valid_from
    draft.valid_to = None
    draft.published_at = timezone.now()
    draft.save(
        update_fields=[
            "status",
            "decision",
            "decision_kind",
            "valid_from",
            "valid_to",
            "published_at",
            "updated_at",
        ]
    )
    log.info(
        "catalog_version_published",
        code=draft.procedure.code,
        number=draft.number,
        decision=decision.number,
        valid_from=valid_from.isoformat(),
        superseded=current.number if current else None,
        user=getattr(published_by, "pk", None),
    )
    return draft


@transaction.atomic
def procedure_abolish(
    *,
    procedure: Procedure,
    decision: PublicationDecision,
    effective_from: dt.date,
    abolished_by=None,
) -> ProcedureVersion:
    """Abolish a procedure by ``decision`` (bãi bỏ): it is no longer in force from ``effective_from``.

    The published version ends the day before and records the abolishing decision and
    the moment the abolition reached the system, as a publication would.
    """
    current = procedure.versions.select_for_update().filter(status=VersionStatus.PUBLISHED).first()
    if current is None:
        raise ValidationError(
            _("Procedure %(code)s has no published version to abolish.") % {"code": procedure.code}
        )
    if effective_from <= current.valid_from:
        raise ValidationError(
            _("The abolition must take effect after %(date)s, the day version %(number)s started.")
            % {"date": _date_text(current.valid_from), "number": current.number}
        )
    current.status = VersionStatus.ABOLISHED
    current.valid_to = effective_from - ONE_DAY
    current.decision = decision
    current.decision_kind = DecisionKind.ABOLISHED
    current.published_at = timezone.now()
    current.save(
        update_fields=[
            "status",
            "valid_to",
            "decision",
            "decision_kind",
            "published_at",
            "updated_at",
        ]
    )
    log.info(
        "catalog_procedure_abolished",
        code=procedure.code,
        number=current.number,
        decision=decision.number,
        effective_from=effective_from.isoformat(),
        user=getattr(abolished_by, "pk", None),
    )
    return current
