"""Rules a procedure version must meet before it is published, and the e-form definition rules.

Everything here is pure: it reads model instances and lists handed to it and never queries
the database, so the importer can check a document before writing anything and the
services can check a version after loading it once (``selectors.version_content``).
Each function returns a list of problems in the active language (Vietnamese by default);
an empty list means valid.

Legal time in working hours. Workflow step budgets are in working hours, the legal time of
a case is not, so the legal time is converted:

- working hours: as stated;
- working days: days × the length of a working day of the default office schedule
  (``workcalendar.engine.DEFAULT_SCHEDULE``: 07:00-11:30 and 13:30-17:00, 8 hours);
- calendar days: days × 8 hours as well. A span of N calendar days holds at most N working
  days, so this is an upper bound: a template that fits it may still be tight over a
  holiday, which the deadline engine handles for each dossier;
- same day: one working day.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _

from motcua.accounts.constants import ROLE_GRANTS, AgencyAction, Role
from motcua.workcalendar.constants import DeadlineUnit
from motcua.workcalendar.engine import DEFAULT_SCHEDULE

from .constants import (
    CopyType,
    DeliveryChannel,
    FeeCollection,
    FeeKind,
    FormFieldType,
    Handling,
    OnlineLevel,
    Performer,
    Requirement,
    ReuseSource,
    StepAction,
)
from .models import Component, Fee, ProcedureCase, ProcedureVersion, WorkflowStep

_US_PER_HOUR = 3_600_000_000
HOURS_PER_WORKING_DAY = Decimal(DEFAULT_SCHEDULE.working_day_us) / _US_PER_HOUR

# Only roles that may process dossiers can perform a step; administrators and monitoring
# officers hold no PROCESS grant (accounts.constants.ROLE_GRANTS).
PROCESSING_ROLES = frozenset(
    role for role, (_scope, actions) in ROLE_GRANTS.items() if AgencyAction.PROCESS in actions
)

FORM_FIELD_NAME = re.compile(r"^[a-z][a-z0-9]*(?:_[a-z0-9]+)*$")
_COMMON_FORM_KEYS = frozenset(
    {"name", "label", "type", "required", "required_if", "visible_if", "help"}
)
_FORM_KEYS_BY_TYPE = {
    FormFieldType.TEXT: frozenset({"max_length"}),
    FormFieldType.NUMBER: frozenset({"min", "max"}),
    FormFieldType.DATE: frozenset(),
    FormFieldType.CHOICE: frozenset({"choices"}),
    FormFieldType.PERSONAL_ID: frozenset(),
    FormFieldType.ADDRESS: frozenset(),
    FormFieldType.FILE: frozenset({"component"}),
}


@dataclass(frozen=True)
class CaseContent:
    """A case with its fees, components and workflow steps, each list in position order."""

    case: ProcedureCase
    fees: Sequence[Fee]
    components: Sequence[Component]
    steps: Sequence[WorkflowStep]


def legal_time_hours(amount: Decimal, unit: str) -> Decimal:
    """The legal time of a case in working hours (see the module docstring)."""
    if unit == DeadlineUnit.WORKING_HOURS:
        return Decimal(amount)
    if unit in (DeadlineUnit.WORKING_DAYS, DeadlineUnit.CALENDAR_DAYS):
        return Decimal(amount) * HOURS_PER_WORKING_DAY
    if unit == DeadlineUnit.SAME_DAY:
        return HOURS_PER_WORKING_DAY
    raise ValueError(f"Unknown deadline unit {unit!r}")


def number_text(value: Decimal | int | float) -> str:
    """A decimal as people write it: no trailing zeros, no exponent (``2.50`` → ``2.5``)."""
    text = format(Decimal(str(value)), "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text or "0"


def _at(where: str, problems: Iterable[str]) -> list[str]:
    return [f"{where}: {problem}" for problem in problems]


def _list_problems(value: Any, allowed: type, label: str) -> list[str]:
    """A JSON list of choice values: a list, known values, each once."""
    if not isinstance(value, list):
        return [_("%(label)s must be a list.") % {"label": label}]
    problems = [
        _("%(label)s: “%(value)s” is not one of %(allowed)s.")
        % {"label": label, "value": item, "allowed": ", ".join(allowed.values)}
        for item in value
        if not isinstance(item, str) or item not in allowed.values
    ]
    if len(set(map(str, value))) != len(value):
        problems.append(_("%(label)s lists a value twice.") % {"label": label})
    return problems


# --- Processing time -----------------------------------------------------------------------


def processing_time_problems(amount: Decimal | None, unit: str, *, online: bool) -> list[str]:
    label = _("the online processing time") if online else _("the processing time")
    if online and amount is None and not unit:
        return []
    if amount is None or not unit:
        return [_("%(label)s needs both an amount and a unit, or neither.") % {"label": label}]
    if unit not in DeadlineUnit.values:
        return [_("%(label)s has an unknown unit “%(unit)s”.") % {"label": label, "unit": unit}]
    if amount < 0:
        return [_("%(label)s cannot be negative.") % {"label": label}]
    if unit == DeadlineUnit.SAME_DAY:
        if amount != 0:
            return [
                _("%(label)s is “same day”: the amount must be 0, it is not used.")
                % {"label": label}
            ]
        return []
    if amount == 0:
        return [_("%(label)s must be greater than 0.") % {"label": label}]
    if unit == DeadlineUnit.CALENDAR_DAYS and amount != amount.to_integral_value():
        return [_("%(label)s in calendar days must be a whole number.") % {"label": label}]
    return []


# --- Fees and components -------------------------------------------------------------------


def fee_problems(fee: Fee) -> list[str]:
    where = _("Fee %(position)s “%(name)s”") % {"position": fee.position, "name": fee.name}
    problems = []
    if not fee.name.strip():
        problems.append(_("the name is empty."))
    if fee.kind not in FeeKind.values:
        problems.append(_("unknown kind “%(value)s”.") % {"value": fee.kind})
    if fee.amount is None or fee.amount < 0:
        problems.append(_("the amount cannot be negative."))
    if fee.collection not in FeeCollection.values:
        problems.append(_("unknown collection time “%(value)s”.") % {"value": fee.collection})
    return _at(where, problems)


def component_problems(component: Component) -> list[str]:
    where = _("Component %(position)s “%(name)s”") % {
        "position": component.position,
        "name": component.name,
    }
    problems = []
    if not component.name.strip():
        problems.append(_("the name is empty."))
    if component.copy_type not in CopyType.values:
        problems.append(_("unknown document form “%(value)s”.") % {"value": component.copy_type})
    if component.quantity < 1:
        problems.append(_("at least one copy is needed."))
    if component.requirement not in Requirement.values:
        problems.append(_("unknown requirement “%(value)s”.") % {"value": component.requirement})
    elif component.requirement == Requirement.CONDITIONAL and not component.condition.strip():
        problems.append(_("a conditional component must say when it is required."))
    problems += _list_problems(component.reuse_sources, ReuseSource, _("reuse sources"))
    return _at(where, problems)


# --- Workflow template ---------------------------------------------------------------------


def _step_problems(step: WorkflowStep, *, first: bool, last: bool) -> list[str]:
    problems = []
    if not step.name.strip():
        problems.append(_("the name is empty."))
    if step.performer not in Performer.values:
        problems.append(_("no performer is set."))
    elif step.performer == Performer.SPECIFIC_AGENCY and step.agency_id is None:
        problems.append(_("it is performed by a named agency, but no agency is chosen."))
    elif step.performer != Performer.SPECIFIC_AGENCY and step.agency_id is not None:
        problems.append(_("an agency is chosen, but the step is not performed by a named agency."))
    if step.role not in Role.values:
        problems.append(_("unknown role “%(value)s”.") % {"value": step.role})
    elif step.role not in PROCESSING_ROLES:
        problems.append(
            _("the role “%(role)s” does not process dossiers.") % {"role": Role(step.role).label}
        )
    if step.hours is None or step.hours <= 0:
        problems.append(_("the time budget must be greater than 0 hours."))
    if step.stage < 1:
        problems.append(_("the stage must be 1 or more."))
    problems += _list_problems(step.actions, StepAction, _("allowed actions"))
    if not isinstance(step.actions, list):
        return problems
    actions = {a for a in step.actions if isinstance(a, str)}
    if last and not {StepAction.APPROVE, StepAction.REFUSE} & actions:
        problems.append(_("the last step must allow approving or refusing: it is a dead end."))
    if not last and StepAction.FORWARD not in actions:
        problems.append(_("a step before the last must allow forwarding: it is a dead end."))
    if first and StepAction.RETURN in actions:
        problems.append(_("the first step has no previous step to return to."))
    return problems


def _returner_problems(case: ProcedureCase, steps: Sequence[WorkflowStep]) -> list[str]:
    # The one-stop centre may always hand results back (it received the dossier). Any
    # other returner must finish the process: it performs a step of the last stage, so
    # the dossier is in its hands when the result exists.
    returner = case.result_returned_by
    if returner not in Performer.values:
        return [_("unknown result returner “%(value)s”.") % {"value": returner}]
    if returner == Performer.RECEIVING_CENTRE or not steps:
        return []
    last_stage = max(step.stage for step in steps)
    if any(step.performer == returner for step in steps if step.stage == last_stage):
        return []
    return [
        _(
            "the result is returned by “%(returner)s”, which performs no step of the last "
            "stage (%(stage)s)."
        )
        % {"returner": Performer(returner).label, "stage": last_stage}
    ]


def workflow_problems(
    case: ProcedureCase, steps: Sequence[WorkflowStep], *, handling: str
) -> list[str]:
    """Problems of a case's workflow template (its steps in position order)."""
    if not steps:
        if handling == Handling.MINISTRY_SYSTEM:
            return []  # processed on the ministry's system, not by a template here
        return [_("the workflow has no step.")]
    problems = []
    positions = [step.position for step in steps]
    if positions != list(range(1, len(steps) + 1)):
        problems.append(
            _("steps must be numbered 1, 2, 3… without gaps (found %(positions)s).")
            % {"positions": ", ".join(map(str, positions))}
        )
    for index, step in enumerate(steps):
        where = _("step %(position)s “%(name)s”") % {"position": step.position, "name": step.name}
        problems += _at(where, _step_problems(step, first=index == 0, last=index == len(steps) - 1))
    stages = [step.stage for step in steps]
    if stages != sorted(stages):
        problems.append(_("stages must not go backwards from one step to the next."))
    total = sum((step.hours or Decimal(0) for step in steps), Decimal(0))
    limits = [(case.processing_amount, case.processing_unit, _("the legal time"))]
    if case.online_processing_amount is not None and case.online_processing_unit:
        limits.append(
            (case.online_processing_amount, case.online_processing_unit, _("the online time"))
        )
    for amount, unit, label in limits:
        if amount is None or unit not in DeadlineUnit.values:
            continue  # reported with the processing time
        allowed = legal_time_hours(amount, unit)
        if total > allowed:
            problems.append(
                _(
                    "the steps take %(total)s working hours in all, more than %(label)s "
                    "(%(allowed)s working hours)."
                )
                % {"total": number_text(total), "label": label, "allowed": number_text(allowed)}
            )
    problems += _returner_problems(case, steps)
    return problems


