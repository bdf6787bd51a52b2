"""Reports and comment letters as DOCX in the layout of Nghị định 30/2020 (Phụ lục I).

A4, margins 20/20/30/15 mm, Times New Roman on every script slot (Liberation Serif, its
metric twin, where it is not installed), body 14 pt justified with a 1.27 cm first-line
indent; the letterhead and the national motto as a borderless two-column table with
their short rules as separate near-empty paragraphs (an indented border on the text
itself makes it wrap); page numbers at the top centre from page 2; the appendix in its
own landscape section whose numbering starts again. Text is NFC, numbers Vietnamese.
"""

from __future__ import annotations

import io
import subprocess
import tempfile
import unicodedata
from pathlib import Path

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Mm, Pt

from motcua.dossiers.forms.builders import letterhead_for
from motcua.dossiers.forms.text import document_number, place_and_date

from .constants import SectionKind
from .cycles import section_label, sentences_fill
from .formatting import vn_number, vn_percent
from .models import Report, ReportComment

FONT = "Times New Roman"
TEXT_WIDTH = Cm(16.5)  # 210 mm − 30 − 15
LEFT, RIGHT = Cm(6.2), Cm(10.3)
MOTTO = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
MOTTO_2 = "Độc lập - Tự do - Hạnh phúc"


def _n(text: str) -> str:
    return unicodedata.normalize("NFC", text or "")


def _fonts(rpr) -> None:
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:  # an lxml element without children is falsy: test for None
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    for slot in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        fonts.set(qn(slot), FONT)


def _run(paragraph, text: str, *, size: float = 14, bold=False, italic=False):
    run = paragraph.add_run(_n(text))
    run.font.size = Pt(size)
    run.bold, run.italic = bold, italic
    _fonts(run._element.get_or_add_rPr())
    return run


def _para(
    container,
    text: str = "",
    *,
    size=14,
    bold=False,
    italic=False,
    align=None,
    indent=False,
    after=6,
    before=0,
):
    p = container.add_paragraph()
    fmt = p.paragraph_format
    fmt.space_after, fmt.space_before = Pt(after), Pt(before)
    fmt.first_line_indent = Cm(1.27) if indent else Cm(0)
    p.alignment = align if align is not None else WD_ALIGN_PARAGRAPH.JUSTIFY
    for i, line in enumerate(_n(text).split("\n")):
        if i:  # a line break inside the paragraph, in a run with the same fonts
            _run(p, "", size=size, bold=bold, italic=italic).add_break()
        if line:
            _run(p, line, size=size, bold=bold, italic=italic)
    return p


def _rule(container, width_cm: float) -> None:
    """A short solid rule, centred: the bottom border of a tiny paragraph narrowed by indents."""
    p = container.add_paragraph()
    fmt = p.paragraph_format
    fmt.space_after = fmt.space_before = Pt(0)
    fmt.line_spacing = Pt(2)
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    cell_width = container.width.cm if hasattr(container, "width") and container.width else 16.5
    side = max((cell_width - width_cm) / 2, 0)
    fmt.left_indent = fmt.right_indent = Cm(side)
    ppr = p._element.get_or_add_pPr()
    borders = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    for key, value in (("w:val", "single"), ("w:sz", "6"), ("w:space", "1"), ("w:color", "000000")):
        bottom.set(qn(key), value)
    borders.append(bottom)
    ppr.append(borders)


def _borderless(table) -> None:
    tbl_pr = table._element.tblPr
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        element = OxmlElement(f"w:{edge}")
        element.set(qn("w:val"), "nil")
        borders.append(element)
    tbl_pr.append(borders)


def _two_columns(doc, widths=(LEFT, RIGHT)):
    table = doc.add_table(rows=1, cols=2)
    table.autofit = False
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    _borderless(table)
    for column, cell, width in zip(table.columns, table.rows[0].cells, widths, strict=True):
        column.width = width  # the grid LibreOffice lays out from
        cell.width = width  # and every cell, which Word reads
        cell.paragraphs[0]._element.getparent().remove(cell.paragraphs[0]._element)
    return table.rows[0].cells


def _page_number_header(section) -> None:
    section.different_first_page_header_footer = True
    header = section.header
    p = header.paragraphs[0]
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = _run(p, "", size=14)
    for kind, text in (("begin", None), (None, "PAGE"), ("end", None)):
        if kind:
            element = OxmlElement("w:fldChar")
            element.set(qn("w:fldCharType"), kind)
        else:
            element = OxmlElement("w:instrText")
            element.set(qn("xml:space"), "preserve")
            element.text = text
        run._element.append(element)


def _new_document():
    doc = Document()
    section = doc.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)  # the default is US Letter
    section.top_margin = section.bottom_margin = Mm(20)
    section.left_margin, section.right_margin = Mm(30), Mm(15)
    normal = doc.styles["Normal"]
    normal.font.size = Pt(14)
    _fonts(normal.element.get_or_add_rPr())
    _page_number_header(section)
    return doc


