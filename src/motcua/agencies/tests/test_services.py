import datetime as dt

from django.core.exceptions import ValidationError

import pytest

from motcua.agencies.constants import AgencyKind, CodeFormat
from motcua.agencies.models import Agency, Department
from motcua.agencies.selectors import agency_current_successors, agency_get_by_code
from motcua.agencies.services import agency_create, agency_rename, agency_supersede
from motcua.core.models import AuditEvent, AuditEventKind

JUNE_30, JULY_1 = dt.date(2025, 6, 30), dt.date(2025, 7, 1)
BASIS = "Nghị quyết 1234/NQ-HĐND ngày 20/6/2025"


def test_create_normalises_and_stores_the_code(make_agency):
    agency = make_agency(" h61.10 ", "Sở Nội vụ tỉnh Vĩnh Long", abbreviation="SNV")
    assert agency.code == "H61.10"
    assert agency.search_name == "so noi vu tinh vinh long snv h61.10"


def test_create_accepts_a_legacy_code(make_agency):
    agency = make_agency("000.00.10.H61", "Sở Nội vụ (mã cũ)", code_format=CodeFormat.QCVN102)
    assert agency.code_format == CodeFormat.QCVN102


def test_create_refuses_a_malformed_code_and_writes_nothing(make_agency):
    with pytest.raises(ValidationError) as error:
        make_agency("H61-10", "Sở Nội vụ")
    assert (
        "“H61-10” không phải là mã định danh điện tử hợp lệ" in error.value.message_dict["code"][0]
    )
    assert not Agency.objects.exists()


@pytest.mark.parametrize(
    ("existing", "new", "overlaps"),
    [
        ((JULY_1, None), (dt.date(2026, 1, 1), None), True),
        ((JULY_1, None), (None, dt.date(2025, 7, 1)), True),
        ((JULY_1, dt.date(2025, 12, 31)), (dt.date(2025, 12, 31), None), True),
        ((None, None), (dt.date(2030, 1, 1), dt.date(2030, 1, 2)), True),
        ((JULY_1, dt.date(2025, 12, 31)), (dt.date(2026, 1, 1), None), False),
        ((JULY_1, None), (None, JUNE_30), False),
    ],
)
def test_one_code_never_has_overlapping_periods(make_agency, existing, new, overlaps):
    make_agency("H61.10", "Sở Nội vụ", valid_from=existing[0], valid_to=existing[1])
    if overlaps:
        with pytest.raises(ValidationError) as error:
            make_agency("H61.10", "Sở Khác", valid_from=new[0], valid_to=new[1])
        assert "không được chồng lấn" in error.value.message_dict["code"][0]
        assert Agency.objects.count() == 1
    else:
        make_agency("H61.10", "Sở Khác", valid_from=new[0], valid_to=new[1])
        assert Agency.objects.count() == 2


def test_period_must_not_end_before_it_starts(make_agency):
    with pytest.raises(ValidationError) as error:
        make_agency("H61.10", "Sở Nội vụ", valid_from=JULY_1, valid_to=JUNE_30)
    assert error.value.message_dict["valid_to"] == [
        "Ngày hết hiệu lực không được trước ngày bắt đầu hiệu lực."
    ]


def test_merger_keeps_old_names_and_sends_work_to_the_successor(make_agency):
    # given two departments merged into a new one on 1 March 2025 (the 2025 reorganisation)
    start = dt.date(2020, 1, 1)
    planning = make_agency("H61.05", "Sở Kế hoạch và Đầu tư", valid_from=start)
    Department.objects.create(agency=planning, name="Phòng Đăng ký kinh doanh")
    finance = make_agency("H61.06", "Sở Tài chính", valid_from=start)
    merged = make_agency("H61.12", "Sở Tài chính tỉnh Vĩnh Long", valid_from=dt.date(2025, 3, 1))

    # when
    ended = agency_supersede(
        agencies=[planning, finance],
        successors=[merged],
        last_day=dt.date(2025, 2, 28),
        legal_basis=BASIS,
    )

    # then the old rows keep their names and end; the successor takes over
    assert {a.code for a in ended} == {"H61.05", "H61.06"}
    planning.refresh_from_db()
    assert (planning.name, planning.valid_to) == ("Sở Kế hoạch và Đầu tư", dt.date(2025, 2, 28))
    assert list(planning.successors.all()) == [merged]
    assert planning.departments.get().valid_to == dt.date(2025, 2, 28)
    assert agency_get_by_code("H61.05", on=dt.date(2024, 5, 1)) == planning
    assert agency_get_by_code("H61.05", on=dt.date(2025, 5, 1)) is None
    finance.refresh_from_db()
    assert agency_current_successors(planning) == [merged]
    assert agency_current_successors(finance) == [merged]
    event = AuditEvent.objects.get(kind=AuditEventKind.AGENCY_CHANGED, target_id=str(planning.pk))
    assert event.data == {
        "change": "ended",
        "code": "H61.05",
        "name": "Sở Kế hoạch và Đầu tư",
        "last_day": "2025-02-28",
        "successors": ["H61.12"],
        "legal_basis": BASIS,
    }


