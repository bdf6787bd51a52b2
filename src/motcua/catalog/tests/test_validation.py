"""The publishing rules and the e-form rules, on unsaved instances (no database)."""

import copy
from decimal import Decimal

import pytest

from motcua.catalog.constants import Handling, Performer
from motcua.catalog.models import ProcedureCase, ProcedureVersion
from motcua.catalog.validation import (
    HOURS_PER_WORKING_DAY,
    CaseContent,
    form_schema_problems,
    legal_time_hours,
    number_text,
    stage_hours,
    version_problems,
)
from motcua.workcalendar.constants import DeadlineUnit

from .conftest import BIRTH_FORM, case_rows


def _content(**case_fields) -> CaseContent:
    rows = case_rows()
    case = ProcedureCase(
        position=1,
        name="Đăng ký khai sinh đúng hạn",
        processing_amount=Decimal(3),
        processing_unit=DeadlineUnit.WORKING_DAYS,
        online_level="full",
        delivery_channels=["counter", "post", "online"],
        result_name="Giấy khai sinh",
        form_schema=copy.deepcopy(BIRTH_FORM),
        **case_fields,
    )
    return CaseContent(
        case=case,
        fees=[r for r in rows if r._meta.model_name == "fee"],
        components=[r for r in rows if r._meta.model_name == "component"],
        steps=[r for r in rows if r._meta.model_name == "workflowstep"],
    )


def _problems(content: CaseContent, **version_fields) -> list[str]:
    version = ProcedureVersion(name="Đăng ký khai sinh", **version_fields)
    return version_problems(version, [content])


def _step(content: CaseContent, index: int):
    return content.steps[index - 1]


def test_the_builder_case_is_valid():
    assert _problems(_content()) == []


@pytest.mark.parametrize(
    ("unit", "amount", "hours"),
    [
        (DeadlineUnit.WORKING_DAYS, Decimal(3), Decimal(24)),
        (DeadlineUnit.WORKING_DAYS, Decimal("0.5"), Decimal(4)),
        (DeadlineUnit.CALENDAR_DAYS, Decimal(2), Decimal(16)),
        (DeadlineUnit.WORKING_HOURS, Decimal(5), Decimal(5)),
        (DeadlineUnit.SAME_DAY, Decimal(0), Decimal(8)),
    ],
)
def test_legal_time_in_working_hours(unit, amount, hours):
    assert HOURS_PER_WORKING_DAY == 8  # the default office schedule: 07:00-11:30, 13:30-17:00
    assert legal_time_hours(amount, unit) == hours


def _set(**values):
    def change(content):
        for name, value in values.items():
            setattr(content.case, name, value)

    return change


def _step_set(index, /, **values):
    def change(content):
        for name, value in values.items():
            setattr(_step(content, index), name, value)

    return change


def _drop(kind):
    def change(content):
        getattr(content, kind).clear()

    return change


def _multi_stage(returner):
    """Stage 1 at the one-stop centre, stage 2 at a named agency that decides."""

    def change(content):
        content.case.result_returned_by = returner
        content.steps.pop(1)
        last = content.steps[1]
        last.position, last.stage = 2, 2
        last.performer, last.agency_id = Performer.SPECIFIC_AGENCY, 1

    return change


CASE = "Trường hợp 1 “Đăng ký khai sinh đúng hạn”: "
STEP_3 = CASE + "bước 3 “Phê duyệt, ký kết quả”: "

