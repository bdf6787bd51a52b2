"""From the API's input schemas to the domain's plain values (``dossiers.inputs``).

Only reads happen here: references given by code or id are looked up, and one that does
not exist is ``UNKNOWN_REFERENCE`` (400). Whether a reference is *acceptable* (an agency
in operation and competent, a component of the case, an officer of the right agency) is
the service's decision, not ours.
"""

from __future__ import annotations

from collections.abc import Sequence

from django.utils import timezone
from django.utils.translation import pgettext

from motcua.accounts.constants import UserKind
from motcua.accounts.models import User
from motcua.agencies.models import AdministrativeUnit, Agency, Department
from motcua.agencies.selectors import agency_get_by_code
from motcua.catalog.models import Procedure, ProcedureCase

from ..error_codes import DossierError, DossierErrorCode
from ..inputs import (
    Applicant,
    Application,
    ComponentInput,
    ConsultationInput,
    ResultInput,
)
from ..models import Dossier, DossierStep
from .schemas import (
    ApplicantIn,
    ApplicationIn,
    ComponentIn,
    ConsultationIn,
    ResultIn,
    SubmitIn,
)


def _unknown(what: str, value) -> DossierError:
    return DossierError(DossierErrorCode.UNKNOWN_REFERENCE, what=what, value=str(value)[:60])


def agency_ref(code: str) -> Agency:
    agency = agency_get_by_code(code) if code.strip() else None
    if agency is None:
        raise _unknown(pgettext("unknown reference", "agency"), code)
    return agency


def procedure_ref(code: str) -> int:
    found = Procedure.objects.filter(code=code.strip()).values_list("pk", flat=True).first()
    if found is None:
        raise _unknown(pgettext("unknown reference", "procedure"), code)
    return found


def _case(case_id: int) -> ProcedureCase:
    case = ProcedureCase.objects.select_related("version__procedure").filter(pk=case_id).first()
    if case is None:
        raise _unknown(pgettext("unknown reference", "procedure case"), case_id)
    return case


def _unit(code: str | None) -> AdministrativeUnit | None:
    if not code or not code.strip():
        return None
    unit = (
        AdministrativeUnit.objects.valid_on(timezone.localdate()).filter(code=code.strip()).first()
    )
    if unit is None:
        raise _unknown(pgettext("unknown reference", "administrative unit"), code)
    return unit


def department_ref(department_id: int | None) -> Department | None:
    if department_id is None:
        return None
    department = Department.objects.select_related("agency").filter(pk=department_id).first()
    if department is None:
        raise _unknown(pgettext("unknown reference", "department"), department_id)
    return department


def officer_ref(user_id: int | None) -> User | None:
    if user_id is None:
        return None
    officer = User.objects.filter(pk=user_id, kind=UserKind.STAFF, is_active=True).first()
    if officer is None:
        raise _unknown(pgettext("unknown reference", "officer"), user_id)
    return officer


def consultation_ref(dossier: Dossier, step_id: int) -> DossierStep:
    """A consultation step of ``dossier``; any other id is "no such dossier" for the caller."""
    step = dossier.steps.filter(pk=step_id, consulted_from__isnull=False).first()
    if step is None:
        raise DossierError(DossierErrorCode.NOT_FOUND)
    return step


def applicant(data: ApplicantIn) -> Applicant:
    return Applicant(
        kind=data.kind,
        name=data.name,
        id_number=data.id_number,
        phone=data.phone,
        email=data.email,
        address=data.address,
        unit=_unit(data.unit_code),
        unit_source=data.unit_source,
        representative_name=data.representative_name,
        representative_id_number=data.representative_id_number,
        representative_phone=data.representative_phone,
        authorisation=data.authorisation,
    )


def components(items: Sequence[ComponentIn] | None) -> list[ComponentInput] | None:
    if items is None:
        return None
    return [
        ComponentInput(
            component_id=item.component_id,
            copies=item.copies,
            is_digitised=item.is_digitised,
            is_reused=item.is_reused,
            note=item.note,
        )
        for item in items
    ]


def application(data: ApplicationIn) -> Application:
    extra = {}
    if isinstance(data, SubmitIn):
        extra = {"alternative_code": data.alternative_code, "submitted_at": data.submitted_at}
    return Application(
        case=_case(data.case_id),
        channel=data.channel,
        receiving_agency=agency_ref(data.receiving_agency),
        competent_agency=agency_ref(data.competent_agency),
        applicant=applicant(data.applicant),
        components=components(data.components) or [],
        form_data=data.form_data,
        summary=data.summary,
        delivery_channel=data.delivery_channel,
        **extra,
    )


def results(items: Sequence[ResultIn]) -> list[ResultInput]:
    return [result(item) for item in items]


def result(item: ResultIn) -> ResultInput:
    return ResultInput(
        number=item.number, issued_on=item.issued_on, signer=item.signer, name=item.name
    )


def consultations(items: Sequence[ConsultationIn]) -> list[ConsultationInput]:
    return [ConsultationInput(agency=agency_ref(item.agency), hours=item.hours) for item in items]
