import pytest

from motcua.feedback.access import dossier_by_code_and_factor

from .conftest import CITIZEN_ID, make_dossier


@pytest.mark.parametrize(
    ("factor", "found"),
    [
        (CITIZEN_ID, True),
        ("001080012345", True),  # the representative's number
        ("5678", True),  # last four digits of 0912 345 678
        (" 56 78 ", True),
        ("1234", False),
        ("678", False),
        ("086185012346", False),
        ("", False),
    ],
    ids=[
        "id_case",
        "representative_case",
        "phone_case",
        "spaces_case",
        "wrong_phone_case",
        "too_short_case",
        "wrong_id_case",
        "empty_case",
    ],
)
def test_second_factor(world, factor, found):
    dossier = make_dossier(world, representative_id_number="001080012345")
    assert (dossier_by_code_and_factor(dossier.code.lower(), factor) == dossier) is found
    assert dossier_by_code_and_factor("H61.17-000000-0000", factor) is None
