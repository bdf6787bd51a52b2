"""QR code of the tracking address printed on Mẫu 01 (TT 03/2025 Điều 13 allows a QR code
next to the dossier code; the national portal tracks by that code too).

segno draws both outputs without Pillow: SVG for WeasyPrint (vector, sharp at any zoom),
PNG for python-docx, which cannot embed SVG.
"""

from __future__ import annotations

import io

import segno

# Level M survives a crease or a stamp over the code on a paper slip, and the tracking
# URL stays short enough that the code is still small.
_ERROR_LEVEL = "m"


def _code(url: str) -> segno.QRCode:
    return segno.make(url, error=_ERROR_LEVEL, micro=False)


def svg_data_uri(url: str) -> str:
    """A ``data:image/svg+xml`` URI; the size on paper is set by the stylesheet."""
    return _code(url).svg_data_uri(scale=4, border=2)


def png_bytes(url: str) -> bytes:
    """A PNG at 10 px a module: sharp when Word scales it to about 25 mm."""
    out = io.BytesIO()
    _code(url).save(out, kind="png", scale=10, border=2)
    return out.getvalue()
