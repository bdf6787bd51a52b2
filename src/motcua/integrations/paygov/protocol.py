"""PayGov messages: field orders and the SHA-256 authentication code (``MaXacThuc``).

Each message is authenticated by the lowercase hex SHA-256 of some of its fields, in a
fixed order, joined by ``|`` with the partner's secret key as the last element. The
orders below follow the national payment platform's INIT / QUERY / confirm messages as
published for partners (version 1.0.6). They are data, so a new protocol version changes a
tuple here rather than code.

The QUERY *answer* and the return to the citizen's browser are not described in the
material we have; the simulator and the provider agree on the confirm-message fields and
order for both (marked unverified in docs/payments.md).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
from collections.abc import Mapping
from zoneinfo import ZoneInfo

# No Django import here: the standalone simulator uses this module too.
VN_TZ = ZoneInfo("Asia/Ho_Chi_Minh")

INIT = "INIT"
QUERY = "QUERY"
CONFIRM = "CONFIRM"

SUCCESS = "00"
# The platform's code for "not finished yet", answered by QUERY while the citizen pays.
PENDING = "01"

SIGNED_FIELDS: dict[str, tuple[str, ...]] = {
    INIT: (
        "LoaiBanTin",
        "PhienBan",
        "MaDoiTac",
        "MaThamChieu",
        "SoTien",
        "LoaiHinhThanhToan",
        "MaKenhThanhToan",
        "MaThietBi",
        "NgonNgu",
        "MaTienTe",
        "MaNganHang",
        "ThongTinGiaoDich",
        "ThoiGianGD",
        "Ip",
    ),
    QUERY: ("LoaiBanTin", "PhienBan", "MaDoiTac", "MaThamChieu", "ThoiGianGD"),
    CONFIRM: (
        "LoaiBanTin",
        "MaLoi",
        "MaDoiTac",
        "MaThamChieu",
        "SoTien",
        "MaTienTe",
        "MaGiaoDich",
        "MaNganHang",
        "ThoiGianGD",
        "ThongTinGiaoDich",
    ),
}


def checksum(kind: str, message: Mapping[str, object], secret: str) -> str:
    """``MaXacThuc`` of ``message`` signed as a ``kind`` message (INIT, QUERY or CONFIRM)."""
    parts = [str(message.get(name, "")) for name in SIGNED_FIELDS[kind]]
    parts.append(secret)
    return hashlib.sha256("|".join(parts).encode("utf-8")).hexdigest()


def sign(kind: str, message: dict[str, object], secret: str) -> dict[str, object]:
    message["MaXacThuc"] = checksum(kind, message, secret)
    return message


def verify(kind: str, message: Mapping[str, object], secret: str) -> bool:
    given = str(message.get("MaXacThuc", "")).lower()
    # Constant-time comparison: the code is a secret-derived value.
    return bool(given) and hmac.compare_digest(given, checksum(kind, message, secret))


def timestamp(moment: dt.datetime) -> str:
    """``ThoiGianGD``: ``yyyyMMddHHmmss`` in Vietnam time."""
    return moment.astimezone(VN_TZ).strftime("%Y%m%d%H%M%S")
