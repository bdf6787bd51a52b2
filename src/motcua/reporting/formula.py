"""A tiny evaluator for indicator formulas written by administrators.

Python's ``ast`` only parses the text; nothing is compiled or executed. The walker below
accepts numbers, names, ``+ - * /``, unary minus, parentheses, ``min`` and ``max`` and
refuses every other construct, so a formula can never reach an attribute, a call of its
own choosing or a builtin. A division by zero, or a name with no value, gives ``None``
("nothing to count"), which spreads through the rest of the expression.
"""

from __future__ import annotations

import ast
import operator
from collections.abc import Callable, Mapping
from decimal import Decimal

from django.utils.translation import gettext as _

Number = Decimal | None

_BINARY: dict[type, Callable[[Decimal, Decimal], Decimal]] = {
    ast.Add: operator.add,
    ast.Sub: operator.sub,
    ast.Mult: operator.mul,
}
_FUNCTIONS = {"min": min, "max": max}
MAX_LENGTH = 500


class FormulaError(ValueError):
    pass


def _parse(text: str) -> ast.expr:
    if len(text) > MAX_LENGTH:
        raise FormulaError(_("The formula is too long."))
    try:
        tree = ast.parse(text.strip(), mode="eval")
    except SyntaxError as error:
        raise FormulaError(
            _("The formula cannot be read: %(error)s") % {"error": error.msg}
        ) from None
    _check(tree.body)
    return tree.body


def _check(node: ast.AST) -> None:
    if isinstance(node, ast.Constant):
        if isinstance(node.value, bool) or not isinstance(node.value, int | float):
            raise FormulaError(_("Only numbers may appear as constants."))
    elif isinstance(node, ast.Name):
        pass
    elif isinstance(node, ast.BinOp):
        if type(node.op) not in _BINARY and not isinstance(node.op, ast.Div):
            raise FormulaError(_("Only + - * / are allowed."))
        _check(node.left)
        _check(node.right)
    elif isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub):
        _check(node.operand)
    elif isinstance(node, ast.Call):
        if (
            not isinstance(node.func, ast.Name)
            or node.func.id not in _FUNCTIONS
            or node.keywords
            or not node.args
        ):
            raise FormulaError(_("Only min(…) and max(…) may be called."))
        for argument in node.args:
            _check(argument)
    else:
        raise FormulaError(_("This construct is not allowed in a formula."))


def formula_names(text: str) -> set[str]:
    """The counts a formula reads; raises ``FormulaError`` when it is not a valid formula."""
    tree = _parse(text)
    callees = {id(n.func) for n in ast.walk(tree) if isinstance(n, ast.Call)}
    return {n.id for n in ast.walk(tree) if isinstance(n, ast.Name) and id(n) not in callees}


def formula_evaluate(text: str, values: Mapping[str, int | Decimal | None]) -> Number:
    """The value of ``text`` with ``values``; ``None`` when there is nothing to count."""
    return _evaluate(_parse(text), values)


def _evaluate(node: ast.expr, values: Mapping[str, int | Decimal | None]) -> Number:
    if isinstance(node, ast.Constant):
        return Decimal(str(node.value))
    if isinstance(node, ast.Name):
        value = values.get(node.id)
        return None if value is None else Decimal(value)
    if isinstance(node, ast.UnaryOp):
        operand = _evaluate(node.operand, values)
        return None if operand is None else -operand
    if isinstance(node, ast.Call):
        arguments = [_evaluate(a, values) for a in node.args]
        if any(a is None for a in arguments):
            return None
        return _FUNCTIONS[node.func.id](arguments)
    assert isinstance(node, ast.BinOp)
    left, right = _evaluate(node.left, values), _evaluate(node.right, values)
    if left is None or right is None:
        return None
    if isinstance(node.op, ast.Div):
        return None if right == 0 else left / right
    return _BINARY[type(node.op)](left, right)
