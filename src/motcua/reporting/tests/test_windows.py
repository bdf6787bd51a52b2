import datetime as dt

import pytest

from motcua.reporting.selectors import year_start
from motcua.reporting.windows import (
    CCHC_DEFAULT_RULES,
    WindowRuleError,
    calendar_window,
    period_window,
)

D = dt.date


@pytest.mark.parametrize(
    ("period", "year", "start", "end"),
    [
        ("Q1", 2026, D(2025, 12, 15), D(2026, 3, 14)),
        ("H1", 2026, D(2025, 12, 15), D(2026, 6, 14)),
        ("Q3", 2026, D(2026, 6, 15), D(2026, 9, 14)),
        ("Y", 2026, D(2025, 12, 15), D(2026, 12, 14)),
        ("Q1", 2024, D(2023, 12, 15), D(2024, 3, 14)),  # leap year: still the 14th
        ("Y", 2027, D(2026, 12, 15), D(2027, 12, 14)),
    ],
)
def test_cchc_windows(period, year, start, end):
    assert period_window(CCHC_DEFAULT_RULES[period], year) == (start, end)


@pytest.mark.parametrize(
    ("day", "start"),
    [
        (D(2026, 3, 14), D(2025, 12, 15)),
        (D(2026, 12, 14), D(2025, 12, 15)),
        (D(2026, 12, 15), D(2026, 12, 15)),  # the next reporting year begins
        (D(2026, 12, 31), D(2026, 12, 15)),
        (D(2026, 1, 1), D(2025, 12, 15)),
    ],
)
def test_reporting_year_start(day, start):
    assert year_start(day) == start


@pytest.mark.parametrize(
    ("kwargs", "window"),
    [
        ({"month": 2}, (D(2028, 2, 1), D(2028, 2, 29))),
        ({"month": 12}, (D(2028, 12, 1), D(2028, 12, 31))),
        ({"quarter": 1}, (D(2028, 1, 1), D(2028, 3, 31))),
        ({"quarter": 4}, (D(2028, 10, 1), D(2028, 12, 31))),
        ({}, (D(2028, 1, 1), D(2028, 12, 31))),
    ],
)
def test_calendar_windows(kwargs, window):
    assert calendar_window(2028, **kwargs) == window


@pytest.mark.parametrize(
    "rule",
    [
        {"start": [0, 9, 15], "end": [0, 6, 14]},
        {"start": [0, 2, 30], "end": [0, 6, 14]},
        {"start": "15/6", "end": [0, 6, 14]},
    ],
)
def test_bad_rules(rule):
    with pytest.raises(WindowRuleError):
        period_window(rule, 2026)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("windows", {"Q1": {"label": "quý I", "start": [0, 3, 15], "end": [0, 1, 14]}}),
        ("windows", {"Q1": {"start": [-1, 12, 15], "end": [0, 3, 14]}}),
        ("windows", {"Q1": "15/12-14/3"}),
        ("outline", [{"id": "I"}, {"id": "I"}]),
        ("outline", [{"heading": "no id"}]),
    ],
)
def test_regime_refuses_malformed_rules(world, field, value):
    from django.core.exceptions import ValidationError

    from motcua.reporting.regimes import regime_cchc_install

    regime = regime_cchc_install(recipient=world.justice, agencies=[])
    regime.full_clean()  # the shipped regime is valid
    setattr(regime, field, value)
    with pytest.raises(ValidationError) as caught:
        regime.full_clean()
    assert field in caught.value.message_dict


@pytest.mark.parametrize(
    ("day", "before"),
    [
        (D(2026, 3, 14), D(2025, 3, 14)),
        (D(2028, 2, 29), D(2027, 2, 28)),
        (D(2026, 12, 15), D(2025, 12, 15)),
    ],
)
def test_year_before(day, before):
    from motcua.reporting.windows import year_before

    assert year_before(day) == before
