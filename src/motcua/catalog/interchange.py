"""Import and export of the whole catalogue as JSON (docs/catalog-format.md, version 1).

Both directions go through one in-memory shape, a ``ProcedureBundle`` of model
instances, and one serializer, ``_procedure_doc``. Export reads bundles from the
database; import reads them from a document. Import compares the two serializations to
decide whether a procedure is unchanged, so importing the same document twice writes
nothing the second time.

Import is all or nothing: every problem of the document is collected, named by where it
is (procedure, version, case, row), and nothing is written unless there is none.
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import hashlib
import itertools
import json
import posixpath
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.core.files.base import ContentFile
from django.db import models, transaction
from django.db.models import Prefetch, ProtectedError, QuerySet
from django.utils import timezone
from django.utils.text import get_valid_filename
from django.utils.translation import gettext as _

from motcua.agencies.models import Agency
from motcua.agencies.selectors import agency_get_by_code
from motcua.workcalendar.constants import DeadlineUnit
from motcua.workcalendar.engine import VN_TZ

from .constants import (
    CopyType,
    DecisionKind,
    DeliveryChannel,
    FeeCollection,
    FeeKind,
    GovernmentLevel,
    Handling,
    OnlineLevel,
    Performer,
    Requirement,
    ReuseSource,
    StepAction,
    SupplementClock,
    VersionStatus,
)
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
from .validation import CaseContent, form_schema_problems, number_text, version_problems

FORMAT = "motcua-catalogue"
FORMAT_VERSION = 1

_RESULTS_DIR = "catalog/results"
_FORMS_DIR = "catalog/forms"


@dataclass(frozen=True)
class FileContent:
    name: str
    content: bytes


@dataclass
class CaseBundle:
    case: ProcedureCase
    fees: list[Fee]
    components: list[Component]
    steps: list[WorkflowStep]
    result_template: FileContent | None
    form_templates: list[FileContent | None]  # one per component, same order


@dataclass
class VersionBundle:
    version: ProcedureVersion  # ``decision`` may be an unsaved decision of the document
    competent: list[Agency]
    implementing: list[Agency]
    cases: list[CaseBundle]


@dataclass
class ProcedureBundle:
    procedure: Procedure  # ``field`` may be an unsaved field of the document
    versions: list[VersionBundle]


@dataclass
class ImportResult:
    created: list[str] = field(default_factory=list)
    replaced: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    references_written: int = 0  # sectors, fields and decisions created or updated
    warnings: list[str] = field(default_factory=list)


# --- Serialisation (shared by export and import) -------------------------------------------


def _day(value: dt.date | None) -> str | None:
    return value.isoformat() if value else None


def _moment(value: dt.datetime | None) -> str | None:
    return value.astimezone(VN_TZ).isoformat() if value else None


def _file_doc(file: FileContent | None) -> dict | None:
    if file is None:
        return None
    return {"name": file.name, "content_base64": base64.b64encode(file.content).decode("ascii")}


def _case_doc(bundle: CaseBundle) -> dict:
    case = bundle.case
    online_amount = case.online_processing_amount
    return {
        "position": case.position,
        "name": case.name,
        "processing_amount": number_text(case.processing_amount),
        "processing_unit": case.processing_unit,
        "online_processing_amount": None if online_amount is None else number_text(online_amount),
        "online_processing_unit": case.online_processing_unit,
        "online_level": case.online_level,
        "delivery_channels": case.delivery_channels,
        "result_name": case.result_name,
        "result_code": case.result_code,
        "result_template": _file_doc(bundle.result_template),
        "result_retention_years": case.result_retention_years,
        "result_returned_by": case.result_returned_by,
        "form_schema": case.form_schema,
        "notes": case.notes,
        "fees": [
            {
                "position": fee.position,
                "kind": fee.kind,
                "name": fee.name,
                "amount": number_text(fee.amount),
                "unit": fee.unit,
                "condition": fee.condition,
                "exemptions": fee.exemptions,
                "collection": fee.collection,
            }
            for fee in bundle.fees
        ],
        "components": [
            {
                "position": component.position,
                "code": component.code,
                "name": component.name,
                "copy_type": component.copy_type,
                "quantity": component.quantity,
                "requirement": component.requirement,
                "condition": component.condition,
                "form_template": _file_doc(template),
                "form_template_name": component.form_template_name,
                "must_digitise": component.must_digitise,
                "reuse_sources": component.reuse_sources,
                "document_type": component.document_type,
                "retention_years": component.retention_years,
            }
            for component, template in zip(bundle.components, bundle.form_templates, strict=True)
        ],
        "steps": [
            {
                "position": step.position,
                "name": step.name,
                "performer": step.performer,
                "agency": step.agency.code if step.agency_id else None,
                "department_name": step.department_name,
                "role": step.role,
                "hours": number_text(step.hours),
                "actions": step.actions,
                "stage": step.stage,
            }
            for step in bundle.steps
        ],
    }


def _version_doc(bundle: VersionBundle) -> dict:
    version = bundle.version
    decision = version.decision
    return {
        "number": version.number,
        "status": version.status,
        "decision": (
            {"number": decision.number, "issuer": decision.issuer.code} if decision else None
        ),
        "decision_kind": version.decision_kind,
        "valid_from": _day(version.valid_from),
        "valid_to": _day(version.valid_to),
        "published_at": _moment(version.published_at),
        "name": version.name,
        "level": version.level,
        "competent_agencies": sorted(a.code for a in bundle.competent),
        "implementing_agencies": sorted(a.code for a in bundle.implementing),
        "boundary_free": version.boundary_free,
        "handling": version.handling,
        "external_reference": version.external_reference,
        "supplement_clock": version.supplement_clock,
        "legal_basis": version.legal_basis,
        "requirements": version.requirements,
        "cases": [_case_doc(case) for case in bundle.cases],
    }


def _procedure_doc(bundle: ProcedureBundle) -> dict:
    procedure = bundle.procedure
    return {
        "code": procedure.code,
        "field": procedure.field.code,
        "owner_agency": procedure.owner_agency.code,
        "versions": [_version_doc(version) for version in bundle.versions],
    }


def _decision_doc(decision: PublicationDecision) -> dict:
    return {
        "number": decision.number,
        "issuer": decision.issuer.code,
        "date": decision.date.isoformat(),
        "signer": decision.signer,
        "title": decision.title,
    }


def _sector_doc(sector: Sector) -> dict:
    return {"code": sector.code, "name": sector.name}


def _field_doc(item: Field) -> dict:
    return {"code": item.code, "name": item.name, "sector": item.sector.code}


# --- Export --------------------------------------------------------------------------------


def _stored(file: models.fields.files.FieldFile, owner: str) -> FileContent | None:
    if not file:
        return None
    try:
        with file.storage.open(file.name, "rb") as handle:
            content = handle.read()
    except FileNotFoundError as error:
        raise ValidationError(
            _("%(owner)s: the file %(name)s is missing from storage.")
            % {"owner": owner, "name": file.name}
        ) from error
    return FileContent(name=posixpath.basename(file.name), content=content)


def _bundles_from_db(procedures: QuerySet[Procedure]) -> list[ProcedureBundle]:
    cases = ProcedureCase.objects.order_by("position", "pk").prefetch_related(
        Prefetch("fees", queryset=Fee.objects.order_by("position", "pk")),
        Prefetch("components", queryset=Component.objects.order_by("position", "pk")),
        Prefetch(
            "steps",
            queryset=WorkflowStep.objects.order_by("position", "pk").select_related("agency"),
        ),
    )
    versions = (
        ProcedureVersion.objects.order_by("number")
        .select_related("decision__issuer")
        .prefetch_related(
            "competent_agencies", "implementing_agencies", Prefetch("cases", queryset=cases)
        )
    )
    bundles = []
    for procedure in (
        procedures.order_by("code")
        .select_related("field", "owner_agency")
        .prefetch_related(Prefetch("versions", queryset=versions))
    ):
        version_bundles = []
        for version in procedure.versions.all():
            owner = _("Procedure %(code)s, version %(number)s") % {
                "code": procedure.code,
                "number": version.number,
            }
            case_bundles = []
            for case in version.cases.all():
                components = list(case.components.all())
                case_bundles.append(
                    CaseBundle(
                        case=case,
                        fees=list(case.fees.all()),
                        components=components,
                        steps=list(case.steps.all()),
                        result_template=_stored(case.result_template, owner),
                        form_templates=[_stored(c.form_template, owner) for c in components],
                    )
                )
            version_bundles.append(
                VersionBundle(
                    version=version,
                    competent=list(version.competent_agencies.all()),
                    implementing=list(version.implementing_agencies.all()),
                    cases=case_bundles,
                )
            )
        bundles.append(ProcedureBundle(procedure=procedure, versions=version_bundles))
    return bundles


def catalogue_export(*, procedures: QuerySet[Procedure] | None = None) -> dict:
    """The catalogue as a document; with ``procedures``, only them and what they refer to."""
    bundles = _bundles_from_db(procedures if procedures is not None else Procedure.objects.all())
    if procedures is None:
        fields = Field.objects.all()
        sectors = Sector.objects.all()
        decisions = PublicationDecision.objects.all()
    else:
        fields = Field.objects.filter(pk__in={b.procedure.field_id for b in bundles})
        sectors = Sector.objects.filter(fields__in=fields).distinct()
        decisions = PublicationDecision.objects.filter(
            pk__in={v.version.decision_id for b in bundles for v in b.versions}
        )
    return {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "exported_at": timezone.localtime(timezone.now(), VN_TZ).isoformat(timespec="seconds"),
        "sectors": [_sector_doc(s) for s in sectors.order_by("code")],
        "fields": [_field_doc(f) for f in fields.select_related("sector").order_by("code")],
        "decisions": [
            _decision_doc(d)
            for d in decisions.select_related("issuer").order_by("date", "number", "issuer__code")
        ],
        "procedures": [_procedure_doc(b) for b in bundles],
    }


def catalogue_dumps(document: dict) -> str:
    """The document as text: UTF-8 as written (Vietnamese stays readable), stable layout."""
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"


# --- Import: reading and checking a document ------------------------------------------------

_MISSING = object()


class _Reader:
    """Reads a document into bundles, collecting every problem with where it is."""

    def __init__(self, *, replace: bool) -> None:
        self.replace = replace
        self.errors: list[str] = []
        self.warnings: list[str] = []
        self._agencies: dict[str, Agency | None] = {}
        self.sectors: dict[str, Sector] = {}
        self.fields: dict[str, Field] = {}
        self.decisions: dict[tuple[str, str], PublicationDecision] = {}
        self.references_to_write: list[models.Model] = []
        self.procedures: list[tuple[ProcedureBundle, Procedure | None]] = []
        self.unchanged: list[str] = []

    # Small typed getters. Each reports a problem and returns a harmless default, so that
    # one reading pass finds every problem of the document.

    def error(self, where: str, message: str) -> None:
        self.errors.append(f"{where}: {message}" if where else message)

    def obj(self, value: Any, where: str, required: set[str], optional: set[str]) -> dict | None:
        if not isinstance(value, dict):
            self.error(where, _("expected an object."))
            return None
        unknown = set(value) - required - optional
        if unknown:
            self.error(where, _("unknown keys: %(keys)s.") % {"keys": ", ".join(sorted(unknown))})
        missing = required - set(value)
        if missing:
            self.error(where, _("missing keys: %(keys)s.") % {"keys": ", ".join(sorted(missing))})
            return None
        return value

    def items(self, data: dict, key: str, where: str) -> list:
        value = data.get(key, [])
        if not isinstance(value, list):
            self.error(where, _("“%(key)s” must be a list.") % {"key": key})
            return []
        return value

    def text(self, data: dict, key: str, where: str, default: str = "") -> str:
        value = data.get(key, default)
        if not isinstance(value, str):
            self.error(where, _("“%(key)s” must be text.") % {"key": key})
            return default
        return value

    def choice(self, data: dict, key: str, where: str, choices: type, default: Any = _MISSING):
        value = data.get(key, default)
        allowed = list(choices.values)
        if value not in allowed:
            self.error(
                where,
                _("“%(key)s” is “%(value)s”; expected one of %(allowed)s.")
                % {"key": key, "value": value, "allowed": ", ".join(allowed)},
            )
            return allowed[0]
        return value

    def choices(self, data: dict, key: str, where: str, choices: type) -> list[str]:
        values = self.items(data, key, where)
        for value in values:
            if value not in choices.values:
                self.error(
                    where,
                    _("“%(key)s” holds “%(value)s”; expected values among %(allowed)s.")
                    % {"key": key, "value": value, "allowed": ", ".join(choices.values)},
                )
                return []
        return values

    def integer(self, data: dict, key: str, where: str, default: int) -> int:
        value = data.get(key, default)
        if not isinstance(value, int) or isinstance(value, bool):
            self.error(where, _("“%(key)s” must be a whole number.") % {"key": key})
            return default
        return value

    def years(self, data: dict, key: str, where: str) -> int | None:
        # Retention periods: empty means the site default, so null is a value of its own.
        value = data.get(key)
        if value is None:
            return None
        if not isinstance(value, int) or isinstance(value, bool) or value < 0:
            self.error(
                where, _("“%(key)s” must be a whole number of years or null.") % {"key": key}
            )
            return None
        return value

    def flag(self, data: dict, key: str, where: str, default: bool) -> bool:
        value = data.get(key, default)
        if not isinstance(value, bool):
            self.error(where, _("“%(key)s” must be true or false.") % {"key": key})
            return default
        return value

    def decimal(self, data: dict, key: str, where: str, *, nullable: bool = False):
        value = data.get(key)
        if value is None and nullable:
            return None
        # Amounts are strings in the format; whole numbers are accepted too, floats are
        # refused because they would round.
        if isinstance(value, str | int) and not isinstance(value, bool):
            try:
                number = Decimal(str(value).strip())
            except InvalidOperation:
                number = None
            if number is not None and number.is_finite():
                return number
        self.error(where, _("“%(key)s” must be a decimal number written as text.") % {"key": key})
        return Decimal(0)

    def day(self, data: dict, key: str, where: str) -> dt.date | None:
        value = data.get(key)
        if value is None:
            return None
        try:
            return dt.date.fromisoformat(value)
        except (TypeError, ValueError):
            self.error(where, _("“%(key)s” must be a date YYYY-MM-DD.") % {"key": key})
            return None

    def moment(self, data: dict, key: str, where: str) -> dt.datetime | None:
        value = data.get(key)
        if value is None:
            return None
        try:
            moment = dt.datetime.fromisoformat(value)
        except (TypeError, ValueError):
            moment = None
        if moment is None or moment.tzinfo is None:
            self.error(
                where, _("“%(key)s” must be a date and time with its offset.") % {"key": key}
            )
            return None
        return moment

    def file(self, data: dict, key: str, where: str, folder: str) -> FileContent | None:
        value = data.get(key)
        if value is None:
            return None
        here = f"{where}, {key}"
        value = self.obj(value, here, {"name", "content_base64"}, set())
        if value is None:
            return None
        name = get_valid_filename(posixpath.basename(str(value["name"]).replace("\\", "/")))
        # The file is stored as <folder>/<16 hex digits>/<name> in a 100-character column.
        room = 100 - len(folder) - 18
        if not name or len(name) > room:
            self.error(
                here, _("the file name must have 1 to %(room)d characters.") % {"room": room}
            )
            return None
        try:
            content = base64.b64decode(str(value["content_base64"]), validate=True)
        except (binascii.Error, ValueError):
            self.error(here, _("the content is not valid base64."))
            return None
        return FileContent(name=name, content=content)

    def agency(self, code: Any, where: str) -> Agency | None:
        if not isinstance(code, str) or not code.strip():
            self.error(where, _("an agency code is expected."))
            return None
        code = code.strip()
        if code not in self._agencies:
            self._agencies[code] = agency_get_by_code(code)
        if self._agencies[code] is None:
            self.error(where, _("no agency has the code “%(code)s”.") % {"code": code})
        return self._agencies[code]

    def agency_list(self, data: dict, key: str, where: str) -> list[Agency]:
        codes = self.items(data, key, where)
        if len(set(map(str, codes))) != len(codes):
            self.error(where, _("“%(key)s” lists an agency twice.") % {"key": key})
        return [a for code in codes if (a := self.agency(code, where)) is not None]

    def model_problems(self, instance: models.Model, where: str, exclude: Iterable[str]) -> None:
        """Lengths, choices and limits declared on the model, in the model's own words."""
        try:
            instance.full_clean(
                exclude=list(exclude), validate_unique=False, validate_constraints=False
            )
        except ValidationError as error:
            for name, messages in error.message_dict.items():
                label = (
                    "" if name == NON_FIELD_ERRORS else instance._meta.get_field(name).verbose_name
                )
                for message in messages:
                    self.error(where, f"{label}: {message}" if label else message)

    # --- Document, sectors, fields, decisions ---------------------------------------------

    def read(self, document: Any) -> None:
        top = self.obj(
            document,
            "",
            {"format", "format_version", "procedures"},
            {"exported_at", "sectors", "fields", "decisions"},
        )
        if top is None:
            return
        if top["format"] != FORMAT or top["format_version"] != FORMAT_VERSION:
            self.error(
                "",
                _("This is not a motcua catalogue document of format version %(version)d.")
                % {"version": FORMAT_VERSION},
            )
            return
        for item in self.items(top, "sectors", ""):
            self.read_sector(item)
        for item in self.items(top, "fields", ""):
            self.read_field(item)
        for item in self.items(top, "decisions", ""):
            self.read_decision(item)
        seen: set[str] = set()
        for item in self.items(top, "procedures", ""):
            code = item.get("code") if isinstance(item, dict) else None
            if isinstance(code, str) and code in seen:
                self.error(
                    _("Procedure %(code)s") % {"code": code}, _("listed twice in the document.")
                )
                continue
            seen.add(code)
            self.read_procedure(item)

    def _reference(
        self,
        model: type[models.Model],
        lookup: dict,
        values: dict,
        where: str,
        describe: Callable[[models.Model], dict],
    ) -> models.Model:
        """Match a reference row by natural key: reuse, update (replace) or create it."""
        existing = model.objects.filter(**lookup).first()
        if existing is None:
            row = model(**lookup, **values)
            self.references_to_write.append(row)
            return row
        candidate = model(pk=existing.pk, **lookup, **values)
        if describe(candidate) == describe(existing):
            return existing
        if not self.replace:
            self.error(
                where,
                _("already recorded with other details; import with --replace to overwrite."),
            )
            return existing
        self.references_to_write.append(candidate)
        return candidate

    def read_sector(self, item: Any) -> None:
        where = _("Sector %(code)s") % {"code": item.get("code") if isinstance(item, dict) else "?"}
        data = self.obj(item, where, {"code", "name"}, set())
        if data is None:
            return
        code = self.text(data, "code", where)
        if code in self.sectors:
            self.error(where, _("listed twice in the document."))
            return
        sector = self._reference(
            Sector, {"code": code}, {"name": self.text(data, "name", where)}, where, _sector_doc
        )
        self.model_problems(sector, where, exclude=[])
        self.sectors[code] = sector

    def sector(self, code: Any, where: str) -> Sector | None:
        if code in self.sectors:
            return self.sectors[code]
        found = Sector.objects.filter(code=code).first() if isinstance(code, str) else None
        if found is None:
            self.error(where, _("no sector has the code “%(code)s”.") % {"code": code})
        return found

    def read_field(self, item: Any) -> None:
        where = _("Field %(code)s") % {"code": item.get("code") if isinstance(item, dict) else "?"}
        data = self.obj(item, where, {"code", "name", "sector"}, set())
        if data is None:
            return
        code = self.text(data, "code", where)
        sector = self.sector(data["sector"], where)
        if code in self.fields:
            self.error(where, _("listed twice in the document."))
            return
        if sector is None:
            return
        row = self._reference(
            Field,
            {"code": code},
            {"name": self.text(data, "name", where), "sector": sector},
            where,
            _field_doc,
        )
        self.model_problems(row, where, exclude=["sector"])
        self.fields[code] = row

    def field(self, code: Any, where: str) -> Field | None:
        if code in self.fields:
            return self.fields[code]
        found = (
            Field.objects.filter(code=code).select_related("sector").first()
            if isinstance(code, str)
            else None
        )
        if found is None:
            self.error(where, _("no field has the code “%(code)s”.") % {"code": code})
        return found

    def read_decision(self, item: Any) -> None:
        number = item.get("number") if isinstance(item, dict) else "?"
        issuer_code = item.get("issuer") if isinstance(item, dict) else "?"
        where = _("Decision %(number)s of %(issuer)s") % {"number": number, "issuer": issuer_code}
        data = self.obj(item, where, {"number", "issuer", "date"}, {"signer", "title"})
        if data is None:
            return
        issuer = self.agency(data["issuer"], where)
        day = self.day(data, "date", where)
        if data["date"] is None:
            self.error(where, _("“%(key)s” must be a date YYYY-MM-DD.") % {"key": "date"})
        number = self.text(data, "number", where)
        if issuer is None or day is None:
            return  # reported above
        key = (number, issuer.code)
        if key in self.decisions:
            self.error(where, _("listed twice in the document."))
            return
        decision = self._reference(
            PublicationDecision,
            {"number": number, "issuer": issuer},
            {
                "date": day,
                "signer": self.text(data, "signer", where),
                "title": self.text(data, "title", where),
            },
            where,
            _decision_doc,
        )
        self.model_problems(decision, where, exclude=["issuer"])
        self.decisions[key] = decision

    def decision(self, value: Any, where: str) -> PublicationDecision | None:
        data = self.obj(value, f"{where}, decision", {"number", "issuer"}, set())
        if data is None:
            return None
        issuer = self.agency(data["issuer"], f"{where}, decision")
        if issuer is None:
            return None
        key = (str(data["number"]), issuer.code)
        if key in self.decisions:
            return self.decisions[key]
        found = PublicationDecision.objects.filter(number=key[0], issuer=issuer).first()
        if found is None:
            self.error(
                where,
                _("the decision %(number)s of %(issuer)s is neither in the document nor recorded.")
                % {"number": key[0], "issuer": issuer.code},
            )
        return found

    # --- Procedures ----------------------------------------------------------------------

    def read_procedure(self, item: Any) -> None:
        code = item.get("code") if isinstance(item, dict) else "?"
        where = _("Procedure %(code)s") % {"code": code}
        data = self.obj(item, where, {"code", "field", "owner_agency", "versions"}, set())
        if data is None:
            return
        errors_before = len(self.errors)
        code = self.text(data, "code", where)
        procedure = Procedure(code=code)
        procedure.field = self.field(data["field"], where)
        procedure.owner_agency = self.agency(data["owner_agency"], where)
        self.model_problems(procedure, where, exclude=["field", "owner_agency"])
        versions = [
            self.read_version(version, procedure, where)
            for version in self.items(data, "versions", where)
        ]
        if not versions:
            self.error(where, _("a procedure needs at least one version."))
        if len(self.errors) > errors_before:
            return
        self.check_history(versions, where)
        if len(self.errors) > errors_before:
            return
        bundle = ProcedureBundle(procedure=procedure, versions=versions)
        for version in versions:
            if version.version.status == VersionStatus.PUBLISHED:
                contents = [
                    CaseContent(c.case, c.fees, c.components, c.steps) for c in version.cases
                ]
                self.warnings += [
                    _("Procedure %(code)s, version %(number)s: %(problem)s")
                    % {"code": code, "number": version.version.number, "problem": problem}
                    for problem in version_problems(version.version, contents)
                ]
        existing = Procedure.objects.filter(code=code).first()
        if existing is not None:
            if _procedure_doc(_bundles_from_db(Procedure.objects.filter(pk=existing.pk))[0]) == (
                _procedure_doc(bundle)
            ):
                self.unchanged.append(code)
                return
            if not self.replace:
                self.error(
                    where,
                    _(
                        "already in the catalogue with other content; import with --replace "
                        "to overwrite it."
                    ),
                )
                return
        self.procedures.append((bundle, existing))

    def check_history(self, versions: list[VersionBundle], where: str) -> None:
        """Version numbers, one draft, one published version, periods that do not overlap."""
        numbers = [v.version.number for v in versions]
        if len(set(numbers)) != len(numbers):
            self.error(where, _("two versions have the same number."))
        statuses = [v.version.status for v in versions]
        if statuses.count(VersionStatus.DRAFT) > 1:
            self.error(where, _("more than one draft."))
        if statuses.count(VersionStatus.PUBLISHED) > 1:
            self.error(where, _("more than one published version."))
        periods = sorted(
            (v.version for v in versions if v.version.status != VersionStatus.DRAFT),
            key=lambda v: v.valid_from,
        )
        for earlier, later in itertools.pairwise(periods):
            if earlier.valid_to is None or earlier.valid_to >= later.valid_from:
                self.error(
                    where,
                    _("versions %(first)s and %(second)s are in force on the same days.")
                    % {"first": earlier.number, "second": later.number},
                )

    def read_version(self, item: Any, procedure: Procedure, where: str) -> VersionBundle:
        number = item.get("number") if isinstance(item, dict) else "?"
        where = _("%(where)s, version %(number)s") % {"where": where, "number": number}
        data = self.obj(
            item,
            where,
            {"number", "status", "name", "level"},
            {
                "decision",
                "decision_kind",
                "valid_from",
                "valid_to",
                "published_at",
                "competent_agencies",
                "implementing_agencies",
                "boundary_free",
                "handling",
                "external_reference",
                "supplement_clock",
                "legal_basis",
                "requirements",
                "cases",
            },
        )
        version = ProcedureVersion(procedure=procedure, number=0, status=VersionStatus.DRAFT)
        bundle = VersionBundle(version=version, competent=[], implementing=[], cases=[])
        if data is None:
            return bundle
        version.number = self.integer(data, "number", where, 0)
        if version.number < 1:
            self.error(where, _("the version number must be 1 or more."))
        version.status = self.choice(data, "status", where, VersionStatus)
        version.decision_kind = (
            self.choice(data, "decision_kind", where, DecisionKind)
            if data.get("decision_kind", "") != ""
            else ""
        )
        version.valid_from = self.day(data, "valid_from", where)
        version.valid_to = self.day(data, "valid_to", where)
        version.published_at = self.moment(data, "published_at", where)
        version.name = self.text(data, "name", where)
        version.level = self.choice(data, "level", where, GovernmentLevel)
        version.boundary_free = self.flag(data, "boundary_free", where, False)
        version.handling = self.choice(data, "handling", where, Handling, Handling.LOCAL)
        version.external_reference = self.text(data, "external_reference", where)
        version.supplement_clock = self.choice(
            data, "supplement_clock", where, SupplementClock, SupplementClock.PAUSE
        )
        version.legal_basis = self.text(data, "legal_basis", where)
        version.requirements = self.text(data, "requirements", where)
        if data.get("decision") is not None:
            version.decision = self.decision(data["decision"], where)
        self.check_lifecycle(version, data, where)
        bundle.competent = self.agency_list(data, "competent_agencies", where)
        bundle.implementing = self.agency_list(data, "implementing_agencies", where)
        self.model_problems(version, where, exclude=["procedure", "decision", "number", "status"])
        bundle.cases = [
            self.read_case(case, index, where)
            for index, case in enumerate(self.items(data, "cases", where), start=1)
        ]
        return bundle

    def check_lifecycle(self, version: ProcedureVersion, data: dict, where: str) -> None:
        """What each status implies for the decision and the period (docs/catalog-format.md)."""
        status, kind = version.status, version.decision_kind
        if status == VersionStatus.DRAFT:
            if any(
                data.get(key) not in (None, "")
                for key in ("decision", "decision_kind", "valid_from", "valid_to", "published_at")
            ):
                self.error(
                    where,
                    _("a draft has no decision, decision kind, period or publication time."),
                )
            return
        if data.get("decision") is None or version.valid_from is None:
            self.error(where, _("a version that was published needs its decision and valid_from."))
        expected_kinds = (
            {DecisionKind.ABOLISHED}
            if status == VersionStatus.ABOLISHED
            else {DecisionKind.NEW, DecisionKind.AMENDED}
        )
        if kind not in expected_kinds:
            self.error(
                where,
                _("a version with status “%(status)s” needs decision_kind %(kinds)s.")
                % {"status": status, "kinds": " or ".join(sorted(expected_kinds))},
            )
        if status == VersionStatus.PUBLISHED and version.valid_to is not None:
            self.error(where, _("a published version has no valid_to; it is still in force."))
        if status != VersionStatus.PUBLISHED and version.valid_to is None:
            self.error(where, _("a superseded or abolished version needs valid_to."))
        if version.valid_from and version.valid_to and version.valid_to < version.valid_from:
            self.error(where, _("valid_to is before valid_from."))

    def read_case(self, item: Any, index: int, where: str) -> CaseBundle:
        position = item.get("position", index) if isinstance(item, dict) else index
        where = _("%(where)s, case %(position)s") % {"where": where, "position": position}
        data = self.obj(
            item,
            where,
            {"name", "processing_amount", "processing_unit", "online_level", "result_name"},
            {
                "position",
                "online_processing_amount",
                "online_processing_unit",
                "delivery_channels",
                "result_code",
                "result_template",
                "result_retention_years",
                "result_returned_by",
                "form_schema",
                "notes",
                "fees",
                "components",
                "steps",
            },
        )
        case = ProcedureCase(processing_amount=Decimal(0), online_level=OnlineLevel.NONE)
        bundle = CaseBundle(case, [], [], [], None, [])
        if data is None:
            return bundle
        case.position = self.integer(data, "position", where, index)
        case.name = self.text(data, "name", where)
        case.processing_amount = self.decimal(data, "processing_amount", where)
        case.processing_unit = self.choice(data, "processing_unit", where, DeadlineUnit)
        case.online_processing_amount = self.decimal(
            data, "online_processing_amount", where, nullable=True
        )
        case.online_processing_unit = (
            self.choice(data, "online_processing_unit", where, DeadlineUnit)
            if data.get("online_processing_unit", "") != ""
            else ""
        )
        case.online_level = self.choice(data, "online_level", where, OnlineLevel)
        case.delivery_channels = self.choices(data, "delivery_channels", where, DeliveryChannel)
        case.result_name = self.text(data, "result_name", where)
        case.result_code = self.text(data, "result_code", where)
        case.result_returned_by = self.choice(
            data, "result_returned_by", where, Performer, Performer.RECEIVING_CENTRE
        )
        case.form_schema = data.get("form_schema", {})
        case.notes = self.text(data, "notes", where)
        bundle.result_template = self.file(data, "result_template", where, _RESULTS_DIR)
        case.result_retention_years = self.years(data, "result_retention_years", where)
        self.model_problems(case, where, exclude=["version", "result_template"])
        bundle.fees = [
            self.read_fee(fee, i, where) for i, fee in enumerate(self.items(data, "fees", where), 1)
        ]
        for i, component in enumerate(self.items(data, "components", where), 1):
            row, template = self.read_component(component, i, where)
            bundle.components.append(row)
            bundle.form_templates.append(template)
        bundle.steps = [
            self.read_step(step, i, where)
            for i, step in enumerate(self.items(data, "steps", where), 1)
        ]
        positions = [step.position for step in bundle.steps]
        if len(set(positions)) != len(positions):
            self.error(where, _("two steps have the same position."))
        codes = [c.code for c in bundle.components if c.code]
        if len(set(codes)) != len(codes):
            self.error(where, _("two components have the same code."))
        for problem in form_schema_problems(case.form_schema, set(codes)):
            self.error(where, problem)
        return bundle

    def read_fee(self, item: Any, index: int, where: str) -> Fee:
        position = item.get("position", index) if isinstance(item, dict) else index
        where = _("%(where)s, fee %(position)s") % {"where": where, "position": position}
        fee = Fee(amount=Decimal(0))
        data = self.obj(
            item,
            where,
            {"kind", "name", "amount"},
            {"position", "unit", "condition", "exemptions", "collection"},
        )
        if data is None:
            return fee
        fee.position = self.integer(data, "position", where, index)
        fee.kind = self.choice(data, "kind", where, FeeKind)
        fee.name = self.text(data, "name", where)
        fee.amount = self.decimal(data, "amount", where)
        fee.unit = self.text(data, "unit", where)
        fee.condition = self.text(data, "condition", where)
        fee.exemptions = self.text(data, "exemptions", where)
        fee.collection = self.choice(data, "collection", where, FeeCollection, FeeCollection.BEFORE)
        self.model_problems(fee, where, exclude=["case"])
        return fee

    def read_component(
        self, item: Any, index: int, where: str
    ) -> tuple[Component, FileContent | None]:
        position = item.get("position", index) if isinstance(item, dict) else index
        where = _("%(where)s, component %(position)s") % {"where": where, "position": position}
        component = Component()
        data = self.obj(
            item,
            where,
            {"name", "copy_type"},
            {
                "position",
                "code",
                "quantity",
                "requirement",
                "condition",
                "form_template",
                "form_template_name",
                "must_digitise",
                "reuse_sources",
                "document_type",
                "retention_years",
            },
        )
        if data is None:
            return component, None
        component.position = self.integer(data, "position", where, index)
        component.code = self.text(data, "code", where)
        component.name = self.text(data, "name", where)
        component.copy_type = self.choice(data, "copy_type", where, CopyType)
        component.quantity = self.integer(data, "quantity", where, 1)
        component.requirement = self.choice(
            data, "requirement", where, Requirement, Requirement.MANDATORY
        )
        component.condition = self.text(data, "condition", where)
        component.form_template_name = self.text(data, "form_template_name", where)
        component.must_digitise = self.flag(data, "must_digitise", where, True)
        component.reuse_sources = self.choices(data, "reuse_sources", where, ReuseSource)
        component.document_type = self.text(data, "document_type", where)
        component.retention_years = self.years(data, "retention_years", where)
        template = self.file(data, "form_template", where, _FORMS_DIR)
        self.model_problems(component, where, exclude=["case", "form_template"])
        return component, template

    def read_step(self, item: Any, index: int, where: str) -> WorkflowStep:
        position = item.get("position", index) if isinstance(item, dict) else index
        where = _("%(where)s, step %(position)s") % {"where": where, "position": position}
        step = WorkflowStep(hours=Decimal(0))
        data = self.obj(
            item,
            where,
            {"name", "performer", "role", "hours", "actions"},
            {"position", "agency", "department_name", "stage"},
        )
        if data is None:
            return step
        step.position = self.integer(data, "position", where, index)
        step.name = self.text(data, "name", where)
        step.performer = self.choice(data, "performer", where, Performer)
        if data.get("agency") is not None:
            step.agency = self.agency(data["agency"], where)
        step.department_name = self.text(data, "department_name", where)
        step.role = self.text(data, "role", where)
        step.hours = self.decimal(data, "hours", where)
        step.actions = self.choices(data, "actions", where, StepAction)
        step.stage = self.integer(data, "stage", where, 1)
        self.model_problems(step, where, exclude=["case", "agency"])
        return step


