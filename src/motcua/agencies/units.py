"""Administrative units as published by the ``vietnam-provinces`` package.

The package is the only place that knows its own classes; the rest of the app works with
plain :class:`UnitRecord` values, so a test (or another data source) can feed the loader a
different "version" of the data.
"""

from __future__ import annotations

import datetime as dt
from typing import NamedTuple

import vietnam_provinces as vp

from .constants import UnitKind

# The two-level structure (Luật 72/2025/QH15, QĐ 19/2025/QĐ-TTg) took effect on this day.
REFORM_DATE = dt.date(2025, 7, 1)

_KINDS = {
    vp.VietNamDivisionType.TINH: UnitKind.PROVINCE,
    vp.VietNamDivisionType.THANH_PHO_TRUNG_UONG: UnitKind.CENTRAL_CITY,
    vp.VietNamDivisionType.XA: UnitKind.COMMUNE,
    vp.VietNamDivisionType.PHUONG: UnitKind.WARD,
    vp.VietNamDivisionType.DAC_KHU: UnitKind.SPECIAL_ZONE,
}


class UnitRecord(NamedTuple):
    code: str
    name: str
    kind: UnitKind
    parent_code: str | None  # province code for communes, None for provinces


def package_source() -> str:
    return f"vietnam-provinces {vp.__data_version__}"


def package_units() -> list[UnitRecord]:
    """Provinces first (2-digit codes), then communes (5-digit codes), as QĐ 19/2025 writes them."""
    provinces = [
        UnitRecord(f"{p.code:02d}", p.name, _KINDS[p.division_type], None)
        for p in vp.Province.iter_all()
    ]
    communes = [
        UnitRecord(f"{w.code:05d}", w.name, _KINDS[w.division_type], f"{w.province_code:02d}")
        for w in vp.Ward.iter_all()
    ]
    return provinces + communes


def province_phone_code(unit_code: str) -> int:
    """Telephone area code of a province (e.g. 270 for Vĩnh Long), for published contact numbers."""
    return vp.Province.from_code(vp.ProvinceCode(int(unit_code))).phone_code
