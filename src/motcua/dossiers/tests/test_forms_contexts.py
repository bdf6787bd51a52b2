"""Form contexts refuse incomplete data when built; the Vietnamese wording helpers follow
NĐ 30/2020 (leading zeros on days and on months 1–2, place-and-date line)."""

from __future__ import annotations

import dataclasses
from datetime import UTC, date, datetime
from decimal import Decimal

from django.utils import translation

import pytest

from motcua.dossiers.forms import FormDataError, Letterhead, Party, Signatory
from motcua.dossiers.forms import text as vn
from motcua.dossiers.forms.present import present
from motcua.workcalendar.constants import DeadlineUnit

from .test_forms import (
    APPLICANT,
    DUE,
    RECEIVED,
    apology,
    control_slip,
    receipt,
    refusal,
    stop_notice,
    supplement_request,
    tracking_book,
)


@pytest.fixture(autouse=True)
def english():
    # The msgids are English; the dossier catalogue translates them to Vietnamese.
    with translation.override("en"):
        yield


def _error(build, **changes) -> FormDataError:
    with pytest.raises(FormDataError) as caught:
        build(**changes)
    return caught.value


# --- bad input --------------------------------------------------------------------------


def test_missing_dossier_code_is_refused_with_a_readable_message():
    err = _error(receipt, dossier_code="   ")
    assert err.field == "dossier_code"
    assert str(err) == "Missing dossier code."


def test_a_representative_needs_the_authorisation_document():
    err = _error(receipt, authorisation="")
    assert err.field == "authorisation"
    assert str(err) == "Missing authorisation document."
    # Without a representative the applicant submits in person: nothing to attach.
    assert receipt(representative=None, authorisation="").submitter == APPLICANT


def test_naive_moments_are_refused():
    # A naive datetime would print the server's clock, not the province's.
    err = _error(receipt, received_at=datetime(2026, 11, 23, 9, 5))
    assert err.field == "received_at"
    assert str(err) == "The time of receipt must be a date and time with a time zone."


def test_the_appointment_cannot_precede_receipt():
    err = _error(receipt, due_at=datetime(2026, 11, 20, 16, 0, tzinfo=UTC))
    assert err.field == "due_at"
    assert str(err) == "The appointment time cannot be earlier than the time of receipt."


def test_receipt_needs_components_and_a_positive_processing_time():
    assert str(_error(receipt, components=())) == (
        "The list of submitted components needs at least one entry."
    )
    assert _error(receipt, processing_amount=Decimal(0)).field == "processing_amount"
    assert _error(receipt, processing_amount="abc").field == "processing_amount"
    # "Trong ngày" procedures state no amount.
    same_day = receipt(processing_amount=0, processing_unit=DeadlineUnit.SAME_DAY)
    lines = ["".join(s.text for s in b.spans) for b in present(same_day).blocks if b.kind == "para"]
    assert "3. Thời gian giải quyết hồ sơ theo quy định: Trong ngày." in lines


def test_unknown_choices_and_bad_numbers_are_refused():
    err = _error(receipt, delivery_channel="pigeon")
    assert str(err) == "The delivery channel has an unknown value: pigeon."
    err = _error(receipt, number=0)
    assert str(err) == "The form number must be a whole number of at least 1."
    assert _error(receipt, sets=True).field == "sets"  # bool is not a count
    assert _error(receipt, tracking_url="javascript:alert(1)").field == "tracking_url"


@pytest.mark.parametrize(
    ("build", "changes", "field"),
    [
        (supplement_request, {"items": ()}, "items"),
        (supplement_request, {"items": ("Bản vẽ", " ")}, "items"),
        (supplement_request, {"reason": ""}, "reason"),
        (supplement_request, {"issued_on": datetime(2026, 11, 23, tzinfo=UTC)}, "issued_on"),
        (refusal, {"reasons": ()}, "reasons"),
        (refusal, {"applicant": None}, "applicant"),
        (apology, {"new_due_at": DUE}, "new_due_at"),
        (apology, {"signer": "Phạm Quốc Việt"}, "signer"),
        (stop_notice, {"requested_on": date(2026, 11, 27)}, "issued_on"),
        (control_slip, {"handovers": ()}, "handovers"),
        (tracking_book, {"period_end": date(2026, 10, 31)}, "period_end"),
    ],
)
def test_each_form_refuses_what_the_law_requires(build, changes, field):
    assert _error(build, **changes).field == field


