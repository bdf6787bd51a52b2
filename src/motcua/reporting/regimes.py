"""The CCHC periodic report regime as motcua ships it, to be checked against the current
Bộ Nội vụ outline before use: the 581/BNV-CCHC outline files could not be consulted, so the
section tree below is the reconstruction of the reference notes ([R]) and lives as data
on the regime, editable per province."""

from __future__ import annotations

from .windows import CCHC_DEFAULT_RULES

II2_SENTENCES = (
    "Trong kỳ, tổng số hồ sơ phải giải quyết là {received_total} hồ sơ ({carried_over} hồ sơ "
    "từ kỳ trước chuyển sang, {received_new} hồ sơ mới tiếp nhận, trong đó {received_counter_post} "
    "hồ sơ trực tiếp và qua dịch vụ bưu chính công ích, {received_online} hồ sơ trực tuyến, tỷ lệ "
    "trực tuyến {online_share}). Đã giải quyết {resolved} hồ sơ, trong đó trước hạn "
    "{resolved_early}, đúng hạn {resolved_on_time}, quá hạn {resolved_late} (tỷ lệ giải quyết "
    "đúng hạn và trước hạn {on_time_share}); đang giải quyết {in_progress} hồ sơ, trong đó quá "
    "hạn {in_progress_overdue}. Đã ban hành {apologised} văn bản xin lỗi do giải quyết trễ hạn. "
    "Tỷ lệ hồ sơ được số hóa {digitised_share}; tỷ lệ hồ sơ có kết quả điện tử {e_result_share}."
)


def _section(id_, number, heading, kind="narrative", text=""):
    return {"id": id_, "number": number, "heading": heading, "kind": kind, "text": text}


CCHC_OUTLINE = [
    _section("I", "I.", "CÔNG TÁC CHỈ ĐẠO, ĐIỀU HÀNH CẢI CÁCH HÀNH CHÍNH", "heading"),
    _section("I.1", "1.", "Về kế hoạch cải cách hành chính"),
    _section("I.2", "2.", "Về tổ chức, triển khai và văn bản chỉ đạo, điều hành"),
    _section("I.3", "3.", "Về kiểm tra cải cách hành chính"),
    _section("I.4", "4.", "Về công tác tuyên truyền cải cách hành chính"),
    _section("I.5", "5.", "Sáng kiến, đổi mới; khảo sát sự hài lòng"),
    _section("I.6", "6.", "Khắc phục hạn chế sau công bố Chỉ số CCHC, SIPAS"),
    _section("II", "II.", "KẾT QUẢ THỰC HIỆN CÁC NHIỆM VỤ CẢI CÁCH HÀNH CHÍNH", "heading"),
    _section("II.1", "1.", "Cải cách thể chế"),
    _section("II.2", "2.", "Cải cách thủ tục hành chính", "figures", II2_SENTENCES),
    _section("II.3", "3.", "Cải cách tổ chức bộ máy"),
    _section("II.4", "4.", "Cải cách chế độ công vụ"),
    _section("II.5", "5.", "Cải cách tài chính công"),
    _section("II.6", "6.", "Xây dựng và phát triển Chính quyền điện tử, Chính quyền số"),
    _section("III", "III.", "ĐÁNH GIÁ CHUNG, TỒN TẠI, HẠN CHẾ VÀ NGUYÊN NHÂN"),
    _section("IV", "IV.", "PHƯƠNG HƯỚNG, NHIỆM VỤ KỲ TỚI"),
    _section("V", "V.", "ĐỀ XUẤT, KIẾN NGHỊ"),
]

CCHC_APPENDIX = [
    "B06.TN",
    "B06.TN.KT",
    "B06.TN.M",
    "B06.TN.TT",
    "B06.TN.TR",
    "B06.TN.BC",
    "B06.GQ",
    "B06.GQ.TH",
    "B06.GQ.DH",
    "B06.GQ.QH",
    "B06.DG",
    "B06.DG.TH",
    "B06.DG.QH",
    "B06.XL",
    "TL.DH",
    "TL.TT",
    "766.MDSH.1",
    "766.MDSH.2",
    "766.MDSH.3",
    "766.TTTT",
]


def cchc_windows() -> dict:
    """Windows of Công văn 581/BNV-CCHC; internal deadline the 10th of the same month [P]."""
    out = {}
    for code, rule in CCHC_DEFAULT_RULES.items():
        deadline = rule["deadline"]
        out[code] = {**rule, "internal": [deadline[0], deadline[1], 10]}
    return out


CCHC_REGIME = {
    "code": "cchc",
    "name": "Báo cáo định kỳ công tác cải cách hành chính",
    "content": "Kết quả thực hiện các nhiệm vụ cải cách hành chính theo Nghị quyết 76/NQ-CP.",
    "channel": "Trục liên thông văn bản quốc gia; nhập số liệu vào phần mềm báo cáo của Bộ Nội vụ",
    "frequency": "Quý I, 6 tháng, quý III, năm",
    "procedure_note": "Các cơ quan, đơn vị gửi Sở Nội vụ; Sở Nội vụ tổng hợp, lấy ý kiến, trình UBND tỉnh.",
    "title": "Công tác cải cách hành chính {period} năm {year}",
    "document_type": "BC",
}


def regime_cchc_install(*, recipient, agencies):
    """Create (or update the agencies of) the CCHC regime received by ``recipient``."""
    from .models import ReportRegime  # models import windows; keep this module light

    regime, _created = ReportRegime.objects.get_or_create(
        code=CCHC_REGIME["code"],
        defaults={
            **CCHC_REGIME,
            "recipient": recipient,
            "windows": cchc_windows(),
            "outline": CCHC_OUTLINE,
            "appendix": CCHC_APPENDIX,
        },
    )
    regime.reporting_agencies.add(*agencies)
    return regime
