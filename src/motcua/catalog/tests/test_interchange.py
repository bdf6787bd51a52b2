"""JSON export and import: exact round trip, all-or-nothing, idempotent, commands."""

import copy
import datetime as dt
import io
import json
import shutil
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.management import CommandError, call_command

import pytest

from motcua.catalog.constants import Performer, VersionStatus
from motcua.catalog.interchange import catalogue_dumps, catalogue_export, catalogue_import
from motcua.catalog.models import (
    Component,
    Field,
    Procedure,
    ProcedureCase,
    ProcedureVersion,
    PublicationDecision,
    Sector,
    WorkflowStep,
)
from motcua.catalog.services import (
    case_save,
    decision_record,
    procedure_abolish,
    procedure_update,
    version_draft_create,
    version_update,
)

from .conftest import add_case, publish, valid_draft

pytestmark = pytest.mark.usefixtures("media_root")


@pytest.fixture(autouse=True)
def _frozen(time_machine):
    # Not ticking: two exports made one after the other carry the same exported_at.
    time_machine.move_to(
        dt.datetime(2026, 3, 10, 9, 0, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh")), tick=False
    )


def _inter_agency_steps(world) -> list[WorkflowStep]:
    """The one-stop centre receives, the Sở Xây dựng appraises and decides (stage 2)."""
    return [
        WorkflowStep(position=1, name="Tiếp nhận", performer=Performer.RECEIVING_CENTRE,
                     role="counter_officer", hours=Decimal("4"), actions=["forward", "refuse"]),
        WorkflowStep(position=2, name="Thẩm định", performer=Performer.SPECIFIC_AGENCY,
                     agency=world.sibling, department_name="Phòng Quản lý xây dựng",
                     role="processing_officer", hours=Decimal("40.5"), actions=["forward"], stage=2),
        WorkflowStep(position=3, name="Cấp phép", performer=Performer.SPECIFIC_AGENCY,
                     agency=world.sibling, role="agency_leader", hours=Decimal("8"),
                     actions=["approve", "refuse", "return"], stage=2),
    ]  # fmt: skip


@pytest.fixture
def rich(world):
    """Every status, several cases, fees, components, steps, e-forms and template files."""
    # 1.001193: v1 superseded, v2 published with template files, v3 draft
    first = publish(valid_draft(world), world)
    first.competent_agencies.set([world.commune])
    first.implementing_agencies.set([world.commune, world.committee])
    second = version_draft_create(procedure=first.procedure)
    version_update(
        version=second, fields={"legal_basis": "Luật Hộ tịch 2014", "boundary_free": True}
    )
    case = second.cases.get()
    case.result_template.save("giay_khai_sinh.docx", ContentFile(b"PK\x03\x04 result"), save=False)
    case.online_processing_amount, case.online_processing_unit = Decimal("2.5"), "working_days"
    certificate = case.components.get(code="TP.HT.02")
    certificate.form_template.save("to_khai.docx", ContentFile("tờ khai".encode()), save=False)
    # matching with the citizen's store and retention periods travel with the catalogue
    certificate.document_type, certificate.retention_years = "KQ.YT.05", 0
    case.result_retention_years = 70
    case_save(case=case, save_items=[certificate])
    add_case(second, position=2, name="Đăng ký khai sinh quá hạn", processing_amount=Decimal(5),
             online_level="partial", delivery_channels=["counter"], form_schema={})  # fmt: skip
    publish(second, world, on=dt.date(2026, 1, 1), number="15/QĐ-UBND")
    version_draft_create(procedure=first.procedure)

    # 1.000894: published, then abolished
    married = publish(valid_draft(world, code="1.000894", name="Đăng ký kết hôn"), world)
    abolition = decision_record(
        number="200/QĐ-UBND", issuer=world.committee, date=dt.date(2026, 2, 1)
    )
    procedure_abolish(
        procedure=married.procedure, decision=abolition, effective_from=dt.date(2026, 2, 15)
    )

    # 2.000635: inter-agency, in another field; 1.004441.H61: a local variant, draft only
    building = Field.objects.create(
        code="H61-XD", name="Xây dựng", sector=Sector.objects.create(code="XD", name="Xây dựng")
    )
    permit = valid_draft(world, code="2.000635", name="Cấp giấy phép xây dựng")
    procedure_update(procedure=permit.procedure, field=building, owner_agency=world.owner)
    case = permit.cases.get()
    case.processing_amount, case.processing_unit = Decimal(7), "working_days"
    case.result_returned_by = Performer.SPECIFIC_AGENCY
    case_save(case=case, save_items=_inter_agency_steps(world), delete_items=list(case.steps.all()))
    publish(permit, world, on=dt.date(2025, 8, 1), number="1200/QĐ-UBND")
    valid_draft(world, code="1.004441.H61", name="Chứng thực bản sao từ bản chính")
    # a decision no version cites yet still belongs to the catalogue
    decision_record(number="300/QĐ-UBND", issuer=world.committee, date=dt.date(2026, 3, 1))  # fmt: skip
    return world


def _wipe(media_root) -> None:
    ProcedureVersion.objects.all().delete()
    Procedure.objects.all().delete()
    PublicationDecision.objects.all().delete()
    Field.objects.all().delete()
    Sector.objects.all().delete()
    shutil.rmtree(media_root, ignore_errors=True)


def test_export_import_export_is_identical(rich, media_root):
    # given
    text = catalogue_dumps(catalogue_export())
    document = json.loads(text)
    statuses = {
        (p["code"], v["number"]): v["status"] for p in document["procedures"] for v in p["versions"]
    }
    assert set(statuses.values()) == set(VersionStatus.values)  # every status is exercised
    assert len(document["decisions"]) == 5

    # when: into an empty catalogue, files included
    _wipe(media_root)
    result = catalogue_import(json.loads(text))

    # then
    assert catalogue_dumps(catalogue_export()) == text
    assert sorted(result.created) == ["1.000894", "1.001193", "1.004441.H61", "2.000635"]
    assert not result.warnings


def test_export_format(rich):
    document = catalogue_export()
    assert (document["format"], document["format_version"]) == ("motcua-catalogue", 1)
    assert document["exported_at"] == "2026-03-10T09:00:00+07:00"
    assert [p["code"] for p in document["procedures"]] == [
        "1.000894",
        "1.001193",
        "1.004441.H61",
        "2.000635",
    ]
    birth = document["procedures"][1]
    assert (birth["field"], birth["owner_agency"]) == ("H61-HT", "H61.11")
    v1, v2, v3 = birth["versions"]
    assert (v1["status"], v1["valid_to"], v1["decision"]) == (
        "superseded",
        "2025-12-31",
        {"number": "1094/QĐ-UBND", "issuer": "H61"},
    )
    assert v1["implementing_agencies"] == ["H61", "H61.201"]
    assert (v2["decision_kind"], v2["valid_from"]) == ("amended", "2026-01-01")
    assert v2["published_at"] == "2026-03-10T09:00:00+07:00"
    assert (v3["status"], v3["decision"], v3["decision_kind"]) == ("draft", None, "")
    case = v2["cases"][0]
    assert (case["processing_amount"], case["online_processing_amount"]) == ("3", "2.5")
    assert case["result_template"] == {
        "name": "giay_khai_sinh.docx",
        "content_base64": "UEsDBCByZXN1bHQ=",
    }
    assert case["fees"][0]["amount"] == "0"
    assert case["components"][1]["form_template"]["name"] == "to_khai.docx"
    assert case["steps"][0] == {
        "position": 1,
        "name": "Tiếp nhận, kiểm tra hồ sơ",
        "performer": "receiving_centre",
        "agency": None,
        "department_name": "",
        "role": "counter_officer",
        "hours": "4",
        "actions": ["forward", "request_supplement", "refuse"],
        "stage": 1,
    }
    permit_step = document["procedures"][3]["versions"][0]["cases"][0]["steps"][1]
    assert (permit_step["agency"], permit_step["hours"], permit_step["stage"]) == (
        "H61.14",
        "40.5",
        2,
    )
    married = document["procedures"][0]["versions"][0]
    assert (married["status"], married["decision_kind"], married["valid_to"]) == (
        "abolished",
        "abolished",
        "2026-02-14",
    )


def test_export_of_one_procedure_carries_what_it_refers_to(rich):
    document = catalogue_export(procedures=Procedure.objects.filter(code="2.000635"))
    assert [s["code"] for s in document["sectors"]] == ["XD"]
    assert [f["code"] for f in document["fields"]] == ["H61-XD"]
    assert [d["number"] for d in document["decisions"]] == ["1200/QĐ-UBND"]


def test_importing_the_same_document_twice_changes_nothing(rich):
    document = catalogue_export()
    stamps = sorted(ProcedureVersion.objects.values_list("pk", "updated_at"))

    result = catalogue_import(copy.deepcopy(document))

    assert (result.created, result.replaced, result.references_written) == ([], [], 0)
    assert len(result.unchanged) == 4
    assert sorted(ProcedureVersion.objects.values_list("pk", "updated_at")) == stamps


def test_files_are_stored_once_under_their_own_name(rich, media_root):
    document = catalogue_export()
    _wipe(media_root)
    catalogue_import(copy.deepcopy(document))
    # the published version and the draft copied from it share one stored file
    cases = ProcedureCase.objects.exclude(result_template="")
    assert len({case.result_template.name for case in cases}) == 1
    template = cases.first().result_template
    assert template.name.startswith("catalog/results/")
    assert template.name.endswith("/giay_khai_sinh.docx")
    assert template.read() == b"PK\x03\x04 result"
    # the same content imported again is not stored twice
    catalogue_import(copy.deepcopy(document), replace=True)
    assert len(list((media_root / "catalog/results").iterdir())) == 1


def test_changed_procedure_is_refused_without_replace_and_nothing_is_written(rich):
    document = catalogue_export()
    document["procedures"][1]["versions"][0]["name"] = "Đăng ký khai sinh (khác)"
    new = copy.deepcopy(document["procedures"][2])
    new["code"] = "1.009999"
    document["procedures"].append(new)

    with pytest.raises(ValidationError) as error:
        catalogue_import(document)

    assert error.value.messages == [
        "Thủ tục 1.001193: đã có trong cơ sở dữ liệu với nội dung khác; nhập với tùy chọn "
        "--replace để ghi đè."
    ]
    assert not Procedure.objects.filter(code="1.009999").exists()


def test_replace_rewrites_a_changed_procedure(rich):
    document = catalogue_export()
    document["procedures"][1]["versions"][0]["name"] = "Đăng ký khai sinh (khác)"
    procedure_pk = Procedure.objects.get(code="1.001193").pk

    result = catalogue_import(document, replace=True)

    assert result.replaced == ["1.001193"]
    assert sorted(result.unchanged) == ["1.000894", "1.004441.H61", "2.000635"]
    version = ProcedureVersion.objects.get(procedure__code="1.001193", number=1)
    assert (version.procedure_id, version.name) == (procedure_pk, "Đăng ký khai sinh (khác)")
    assert catalogue_export()["procedures"][1] == document["procedures"][1]


def test_every_problem_is_reported_with_where_it_is_and_nothing_is_written(rich, media_root):
    document = catalogue_export()
    _wipe(media_root)
    document["procedures"][0]["owner_agency"] = "H61.99"  # unknown agency
    birth_v2 = document["procedures"][1]["versions"][1]
    birth_v2["cases"][0]["processing_unit"] = "weeks"
    birth_v2["cases"][0]["steps"][1]["agency"] = "H99"
    birth_v2["cases"][0]["fees"][0]["amount"] = 12.5
    document["procedures"][1]["versions"][2]["decision"] = {"number": "15/QĐ-UBND", "issuer": "H61"}
    document["decisions"][0]["issuer"] = "H00"

    with pytest.raises(ValidationError) as error:
        catalogue_import(document)

    assert error.value.messages == [
        "Quyết định số 1094/QĐ-UBND của H00: không có cơ quan nào mang mã “H00”.",
        "Thủ tục 1.000894: không có cơ quan nào mang mã “H61.99”.",
        "Thủ tục 1.001193, phiên bản 1: quyết định số 1094/QĐ-UBND của H61 không có trong tệp và "
        "cũng chưa có trên hệ thống.",
        "Thủ tục 1.001193, phiên bản 2, trường hợp 1: “processing_unit” có giá trị “weeks”; giá "
        "trị hợp lệ: working_days, calendar_days, working_hours, same_day.",
        "Thủ tục 1.001193, phiên bản 2, trường hợp 1, phí/lệ phí 1: “amount” phải là số thập "
        "phân viết dưới dạng chuỗi.",
        "Thủ tục 1.001193, phiên bản 2, trường hợp 1, bước 2: không có cơ quan nào mang mã “H99”.",
        "Thủ tục 1.001193, phiên bản 3: bản nháp không được có quyết định, loại quyết định, thời "
        "gian hiệu lực hay thời điểm công bố.",
    ]
    assert not Procedure.objects.exists()
    assert not Sector.objects.exists()


MINIMAL = {
    "format": "motcua-catalogue",
    "format_version": 1,
    "sectors": [{"code": "TP", "name": "Tư pháp"}],
    "fields": [{"code": "H61-CT", "name": "Chứng thực", "sector": "TP"}],
    "decisions": [{"number": "1/QĐ-UBND", "issuer": "H61", "date": "2025-07-01"}],
    "procedures": [
        {
            "code": "2.000815",
            "field": "H61-CT",
            "owner_agency": "H61.11",
            "versions": [
                {
                    "number": 1,
                    "status": "published",
                    "decision": {"number": "1/QĐ-UBND", "issuer": "H61"},
                    "decision_kind": "new",
                    "valid_from": "2025-07-01",
                    "name": "Chứng thực bản sao từ bản chính",
                    "level": "commune",
                    "cases": [
                        {
                            "name": "Chứng thực bản sao",
                            "processing_amount": "0",
                            "processing_unit": "same_day",
                            "online_level": "none",
                            "delivery_channels": ["counter"],
                            "result_name": "Bản sao được chứng thực",
                            "fees": [{"kind": "fee", "name": "Phí chứng thực", "amount": 2000}],
                            "components": [{"name": "Bản chính giấy tờ", "copy_type": "shown"}],
                            "steps": [
                                {"name": "Tiếp nhận và chứng thực", "performer": "receiving_centre",
                                 "role": "counter_officer", "hours": "2",
                                 "actions": ["approve", "refuse"]},
                            ],
                        }
                    ],
                }
            ],
        }
    ],
}  # fmt: skip


def test_optional_keys_take_their_defaults(world):
    # given: Sector "TP" exists already with the same name
    result = catalogue_import(copy.deepcopy(MINIMAL))

    assert result.created == ["2.000815"]
    assert result.references_written == 2  # the field and the decision; the sector matched
    version = ProcedureVersion.objects.get(procedure__code="2.000815")
    assert (version.status, version.handling, version.supplement_clock) == (
        "published",
        "local",
        "pause",
    )
    component = Component.objects.get(case__version=version)
    assert (component.quantity, component.requirement, component.must_digitise) == (
        1,
        "mandatory",
        True,
    )
    # the canonical form is what export writes; importing it again changes nothing
    again = catalogue_import(catalogue_export())
    assert again.unchanged == ["2.000815"]


def test_a_published_version_that_breaks_todays_rules_is_imported_with_a_warning(world):
    document = copy.deepcopy(MINIMAL)
    case = document["procedures"][0]["versions"][0]["cases"][0]
    case["steps"][0]["hours"] = "12"  # more than one working day

    result = catalogue_import(document)

    assert result.created == ["2.000815"]
    assert result.warnings == [
        "Thủ tục 2.000815, phiên bản 1: Trường hợp 1 “Chứng thực bản sao”: tổng thời gian các "
        "bước là 12 giờ làm việc, vượt quá thời hạn giải quyết theo quy định (8 giờ làm việc)."
    ]


@pytest.mark.parametrize(
    ("change", "message"),
    [
        pytest.param(
            lambda d: d.update(format_version=2),
            "Đây không phải tệp dữ liệu thủ tục hành chính của motcua theo định dạng phiên bản 1.",
            id="format-version",
        ),
        pytest.param(
            lambda d: d["sectors"][0].update(name="Tư pháp - Hộ tịch"),
            "Ngành TP: đã có trên hệ thống với thông tin khác; nhập với tùy chọn --replace để "
            "ghi đè.",
            id="sector-differs",
        ),
        pytest.param(
            lambda d: d["procedures"][0]["versions"][0].update(valid_to="2025-12-31"),
            "Thủ tục 2.000815, phiên bản 1: phiên bản đang công bố không được có valid_to vì vẫn "
            "còn hiệu lực.",
            id="published-with-end",
        ),
        pytest.param(
            lambda d: d["procedures"][0]["versions"].append(
                {**d["procedures"][0]["versions"][0], "number": 2}
            ),
            "Thủ tục 2.000815: có nhiều hơn một phiên bản đang công bố.",
            id="two-published",
        ),
        pytest.param(
            lambda d: d["procedures"][0]["versions"][0]["cases"][0].update(extra=1),
            "Thủ tục 2.000815, phiên bản 1, trường hợp 1: có khóa không hợp lệ: extra.",
            id="unknown-key",
        ),
        pytest.param(
            lambda d: d["procedures"][0]["versions"][0]["cases"][0].update(
                form_schema={
                    "fields": [{"name": "x", "label": "X", "type": "file", "component": "A"}]
                }
            ),
            "Thủ tục 2.000815, phiên bản 1, trường hợp 1: Trường 1 “x” của biểu mẫu điện tử: "
            "thành phần hồ sơ “A” không thuộc trường hợp này.",
            id="form-schema",
        ),
        pytest.param(
            lambda d: d["procedures"][0]["versions"][0]["cases"][0]["components"][0].update(
                name="x" * 1001
            ),
            "Thủ tục 2.000815, phiên bản 1, trường hợp 1, thành phần hồ sơ 1: Tên: Giá trị này "
            "chỉ có tối đa 1000 kí tự (hiện có 1001)",
            id="too-long",
        ),
        pytest.param(
            lambda d: d["procedures"][0]["versions"][0]["cases"][0]["components"][0].update(
                retention_years=-1
            ),
            "Thủ tục 2.000815, phiên bản 1, trường hợp 1, thành phần hồ sơ 1: "
            "“retention_years” phải là số năm (số nguyên) hoặc null.",
            id="retention-years",
        ),
    ],
)
def test_bad_documents_are_refused(world, change, message):
    Sector.objects.filter(code="TP").update(name="Tư pháp")
    document = copy.deepcopy(MINIMAL)
    change(document)
    with pytest.raises(ValidationError) as error:
        catalogue_import(document)
    assert message in error.value.messages
    assert not Procedure.objects.filter(code="2.000815").exists()


# --- Commands ------------------------------------------------------------------------------


def test_commands_round_trip_through_a_file(rich, media_root, tmp_path):
    path = tmp_path / "catalogue.json"
    call_command("catalog_export", "--output", str(path), stderr=io.StringIO())
    text = path.read_text(encoding="utf-8")
    assert '"Đăng ký khai sinh"' in text  # readable UTF-8, not \u escapes

    _wipe(media_root)
    out = io.StringIO()
    call_command("catalog_import", str(path), stdout=out)
    assert out.getvalue().strip() == (
        "Thủ tục: tạo mới 4, thay thế 0, giữ nguyên 0. Ngành, lĩnh vực và quyết định đã ghi: 9. "
        "Cảnh báo: 0."
    )
    stdout = io.StringIO()
    call_command("catalog_export", stdout=stdout)
    assert stdout.getvalue() == text


def test_import_command_reports_problems_in_vietnamese(world, tmp_path):
    path = tmp_path / "bad.json"
    document = copy.deepcopy(MINIMAL)
    document["procedures"][0]["owner_agency"] = "H61.99"
    path.write_text(json.dumps(document), encoding="utf-8")
    with pytest.raises(CommandError) as error:
        call_command("catalog_import", str(path))
    assert str(error.value) == "Thủ tục 2.000815: không có cơ quan nào mang mã “H61.99”."
    (tmp_path / "broken.json").write_text("{", encoding="utf-8")
    with pytest.raises(CommandError):
        call_command("catalog_import", str(tmp_path / "broken.json"))
    assert not Procedure.objects.exists()


def test_export_names_a_missing_file(rich):
    case = ProcedureCase.objects.exclude(result_template="").first()
    case.result_template.storage.delete(case.result_template.name)
    with pytest.raises(ValidationError) as error:
        catalogue_export()
    assert error.value.messages == [
        f"Thủ tục 1.001193, phiên bản 2: không tìm thấy tệp {case.result_template.name} trong "
        "kho lưu trữ."
    ]
