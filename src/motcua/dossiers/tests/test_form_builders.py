"""The official forms built from real dossiers: each walked through the services on the
2026 calendar, each form rendered to PDF and read back with poppler.

The licence (5 working days) received on Wednesday 11/02/2026 at 09:00 is due on
Wednesday 25/02 at 09:00, after the Tết week (see test_scenarios.py).
"""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess
from pathlib import Path

from django.test import override_settings

import pytest
from conftest import skip_unless_tool

from motcua.catalog.models import Field, Procedure, Sector
from motcua.dossiers.constants import Channel, Timeliness
from motcua.dossiers.forms import render_docx, render_pdf
from motcua.dossiers.forms.builders import (
    apology_context,
    control_slip_context,
    letterhead_for,
    place_name,
    receipt_context,
    refusal_context,
    stop_notice_context,
    supplement_request_context,
    tracking_book_context,
    unit_symbol,
)
from motcua.dossiers.inputs import ConsultationInput, ResultInput
from motcua.dossiers.services import (
    dossier_accept,
    dossier_answer_consultation,
    dossier_approve,
    dossier_assign,
    dossier_consult,
    dossier_deliver,
    dossier_extend,
    dossier_forward,
    dossier_refuse,
    dossier_request_completion,
    dossier_request_supplement,
    dossier_return,
    dossier_stop,
    dossier_submit,
)

from .conftest import REPRESENTATIVE_ID, applicant, application, at, joint_application
from .helpers import fresh

BASE_URL = "https://dichvucong.vinhlong.gov.vn"
CENTRE_NAME = "Trung tâm Phục vụ hành chính công tỉnh Vĩnh Long"
RESULT = ResultInput(number="15/GP-STP", issued_on=dt.date(2026, 2, 13), signer="Nguyễn Văn Hải")
EARLY_RESULT = ResultInput(
    number="9/GP-STP", issued_on=dt.date(2026, 2, 11), signer="Nguyễn Văn Hải"
)


# --- reading the output --------------------------------------------------------------------


def flat(text: str) -> str:
    return " ".join(text.split())


def _tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        pytest.fail(f"{name} not found: install poppler-utils (scripts/test.sh does)")
    return path


def pdf_text(content: bytes, tmp_path: Path, name: str = "form") -> str:
    assert content.startswith(b"%PDF-")
    path = tmp_path / f"{name}.pdf"
    path.write_bytes(content)
    done = subprocess.run(
        [_tool("pdftotext"), "-enc", "UTF-8", str(path), "-"],
        capture_output=True,
        check=True,
        timeout=120,
    )
    return flat(done.stdout.decode())


def docx_text(content: bytes) -> str:
    import io

    from docx import Document

    document = Document(io.BytesIO(content))
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            for cell in row.cells:
                parts += [p.text for p in cell.paragraphs]
    return flat("\n".join(parts))


def assert_in(text: str, *expected: str) -> None:
    for value in expected:
        assert value in text, f"{value!r} not found in: {text[:3000]}"


# --- paths through the services -------------------------------------------------------------


def received(world, **changes):
    return dossier_accept(user=world.counter, application=application(world, **changes))


def online(world, **changes):
    return application(world, channel=Channel.ONLINE, delivery_channel="online", **changes)


def processed(world, now):
    """Received, handed over five times with a consultation of Finance, decided late at the
    signing step, delivered: the Mẫu 06 path."""
    dossier = received(world)  # Wed 11/02 09:00; the counter step is due 11:00
    now("2026-02-11 10:00")
    dossier_forward(dossier=dossier, user=world.counter, note="Chuyển Sở Tư pháp")
    now("2026-02-11 10:30")
    dossier_assign(
        dossier=dossier, user=world.head, assignee=world.officer, department=world.department
    )
    now("2026-02-11 14:00")
    dossier = dossier_consult(
        dossier=dossier,
        user=world.officer,
        consultations=[ConsultationInput(agency=world.finance, hours=8)],
        note="Xin ý kiến về nghĩa vụ tài chính",
    )
    asked = dossier.steps.get(consulted_from__isnull=False)
    now("2026-02-12 10:00")
    dossier_answer_consultation(
        dossier=dossier,
        user=world.finance_officer,
        consultation=asked,
        answer="Không phát sinh nghĩa vụ tài chính",
    )
    now("2026-02-12 14:00")  # appraisal due 23/02: early
    dossier_forward(dossier=dossier, user=world.officer)
    now("2026-02-23 10:00")  # signing was due 13/02 14:00: late
    dossier_approve(dossier=dossier, user=world.leader, results=[RESULT])
    now("2026-02-23 11:00")
    dossier_deliver(dossier=dossier, user=world.counter, channel="counter", recipient="Bình")
    return fresh(dossier)


