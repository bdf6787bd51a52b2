"""REST API of the payments app: a dossier's fee requests, and asking for fees.

Reads follow the dossier engine's visibility (the owner and the staff whose scope covers
the dossier; 404 for anyone else). Asking for fees needs the processing step's grant, as
on the officer page. Errors answer ``{"code", "detail"}`` like the dossier API.
"""

from __future__ import annotations

import datetime as dt
from typing import Literal

from django.http import HttpRequest
from django.utils import timezone

from ninja import Field, Router, Schema, Status

from motcua.dossiers.access import access_dossier

from . import selectors, services
from .errors import PaymentError, PaymentErrorCode

router = Router()

HTTP_STATUS = {PaymentErrorCode.NOT_FOUND: 404, PaymentErrorCode.FORBIDDEN: 403}


class PaymentErrorOut(Schema):
    code: str = Field(description="Stable error code (payments.errors.PaymentErrorCode).")
    detail: str = Field(description="What went wrong, in the reader's language.")


class FeeLineOut(Schema):
    name: str
    kind: str
    amount: int = Field(description="Amount of the fee in the catalogue (VND).")
    exempt: bool
    exemption_reason: str

    @staticmethod
    def resolve_amount(obj) -> int:
        return int(obj.amount)


class AttemptOut(Schema):
    reference: str
    provider: str
    status: str
    amount: int
    created_at: dt.datetime

    @staticmethod
    def resolve_amount(obj) -> int:
        return int(obj.amount)

    @staticmethod
    def resolve_created_at(obj) -> dt.datetime:
        return timezone.localtime(obj.created_at)


class FeeRequestOut(Schema):
    id: int
    reference: str = Field(description="Payment reference (also in bank transfer notes).")
    point: str = Field(description="before or after processing")
    amount: int = Field(description="Amount due after exemptions (VND).")
    status: str
    created_at: dt.datetime
    paid_at: dt.datetime | None
    lines: list[FeeLineOut]
    attempts: list[AttemptOut]

    @staticmethod
    def resolve_amount(obj) -> int:
        return int(obj.amount)

    @staticmethod
    def resolve_lines(obj) -> list:
        return list(obj.lines.all())

    @staticmethod
    def resolve_attempts(obj) -> list:
        return list(obj.attempts.all())

    @staticmethod
    def resolve_created_at(obj) -> dt.datetime:
        return timezone.localtime(obj.created_at)

    @staticmethod
    def resolve_paid_at(obj) -> dt.datetime | None:
        return timezone.localtime(obj.paid_at) if obj.paid_at else None


class ExemptionIn(Schema):
    fee_id: int
    reason: str = Field(max_length=2000, description="Legal basis of the exemption.")


class FeeRequestIn(Schema):
    point: Literal["before", "after"] | None = Field(
        None, description="Default: the collection time of the case's first fee."
    )
    fee_ids: list[int] | None = Field(
        None, description="Fees of the case to ask for; default: those without a condition."
    )
    exemptions: list[ExemptionIn] = []
    note: str = Field("", max_length=500)


@router.get(
    "/dossiers/{int:dossier_id}/fee-requests",
    response={200: list[FeeRequestOut], 404: PaymentErrorOut},
    summary="A dossier's fee requests with their lines and payment attempts",
)
def list_fee_requests(request: HttpRequest, dossier_id: int):
    return list(selectors.fee_requests_of(access_dossier(request.auth, dossier_id)))


@router.post(
    "/dossiers/{int:dossier_id}/fee-requests",
    response={
        201: FeeRequestOut,
        400: PaymentErrorOut,
        403: PaymentErrorOut,
        404: PaymentErrorOut,
        409: PaymentErrorOut,
    },
    summary="Ask for the case's fees at a payment point, with exemptions",
)
def create_fee_request(request: HttpRequest, dossier_id: int, payload: FeeRequestIn):
    dossier = access_dossier(request.auth, dossier_id)
    try:
        created = services.fee_request_create(
            dossier=dossier,
            user=request.auth,
            point=payload.point,
            fee_ids=payload.fee_ids,
            exemptions={item.fee_id: item.reason for item in payload.exemptions},
            note=payload.note,
        )
    except PaymentError as error:
        return Status(
            HTTP_STATUS.get(error.code, 400), {"code": str(error.code), "detail": error.message}
        )
    return Status(201, created)
