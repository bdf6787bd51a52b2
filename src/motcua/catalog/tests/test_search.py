"""Search over the public catalogue, on whichever database the suite runs (SQLite or PostgreSQL)."""

from __future__ import annotations

import datetime as dt

import pytest

from motcua.catalog.constants import GovernmentLevel, OnlineLevel, VersionStatus
from motcua.catalog.search import SearchResult, procedure_search, query_parse

from . import public_builders as build

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 11, 22)


def search(q: str = "", **options) -> SearchResult:
    return procedure_search(q, on=TODAY, **options)


def codes(result: SearchResult) -> list[str]:
    return [v.procedure.code for v in result.items]


@pytest.fixture
def catalogue() -> dict[str, object]:
    commune = build.agency()
    construction_dept = build.agency(
        "H61.14", "Sở Xây dựng tỉnh Vĩnh Long", kind="department", address="Phường Thanh Đức"
    )
    build.field()
    construction = build.field("H61-XD", "Xây dựng")
    business = build.field("H61-HKD", "Thành lập và hoạt động của hộ kinh doanh")
    v = {
        "birth": build.birth_registration(commune),
        "death": build.version("1.000656", "Đăng ký khai tử", at=commune),
        "marriage": build.version(
            "1.001022", "Đăng ký kết hôn", at=commune, online_levels=(OnlineLevel.PARTIAL,)
        ),
        "birth_foreign": build.version("1.001695", "Đăng ký khai sinh có yếu tố nước ngoài"),
        "birth_again": build.version("1.004884", "Đăng ký lại khai sinh"),
        "birth_local": build.version("1.001193.H61", "Đăng ký khai sinh cho trẻ bị bỏ rơi"),
        "permit": build.version(
            "1.009972",
            "Cấp giấy phép xây dựng mới đối với nhà ở riêng lẻ",
            in_field=construction,
            at=construction_dept,
            level=GovernmentLevel.PROVINCE,
            online_levels=(OnlineLevel.PARTIAL, OnlineLevel.NONE),
        ),
        "repair": build.version(
            "1.009974",
            "Cấp giấy phép sửa chữa, cải tạo công trình",
            in_field=construction,
            at=construction_dept,
            level=GovernmentLevel.PROVINCE,
        ),
        "household_business": build.version(
            "2.000046", "Đăng ký thành lập hộ kinh doanh", in_field=business
        ),
    }
    # Versions the public must never see.
    v["draft_only"] = build.version(
        "1.004772", "Đăng ký khai sinh lưu động", status=VersionStatus.DRAFT
    )
    v["birth_draft"] = build.version(
        "1.001193", "Đăng ký khai sinh (bản dự thảo)", number=2, status=VersionStatus.DRAFT
    )
    v["recognition_old"] = build.version(
        "1.000689",
        "Đăng ký khai sinh kết hợp nhận cha, mẹ, con (cũ)",
        status=VersionStatus.SUPERSEDED,
        valid_from=dt.date(2016, 1, 1),
        valid_to=dt.date(2025, 6, 30),
    )
    v["recognition"] = build.version(
        "1.000689", "Đăng ký khai sinh kết hợp nhận cha, mẹ, con", number=2
    )
    v["abolished"] = build.version(
        "1.000110", "Cấp giấy chứng nhận sở hữu nhà bãi bỏ", status=VersionStatus.ABOLISHED
    )
    v["expired"] = build.version(
        "1.000120", "Xác nhận tình trạng hôn nhân hết hạn", valid_to=dt.date(2025, 12, 31)
    )
    v["future"] = build.version(
        "1.000130", "Đăng ký giám hộ sắp có hiệu lực", valid_from=dt.date(2027, 1, 1)
    )
    return v


PUBLIC_COUNT = 10  # the published versions in force in ``catalogue``


# --- Words, with or without diacritics -------------------------------------------------


@pytest.mark.parametrize(
    "q",
    [
        "đăng ký khai sinh",
        "dang ky khai sinh",
        "DANG KY KHAI SINH",
        "Đăng Ký Khai Sinh",
        "ĐĂNG KÝ KHAI SINH",
        "  dang\tky   khai sinh ",
        "đang ky khai sinh",
        "dăng kỳ khải sính",
    ],
)
def test_words_match_whatever_the_marks_and_case(catalogue, q):
    result = search(q)
    assert codes(result)[0] == "1.001193"
    assert not result.approximate


def test_d_with_stroke_matches_plain_d_both_ways(catalogue):
    assert codes(search("ĐĂNG KÝ KẾT HÔN")) == ["1.001022"]
    assert codes(search("dang ky ket hon")) == ["1.001022"]
    with_stroke = search("đăng ký", limit=100)
    assert codes(with_stroke) == codes(search("dang ky", limit=100))
    assert with_stroke.total == 8


