"""Level-1 electronic identifiers of the 34 provincial People's Committees.

The codes are those the national portal (dichvucong.gov.vn) used in 2026, after QĐ
09/2025/QĐ-TTg: a merged province that kept a pre-merger name kept that province's code.
Each is paired with the province's administrative unit code (QĐ 19/2025/QĐ-TTg, as in the
``vietnam-provinces`` package); the pairing was made by name.
"""

from __future__ import annotations

from typing import NamedTuple


class ProvinceEntry(NamedTuple):
    agency_code: str  # mã định danh cấp 1 of the UBND tỉnh, e.g. H61
    unit_code: str  # mã đơn vị hành chính, e.g. 86
    name: str  # without the "Tỉnh" / "Thành phố" prefix


PROVINCE_CODES: tuple[ProvinceEntry, ...] = tuple(
    ProvinceEntry(*row)
    for row in (
        ("H01", "91", "An Giang"),
        ("H05", "24", "Bắc Ninh"),
        ("H12", "96", "Cà Mau"),
        ("H13", "92", "Cần Thơ"),
        ("H14", "04", "Cao Bằng"),
        ("H15", "66", "Đắk Lắk"),
        ("H17", "48", "Đà Nẵng"),
        ("H18", "11", "Điện Biên"),
        ("H19", "75", "Đồng Nai"),
        ("H20", "82", "Đồng Tháp"),
        ("H21", "52", "Gia Lai"),
        ("H24", "31", "Hải Phòng"),
        ("H26", "01", "Hà Nội"),
        ("H27", "42", "Hà Tĩnh"),
        ("H29", "79", "Hồ Chí Minh"),
        ("H31", "33", "Hưng Yên"),
        ("H32", "56", "Khánh Hòa"),
        ("H35", "12", "Lai Châu"),
        ("H36", "68", "Lâm Đồng"),
        ("H37", "20", "Lạng Sơn"),
        ("H38", "15", "Lào Cai"),
        ("H41", "40", "Nghệ An"),
        ("H42", "37", "Ninh Bình"),
        ("H44", "25", "Phú Thọ"),
        ("H48", "51", "Quảng Ngãi"),
        ("H49", "22", "Quảng Ninh"),
        ("H50", "44", "Quảng Trị"),
        ("H52", "14", "Sơn La"),
        ("H53", "80", "Tây Ninh"),
        ("H55", "19", "Thái Nguyên"),
        ("H56", "38", "Thanh Hóa"),
        ("H57", "46", "Huế"),
        ("H60", "08", "Tuyên Quang"),
        ("H61", "86", "Vĩnh Long"),
    )
)

BY_AGENCY_CODE: dict[str, ProvinceEntry] = {p.agency_code: p for p in PROVINCE_CODES}
BY_UNIT_CODE: dict[str, ProvinceEntry] = {p.unit_code: p for p in PROVINCE_CODES}
