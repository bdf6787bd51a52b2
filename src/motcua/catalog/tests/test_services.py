"""The version lifecycle through the services: draft, copy, edit, publish, supersede, abolish."""

import datetime as dt
from decimal import Decimal

from django.core.exceptions import ValidationError

import pytest

from motcua.catalog.constants import DecisionKind, GovernmentLevel, VersionStatus
from motcua.catalog.models import (
    Component,
    Fee,
    Procedure,
    ProcedureCase,
    ProcedureVersion,
    PublicationDecision,
    WorkflowStep,
)
from motcua.catalog.selectors import version_content, version_get_for_dossier, version_in_force
from motcua.catalog.services import (
    case_delete,
    case_save,
    decision_record,
    procedure_abolish,
    procedure_create,
    version_draft_create,
    version_draft_delete,
    version_publish,
    version_update,
)

from .conftest import TODAY, add_case, publish, valid_draft

pytestmark = pytest.mark.usefixtures("pinned_today", "media_root")

JULY_2025 = dt.date(2025, 7, 1)
JAN_2026 = dt.date(2026, 1, 1)


def _messages(error: pytest.ExceptionInfo) -> list[str]:
    return error.value.messages


def _snapshot(version: ProcedureVersion) -> list:
    """Everything a version holds, comparable between two versions."""
    rows = []
    for content in version_content(version):
        case = content.case
        rows.append(
            (
                case.name,
                case.processing_amount,
                case.processing_unit,
                case.delivery_channels,
                case.form_schema,
                [(f.name, f.amount) for f in content.fees],
                [(c.code, c.name, c.reuse_sources) for c in content.components],
                [(s.position, s.name, s.role, s.hours, s.actions, s.stage) for s in content.steps],
            )
        )
    return rows


# --- Creating and editing drafts -----------------------------------------------------------


def test_procedure_create_makes_a_first_draft(world, editor):
    draft = procedure_create(
        code=" 1.001193 ",
        field=world.field,
        owner_agency=world.owner,
        name="Đăng ký khai sinh",
        level=GovernmentLevel.COMMUNE,
        created_by=editor,
    )
    assert (draft.procedure.code, draft.number, draft.status) == ("1.001193", 1, "draft")
    assert draft.created_by == editor
    assert draft.search_text == "1.001193 dang ky khai sinh ho tich"


def test_duplicate_code_is_refused_in_vietnamese(world):
    valid_draft(world)
    with pytest.raises(ValidationError) as error:
        valid_draft(world)
    assert "đã tồn tại" in " ".join(_messages(error))
    assert Procedure.objects.count() == 1


def test_draft_copy_is_deep_and_independent(world):
    # given: a published version with agencies, cases, fees, components and steps
    first = valid_draft(world)
    first.competent_agencies.set([world.commune])
    add_case(first, position=2, name="Đăng ký khai sinh quá hạn")
    publish(first, world)

    # when
    draft = version_draft_create(procedure=first.procedure)

    # then: same content, new rows
    assert (draft.number, draft.status, draft.decision, draft.valid_from) == (
        2,
        "draft",
        None,
        None,
    )
    assert _snapshot(draft) == _snapshot(first)
    assert list(draft.competent_agencies.all()) == [world.commune]
    assert not set(draft.cases.values_list("pk", flat=True)) & set(
        first.cases.values_list("pk", flat=True)
    )
    # editing the copy leaves the original alone
    Fee.objects.filter(case__version=draft).update(amount=Decimal(50_000))
    assert Fee.objects.filter(case__version=first, amount=0).count() == 2


def test_only_one_draft_at_a_time(world):
    draft = valid_draft(world)
    with pytest.raises(ValidationError) as error:
        version_draft_create(procedure=draft.procedure)
    assert _messages(error) == [
        "Thủ tục 1.001193 đã có bản nháp (phiên bản 1); hãy sửa bản nháp đó."
    ]


def test_version_update_changes_a_draft(world):
    draft = valid_draft(world)
    version_update(
        version=draft,
        fields={"name": "Đăng ký khai sinh cho trẻ", "boundary_free": True},
        competent_agencies=[world.commune],
    )
    draft.refresh_from_db()
    assert draft.name == "Đăng ký khai sinh cho trẻ" and draft.boundary_free
    assert "dang ky khai sinh cho tre" in draft.search_text
    assert list(draft.competent_agencies.all()) == [world.commune]


