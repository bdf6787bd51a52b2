from django.core.exceptions import ValidationError

import pytest

from motcua.agencies.codes import agency_code_normalise, agency_code_validate
from motcua.agencies.constants import CodeFormat

CURRENT, QCVN102 = CodeFormat.CURRENT, CodeFormat.QCVN102


@pytest.mark.parametrize(
    ("code", "code_format", "valid"),
    [
        ("H61", CURRENT, True),  # UBND tỉnh
        ("H61.17", CURRENT, True),  # a department
        ("H61.217", CURRENT, True),  # a commune
        ("H61.217.01", CURRENT, True),  # a unit under a commune
        ("G12.05", CURRENT, True),  # a ministry's unit
        ("H6", CURRENT, False),
        ("61.17", CURRENT, False),
        ("H61.1", CURRENT, False),
        ("H61.1234", CURRENT, False),
        ("H61.17.1", CURRENT, False),
        ("H61.17.01.01", CURRENT, False),
        ("H61-17", CURRENT, False),
        ("000.00.15.H29", CURRENT, False),  # right code, wrong format
        ("000.00.15.H29", QCVN102, True),
        ("000.00.00.H49", QCVN102, True),
        ("00.00.15.H29", QCVN102, False),
        ("000.00.15.29", QCVN102, False),
        ("H29.15.00.000", QCVN102, False),  # levels in the wrong order
        ("H61.17", QCVN102, False),
        ("", CURRENT, False),
    ],
)
def test_code_shape_per_format(code, code_format, valid):
    if valid:
        agency_code_validate(code, code_format)
    else:
        with pytest.raises(ValidationError) as error:
            agency_code_validate(code, code_format)
        assert "không phải là mã định danh" in error.value.message_dict["code"][0]


def test_code_is_normalised_before_validation():
    assert agency_code_normalise("  h61.17 ") == "H61.17"