BAD_CASES = [
    ("same-day-amount", _set(processing_unit="same_day", processing_amount=Decimal(1)),
     CASE + "thời hạn giải quyết là “trong ngày” nên số lượng phải bằng 0 (không sử dụng)."),
    ("calendar-fraction", _set(processing_unit="calendar_days", processing_amount=Decimal("2.5")),
     CASE + "thời hạn giải quyết tính theo ngày (lịch) phải là số nguyên."),
    ("zero-days", _set(processing_amount=Decimal(0)),
     CASE + "thời hạn giải quyết phải lớn hơn 0."),
    ("unknown-unit", _set(processing_unit="weeks"),
     CASE + "thời hạn giải quyết có đơn vị không hợp lệ “weeks”."),
    ("online-amount-only", _set(online_processing_amount=Decimal(2)),
     CASE + "thời hạn giải quyết khi nộp trực tuyến phải có cả số lượng và đơn vị, hoặc để trống "
     "cả hai."),
    ("online-time-not-online",
     _set(online_level="none", delivery_channels=["counter"], online_processing_amount=Decimal(2),
          online_processing_unit="working_days"),
     CASE + "đã nhập thời hạn khi nộp trực tuyến nhưng trường hợp không cung cấp dịch vụ trực "
     "tuyến."),
    ("no-component", _drop("components"), CASE + "chưa có thành phần hồ sơ nào."),
    ("unknown-channel", _set(delivery_channels=["counter", "fax"]),
     CASE + "hình thức trả kết quả: “fax” không thuộc danh mục counter, post, online."),
    ("no-channel", _set(delivery_channels=[]), CASE + "chưa có hình thức trả kết quả nào."),
    ("online-delivery-not-online", _set(online_level="none"),
     CASE + "không thể trả kết quả trực tuyến khi trường hợp không cung cấp dịch vụ trực tuyến."),
    ("full-online-counter-only", _set(delivery_channels=["counter"]),
     CASE + "dịch vụ công trực tuyến toàn trình phải trả kết quả trực tuyến hoặc qua bưu chính "
     "công ích."),
    ("negative-fee", lambda c: setattr(c.fees[0], "amount", Decimal(-1)),
     CASE + "Phí, lệ phí 1 “Lệ phí đăng ký khai sinh”: mức thu không được là số âm."),
    ("unknown-reuse", lambda c: setattr(c.components[0], "reuse_sources", ["kho"]),
     CASE + "Thành phần hồ sơ 1 “Tờ khai đăng ký khai sinh”: nguồn tái sử dụng: “kho” không thuộc "
     "danh mục citizen_store, national_database."),
    ("conditional-without-condition", lambda c: setattr(c.components[2], "condition", ""),
     CASE + "Thành phần hồ sơ 3 “Văn bản ủy quyền”: thành phần có điều kiện phải ghi rõ khi nào cần "
     "nộp."),
    ("duplicate-component-code", lambda c: setattr(c.components[2], "code", "TP.HT.01"),
     CASE + "hai thành phần hồ sơ trùng mã."),
    ("form-file-component-missing", lambda c: setattr(c.components[1], "code", "TP.HT.09"),
     CASE + "Trường 7 “birth_certificate” của biểu mẫu điện tử: thành phần hồ sơ “TP.HT.02” không "
     "thuộc trường hợp này."),
    ("no-step", _drop("steps"), CASE + "quy trình nội bộ chưa có bước nào."),
    ("position-gap", _step_set(3, position=4),
     CASE + "các bước phải được đánh số liên tục 1, 2, 3… (hiện là 1, 2, 4)."),
    ("specific-without-agency", _step_set(3, performer=Performer.SPECIFIC_AGENCY),
     STEP_3 + "bước do cơ quan được chỉ định thực hiện nhưng chưa chọn cơ quan."),
    ("agency-not-specific", _step_set(3, agency_id=1),
     STEP_3 + "đã chọn cơ quan nhưng bước không do cơ quan được chỉ định thực hiện."),
    ("no-performer", _step_set(3, performer=""), STEP_3 + "chưa xác định đơn vị thực hiện."),
    ("unknown-role", _step_set(3, role="chu_tich"), STEP_3 + "vai trò “chu_tich” không hợp lệ."),
    ("admin-role", _step_set(3, role="agency_admin"),
     STEP_3 + "vai trò “Quản trị đơn vị” không xử lý hồ sơ."),
    ("unknown-action", _step_set(3, actions=["approve", "sign"]),
     STEP_3 + "thao tác được phép: “sign” không thuộc danh mục forward, return, request_supplement, "
     "consult, approve, refuse."),
    ("last-step-dead-end", _step_set(3, actions=["return"]),
     STEP_3 + "bước cuối cùng phải cho phép phê duyệt hoặc từ chối, nếu không hồ sơ sẽ bị tắc."),
    ("middle-step-dead-end", _step_set(2, actions=["return", "consult"]),
     CASE + "bước 2 “Thẩm định hồ sơ”: bước chưa phải bước cuối phải cho phép chuyển bước tiếp "
     "theo, nếu không hồ sơ sẽ bị tắc."),
    ("return-on-first-step", _step_set(1, actions=["forward", "return"]),
     CASE + "bước 1 “Tiếp nhận, kiểm tra hồ sơ”: bước đầu tiên không có bước trước để trả lại."),
    ("zero-hours", _step_set(3, hours=Decimal(0)),
     STEP_3 + "thời gian thực hiện phải lớn hơn 0 giờ."),
    ("stages-backwards", _step_set(2, stage=2),
     CASE + "giai đoạn của bước sau không được nhỏ hơn giai đoạn của bước trước."),
    ("over-legal-time", _step_set(3, hours=Decimal(10)),
     CASE + "tổng thời gian các bước là 26 giờ làm việc, vượt quá thời hạn giải quyết theo quy "
     "định (24 giờ làm việc)."),
    ("over-online-time",
     _set(online_processing_amount=Decimal(2), online_processing_unit="working_days"),
     CASE + "tổng thời gian các bước là 20 giờ làm việc, vượt quá thời hạn giải quyết khi nộp trực "
     "tuyến (16 giờ làm việc)."),
    ("over-calendar-days", _set(processing_unit="calendar_days", processing_amount=Decimal(2)),
     CASE + "tổng thời gian các bước là 20 giờ làm việc, vượt quá thời hạn giải quyết theo quy "
     "định (16 giờ làm việc)."),
    ("over-same-day", _set(processing_unit="same_day", processing_amount=Decimal(0)),
     CASE + "tổng thời gian các bước là 20 giờ làm việc, vượt quá thời hạn giải quyết theo quy "
     "định (8 giờ làm việc)."),
    ("returner-not-in-last-stage", _multi_stage(Performer.COMPETENT_AGENCY),
     CASE + "kết quả do “Cơ quan có thẩm quyền” trả nhưng đơn vị này không thực hiện bước nào "
     "của giai đoạn cuối (giai đoạn 2)."),
]  # fmt: skip


