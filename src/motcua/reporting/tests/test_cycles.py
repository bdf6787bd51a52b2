"""A whole CCHC report cycle: open → agency drafts → submit → review → consolidate →
comments → final, with the documents read back and checked against Nghị định 30/2020."""

from __future__ import annotations

import datetime as dt
import io
import shutil
import subprocess

from django.core.exceptions import ValidationError
from django.http import Http404
from django.utils import timezone

import pytest
from conftest import skip_unless_tool
from docx import Document
from docx.oxml.ns import qn
from docx.shared import Pt
from openpyxl import load_workbook

from motcua.accounts.constants import Role
from motcua.agencies.constants import AgencyKind
from motcua.agencies.models import Agency
from motcua.dossiers.constants import Timeliness
from motcua.dossiers.models import Dossier
from motcua.dossiers.services import dossier_accept
from motcua.dossiers.tests.conftest import _staff, application
from motcua.reporting.constants import CommentStatus, CycleStatus, ReportStatus, SigningPrefix
from motcua.reporting.cycles import (
    comment_add,
    comment_resolve,
    cycle_consolidate,
    cycle_open,
    cycle_progress,
    report_circulate,
    report_finalise,
    report_refresh,
    report_review,
    report_submit,
    report_write,
)
from motcua.reporting.documents import (
    appendix_rows,
    comment_letter_docx,
    docx_to_pdf,
    report_docx,
)
from motcua.reporting.regimes import regime_cchc_install
from motcua.reporting.xlsx import workbook_bytes

from .lifecycles import run_lifecycles

pytestmark = pytest.mark.django_db
Q1 = (dt.date(2025, 12, 15), dt.date(2026, 3, 14))


@pytest.fixture
def cchc(world, now):
    home = Agency.objects.create(
        code="H61.10",
        name="Sở Nội vụ tỉnh Vĩnh Long",
        kind=AgencyKind.DEPARTMENT,
        administrative_unit=world.province,
        abbreviation="SNV",
    )
    run_lifecycles(world, now, seed=31, steps=80, start="2026-01-05 08:00")
    now("2026-03-16 09:00")
    regime = regime_cchc_install(recipient=home, agencies=[world.justice, world.commune])
    return {
        "regime": regime,
        "home": home,
        "snv": _staff("chuyen_vien_snv", Role.PROCESSING_OFFICER, home),
        "xa": _staff("cong_chuc_xa", Role.PROCESSING_OFFICER, world.commune),
    }


def _raw(agency, start, end):
    def inside(moment):
        return moment is not None and start <= timezone.localdate(moment) <= end

    dossiers = list(Dossier.objects.filter(competent_agency=agency))
    resolved = [d for d in dossiers if inside(d.resolved_at)]
    return {
        "received_new": sum(inside(d.received_at) for d in dossiers),
        "resolved": len(resolved),
        "on_time": sum(d.timeliness in (Timeliness.EARLY, Timeliness.ON_TIME) for d in resolved),
    }


