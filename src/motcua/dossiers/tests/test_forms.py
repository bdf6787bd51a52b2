"""The seven official forms render to PDF and DOCX with their legal content.

Each PDF is read back with poppler (the text layer, page size, embedded fonts), each DOCX
with python-docx, and the DOCX files go through LibreOffice once to prove agencies can
open and print them. No database is needed: the renderers take plain dataclasses.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import unicodedata
import uuid
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from conftest import skip_unless_tool

from motcua.dossiers.forms import (
    ApologyContext,
    BookEntry,
    ControlSlipContext,
    Handover,
    Letterhead,
    Party,
    ReceiptContext,
    RefusalContext,
    Signatory,
    StopNoticeContext,
    SubmittedComponent,
    SupplementRequestContext,
    TrackingBookContext,
    render_docx,
    render_pdf,
)

VN = ZoneInfo("Asia/Ho_Chi_Minh")
MOTTO = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
SLOGAN = "Độc lập - Tự do - Hạnh phúc"
CODE = "H61.17-261123-0001"
TRACKING_URL = f"https://dichvucong.vinhlong.gov.vn/tra-cuu/{CODE}"
RECEIVED = datetime(2026, 11, 23, 9, 5, tzinfo=VN)
DUE = datetime(2026, 11, 30, 16, 0, tzinfo=VN)

CENTRE = Letterhead(
    parent="UBND tỉnh Vĩnh Long",
    name="Trung tâm Phục vụ\nhành chính công",
    symbol="TTPVHCC",
    place="Vĩnh Long",
)
DEPARTMENT = Letterhead(
    parent="UBND tỉnh Vĩnh Long", name="Sở Xây dựng", symbol="SXD", place="Vĩnh Long"
)
APPLICANT = Party(
    name="Nguyễn Thị Hồng Nhung",
    id_number="086190012345",
    address="Số 12 đường Phạm Thái Bường, phường Thanh Đức, tỉnh Vĩnh Long",
    phone="0907 123 456",
    email="nhung.nguyen@example.vn",
)
REPRESENTATIVE = Party(
    name="Trần Văn Đức",
    id_number="086085009876",
    address="Ấp Phước Yên, xã Long Hồ, tỉnh Vĩnh Long",
    phone="0918 765 432",
)
PROCEDURE = "Cấp giấy phép xây dựng nhà ở riêng lẻ"


def receipt(**changes) -> ReceiptContext:
    values = {
        "letterhead": CENTRE,
        "number": 7,
        "dossier_code": CODE,
        "tracking_url": TRACKING_URL,
        "applicant": APPLICANT,
        "representative": REPRESENTATIVE,
        "authorisation": "Giấy ủy quyền số 15/GUQ ngày 20/11/2026",
        "request": PROCEDURE,
        "components": (
            SubmittedComponent("Đơn đề nghị cấp giấy phép xây dựng", 1, "Bản chính"),
            SubmittedComponent("Giấy chứng nhận quyền sử dụng đất", 1, "Bản sao có chứng thực"),
            SubmittedComponent("Bản vẽ thiết kế xây dựng", 2, "Bản chính"),
        ),
        "sets": 1,
        "processing_amount": Decimal(5),
        "processing_unit": "working_days",
        "received_at": RECEIVED,
        "due_at": DUE,
        "delivery_channel": "post",
        "officer": "Lê Minh Khôi",
        "book_volume": "03",
        "book_entry": 125,
    }
    return ReceiptContext(**(values | changes))


def supplement_request(**changes) -> SupplementRequestContext:
    values = {
        "letterhead": CENTRE,
        "number": 3,
        "issued_on": date(2026, 11, 23),
        "applicant": APPLICANT,
        "request": PROCEDURE,
        "items": (
            "Bản vẽ mặt bằng móng công trình, tỷ lệ 1/100",
            "Văn bản thỏa thuận với chủ nhà liền kề về tường chung",
        ),
        "reason": "Hồ sơ chưa có bản vẽ mặt bằng móng.",
        "contact_name": "Lê Minh Khôi",
        "contact_phone": "0270 3822 111",
        "officer": "Lê Minh Khôi",
    }
    return SupplementRequestContext(**(values | changes))


def refusal(**changes) -> RefusalContext:
    values = {
        "letterhead": CENTRE,
        "number": None,
        "issued_on": date(2026, 11, 23),
        "applicant": APPLICANT,
        "request": "Đăng ký khai sinh",
        "reasons": (
            "Thủ tục không thuộc thẩm quyền giải quyết của Trung tâm.",
            "Người nộp không có văn bản ủy quyền hợp lệ.",
        ),
        "officer": "Lê Minh Khôi",
    }
    return RefusalContext(**(values | changes))


def apology(**changes) -> ApologyContext:
    values = {
        "letterhead": DEPARTMENT,
        "number": 12,
        "issued_on": date(2026, 11, 27),
        "applicant": APPLICANT,
        "dossier_code": CODE,
        "procedure": PROCEDURE,
        "receiving_unit": "Trung tâm Phục vụ hành chính công tỉnh Vĩnh Long",
        "received_at": RECEIVED,
        "due_at": DUE,
        "reason": "Cần lấy ý kiến của Sở Nông nghiệp và Môi trường.",
        "new_due_at": datetime(2026, 12, 7, 16, 0, tzinfo=VN),
        "signer": Signatory(
            position="Phó Giám đốc", name="Phạm Quốc Việt", on_behalf="KT. Giám đốc"
        ),
        "copies_to": ("Trung tâm Phục vụ hành chính công tỉnh",),
    }
    return ApologyContext(**(values | changes))


def stop_notice(**changes) -> StopNoticeContext:
    values = {
        "letterhead": CENTRE,
        "number": 2,
        "issued_on": date(2026, 11, 26),
        "applicant": APPLICANT,
        "dossier_code": CODE,
        "procedure": PROCEDURE,
        "received_at": RECEIVED,
        "requested_on": date(2026, 11, 25),
        "reason": "Gia đình thay đổi thiết kế công trình.",
        "signer": Signatory(position="Giám đốc", name="Võ Thị Thu Hà"),
    }
    return StopNoticeContext(**(values | changes))


def control_slip(**changes) -> ControlSlipContext:
    values = {
        "letterhead": CENTRE,
        "number": 125,
        "issued_on": date(2026, 11, 23),
        "dossier_code": CODE,
        "handling_agency": "Sở Xây dựng tỉnh Vĩnh Long",
        "coordinating_agencies": ("Sở Nông nghiệp và Môi trường",),
        "received_at": RECEIVED,
        "due_at": DUE,
        "handovers": (
            Handover(
                "Trung tâm Phục vụ hành chính công",
                "Lê Minh Khôi",
                "Văn thư Sở Xây dựng",
                datetime(2026, 11, 23, 10, 0, tzinfo=VN),
                "on_time",
            ),
            Handover(
                "Phòng Quản lý xây dựng",
                "Nguyễn Văn Tâm",
                "Sở Nông nghiệp và Môi trường",
                datetime(2026, 11, 25, 14, 30, tzinfo=VN),
                "early",
                "Lấy ý kiến liên thông",
            ),
            Handover(
                "Lãnh đạo Sở Xây dựng",
                "Phạm Quốc Việt",
                "Trung tâm Phục vụ hành chính công",
                datetime(2026, 12, 1, 8, 0, tzinfo=VN),
                "late",
            ),
        ),
    }
    return ControlSlipContext(**(values | changes))


def tracking_book(**changes) -> TrackingBookContext:
    names = ["Nguyễn Thị Hồng Nhung", "Công ty TNHH Xây dựng Cửu Long", "Trần Văn Đức"]
    entries = tuple(
        BookEntry(
            dossier_code=f"H61.17-2611{day:02d}-{i:04d}",
            procedure=PROCEDURE,
            applicant_name=names[i % 3],
            applicant_address="Phường Thanh Đức, tỉnh Vĩnh Long",
            applicant_phone="0907 123 456",
            lead_agency="Sở Xây dựng",
            received_at=datetime(2026, 11, day, 9, 0, tzinfo=VN),
            due_at=datetime(2026, 11, day + 7, 16, 0, tzinfo=VN),
            returned_at=datetime(2026, 11, day + 6, 10, 0, tzinfo=VN) if i % 2 else None,
            delivery_channel="counter" if i % 2 else "online",
        )
        for i, day in enumerate([3, 5, 10, 12, 17, 19, 20, 21] * 3, start=1)
    )
    values = {
        "letterhead": CENTRE,
        "number": 1,
        "field_name": "Xây dựng",
        "period_start": date(2026, 11, 1),
        "period_end": date(2026, 11, 30),
        "entries": entries,
        "volume": "03",
    }
    return TrackingBookContext(**(values | changes))


SAMPLES = {
    "01": receipt,
    "02": supplement_request,
    "03": refusal,
    "04": apology,
    "05": stop_notice,
    "06": control_slip,
    "07": tracking_book,
}

# What a reader must find on each form: its title, the place-and-date line where the form
# is dated, and the values that make it this dossier's form.
EXPECTED = {
    "01": [
        "GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ",
        "Số: 07/TTPVHCC",
        "Vĩnh Long, ngày 23 tháng 11 năm 2026",
        f"Mã hồ sơ: {CODE}",
        "Ông (Bà)/Tổ chức: Trần Văn Đức",
        "Theo ủy quyền của:",
        "Ông (Bà)/Tổ chức: Nguyễn Thị Hồng Nhung",
        "Số định danh cá nhân/tổ chức: 086190012345",
        "Văn bản ủy quyền: Giấy ủy quyền số 15/GUQ ngày 20/11/2026",
        f"Nội dung yêu cầu giải quyết: {PROCEDURE}",
        "Giấy chứng nhận quyền sử dụng đất",
        "Số lượng hồ sơ: 01 bộ.",
        "Thời gian giải quyết hồ sơ theo quy định: 05 ngày làm việc.",
        "Thời gian nhận hồ sơ: 09 giờ 05 phút, ngày 23 tháng 11 năm 2026.",
        "Thời gian trả kết quả giải quyết hồ sơ: 16 giờ 00 phút, ngày 30 tháng 11 năm 2026.",
        "Đăng ký nhận kết quả tại: Qua dịch vụ bưu chính công ích.",
        "Quyển số: 03, Số thứ tự: 125.",
        "NGƯỜI NỘP HỒ SƠ",
        "NGƯỜI TIẾP NHẬN HỒ SƠ",
        "Lê Minh Khôi",
    ],
    "02": [
        "PHIẾU YÊU CẦU BỔ SUNG, HOÀN THIỆN HỒ SƠ",
        "Số: 03/PBS-TTPVHCC",
        "Vĩnh Long, ngày 23 tháng 11 năm 2026",
        "Hồ sơ của: Nguyễn Thị Hồng Nhung",
        "1. Bản vẽ mặt bằng móng công trình, tỷ lệ 1/100",
        "2. Văn bản thỏa thuận với chủ nhà liền kề về tường chung",
        "Lý do: Hồ sơ chưa có bản vẽ mặt bằng móng.",
        "số điện thoại 0270 3822 111",
        "NGƯỜI HƯỚNG DẪN",
    ],
    "03": [
        "PHIẾU TỪ CHỐI TIẾP NHẬN GIẢI QUYẾT HỒ SƠ",
        "/PTC-TTPVHCC",  # no number yet: the blank stays for the registry
        "Vĩnh Long, ngày 23 tháng 11 năm 2026",
        "Ông (Bà)/Tổ chức: Nguyễn Thị Hồng Nhung",
        "Số định danh cá nhân/tổ chức: 086190012345",
        "thông báo không tiếp nhận, giải quyết hồ sơ này với lý do cụ thể như sau:",
        "1. Thủ tục không thuộc thẩm quyền giải quyết của Trung tâm.",
        "2. Người nộp không có văn bản ủy quyền hợp lệ.",
        "NGƯỜI TIẾP NHẬN HỒ SƠ",
    ],
    "04": [
        "PHIẾU XIN LỖI VÀ ĐỀ NGHỊ GIA HẠN THỜI GIAN GIẢI QUYẾT",
        "Số: 12/PXL-SXD",
        "SỞ XÂY DỰNG",
        "Vĩnh Long, ngày 27 tháng 11 năm 2026",
        "Kính gửi: Ông (Bà)/Tổ chức Nguyễn Thị Hồng Nhung.",
        "Ngày 23 tháng 11 năm 2026, Trung tâm Phục vụ hành chính công tỉnh Vĩnh Long tiếp nhận",
        f"mã số hồ sơ: {CODE}",
        "Thời gian hẹn trả kết quả giải quyết hồ sơ: 16 giờ 00 phút, ngày 30 tháng 11 năm 2026.",
        "Lý do: Cần lấy ý kiến của Sở Nông nghiệp và Môi trường.",
        "16 giờ 00 phút, ngày 07 tháng 12 năm 2026.",
        "KT. GIÁM ĐỐC",
        "PHÓ GIÁM ĐỐC",
        "Phạm Quốc Việt",
        "Nơi nhận:",
        "- Lưu: VT.",
    ],
    "05": [
        "THÔNG BÁO DỪNG GIẢI QUYẾT HỒ SƠ",
        "Số: 02/TB-TTPVHCC",
        "Vĩnh Long, ngày 26 tháng 11 năm 2026",
        f"mã số hồ sơ: {CODE}",
        "Ngày 25 tháng 11 năm 2026, Ông (Bà)/Tổ chức đề nghị dừng giải quyết hồ sơ",
        "Lý do: Gia đình thay đổi thiết kế công trình.",
        "thông báo dừng giải quyết hồ sơ nêu trên.",
        "GIÁM ĐỐC",
        "Võ Thị Thu Hà",
    ],
    "06": [
        "PHIẾU KIỂM SOÁT QUÁ TRÌNH GIẢI QUYẾT HỒ SƠ",
        "Số: 125/PKS-TTPVHCC",
        f"Mã số hồ sơ: {CODE}",
        "Cơ quan (bộ phận) giải quyết hồ sơ: Sở Xây dựng tỉnh Vĩnh Long",
        "Cơ quan phối hợp giải quyết hồ sơ: Sở Nông nghiệp và Môi trường",
        "Thời gian hẹn trả kết quả: 16 giờ 00 phút, ngày 30 tháng 11 năm 2026",
        "1. Giao: Nguyễn Văn Tâm",
        "2. Nhận: Sở Nông nghiệp và Môi trường",
        "14:30",
        "Đúng hạn",
        "Trước hạn",
        "Quá hạn",
        "Lấy ý kiến liên thông",
    ],
    "07": [
        "SỔ THEO DÕI HỒ SƠ",
        "Số: 01/STD-TTPVHCC",
        "Lĩnh vực: Xây dựng",
        "Từ ngày 01/11/2026 đến ngày 30/11/2026",
        "Quyển số: 03",
        "Cơ quan chủ trì giải quyết",
        "Phương thức nhận kết quả",
        "H61.17-261103-0001",
        "H61.17-261121-0024",  # the last row, on the last page
        "Trực tiếp tại",  # table cells wrap; pdftotext interleaves the wrapped lines
        "Trực tuyến",
    ],
}


def _flat(text: str) -> str:
    """One space between words: line breaks in the PDF are layout, not content."""
    return " ".join(text.split())


def _need(tool: str) -> str:
    path = shutil.which(tool)
    if path is None:
        pytest.fail(f"{tool} not found: install poppler-utils (scripts/test.sh does)")
    return path


def _run(*args: str | Path, stdin: bytes | None = None) -> str:
    done = subprocess.run(
        [str(a) for a in args], input=stdin, capture_output=True, check=True, timeout=120
    )
    return done.stdout.decode()


def pdf_text(path: Path) -> str:
    return _run(_need("pdftotext"), "-enc", "UTF-8", path, "-")


@pytest.fixture(scope="module")
def pdfs(tmp_path_factory) -> dict[str, Path]:
    out = tmp_path_factory.mktemp("forms-pdf")
    paths = {}
    for no, build in SAMPLES.items():
        paths[no] = out / f"mau{no}.pdf"
        paths[no].write_bytes(render_pdf(build()))
    return paths


@pytest.fixture(scope="module")
def docxs(tmp_path_factory) -> dict[str, Path]:
    out = tmp_path_factory.mktemp("forms-docx")
    paths = {}
    for no, build in SAMPLES.items():
        paths[no] = out / f"mau{no}.docx"
        paths[no].write_bytes(render_docx(build()))
    return paths


# --- PDF --------------------------------------------------------------------------------


@pytest.mark.parametrize("no", SAMPLES)
def test_pdf_has_the_motto_header_and_key_fields(pdfs, no):
    text = _flat(pdf_text(pdfs[no]))
    assert text == unicodedata.normalize("NFC", text)
    for expected in [MOTTO, SLOGAN, "UBND TỈNH VĨNH LONG", *EXPECTED[no]]:
        assert expected in text, f"Mẫu {no}: {expected!r} not found"


@pytest.mark.parametrize("no", SAMPLES)
def test_pdf_is_a4_with_embedded_liberation_serif(pdfs, no):
    info = _run(_need("pdfinfo"), "-box", "-l", "99", pdfs[no])
    boxes = re.findall(r"Page\s+\d+\s+MediaBox:\s+([\d.\s]+)", info)
    assert boxes, info
    expected = (841.89, 595.28) if no == "07" else (595.28, 841.89)
    for box in boxes:
        x0, y0, x1, y1 = (float(v) for v in box.split())
        assert (x0, y0) == (0, 0)
        assert (round(x1, 2), round(y1, 2)) == expected
    fonts = _run(_need("pdffonts"), pdfs[no]).splitlines()[2:]
    assert fonts
    for line in fonts:
        name, emb = line.split()[0], line.split()[-5]
        assert emb == "yes", line
        assert "Liberation-Serif" in name, line


def test_the_receipt_fits_one_page_and_the_book_repeats_its_header(pdfs):
    assert "Pages:           1" in _run(_need("pdfinfo"), pdfs["01"])
    pages = pdf_text(pdfs["07"]).split("\f")
    pages = [p for p in pages if p.strip()]
    assert len(pages) >= 2
    assert all("Mã hồ sơ" in _flat(p) for p in pages)
    # NĐ 30: page numbers from page 2 on; the first page has none.
    assert _flat(pages[1]).startswith("2 ")


def test_receipt_qr_code_decodes_to_the_tracking_url(pdfs, tmp_path):
    zbarimg = shutil.which("zbarimg")
    skip_unless_tool(zbarimg, "zbarimg (zbar-tools) not installed: QR decoding not checked")
    _run(_need("pdftoppm"), "-r", "200", "-png", "-f", "1", "-l", "1", pdfs["01"], tmp_path / "p")
    (png,) = tmp_path.glob("p*.png")
    assert _run(zbarimg, "--raw", "-q", png).strip() == TRACKING_URL


def test_values_are_escaped_and_normalised(tmp_path):
    nfd_name = unicodedata.normalize("NFD", "Hợp tác xã <Tân> & Cộng sự")
    applicant = Party(name=nfd_name, id_number="1500123456")
    assert applicant.name == "Hợp tác xã <Tân> & Cộng sự"  # NFC from here on
    path = tmp_path / "f.pdf"
    path.write_bytes(render_pdf(refusal(applicant=applicant)))
    assert "Ông (Bà)/Tổ chức: Hợp tác xã <Tân> & Cộng sự" in _flat(pdf_text(path))


def test_empty_book_says_so(tmp_path):
    path = tmp_path / "book.pdf"
    path.write_bytes(render_pdf(tracking_book(entries=())))
    assert "Không có hồ sơ trong kỳ." in _flat(pdf_text(path))


def test_unknown_context_is_a_programming_error():
    with pytest.raises(TypeError, match="No official form for dict"):
        render_pdf({"dossier_code": CODE})
    with pytest.raises(TypeError):
        render_docx(APPLICANT)


def test_importing_the_package_does_not_load_the_renderers():
    # WeasyPrint and python-docx are heavy; web workers import the package for the
    # contexts only.
    code = (
        "import django, sys; django.setup(); import motcua.dossiers.forms; "
        "assert 'weasyprint' not in sys.modules and 'docx' not in sys.modules"
    )
    subprocess.run(
        [sys.executable, "-c", code],
        check=True,
        timeout=60,
        env={
            "DJANGO_SETTINGS_MODULE": "motcua.conf.test",
            "PYTHONPATH": str(Path(__file__).parents[3]),
        },
    )


# --- DOCX -------------------------------------------------------------------------------


def _docx_text(path: Path) -> str:
    from docx import Document

    doc = Document(str(path))
    parts = [p.text for p in doc.paragraphs]

    def cells(tables):
        for table in tables:
            for row in table.rows:
                for cell in row.cells:
                    yield from (p.text for p in cell.paragraphs)
                    yield from cells(cell.tables)

    parts += list(cells(doc.tables))
    return _flat("\n".join(parts))


@pytest.mark.parametrize("no", SAMPLES)
def test_docx_has_the_same_fields(docxs, no):
    text = _docx_text(docxs[no])
    for expected in [MOTTO, SLOGAN, "UBND TỈNH VĨNH LONG", *EXPECTED[no]]:
        assert expected in text, f"Mẫu {no}: {expected!r} not found in the DOCX"


@pytest.mark.parametrize("no", SAMPLES)
def test_docx_is_a4_in_times_new_roman(docxs, no):
    from docx import Document
    from docx.oxml.ns import qn
    from docx.shared import Mm

    doc = Document(str(docxs[no]))
    section = doc.sections[0]
    size = (round(section.page_width / Mm(1)), round(section.page_height / Mm(1)))
    assert size == ((297, 210) if no == "07" else (210, 297))
    assert section.different_first_page_header_footer
    slots = ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia")
    normal = doc.styles["Normal"].element.rPr.rFonts
    assert [normal.get(qn(s)) for s in slots] == ["Times New Roman"] * 4
    runs = doc.element.body.iter(qn("w:r"))
    for run in runs:
        fonts = run.find(qn("w:rPr") + "/" + qn("w:rFonts"))
        assert fonts is not None
        assert [fonts.get(qn(s)) for s in slots] == ["Times New Roman"] * 4
    assert doc.core_properties.title.startswith(f"Mẫu {no}: ")


def test_docx_receipt_embeds_the_qr_code(docxs):
    from docx import Document

    doc = Document(str(docxs["01"]))
    images = [r for r in doc.part.rels.values() if r.reltype.endswith("/image")]
    assert len(images) == 1
    assert images[0].target_part.blob.startswith(b"\x89PNG")


@pytest.mark.slow
def test_libreoffice_converts_every_docx_to_a4_pdf(docxs, tmp_path):
    office = shutil.which("libreoffice") or shutil.which("soffice")
    skip_unless_tool(office, "LibreOffice not installed (Debian libreoffice-writer-nogui)")
    # One profile per run: two LibreOffice processes sharing a profile can silently
    # produce nothing.
    profile = Path("/tmp") / f"lo-{uuid.uuid4().hex}"
    try:
        _run(
            office,
            "--headless",
            f"-env:UserInstallation=file://{profile}",
            "--convert-to",
            "pdf",
            "--outdir",
            tmp_path,
            *docxs.values(),
        )
    finally:
        shutil.rmtree(profile, ignore_errors=True)
    for no in SAMPLES:
        pdf = tmp_path / f"mau{no}.pdf"
        assert pdf.exists(), f"LibreOffice wrote no PDF for Mẫu {no}"
        info = _run(_need("pdfinfo"), pdf)
        width, height = re.search(r"Page size:\s+([\d.]+) x ([\d.]+)", info).groups()
        size = (round(float(width)), round(float(height)))
        assert size == ((842, 595) if no == "07" else (595, 842)), info
        text = _flat(pdf_text(pdf))
        for expected in [MOTTO, SLOGAN, *EXPECTED[no][:2]]:
            assert expected in text, f"Mẫu {no}: {expected!r} not in LibreOffice's PDF"