@pytest.mark.parametrize(
    ("change", "expected"), [pytest.param(c, e, id=i) for i, c, e in BAD_CASES]
)
def test_bad_case_is_reported_in_vietnamese(change, expected):
    content = _content()
    change(content)
    assert expected in _problems(content)


@pytest.mark.parametrize(
    "change",
    [
        pytest.param(
            _set(processing_unit="working_hours", processing_amount=Decimal(20)), id="hours"
        ),
        pytest.param(_set(processing_amount=Decimal("2.5")), id="fractional-working-days"),
        pytest.param(_multi_stage(Performer.SPECIFIC_AGENCY), id="returner-decides-last-stage"),
        pytest.param(_multi_stage(Performer.RECEIVING_CENTRE), id="centre-always-returns"),
        pytest.param(
            _set(online_level="partial", delivery_channels=["counter"]), id="partial-at-counter"
        ),
    ],
)
def test_good_variants_pass(change):
    content = _content()
    change(content)
    assert _problems(content) == []


def test_version_level_rules():
    assert version_problems(ProcedureVersion(name=" "), []) == [
        "Phiên bản chưa có tên thủ tục.",
        "Phiên bản chưa có trường hợp nào.",
    ]
    content = _content()
    content.steps.clear()
    assert _problems(content, handling=Handling.MINISTRY_SYSTEM) == [
        "Thủ tục được giải quyết trên hệ thống của bộ, ngành: hãy nhập mã trên hệ thống đó."
    ]
    assert _problems(content, handling=Handling.MINISTRY_SYSTEM, external_reference="BTP-1") == []


def test_stage_hours_gives_each_agency_its_share():
    content = _content()
    _multi_stage(Performer.SPECIFIC_AGENCY)(content)
    assert stage_hours(content.steps) == [(1, Decimal(4)), (2, Decimal(4))]


@pytest.mark.parametrize(
    ("value", "text"),
    [(Decimal("0.00"), "0"), (Decimal("2.50"), "2.5"), (Decimal(500000), "500000")],
)
def test_number_text(value, text):
    assert number_text(value) == text


# --- E-form definition ---------------------------------------------------------------------

CODES = {"TP.HT.01", "TP.HT.02"}


def _field(**values) -> dict:
    return {"name": "ho_ten", "label": "Họ và tên", "type": "text", **values}


def _schema(*fields) -> dict:
    return {"fields": list(fields)}


F1 = "Trường 1 “ho_ten” của biểu mẫu điện tử: "
F2 = "Trường 2 “{}” của biểu mẫu điện tử: "

