import datetime as dt

import pytest

from motcua.agencies.constants import AgencyKind
from motcua.agencies.services import agency_supersede

URL = "/api/v1/agencies/"


@pytest.fixture
def agencies(make_agency, vinh_long):
    snv = make_agency(
        "H61.10",
        "Sở Nội vụ tỉnh Vĩnh Long",
        short_name="Sở Nội vụ",
        abbreviation="SNV",
        address="Số 7 đường Trung tâm hành chính, phường Thanh Đức, tỉnh Vĩnh Long",
        phone="0270 3801 170",
        email="snv@vinhlong.gov.vn",
    )
    labour = make_agency(
        "H61.05", "Sở Lao động - Thương binh và Xã hội", valid_from=dt.date(2010, 1, 1)
    )
    agency_supersede(
        agencies=[labour],
        successors=[snv],
        last_day=dt.date(2025, 6, 30),
        legal_basis="NQ 1/NQ-HĐND",
    )
    commune = vinh_long.children.get(code="29641")
    make_agency(
        "H61.201",
        "Ủy ban nhân dân xã Cái Nhum",
        kind=AgencyKind.COMMUNE_COMMITTEE,
        administrative_unit=commune,
    )
    return {"snv": snv, "labour": labour}


def test_list_is_public_and_paginated(client, agencies):
    response = client.get(URL)
    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 2
    assert [a["code"] for a in body["items"]] == ["H61.10", "H61.201"]
    first = body["items"][0]
    assert first["administrative_unit"] == {"code": "86", "name": "Vĩnh Long", "kind": "province"}
    assert first["kind_label"] == "Sở, ban, ngành tỉnh"
    assert first["email"] == "snv@vinhlong.gov.vn"

    page = client.get(URL, {"page_size": 1, "page": 2}).json()
    assert (page["count"], [a["code"] for a in page["items"]]) == (2, ["H61.201"])


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"q": "so noi vu"}, ["H61.10"]),
        ({"q": "ủy ban cái nhum"}, ["H61.201"]),
        ({"kind": "commune_committee"}, ["H61.201"]),
        ({"province": "H61"}, ["H61.10", "H61.201"]),
        ({"province": "92"}, []),
        ({"on": "2024-01-01"}, ["H61.05"]),
    ],
)
def test_list_filters(client, agencies, params, expected):
    response = client.get(URL, params)
    assert [a["code"] for a in response.json()["items"]] == expected


def test_list_rejects_an_unknown_type(client, agencies):
    assert client.get(URL, {"kind": "ministry"}).status_code == 422


def test_detail_gives_contact_details(client, agencies, django_assert_max_num_queries):
    with django_assert_max_num_queries(3):
        response = client.get(URL + "H61.10")
    assert response.status_code == 200
    body = response.json()
    assert body["name"] == "Sở Nội vụ tỉnh Vĩnh Long"
    assert body["phone"] == "0270 3801 170"
    assert body["successors"] == []


def test_detail_of_an_ended_agency_keeps_its_name_and_points_to_successors(client, agencies):
    body = client.get(URL + "h61.05").json()
    assert (body["name"], body["valid_to"]) == ("Sở Lao động - Thương binh và Xã hội", "2025-06-30")
    assert [s["code"] for s in body["successors"]] == ["H61.10"]
    assert body["successors"][0]["address"].startswith("Số 7")


def test_detail_404_is_in_vietnamese(client, agencies):
    response = client.get(URL + "H99.99")
    assert response.status_code == 404
    assert response.json() == {"detail": "Không có cơ quan nào mang mã H99.99."}
    assert client.get(URL + "H61.10", {"on": "2020-01-01"}).status_code == 404


@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
def test_api_is_read_only(client, agencies, method):
    assert getattr(client, method)(URL).status_code == 405
    assert getattr(client, method)(URL + "H61.10").status_code == 405


def test_schema_has_no_write_operation(client):
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    operations = {m for path, item in paths.items() if "/agencies" in path for m in item}
    assert operations == {"get"}
