"""Public catalogue pages: /thu-tuc/ and /thu-tuc/<code>/."""

from __future__ import annotations

import datetime as dt
import re
from zoneinfo import ZoneInfo

from django.conf import settings
from django.urls import reverse

import pytest

from motcua.catalog.constants import GovernmentLevel, OnlineLevel, VersionStatus
from motcua.catalog.tests import public_builders as build

pytestmark = pytest.mark.django_db

LIST_URL = "/thu-tuc/"


@pytest.fixture(autouse=True)
def _today(time_machine):
    time_machine.move_to(dt.datetime(2026, 11, 22, 9, 0, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh")))


@pytest.fixture
def catalogue():
    commune = build.agency()
    department = build.agency(
        "H61.14", "Sở Xây dựng tỉnh Vĩnh Long", kind="department", phone="0270 3822 424"
    )
    return {
        "birth": build.birth_registration(commune),
        "marriage": build.version(
            "1.001022", "Đăng ký kết hôn", at=commune, online_levels=(OnlineLevel.PARTIAL,)
        ),
        "permit": build.version(
            "1.009972",
            "Cấp giấy phép xây dựng mới đối với nhà ở riêng lẻ",
            in_field=build.field("H61-XD", "Xây dựng"),
            at=department,
            level=GovernmentLevel.PROVINCE,
            online_levels=(OnlineLevel.NONE, OnlineLevel.PARTIAL),
            processing=("15", "working_days"),
        ),
        "draft": build.version(
            "1.004772", "Đăng ký khai sinh lưu động", status=VersionStatus.DRAFT
        ),
        "birth_draft": build.version(
            "1.001193", "Đăng ký khai sinh (dự thảo)", number=2, status=VersionStatus.DRAFT
        ),
        "old": build.version(
            "1.000656",
            "Đăng ký khai tử (bản cũ)",
            status=VersionStatus.SUPERSEDED,
            valid_from=dt.date(2016, 1, 1),
            valid_to=dt.date(2025, 6, 30),
        ),
    }


def text(response) -> str:
    """The page's visible text, tags removed and spaces squeezed."""
    body = re.sub(r"<(script|style)\b.*?</\1>", " ", response.content.decode(), flags=re.S)
    return " ".join(re.sub(r"<[^>]+>", " ", body).split())


def result_names(response) -> list[str]:
    return [v.name for v in response.context["result"].items]


# --- Catalogue index ----------------------------------------------------------------------


def test_index_lists_procedures_in_force_in_vietnamese(
    client, catalogue, django_assert_max_num_queries
):
    with django_assert_max_num_queries(8):
        response = client.get(LIST_URL)
    assert response.status_code == 200
    assert '<html lang="vi">' in response.content.decode()
    page = text(response)
    assert "Thủ tục hành chính" in page
    assert "Số thủ tục tìm thấy: 3" in page
    assert result_names(response) == [
        "Đăng ký kết hôn",
        "Đăng ký khai sinh",
        "Cấp giấy phép xây dựng mới đối với nhà ở riêng lẻ",
    ]
    assert "Mã thủ tục: 1.001193" in page
    assert "Lĩnh vực: Hộ tịch" in page
    assert "Thời hạn giải quyết: Trong ngày" in page
    assert "Thời hạn giải quyết: 15 ngày làm việc" in page
    assert "Toàn trình" in page and "Một phần" in page
    for hidden in ("lưu động", "dự thảo", "bản cũ"):
        assert hidden not in page


def test_index_search_without_diacritics(client, catalogue):
    response = client.get(LIST_URL, {"q": "dang ky khai sinh"})
    assert result_names(response) == ["Đăng ký khai sinh"]
    assert reverse("portal:procedure_detail", args=["1.001193"]) in response.content.decode()
    assert 'value="dang ky khai sinh"' in response.content.decode()


def test_index_says_when_results_are_near_matches(client, catalogue):
    page = text(client.get(LIST_URL, {"q": "khaisinh"}))
    assert "gần đúng nhất" in page
    assert "Đăng ký khai sinh" in page


def test_index_says_when_nothing_is_found(client, catalogue):
    page = text(client.get(LIST_URL, {"q": "qwrtzx"}))
    assert "Số thủ tục tìm thấy: 0" in page
    assert "Không tìm thấy thủ tục nào" in page


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"field": "H61-XD"}, ["Cấp giấy phép xây dựng mới đối với nhà ở riêng lẻ"]),
        ({"agency": "H61.201"}, ["Đăng ký kết hôn", "Đăng ký khai sinh"]),
        ({"level": "province"}, ["Cấp giấy phép xây dựng mới đối với nhà ở riêng lẻ"]),
        ({"online_level": "full"}, ["Đăng ký khai sinh"]),
        ({"q": "dang ky", "online_level": "partial"}, ["Đăng ký kết hôn"]),
    ],
)
def test_index_filters(client, catalogue, params, expected):
    assert result_names(client.get(LIST_URL, params)) == expected


def test_filter_choices_come_from_the_public_catalogue(client, catalogue):
    form = client.get(LIST_URL).context["form"]
    assert [c[0] for c in form.fields["field"].choices] == ["", "H61-HT", "H61-XD"]
    assert form.fields["field"].choices[1][1] == "Hộ tịch (2)"
    assert [c[0] for c in form.fields["agency"].choices] == ["", "H61.14", "H61.201"]


def test_a_bad_filter_value_is_reported_and_ignored(client, catalogue):
    response = client.get(LIST_URL, {"q": "dang ky", "field": "NOPE", "level": "district"})
    assert response.status_code == 200
    assert response.context["form"].errors.keys() == {"field", "level"}
    assert 'aria-invalid="true"' in response.content.decode()
    assert result_names(response) == ["Đăng ký kết hôn", "Đăng ký khai sinh"]