# --- the issuing unit ---------------------------------------------------------------------


def test_letterhead_from_the_agency_tree(world):
    centre = letterhead_for(world.centre)
    assert centre.parent == "UBND tỉnh Vĩnh Long"  # no parent agency: the province's UBND
    # The parent line names the province, so the unit's name leaves it out.
    assert centre.name == "Trung tâm Phục vụ\nhành chính công"
    assert (centre.symbol, centre.place) == ("TTPVHCC", "Vĩnh Long")
    commune_centre = letterhead_for(world.commune_centre)
    assert commune_centre.parent == "UBND xã Cái Nhum"
    assert (commune_centre.symbol, commune_centre.place) == ("TTPVHCC", "Cái Nhum")
    assert letterhead_for(world.justice).name == "Sở Tư pháp"
    assert unit_symbol(world.justice) == "STP"
    assert unit_symbol(world.commune) == "UBND"
    world.justice.abbreviation = "STPVL"
    assert unit_symbol(world.justice) == "STPVL"
    # A parent elsewhere: the place stays, on its own line.
    world.justice.parent = world.far
    assert letterhead_for(world.justice).name == "Sở Tư pháp\ntỉnh Vĩnh Long"
    assert place_name(world.far) == "Thành phố Hồ Chí Minh"


# --- Mẫu 01 -------------------------------------------------------------------------------


@override_settings(PUBLIC_BASE_URL=BASE_URL)
def test_receipt_from_a_counter_intake(world, tmp_path):
    dossier = received(world, delivery_channel="post")
    code = dossier.code
    assert code == "H61.17-260211-0001"
    context = receipt_context(dossier)
    assert context.tracking_url == f"{BASE_URL}/tra-cuu/{code}/"
    assert (context.number, context.book_volume, context.book_entry) == (1, "2026", 1)
    assert (context.received_at, context.due_at) == (at("2026-02-11 09:00"), at("2026-02-25 09:00"))
    assert context.officer == "Tiep Nhan"
    assert [(c.name, c.count, c.note) for c in context.components] == [
        ("Tờ khai đề nghị cấp giấy phép", 1, "Bản chính"),
        ("Bản sao giấy tờ chứng minh nhân thân", 2, "Bản sao"),
    ]
    text = pdf_text(render_pdf(context), tmp_path)
    assert_in(
        text,
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "UBND TỈNH VĨNH LONG",
        "TRUNG TÂM PHỤC VỤ HÀNH CHÍNH CÔNG",
        "Số: 01/TTPVHCC",
        "Vĩnh Long, ngày 11 tháng 02 năm 2026",
        "GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ",
        code,
        "Trần Thị Bình",
        "086185012345",
        "Cấp giấy phép hoạt động tổ chức hành nghề",
        "Tờ khai đề nghị cấp giấy phép",
        "05 ngày làm việc",
        "Thời gian nhận hồ sơ: 09 giờ 00 phút, ngày 11 tháng 02 năm 2026",
        "09 giờ 00 phút, ngày 25 tháng 02 năm 2026",
        "Qua dịch vụ bưu chính công ích (Ấp Hòa Long, xã Cái Nhum, tỉnh Vĩnh Long)",
        "Quyển số: 2026, Số thứ tự: 01",
        "Tiep Nhan",
    )
    # The QR code decodes to the tracking page of this dossier.
    zbarimg = shutil.which("zbarimg")
    skip_unless_tool(zbarimg, "zbarimg (zbar-tools) not installed: QR decoding not checked")
    pdf = tmp_path / "form.pdf"
    subprocess.run(
        [
            _tool("pdftoppm"),
            "-r",
            "200",
            "-png",
            "-f",
            "1",
            "-l",
            "1",
            str(pdf),
            str(tmp_path / "p"),
        ],
        check=True,
        timeout=120,
    )
    (png,) = tmp_path.glob("p*.png")
    decoded = subprocess.run(
        [zbarimg, "--raw", "-q", str(png)], capture_output=True, check=True, timeout=60
    )
    assert decoded.stdout.decode().strip() == f"{BASE_URL}/tra-cuu/{code}/"


