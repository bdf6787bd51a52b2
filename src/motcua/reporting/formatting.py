"""Vietnamese number formatting, done here rather than trusting a renderer's locale:
thousands with ".", decimals with "," (1.247; 98,7%)."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal


def vn_number(value: int | Decimal | None, digits: int = 0) -> str:
    if value is None:
        return "—"
    quantum = Decimal(1).scaleb(-digits)
    number = Decimal(value).quantize(quantum, rounding=ROUND_HALF_UP)
    text = f"{number:,.{digits}f}"
    return text.replace(",", "\0").replace(".", ",").replace("\0", ".")


def vn_percent(fraction: Decimal | None, digits: int = 2) -> str:
    """0.98712 → "98,71%"; None (nothing to count) → "—"."""
    if fraction is None:
        return "—"
    return f"{vn_number(Decimal(fraction) * 100, digits)}%"
