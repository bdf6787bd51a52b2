import io

from django.core.management import CommandError, call_command

import pytest

from motcua.accounts.constants import Role, UserKind
from motcua.accounts.models import RoleAssignment, User
from motcua.agencies.codes import agency_code_validate
from motcua.agencies.constants import AgencyKind
from motcua.agencies.demo import DEMO_PASSWORD
from motcua.agencies.models import Agency, Department
from motcua.core.models import AuditEvent

pytestmark = pytest.mark.usefixtures("admin_units")


def load(*args: str) -> str:
    out = io.StringIO()
    call_command("load_demo_province", "--force", *args, stdout=out)
    return out.getvalue()


def counts() -> tuple[int, ...]:
    models = (Agency, Department, User, RoleAssignment, AuditEvent)
    return tuple(model.objects.count() for model in models)


def test_demo_builds_the_province_and_a_second_run_changes_nothing(db):
    load()
    after_first = counts()
    rows = list(Agency.objects.order_by("pk").values())
    assert "0 cơ quan, 0 phòng, 0 tài khoản và 0 vai trò" in load()
    assert counts() == after_first
    assert list(Agency.objects.order_by("pk").values()) == rows


def test_demo_agencies_of_vinh_long(db):
    load()
    ubnd = Agency.objects.get(code="H61")
    assert (ubnd.name, ubnd.kind) == (
        "Ủy ban nhân dân tỉnh Vĩnh Long",
        AgencyKind.PROVINCIAL_COMMITTEE,
    )
    snv = Agency.objects.get(code="H61.10")
    assert (snv.name, snv.abbreviation, snv.parent) == ("Sở Nội vụ tỉnh Vĩnh Long", "SNV", ubnd)
    assert snv.email == "snv@vinhlong.gov.vn"
    assert snv.phone.startswith("0270 ")
    assert snv.departments.filter(name="Phòng Cải cách hành chính").exists()
    centre = Agency.objects.get(kind=AgencyKind.PROVINCIAL_SERVICE_CENTRE)
    assert centre.parent.kind == AgencyKind.PROVINCIAL_OFFICE
    assert (
        Agency.objects.filter(kind=AgencyKind.DEPARTMENT).count() == 12
    )  # 11 sở and the inspectorate
    assert set(
        Agency.objects.filter(kind=AgencyKind.VERTICAL).values_list("short_name", flat=True)
    ) == {
        "Thuế tỉnh",
        "BHXH tỉnh",
        "Công an tỉnh",
    }
    # every one of the 124 communes has its People's Committee and its service centre
    assert Agency.objects.filter(kind=AgencyKind.COMMUNE_COMMITTEE).count() == 124
    assert Agency.objects.filter(kind=AgencyKind.COMMUNE_SERVICE_CENTRE).count() == 124
    cai_nhum = Agency.objects.get(
        kind=AgencyKind.COMMUNE_COMMITTEE, administrative_unit__code="29641"
    )
    assert cai_nhum.name == "Ủy ban nhân dân xã Cái Nhum"
    assert cai_nhum.children.get().name == "Trung tâm Phục vụ hành chính công xã Cái Nhum"
    for agency in Agency.objects.all():
        agency_code_validate(agency.code, agency.code_format)


def test_demo_accounts_cover_every_role(db):
    load()
    assignments = RoleAssignment.objects.filter(valid_to__isnull=True).select_related(
        "user", "agency"
    )
    assert {a.role for a in assignments} == set(Role.values)
    assert all(a.user.username.startswith("demo.") for a in assignments)
    assert all(a.user.check_password(DEMO_PASSWORD) for a in assignments)
    counter_places = {a.agency.kind for a in assignments if a.role == Role.COUNTER_OFFICER}
    assert counter_places == {
        AgencyKind.PROVINCIAL_SERVICE_CENTRE,
        AgencyKind.COMMUNE_SERVICE_CENTRE,
    }
    for role in (Role.PROCESSING_OFFICER, Role.DEPARTMENT_HEAD, Role.AGENCY_LEADER):
        assert {a.agency.abbreviation for a in assignments if a.role == role} == {"SNV", "STP"}
    monitor = assignments.get(role=Role.MONITORING_OFFICER)
    assert monitor.agency.abbreviation == "SNV"
    assert assignments.get(role=Role.SYSTEM_ADMIN).agency is None


def test_demo_citizens_and_organisation_have_well_formed_numbers(db):
    load()
    citizens = User.objects.filter(kind=UserKind.CITIZEN, username__startswith="demo.")
    assert citizens.count() == 2
    for citizen in citizens:
        number = citizen.identification_number
        assert len(number) == 12 and number.isdigit()
        assert number.startswith("086")  # birth registered in Vĩnh Long
    organisation = User.objects.get(kind=UserKind.ORGANISATION, username__startswith="demo.")
    tax_code = organisation.identification_number
    weighted = sum(
        int(d) * w for d, w in zip(tax_code[:9], (31, 29, 23, 19, 17, 13, 7, 5, 3), strict=True)
    )
    assert len(tax_code) == 10 and int(tax_code[9]) == 10 - weighted % 11


def test_another_province_moves_the_demo_staff(db):
    load()
    load("--province", "H57")
    assert Agency.objects.get(code="H57").name == "Ủy ban nhân dân thành phố Huế"
    active = RoleAssignment.objects.filter(valid_to__isnull=True).select_related("agency")
    assert {a.agency.code[:3] for a in active if a.agency} == {"H57"}


def test_demo_refuses_to_run_without_debug(db, settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="Từ chối tạo tài khoản demo"):
        call_command("load_demo_province", stdout=io.StringIO())
    assert counts() == (0, 0, 0, 0, 0)


def test_demo_runs_with_debug(db, settings):
    settings.DEBUG = True
    call_command("load_demo_province", stdout=io.StringIO())
    assert Agency.objects.filter(code="H61").exists()


def test_unknown_province_is_refused_clearly(db):
    with pytest.raises(CommandError, match="“H99” không phải là mã của một trong 34 tỉnh"):
        load("--province", "H99")
    assert counts() == (0, 0, 0, 0, 0)


def test_print_demo_logins_shows_a_table(db):
    out = io.StringIO()
    call_command("print_demo_logins", stdout=out)
    assert "load_demo_province" in out.getvalue()
    load()
    out = io.StringIO()
    call_command("print_demo_logins", stdout=out)
    lines = out.getvalue().splitlines()
    assert DEMO_PASSWORD in lines[0]
    assert lines[1].split() == ["Tên", "đăng", "nhập", "Vai", "trò", "Cơ", "quan"]
    assert next(line for line in lines if line.startswith("demo.giamsat.snv")).endswith("Sở Nội vụ")
    assert next(line for line in lines if line.startswith("demo.quantri ")).endswith(
        "toàn hệ thống"
    )
    assert any(line.startswith("demo.congdan1") for line in lines)