def test_receipt_numbers_rank_the_receipts_of_the_year(world, now):
    first, second = received(world), received(world)
    now("2026-02-12 08:00")
    third = received(world)
    assert third.code == "H61.17-260212-0001"
    assert [receipt_context(d).number for d in (first, second, third)] == [1, 2, 3]
    assert receipt_context(third).book_entry == 3
    # Another centre keeps its own series.
    elsewhere = dossier_accept(
        user=world.counter_commune,
        application=joint_application(world, receiving_agency=world.commune_centre),
    )
    assert receipt_context(elsewhere).number == 1
    assert receipt_context(first).number == 1  # stable once issued


def test_receipt_names_the_representative_and_online_components(world, tmp_path):
    representative = applicant(
        representative_name="Phạm Văn Đông",
        representative_id_number=REPRESENTATIVE_ID,
        representative_phone="0903 111 222",
        authorisation="Giấy ủy quyền số 12/GUQ ngày 05/02/2026",
    )
    dossier = dossier_submit(
        application=online(world, applicant=representative), user=world.citizen
    )
    assert receipt_context(dossier) is None  # not received yet: no code, no receipt
    dossier = dossier_accept(user=world.counter, dossier=dossier)
    context = receipt_context(dossier)
    assert context.submitter.name == "Phạm Văn Đông"
    assert {c.note for c in context.components} == {"Bản điện tử"}
    text = pdf_text(render_pdf(context), tmp_path)
    assert_in(
        text,
        "Phạm Văn Đông",
        "Theo ủy quyền của:",
        "Trần Thị Bình",
        "Giấy ủy quyền số 12/GUQ ngày 05/02/2026",
        "04 ngày làm việc",  # the case's online time
        "Trực tuyến",
    )


# --- Mẫu 02, 03 ----------------------------------------------------------------------------


def test_supplement_request_at_intake_and_during_processing(world, now, tmp_path):
    world.centre.phone = "0270 3822 111"
    world.centre.save()
    dossier = dossier_submit(application=online(world), user=world.citizen)
    assert supplement_request_context(dossier) is None
    now("2026-02-11 10:00")
    dossier_request_completion(
        dossier=dossier,
        user=world.counter,
        items=["Tờ khai thiếu chữ ký", "Bản sao giấy tờ nhân thân không rõ"],
        reason="Hồ sơ chưa đầy đủ theo quy định",
    )
    context = supplement_request_context(fresh(dossier))
    assert (context.number, context.dossier_code, context.contact_phone) == (1, "", "0270 3822 111")
    text = pdf_text(render_pdf(context), tmp_path)
    assert_in(
        text,
        "PHIẾU YÊU CẦU BỔ SUNG, HOÀN THIỆN HỒ SƠ",
        "Số: 01/PBS-TTPVHCC",
        "Vĩnh Long, ngày 11 tháng 02 năm 2026",
        "Hồ sơ của: Trần Thị Bình",
        "1. Tờ khai thiếu chữ ký",
        "2. Bản sao giấy tờ nhân thân không rõ",
        "Lý do: Hồ sơ chưa đầy đủ theo quy định",
        "liên hệ với Tiep Nhan, số điện thoại 0270 3822 111",
    )
    assert "Mã hồ sơ" not in text

    # During processing the appraising officer asks, through the centre: the next number.
    other = received(world)
    dossier_forward(dossier=other, user=world.counter)
    now("2026-02-12 09:00")
    dossier_request_supplement(
        dossier=other, user=world.officer, items=["Bản sao điều lệ"], reason="Thiếu điều lệ"
    )
    context = supplement_request_context(fresh(other))
    assert (context.number, context.dossier_code) == (2, other.code)
    assert context.contact_name == "Chuyen Vien, Sở Tư pháp tỉnh Vĩnh Long"
    assert context.issued_on == dt.date(2026, 2, 12)


