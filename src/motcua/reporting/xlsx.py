"""Any table of the reporting pages as an XLSX file (openpyxl).

Counts are written as numbers and shares as numbers with a percentage format, so a
spreadsheet can compute with them; text is normalised to NFC on the way out.
"""

from __future__ import annotations

import io
import re
import unicodedata
from collections.abc import Iterable, Sequence
from decimal import Decimal

from django.http import HttpResponse

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class Percent(Decimal):
    """A share (0.9871) to be shown as a percentage."""


def _cell(value):
    if isinstance(value, str):
        return unicodedata.normalize("NFC", value)
    if isinstance(value, Decimal):
        return float(value)
    return value


def workbook_bytes(title: str, headers: Sequence[str], rows: Iterable[Sequence]) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    book = Workbook()
    sheet = book.active
    # sheet names refuse / \\ ? * [ ] : and are at most 31 characters
    safe = re.sub(r"[/\\?*\[\]:]", "-", unicodedata.normalize("NFC", title))
    sheet.title = safe[:31] or "Sheet"
    sheet.append([_cell(title)])
    sheet["A1"].font = Font(bold=True, size=13)
    sheet.append([_cell(h) for h in headers])
    for cell in sheet[2]:
        cell.font = Font(bold=True)
    for row in rows:
        sheet.append([_cell(v) for v in row])
        for cell, value in zip(sheet[sheet.max_row], row, strict=False):
            if isinstance(value, Percent):
                cell.number_format = "0.00%"
            elif isinstance(value, int | Decimal) and not isinstance(value, bool):
                cell.number_format = "#,##0" if isinstance(value, int) else "#,##0.00"
    for column in sheet.columns:
        width = max(len(str(c.value or "")) for c in column[1:]) if len(column) > 1 else 10
        sheet.column_dimensions[column[0].column_letter].width = min(max(width + 2, 8), 60)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def xlsx_response(filename: str, title: str, headers: Sequence[str], rows: Iterable[Sequence]):
    response = HttpResponse(workbook_bytes(title, headers, rows), content_type=XLSX_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}.xlsx"'
    return response
