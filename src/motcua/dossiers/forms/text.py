"""Vietnamese wording helpers shared by the PDF and DOCX renderers.

The date and number rules follow Nghị định 30/2020/NĐ-CP, Phụ lục I: a day below 10 and
the months January and February take a leading zero ("ngày 05 tháng 02", but "tháng 3"),
so that a handwritten digit cannot be added in front; document numbers below 10 take a
leading zero too. Everything is computed in Python so both outputs print the same text
whatever the renderer's locale.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from django.utils import timezone

from motcua.catalog.constants import DeliveryChannel
from motcua.dossiers.constants import Timeliness
from motcua.workcalendar.constants import DeadlineUnit

# Width of the blank left for a number still to be assigned by the registry (văn thư):
# drafts print "Số:      /PBS-TTPVHCC" as paper drafts do.
BLANK_NUMBER = "\u00a0" * 6


def day_month_year(value: date) -> str:
    """``ngày 05 tháng 02 năm 2026`` / ``ngày 22 tháng 11 năm 2026``."""
    month = f"{value.month:02d}" if value.month <= 2 else str(value.month)
    return f"ngày {value.day:02d} tháng {month} năm {value.year}"


def place_and_date(place: str, value: date) -> str:
    """The place-and-date line under the national motto: ``Vĩnh Long, ngày 22 tháng 11 năm 2026``."""
    return f"{place}, {day_month_year(value)}"


def local(moment: datetime) -> datetime:
    """The moment on the wall clock of the province (settings.TIME_ZONE)."""
    return timezone.localtime(moment)


def moment(value: datetime) -> str:
    """``09 giờ 05 phút, ngày 22 tháng 11 năm 2026``: the wording of Mẫu 01 and 04."""
    value = local(value)
    return f"{value.hour:02d} giờ {value.minute:02d} phút, {day_month_year(value.date())}"


def short_moment(value: datetime | None) -> str:
    """``09:05 22/11/2026`` for table cells (Mẫu 06, 07); empty when there is no moment."""
    if value is None:
        return ""
    value = local(value)
    return f"{value:%H:%M %d/%m/%Y}"


def short_date(value: date) -> str:
    return f"{value:%d/%m/%Y}"


def padded(number: int) -> str:
    """Counts and numbers below 10 with a leading zero: ``01``, ``12``."""
    return f"{number:02d}"


def document_number(number: int | None, *symbols: str) -> str:
    """``Số: 05/PBS-TTPVHCC``; a blank in place of the number until the registry assigns it.

    Symbols join with "-" and no spaces (NĐ 30/2020, ô 3); empty symbols are skipped so a
    form without a type code (Mẫu 01) prints ``Số: 05/TTPVHCC``.
    """
    symbol = "-".join(s for s in symbols if s)
    shown = padded(number) if number is not None else BLANK_NUMBER
    return f"Số: {shown}/{symbol}"


def decimal_vi(value: Decimal) -> str:
    """``0,5`` / ``10``: Vietnamese decimal comma, no trailing zeros."""
    text = format(value.normalize(), "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text.replace(".", ",")


_DEADLINE_UNITS = {
    DeadlineUnit.WORKING_DAYS: "ngày làm việc",
    DeadlineUnit.CALENDAR_DAYS: "ngày",
    DeadlineUnit.WORKING_HOURS: "giờ làm việc",
}


def processing_time(amount: Decimal, unit: DeadlineUnit) -> str:
    """``05 ngày làm việc``, ``0,5 ngày làm việc``, ``Trong ngày``."""
    if unit == DeadlineUnit.SAME_DAY:
        return "Trong ngày"
    shown = padded(int(amount)) if amount == amount.to_integral_value() else decimal_vi(amount)
    return f"{shown} {_DEADLINE_UNITS[DeadlineUnit(unit)]}"


# Wording printed after "Đăng ký nhận kết quả tại:" (Mẫu 01) and in the "Phương thức nhận
# kết quả" column (Mẫu 07).
DELIVERY_LABELS = {
    DeliveryChannel.COUNTER: "Trực tiếp tại Bộ phận Một cửa",
    DeliveryChannel.POST: "Qua dịch vụ bưu chính công ích",
    DeliveryChannel.ONLINE: "Trực tuyến (Cổng Dịch vụ công)",
}

# "Kết quả giải quyết" column of Mẫu 06.
TIMELINESS_LABELS = {
    Timeliness.EARLY: "Trước hạn",
    Timeliness.ON_TIME: "Đúng hạn",
    Timeliness.LATE: "Quá hạn",
}


def upper(text: str) -> str:
    """Capitals for agency names (NĐ 30: ô 2). ``str.upper`` maps ư→Ư, đ→Đ correctly."""
    return text.upper()
