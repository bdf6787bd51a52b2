"""Who may see and act on payments. Every refusal is "no such payment" (404), so an id
that is not yours says nothing about whether it exists.

- citizens and organisations: the pay page and attempts of their own dossiers only;
- officers: collecting (cash, transfer confirmation) needs the dossier engine's grant to
  record a payment on that dossier, refunding its grant to refund one.
"""

from __future__ import annotations

from motcua.dossiers.access import APPLICANT_KINDS, dossier_actor, dossiers_visible_to
from motcua.dossiers.error_codes import DossierError
from motcua.dossiers.models import Dossier
from motcua.dossiers.workflow import Action

from .errors import PaymentError, PaymentErrorCode
from .models import FeeRequest, PaymentAttempt


def _is_applicant(user) -> bool:
    return bool(user.is_authenticated and user.is_active and user.kind in APPLICANT_KINDS)


def access_dossier_to_pay(user, dossier_id) -> Dossier:
    dossier = None
    if _is_applicant(user) and str(dossier_id).isdigit():
        dossier = dossiers_visible_to(user).filter(pk=int(dossier_id)).first()
    if dossier is None:
        raise PaymentError(PaymentErrorCode.NOT_FOUND)
    return dossier


def access_attempt_of_owner(user, reference: str) -> PaymentAttempt:
    attempt = None
    if _is_applicant(user):
        attempt = (
            PaymentAttempt.objects.select_related("request__dossier")
            .filter(reference=reference, request__dossier__owner=user)
            .first()
        )
    if attempt is None:
        raise PaymentError(PaymentErrorCode.NOT_FOUND)
    return attempt


def _staff_may(user, dossier: Dossier, action: Action) -> bool:
    if not (user.is_authenticated and user.is_active) or user.kind in APPLICANT_KINDS:
        return False
    try:
        dossier_actor(user, dossier, action)
    except DossierError:
        return False
    return True


def access_request_to_collect(user, request_id) -> FeeRequest:
    request = None
    if str(request_id).isdigit():
        request = FeeRequest.objects.select_related("dossier").filter(pk=int(request_id)).first()
    if request is None or not _staff_may(user, request.dossier, Action.RECORD_PAYMENT):
        raise PaymentError(PaymentErrorCode.NOT_FOUND)
    return request


def access_attempt_to_confirm(user, reference: str) -> PaymentAttempt:
    attempt = (
        PaymentAttempt.objects.select_related("request__dossier")
        .filter(reference=reference)
        .first()
    )
    if attempt is None or not _staff_may(user, attempt.request.dossier, Action.RECORD_PAYMENT):
        raise PaymentError(PaymentErrorCode.NOT_FOUND)
    return attempt


def access_request_to_refund(user, request_id) -> FeeRequest:
    request = None
    if str(request_id).isdigit():
        request = FeeRequest.objects.select_related("dossier").filter(pk=int(request_id)).first()
    if request is None or not _staff_may(user, request.dossier, Action.REFUND_PAYMENT):
        raise PaymentError(PaymentErrorCode.NOT_FOUND)
    return request


def access_dossier_to_charge(user, dossier_id) -> Dossier:
    """Officers who may ask for the fees of a dossier (the step that requests payment)."""
    dossier = None
    if str(dossier_id).isdigit():
        dossier = Dossier.objects.select_related("case").filter(pk=int(dossier_id)).first()
    if dossier is None or not _staff_may(user, dossier, Action.REQUEST_PAYMENT):
        raise PaymentError(PaymentErrorCode.NOT_FOUND)
    return dossier


def access_attempt_to_refund(user, reference: str) -> PaymentAttempt:
    attempt = (
        PaymentAttempt.objects.select_related("request__dossier")
        .filter(reference=reference)
        .first()
    )
    if attempt is None or not _staff_may(user, attempt.request.dossier, Action.REFUND_PAYMENT):
        raise PaymentError(PaymentErrorCode.NOT_FOUND)
    return attempt
