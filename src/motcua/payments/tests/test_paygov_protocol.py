"""The SHA-256 authentication code of PayGov messages."""

import datetime as dt
import hashlib

from motcua.integrations.paygov import protocol
from motcua.integrations.paygov.client import PayGovClient

INIT = {
    "LoaiBanTin": "INIT",
    "PhienBan": "1.0.6",
    "MaDoiTac": "MOTCUA",
    "MaThamChieu": "MC0123456789AB",
    "SoTien": "200000",
    "LoaiHinhThanhToan": "PAY",
    "MaKenhThanhToan": "1",
    "MaThietBi": "1",
    "NgonNgu": "vi-VN",
    "MaTienTe": "VND",
    "MaNganHang": "PAYMENT",
    "ThongTinGiaoDich": "Hồ sơ H61.17-260211-0001",
    "ThoiGianGD": "20260211090000",
    "Ip": "10.0.0.1",
}


def test_init_code_is_sha256_of_the_fields_in_order_then_the_secret():
    joined = (
        "INIT|1.0.6|MOTCUA|MC0123456789AB|200000|PAY|1|1|vi-VN|VND|PAYMENT|"
        "Hồ sơ H61.17-260211-0001|20260211090000|10.0.0.1|bi-mat"
    )
    expected = hashlib.sha256(joined.encode("utf-8")).hexdigest()
    assert protocol.checksum(protocol.INIT, INIT, "bi-mat") == expected
    assert expected == expected.lower() and len(expected) == 64


def test_confirm_and_query_orders():
    confirm = {
        "LoaiBanTin": "CONFIRM",
        "MaLoi": "00",
        "MaDoiTac": "MOTCUA",
        "MaThamChieu": "MC1",
        "SoTien": "5",
        "MaTienTe": "VND",
        "MaGiaoDich": "PG1",
        "MaNganHang": "B",
        "ThoiGianGD": "20260211090000",
        "ThongTinGiaoDich": "x",
    }
    joined = "CONFIRM|00|MOTCUA|MC1|5|VND|PG1|B|20260211090000|x|k"
    assert (
        protocol.checksum(protocol.CONFIRM, confirm, "k")
        == hashlib.sha256(joined.encode()).hexdigest()
    )
    query = {"LoaiBanTin": "QUERY", "PhienBan": "1.0.6", "MaDoiTac": "M", "MaThamChieu": "R"}
    query["ThoiGianGD"] = "20260211090000"
    assert (
        protocol.checksum(protocol.QUERY, query, "k")
        == hashlib.sha256(b"QUERY|1.0.6|M|R|20260211090000|k").hexdigest()
    )


def test_verify_rejects_a_changed_field_or_a_wrong_secret():
    message = protocol.sign(protocol.INIT, dict(INIT), "bi-mat")
    assert protocol.verify(protocol.INIT, message, "bi-mat")
    assert not protocol.verify(protocol.INIT, message, "khac")
    assert not protocol.verify(protocol.INIT, {**message, "SoTien": "1"}, "bi-mat")
    assert not protocol.verify(protocol.INIT, {**message, "MaXacThuc": ""}, "bi-mat")


def test_client_builds_a_signed_init_with_vietnam_time():
    api = PayGovClient(url="http://x/", partner="MOTCUA", secret="bi-mat")
    moment = dt.datetime(2026, 2, 11, 2, 0, tzinfo=dt.UTC)
    message = api.init_message(
        reference="MC1",
        amount=200000,
        info="Hồ sơ",
        ip="10.0.0.1",
        moment=moment,
        receipt={},
        return_url="http://r/",
    )
    assert message["ThoiGianGD"] == "20260211090000"
    assert message["SoTien"] == "200000"
    assert protocol.verify(protocol.INIT, message, "bi-mat")
