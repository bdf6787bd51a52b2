"""Checks of service inputs. Each raises ``DossierError`` with a stable code and a message
that tells the officer or citizen what to correct; none touches the database except to
read the case's component list.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import replace
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.translation import gettext as _

from motcua.accounts.identity import parse_personal_id, validate_tax_code
from motcua.catalog.constants import FormFieldType, Requirement
from motcua.catalog.models import Component, ProcedureCase

from .constants import ApplicantKind
from .error_codes import DossierError, DossierErrorCode
from .inputs import Applicant, ComponentInput, ResultInput

_PHONE = re.compile(r"\+?[0-9][0-9 .-]*[0-9]")


def text_required(value: str, *, code: DossierErrorCode = DossierErrorCode.REASON_REQUIRED) -> str:
    text = (value or "").strip()
    if not text:
        raise DossierError(code)
    return text


def not_in_future(value: dt.datetime | None, *, now: dt.datetime, what: str) -> None:
    if value is not None and value.utcoffset() is None:
        raise DossierError(DossierErrorCode.TIME_ZONE_MISSING, what=what)
    if value is not None and value > now:
        raise DossierError(DossierErrorCode.FUTURE_DATE, what=what)


def _identifier(kind: str, number: str, *, whose: str, today: dt.date) -> str:
    try:
        if kind == ApplicantKind.ORGANISATION:
            return validate_tax_code(number)
        return parse_personal_id(number, today=today).number
    except ValidationError as error:
        raise DossierError(
            DossierErrorCode.INVALID_IDENTIFIER, whose=whose, problem=" ".join(error.messages)
        ) from error


def _phone(value: str, *, what: str) -> str:
    phone = value.strip()
    digits = sum(c.isdigit() for c in phone)
    if phone and not (_PHONE.fullmatch(phone) and 8 <= digits <= 15):
        raise DossierError(DossierErrorCode.INVALID_CONTACT, what=what)
    return phone


def applicant_check(applicant: Applicant, *, today: dt.date) -> Applicant:
    """The applicant with surrounding spaces removed, or an error saying what is wrong."""
    if applicant.kind not in ApplicantKind.values:
        raise DossierError(DossierErrorCode.APPLICANT_INCOMPLETE, what=_("applicant type"))
    name = applicant.name.strip()
    if not name:
        raise DossierError(DossierErrorCode.APPLICANT_INCOMPLETE, what=_("applicant's name"))
    if not applicant.id_number.strip():
        raise DossierError(DossierErrorCode.APPLICANT_INCOMPLETE, what=_("identification number"))
    id_number = _identifier(
        applicant.kind, applicant.id_number.strip(), whose=_("Applicant"), today=today
    )
    email = applicant.email.strip()
    if email:
        try:
            validate_email(email)
        except ValidationError:
            raise DossierError(
                DossierErrorCode.INVALID_CONTACT, what=_("The email address")
            ) from None
    representative = {
        "representative_name": applicant.representative_name.strip(),
        "representative_id_number": applicant.representative_id_number.strip(),
        "representative_phone": applicant.representative_phone.strip(),
        "authorisation": applicant.authorisation.strip(),
    }
    if any(representative.values()):
        missing = [
            label
            for key, label in (
                ("representative_name", _("representative's name")),
                ("representative_id_number", _("representative's identification number")),
                ("authorisation", _("authorisation document")),
            )
            if not representative[key]
        ]
        if missing:
            raise DossierError(DossierErrorCode.APPLICANT_INCOMPLETE, what=", ".join(missing))
        representative["representative_id_number"] = _identifier(
            ApplicantKind.PERSON,
            representative["representative_id_number"],
            whose=_("Representative"),
            today=today,
        )
    return replace(
        applicant,
        name=name,
        id_number=id_number,
        phone=_phone(applicant.phone, what=_("The phone number")),
        email=email,
        address=applicant.address.strip(),
        unit_source=applicant.unit_source.strip()
        or (applicant.unit.source if applicant.unit is not None else ""),
        representative_name=representative["representative_name"],
        representative_id_number=representative["representative_id_number"],
        representative_phone=_phone(
            representative["representative_phone"], what=_("The representative's phone number")
        ),
        authorisation=representative["authorisation"],
    )


def components_check(
    case: ProcedureCase, given: Sequence[ComponentInput]
) -> list[tuple[Component, ComponentInput]]:
    """Exactly the case's components: none from elsewhere, none twice, every mandatory one.

    Nothing beyond the published list may be asked for (NĐ 118/2025 Điều 5), so a
    component of another case is refused rather than stored.
    """
    known = {component.pk: component for component in case.components.all()}
    chosen: list[tuple[Component, ComponentInput]] = []
    seen: set[int] = set()
    for item in given:
        component = known.get(item.component_id)
        if component is None:
            raise DossierError(DossierErrorCode.COMPONENT_NOT_IN_CASE)
        if component.pk in seen:
            raise DossierError(DossierErrorCode.COMPONENT_DUPLICATE, name=component.name)
        if item.copies < 1:
            raise DossierError(DossierErrorCode.INVALID_COPIES, name=component.name)
        seen.add(component.pk)
        chosen.append((component, item))
    missing = [
        component.name
        for component in known.values()
        if component.requirement == Requirement.MANDATORY and component.pk not in seen
    ]
    if missing:
        raise DossierError(DossierErrorCode.COMPONENT_MISSING, names="; ".join(missing))
    return chosen


def _condition_met(condition: dict | None, data: dict[str, Any]) -> bool | None:
    if not isinstance(condition, dict):
        return None
    return data.get(condition.get("field")) == condition.get("equals")


def _form_error(problem: str) -> DossierError:
    return DossierError(DossierErrorCode.FORM_DATA_INVALID, problem=problem)


def _form_value_check(definition: dict, value: Any, *, today: dt.date) -> None:
    label = definition.get("label") or definition["name"]
    kind = definition.get("type")
    if kind == FormFieldType.TEXT:
        if not isinstance(value, str):
            raise _form_error(_("“%(label)s” must be text.") % {"label": label})
        limit = definition.get("max_length")
        if limit and len(value) > limit:
            raise _form_error(
                _("“%(label)s” is longer than %(n)s characters.") % {"label": label, "n": limit}
            )
    elif kind == FormFieldType.NUMBER:
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise _form_error(_("“%(label)s” must be a number.") % {"label": label})
        low, high = definition.get("min"), definition.get("max")
        if (low is not None and value < low) or (high is not None and value > high):
            raise _form_error(_("“%(label)s” is out of range.") % {"label": label})
    elif kind == FormFieldType.DATE:
        try:
            dt.date.fromisoformat(value)
        except (TypeError, ValueError):
            raise _form_error(
                _("“%(label)s” must be a date as YYYY-MM-DD.") % {"label": label}
            ) from None
    elif kind == FormFieldType.CHOICE:
        allowed = {choice.get("value") for choice in definition.get("choices", [])}
        if value not in allowed:
            raise _form_error(_("“%(label)s” is not one of the choices.") % {"label": label})
    elif kind == FormFieldType.PERSONAL_ID:
        try:
            parse_personal_id(str(value), today=today)
        except ValidationError as error:
            raise _form_error(f"“{label}”: {' '.join(error.messages)}") from None


def form_data_check(case: ProcedureCase, data: Any, *, today: dt.date) -> dict[str, Any]:
    """Answers to the case's e-form (catalogue format ``form_schema``)."""
    if not isinstance(data, dict):
        raise _form_error(_("the answers must be an object of field names and values."))
    fields = [
        f
        for f in (case.form_schema or {}).get("fields", [])
        if isinstance(f, dict) and f.get("type") != FormFieldType.FILE
    ]
    by_name = {f["name"]: f for f in fields if "name" in f}
    unknown = sorted(set(data) - set(by_name))
    if unknown:
        raise _form_error(_("unknown fields: %(names)s.") % {"names": ", ".join(unknown)})
    for definition in fields:
        name = definition.get("name")
        value = data.get(name)
        empty = value is None or value == ""
        if _condition_met(definition.get("visible_if"), data) is False:
            continue
        required = definition.get("required") or _condition_met(definition.get("required_if"), data)
        if empty:
            if required:
                raise _form_error(
                    _("“%(label)s” is required.") % {"label": definition.get("label") or name}
                )
            continue
        _form_value_check(definition, value, today=today)
    return data


def result_check(
    result: ResultInput, *, case: ProcedureCase, received_on: dt.date, today: dt.date
) -> ResultInput:
    number, signer = result.number.strip(), result.signer.strip()
    if not number:
        raise DossierError(DossierErrorCode.RESULT_INVALID, problem=_("the number is missing."))
    if not signer:
        raise DossierError(DossierErrorCode.RESULT_INVALID, problem=_("the signer is missing."))
    if result.issued_on is None:
        raise DossierError(DossierErrorCode.RESULT_INVALID, problem=_("the date is missing."))
    if result.issued_on > today:
        raise DossierError(DossierErrorCode.FUTURE_DATE, what=_("The date of the result"))
    if result.issued_on < received_on:
        raise DossierError(
            DossierErrorCode.RESULT_INVALID,
            problem=_("it is dated before the dossier was received."),
        )
    return replace(
        result, number=number, signer=signer, name=result.name.strip() or case.result_name
    )