@pytest.mark.parametrize(
    "q", ['"', "*-(:", "khai* NOT (sinh", "'; DROP TABLE x; --", "x" * 5000, "\x00"]
)
def test_odd_queries_get_a_page(client, catalogue, q):
    assert client.get(LIST_URL, {"q": q}).status_code == 200


def test_pagination(client):
    for n in range(45):
        build.version(f"2.{n:06d}", f"Thủ tục thử nghiệm số {n}")
    first = client.get(LIST_URL, {"q": "thu nghiem"})
    assert len(first.context["result"].items) == 20
    assert first.context["pages"] == [1, 2, 3]
    html = first.content.decode()
    assert 'aria-current="page"' in html
    assert "?q=thu+nghiem&amp;page=2" in html

    third = client.get(LIST_URL, {"q": "thu nghiem", "page": "3"})
    assert len(third.context["result"].items) == 5
    assert 'start="41"' in third.content.decode()
    assert client.get(LIST_URL, {"q": "thu nghiem", "page": "99"}).context["page"] == 3
    assert client.get(LIST_URL, {"q": "thu nghiem", "page": "abc"}).context["page"] == 1
    assert client.get(LIST_URL, {"q": "thu nghiem", "page": "-4"}).context["page"] == 1


def test_page_links_leave_gaps_on_long_lists():
    from motcua.portal.views import _page_links

    assert _page_links(1, 1) == [1]
    assert _page_links(6, 20) == [1, None, 4, 5, 6, 7, 8, None, 20]
    assert _page_links(2, 5) == [1, 2, 3, 4, 5]


def test_home_page_leads_to_the_catalogue(client):
    html = client.get("/").content.decode()
    assert f'action="{LIST_URL}"' in html
    assert "Tra cứu thủ tục hành chính" in html


# --- Procedure detail ---------------------------------------------------------------------


def test_detail_shows_everything_a_citizen_needs(client, catalogue, django_assert_max_num_queries):
    with django_assert_max_num_queries(7):
        response = client.get("/thu-tuc/1.001193/")
    assert response.status_code == 200
    page = text(response)
    assert "<h1>Đăng ký khai sinh</h1>" in response.content.decode()
    for expected in [
        "Mã thủ tục: 1.001193",
        "Có thể nộp trực tuyến.",
        "Nơi nộp hồ sơ",
        "Ủy ban nhân dân xã Cái Nhum",
        "Địa chỉ: Ấp Hòa Long, xã Cái Nhum, tỉnh Vĩnh Long",
        "Điện thoại: 0270 3850 123",
        "không phụ thuộc nơi cư trú",
        "Thời hạn giải quyết Trong ngày; khi nộp trực tuyến: Trong ngày",
        "Kết quả Giấy khai sinh",
        "Thành phần hồ sơ",
        "Tờ khai đăng ký khai sinh",
        "Số lượng: 1 bản",
        "Mẫu đơn, tờ khai: Tờ khai đăng ký khai sinh",
        "Giấy chứng sinh",
        "Chỉ nộp khi: Khi sinh tại cơ sở y tế",
        "Lệ phí đăng ký khai sinh",
        "0 đồng / hồ sơ",
        "8.000 đồng / bản",
        "Miễn lệ phí khi đăng ký đúng hạn",
        "Đăng ký trong thời hạn 60 ngày kể từ ngày sinh.",
        "Căn cứ pháp lý Luật Hộ tịch 2014; Nghị định 123/2015/NĐ-CP",
        "Quyết định số 1094/QĐ-UBND ngày 25/06/2025",
        "Có hiệu lực từ 01/07/2025",
    ]:
        assert expected in page, expected
    assert "dự thảo" not in page
    assert 'href="tel:02703850123"' in response.content.decode()


def test_detail_with_several_cases_and_no_full_online(client, catalogue):
    page = text(client.get("/thu-tuc/1.009972/"))
    assert "Trường hợp 1: Cấp giấy phép xây dựng mới đối với nhà ở riêng lẻ — trường hợp 1" in page
    assert "Trường hợp 2:" in page
    assert "Chưa cung cấp trực tuyến." in page
    assert "Có thể nộp trực tuyến." in page  # case 2 is partly online
    assert "15 ngày làm việc" in page


def test_detail_of_an_offline_procedure_has_no_online_note(client):
    build.version("1.000130", "Đăng ký giám hộ")
    page = text(client.get("/thu-tuc/1.000130/"))
    assert "Có thể nộp trực tuyến" not in page
    assert "Chưa cung cấp trực tuyến." in page


@pytest.mark.parametrize("code", ["1.004772", "1.000656", "9.999999", "x" * 200])
def test_detail_of_a_procedure_not_in_force_is_a_vietnamese_404(client, catalogue, code):
    response = client.get(f"/thu-tuc/{code}/")
    assert response.status_code == 404
    page = text(response)
    assert "Không tìm thấy thủ tục" in page
    assert "Không có thủ tục nào đang có hiệu lực mang mã" in page
    assert "x" * 41 not in page


def test_pages_are_available_in_english(client, catalogue):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    page = text(client.get("/thu-tuc/1.001193/"))
    assert "Documents to submit" in page
    assert "Where to submit" in page
    assert "Procedures found: 3" in text(client.get(LIST_URL))


def test_writes_are_refused(client, catalogue):
    # Read-only pages: a POST is not a search and must not reach the catalogue.
    assert client.post(LIST_URL, {"q": "x"}).status_code == 405
    assert client.post("/thu-tuc/1.001193/").status_code == 405