def test_lifecycle_fields_are_not_editable_through_update(world):
    draft = valid_draft(world)
    with pytest.raises(TypeError):
        version_update(version=draft, fields={"status": VersionStatus.PUBLISHED})


@pytest.mark.parametrize(
    "change",
    [
        pytest.param(lambda v: version_update(version=v, fields={"name": "Khác"}), id="update"),
        pytest.param(lambda v: add_case(v, position=2), id="add-case"),
        pytest.param(lambda v: case_delete(case=v.cases.get()), id="delete-case"),
        pytest.param(
            lambda v: case_save(
                case=v.cases.get(),
                save_items=[Fee(kind="fee", name="Phí mới", amount=Decimal(1000))],
            ),
            id="add-fee",
        ),
        pytest.param(lambda v: version_draft_delete(version=v), id="delete"),
        pytest.param(
            lambda v: version_publish(
                version=v,
                decision=PublicationDecision.objects.get(),
                kind=DecisionKind.AMENDED,
                valid_from=JAN_2026,
            ),
            id="publish-again",
        ),
    ],
)
def test_published_versions_are_frozen(world, change):
    version = publish(valid_draft(world), world)
    before = _snapshot(version)

    with pytest.raises(ValidationError) as error:
        change(version)

    assert _messages(error) == [
        "Phiên bản 1 của thủ tục 1.001193 đang ở trạng thái “Đã công bố”, không thể sửa được "
        "nữa; hãy sao chép thành bản nháp mới."
    ]
    version.refresh_from_db()
    assert (version.name, version.status, _snapshot(version)) == (
        "Đăng ký khai sinh",
        VersionStatus.PUBLISHED,
        before,
    )


def test_case_save_swaps_step_positions(world):
    draft = valid_draft(world)
    case = draft.cases.get()
    first, second = case.steps.order_by("position")[:2]
    first.position, second.position = 2, 1

    case_save(case=case, save_items=[first, second])

    assert list(case.steps.order_by("position").values_list("name", flat=True)) == [
        "Thẩm định hồ sơ",
        "Tiếp nhận, kiểm tra hồ sơ",
        "Phê duyệt, ký kết quả",
    ]


def test_form_schema_is_checked_on_save_and_nothing_is_written(world):
    draft = valid_draft(world)
    case = draft.cases.get()
    case.form_schema = {"fields": [{"name": "Họ tên", "label": "Họ tên", "type": "email"}]}

    with pytest.raises(ValidationError) as error:
        case_save(case=case)

    assert _messages(error) == [
        "Trường 1 “Họ tên” của biểu mẫu điện tử: tên trường phải viết dạng snake_case: chữ "
        "thường không dấu, chữ số và dấu gạch dưới.",
        "Trường 1 “Họ tên” của biểu mẫu điện tử: kiểu “email” không hợp lệ; hãy dùng một "
        "trong các kiểu text, number, date, choice, personal_id, address, file.",
    ]
    case.refresh_from_db()
    assert case.form_schema["fields"][0]["name"] == "child_full_name"


def test_removing_a_component_an_e_form_file_field_needs_is_refused(world):
    draft = valid_draft(world)
    case = draft.cases.get()
    certificate = case.components.get(code="TP.HT.02")

    with pytest.raises(ValidationError) as error:
        case_save(case=case, delete_items=[certificate])

    assert _messages(error) == [
        "Trường 7 “birth_certificate” của biểu mẫu điện tử: thành phần hồ sơ “TP.HT.02” không "
        "thuộc trường hợp này."
    ]
    assert case.components.filter(code="TP.HT.02").exists()  # rolled back


def test_file_field_and_its_component_can_be_added_together(world):
    draft = valid_draft(world)
    case = draft.cases.get()
    case.form_schema = {
        "fields": [
            *case.form_schema["fields"],
            {"name": "marriage", "label": "Giấy kết hôn", "type": "file", "component": "TP.HT.03"},
        ]
    }
    component = Component(
        position=4, code="TP.HT.03", name="Giấy đăng ký kết hôn", copy_type="copy"
    )

    case_save(case=case, save_items=[component])

    assert case.components.filter(code="TP.HT.03").exists()


def test_a_case_cannot_move_to_another_version(world):
    draft = valid_draft(world)
    other = valid_draft(world, code="1.000894", name="Đăng ký kết hôn")
    case = draft.cases.get()
    case.version = other
    with pytest.raises(ValidationError):
        case_save(case=case)
    assert ProcedureCase.objects.filter(version=draft).count() == 1