def test_refusal_lists_each_reason(world, tmp_path):
    dossier = dossier_submit(application=online(world), user=world.citizen)
    assert refusal_context(dossier) is None
    dossier_refuse(
        dossier=dossier,
        user=world.counter,
        reasons="- Thủ tục không thuộc thẩm quyền của tỉnh\n- Người nộp không phải người đề nghị",
    )
    context = refusal_context(fresh(dossier))
    assert context.reasons == (
        "Thủ tục không thuộc thẩm quyền của tỉnh",
        "Người nộp không phải người đề nghị",
    )
    text = pdf_text(render_pdf(context), tmp_path)
    assert_in(
        text,
        "PHIẾU TỪ CHỐI TIẾP NHẬN GIẢI QUYẾT HỒ SƠ",
        "Số: 01/PTC-TTPVHCC",
        "Ông (Bà)/Tổ chức: Trần Thị Bình",
        "1. Thủ tục không thuộc thẩm quyền của tỉnh",
        "2. Người nộp không phải người đề nghị",
        "Tiep Nhan",
    )


# --- Mẫu 04, 05 ----------------------------------------------------------------------------


def test_apology_from_the_extension(world, now, tmp_path):
    dossier = received(world)
    dossier_forward(dossier=dossier, user=world.counter)
    assert apology_context(dossier) is None
    now("2026-02-24 16:00")
    dossier_extend(
        dossier=dossier,
        user=world.leader,
        new_due_at=at("2026-03-02 17:00"),
        reason="Cần xác minh thêm tại cơ sở",
    )
    context = apology_context(fresh(dossier))
    assert (context.due_at, context.new_due_at) == (at("2026-02-25 09:00"), at("2026-03-02 17:00"))
    assert (context.signer.position, context.signer.name) == ("Giám đốc", "Giam Doc")
    assert context.copies_to == (CENTRE_NAME,)
    text = pdf_text(render_pdf(context), tmp_path)
    assert_in(
        text,
        "SỞ TƯ PHÁP",
        "Số: 01/PXL-STP",
        "Vĩnh Long, ngày 24 tháng 02 năm 2026",
        "PHIẾU XIN LỖI VÀ ĐỀ NGHỊ GIA HẠN THỜI GIAN GIẢI QUYẾT",
        "Kính gửi: Ông (Bà)/Tổ chức Trần Thị Bình.",
        dossier.code,
        "09 giờ 00 phút, ngày 25 tháng 02 năm 2026",
        "Lý do: Cần xác minh thêm tại cơ sở",
        "17 giờ 00 phút, ngày 02 tháng 3 năm 2026",
        "GIÁM ĐỐC",
        "Giam Doc",
        f"- {CENTRE_NAME};",
    )
    # The receipt keeps the appointment it gave.
    assert receipt_context(fresh(dossier)).due_at == at("2026-02-25 09:00")


def test_stop_notice_from_the_stop(world, now, tmp_path):
    dossier = received(world)
    dossier_forward(dossier=dossier, user=world.counter)
    assert stop_notice_context(dossier) is None
    now("2026-02-12 15:00")
    dossier_stop(
        dossier=dossier,
        user=world.counter,
        reason="Công dân không còn nhu cầu",
        requested_on=dt.date(2026, 2, 11),
    )
    context = stop_notice_context(fresh(dossier))
    assert (context.requested_on, context.issued_on) == (dt.date(2026, 2, 11), dt.date(2026, 2, 12))
    text = pdf_text(render_pdf(context), tmp_path)
    assert_in(
        text,
        "THÔNG BÁO DỪNG GIẢI QUYẾT HỒ SƠ",
        "Số: 01/TB-TTPVHCC",
        "Vĩnh Long, ngày 12 tháng 02 năm 2026",
        dossier.code,
        "Ngày 11 tháng 02 năm 2026, Ông (Bà)/Tổ chức đề nghị dừng giải quyết",
        "Lý do: Công dân không còn nhu cầu",
        "NGƯỜI TIẾP NHẬN HỒ SƠ",
        "- Sở Tư pháp tỉnh Vĩnh Long;",
    )