def test_successors_are_followed_through_splits_and_chains(make_agency):
    old = make_agency("H61.30", "Sở A", valid_from=dt.date(2020, 1, 1))
    left = make_agency("H61.31", "Sở B", valid_from=dt.date(2024, 1, 1))
    right = make_agency("H61.32", "Sở C", valid_from=dt.date(2024, 1, 1))
    agency_supersede(
        agencies=[old], successors=[left, right], last_day=dt.date(2023, 12, 31), legal_basis=BASIS
    )
    final = make_agency("H61.33", "Sở D", valid_from=JULY_1)
    agency_supersede(agencies=[left], successors=[final], last_day=JUNE_30, legal_basis=BASIS)
    old.refresh_from_db()

    assert agency_current_successors(old) == [right, final]
    assert agency_current_successors(old, on=dt.date(2024, 6, 1)) == [left, right]
    assert agency_current_successors(right) == []


def test_abolition_without_successor(make_agency):
    agency = make_agency("H61.40", "Ban Quản lý dự án", valid_from=dt.date(2020, 1, 1))
    agency_supersede(agencies=[agency], successors=[], last_day=JUNE_30, legal_basis=BASIS)
    agency.refresh_from_db()
    assert agency.valid_to == JUNE_30
    assert agency_current_successors(agency) == []


def supersede_errors(**kwargs) -> list[str]:
    with pytest.raises(ValidationError) as error:
        agency_supersede(**kwargs)
    return error.value.messages


def test_supersede_refuses_bad_input_and_writes_nothing(make_agency):
    a = make_agency("H61.50", "Sở A", valid_from=dt.date(2020, 1, 1))
    b = make_agency(
        "H61.51", "Sở B", valid_from=dt.date(2020, 1, 1), valid_to=dt.date(2024, 12, 31)
    )
    later = make_agency("H61.52", "Sở C", valid_from=dt.date(2026, 1, 1))
    events = AuditEvent.objects.count()

    assert supersede_errors(agencies=[a], successors=[], last_day=JUNE_30, legal_basis=" ") == [
        "Hãy ghi căn cứ pháp lý của thay đổi (số và ngày của văn bản)."
    ]
    assert supersede_errors(
        agencies=[a, b], successors=[], last_day=JUNE_30, legal_basis=BASIS
    ) == ["Sở B (H61.51) đã có ngày hết hiệu lực là 31/12/2024."]
    assert supersede_errors(
        agencies=[a], successors=[later], last_day=JUNE_30, legal_basis=BASIS
    ) == ["Cơ quan kế nhiệm Sở C (H61.52) chưa có hiệu lực vào ngày 01/07/2025."]
    assert supersede_errors(agencies=[a], successors=[a], last_day=JUNE_30, legal_basis=BASIS) == [
        "Sở A (H61.50) không thể kế nhiệm chính mình."
    ]
    assert supersede_errors(
        agencies=[a], successors=[], last_day=dt.date(2019, 1, 1), legal_basis=BASIS
    ) == ["Sở A (H61.50) chưa có hiệu lực vào ngày 01/01/2019."]
    a.refresh_from_db()
    assert a.valid_to is None
    assert not a.successors.exists()
    assert AuditEvent.objects.count() == events


def test_rename_creates_a_new_row_with_the_same_code(make_agency):
    agency = make_agency("H61.10", "Sở Nội vụ", abbreviation="SNV", phone="0270 3822 110")
    Department.objects.create(agency=agency, name="Văn phòng Sở", valid_from=JULY_1)

    renamed = agency_rename(
        agency=agency,
        name="Sở Nội vụ và Lao động",
        first_day=dt.date(2026, 1, 1),
        legal_basis=BASIS,
    )

    agency.refresh_from_db()
    assert (agency.name, agency.valid_to) == ("Sở Nội vụ", dt.date(2025, 12, 31))
    assert (renamed.code, renamed.name, renamed.abbreviation, renamed.phone) == (
        "H61.10",
        "Sở Nội vụ và Lao động",
        "SNV",
        "0270 3822 110",
    )
    assert renamed.departments.get().name == "Văn phòng Sở"
    assert agency_get_by_code("H61.10", on=dt.date(2025, 12, 31)) == agency
    assert agency_get_by_code("H61.10", on=dt.date(2026, 1, 1)) == renamed
    assert agency_current_successors(agency, on=dt.date(2026, 1, 1)) == [renamed]


def test_rename_refuses_a_day_outside_the_period(make_agency):
    agency = make_agency("H61.10", "Sở Nội vụ")
    with pytest.raises(ValidationError):
        agency_rename(agency=agency, name="Tên mới", first_day=JULY_1, legal_basis=BASIS)
    assert Agency.objects.count() == 1


def test_vertical_agency_can_sit_on_the_province(vinh_long):
    agency = agency_create(
        code="H61.91",
        name="Thuế tỉnh Vĩnh Long",
        kind=AgencyKind.VERTICAL,
        administrative_unit=vinh_long,
    )
    assert agency.valid_from is None
