"""The public catalogue API: /api/v1/catalog/…"""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from motcua.catalog.constants import GovernmentLevel, OnlineLevel, VersionStatus
from motcua.catalog.models import Procedure, ProcedureVersion

from . import public_builders as build

pytestmark = pytest.mark.django_db

URL = "/api/v1/catalog/procedures"


@pytest.fixture(autouse=True)
def _today(time_machine):
    time_machine.move_to(dt.datetime(2026, 11, 22, 9, 0, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh")))


@pytest.fixture
def catalogue():
    commune = build.agency()
    construction_dept = build.agency(
        "H61.14",
        "Sở Xây dựng tỉnh Vĩnh Long",
        kind="department",
        address="Số 1 đường Phạm Thái Bường, phường Phước Hậu",
        phone="0270 3822 424",
        email="sxd@vinhlong.gov.vn",
    )
    construction = build.field("H61-XD", "Xây dựng")
    versions = {
        "birth": build.birth_registration(commune),
        "marriage": build.version(
            "1.001022", "Đăng ký kết hôn", at=commune, online_levels=(OnlineLevel.PARTIAL,)
        ),
        "permit": build.version(
            "1.009972",
            "Cấp giấy phép xây dựng mới đối với nhà ở riêng lẻ",
            in_field=construction,
            at=construction_dept,
            level=GovernmentLevel.PROVINCE,
            online_levels=(OnlineLevel.NONE, OnlineLevel.PARTIAL),
            processing=("15", "working_days"),
        ),
        "birth_draft": build.version(
            "1.001193", "Đăng ký khai sinh (dự thảo)", number=2, status=VersionStatus.DRAFT
        ),
        "draft_only": build.version(
            "1.004772",
            "Cấp phép khai thác nước dưới đất",
            in_field=build.field("H61-TNN", "Tài nguyên nước"),
            status=VersionStatus.DRAFT,
        ),
        "old": build.version(
            "1.000689",
            "Đăng ký nhận cha, mẹ, con (bản cũ)",
            status=VersionStatus.SUPERSEDED,
            valid_from=dt.date(2016, 1, 1),
            valid_to=dt.date(2025, 6, 30),
        ),
    }
    versions["new"] = build.version("1.000689", "Đăng ký nhận cha, mẹ, con", number=2)
    return versions


# --- List ---------------------------------------------------------------------------------


def test_list_is_public_and_paginated(client, catalogue):
    response = client.get(URL, {"limit": 2})
    assert response.status_code == 200
    body = response.json()
    assert (body["count"], body["limit"], body["offset"], body["approximate"]) == (4, 2, 0, False)
    assert [item["code"] for item in body["items"]] == ["1.000689", "1.001022"]

    rest = client.get(URL, {"limit": 2, "offset": 2}).json()
    assert [item["code"] for item in rest["items"]] == ["1.001193", "1.009972"]
    permit = rest["items"][1]
    assert permit == {
        "code": "1.009972",
        "name": "Cấp giấy phép xây dựng mới đối với nhà ở riêng lẻ",
        "version": 1,
        "field": {"code": "H61-XD", "name": "Xây dựng"},
        "level": "province",
        "level_label": permit["level_label"],
        "online_level": "partial",
        "online_level_label": permit["online_level_label"],
        "online_levels": ["none", "partial"],
        "processing_times": [
            {"amount": "15", "unit": "working_days", "unit_label": "Ngày làm việc"}
        ],
    }


def test_search_by_words_without_diacritics(client, catalogue):
    body = client.get(URL, {"q": "DANG KY KHAI SINH"}).json()
    assert [item["code"] for item in body["items"]] == ["1.001193"]
    assert body["items"][0]["name"] == "Đăng ký khai sinh"  # the published name, not the draft's


def test_search_reports_near_matches(client, catalogue):
    body = client.get(URL, {"q": "khaisinh"}).json()
    assert body["approximate"] is True
    assert body["items"][0]["code"] == "1.001193"


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"field": "H61-XD"}, ["1.009972"]),
        ({"agency": "H61.14"}, ["1.009972"]),
        ({"level": "province"}, ["1.009972"]),
        ({"online_level": "full"}, ["1.001193"]),
        ({"online_level": "partial"}, ["1.001022", "1.009972"]),
        ({"q": "1.0010"}, ["1.001022"]),
        ({"q": "dang ky", "online_level": "partial"}, ["1.001022"]),
        ({"field": "H61-TNN"}, []),  # only a draft there
    ],
)
def test_list_filters(client, catalogue, params, expected):
    body = client.get(URL, params).json()
    assert [item["code"] for item in body["items"]] == expected
    assert body["count"] == len(expected)


@pytest.mark.parametrize(
    "params",
    [
        {"level": "district"},
        {"online_level": "level4"},
        {"limit": 0},
        {"limit": 101},
        {"offset": -1},
        {"limit": "many"},
        {"q": "x" * 201},
    ],
)
def test_list_refuses_bad_parameters_in_vietnamese(client, catalogue, params):
    response = client.get(URL, params)
    assert response.status_code == 422
    detail = response.json()["detail"][0]
    assert detail["loc"][0] == "query"
    assert detail["msg"]  # worded by motcua.api.errors


@pytest.mark.parametrize("q", ['"', "*", "-", "(", ":", "khai* NOT (sinh", "'; --", "\x00", "💥"])
def test_odd_queries_are_answered(client, catalogue, q):
    response = client.get(URL, {"q": q})
    assert response.status_code == 200