# --- Mẫu 06 -------------------------------------------------------------------------------


def test_control_slip_from_the_event_log(world, now, tmp_path):
    assert control_slip_context(received(world)) is None  # nothing handed over yet
    dossier = processed(world, now)
    context = control_slip_context(dossier)
    department = "Phòng Hành chính tư pháp - Sở Tư pháp tỉnh Vĩnh Long"
    rows = [(h.unit, h.giver, h.receiver, h.at, h.timeliness) for h in context.handovers]
    assert rows == [
        # the counter hands over on time; the head of department takes it
        (CENTRE_NAME, "Tiep Nhan", "Truong Phong", at("2026-02-11 10:00"), Timeliness.ON_TIME),
        (department, "Truong Phong", "Chuyen Vien", at("2026-02-11 10:30"), None),
        (department, "Chuyen Vien", "Chuyen Vien Tc", at("2026-02-11 14:00"), None),
        (
            "Sở Tài chính tỉnh Vĩnh Long",
            "Chuyen Vien Tc",
            "Chuyen Vien",
            at("2026-02-12 10:00"),
            Timeliness.ON_TIME,
        ),
        (department, "Chuyen Vien", "Giam Doc", at("2026-02-12 14:00"), Timeliness.EARLY),
        # the leader signs ten days late; the counter takes the result back
        (
            "Sở Tư pháp tỉnh Vĩnh Long",
            "Giam Doc",
            "Tiep Nhan",
            at("2026-02-23 10:00"),
            Timeliness.LATE,
        ),
    ]
    assert context.coordinating_agencies == ("Sở Tài chính tỉnh Vĩnh Long",)
    # numbered like its receipt: the second dossier the centre received that year
    assert (context.number, context.handling_agency) == (2, "Sở Tư pháp tỉnh Vĩnh Long")
    text = pdf_text(render_pdf(context), tmp_path)
    assert_in(
        text,
        "PHIẾU KIỂM SOÁT QUÁ TRÌNH GIẢI QUYẾT HỒ SƠ",
        "Số: 02/PKS-TTPVHCC",
        f"Mã số hồ sơ: {dossier.code}",
        "Cơ quan (bộ phận) giải quyết hồ sơ: Sở Tư pháp tỉnh Vĩnh Long",
        "Cơ quan phối hợp giải quyết hồ sơ: Sở Tài chính tỉnh Vĩnh Long",
        "Thời gian hẹn trả kết quả: 09 giờ 00 phút, ngày 25 tháng 02 năm 2026",
        "10:00 11/02/2026",
        "10:00 23/02/2026",
        "Trước hạn",
        "Đúng hạn",
        "Quá hạn",
        "Giao: Tiep Nhan",
        "Nhận: Truong Phong",
    )
    docx = docx_text(render_docx(context))
    assert_in(docx, dossier.code, "Quá hạn", "Trước hạn", "Nhận: Giam Doc")


def test_a_return_to_the_previous_step_is_a_handover_with_its_reason(world, now):
    dossier = received(world)
    dossier_forward(dossier=dossier, user=world.counter)
    now("2026-02-12 08:00")
    dossier_forward(dossier=dossier, user=world.officer)
    now("2026-02-12 09:00")
    dossier_return(dossier=dossier, user=world.leader, reason="Bổ sung ý kiến thẩm định")
    context = control_slip_context(fresh(dossier))
    last = context.handovers[-1]
    # Nobody has acted at the appraisal since and nobody is assigned: its unit receives.
    assert (last.giver, last.receiver, last.note) == (
        "Giam Doc",
        "Phòng Hành chính tư pháp - Sở Tư pháp tỉnh Vĩnh Long",
        "Bổ sung ý kiến thẩm định",
    )
    assert last.timeliness == Timeliness.EARLY  # signing was due 13/02 08:00