def stage_hours(steps: Sequence[WorkflowStep]) -> list[tuple[int, Decimal]]:
    """Each inter-agency stage with its share of the time, in stage order."""
    shares: dict[int, Decimal] = {}
    for step in steps:
        shares[step.stage] = shares.get(step.stage, Decimal(0)) + (step.hours or Decimal(0))
    return sorted(shares.items())


# --- E-form definition ---------------------------------------------------------------------


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _condition_problems(field: dict, key: str, earlier: dict[str, dict]) -> list[str]:
    rule = field.get(key)
    if rule is None:
        return []
    if not isinstance(rule, dict) or set(rule) != {"field", "equals"}:
        return [_("%(key)s must be {“field”, “equals”}.") % {"key": key}]
    target = earlier.get(rule["field"]) if isinstance(rule["field"], str) else None
    if target is None:
        return [
            _("%(key)s refers to “%(target)s”, which is not an earlier field.")
            % {"key": key, "target": rule["field"]}
        ]
    if target.get("type") == FormFieldType.CHOICE and isinstance(target.get("choices"), list):
        values = [c.get("value") for c in target["choices"] if isinstance(c, dict)]
        if rule["equals"] not in values:
            return [
                _(
                    "%(key)s compares “%(target)s” with “%(value)s”, which is not one of its choices."
                )
                % {"key": key, "target": rule["field"], "value": rule["equals"]}
            ]
    return []