def test_the_last_word_may_be_unfinished(catalogue):
    assert codes(search("dang ky ket ho")) == ["1.001022", "1.000689"]


def test_final_i_and_y_are_the_same_letter(catalogue):
    result = search("dang ki khai sinh")
    assert codes(result)[0] == "1.001193"
    assert not result.approximate


# --- Codes --------------------------------------------------------------------------------


def test_exact_code_comes_before_codes_that_start_with_it(catalogue):
    assert codes(search("1.001193")) == ["1.001193", "1.001193.H61"]
    assert codes(search("1.001193.h61")) == ["1.001193.H61"]


def test_code_prefix(catalogue):
    assert codes(search("1.0011")) == ["1.001193", "1.001193.H61"]
    assert codes(search("1.0099")) == ["1.009972", "1.009974"]


def test_the_six_digits_without_the_leading_one_find_the_code(catalogue):
    assert codes(search("001022")) == ["1.001022"]


def test_unknown_code_finds_nothing(catalogue):
    assert search("9.999999").total == 0


# --- Ranking ------------------------------------------------------------------------------


def test_words_side_by_side_in_the_name_rank_first_and_shorter_names_closer(catalogue):
    assert codes(search("dang ky khai sinh")) == [
        "1.001193",  # the whole name
        "1.001193.H61",  # phrase, 4 of 9 words
        "1.001695",  # phrase, 4 of 9 words, longer name
        "1.000689",  # phrase, 4 of 10 words
        "1.004884",  # every word, not side by side
    ]


def test_a_name_match_beats_a_field_name_match(catalogue):
    # "Xây dựng" is in the first name; the second is only in the field "Xây dựng".
    assert codes(search("xay dung")) == ["1.009972", "1.009974"]


def test_words_found_only_in_the_field_name_still_match(catalogue):
    assert codes(search("ho kinh doanh")) == ["2.000046"]
    assert search("ho tich").total == 7


# --- Typos --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "q", ["khaisinh", "dangky khai sinh", "dang ky khai sihn", "dang kyy khai sinh"]
)
def test_typos_and_run_together_words_find_near_matches(catalogue, q):
    result = search(q)
    assert result.approximate
    assert codes(result)[0] == "1.001193"


def test_near_matches_need_some_resemblance(catalogue):
    result = search("qwrtzx")
    assert (result.total, result.approximate) == (0, False)


def test_exact_matches_suppress_near_matches(catalogue):
    result = search("khai tu")
    assert (codes(result), result.approximate) == (["1.000656"], False)


# --- Filters ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("options", "expected"),
    [
        ({"field": "H61-XD"}, ["1.009972", "1.009974"]),
        ({"agency": "H61.14"}, ["1.009972", "1.009974"]),
        ({"level": GovernmentLevel.PROVINCE}, ["1.009972", "1.009974"]),
        ({"online_level": OnlineLevel.FULL}, ["1.001193"]),
        ({"online_level": OnlineLevel.PARTIAL}, ["1.001022", "1.009972"]),
        ({"field": "H61-HKD", "level": GovernmentLevel.COMMUNE}, ["2.000046"]),
        ({"field": "NONE"}, []),
        ({"agency": "H99.99"}, []),
    ],
)
def test_filters_without_words(catalogue, options, expected):
    assert codes(search(**options)) == expected


def test_filters_narrow_a_word_search(catalogue):
    assert codes(search("cap giay phep", online_level=OnlineLevel.PARTIAL)) == ["1.009972"]
    assert codes(search("dang ky", agency="H61.14")) == []
    assert codes(search("1.00", field="H61-XD")) == ["1.009972", "1.009974"]


# --- What the public never sees -----------------------------------------------------------


def test_drafts_are_never_found(catalogue):
    assert search("luu dong").total == 0
    assert search("1.004772").total == 0
    assert search("ban du thao").total == 0
    birth = search("dang ky khai sinh", limit=100).items
    assert catalogue["birth"] in birth
    assert catalogue["birth_draft"] not in birth
    assert catalogue["draft_only"] not in birth


def test_superseded_abolished_expired_and_future_versions_are_never_found(catalogue):
    found = search("nhan cha me con").items
    assert found == [catalogue["recognition"]]
    for q, key in [("bai bo", "abolished"), ("het han", "expired"), ("sap co hieu luc", "future")]:
        assert catalogue[key] not in search(q, limit=100).items
    assert search("1.000110").total == 0  # the abolished one, by code
    everything = search(limit=100)
    assert everything.total == PUBLIC_COUNT
    hidden = {"draft_only", "birth_draft", "recognition_old", "abolished", "expired", "future"}
    assert not {catalogue[key] for key in hidden} & set(everything.items)


