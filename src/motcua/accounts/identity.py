"""Shape checks for the numbers that identify citizens and organisations.

Pure functions: no database, no network. They prove a number is well formed, not that it
was issued; the national population database (integrations) is the authority for that.

- Personal identification number (số định danh cá nhân, printed on the CCCD card), 12
  digits: province of birth registration (3), century and sex (1), last two digits of
  the birth year (2), random (6). Basis: Nghị định 137/2015/NĐ-CP art. 7 and Thông tư
  07/2016/TT-BCA (as amended by Thông tư 59/2021/TT-BCA). Numbers of births registered
  abroad carry a country code instead of a province code and are not handled yet.
- Tax code of an organisation (mã số thuế / mã số doanh nghiệp), 10 digits whose last is
  a check digit, or 10 digits + "-" + 3 digits for a dependent unit (branch).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

# Province-of-birth codes (Thông tư 07/2016/TT-BCA, appendix): the 63 provinces before
# the July 2025 merger. A number keeps the code of the province where the birth was
# registered, and every merged province kept one of these codes, so the list still holds.
BIRTH_PROVINCE_CODES: dict[str, str] = {
    "001": "Hà Nội",
    "002": "Hà Giang",
    "004": "Cao Bằng",
    "006": "Bắc Kạn",
    "008": "Tuyên Quang",
    "010": "Lào Cai",
    "011": "Điện Biên",
    "012": "Lai Châu",
    "014": "Sơn La",
    "015": "Yên Bái",
    "017": "Hòa Bình",
    "019": "Thái Nguyên",
    "020": "Lạng Sơn",
    "022": "Quảng Ninh",
    "024": "Bắc Giang",
    "025": "Phú Thọ",
    "026": "Vĩnh Phúc",
    "027": "Bắc Ninh",
    "030": "Hải Dương",
    "031": "Hải Phòng",
    "033": "Hưng Yên",
    "034": "Thái Bình",
    "035": "Hà Nam",
    "036": "Nam Định",
    "037": "Ninh Bình",
    "038": "Thanh Hóa",
    "040": "Nghệ An",
    "042": "Hà Tĩnh",
    "044": "Quảng Bình",
    "045": "Quảng Trị",
    "046": "Thừa Thiên Huế",
    "048": "Đà Nẵng",
    "049": "Quảng Nam",
    "051": "Quảng Ngãi",
    "052": "Bình Định",
    "054": "Phú Yên",
    "056": "Khánh Hòa",
    "058": "Ninh Thuận",
    "060": "Bình Thuận",
    "062": "Kon Tum",
    "064": "Gia Lai",
    "066": "Đắk Lắk",
    "067": "Đắk Nông",
    "068": "Lâm Đồng",
    "070": "Bình Phước",
    "072": "Tây Ninh",
    "074": "Bình Dương",
    "075": "Đồng Nai",
    "077": "Bà Rịa - Vũng Tàu",
    "079": "Hồ Chí Minh",
    "080": "Long An",
    "082": "Tiền Giang",
    "083": "Bến Tre",
    "084": "Trà Vinh",
    "086": "Vĩnh Long",
    "087": "Đồng Tháp",
    "089": "An Giang",
    "091": "Kiên Giang",
    "092": "Cần Thơ",
    "093": "Hậu Giang",
    "094": "Sóc Trăng",
    "095": "Bạc Liêu",
    "096": "Cà Mau",
}

# Weights of the tax-code check digit for digits 1-9 (Ministry of Finance coding rules).
TAX_CODE_WEIGHTS = (31, 29, 23, 19, 17, 13, 7, 5, 3)

_PERSONAL_ID = re.compile(r"\d{12}")
_TAX_CODE = re.compile(r"(\d{10})(?:-(\d{3}))?")


@dataclass(frozen=True)
class PersonalId:
    number: str
    birth_province_code: str
    birth_year: int
    sex: str  # "male" or "female", as the century digit encodes it


def parse_personal_id(value: str, *, today: dt.date | None = None) -> PersonalId:
    """Check a 12-digit personal identification number and read what it encodes.

    The fourth digit gives the century and sex: 0/1 = 1900s male/female, 2/3 = 2000s,
    4/5 = 2100s and so on. With digits 5-6 it gives the birth year, which cannot be
    later than ``today``'s year.
    """
    number = value.strip()
    if not _PERSONAL_ID.fullmatch(number):
        raise ValidationError(
            _("A personal identification number has exactly 12 digits."), code="format"
        )
    province = number[:3]
    if province not in BIRTH_PROVINCE_CODES:
        raise ValidationError(
            _("The first three digits (%(code)s) are not a province-of-birth code."),
            code="province",
            params={"code": province},
        )
    century_and_sex = int(number[3])
    birth_year = 1900 + 100 * (century_and_sex // 2) + int(number[4:6])
    if birth_year > (today or timezone.localdate()).year:
        raise ValidationError(
            _(
                "The 4th digit (century and sex) and the 5th-6th digits (birth year) give "
                "the year %(year)s, which is in the future."
            ),
            code="birth_year",
            params={"year": birth_year},
        )
    return PersonalId(
        number=number,
        birth_province_code=province,
        birth_year=birth_year,
        sex="female" if century_and_sex % 2 else "male",
    )


def tax_code_check_digit(first_nine: str) -> int | None:
    """The 10th digit that makes ``first_nine`` a valid tax code; None if none can.

    10 - (weighted sum mod 11); a remainder of 0 would need "10", so such numbers are
    never issued.
    """
    remainder = sum(int(d) * w for d, w in zip(first_nine, TAX_CODE_WEIGHTS, strict=True)) % 11
    return None if remainder == 0 else 10 - remainder


def validate_tax_code(value: str) -> str:
    """Check an organisation's tax code and return it without surrounding spaces."""
    code = value.strip()
    match = _TAX_CODE.fullmatch(code)
    if match is None:
        raise ValidationError(
            _(
                "A tax code has 10 digits, or 10 digits, a hyphen and 3 digits for a branch "
                "(for example 0101248141 or 0101248141-001)."
            ),
            code="format",
        )
    main, branch = match.groups()
    if tax_code_check_digit(main[:9]) != int(main[9]):
        raise ValidationError(
            _("The last digit of the tax code does not match the others; check the number."),
            code="check_digit",
        )
    if branch == "000":
        raise ValidationError(
            _("The branch number after the hyphen runs from 001 to 999."), code="branch"
        )
    return code