def _choices_problems(choices: Any) -> list[str]:
    if not isinstance(choices, list) or not choices:
        return [_("a choice field needs a non-empty list of choices.")]
    problems = []
    values = []
    for choice in choices:
        if (
            not isinstance(choice, dict)
            or set(choice) != {"value", "label"}
            or not isinstance(choice["value"], str)
            or not choice["value"]
            or not isinstance(choice["label"], str)
            or not choice["label"].strip()
        ):
            problems.append(_("each choice must be {“value”, “label”} with non-empty text."))
            continue
        values.append(choice["value"])
    if len(set(values)) != len(values):
        problems.append(_("two choices have the same value."))
    return problems


def _form_field_problems(
    field: Any, earlier: dict[str, dict], component_codes: set[str] | None
) -> list[str]:
    if not isinstance(field, dict):
        return [_("a field must be an object.")]
    problems = []
    name = field.get("name")
    if not isinstance(name, str) or not FORM_FIELD_NAME.match(name):
        problems.append(
            _("the name must be snake_case: lower-case letters, digits and underscores.")
        )
    elif name in earlier:
        problems.append(_("the name is used by an earlier field."))
    if not isinstance(field.get("label"), str) or not field["label"].strip():
        problems.append(_("the label is empty."))
    kind = field.get("type")
    if kind not in FormFieldType.values:
        problems.append(
            _("unknown type “%(type)s”; use one of %(types)s.")
            % {"type": kind, "types": ", ".join(FormFieldType.values)}
        )
        return problems
    unknown = set(field) - _COMMON_FORM_KEYS - _FORM_KEYS_BY_TYPE[FormFieldType(kind)]
    if unknown:
        problems.append(
            _("keys not allowed for this type: %(keys)s.") % {"keys": ", ".join(sorted(unknown))}
        )
    if "help" in field and not isinstance(field["help"], str):
        problems.append(_("the help text must be text."))
    if "required" in field and not isinstance(field["required"], bool):
        problems.append(_("“required” must be true or false."))
    if field.get("required") is True and "required_if" in field:
        problems.append(_("a field cannot be both required and required_if."))
    for key in ("required_if", "visible_if"):
        problems += _condition_problems(field, key, earlier)
    if kind == FormFieldType.TEXT and "max_length" in field:
        value = field["max_length"]
        if not isinstance(value, int) or isinstance(value, bool) or value < 1:
            problems.append(_("max_length must be a whole number of at least 1."))
    if kind == FormFieldType.NUMBER:
        bounds = {key: field[key] for key in ("min", "max") if key in field}
        if not all(_is_number(v) for v in bounds.values()):
            problems.append(_("min and max must be numbers."))
        elif len(bounds) == 2 and bounds["min"] > bounds["max"]:
            problems.append(_("min is greater than max."))
    if kind == FormFieldType.CHOICE:
        problems += _choices_problems(field.get("choices"))
    if kind == FormFieldType.FILE:
        code = field.get("component")
        if not isinstance(code, str) or not code:
            problems.append(_("a file field must name the component it fills, by its code."))
        elif component_codes is not None and code not in component_codes:
            problems.append(
                _("the component “%(code)s” is not a component of this case.") % {"code": code}
            )
    return problems