def test_full_cycle(world, now, cchc, tmp_path):
    regime, snv = cchc["regime"], cchc["snv"]
    with pytest.raises(Http404):  # an agency's officer does not open periods
        cycle_open(regime=regime, period="Q1", year=2026, user=world.officer)
    cycle = cycle_open(regime=regime, period="Q1", year=2026, user=snv)
    assert (cycle.start, cycle.end, cycle.internal_deadline, cycle.deadline) == (
        *Q1,
        dt.date(2026, 3, 10),
        dt.date(2026, 3, 20),
    )
    with pytest.raises(ValidationError):
        cycle_open(regime=regime, period="Q1", year=2026, user=snv)
    justice = cycle.reports.get(agency=world.justice)
    commune = cycle.reports.get(agency=world.commune)

    # figures recomputed independently from the dossiers
    raw = _raw(world.justice, *Q1)
    counts = justice.snapshot["counts"]
    assert raw["received_new"] > 0 and raw["resolved"] > 0
    assert (counts["received_new"], counts["resolved"]) == (raw["received_new"], raw["resolved"])
    assert counts["resolved_early"] + counts["resolved_on_time"] == raw["on_time"]

    # authors write narratives only, in their own report
    report_write(
        report=justice,
        user=world.officer,
        narratives={"II.6": "Đã dùng chữ ký số.", "III": "Còn hồ sơ trễ hạn."},
    )
    with pytest.raises(ValidationError):
        report_write(
            report=justice, user=world.officer, narratives={"II": "Tiêu đề không được viết"}
        )
    with pytest.raises(Http404):
        report_write(
            report=justice, user=cchc["xa"], narratives={"III": "Không phải báo cáo của xã"}
        )
    before = dict(justice.snapshot)
    justice = report_submit(report=justice, user=world.officer)
    assert justice.status == ReportStatus.SUBMITTED
    # a later dossier does not move a submitted report's numbers
    now("2026-03-02 09:00")
    dossier_accept(user=world.counter, application=application(world))
    now("2026-03-16 09:00")
    with pytest.raises(ValidationError):
        report_refresh(report=justice, user=world.officer)
    justice.refresh_from_db()
    assert justice.snapshot == before

    commune = report_submit(report=commune, user=cchc["xa"])
    with pytest.raises(ValidationError):
        report_review(report=commune, user=snv, accept=False, note="  ")
    commune = report_review(report=commune, user=snv, accept=False, note="Bổ sung phần I.4")
    assert commune.status == ReportStatus.RETURNED
    progress = cycle_progress(cycle, today=dt.date(2026, 3, 16))
    assert world.commune in progress["missing"] and world.commune in progress["late"]
    report_write(
        report=commune, user=cchc["xa"], narratives={"I.4": "Tuyên truyền trên loa phát thanh."}
    )
    report_submit(report=commune, user=cchc["xa"])
    report_review(report=justice, user=snv, accept=True)
    report_review(report=commune, user=snv, accept=True)

    # consolidation sums figures and merges sections by id
    province = cycle_consolidate(cycle=cycle, user=snv)
    justice.refresh_from_db()
    commune.refresh_from_db()
    for name in ("received_total", "resolved", "in_progress_overdue"):
        assert province.snapshot["counts"][name] == (
            justice.snapshot["counts"][name] + commune.snapshot["counts"][name]
        )
    assert province.narratives["II.6"] == "Sở Tư pháp tỉnh Vĩnh Long: Đã dùng chữ ký số."
    assert "UBND xã Cái Nhum: Tuyên truyền" in province.narratives["I.4"]
    report_write(report=province, user=snv, narratives={"V": "Đề nghị Bộ Nội vụ hướng dẫn."})

    # comment round
    province = report_circulate(report=province, user=snv, agencies=[world.justice])
    assert cycle.__class__.objects.get(pk=cycle.pk).status == CycleStatus.COMMENTING
    with pytest.raises(Http404):
        comment_add(
            report=province,
            user=world.finance_officer,
            agency=world.finance,
            section_id="II.6",
            text="x",
        )
    with pytest.raises(ValidationError):
        comment_add(
            report=province, user=world.officer, agency=world.justice, section_id="IX.9", text="x"
        )
    comment = comment_add(
        report=province,
        user=world.officer,
        agency=world.justice,
        section_id="II.6",
        text="Bổ sung tỷ lệ văn bản ký số.",
    )
    with pytest.raises(ValidationError):  # a pending comment blocks issuing
        report_finalise(
            report=province,
            user=snv,
            number=7,
            issued_on=dt.date(2026, 3, 18),
            signer_prefix="TM.",
            signer_authority="Ủy ban nhân dân",
            signer_title="KT. CHỦ TỊCH\nPHÓ CHỦ TỊCH",
            signer_name="Nguyễn Văn A",
            recipients="Bộ Nội vụ\nThường trực Tỉnh ủy",
        )
    with pytest.raises(ValidationError):
        comment_resolve(comment=comment, user=snv, status=CommentStatus.EXPLAINED, response="")
    comment_resolve(comment=comment, user=snv, status=CommentStatus.ACCEPTED)

    letter = Document(io.BytesIO(comment_letter_docx(province, world.justice, [comment])))
    letter_text = _all_text(letter)
    assert "V/v góp ý dự thảo Báo cáo công tác cải cách hành chính quý I năm 2026" in letter_text
    assert "Mục 6 của Phần II: Bổ sung tỷ lệ văn bản ký số." in letter_text

    draft = Document(io.BytesIO(report_docx(province)))
    assert "Số: \u00a0\u00a0\u00a0\u00a0\u00a0\u00a0/BC-UBND" in _all_text(
        draft
    )  # blank until issued

    province = report_finalise(
        report=province,
        user=snv,
        number=7,
        issued_on=dt.date(2026, 3, 18),
        signer_prefix=SigningPrefix.TM,
        signer_authority="Ủy ban nhân dân",
        signer_title="KT. CHỦ TỊCH\nPHÓ CHỦ TỊCH",
        signer_name="Nguyễn Văn A",
        recipients="Bộ Nội vụ\nThường trực Tỉnh ủy",
    )
    assert cycle.__class__.objects.get(pk=cycle.pk).status == CycleStatus.FINAL
    assert province.archived_at is not None
    assert bytes(province.archived_docx)[:2] == b"PK" and bytes(province.archived_xlsx)[:2] == b"PK"
    data = report_docx(province)
    _check_layout(Document(io.BytesIO(data)), province)

    book = load_workbook(
        io.BytesIO(
            workbook_bytes(
                "Phụ lục",
                ["STT", "Chỉ tiêu", "Đơn vị tính", "Kết quả", "Ghi chú"],
                appendix_rows(province),
            )
        )
    )
    rows = list(book.active.iter_rows(min_row=3, values_only=True))
    assert rows[0][1] == "Tổng số hồ sơ tiếp nhận"
    # online payment reads the payments app now (fees here were asked outside it: 0 %)
    (payment,) = [r for r in rows if r[1] == "Tỷ lệ hồ sơ thanh toán trực tuyến"]
    assert payment[3] == "0,00%" and not payment[4]
    assert not any(r[4] == "Chưa có nguồn dữ liệu" for r in rows)

    office = shutil.which("soffice") or shutil.which("libreoffice")
    skip_unless_tool(office, "LibreOffice not installed (Debian libreoffice-writer-nogui)")
    assert bytes(province.archived_pdf)[:5] == b"%PDF-"
    pdf = tmp_path / "report.pdf"
    pdf.write_bytes(docx_to_pdf(data, office=office))
    text = subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert "BÁO CÁO" in text and "Độc lập - Tự do - Hạnh phúc" in text
    assert "Số: 07/BC-UBND" in text
    assert "Vĩnh Long, ngày 18 tháng 3 năm 2026" in text
    assert "Phụ lục" in text


