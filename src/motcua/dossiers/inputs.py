"""Plain input values of the dossier services, independent of any API or form library.

The REST API (and the back office) build these from their own schemas and call one
service; the services validate them and raise ``DossierError`` with a stable code.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from motcua.agencies.models import AdministrativeUnit, Agency
from motcua.catalog.models import ProcedureCase

from .constants import ApplicantKind


@dataclass(frozen=True)
class Applicant:
    """The person or organisation the dossier is for, and who acts for them."""

    kind: ApplicantKind
    name: str
    id_number: str  # 12-digit personal number, or tax code for an organisation
    phone: str = ""
    email: str = ""
    address: str = ""
    unit: AdministrativeUnit | None = None  # commune of the address
    unit_source: str = ""  # version of the unit code list; defaults to the unit's source
    representative_name: str = ""
    representative_id_number: str = ""
    representative_phone: str = ""
    authorisation: str = ""  # number and date of the power of attorney


@dataclass(frozen=True)
class ComponentInput:
    """One component of the case as handed in (files attach to it in the documents app)."""

    component_id: int
    copies: int = 1
    is_digitised: bool = False
    is_reused: bool = False
    note: str = ""


@dataclass(frozen=True)
class Application:
    """Everything needed to open a dossier."""

    case: ProcedureCase
    channel: str
    receiving_agency: Agency
    competent_agency: Agency
    applicant: Applicant
    components: Sequence[ComponentInput]
    form_data: dict[str, Any] = field(default_factory=dict)
    summary: str = ""  # nội dung yêu cầu giải quyết; defaults to the procedure's name
    delivery_channel: str = ""  # where the applicant wants the result
    alternative_code: str = ""  # the national portal's code, for dossiers from it
    submitted_at: dt.datetime | None = None  # when submitted elsewhere (national portal)


@dataclass(frozen=True)
class ResultInput:
    """A result document: decision, licence, certificate or the letter declining."""

    number: str
    issued_on: dt.date
    signer: str
    name: str = ""  # defaults to the case's result name


@dataclass(frozen=True)
class ConsultationInput:
    """An agency asked for its opinion, with its share of the time in working hours."""

    agency: Agency
    hours: Decimal
