"""A monitoring officer reads the province's figures, drills down to an agency and exports."""

import datetime as dt
import importlib

from django.apps import apps
from django.utils import timezone

import pytest
from conftest import assert_accessible

from motcua.accounts.constants import Role, UserKind
from motcua.accounts.services import role_grant, user_create
from motcua.agencies.constants import AgencyKind, UnitKind
from motcua.agencies.models import AdministrativeUnit, Agency
from motcua.catalog.models import Field, Procedure, Sector
from motcua.reporting.models import DailyRollup

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]
PASSWORD = "mat-khau-dai-cho-kiem-thu"


@pytest.fixture
def province():
    # transactional tests start from an empty database: load the shipped catalogue again
    importlib.import_module("motcua.reporting.migrations.0002_indicator_catalogue").load(apps, None)
    unit = AdministrativeUnit.objects.create(
        code="86", name="Tỉnh Vĩnh Long", kind=UnitKind.PROVINCE
    )
    commune = AdministrativeUnit.objects.create(
        code="29800", name="Xã Cái Nhum", kind=UnitKind.COMMUNE, parent=unit
    )
    home = Agency.objects.create(
        code="H61.10",
        name="Sở Nội vụ tỉnh Vĩnh Long",
        kind=AgencyKind.DEPARTMENT,
        administrative_unit=unit,
    )
    justice = Agency.objects.create(
        code="H61.11",
        name="Sở Tư pháp tỉnh Vĩnh Long",
        kind=AgencyKind.DEPARTMENT,
        administrative_unit=unit,
    )
    xa = Agency.objects.create(
        code="H61.298",
        name="UBND xã Cái Nhum",
        kind=AgencyKind.COMMUNE_COMMITTEE,
        administrative_unit=commune,
    )
    field = Field.objects.create(
        code="TP", name="Tư pháp", sector=Sector.objects.create(code="TP", name="Tư pháp")
    )
    procedure = Procedure.objects.create(code="2.000001.H61", field=field, owner_agency=justice)
    today = timezone.localdate()
    for agency, received, early, late in [(justice, 40, 30, 2), (xa, 12, 9, 1)]:
        DailyRollup.objects.create(
            day=today.replace(day=1),
            agency=agency,
            receiving_agency=agency,
            procedure=procedure,
            channel="online",
            received=received,
            resolved_early=early,
            resolved_late=late,
        )
    # Province and agency figures read the per-agency rollups, summed from the daily rows.
    importlib.import_module("motcua.reporting.migrations.0007_agency_rollups").fill(apps, None)
    user = user_create(
        username="giamsat", password=PASSWORD, kind=UserKind.STAFF, full_name="Lê Thị Giám Sát"
    )
    role_grant(user=user, role=Role.MONITORING_OFFICER, agency=home, valid_from=dt.date(2025, 7, 1))
    return unit


def test_monitor_drills_down_and_exports(page, province):
    page.goto("/accounts/login/?next=/bao-cao/")
    page.fill("#id_username", "giamsat")
    page.fill("#id_password", PASSWORD)
    page.locator("#login-form button[type=submit]").click()
    page.wait_for_load_state()
    assert page.get_by_role("heading", level=1).inner_text().endswith("Tỉnh Vĩnh Long")
    assert page.get_by_text("Chưa có nguồn dữ liệu").first.is_visible()
    assert_accessible(page)

    page.get_by_role("link", name="Sở Tư pháp tỉnh Vĩnh Long").click()
    page.wait_for_load_state()
    assert page.get_by_role("heading", level=1).inner_text().endswith("Sở Tư pháp tỉnh Vĩnh Long")
    row = page.get_by_role("row", name="mới tiếp nhận trong kỳ")
    assert row.get_by_role("link").inner_text() == "40"
    assert_accessible(page)

    with page.expect_download() as download:
        page.get_by_role("link", name="Tải về dạng XLSX").first.click()
    assert download.value.suggested_filename.endswith(".xlsx")


def test_report_cycle_pages_are_accessible(page, province):
    from motcua.agencies.models import Agency
    from motcua.reporting.regimes import regime_cchc_install

    regime_cchc_install(
        recipient=Agency.objects.get(code="H61.10"),
        agencies=list(Agency.objects.filter(code__in=["H61.11", "H61.298"])),
    )
    page.goto("/accounts/login/?next=/bao-cao/ky-bao-cao/")
    page.fill("#id_username", "giamsat")
    page.fill("#id_password", PASSWORD)
    page.locator("#login-form button[type=submit]").click()
    page.wait_for_load_state()
    assert_accessible(page)
    page.get_by_label("Năm").fill(str(timezone.localdate().year))
    page.get_by_role("button", name="Mở").click()
    page.wait_for_load_state()
    assert page.get_by_role("heading", level=1).inner_text().startswith("Báo cáo định kỳ")
    assert_accessible(page)
    page.get_by_role("link", name="Sở Tư pháp tỉnh Vĩnh Long").click()
    page.wait_for_load_state()
    assert page.get_by_role("heading", name="Số liệu (hệ thống tính, không nhập tay)").is_visible()
    assert_accessible(page)