def test_discarding_the_only_draft_removes_the_procedure(world):
    draft = valid_draft(world)
    version_draft_delete(version=draft)
    assert not Procedure.objects.exists()
    assert not WorkflowStep.objects.exists()


def test_discarding_a_later_draft_keeps_the_procedure(world):
    first = publish(valid_draft(world), world)
    version_draft_delete(version=version_draft_create(procedure=first.procedure))
    assert list(first.procedure.versions.values_list("number", flat=True)) == [1]


# --- Publishing ----------------------------------------------------------------------------


def test_publish_records_decision_and_moment(world, editor):
    draft = valid_draft(world)
    decision = decision_record(
        number="1094/QĐ-UBND", issuer=world.committee, date=dt.date(2025, 6, 28), signer="A"
    )

    version = version_publish(
        version=draft,
        decision=decision,
        kind=DecisionKind.NEW,
        valid_from=JULY_2025,
        published_by=editor,
    )

    version.refresh_from_db()
    assert version.status == VersionStatus.PUBLISHED
    assert (version.decision, version.decision_kind) == (decision, DecisionKind.NEW)
    assert (version.valid_from, version.valid_to) == (JULY_2025, None)
    assert version.published_at.date() == TODAY


def test_publishing_a_new_version_supersedes_the_old_one(world):
    first = publish(valid_draft(world), world)
    second = version_draft_create(procedure=first.procedure)
    version_update(version=second, fields={"name": "Đăng ký khai sinh (sửa đổi)"})

    publish(second, world, on=JAN_2026, number="15/QĐ-UBND")

    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.status, first.valid_to) == (VersionStatus.SUPERSEDED, dt.date(2025, 12, 31))
    assert (second.status, second.decision_kind, second.valid_from) == (
        VersionStatus.PUBLISHED,
        DecisionKind.AMENDED,
        JAN_2026,
    )


def test_an_older_dossier_keeps_its_version(world):
    # given: a dossier received in 2025 under version 1
    first = publish(valid_draft(world), world)
    received = dt.datetime.fromisoformat("2025-12-31T16:30:00+07:00")  # after the cut-off
    assert version_get_for_dossier(procedure_code="1.001193", received_at=received) == first

    # when: version 2 is published, in force from 2026
    second = version_draft_create(procedure=first.procedure)
    case = second.cases.get()
    case.processing_amount = Decimal("2.5")  # the 20-hour workflow still fits
    case_save(case=case)
    publish(second, world, on=JAN_2026, number="15/QĐ-UBND")

    # then: the open dossier keeps version 1 and its 3 days; new ones get version 2
    kept = version_get_for_dossier(procedure_code="1.001193", received_at=received)
    assert kept == first
    assert kept.cases.get().processing_amount == Decimal(3)
    later = dt.datetime.fromisoformat("2026-01-02T08:00:00+07:00")
    assert version_get_for_dossier(procedure_code="1.001193", received_at=later) == second
    assert version_in_force(first.procedure, on=dt.date(2025, 6, 30)) is None


def test_future_dated_version_leaves_today_unchanged(world):
    first = publish(valid_draft(world), world)
    second = version_draft_create(procedure=first.procedure)
    publish(second, world, on=dt.date(2026, 5, 1), number="20/QĐ-UBND")

    assert version_in_force(first.procedure, on=TODAY) == first
    assert version_in_force(first.procedure, on=dt.date(2026, 5, 1)) == second


def test_publishing_an_invalid_version_lists_every_problem_and_writes_nothing(world):
    draft = procedure_create(
        code="1.000894",
        field=world.field,
        owner_agency=world.owner,
        name="Đăng ký kết hôn",
        level=GovernmentLevel.COMMUNE,
    )
    decision = decision_record(number="1094/QĐ-UBND", issuer=world.committee, date=JULY_2025)

    with pytest.raises(ValidationError) as error:
        version_publish(
            version=draft, decision=decision, kind=DecisionKind.AMENDED, valid_from=JULY_2025
        )

    assert _messages(error) == [
        "Chưa có phiên bản đang công bố để sửa đổi: hãy công bố theo hình thức công bố mới.",
        "Phiên bản chưa có trường hợp nào.",
    ]
    draft.refresh_from_db()
    assert (draft.status, draft.decision, draft.published_at) == ("draft", None, None)


