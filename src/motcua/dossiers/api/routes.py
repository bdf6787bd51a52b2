"""The dossier endpoints: one per action of the engine, each a thin shell around one service.

Every endpoint that names a dossier first asks ``access.access_dossier`` whether the caller
may see it (404 otherwise, the same answer as for a dossier that does not exist), then
calls one service, which decides whether the caller may take the action (403 with the
code ``forbidden``) and whether the state allows it (409). Refusals are ``DossierError``;
``motcua.api.errors`` turns them into ``{"code": ..., "detail": ...}`` with the status the
domain assigns (``error_codes.HTTP_STATUS``). Nothing here writes to the database.
"""

from __future__ import annotations

from typing import Annotated

from django.http import HttpRequest

from ninja import Header, Query, Router, Status

from ..access import access_dossier, actions_available
from ..models import Dossier
from ..selectors import dossier_list_for_user, dossier_timeline_for
from ..services import (
    dossier_accept,
    dossier_answer_consultation,
    dossier_approve,
    dossier_assign,
    dossier_components_digitise,
    dossier_consult,
    dossier_deliver,
    dossier_extend,
    dossier_forward,
    dossier_not_resolve,
    dossier_record_payment,
    dossier_refund_payment,
    dossier_refuse,
    dossier_request_completion,
    dossier_request_payment,
    dossier_request_supplement,
    dossier_result_issue,
    dossier_return,
    dossier_stop,
    dossier_submit,
    dossier_submit_completion,
    dossier_submit_supplement,
    dossier_withdraw,
)
from . import parsing
from .cursor import ORDERS, keyset_page
from .schemas import (
    AcceptIn,
    ActionOut,
    AnswerIn,
    ApproveIn,
    AssignIn,
    ConsultIn,
    DeliverIn,
    DigitiseIn,
    DossierFilters,
    DossierOut,
    DossierPageOut,
    ErrorOut,
    EventOut,
    ExtendIn,
    ItemsIn,
    NoteIn,
    NotResolveIn,
    OptionalReasonIn,
    PaymentIn,
    ReasonIn,
    ReasonsIn,
    ReceiveIn,
    ResubmitIn,
    ResultIn,
    ResultOut,
    StopIn,
    SubmitIn,
)

router = Router()

# Refusals every action may answer with (validation errors of the body are 422).
ERRORS = {400: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut}
IdempotencyKey = Annotated[
    str | None,
    Header(
        alias="Idempotency-Key",
        max_length=100,
        description="Any unique string per intended dossier (e.g. a UUID). A retry with the "
        "same key returns the dossier created the first time and creates nothing.",
    ),
]


def _visible(request: HttpRequest, dossier_id: int) -> Dossier:
    return access_dossier(request.auth, dossier_id)


# --- Reads --------------------------------------------------------------------------------


@router.get("/", response={200: DossierPageOut, 400: ErrorOut}, summary="List dossiers")
def list_dossiers(request: HttpRequest, filters: Query[DossierFilters]):
    """Dossiers the caller may see, a page at a time (keyset pagination, no total count).

    Pass the `next` of a page as `cursor` to get the following one, with the same `order`.
    """
    queryset = dossier_list_for_user(
        request.auth,
        status=filters.status,
        agency_id=parsing.agency_ref(filters.agency).pk if filters.agency else None,
        procedure_id=parsing.procedure_ref(filters.procedure) if filters.procedure else None,
        overdue=filters.overdue,
        due_from=filters.due_from,
        due_to=filters.due_to,
        received_from=filters.received_from,
        received_to=filters.received_to,
        channel=filters.channel,
        applicant_id_number=filters.applicant_id,
    )
    items, following = keyset_page(
        queryset, order=ORDERS[filters.order], cursor=filters.cursor, limit=filters.limit
    )
    return {"items": items, "next": following}


@router.get(
    "/{int:dossier_id}",
    response={200: DossierOut, 404: ErrorOut},
    summary="One dossier with its components, steps, results and tracks",
)
def get_dossier(request: HttpRequest, dossier_id: int):
    return _visible(request, dossier_id)


@router.get(
    "/{int:dossier_id}/events",
    response={200: list[EventOut], 404: ErrorOut},
    summary="The dossier's event log, oldest first (internal notes for staff only)",
)
def list_dossier_events(request: HttpRequest, dossier_id: int):
    return dossier_timeline_for(request.auth, _visible(request, dossier_id))


@router.get(
    "/{int:dossier_id}/actions",
    response={200: list[ActionOut], 404: ErrorOut},
    summary="The actions the caller may take on the dossier now",
)
def list_dossier_actions(request: HttpRequest, dossier_id: int):
    return actions_available(request.auth, _visible(request, dossier_id))


# --- Intake -------------------------------------------------------------------------------


@router.post(
    "/",
    response={201: DossierOut, **ERRORS},
    summary="Submit a dossier (online) or register one to be checked (other channels)",
)
def submit_dossier(request: HttpRequest, payload: SubmitIn, idempotency_key: IdempotencyKey = None):
    dossier = dossier_submit(
        application=parsing.application(payload),
        user=request.auth,
        idempotency_key=idempotency_key,
    )
    return Status(201, dossier)


