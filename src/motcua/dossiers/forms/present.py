"""The wording of each form, once, for both outputs.

Each ``present_*`` function turns a context into a :class:`FormView`: the letterhead, the
title, and a list of simple blocks (paragraphs, numbered items, tables, signatures). The
HTML templates and the DOCX writer only lay those blocks out, so the PDF and the Word file
an agency edits can never say different things. The Vietnamese text here is the legal
wording of the forms of TT 03/2025/TT-VPCP, Phụ lục I — data, not interface text.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from . import text
from .contexts import (
    ApologyContext,
    ControlSlipContext,
    FormContext,
    Letterhead,
    Party,
    ReceiptContext,
    RefusalContext,
    Signatory,
    StopNoticeContext,
    SupplementRequestContext,
    TrackingBookContext,
)

# Printed where a value the law allows to be blank (e.g. an e-mail address) is missing,
# as on the paper forms, so the field stays visible and can be written in by hand.
DOTS = "…………"

# --- view model ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Span:
    text: str
    bold: bool = False
    italic: bool = False


@dataclass(frozen=True)
class Para:
    spans: tuple[Span, ...]
    # body: justified with a first-line indent; plain: justified, no indent;
    # center: centred; note: smaller italic remark under a table.
    style: Literal["body", "plain", "center", "note"] = "body"
    kind: str = "para"


@dataclass(frozen=True)
class Items:
    """A numbered list written out as "1. …", "2. …" (numbers are part of the legal text)."""

    items: tuple[str, ...]
    kind: str = "items"


@dataclass(frozen=True)
class Table:
    headers: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    widths: tuple[float, ...]  # relative column widths, summing to 100
    centred: tuple[int, ...] = ()  # indexes of centred columns (numbers, dates)
    empty: str = ""  # printed across the table when there are no rows
    small: bool = False
    kind: str = "table"


@dataclass(frozen=True)
class CodeBox:
    """Mẫu 01: dossier code and tracking address beside the QR code."""

    dossier_code: str
    url: str
    kind: str = "codebox"


@dataclass(frozen=True)
class SignatureView:
    lines: tuple[str, ...]  # bold capitals: "NGƯỜI NỘP HỒ SƠ" or "KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC"
    hint: str  # italic, e.g. "(Ký và ghi rõ họ tên)"; empty for a signed official letter
    name: str


@dataclass(frozen=True)
class Signatures:
    """The closing row: left (another signature or "Nơi nhận") and right signature."""

    right: SignatureView
    left: SignatureView | None = None
    recipients: tuple[str, ...] = ()  # "Nơi nhận" lines when left is None
    kind: str = "signatures"


Block = Para | Items | Table | CodeBox | Signatures


@dataclass(frozen=True)
class Header:
    parent: str
    unit: str
    number_line: str
    date_line: str  # empty for the tracking book, which is not dated


@dataclass(frozen=True)
class FormView:
    form_no: str  # "01" … "07"
    title: str
    header: Header
    blocks: tuple[Block, ...]
    subtitles: tuple[str, ...] = ()  # bold lines under the title
    landscape: bool = False

    @property
    def document_title(self) -> str:
        """The PDF /Title and DOCX core title: form number and name."""
        return f"Mẫu {self.form_no}: {self.title.capitalize()}"


# --- helpers ------------------------------------------------------------------------------


def _header(letterhead: Letterhead, number: int | None, code: str, date_line: str) -> Header:
    return Header(
        parent=text.upper(letterhead.parent),
        unit=text.upper(letterhead.name),
        number_line=text.document_number(number, code, letterhead.symbol),
        date_line=date_line,
    )


def _p(*parts: str | Span, style: Literal["body", "plain", "center", "note"] = "body") -> Para:
    return Para(tuple(Span(p) if isinstance(p, str) else p for p in parts), style)


def _field(label: str, value: str, *, bold: bool = False) -> Para:
    return _p(f"{label}: ", Span(value or DOTS, bold=bold), style="plain")


def _party_lines(party: Party, *, name_label: str = "Ông (Bà)/Tổ chức") -> list[Block]:
    return [
        _field(name_label, party.name, bold=True),
        _field("Số định danh cá nhân/tổ chức", party.id_number),
        _field("Địa chỉ", party.address),
        _p(
            "Số điện thoại: ",
            Span(party.phone or DOTS),
            "; Email: ",
            Span(party.email or DOTS),
            style="plain",
        ),
    ]


def _signed(signer: Signatory) -> SignatureView:
    lines = tuple(line for line in (signer.on_behalf, signer.position) if line)
    return SignatureView(lines=tuple(text.upper(line) for line in lines), hint="", name=signer.name)


def _recipients(copies_to: tuple[str, ...]) -> tuple[str, ...]:
    # NĐ 30, ô 9b: "- …;" lines, the registry's copy last and ending with a full stop.
    return ("- Như trên;", *(f"- {c.rstrip(';.')};" for c in copies_to), "- Lưu: VT.")


_HAND_SIGNED = "(Ký và ghi rõ họ tên)"


# --- the seven forms ----------------------------------------------------------------------


def present_receipt(ctx: ReceiptContext) -> FormView:
    lh = ctx.letterhead
    blocks: list[Block] = [
        CodeBox(ctx.dossier_code, ctx.tracking_url),
        _p(f"{lh.inline_name} tiếp nhận hồ sơ của:", style="plain"),
        *_party_lines(ctx.submitter),
    ]
    if ctx.representative is not None:
        blocks += [
            _p("Theo ủy quyền của:", style="plain"),
            *_party_lines(ctx.applicant),
            _field("Văn bản ủy quyền", ctx.authorisation),
        ]
    delivery = text.DELIVERY_LABELS[ctx.delivery_channel]
    if ctx.delivery_detail:
        delivery = f"{delivery} ({ctx.delivery_detail})"
    blocks += [
        _field("Nội dung yêu cầu giải quyết", ctx.request, bold=True),
        _p("1. Thành phần hồ sơ nộp gồm:", style="plain"),
        Table(
            headers=("TT", "Tên giấy tờ", "Số lượng", "Ghi chú"),
            rows=tuple(
                (str(i), c.name, text.padded(c.count), c.note)
                for i, c in enumerate(ctx.components, start=1)
            ),
            widths=(7, 59, 12, 22),
            centred=(0, 2),
            small=True,
        ),
        _p(f"2. Số lượng hồ sơ: {text.padded(ctx.sets)} bộ.", style="plain"),
        _p(
            "3. Thời gian giải quyết hồ sơ theo quy định: "
            f"{text.processing_time(ctx.processing_amount, ctx.processing_unit)}.",
            style="plain",
        ),
        _p(f"4. Thời gian nhận hồ sơ: {text.moment(ctx.received_at)}.", style="plain"),
        _p(
            "5. Thời gian trả kết quả giải quyết hồ sơ: ",
            Span(f"{text.moment(ctx.due_at)}.", bold=True),
            style="plain",
        ),
        _p(f"6. Đăng ký nhận kết quả tại: {delivery}.", style="plain"),
        _p(
            "Vào Sổ theo dõi hồ sơ, Quyển số: "
            f"{ctx.book_volume or DOTS}, Số thứ tự: "
            f"{text.padded(ctx.book_entry) if ctx.book_entry else DOTS}.",
            style="plain",
        ),
        Signatures(
            left=SignatureView(("NGƯỜI NỘP HỒ SƠ",), _HAND_SIGNED, ctx.submitter.name),
            right=SignatureView(("NGƯỜI TIẾP NHẬN HỒ SƠ",), _HAND_SIGNED, ctx.officer),
        ),
    ]
    received = text.local(ctx.received_at).date()
    return FormView(
        form_no="01",
        title="GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ",
        header=_header(lh, ctx.number, "", text.place_and_date(lh.place, received)),
        blocks=tuple(blocks),
    )


def present_supplement_request(ctx: SupplementRequestContext) -> FormView:
    lh = ctx.letterhead
    a = ctx.applicant
    blocks: list[Block] = [
        _field("Hồ sơ của", a.name, bold=True),
    ]
    if ctx.dossier_code:
        blocks.append(_field("Mã hồ sơ", ctx.dossier_code, bold=True))
    blocks += [
        _field("Nội dung yêu cầu giải quyết", ctx.request),
        _field("Địa chỉ", a.address),
        _p(
            "Số điện thoại: ",
            Span(a.phone or DOTS),
            "; Email: ",
            Span(a.email or DOTS),
            style="plain",
        ),
        _p(
            f"Sau khi xem xét hồ sơ, {lh.inline_name} đề nghị Ông (Bà)/Tổ chức bổ sung, "
            "hoàn thiện hồ sơ gồm những nội dung sau:"
        ),
        Items(ctx.items),
        _p(Span("Lý do: ", bold=True), ctx.reason),
        _p(
            "Trong quá trình bổ sung, hoàn thiện hồ sơ, nếu có vướng mắc, Ông (Bà)/Tổ chức "
            f"liên hệ với {ctx.contact_name}, số điện thoại {ctx.contact_phone} "
            "để được hướng dẫn."
        ),
        Signatures(right=SignatureView(("NGƯỜI HƯỚNG DẪN",), _HAND_SIGNED, ctx.officer)),
    ]
    return FormView(
        form_no="02",
        title="PHIẾU YÊU CẦU BỔ SUNG, HOÀN THIỆN HỒ SƠ",
        header=_header(lh, ctx.number, "PBS", text.place_and_date(lh.place, ctx.issued_on)),
        blocks=tuple(blocks),
    )


def present_refusal(ctx: RefusalContext) -> FormView:
    lh = ctx.letterhead
    blocks: list[Block] = [
        _p(f"{lh.inline_name} tiếp nhận hồ sơ của:", style="plain"),
        *_party_lines(ctx.applicant),
        _field("Mã hồ sơ (nếu có)", ctx.dossier_code),
        _field("Nội dung yêu cầu giải quyết", ctx.request),
        _p(
            f"Sau khi kiểm tra hồ sơ, {lh.inline_name} thông báo không tiếp nhận, giải quyết hồ sơ "
            "này với lý do cụ thể như sau:"
        ),
        Items(ctx.reasons),
        _p("Xin thông báo để Ông (Bà)/Tổ chức được biết và thực hiện."),
        Signatures(
            left=SignatureView(("NGƯỜI NỘP HỒ SƠ",), _HAND_SIGNED, ctx.applicant.name),
            right=SignatureView(("NGƯỜI TIẾP NHẬN HỒ SƠ",), _HAND_SIGNED, ctx.officer),
        ),
    ]
    return FormView(
        form_no="03",
        title="PHIẾU TỪ CHỐI TIẾP NHẬN GIẢI QUYẾT HỒ SƠ",
        header=_header(lh, ctx.number, "PTC", text.place_and_date(lh.place, ctx.issued_on)),
        blocks=tuple(blocks),
    )


def present_apology(ctx: ApologyContext) -> FormView:
    lh = ctx.letterhead
    a = ctx.applicant
    received = text.local(ctx.received_at).date()
    blocks: list[Block] = [
        _p("Kính gửi: ", Span(f"Ông (Bà)/Tổ chức {a.name}.", bold=True), style="center"),
        _p(
            f"{text.day_month_year(received).capitalize()}, {ctx.receiving_unit} tiếp nhận "
            f"hồ sơ đề nghị giải quyết thủ tục {ctx.procedure} của Ông (Bà)/Tổ chức {a.name}; "
            f"số định danh cá nhân/tổ chức: {a.id_number}; mã số hồ sơ: ",
            Span(ctx.dossier_code, bold=True),
            ".",
        ),
        _p(f"Thời gian hẹn trả kết quả giải quyết hồ sơ: {text.moment(ctx.due_at)}."),
        _p(
            f"Tuy nhiên, đến nay {lh.inline_name} chưa trả kết quả giải quyết hồ sơ cho "
            "Ông (Bà)/Tổ chức đúng thời hạn."
        ),
        _p(Span("Lý do: ", bold=True), ctx.reason),
        _p(
            f"{lh.inline_name} xin lỗi Ông (Bà)/Tổ chức vì sự chậm trễ này và đề nghị gia hạn thời gian "
            "giải quyết hồ sơ; thời gian trả kết quả được hẹn lại vào: ",
            Span(f"{text.moment(ctx.new_due_at)}.", bold=True),
        ),
        _p("Mong Ông (Bà)/Tổ chức thông cảm và hợp tác."),
        Signatures(right=_signed(ctx.signer), recipients=_recipients(ctx.copies_to)),
    ]
    return FormView(
        form_no="04",
        title="PHIẾU XIN LỖI VÀ ĐỀ NGHỊ GIA HẠN THỜI GIAN GIẢI QUYẾT",
        header=_header(lh, ctx.number, "PXL", text.place_and_date(lh.place, ctx.issued_on)),
        blocks=tuple(blocks),
    )


def present_stop_notice(ctx: StopNoticeContext) -> FormView:
    lh = ctx.letterhead
    a = ctx.applicant
    blocks: list[Block] = [
        _p("Kính gửi: ", Span(f"Ông (Bà)/Tổ chức {a.name}.", bold=True), style="center"),
        _p(
            f"{lh.inline_name} đã tiếp nhận hồ sơ đề nghị giải quyết thủ tục {ctx.procedure} "
            f"của Ông (Bà)/Tổ chức {a.name}; số định danh cá nhân/tổ chức: {a.id_number}; "
            "mã số hồ sơ: ",
            Span(ctx.dossier_code, bold=True),
            f"; thời gian nhận hồ sơ: {text.moment(ctx.received_at)}.",
        ),
        _p(
            f"{text.day_month_year(ctx.requested_on).capitalize()}, Ông (Bà)/Tổ chức đề nghị "
            "dừng giải quyết hồ sơ nêu trên."
        ),
        _p(Span("Lý do: ", bold=True), ctx.reason),
        _p(
            "Đến thời điểm này, hồ sơ chưa có quyết định, văn bản giải quyết. "
            f"{lh.inline_name} thông báo dừng giải quyết hồ sơ nêu trên."
        ),
        Signatures(right=_signed(ctx.signer), recipients=_recipients(ctx.copies_to)),
    ]
    return FormView(
        form_no="05",
        title="THÔNG BÁO DỪNG GIẢI QUYẾT HỒ SƠ",
        header=_header(lh, ctx.number, "TB", text.place_and_date(lh.place, ctx.issued_on)),
        blocks=tuple(blocks),
    )


def present_control_slip(ctx: ControlSlipContext) -> FormView:
    lh = ctx.letterhead
    rows = tuple(
        (
            h.unit,
            f"1. Giao: {h.giver}\n2. Nhận: {h.receiver}",
            text.short_moment(h.at),
            text.TIMELINESS_LABELS[h.timeliness] if h.timeliness else "",
            h.note,
        )
        for h in ctx.handovers
    )
    blocks: list[Block] = [
        _field("Cơ quan (bộ phận) giải quyết hồ sơ", ctx.handling_agency),
        _field("Cơ quan phối hợp giải quyết hồ sơ", "; ".join(ctx.coordinating_agencies)),
        _field("Thời gian nhận hồ sơ", text.moment(ctx.received_at)),
        _field("Thời gian hẹn trả kết quả", text.moment(ctx.due_at), bold=True),
        Table(
            headers=(
                "TÊN ĐƠN VỊ",
                "GIAO, NHẬN HỒ SƠ",
                "THỜI GIAN GIAO, NHẬN HỒ SƠ",
                "KẾT QUẢ GIẢI QUYẾT HỒ SƠ (Trước hạn/Đúng hạn/Quá hạn)",
                "GHI CHÚ",
            ),
            rows=rows,
            widths=(24, 28, 17, 16, 15),
            centred=(2, 3),
            small=True,
        ),
        _p(
            "Ghi chú: Kết quả giải quyết hồ sơ do bên nhận hồ sơ ghi khi nhận bàn giao. "
            "Phiếu được lập tự động từ nhật ký xử lý hồ sơ trên Hệ thống thông tin giải quyết "
            "thủ tục hành chính.",
            style="note",
        ),
    ]
    return FormView(
        form_no="06",
        title="PHIẾU KIỂM SOÁT QUÁ TRÌNH GIẢI QUYẾT HỒ SƠ",
        subtitles=(f"Mã số hồ sơ: {ctx.dossier_code}",),
        header=_header(lh, ctx.number, "PKS", text.place_and_date(lh.place, ctx.issued_on)),
        blocks=tuple(blocks),
    )


def present_tracking_book(ctx: TrackingBookContext) -> FormView:
    lh = ctx.letterhead
    rows = tuple(
        (
            str(i),
            e.dossier_code,
            e.procedure,
            e.applicant_name,
            "\n".join(x for x in (e.applicant_address, e.applicant_phone) if x),
            e.lead_agency,
            text.short_moment(e.received_at),
            text.short_moment(e.due_at),
            text.short_moment(e.returned_at),
            text.DELIVERY_LABELS[e.delivery_channel] if e.delivery_channel else "",
            "",
        )
        for i, e in enumerate(ctx.entries, start=1)
    )
    period = (
        f"Từ ngày {text.short_date(ctx.period_start)} đến ngày {text.short_date(ctx.period_end)}"
    )
    subtitles = [f"Lĩnh vực: {ctx.field_name}", period]
    if ctx.volume:
        subtitles.append(f"Quyển số: {ctx.volume}")
    blocks: list[Block] = [
        Table(
            headers=(
                "STT",
                "Mã hồ sơ",
                "Tên thủ tục hành chính",
                "Tên tổ chức, cá nhân",
                "Địa chỉ, số điện thoại",
                "Cơ quan chủ trì giải quyết",
                "Nhận hồ sơ",
                "Hẹn trả kết quả",
                "Trả kết quả",
                "Phương thức nhận kết quả",
                "Ký nhận",
            ),
            rows=rows,
            widths=(4, 13, 13, 11, 13, 9, 7, 7, 7, 9, 7),
            centred=(0, 6, 7, 8),
            empty="Không có hồ sơ trong kỳ.",
            small=True,
        ),
    ]
    return FormView(
        form_no="07",
        title="SỔ THEO DÕI HỒ SƠ",
        subtitles=tuple(subtitles),
        header=_header(lh, ctx.number, "STD", ""),
        blocks=tuple(blocks),
        landscape=True,
    )


PRESENTERS = {
    ReceiptContext: present_receipt,
    SupplementRequestContext: present_supplement_request,
    RefusalContext: present_refusal,
    ApologyContext: present_apology,
    StopNoticeContext: present_stop_notice,
    ControlSlipContext: present_control_slip,
    TrackingBookContext: present_tracking_book,
}


def present(ctx: FormContext) -> FormView:
    try:
        presenter = PRESENTERS[type(ctx)]
    except KeyError:
        # A programming error (the engine passed a model or a dict), not user input.
        raise TypeError(f"No official form for {type(ctx).__name__}") from None
    return presenter(ctx)
