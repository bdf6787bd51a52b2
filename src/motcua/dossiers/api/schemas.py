"""Input and output shapes of the dossier API.

Inputs carry only what the caller chooses; they are turned into the domain's plain values
(``dossiers.inputs``) by ``parsing.py`` and checked by the services, which answer in
Vietnamese with a stable code. The limits below mirror the database columns, so a long
value is a clear 422 here rather than a database error later.

References: agencies by their electronic code (as ``/agencies/{code}`` serves them),
procedures by their code, administrative units by their official code; the procedure case,
its components, departments, officers and steps by their numeric id (shown in every
dossier read).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Annotated, Any, Literal

from django.utils import timezone

from ninja import Field, Schema
from pydantic import AfterValidator

from motcua.workcalendar.engine import VN_TZ

from ..constants import ApplicantKind, Channel, DossierStatus
from ..models import Dossier, DossierEvent, DossierStep
from ..national import NATIONAL_LABELS, national_status
from ..selectors import dossier_is_overdue, dossier_steps
from ..workflow import ACTION_LABELS


def _vietnam_time(value: dt.datetime) -> dt.datetime:
    # A time without offset is Vietnam time, the only zone the calendar knows.
    return value if value.tzinfo is not None else value.replace(tzinfo=VN_TZ)


Moment = Annotated[dt.datetime, AfterValidator(_vietnam_time)]
# Every moment the API answers with is in Vietnam time (+07:00), whatever produced it.
LocalMoment = Annotated[dt.datetime, AfterValidator(timezone.localtime)]

NOTE = 4000  # free text written on the event (a text column)
Text = Annotated[str, Field(max_length=NOTE)]
Item = Annotated[str, Field(max_length=500)]


# --- Inputs -------------------------------------------------------------------------------


class ApplicantIn(Schema):
    kind: ApplicantKind = ApplicantKind.PERSON
    name: str = Field(max_length=255)
    id_number: str = Field(
        max_length=20,
        description="12-digit personal identification number, or the organisation's tax code.",
    )
    phone: str = Field("", max_length=20)
    email: str = Field("", max_length=254)
    address: str = Field("", max_length=500)
    unit_code: str | None = Field(
        None, max_length=10, description="Official code of the commune of the address."
    )
    unit_source: str = Field(
        "", max_length=80, description="Version of the unit code list; default: the unit's own."
    )
    representative_name: str = Field("", max_length=255)
    representative_id_number: str = Field("", max_length=20)
    representative_phone: str = Field("", max_length=20)
    authorisation: str = Field(
        "", max_length=500, description="Number and date of the power of attorney."
    )


class ComponentIn(Schema):
    component_id: int = Field(description="A component of the chosen procedure case.")
    copies: int = Field(1, le=1000)
    is_digitised: bool = False
    is_reused: bool = False
    note: str = Field("", max_length=500)


class ApplicationIn(Schema):
    case_id: int = Field(description="The procedure case (trường hợp) applied for.")
    receiving_agency: str = Field(max_length=40, description="Code of the receiving centre.")
    competent_agency: str = Field(max_length=40, description="Code of the deciding agency.")
    applicant: ApplicantIn
    components: list[ComponentIn] = Field(max_length=200)
    form_data: dict[str, Any] = Field(
        default_factory=dict, description="Answers to the case's e-form."
    )
    summary: str = Field("", max_length=1000, description="Default: the procedure's name.")
    delivery_channel: str = Field(
        "", max_length=20, description="Where the result should go: counter, post or online."
    )


class SubmitIn(ApplicationIn):
    channel: Channel = Field(
        Channel.ONLINE,
        description="online: the applicant's own account. national_portal, post, counter: "
        "registered by a counter officer of the receiving centre, to be checked later.",
    )
    alternative_code: str = Field(
        "", max_length=60, description="The national portal's code (national_portal only)."
    )
    submitted_at: Moment | None = Field(
        None, description="When it was submitted elsewhere (national portal); default now."
    )


class ReceiveIn(ApplicationIn):
    channel: Literal[Channel.COUNTER, Channel.POST] = Channel.COUNTER
    fee_paid: bool = Field(False, description="The fee was collected at the counter.")
    note: Text = ""


class AcceptIn(Schema):
    components: list[ComponentIn] | None = Field(
        None, max_length=200, description="The components as checked, when they differ."
    )
    fee_paid: bool = False
    note: Text = ""


class ItemsIn(Schema):
    items: list[Item] = Field(
        max_length=100, description="Every document or piece of information missing, all at once."
    )
    reason: Text


class ResubmitIn(Schema):
    components: list[ComponentIn] | None = Field(None, max_length=200)
    form_data: dict[str, Any] | None = None
    note: Text = ""


class NoteIn(Schema):
    note: Text = ""


class ReasonIn(Schema):
    reason: Text


class OptionalReasonIn(Schema):
    reason: Text = ""


class ReasonsIn(Schema):
    reasons: Text


class AssignIn(Schema):
    assignee_id: int | None = Field(None, description="An officer of the current step's agency.")
    department_id: int | None = Field(None, description="A department of that agency.")
    note: Text = ""


class ConsultationIn(Schema):
    agency: str = Field(max_length=40, description="Code of the agency asked.")
    hours: Decimal = Field(le=10000, description="Its share of the time, in working hours.")


class ConsultIn(Schema):
    consultations: list[ConsultationIn] = Field(max_length=50)
    note: Text = ""


class AnswerIn(Schema):
    answer: Text


class PaymentIn(Schema):
    reference: str = Field("", max_length=100, description="Receipt or transaction number.")
    note: Text = ""


class ExtendIn(Schema):
    new_due_at: Moment = Field(description="On a working day, after now and the current due.")
    reason: Text


class ResultIn(Schema):
    number: str = Field(max_length=100, description="Number and symbol, e.g. 15/GP-STP.")
    issued_on: dt.date
    signer: str = Field(max_length=150)
    name: str = Field("", max_length=500, description="Default: the case's result name.")


class ApproveIn(Schema):
    note: Text = ""
    results: list[ResultIn] = Field(default_factory=list, max_length=50)


class NotResolveIn(Schema):
    reasons: Text
    results: list[ResultIn] = Field(default_factory=list, max_length=50)


class DeliverIn(Schema):
    channel: str = Field(max_length=20, description="counter, post or online.")
    recipient: str = Field("", max_length=255, description="Needed at the counter and by post.")
    note: Text = ""


class StopIn(Schema):
    reason: Text
    requested_on: dt.date | None = Field(None, description="Date of the citizen's request.")


class DigitiseIn(Schema):
    component_ids: list[int] = Field(max_length=200)


class DossierFilters(Schema):
    agency: str | None = Field(None, max_length=40, description="Code of the agency holding it.")
    status: DossierStatus | None = None
    procedure: str | None = Field(None, max_length=60, description="Procedure code.")
    overdue: bool | None = None
    due_from: Moment | None = None
    due_to: Moment | None = None
    received_from: Moment | None = None
    received_to: Moment | None = None
    channel: Channel | None = None
    applicant_id: str | None = Field(
        None, max_length=20, description="The applicant's identification number or tax code."
    )
    order: Literal["due", "received"] = Field(
        "due",
        description="due: earliest due moment first (not yet received last); "
        "received: latest receipt first.",
    )
    limit: int = Field(50, ge=1, le=200)
    cursor: str | None = Field(None, max_length=200, description="The `next` of the previous page.")


# --- Outputs ------------------------------------------------------------------------------


class ErrorOut(Schema):
    code: str = Field(description="Stable error code (error_codes.DossierErrorCode).")
    detail: str = Field(description="What went wrong, in the reader's language.")


class AgencyRefOut(Schema):
    id: int
    code: str
    name: str


class PersonRefOut(Schema):
    id: int
    full_name: str

    @staticmethod
    def resolve_full_name(obj) -> str:
        return obj.full_name or obj.username


class LabelledOut(Schema):
    value: str
    label: str


def _labelled(obj, name: str) -> dict[str, str]:
    return {"value": getattr(obj, name), "label": str(getattr(obj, f"get_{name}_display")())}


class NationalStatusOut(Schema):
    code: int = Field(description="TrangThaiHoSo of the national portal, 1 to 10.")
    label: str


class TracksOut(Schema):
    payment: LabelledOut
    delivery: LabelledOut
    digitisation: LabelledOut
    sync: LabelledOut = Field(description="National-portal synchronisation.")


class DossierListItemOut(Schema):
    id: int
    code: str | None = Field(description="Issued at receipt, e.g. H61.17-260211-0001.")
    alternative_code: str = Field(description="The national portal's code, if any.")
    status: DossierStatus
    status_label: str
    national_status: NationalStatusOut | None = Field(description="None for a draft.")
    channel: Channel
    procedure_code: str
    procedure_name: str
    applicant_name: str
    applicant_id_number: str
    receiving_agency: AgencyRefOut
    current_agency: AgencyRefOut
    assignee: PersonRefOut | None
    submitted_at: LocalMoment | None
    received_at: LocalMoment | None
    due_at: LocalMoment | None = Field(description="The current due moment.")
    is_overdue: bool = Field(description="Computed: the clock runs and the due moment passed.")
    tracks: TracksOut

    @staticmethod
    def resolve_status_label(obj: Dossier) -> str:
        return str(obj.get_status_display())

    @staticmethod
    def resolve_national_status(obj: Dossier) -> dict | None:
        code = national_status(obj.status)
        return None if code is None else {"code": int(code), "label": str(NATIONAL_LABELS[code])}

    @staticmethod
    def resolve_procedure_code(obj: Dossier) -> str:
        return obj.procedure_version.procedure.code

    @staticmethod
    def resolve_procedure_name(obj: Dossier) -> str:
        return obj.procedure_version.name

    @staticmethod
    def resolve_is_overdue(obj: Dossier) -> bool:
        # Lists annotate it in their query (selectors.dossier_list_for_user); a single
        # dossier asks the database once.
        annotated = getattr(obj, "is_overdue", None)
        return dossier_is_overdue(obj) if annotated is None else annotated

    @staticmethod
    def resolve_tracks(obj: Dossier) -> dict:
        return {
            "payment": _labelled(obj, "payment_status"),
            "delivery": _labelled(obj, "delivery_status"),
            "digitisation": _labelled(obj, "digitisation_status"),
            "sync": _labelled(obj, "sync_status"),
        }


class DossierPageOut(Schema):
    items: list[DossierListItemOut]
    next: str | None = Field(description="Cursor of the next page; null on the last page.")


class ApplicantOut(Schema):
    kind: ApplicantKind
    name: str
    id_number: str
    phone: str
    email: str
    address: str
    unit_code: str | None
    unit_source: str
    representative_name: str
    representative_id_number: str
    representative_phone: str
    authorisation: str


class CaseRefOut(Schema):
    id: int
    name: str
    procedure_version: int


class ComponentOut(Schema):
    id: int
    component_id: int
    code: str
    name: str
    copies: int
    is_digitised: bool
    is_reused: bool
    note: str

    @staticmethod
    def resolve_code(obj) -> str:
        return obj.component.code

    @staticmethod
    def resolve_name(obj) -> str:
        return obj.component.name


class StepOut(Schema):
    id: int
    position: int
    stage: int
    name: str
    agency: AgencyRefOut
    department: str | None
    role: str
    hours: Decimal = Field(description="Time budget in working hours.")
    assignee: PersonRefOut | None
    started_at: LocalMoment | None
    due_at: LocalMoment | None
    finished_at: LocalMoment | None
    timeliness: str = Field(description="early, on_time or late once finished.")
    consultation_of: int | None = Field(
        description="For an inter-agency consultation: the id of the step that asked."
    )

    @staticmethod
    def resolve_department(obj: DossierStep) -> str | None:
        return obj.department.name if obj.department_id else None

    @staticmethod
    def resolve_consultation_of(obj: DossierStep) -> int | None:
        return obj.consulted_from_id


class ResultOut(Schema):
    id: int
    name: str
    number: str
    issued_on: dt.date | None
    signer: str


class ClockPauseOut(Schema):
    reason: str
    policy: str
    started_at: LocalMoment
    ended_at: LocalMoment | None
    note: str


class DossierOut(DossierListItemOut):
    case: CaseRefOut
    competent_agency: AgencyRefOut
    current_step_id: int | None
    outcome: str = Field(description="approved or not_resolved once resolved.")
    timeliness: str = Field(description="early, on_time or late once resolved (by date).")
    applicant: ApplicantOut
    summary: str
    form_data: dict[str, Any]
    delivery_channel: str
    due_at_original: LocalMoment | None
    extended_at: LocalMoment | None
    resolved_at: LocalMoment | None
    returned_at: LocalMoment | None
    closed_at: LocalMoment | None
    supplement_clock: str
    supplement_requests: int
    components: list[ComponentOut]
    steps: list[StepOut]
    results: list[ResultOut]
    clock_pauses: list[ClockPauseOut]

    @staticmethod
    def resolve_case(obj: Dossier) -> dict:
        return {
            "id": obj.case_id,
            "name": obj.case.name,
            "procedure_version": obj.procedure_version.number,
        }

    @staticmethod
    def resolve_applicant(obj: Dossier) -> dict:
        return {
            "kind": obj.applicant_kind,
            "name": obj.applicant_name,
            "id_number": obj.applicant_id_number,
            "phone": obj.applicant_phone,
            "email": obj.applicant_email,
            "address": obj.applicant_address,
            "unit_code": obj.applicant_unit.code if obj.applicant_unit_id else None,
            "unit_source": obj.applicant_unit_source,
            "representative_name": obj.representative_name,
            "representative_id_number": obj.representative_id_number,
            "representative_phone": obj.representative_phone,
            "authorisation": obj.authorisation,
        }

    @staticmethod
    def resolve_components(obj: Dossier):
        return obj.components.select_related("component").order_by("component__position", "pk")

    @staticmethod
    def resolve_steps(obj: Dossier):
        return dossier_steps(obj)

    @staticmethod
    def resolve_results(obj: Dossier):
        return obj.results.order_by("pk")

    @staticmethod
    def resolve_clock_pauses(obj: Dossier):
        return obj.clock_pauses.order_by("started_at", "pk")


class StepRefOut(Schema):
    id: int
    name: str


class EventOut(Schema):
    id: int
    kind: str
    kind_label: str
    at: LocalMoment
    from_status: str
    to_status: str
    actor: PersonRefOut | None
    actor_role: str
    actor_agency: AgencyRefOut | None
    note: str
    data: dict[str, Any]
    step: StepRefOut | None
    step_due_at: LocalMoment | None
    step_timeliness: str

    @staticmethod
    def resolve_kind_label(obj: DossierEvent) -> str:
        return str(obj.get_kind_display())


class ActionOut(Schema):
    action: str
    label: str

    @staticmethod
    def resolve_action(obj) -> str:
        return str(obj)

    @staticmethod
    def resolve_label(obj) -> str:
        return str(ACTION_LABELS[obj])