@router.post(
    "/receive",
    response={201: DossierOut, **ERRORS},
    summary="Receive a dossier at the counter or by post in one step (code, receipt, due)",
)
def receive_dossier(
    request: HttpRequest, payload: ReceiveIn, idempotency_key: IdempotencyKey = None
):
    dossier = dossier_accept(
        user=request.auth,
        application=parsing.application(payload),
        fee_paid=payload.fee_paid,
        note=payload.note,
        idempotency_key=idempotency_key,
    )
    return Status(201, dossier)


@router.post(
    "/{int:dossier_id}/accept",
    response={200: DossierOut, **ERRORS},
    summary="Accept a submitted dossier: code, receipt (Mẫu 01), due moment",
)
def accept_dossier(request: HttpRequest, dossier_id: int, payload: AcceptIn):
    return dossier_accept(
        user=request.auth,
        dossier=_visible(request, dossier_id),
        components=parsing.components(payload.components),
        fee_paid=payload.fee_paid,
        note=payload.note,
    )


@router.post(
    "/{int:dossier_id}/request-completion",
    response={200: DossierOut, **ERRORS},
    summary="Ask, once and before receipt, for everything missing (Mẫu 02)",
)
def request_completion(request: HttpRequest, dossier_id: int, payload: ItemsIn):
    return dossier_request_completion(
        dossier=_visible(request, dossier_id),
        user=request.auth,
        items=payload.items,
        reason=payload.reason,
    )


@router.post(
    "/{int:dossier_id}/submit-completion",
    response={200: DossierOut, **ERRORS},
    summary="Hand the completed dossier back to the counter",
)
def submit_completion(request: HttpRequest, dossier_id: int, payload: ResubmitIn):
    return dossier_submit_completion(
        dossier=_visible(request, dossier_id),
        user=request.auth,
        components=parsing.components(payload.components),
        form_data=payload.form_data,
        note=payload.note,
    )


@router.post(
    "/{int:dossier_id}/refuse",
    response={200: DossierOut, **ERRORS},
    summary="Refuse to receive, with reasons (Mẫu 03)",
)
def refuse_dossier(request: HttpRequest, dossier_id: int, payload: ReasonsIn):
    return dossier_refuse(
        dossier=_visible(request, dossier_id), user=request.auth, reasons=payload.reasons
    )


@router.post(
    "/{int:dossier_id}/withdraw",
    response={200: DossierOut, **ERRORS},
    summary="Withdraw a dossier not yet received",
)
def withdraw_dossier(request: HttpRequest, dossier_id: int, payload: OptionalReasonIn):
    return dossier_withdraw(
        dossier=_visible(request, dossier_id), user=request.auth, reason=payload.reason
    )


# --- Processing ---------------------------------------------------------------------------


@router.post(
    "/{int:dossier_id}/assign",
    response={200: DossierOut, **ERRORS},
    summary="Assign the current step to a department and/or an officer",
)
def assign_dossier(request: HttpRequest, dossier_id: int, payload: AssignIn):
    dossier = _visible(request, dossier_id)
    return dossier_assign(
        dossier=dossier,
        user=request.auth,
        assignee=parsing.officer_ref(payload.assignee_id),
        department=parsing.department_ref(payload.department_id),
        note=payload.note,
    )


@router.post(
    "/{int:dossier_id}/forward",
    response={200: DossierOut, **ERRORS},
    summary="Finish the current step and hand over to the next",
)
def forward_dossier(request: HttpRequest, dossier_id: int, payload: NoteIn):
    return dossier_forward(
        dossier=_visible(request, dossier_id), user=request.auth, note=payload.note
    )


@router.post(
    "/{int:dossier_id}/return",
    response={200: DossierOut, **ERRORS},
    summary="Send back to the previous step, with the reasons",
)
def return_dossier(request: HttpRequest, dossier_id: int, payload: ReasonIn):
    return dossier_return(
        dossier=_visible(request, dossier_id), user=request.auth, reason=payload.reason
    )


@router.post(
    "/{int:dossier_id}/consult",
    response={200: DossierOut, **ERRORS},
    summary="Ask other agencies for their opinion in parallel (liên thông)",
)
def consult_agencies(request: HttpRequest, dossier_id: int, payload: ConsultIn):
    dossier = _visible(request, dossier_id)
    return dossier_consult(
        dossier=dossier,
        user=request.auth,
        consultations=parsing.consultations(payload.consultations),
        note=payload.note,
    )


@router.post(
    "/{int:dossier_id}/consultations/{int:step_id}/answer",
    response={200: DossierOut, **ERRORS},
    summary="Give a consulted agency's opinion",
)
def answer_consultation(request: HttpRequest, dossier_id: int, step_id: int, payload: AnswerIn):
    dossier = _visible(request, dossier_id)
    return dossier_answer_consultation(
        dossier=dossier,
        user=request.auth,
        consultation=parsing.consultation_ref(dossier, step_id),
        answer=payload.answer,
    )