def _letterhead(
    doc, *, parent: str, name: str, number_line: str, place_date: str, subject: str = ""
) -> None:
    left, right = _two_columns(doc)
    left.width, right.width = LEFT, RIGHT
    center = WD_ALIGN_PARAGRAPH.CENTER
    if parent:
        _para(left, parent.upper(), size=13, align=center, after=0)
    _para(left, name.upper(), size=13, bold=True, align=center, after=0)
    _rule(left, 2.2)
    _para(left, number_line, size=13, align=center, after=0, before=6)
    if subject:
        _para(left, subject, size=12, align=center, after=0, before=6)
    _para(right, MOTTO, size=12, bold=True, align=center, after=0)
    _para(right, MOTTO_2, size=13, bold=True, align=center, after=0)
    _rule(right, 5.8)
    _para(right, place_date, size=14, italic=True, align=center, after=0, before=6)


def _signature(
    doc, *, recipients: list[str], keep: str, prefix_line: str, title: str, name: str
) -> None:
    left, right = _two_columns(doc, (Cm(7.5), Cm(9.0)))
    p = _para(
        left, "Nơi nhận:", size=12, bold=True, italic=True, align=WD_ALIGN_PARAGRAPH.LEFT, after=0
    )
    p.paragraph_format.first_line_indent = Cm(0)
    lines = [f"- {r.rstrip(';.')};" for r in recipients] + [f"- Lưu: VT, {keep}."]
    for line in lines:
        _para(left, line, size=11, align=WD_ALIGN_PARAGRAPH.LEFT, after=0)
    center = WD_ALIGN_PARAGRAPH.CENTER
    if prefix_line:
        _para(right, prefix_line.upper(), size=14, bold=True, align=center, after=0)
    _para(right, title.upper(), size=14, bold=True, align=center, after=0)
    for _blank in range(4):  # room for the signature and the seal
        _para(right, "", size=14, align=center, after=0)
    _para(right, name, size=14, bold=True, align=center, after=0)


def _period_text(report: Report) -> str:
    cycle = report.cycle
    label = cycle.regime.windows.get(cycle.period, {}).get("label", cycle.period)
    return label


def report_title(report: Report) -> str:
    cycle = report.cycle
    return _n(
        cycle.regime.title.replace("{period}", _period_text(report)).replace(
            "{year}", str(cycle.year)
        )
    )


def _issuer(report: Report) -> tuple[str, str, str, str]:
    """parent body, issuing body, symbol, place name."""
    head = letterhead_for(report.agency)
    if report.is_province:
        unit = report.agency.administrative_unit
        province = unit.parent or unit
        return "", f"ỦY BAN NHÂN DÂN\n{province.name}", "UBND", head.place
    return head.parent, head.name, head.symbol, head.place


def _issuer_inline(report: Report) -> str:
    """The issuer as running text: "Ủy ban nhân dân tỉnh Vĩnh Long", "Sở Tư pháp tỉnh …"."""
    if report.is_province:
        unit = report.agency.administrative_unit
        province = (unit.parent or unit).name
        return f"Ủy ban nhân dân {province[:1].lower()}{province[1:]}"
    return letterhead_for(report.agency).inline_name


def report_docx(report: Report) -> bytes:
    cycle, regime = report.cycle, report.cycle.regime
    counts = report.snapshot.get("counts", {})
    parent, name, symbol, place = _issuer(report)
    doc = _new_document()
    issued = report.issued_on or cycle.end
    _letterhead(
        doc,
        parent=parent,
        name=name,
        number_line=document_number(report.number, regime.document_type, symbol),
        place_date=place_and_date(place, issued),
    )
    center = WD_ALIGN_PARAGRAPH.CENTER
    _para(doc, "BÁO CÁO", bold=True, align=center, after=0, before=18)
    _para(doc, report_title(report), bold=True, align=center, after=0)
    _rule(doc, 4.0)
    if not report.number:
        _para(doc, "(Dự thảo)", italic=True, align=center, after=6)
    issuer_name = _issuer_inline(report)
    _para(
        doc,
        f"{issuer_name} báo cáo kết quả công tác cải cách hành chính {_period_text(report)} năm "
        f"{cycle.year} (số liệu từ ngày {cycle.start:%d/%m/%Y} đến ngày {cycle.end:%d/%m/%Y}) như sau:",
        indent=True,
        before=12,
    )
    for section in regime.outline:
        kind = section.get("kind", SectionKind.NARRATIVE)
        top = "." not in section["id"]
        heading = f"{section['number']} {section['heading']}"
        _para(doc, heading.upper() if top else heading, bold=True, indent=True, after=6)
        if kind == SectionKind.FIGURES and counts:
            _para(doc, sentences_fill(section.get("text", ""), counts), indent=True)
        text = report.narratives.get(section["id"], "")
        for block in [b for b in text.split("\n\n") if b.strip()]:
            _para(doc, block.strip(), indent=True)
    _para(
        doc,
        f"Trên đây là báo cáo kết quả công tác cải cách hành chính {_period_text(report)} "
        f"năm {cycle.year} của {issuer_name}./.",
        indent=True,
    )
    recipients = [r for r in report.recipients.splitlines() if r.strip()] or [regime.recipient.name]
    prefix = f"{report.signer_prefix} {report.signer_authority}".strip()
    _signature(
        doc,
        recipients=recipients,
        keep=symbol,
        prefix_line=prefix,
        title=report.signer_title or "THỦ TRƯỞNG CƠ QUAN",
        name=report.signer_name,
    )
    _appendix(doc, report)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def appendix_rows(report: Report) -> list[tuple]:
    rows = []
    for i, item in enumerate(report.snapshot.get("indicators", []), start=1):
        value = item["value"]
        if item["missing"]:
            shown, note = "", "Chưa có nguồn dữ liệu"
        elif value is None:
            shown, note = "—", "Không có hồ sơ để tính"
        elif item["unit"] == "%":
            shown, note = vn_percent(value), ""
        else:
            shown, note = vn_number(value), ""
        rows.append((i, item["name"], item["unit"], shown, note))
    return rows