def test_parts_validate_themselves():
    with pytest.raises(FormDataError, match=r"^Missing identification number\.$"):
        Party(name="Nguyễn Văn A", id_number="")
    with pytest.raises(FormDataError, match=r"^Missing signer's name\.$"):
        Signatory(position="Giám đốc", name="")
    with pytest.raises(FormDataError, match=r"^Missing unit abbreviation\.$"):
        Letterhead(parent="UBND tỉnh Vĩnh Long", name="Sở Xây dựng", symbol="", place="Vĩnh Long")


def test_apology_must_push_the_date_later():
    err = _error(apology, new_due_at=RECEIVED)
    assert str(err) == "The new appointment time must be later than the appointment time."


def test_contexts_are_frozen_and_normalised():
    ctx = refusal(reasons=["  Lý do thứ nhất. "], dossier_code=None)
    assert ctx.reasons == ("Lý do thứ nhất.",)  # a list is accepted and stored as a tuple
    assert ctx.dossier_code == ""  # an optional text left as None never prints "None"
    with pytest.raises(dataclasses.FrozenInstanceError):
        ctx.reasons = ()


def test_messages_follow_the_active_language():
    # Message and field label both go through gettext when the error is raised, so a
    # Vietnamese request gets the dossiers catalogue's "Thiếu mã hồ sơ.".
    with translation.override("vi"):
        err = _error(receipt, dossier_code="")
        expected = translation.gettext("Missing %(field)s.") % {
            "field": translation.gettext("dossier code")
        }
    assert str(err) == expected


# --- wording helpers --------------------------------------------------------------------


def test_nd30_dates_pad_days_and_the_first_two_months():
    assert vn.day_month_year(date(2026, 2, 5)) == "ngày 05 tháng 02 năm 2026"
    assert vn.day_month_year(date(2026, 3, 5)) == "ngày 05 tháng 3 năm 2026"
    assert vn.day_month_year(date(2026, 11, 22)) == "ngày 22 tháng 11 năm 2026"
    assert vn.place_and_date("Vĩnh Long", date(2026, 11, 22)) == (
        "Vĩnh Long, ngày 22 tháng 11 năm 2026"
    )


def test_moments_print_on_the_province_clock():
    # 02:05 UTC is 09:05 in Việt Nam (settings.TIME_ZONE), whatever zone the caller used.
    utc = datetime(2026, 11, 23, 2, 5, tzinfo=UTC)
    assert vn.moment(utc) == "09 giờ 05 phút, ngày 23 tháng 11 năm 2026"
    assert vn.short_moment(utc) == "09:05 23/11/2026"
    assert vn.short_moment(None) == ""
    # Late evening UTC is already the next day in Việt Nam.
    assert vn.moment(datetime(2026, 12, 31, 18, 30, tzinfo=UTC)).endswith(
        "ngày 01 tháng 01 năm 2027"
    )


def test_document_numbers_and_processing_times():
    assert vn.document_number(5, "PBS", "TTPVHCC") == "Số: 05/PBS-TTPVHCC"
    assert vn.document_number(125, "", "TTPVHCC") == "Số: 125/TTPVHCC"
    assert (
        vn.document_number(None, "PTC", "TTPVHCC")
        == "Số: \u00a0\u00a0\u00a0\u00a0\u00a0\u00a0/PTC-TTPVHCC"
    )
    assert vn.processing_time(Decimal(5), DeadlineUnit.WORKING_DAYS) == "05 ngày làm việc"
    assert vn.processing_time(Decimal("0.5"), DeadlineUnit.WORKING_DAYS) == "0,5 ngày làm việc"
    assert vn.processing_time(Decimal(4), DeadlineUnit.WORKING_HOURS) == "04 giờ làm việc"
    assert vn.processing_time(Decimal(30), DeadlineUnit.CALENDAR_DAYS) == "30 ngày"
    assert vn.upper("Trung tâm Phục vụ hành chính công tỉnh Đồng Tháp") == (
        "TRUNG TÂM PHỤC VỤ HÀNH CHÍNH CÔNG TỈNH ĐỒNG THÁP"
    )