def _all_text(doc) -> str:
    parts = [p.text for p in doc.paragraphs]
    for table in doc.tables:
        for row in table.rows:
            for cell in row.cells:
                parts.extend(p.text for p in cell.paragraphs)
    return "\n".join(parts)


def _check_layout(doc, report) -> None:
    """The layout checker: page, margins, fonts, header blocks, numbering."""
    body, appendix = doc.sections

    def mm(*lengths):  # stored in twips: compare to a tenth of a millimetre
        return tuple(round(length.mm, 1) for length in lengths)

    assert mm(body.page_width, body.page_height) == (210, 297)
    assert mm(body.top_margin, body.bottom_margin, body.left_margin, body.right_margin) == (
        20,
        20,
        30,
        15,
    )
    assert appendix.page_width > appendix.page_height  # landscape
    assert appendix._sectPr.find(qn("w:pgNumType")).get(qn("w:start")) == "1"
    assert body.different_first_page_header_footer
    assert "PAGE" in "".join(t.text for t in body.header._element.iter(qn("w:instrText")))
    # every run of the document in Times New Roman on all four script slots, 11–14 pt
    runs = [r for p in doc.paragraphs for r in p.runs]
    runs += [
        r
        for t in doc.tables
        for row in t.rows
        for c in row.cells
        for p in c.paragraphs
        for r in p.runs
    ]
    for run in runs:
        fonts = run._element.rPr.find(qn("w:rFonts"))
        assert {fonts.get(qn(s)) for s in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia")} == {
            "Times New Roman"
        }
        if run.text.strip():
            assert Pt(11) <= run.font.size <= Pt(14), run.text
    header = doc.tables[0]
    left, right = (c.paragraphs for c in header.rows[0].cells)
    assert left[0].text == "ỦY BAN NHÂN DÂN\nTỈNH VĨNH LONG" and left[0].runs[0].bold
    assert [p.text for p in left if p.text.startswith("Số:")] == ["Số: 07/BC-UBND"]
    assert right[0].text == "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" and right[0].runs[0].bold
    assert right[1].text == "Độc lập - Tự do - Hạnh phúc"
    assert right[2]._element.find(qn("w:pPr")).find(qn("w:pBdr")) is not None  # the rule
    assert right[3].text == "Vĩnh Long, ngày 18 tháng 3 năm 2026" and right[3].runs[0].italic
    texts = [p.text for p in doc.paragraphs]
    assert "BÁO CÁO" in texts and "Công tác cải cách hành chính quý I năm 2026" in texts
    assert "(Dự thảo)" not in texts
    assert any(t.startswith("Ủy ban nhân dân tỉnh Vĩnh Long báo cáo kết quả") for t in texts), (
        texts[:8]
    )
    headings = [t for t in texts if t[:4] in ("I. C", "II. ", "III.", "IV. ", "V. Đ")]
    assert [h.split(".")[0] for h in headings] == ["I", "II", "III", "IV", "V"]
    figures = next(t for t in texts if t.startswith("Trong kỳ, tổng số hồ sơ phải giải quyết"))
    assert f"đã giải quyết {report.snapshot['counts']['resolved']}".lower() in figures.lower()
    signature = doc.tables[1]
    where, who = (c.paragraphs for c in signature.rows[0].cells)
    assert where[0].text == "Nơi nhận:" and where[0].runs[0].bold and where[0].runs[0].italic
    assert where[0].runs[0].font.size == Pt(12) and where[1].runs[0].font.size == Pt(11)
    assert [p.text for p in where[1:]] == [
        "- Bộ Nội vụ;",
        "- Thường trực Tỉnh ủy;",
        "- Lưu: VT, UBND.",
    ]
    assert [p.text for p in who if p.text] == [
        "TM. ỦY BAN NHÂN DÂN",
        "KT. CHỦ TỊCH\nPHÓ CHỦ TỊCH",
        "Nguyễn Văn A",
    ]
