"""The PayGov provider: the payments app's provider interface over the PayGov protocol."""

from __future__ import annotations

import json
from decimal import Decimal, InvalidOperation

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from motcua.payments.constants import Outcome
from motcua.payments.providers import ProviderError, RefundResult, Report, Start

from . import protocol
from .client import PayGovClient, PayGovUnavailable


def client() -> PayGovClient:
    if not settings.PAYGOV_SECRET:
        raise ProviderError(_("Online payment through PayGov is not configured."))
    return PayGovClient(
        url=settings.PAYGOV_URL,
        partner=settings.PAYGOV_PARTNER_CODE,
        secret=settings.PAYGOV_SECRET,
        version=settings.PAYGOV_VERSION,
        timeout=settings.PAYGOV_TIMEOUT,
    )


def _amount(value) -> Decimal | None:
    try:
        return Decimal(str(value))
    except InvalidOperation:
        return None


def _report(message: dict, *, verified: bool) -> Report:
    code = str(message.get("MaLoi", ""))
    if code == protocol.SUCCESS:
        outcome = Outcome.SUCCEEDED
    elif code == protocol.PENDING:
        outcome = Outcome.PENDING
    else:
        outcome = Outcome.FAILED
    return Report(
        reference=str(message.get("MaThamChieu", ""))[:40],
        outcome=outcome,
        verified=verified,
        amount=_amount(message.get("SoTien", "")),
        provider_reference=str(message.get("MaGiaoDich", ""))[:100],
        message=code,
        raw=dict(message),
    )


class PayGovProvider:
    code = "paygov"
    label = gettext_lazy("Online payment (national payment platform)")
    online = True
    queryable = True

    def start(self, attempt, *, return_url: str, client_ip: str) -> Start:
        api = client()
        dossier = attempt.request.dossier
        version = dossier.procedure_version
        receipt = {
            "MaDichVu": "2",
            "MaTTHC": version.procedure.code,
            "TenTTHC": version.name[:250],
            "MaDonVi": dossier.receiving_agency.code,
            "TenDonVi": dossier.receiving_agency.name,
            "MaHoSo": dossier.code,
            "HoTenNguoiNop": dossier.applicant_name,
            "SoCMNDNguoiNop": dossier.applicant_id_number,
            "DiaChiNguoiNop": dossier.applicant_address,
            "NoiDungThanhToan": f"Nộp phí, lệ phí hồ sơ {dossier.code}",
            "PhiLePhi": [
                {
                    "LoaiPhiLePhi": "1" if line.kind == "charge" else "2",
                    "MaPhiLePhi": str(line.fee_id or ""),
                    "TenPhiLePhi": line.name,
                    "SoTien": str(int(line.charged)),
                }
                for line in attempt.request.lines.all()
                if line.charged
            ],
        }
        message = api.init_message(
            reference=attempt.reference,
            amount=attempt.amount,
            info=f"Hồ sơ {dossier.code}",
            ip=client_ip or "127.0.0.1",
            moment=timezone.now(),
            receipt=receipt,
            return_url=return_url,
        )
        try:
            answer = api.init(message)
        except PayGovUnavailable as error:
            raise ProviderError(
                _("The payment platform did not answer. Please try again in a few minutes."),
                raw={"error": str(error), "sent": message},
            ) from error
        if str(answer.get("error_code")) != "0" or not answer.get("message"):
            raise ProviderError(
                _("The payment platform refused the payment: %(message)s")
                % {"message": answer.get("message", "")},
                raw={"sent": message, "answer": answer},
            )
        return Start(redirect_url=str(answer["message"]), sent=message, answer=answer)

    def handle_return(self, params: dict[str, str]) -> Report:
        verified = bool(settings.PAYGOV_SECRET) and protocol.verify(
            protocol.CONFIRM, params, settings.PAYGOV_SECRET
        )
        return _report(params, verified=verified)

    def handle_callback(self, body: bytes, headers: dict[str, str]) -> Report:
        try:
            message = json.loads(body or b"{}")
        except ValueError:
            message = {}
        if not isinstance(message, dict):
            message = {}
        verified = bool(settings.PAYGOV_SECRET) and protocol.verify(
            protocol.CONFIRM, message, settings.PAYGOV_SECRET
        )
        return _report(message, verified=verified)

    def query(self, attempt) -> Report:
        api = client()
        message = api.query_message(reference=attempt.reference, moment=timezone.now())
        try:
            answer = api.query(message)
        except PayGovUnavailable as error:
            return Report(
                reference=attempt.reference,
                outcome=Outcome.PENDING,
                verified=False,
                message=str(error)[:500],
                raw={"sent": message, "error": str(error)},
            )
        if str(answer.get("error_code")) != "0":
            # Unknown to the platform: the INIT never arrived, so nothing was paid.
            return Report(
                reference=attempt.reference,
                outcome=Outcome.FAILED if str(answer.get("error_code")) == "5" else Outcome.PENDING,
                verified=False,
                message=str(answer.get("message", ""))[:500],
                raw={"sent": message, "answer": answer},
            )
        report = _report(answer, verified=protocol.verify(protocol.CONFIRM, answer, api.secret))
        report.raw = {"sent": message, "answer": answer}
        return report

    def refund(self, attempt, *, reason: str) -> RefundResult:
        # The protocol material has no refund message: the treasury pays back by transfer
        # and the officer records it here.
        return RefundResult(raw={"manual": True})
