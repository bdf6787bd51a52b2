import datetime as dt

import pytest

from motcua.agencies.constants import AgencyKind
from motcua.agencies.models import AdministrativeUnit
from motcua.agencies.selectors import agency_get_by_code, agency_list, province_unit_code
from motcua.agencies.services import agency_supersede


@pytest.fixture
def agencies(make_agency, vinh_long):
    commune = vinh_long.children.get(code="29641")
    can_tho = AdministrativeUnit.objects.get(code="92", valid_to__isnull=True)
    return {
        "snv": make_agency("H61.10", "Sở Nội vụ tỉnh Vĩnh Long", abbreviation="SNV"),
        "syt": make_agency("H61.19", "Sở Y tế tỉnh Vĩnh Long", abbreviation="SYT"),
        "xa": make_agency(
            "H61.201",
            "Ủy ban nhân dân xã Cái Nhum",
            kind=AgencyKind.COMMUNE_COMMITTEE,
            administrative_unit=commune,
        ),
        "ct": make_agency("H13.10", "Sở Nội vụ thành phố Cần Thơ", administrative_unit=can_tho),
        "old": make_agency(
            "H61.05",
            "Sở Lao động - Thương binh và Xã hội",
            valid_from=dt.date(2010, 1, 1),
            valid_to=dt.date(2025, 2, 28),
        ),
    }


def codes(queryset) -> list[str]:
    return [agency.code for agency in queryset]


@pytest.mark.parametrize(
    ("search", "expected"),
    [
        ("so noi vu", ["H13.10", "H61.10"]),
        ("SỞ NỘI VỤ vĩnh long", ["H61.10"]),
        ("noi vu can tho", ["H13.10"]),
        ("cai nhum", ["H61.201"]),
        ("snv", ["H61.10"]),
        ("h61.19", ["H61.19"]),
        ("đà nẵng", []),
        ("so xay dung", []),
    ],
)
def test_search_ignores_accents_and_case(agencies, search, expected):
    assert codes(agency_list(search=search)) == expected


def test_agencies_of_a_province_include_its_communes(agencies):
    assert codes(agency_list(province="86")) == ["H61.10", "H61.19", "H61.201"]
    assert codes(agency_list(province="H61")) == ["H61.10", "H61.19", "H61.201"]
    assert codes(agency_list(province="h13")) == ["H13.10"]


def test_list_is_as_of_a_day(agencies):
    assert "H61.05" not in codes(agency_list())
    assert "H61.05" in codes(agency_list(on=dt.date(2024, 1, 1)))
    assert codes(agency_list(kind=AgencyKind.COMMUNE_COMMITTEE)) == ["H61.201"]


def test_get_by_code_without_a_day_falls_back_to_the_last_holder(agencies):
    assert agency_get_by_code("h61.10") == agencies["snv"]
    assert agency_get_by_code("H61.05") == agencies["old"]
    assert agency_get_by_code("H61.05", on=dt.date(2026, 1, 1)) is None
    assert agency_get_by_code("H99.99") is None


def test_get_by_code_prefers_the_holder_in_force(agencies, make_agency):
    agency_supersede(
        agencies=[agencies["syt"]],
        successors=[],
        last_day=dt.date(2025, 12, 31),
        legal_basis="QĐ 1/QĐ-UBND",
    )
    successor = make_agency("H61.19", "Sở Y tế (mới)", valid_from=dt.date(2026, 1, 1))
    assert agency_get_by_code("H61.19", on=dt.date(2026, 1, 1)) == successor


def test_province_unit_code_accepts_both_forms():
    assert province_unit_code("H61") == "86"
    assert province_unit_code(" h57 ") == "46"
    assert province_unit_code("86") == "86"