def test_the_day_decides_what_is_in_force(catalogue):
    assert codes(procedure_search("giam ho", on=dt.date(2027, 1, 1))) == ["1.000130"]
    assert codes(procedure_search("het han", on=dt.date(2025, 12, 31))) == ["1.000120"]
    # Asked about a past day, the version in force that day answers.
    old = procedure_search("nhan cha me con", on=dt.date(2020, 1, 1))
    assert old.items == [catalogue["recognition_old"]]


def test_a_version_stays_public_until_its_announced_successor_starts():
    # Publishing an amendment that starts later marks the current version superseded at
    # once, with the day before as its last day (services.version_publish).
    build.version(
        "1.000894",
        "Đăng ký giám hộ",
        status=VersionStatus.SUPERSEDED,
        valid_to=dt.date(2026, 12, 31),
    )
    build.version("1.000894", "Đăng ký giám hộ (sửa đổi)", number=2, valid_from=dt.date(2027, 1, 1))
    assert [v.name for v in search("giam ho").items] == ["Đăng ký giám hộ"]
    later = procedure_search("giam ho", on=dt.date(2027, 1, 1)).items
    assert [v.name for v in later] == ["Đăng ký giám hộ (sửa đổi)"]


def test_an_abolished_procedure_stays_public_until_the_abolition_takes_effect():
    build.version(
        "1.000895", "Cấp giấy phép bãi bỏ", status=VersionStatus.ABOLISHED, valid_to=TODAY
    )
    assert search("bai bo").total == 1
    assert procedure_search("bai bo", on=TODAY + dt.timedelta(days=1)).total == 0


def test_a_superseded_version_without_an_end_is_never_public():
    build.version("1.000896", "Đăng ký lại kết hôn", status=VersionStatus.SUPERSEDED)
    assert search("dang ky lai ket hon").total == 0


# --- Bad input ----------------------------------------------------------------------------


@pytest.mark.parametrize("q", ["", "   ", "\t\n", None])
def test_blank_query_lists_every_public_procedure_by_code(catalogue, q):
    result = search(q, limit=100)
    assert result.total == PUBLIC_COUNT
    assert codes(result) == sorted(codes(result))


@pytest.mark.parametrize(
    "q",
    [
        '"',
        "*",
        "-",
        "(",
        ":",
        "^",
        '"khai',
        "khai*",
        "khai -sinh",
        "(khai OR sinh",
        "sinh:khai",
        "NEAR(khai sinh)",
        "khai AND NOT sinh",
        "search_text:khai",
        "'; DROP TABLE catalog_procedureversion; --",
        "1.001193'--",
        "%_%",
        "\\",
        "\x00khai",
        "khai\x00sinh",
        "💥 khai sinh",
        "khai " * 2000,
        "x" * 10_000,
        "1." + "0" * 5000,
    ],
)
def test_hostile_or_odd_input_never_breaks_the_search(catalogue, q):
    result = search(q)
    assert isinstance(result.total, int)
    assert len(result.items) <= 20


def test_operators_typed_by_users_are_plain_text(catalogue):
    assert codes(search('"khai* -sinh:"'))[0] == "1.001193"
    assert codes(search("(khai) sinh: NOT*"))[0] == "1.001193"


@pytest.mark.parametrize("q", ['"*-(:', "!!!", "—", "💥"])
def test_text_without_any_word_finds_nothing(catalogue, q):
    assert search(q).total == 0


def test_query_parse_caps_length_and_words():
    assert len(query_parse("a " * 1000).words) <= 12
    assert query_parse("khai khai sinh").words == ("khai", "sinh")
    assert query_parse("1.001193").code == "1.001193"
    assert query_parse("1.001193 khai").words == ("1", "001193", "khai")


# --- Pagination and cost ------------------------------------------------------------------


def test_limit_and_offset(catalogue):
    first = search("dang ky", limit=3)
    second = search("dang ky", limit=3, offset=3)
    assert (first.total, second.total) == (8, 8)
    assert len(first.items) == 3
    assert not set(first.items) & set(second.items)
    assert search("dang ky", offset=500).items == []
    assert len(search(limit=0).items) == 1
    assert len(search(limit=10_000).items) == PUBLIC_COUNT
    assert search(offset=-5).items == search().items


@pytest.mark.parametrize(
    ("q", "most"),
    [
        ("", 3),  # count, page, cases
        ("dang ky", 4),  # hits per name, the page's names, page, cases
        ("1.00", 4),  # procedures by code, their versions in force, page, cases
        # no exact hit, then fields, distinct names, near names' counts, their rows,
        # page, cases
        ("khaisinh", 7),
    ],
)
def test_a_search_costs_a_few_queries(catalogue, q, most, django_assert_max_num_queries):
    # However large the catalogue: the count does not grow with the hits.
    with django_assert_max_num_queries(most):
        result = search(q)
        for version in result.items:
            assert version.procedure.field.name
            assert list(version.cases.all())