@router.post(
    "/{int:dossier_id}/request-supplement",
    response={200: DossierOut, **ERRORS},
    summary="Ask the citizen, once, to supplement the dossier (Mẫu 02); the clock waits",
)
def request_supplement(request: HttpRequest, dossier_id: int, payload: ItemsIn):
    return dossier_request_supplement(
        dossier=_visible(request, dossier_id),
        user=request.auth,
        items=payload.items,
        reason=payload.reason,
    )


@router.post(
    "/{int:dossier_id}/submit-supplement",
    response={200: DossierOut, **ERRORS},
    summary="Record the supplement received; processing and the clock resume",
)
def submit_supplement(request: HttpRequest, dossier_id: int, payload: ResubmitIn):
    return dossier_submit_supplement(
        dossier=_visible(request, dossier_id),
        user=request.auth,
        components=parsing.components(payload.components),
        form_data=payload.form_data,
        note=payload.note,
    )


@router.post(
    "/{int:dossier_id}/request-payment",
    response={200: DossierOut, **ERRORS},
    summary="Notify the financial obligation; the clock follows DOSSIER_PAYMENT_CLOCK",
)
def request_payment(request: HttpRequest, dossier_id: int, payload: NoteIn):
    return dossier_request_payment(
        dossier=_visible(request, dossier_id), user=request.auth, note=payload.note
    )


@router.post(
    "/{int:dossier_id}/record-payment",
    response={200: DossierOut, **ERRORS},
    summary="Record the payment received; processing resumes",
)
def record_payment(request: HttpRequest, dossier_id: int, payload: PaymentIn):
    return dossier_record_payment(
        dossier=_visible(request, dossier_id),
        user=request.auth,
        reference=payload.reference,
        note=payload.note,
    )


@router.post(
    "/{int:dossier_id}/refund-payment",
    response={200: DossierOut, **ERRORS},
    summary="Record the refund of a paid fee (payment track only)",
)
def refund_payment(request: HttpRequest, dossier_id: int, payload: ReasonIn):
    return dossier_refund_payment(
        dossier=_visible(request, dossier_id), user=request.auth, reason=payload.reason
    )


@router.post(
    "/{int:dossier_id}/extend",
    response={200: DossierOut, **ERRORS},
    summary="Apologise and set a new due moment, once (Mẫu 04)",
)
def extend_dossier(request: HttpRequest, dossier_id: int, payload: ExtendIn):
    return dossier_extend(
        dossier=_visible(request, dossier_id),
        user=request.auth,
        new_due_at=payload.new_due_at,
        reason=payload.reason,
    )


# --- Decision, results, delivery, end -----------------------------------------------------


@router.post(
    "/{int:dossier_id}/approve",
    response={200: DossierOut, **ERRORS},
    summary="Grant the request, optionally with its result documents",
)
def approve_dossier(request: HttpRequest, dossier_id: int, payload: ApproveIn):
    return dossier_approve(
        dossier=_visible(request, dossier_id),
        user=request.auth,
        note=payload.note,
        results=parsing.results(payload.results),
    )


@router.post(
    "/{int:dossier_id}/not-resolve",
    response={200: DossierOut, **ERRORS},
    summary="Decline the request with reasons (không giải quyết)",
)
def not_resolve_dossier(request: HttpRequest, dossier_id: int, payload: NotResolveIn):
    return dossier_not_resolve(
        dossier=_visible(request, dossier_id),
        user=request.auth,
        reasons=payload.reasons,
        results=parsing.results(payload.results),
    )


@router.post(
    "/{int:dossier_id}/results",
    response={201: ResultOut, **ERRORS},
    summary="Add a numbered, signed result document to a resolved dossier",
)
def add_result(request: HttpRequest, dossier_id: int, payload: ResultIn):
    result = dossier_result_issue(
        dossier=_visible(request, dossier_id), user=request.auth, result=parsing.result(payload)
    )
    return Status(201, result)


@router.post(
    "/{int:dossier_id}/deliver",
    response={200: DossierOut, **ERRORS},
    summary="Hand the result over (counter, post or online); the dossier is returned",
)
def deliver_result(request: HttpRequest, dossier_id: int, payload: DeliverIn):
    return dossier_deliver(
        dossier=_visible(request, dossier_id),
        user=request.auth,
        channel=payload.channel,
        recipient=payload.recipient,
        note=payload.note,
    )


@router.post(
    "/{int:dossier_id}/stop",
    response={200: DossierOut, **ERRORS},
    summary="Stop processing at the citizen's request while no result exists (Mẫu 05)",
)
def stop_dossier(request: HttpRequest, dossier_id: int, payload: StopIn):
    return dossier_stop(
        dossier=_visible(request, dossier_id),
        user=request.auth,
        reason=payload.reason,
        requested_on=payload.requested_on,
    )


@router.post(
    "/{int:dossier_id}/digitise",
    response={200: DossierOut, **ERRORS},
    summary="Record the components the counter scanned",
)
def digitise_components(request: HttpRequest, dossier_id: int, payload: DigitiseIn):
    return dossier_components_digitise(
        dossier=_visible(request, dossier_id),
        user=request.auth,
        component_ids=payload.component_ids,
    )