# --- Import: writing -----------------------------------------------------------------------


def _store(file: FileContent | None, field_file_of: models.FileField, folder: str) -> str:
    """Store ``file`` under a folder named by its content hash: the same file is stored once
    and keeps its name, so a re-export gives back the same document."""
    if file is None:
        return ""
    storage = field_file_of.storage
    path = f"{folder}/{hashlib.sha256(file.content).hexdigest()[:16]}/{file.name}"
    if storage.exists(path):
        return path
    return storage.save(path, ContentFile(file.content))


def _write_procedure(bundle: ProcedureBundle, existing: Procedure | None) -> None:
    procedure = bundle.procedure
    if existing is not None:
        try:
            existing.versions.all().delete()
        except ProtectedError as error:
            raise ValidationError(
                _("Procedure %(code)s cannot be replaced: records already refer to its versions.")
                % {"code": existing.code}
            ) from error
        procedure.pk = existing.pk
        procedure.created_at = existing.created_at
    procedure.save()
    result_field = ProcedureCase._meta.get_field("result_template")
    form_field = Component._meta.get_field("form_template")
    for version_bundle in bundle.versions:
        version = version_bundle.version
        version.procedure = procedure
        version.save()
        version.competent_agencies.set(version_bundle.competent)
        version.implementing_agencies.set(version_bundle.implementing)
        for case_bundle in version_bundle.cases:
            case = case_bundle.case
            case.version = version
            case.result_template = _store(case_bundle.result_template, result_field, _RESULTS_DIR)
            case.save()
            for fee in case_bundle.fees:
                fee.case = case
            Fee.objects.bulk_create(case_bundle.fees)
            for component, template in zip(
                case_bundle.components, case_bundle.form_templates, strict=True
            ):
                component.case = case
                component.form_template = _store(template, form_field, _FORMS_DIR)
            Component.objects.bulk_create(case_bundle.components)
            for step in case_bundle.steps:
                step.case = case
            WorkflowStep.objects.bulk_create(case_bundle.steps)


def catalogue_import(document: Any, *, replace: bool = False) -> ImportResult:
    """Load a document (parsed JSON) into the catalogue, all or nothing.

    A procedure already present with the same content is left alone; with other content
    it is refused unless ``replace``, which rewrites its versions from the document.
    Sectors, fields and decisions are matched by natural key the same way. Agencies must
    already exist. Raises ``ValidationError`` with every problem found.
    """
    with transaction.atomic():
        reader = _Reader(replace=replace)
        reader.read(document)
        if reader.errors:
            raise ValidationError(reader.errors)
        result = ImportResult(unchanged=reader.unchanged, warnings=reader.warnings)
        for row in reader.references_to_write:
            row.save()
        result.references_written = len(reader.references_to_write)
        for bundle, existing in reader.procedures:
            _write_procedure(bundle, existing)
            (result.replaced if existing else result.created).append(bundle.procedure.code)
        return result
