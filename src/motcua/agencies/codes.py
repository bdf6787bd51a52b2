"""Shape of an agency's electronic identifier (mã định danh điện tử), per format.

Only the shape is checked; whether a code was actually issued is the province's business.

- current (QĐ 20/2020/QĐ-TTg as amended, TT 04/2025): ``MX1X2[.Y1Y2Y3[.Z1Z2]]``, highest
  level first. The national portal shows two- and three-digit level-2 parts (``H21.17``
  for a department, ``H21.217`` for a commune), so both are accepted.
- legacy QCVN 102:2016: ``V1V2V3.Z1Z2.Y1Y2.MX1X2``, lowest level first, all four levels
  always written (``000.00.00.H49`` is the UBND tỉnh itself).
"""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from .constants import CodeFormat

_PATTERNS: dict[str, re.Pattern[str]] = {
    CodeFormat.CURRENT: re.compile(r"[A-Z]\d{2}(?:\.\d{2,3}(?:\.\d{2})?)?"),
    CodeFormat.QCVN102: re.compile(r"\d{3}\.\d{2}\.\d{2}\.[A-Z]\d{2}"),
}
_MESSAGES = {
    CodeFormat.CURRENT: _(
        "“%(code)s” is not a valid electronic identifier: expected a capital letter and two "
        "digits, optionally followed by dot-separated groups of digits, e.g. H61, H61.17, H61.217."
    ),
    CodeFormat.QCVN102: _(
        "“%(code)s” is not a valid QCVN 102 identifier: expected four dot-separated groups, "
        "e.g. 000.00.15.H29."
    ),
}


def agency_code_normalise(code: str) -> str:
    """Codes are upper-case by definition; people type them with stray spaces and lower case."""
    return code.strip().upper()


def agency_code_validate(code: str, code_format: str) -> None:
    """Raise ``ValidationError`` on ``code`` unless it has the shape its format requires.

    An unknown format is left to the model field's choices validation.
    """
    pattern = _PATTERNS.get(code_format)
    if pattern is not None and not pattern.fullmatch(code):
        raise ValidationError({"code": _MESSAGES[code_format] % {"code": code}})