def form_schema_problems(schema: Any, component_codes: set[str] | None = None) -> list[str]:
    """Problems of an e-form definition (docs/catalog-format.md).

    ``component_codes`` are the codes of the case's components; ``None`` skips the check
    that file fields name one of them (an admin form checks it with the components).
    """
    if schema in ({}, None):
        return []  # no online form
    if not isinstance(schema, dict) or set(schema) != {"fields"}:
        return [_("The e-form definition must be an object with one key, “fields”.")]
    fields = schema["fields"]
    if not isinstance(fields, list):
        return [_("“fields” of the e-form definition must be a list.")]
    problems = []
    earlier: dict[str, dict] = {}
    for index, field in enumerate(fields, start=1):
        name = field.get("name") if isinstance(field, dict) else None
        where = _("E-form field %(index)s “%(name)s”") % {"index": index, "name": name or "?"}
        problems += _at(where, _form_field_problems(field, earlier, component_codes))
        if isinstance(name, str) and name not in earlier:
            earlier[name] = field
    return problems


# --- Cases and versions --------------------------------------------------------------------


def _delivery_problems(case: ProcedureCase) -> list[str]:
    problems = _list_problems(case.delivery_channels, DeliveryChannel, _("delivery channels"))
    if not isinstance(case.delivery_channels, list):
        return problems
    channels = {c for c in case.delivery_channels if isinstance(c, str)}
    if not channels:
        problems.append(_("no result delivery channel is offered."))
    if DeliveryChannel.ONLINE in channels and case.online_level == OnlineLevel.NONE:
        problems.append(_("results cannot be delivered online when the case is not online."))
    if (
        case.online_level == OnlineLevel.FULL
        and not {
            DeliveryChannel.ONLINE,
            DeliveryChannel.POST,
        }
        & channels
    ):
        # NĐ 42/2022 Điều 11: a full online service returns the result online or by post.
        problems.append(_("a full online case must deliver results online or by post."))
    return problems


