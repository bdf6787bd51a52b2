from decimal import Decimal

import pytest

from motcua.reporting.formula import FormulaError, formula_evaluate, formula_names


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("a + b * 2", Decimal(9)),
        ("(a + b) / 10", Decimal("0.5")),
        ("-a + max(a, b, 4)", Decimal(3)),
        ("min(a / b, 1)", Decimal("0.25")),
        ("a / 0", None),
        ("missing + 1", None),
        ("1.5 * a", Decimal("1.5")),
    ],
)
def test_evaluate(text, expected):
    assert formula_evaluate(text, {"a": 1, "b": 4}) == expected


def test_names_ignore_functions():
    assert formula_names("max(resolved, 1) / received_new") == {"resolved", "received_new"}


@pytest.mark.parametrize(
    "text",
    [
        "__import__('os').system('true')",
        "a.__class__",
        "a ** 2",
        "'text'",
        "a if b else c",
        "abs(a)",
        "[a]",
        "a < b",
        "True + 1",
        "lambda: 1",
        "a +",
        "max(a, key=b)",
        "x" * 600,
    ],
)
def test_refused(text):
    with pytest.raises(FormulaError):
        formula_evaluate(text, {"a": 1, "b": 2})