def test_publish_refuses_a_date_already_covered(world):
    first = publish(valid_draft(world), world)
    second = version_draft_create(procedure=first.procedure)
    with pytest.raises(ValidationError) as error:
        publish(second, world, on=JULY_2025, number="16/QĐ-UBND")
    assert _messages(error) == [
        "Ngày có hiệu lực phải sau ngày 01/07/2025, là ngày thuộc thời gian hiệu lực của "
        "phiên bản 1."
    ]
    first.refresh_from_db()
    assert (first.status, first.valid_to) == (VersionStatus.PUBLISHED, None)


def test_new_kind_is_refused_while_a_version_is_published(world):
    first = publish(valid_draft(world), world)
    second = version_draft_create(procedure=first.procedure)
    with pytest.raises(ValidationError) as error:
        publish(second, world, on=JAN_2026, number="15/QĐ-UBND", kind=DecisionKind.NEW)
    assert _messages(error) == [
        "Phiên bản 1 đang được công bố: hãy công bố phiên bản này theo hình thức sửa đổi, bổ sung."
    ]


def test_decision_record_reuses_and_checks(world):
    first = decision_record(number="1094/QĐ-UBND", issuer=world.committee, date=JULY_2025)
    assert decision_record(number="1094/QĐ-UBND ", issuer=world.committee, date=JULY_2025) == first
    with pytest.raises(ValidationError) as error:
        decision_record(number="1094/QĐ-UBND", issuer=world.committee, date=JAN_2026)
    assert _messages(error) == [
        "Quyết định số 1094/QĐ-UBND của Ủy ban nhân dân tỉnh Vĩnh Long đã có trên hệ thống với "
        "ngày ký 01/07/2025."
    ]
    with pytest.raises(ValidationError):
        decision_record(number="1/QĐ-UBND", issuer=world.committee, date=dt.date(2026, 3, 11))
    assert PublicationDecision.objects.count() == 1


# --- Abolishing ----------------------------------------------------------------------------


def test_abolish_ends_the_version_in_force(world):
    first = publish(valid_draft(world), world)
    decision = decision_record(number="200/QĐ-UBND", issuer=world.committee, date=JAN_2026)

    procedure_abolish(
        procedure=first.procedure, decision=decision, effective_from=dt.date(2026, 2, 1)
    )

    first.refresh_from_db()
    assert (first.status, first.valid_to) == (VersionStatus.ABOLISHED, dt.date(2026, 1, 31))
    assert (first.decision, first.decision_kind) == (decision, DecisionKind.ABOLISHED)
    # a dossier received before the abolition keeps the version; none can be received after
    assert version_in_force(first.procedure, on=dt.date(2026, 1, 31)) == first
    assert version_in_force(first.procedure, on=dt.date(2026, 2, 1)) is None


def test_abolish_needs_a_published_version(world):
    draft = valid_draft(world)
    decision = decision_record(number="200/QĐ-UBND", issuer=world.committee, date=JAN_2026)
    with pytest.raises(ValidationError) as error:
        procedure_abolish(procedure=draft.procedure, decision=decision, effective_from=JAN_2026)
    assert _messages(error) == ["Thủ tục 1.001193 không có phiên bản đang công bố để bãi bỏ."]


def test_abolish_must_come_after_the_start(world):
    first = publish(valid_draft(world), world)
    decision = decision_record(number="200/QĐ-UBND", issuer=world.committee, date=JULY_2025)
    with pytest.raises(ValidationError):
        procedure_abolish(procedure=first.procedure, decision=decision, effective_from=JULY_2025)
    first.refresh_from_db()
    assert first.status == VersionStatus.PUBLISHED


def test_a_procedure_can_be_issued_again_after_abolition(world):
    first = publish(valid_draft(world), world)
    decision = decision_record(number="200/QĐ-UBND", issuer=world.committee, date=JAN_2026)
    procedure_abolish(procedure=first.procedure, decision=decision, effective_from=JAN_2026)

    again = version_draft_create(procedure=first.procedure)
    publish(again, world, on=dt.date(2026, 3, 1), number="30/QĐ-UBND", kind=DecisionKind.NEW)

    assert version_in_force(first.procedure, on=dt.date(2026, 2, 1)) is None
    assert version_in_force(first.procedure, on=TODAY) == again