BAD_FORMS = [
    ("not-an-object", [],
     "Biểu mẫu điện tử phải là một đối tượng JSON có đúng một khóa “fields”."),
    ("extra-key", {"fields": [], "title": "x"},
     "Biểu mẫu điện tử phải là một đối tượng JSON có đúng một khóa “fields”."),
    ("fields-not-list", {"fields": {}}, "“fields” của biểu mẫu điện tử phải là một danh sách."),
    ("field-not-object", _schema("ho_ten"),
     "Trường 1 “?” của biểu mẫu điện tử: mỗi trường phải là một đối tượng JSON."),
    ("not-snake-case", _schema(_field(name="HoTen")),
     "Trường 1 “HoTen” của biểu mẫu điện tử: tên trường phải viết dạng snake_case: chữ thường "
     "không dấu, chữ số và dấu gạch dưới."),
    ("duplicate-name", _schema(_field(), _field()),
     F2.format("ho_ten") + "tên trường trùng với một trường phía trước."),
    ("empty-label", _schema(_field(label=" ")), F1 + "chưa có nhãn."),
    ("unknown-type", _schema(_field(type="email")),
     F1 + "kiểu “email” không hợp lệ; hãy dùng một trong các kiểu text, number, date, choice, "
     "personal_id, address, file."),
    ("key-of-another-type", _schema(_field(type="date", max_length=10)),
     F1 + "có thuộc tính không dùng được cho kiểu này: max_length."),
    ("bad-max-length", _schema(_field(max_length=0)),
     F1 + "max_length phải là số nguyên từ 1 trở lên."),
    ("min-over-max", _schema(_field(type="number", min=5, max=1)), F1 + "min lớn hơn max."),
    ("min-not-number", _schema(_field(type="number", min="1")), F1 + "min và max phải là số."),
    ("required-not-bool", _schema(_field(required="yes")),
     F1 + "“required” phải là true hoặc false."),
    ("choice-without-choices", _schema(_field(type="choice")),
     F1 + "trường lựa chọn phải có danh sách lựa chọn."),
    ("duplicate-choice", _schema(_field(type="choice", choices=[
        {"value": "a", "label": "A"}, {"value": "a", "label": "B"}])),
     F1 + "hai lựa chọn trùng giá trị."),
    ("bad-choice", _schema(_field(type="choice", choices=[{"value": "a"}])),
     F1 + "mỗi lựa chọn phải có dạng {“value”, “label”} và không được để trống."),
    ("required-if-later-field",
     _schema(_field(required_if={"field": "sex", "equals": "nam"}),
             _field(name="sex", type="choice", choices=[{"value": "nam", "label": "Nam"}])),
     F1 + "required_if tham chiếu đến “sex” nhưng đó không phải là một trường đứng trước."),
    ("visible-if-bad-shape", _schema(_field(visible_if={"field": "x"})),
     F1 + "visible_if phải có dạng {“field”, “equals”}."),
    ("condition-value-not-a-choice",
     _schema(_field(name="sex", type="choice", choices=[{"value": "nam", "label": "Nam"}]),
             _field(name="note", visible_if={"field": "sex", "equals": "khac"})),
     F2.format("note") + "visible_if so sánh “sex” với “khac” nhưng giá trị này không có trong "
     "các lựa chọn của trường đó."),
    ("required-and-required-if",
     _schema(_field(name="a"), _field(required=True, required_if={"field": "a", "equals": "x"})),
     F2.format("ho_ten") + "một trường không thể vừa có required vừa có required_if."),
    ("file-without-component", _schema(_field(type="file")),
     F1 + "trường tệp phải ghi mã thành phần hồ sơ tương ứng."),
    ("file-unknown-component", _schema(_field(type="file", component="TP.HT.99")),
     F1 + "thành phần hồ sơ “TP.HT.99” không thuộc trường hợp này."),
]  # fmt: skip


def test_documented_example_and_empty_form_are_valid():
    assert form_schema_problems(BIRTH_FORM, CODES) == []
    assert form_schema_problems({}, CODES) == []
    assert form_schema_problems({"fields": []}, CODES) == []


@pytest.mark.parametrize(
    ("schema", "expected"), [pytest.param(s, e, id=i) for i, s, e in BAD_FORMS]
)
def test_bad_form_is_reported_in_vietnamese(schema, expected):
    assert expected in form_schema_problems(schema, CODES)


def test_component_check_is_skipped_without_codes():
    assert form_schema_problems(_schema(_field(type="file", component="TP.HT.99"))) == []