def case_problems(content: CaseContent, *, handling: str) -> list[str]:
    case = content.case
    problems = []
    if not case.name.strip():
        problems.append(_("the name is empty."))
    problems += processing_time_problems(case.processing_amount, case.processing_unit, online=False)
    problems += processing_time_problems(
        case.online_processing_amount, case.online_processing_unit, online=True
    )
    if case.online_level not in OnlineLevel.values:
        problems.append(
            _("unknown online service level “%(value)s”.") % {"value": case.online_level}
        )
    elif case.online_level == OnlineLevel.NONE and case.online_processing_unit:
        problems.append(_("an online processing time is set, but the case is not online."))
    problems += _delivery_problems(case)
    if not case.result_name.strip():
        problems.append(_("the result is not named."))
    if not content.components:
        problems.append(_("no component (document) is listed."))
    codes = [c.code for c in content.components if c.code]
    if len(set(codes)) != len(codes):
        problems.append(_("two components have the same code."))
    for fee in content.fees:
        problems += fee_problems(fee)
    for component in content.components:
        problems += component_problems(component)
    problems += form_schema_problems(case.form_schema, set(codes))
    problems += workflow_problems(case, content.steps, handling=handling)
    where = _("Case %(position)s “%(name)s”") % {"position": case.position, "name": case.name}
    return _at(where, problems)


def version_problems(version: ProcedureVersion, cases: Sequence[CaseContent]) -> list[str]:
    """Everything that stops ``version`` from being published, or ``[]``."""
    problems = []
    if not version.name.strip():
        problems.append(_("The version has no name."))
    if version.handling == Handling.MINISTRY_SYSTEM and not version.external_reference.strip():
        problems.append(
            _("The procedure is handled on a ministry's system: give its reference there.")
        )
    if not cases:
        problems.append(_("The version has no case."))
    for content in cases:
        problems += case_problems(content, handling=version.handling)
    return problems