# --- Mẫu 07 -------------------------------------------------------------------------------


def book_world(world, now):
    """Dossiers at the centre over three days, one in another field, one at another centre."""
    finance_field = Field.objects.create(
        code="H61-TC", name="Tài chính", sector=Sector.objects.create(code="TC", name="Tài chính")
    )
    Procedure.objects.filter(pk=world.joint.procedure_id).update(field=finance_field)
    first = received(world)
    dossier_forward(dossier=first, user=world.counter)
    dossier_forward(dossier=first, user=world.officer)
    dossier_approve(dossier=first, user=world.leader, results=[EARLY_RESULT])
    now("2026-02-11 09:30")
    joint = dossier_accept(user=world.counter, application=joint_application(world))
    elsewhere = dossier_accept(
        user=world.counter_commune,
        application=joint_application(world, receiving_agency=world.commune_centre),
    )
    now("2026-02-12 08:00")
    dossier_deliver(dossier=first, user=world.counter, channel="counter", recipient="Bình")
    second = received(world, delivery_channel="post")
    now("2026-02-13 09:00")
    later = received(world)
    return {
        "field": Field.objects.get(code="H61-TP"),
        "finance_field": finance_field,
        "first": fresh(first),
        "joint": joint,
        "elsewhere": elsewhere,
        "second": second,
        "later": later,
    }


def test_tracking_book_of_a_field_and_a_period(world, now, tmp_path):
    book = book_world(world, now)
    context = tracking_book_context(
        agency=world.centre,
        fields=[book["field"]],
        start=dt.date(2026, 2, 11),
        end=dt.date(2026, 2, 12),
    )
    assert [e.dossier_code for e in context.entries] == [book["first"].code, book["second"].code]
    assert (context.field_name, context.volume) == ("Tư pháp", "2026")
    first = context.entries[0]
    assert (first.returned_at, first.delivery_channel) == (at("2026-02-12 08:00"), "counter")
    text = pdf_text(render_pdf(context), tmp_path)
    assert_in(
        text,
        "SỔ THEO DÕI HỒ SƠ",
        "Lĩnh vực: Tư pháp",
        "Từ ngày 11/02/2026 đến ngày 12/02/2026",
        "Quyển số: 2026",
        book["first"].code,
        book["second"].code,
        "Trần Thị Bình",
        "Sở Tư pháp tỉnh Vĩnh Long",
        "0912 345 678",
        # time and date wrap in the narrow cells, so poppler reads them apart
        "25/02/2026",  # the first's appointment
        "26/02/2026",  # the second's
        "Trực tiếp tại",
        "Qua dịch vụ bưu chính công ích",
    )
    for absent in ("joint", "elsewhere", "later"):
        assert book[absent].code not in text


def test_tracking_book_of_a_group_of_fields_or_of_all(world, now):
    book = book_world(world, now)
    period = {"start": dt.date(2026, 2, 11), "end": dt.date(2026, 2, 13)}
    group = tracking_book_context(
        agency=world.centre, fields=[book["field"], book["finance_field"]], **period
    )
    every = tracking_book_context(agency=world.centre, **period)
    expected = [book[k].code for k in ("first", "joint", "second", "later")]
    assert [e.dossier_code for e in group.entries] == expected
    assert [e.dossier_code for e in every.entries] == expected
    assert (group.field_name, every.field_name) == ("Tư pháp; Tài chính", "Tất cả lĩnh vực")
    commune = tracking_book_context(agency=world.commune_centre, **period)
    assert [e.dossier_code for e in commune.entries] == [book["elsewhere"].code]


def test_an_empty_period_still_has_its_book(world, tmp_path):
    context = tracking_book_context(
        agency=world.centre, start=dt.date(2025, 12, 1), end=dt.date(2026, 1, 31)
    )
    assert (context.entries, context.volume) == ((), "")
    assert_in(pdf_text(render_pdf(context), tmp_path), "Không có hồ sơ trong kỳ.")
