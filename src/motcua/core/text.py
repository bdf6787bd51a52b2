"""Vietnamese text folding for diacritic-insensitive search.

``đ``/``Đ`` carry a stroke, not a combining mark, so Unicode decomposition alone leaves
them in place; SQLite FTS5 and naive ``unaccent`` approaches miss exactly that letter.
"""

from __future__ import annotations

import unicodedata

_STROKE = str.maketrans({"đ": "d", "Đ": "D"})


def fold(text: str) -> str:
    """Lower-case, strip every Vietnamese tone and vowel mark, map đ→d, squeeze spaces."""
    decomposed = unicodedata.normalize("NFD", text.translate(_STROKE))
    stripped = "".join(ch for ch in decomposed if unicodedata.category(ch) != "Mn")
    return " ".join(stripped.lower().split())