def _appendix(doc, report: Report) -> None:
    section = doc.add_section()
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = Mm(297), Mm(210)
    numbering = OxmlElement("w:pgNumType")
    numbering.set(qn("w:start"), "1")  # the appendix is numbered on its own
    section._sectPr.append(numbering)
    center = WD_ALIGN_PARAGRAPH.CENTER
    _para(doc, "Phụ lục", bold=True, align=center, after=0)
    _para(doc, f"SỐ LIỆU {report_title(report).upper()}", bold=True, align=center, after=0)
    ref = document_number(report.number, report.cycle.regime.document_type, _issuer(report)[2])
    _para(doc, f"(Kèm theo Báo cáo {ref[4:]})", italic=True, align=center, after=12)
    headers = ("STT", "Chỉ tiêu", "Đơn vị tính", "Kết quả", "Ghi chú")
    rows = appendix_rows(report)
    table = doc.add_table(rows=1 + len(rows), cols=5)
    table.style = "Table Grid"
    widths = (Cm(1.5), Cm(12.5), Cm(3), Cm(3.5), Cm(5.5))
    table.autofit = False
    for column, width in zip(table.columns, widths, strict=True):
        column.width = width
    for r, values in enumerate([headers, *rows]):
        for c, value in enumerate(values):
            cell = table.rows[r].cells[c]
            cell.width = widths[c]
            cell.paragraphs[0]._element.getparent().remove(cell.paragraphs[0]._element)
            align = WD_ALIGN_PARAGRAPH.LEFT if c == 1 else center
            _para(cell, str(value), size=13, bold=r == 0, align=align, after=0)


def comment_letter_docx(
    report: Report,
    agency,
    comments: list[ReportComment],
    *,
    signer_title: str = "",
    signer_name: str = "",
) -> bytes:
    """An agency's reply letter (công văn) with its comments on the province draft."""
    head = letterhead_for(agency)
    doc = _new_document()
    title = report_title(report)
    _letterhead(
        doc,
        parent=head.parent,
        name=head.name,
        number_line=document_number(None, head.symbol),
        place_date=place_and_date(head.place, report.cycle.end),
        subject=f"V/v góp ý dự thảo Báo cáo {title[0].lower() + title[1:]}",
    )
    _para(
        doc,
        f"Kính gửi: {report.cycle.regime.recipient.name}.",
        align=WD_ALIGN_PARAGRAPH.CENTER,
        before=12,
    )
    _para(
        doc,
        f"{head.inline_name} có ý kiến góp ý đối với dự thảo Báo cáo {title[0].lower() + title[1:]} như sau:",
        indent=True,
    )
    for comment in comments:
        _para(doc, f"- {section_label(comment.section_id)}: {comment.text}", indent=True)
    _para(doc, f"Trên đây là ý kiến góp ý của {head.inline_name}./.", indent=True)
    _signature(
        doc,
        recipients=["Như trên"],
        keep=head.symbol,
        prefix_line="",
        title=signer_title or "THỦ TRƯỞNG CƠ QUAN",
        name=signer_name,
    )
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def docx_to_pdf(data: bytes, *, office: str, timeout: int = 120) -> bytes:
    """Convert with LibreOffice headless, one private profile per call (profiles lock)."""
    with tempfile.TemporaryDirectory(prefix="motcua-lo-") as work:
        folder = Path(work)
        (folder / "report.docx").write_bytes(data)
        subprocess.run(  # noqa: S603 -- fixed arguments; the office path comes from settings or PATH
            [
                office,
                f"-env:UserInstallation=file://{folder}/profile",
                "--headless",
                "--convert-to",
                "pdf",
                "--outdir",
                str(folder),
                str(folder / "report.docx"),
            ],
            check=True,
            capture_output=True,
            timeout=timeout,
            env={"LANG": "vi_VN.UTF-8", "HOME": str(folder), "PATH": "/usr/bin:/bin"},
        )
        pdf = folder / "report.pdf"
        if not pdf.exists():
            raise RuntimeError("LibreOffice wrote no PDF")
        return pdf.read_bytes()
