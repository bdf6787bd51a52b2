import datetime as dt

from django.core.exceptions import ValidationError

import pytest

from motcua.accounts.constants import UserKind
from motcua.accounts.identity import (
    BIRTH_PROVINCE_CODES,
    parse_personal_id,
    tax_code_check_digit,
    validate_tax_code,
)
from motcua.accounts.models import User

TODAY = dt.date(2026, 3, 10)


@pytest.mark.parametrize(
    ("_case", "number", "province", "year", "sex"),
    [
        ("hanoi_male_1985", "001085012345", "001", 1985, "male"),
        ("vinh_long_female_1992", "086192006789", "086", 1992, "female"),
        ("hcm_male_2003", "079203000001", "079", 2003, "male"),
        ("ca_mau_female_2026_this_year", "096326999999", "096", 2026, "female"),
        ("born_1900", "038000123456", "038", 1900, "male"),
        ("spaces_around_are_trimmed", "  086085012345 ", "086", 1985, "male"),
    ],
)
def test_personal_id_is_read(_case, number, province, year, sex):
    parsed = parse_personal_id(number, today=TODAY)
    assert (parsed.birth_province_code, parsed.birth_year, parsed.sex) == (province, year, sex)
    assert parsed.number == number.strip()


@pytest.mark.parametrize(
    ("_case", "number", "code", "message"),
    [
        ("eleven_digits", "08608501234", "format", "Số định danh cá nhân gồm đúng 12 chữ số."),
        ("thirteen_digits", "0860850123456", "format", "Số định danh cá nhân gồm đúng 12 chữ số."),
        ("letters", "08608501234A", "format", "Số định danh cá nhân gồm đúng 12 chữ số."),
        ("inner_space", "086 085012345", "format", "Số định danh cá nhân gồm đúng 12 chữ số."),
        ("empty", "", "format", "Số định danh cá nhân gồm đúng 12 chữ số."),
        (
            "no_such_province_003",
            "003085012345",
            "province",
            "Ba chữ số đầu (003) không phải là mã tỉnh nơi đăng ký khai sinh.",
        ),
        (
            "no_such_province_000",
            "000085012345",
            "province",
            "Ba chữ số đầu (000) không phải là mã tỉnh nơi đăng ký khai sinh.",
        ),
        (
            "born_next_year",
            "086227012345",
            "birth_year",
            "Chữ số thứ 4 (thế kỷ và giới tính) cùng chữ số thứ 5-6 (năm sinh) cho năm sinh "
            "2027, là năm trong tương lai.",
        ),
        (
            "22nd_century",
            "086400012345",
            "birth_year",
            "Chữ số thứ 4 (thế kỷ và giới tính) cùng chữ số thứ 5-6 (năm sinh) cho năm sinh "
            "2100, là năm trong tương lai.",
        ),
    ],
)
def test_personal_id_is_refused_with_a_vietnamese_reason(_case, number, code, message):
    with pytest.raises(ValidationError) as refused:
        parse_personal_id(number, today=TODAY)
    assert refused.value.code == code
    assert refused.value.messages == [message]


def test_province_codes_are_the_63_pre_merger_provinces():
    assert len(BIRTH_PROVINCE_CODES) == 63
    assert all(len(code) == 3 and code.isdigit() for code in BIRTH_PROVINCE_CODES)
    assert BIRTH_PROVINCE_CODES["086"] == "Vĩnh Long"


@pytest.mark.parametrize(
    ("_case", "code"),
    [
        ("fpt", "0101248141"),
        ("vinamilk", "0300588569"),
        ("viettel", "0100109106"),
        ("branch", "0101248141-001"),
        ("branch_999", "0300588569-999"),
        ("check_digit_zero", "0000000070"),
    ],
)
def test_tax_code_is_accepted(_case, code):
    assert validate_tax_code(f" {code} ") == code


@pytest.mark.parametrize(
    ("_case", "code", "error", "message"),
    [
        (
            "nine_digits",
            "010124814",
            "format",
            "Mã số thuế gồm 10 chữ số, hoặc 10 chữ số, dấu gạch ngang và 3 chữ số đối với "
            "chi nhánh (ví dụ 0101248141 hoặc 0101248141-001).",
        ),
        (
            "branch_two_digits",
            "0101248141-01",
            "format",
            "Mã số thuế gồm 10 chữ số, hoặc 10 chữ số, dấu gạch ngang và 3 chữ số đối với "
            "chi nhánh (ví dụ 0101248141 hoặc 0101248141-001).",
        ),
        (
            "thirteen_digits_without_hyphen",
            "0101248141001",
            "format",
            "Mã số thuế gồm 10 chữ số, hoặc 10 chữ số, dấu gạch ngang và 3 chữ số đối với "
            "chi nhánh (ví dụ 0101248141 hoặc 0101248141-001).",
        ),
        (
            "wrong_check_digit",
            "0101248142",
            "check_digit",
            "Chữ số cuối của mã số thuế không khớp với các chữ số trước; vui lòng kiểm tra lại.",
        ),
        (
            "remainder_zero_has_no_check_digit",
            "0000000120",
            "check_digit",
            "Chữ số cuối của mã số thuế không khớp với các chữ số trước; vui lòng kiểm tra lại.",
        ),
        (
            "branch_000",
            "0101248141-000",
            "branch",
            "Số thứ tự chi nhánh sau dấu gạch ngang phải từ 001 đến 999.",
        ),
    ],
)
def test_tax_code_is_refused_with_a_vietnamese_reason(_case, code, error, message):
    with pytest.raises(ValidationError) as refused:
        validate_tax_code(code)
    assert refused.value.code == error
    assert refused.value.messages == [message]


@pytest.mark.parametrize(
    ("_case", "first_nine", "expected"),
    [("fpt", "010124814", 1), ("vinamilk", "030058856", 9), ("remainder_zero", "000000012", None)],
)
def test_tax_code_check_digit(_case, first_nine, expected):
    assert tax_code_check_digit(first_nine) == expected


@pytest.mark.parametrize(
    ("_case", "kind", "number", "error"),
    [
        ("citizen_ok", UserKind.CITIZEN, "086185012345", None),
        (
            "citizen_needs_number",
            UserKind.CITIZEN,
            "",
            "Tài khoản công dân cần có số định danh cá nhân.",
        ),
        (
            "citizen_with_tax_code",
            UserKind.CITIZEN,
            "0101248141",
            "Số định danh cá nhân gồm đúng 12 chữ số.",
        ),
        ("organisation_ok", UserKind.ORGANISATION, "0101248141-002", None),
        (
            "organisation_needs_tax_code",
            UserKind.ORGANISATION,
            "",
            "Tài khoản tổ chức cần có mã số thuế.",
        ),
        (
            "organisation_with_personal_number",
            UserKind.ORGANISATION,
            "086185012345",
            "Mã số thuế gồm 10 chữ số, hoặc 10 chữ số, dấu gạch ngang và 3 chữ số đối với "
            "chi nhánh (ví dụ 0101248141 hoặc 0101248141-001).",
        ),
        ("staff_may_have_none", UserKind.STAFF, "", None),
        ("staff_number_is_checked", UserKind.STAFF, "999185012345", "Ba chữ số đầu (999)"),
    ],
)
def test_user_clean_checks_the_number_by_kind(_case, kind, number, error):
    user = User(username="nguoidung", kind=kind, identification_number=number)
    if error is None:
        user.clean()
        return
    with pytest.raises(ValidationError) as refused:
        user.clean()
    assert list(refused.value.message_dict) == ["identification_number"]
    assert refused.value.message_dict["identification_number"][0].startswith(error)
