"""HTTP client of the PayGov platform: signed INIT and QUERY messages over JSON.

Standard library only (``urllib``): two POSTs per payment do not justify a dependency.
A network failure or a timeout raises :class:`PayGovUnavailable`; the caller keeps the
attempt open and the periodic status query settles it later.
"""

from __future__ import annotations

import datetime as dt
import json
import urllib.error
import urllib.request
from dataclasses import dataclass
from decimal import Decimal

from . import protocol

# Constant INIT fields for a fee payment (LoaiHinhThanhToan … MaNganHang); data, not code,
# because the operator may assign other channel or device codes.
INIT_CONSTANTS = {
    "LoaiHinhThanhToan": "PAY",
    "MaKenhThanhToan": "1",
    "MaThietBi": "1",
    "NgonNgu": "vi-VN",
    "MaTienTe": "VND",
    "MaNganHang": "PAYMENT",
}


class PayGovUnavailable(Exception):
    pass


@dataclass(frozen=True)
class PayGovClient:
    url: str
    partner: str
    secret: str
    version: str = "1.0.6"
    timeout: float = 10.0

    def _post(self, message: dict) -> dict:
        if not self.url.startswith(("https://", "http://")):
            raise PayGovUnavailable("PAYGOV_URL must be an http(s) address")
        request = urllib.request.Request(  # noqa: S310 - scheme checked above
            self.url,
            data=json.dumps(message, ensure_ascii=False).encode("utf-8"),
            headers={"Content-Type": "application/json; charset=utf-8"},
            method="POST",
        )
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:  # noqa: S310
                answer = json.loads(response.read() or b"{}")
        except (urllib.error.URLError, OSError, ValueError) as error:
            raise PayGovUnavailable(str(error)) from error
        if not isinstance(answer, dict):
            raise PayGovUnavailable("answer is not a JSON object")
        return answer

    def init_message(
        self,
        *,
        reference: str,
        amount: Decimal,
        info: str,
        ip: str,
        moment: dt.datetime,
        receipt: dict,
        return_url: str,
    ) -> dict:
        message: dict[str, object] = {
            "LoaiBanTin": protocol.INIT,
            "PhienBan": self.version,
            "MaDoiTac": self.partner,
            "MaThamChieu": reference,
            "SoTien": str(int(amount)),
            **INIT_CONSTANTS,
            "ThongTinGiaoDich": info,
            "ThoiGianGD": protocol.timestamp(moment),
            "Ip": ip,
        }
        protocol.sign(protocol.INIT, message, self.secret)
        message["ThongTinBienLai"] = receipt
        # Where the platform sends the browser back; not authenticated (see docs).
        message["UrlTraVe"] = return_url
        return message

    def init(self, message: dict) -> dict:
        return self._post(message)

    def query_message(self, *, reference: str, moment: dt.datetime) -> dict:
        message: dict[str, object] = {
            "LoaiBanTin": protocol.QUERY,
            "PhienBan": self.version,
            "MaDoiTac": self.partner,
            "MaThamChieu": reference,
            "ThoiGianGD": protocol.timestamp(moment),
        }
        return protocol.sign(protocol.QUERY, message, self.secret)

    def query(self, message: dict) -> dict:
        return self._post(message)