def test_drafts_and_superseded_versions_never_appear(client, catalogue):
    every = client.get(URL, {"limit": 100}).json()["items"]
    assert {item["code"] for item in every} == {"1.000689", "1.001022", "1.001193", "1.009972"}
    names = {item["name"] for item in every}
    assert not names & {"Đăng ký khai sinh (dự thảo)", "Đăng ký nhận cha, mẹ, con (bản cũ)"}
    assert client.get(URL, {"q": "du thao"}).json()["count"] == 0
    assert client.get(URL, {"q": "ban cu"}).json()["count"] == 0
    assert client.get(URL, {"q": "khai thac nuoc"}).json()["count"] == 0


def test_list_costs_a_few_queries(client, catalogue, django_assert_max_num_queries):
    with django_assert_max_num_queries(4):
        assert client.get(URL, {"q": "dang ky"}).status_code == 200


# --- Detail -------------------------------------------------------------------------------


def test_detail_has_everything_a_citizen_needs(client, catalogue, django_assert_max_num_queries):
    with django_assert_max_num_queries(6):
        response = client.get(f"{URL}/1.001193")
    assert response.status_code == 200
    body = response.json()
    assert (body["code"], body["name"], body["version"]) == ("1.001193", "Đăng ký khai sinh", 1)
    assert body["sector"] == "Tư pháp"
    assert body["decision"] == {"number": "1094/QĐ-UBND", "date": "2025-06-25"}
    assert (body["valid_from"], body["valid_to"]) == ("2025-07-01", None)
    assert body["boundary_free"] is True
    assert body["legal_basis"].startswith("Luật Hộ tịch 2014")
    assert body["requirements"] == "Đăng ký trong thời hạn 60 ngày kể từ ngày sinh."
    assert body["implementing_agencies"] == [
        {
            "code": "H61.201",
            "name": "Ủy ban nhân dân xã Cái Nhum",
            "address": "Ấp Hòa Long, xã Cái Nhum, tỉnh Vĩnh Long",
            "phone": "0270 3850 123",
            "email": "",
        }
    ]
    [case] = body["cases"]
    assert case["processing_time"] == {
        "amount": "0",
        "unit": "same_day",
        "unit_label": "Trong ngày",
    }
    assert case["online_processing_time"]["unit"] == "same_day"
    assert case["online_level"] == "full"
    assert [c["value"] for c in case["delivery_channels"]] == ["counter", "post", "online"]
    assert case["result_name"] == "Giấy khai sinh"
    assert [(f["name"], f["amount"], f["kind"]) for f in case["fees"]] == [
        ("Lệ phí đăng ký khai sinh", 0, "charge"),
        ("Phí cấp bản sao trích lục", 8000, "fee"),
    ]
    assert case["fees"][0]["exemptions"] == "Miễn lệ phí khi đăng ký đúng hạn"
    declaration, certificate = case["components"]
    assert declaration["name"] == "Tờ khai đăng ký khai sinh"
    assert declaration["form_name"] == "Tờ khai đăng ký khai sinh"
    assert declaration["form_url"] is None
    assert (declaration["copy_type"], declaration["quantity"]) == ("original", 1)
    assert (certificate["requirement"], certificate["condition"]) == (
        "conditional",
        "Khi sinh tại cơ sở y tế",
    )


def test_detail_serves_the_version_in_force(client, catalogue):
    body = client.get(f"{URL}/1.000689").json()
    assert (body["version"], body["name"]) == (2, "Đăng ký nhận cha, mẹ, con")


def test_detail_code_is_case_insensitive(client, catalogue):
    build.version("1.001193.H61", "Đăng ký khai sinh cho trẻ bị bỏ rơi")
    assert client.get(f"{URL}/1.001193.h61").json()["code"] == "1.001193.H61"


@pytest.mark.parametrize("code", ["1.004772", "1.0011", "9.999999", "x" * 300, "%20"])
def test_detail_of_a_procedure_not_in_force_is_404_in_vietnamese(client, catalogue, code):
    response = client.get(f"{URL}/{code}")
    assert response.status_code == 404
    message = response.json()["detail"]
    assert not message.startswith("No procedure")  # translated
    if len(code) < 40 and code != "%20":
        assert code in message


def test_a_procedure_whose_version_ended_is_404(client, catalogue):
    ProcedureVersion.objects.filter(procedure__code="1.001022").update(
        valid_to=dt.date(2026, 11, 21)
    )
    assert client.get(f"{URL}/1.001022").status_code == 404


# --- Fields -------------------------------------------------------------------------------


def test_fields_count_procedures_in_force_only(client, catalogue, django_assert_max_num_queries):
    with django_assert_max_num_queries(2):
        response = client.get("/api/v1/catalog/fields")
    assert response.status_code == 200
    assert response.json() == [
        {"code": "H61-HT", "name": "Hộ tịch", "sector": "Tư pháp", "count": 3},
        {"code": "H61-XD", "name": "Xây dựng", "sector": "Tư pháp", "count": 1},
    ]


# --- Nothing can be written ---------------------------------------------------------------


@pytest.mark.parametrize("path", [URL, f"{URL}/1.001193", "/api/v1/catalog/fields"])
@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
def test_writes_do_not_exist(admin_client, client, catalogue, path, method):
    for anyone in (client, admin_client):
        response = getattr(anyone, method)(path, {"name": "x"}, content_type="application/json")
        assert response.status_code == 405
    assert Procedure.objects.count() == 5
    assert ProcedureVersion.objects.get(pk=catalogue["birth"].pk).name == "Đăng ký khai sinh"
