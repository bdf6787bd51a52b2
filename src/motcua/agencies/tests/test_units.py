import datetime as dt
import io

from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command

import pytest

from motcua.agencies.constants import UnitKind
from motcua.agencies.models import AdministrativeUnit
from motcua.agencies.provinces import PROVINCE_CODES
from motcua.agencies.services import admin_units_sync
from motcua.agencies.units import REFORM_DATE, UnitRecord, package_source, package_units
from motcua.core.text import fold

pytestmark = pytest.mark.usefixtures("admin_units")


def snapshot():
    return list(AdministrativeUnit.objects.order_by("pk").values())


def test_loader_gives_34_provinces_and_3321_communes(db):
    in_force = AdministrativeUnit.objects.valid_on(dt.date(2026, 1, 1))
    assert in_force.filter(parent__isnull=True).count() == 34
    assert in_force.filter(parent__isnull=False).count() == 3321
    assert in_force.filter(kind=UnitKind.CENTRAL_CITY).count() == 6
    assert in_force.filter(kind=UnitKind.SPECIAL_ZONE).count() == 13


def test_vinh_long_has_its_124_communes(vinh_long):
    assert vinh_long.name == "Vĩnh Long"
    assert vinh_long.kind == UnitKind.PROVINCE
    assert vinh_long.valid_from == REFORM_DATE
    assert vinh_long.source == "vietnam-provinces 2025-10-18"
    assert vinh_long.children.count() == 124
    cai_nhum = vinh_long.children.get(code="29641")
    assert (cai_nhum.name, cai_nhum.kind, cai_nhum.search_name) == (
        "Xã Cái Nhum",
        UnitKind.COMMUNE,
        "xa cai nhum",
    )


def test_loading_again_changes_nothing(db):
    before = snapshot()
    out = io.StringIO()
    call_command("load_admin_units", stdout=out)
    assert snapshot() == before
    assert "0 mới, 0 thay thế, 0 kết thúc" in out.getvalue()


def test_renamed_unit_in_new_package_version_ends_old_row(vinh_long):
    records = [
        r._replace(name="Xã Cái Nhum Mới") if r.code == "29641" else r for r in package_units()
    ]
    result = admin_units_sync(
        records=records, source="vietnam-provinces 2027-01-01", effective=dt.date(2027, 1, 1)
    )

    assert (result.created, result.replaced, result.ended, result.repointed) == (0, 1, 0, 0)
    old, new = AdministrativeUnit.objects.filter(code="29641").order_by("valid_from")
    assert (old.name, old.valid_from, old.valid_to) == (
        "Xã Cái Nhum",
        REFORM_DATE,
        dt.date(2026, 12, 31),
    )
    assert (new.name, new.valid_from, new.valid_to) == (
        "Xã Cái Nhum Mới",
        dt.date(2027, 1, 1),
        None,
    )
    assert (new.parent, new.source, new.search_name) == (
        vinh_long,
        "vietnam-provinces 2027-01-01",
        "xa cai nhum moi",
    )
    # Re-running the same new version changes nothing more.
    before = snapshot()
    assert admin_units_sync(records=records, source="x", effective=dt.date(2027, 1, 2)) == (
        0,
        0,
        0,
        0,
    )
    assert snapshot() == before


def test_unit_gone_from_the_package_is_ended_not_deleted(db):
    records = [r for r in package_units() if r.code != "29641"]
    result = admin_units_sync(records=records, source="v2", effective=dt.date(2027, 1, 1))
    assert result.ended == 1
    assert AdministrativeUnit.objects.get(code="29641").valid_to == dt.date(2026, 12, 31)


def test_renamed_province_takes_its_communes_along(vinh_long):
    records = [r._replace(name="Vĩnh Long Mới") if r.code == "86" else r for r in package_units()]
    result = admin_units_sync(records=records, source="v2", effective=dt.date(2027, 1, 1))

    assert (result.replaced, result.repointed) == (1, 124)
    new_province = AdministrativeUnit.objects.get(code="86", valid_to__isnull=True)
    assert new_province.name == "Vĩnh Long Mới"
    assert new_province.children.count() == 124
    vinh_long.refresh_from_db()
    assert vinh_long.valid_to == dt.date(2026, 12, 31)


def test_new_unit_starts_on_the_effective_day(db):
    new = UnitRecord("99999", "Phường Thử Nghiệm", UnitKind.WARD, "86")
    assert (
        admin_units_sync(
            records=[*package_units(), new], source="v2", effective=dt.date(2027, 1, 1)
        ).created
        == 1
    )
    assert AdministrativeUnit.objects.get(code="99999").valid_from == dt.date(2027, 1, 1)


def test_effective_day_before_current_rows_is_refused_and_writes_nothing(db):
    before = snapshot()
    records = [
        r._replace(name="Tên khác") if r.code in {"01", "29641"} else r for r in package_units()
    ]
    with pytest.raises(ValidationError) as error:
        admin_units_sync(records=records, source="v2", effective=dt.date(2025, 1, 1))
    assert "chỉ có hiệu lực từ ngày 01/07/2025" in error.value.messages[0]
    assert snapshot() == before


def test_command_reports_bad_effective_day_in_vietnamese(db, monkeypatch):
    monkeypatch.setattr(
        "motcua.agencies.management.commands.load_admin_units.package_units",
        lambda: [r._replace(name="Tên khác") if r.code == "01" else r for r in package_units()],
    )
    with pytest.raises(CommandError, match="Hãy chọn ngày hiệu lực muộn hơn"):
        call_command("load_admin_units", "--effective", "2025-07-01", stdout=io.StringIO())


def test_package_source_names_the_data_version():
    assert package_source() == "vietnam-provinces 2025-10-18"


def test_province_code_table_matches_the_units_by_name(db):
    assert len(PROVINCE_CODES) == 34
    assert len({p.agency_code for p in PROVINCE_CODES}) == 34
    for entry in PROVINCE_CODES:
        unit = AdministrativeUnit.objects.get(code=entry.unit_code, valid_to__isnull=True)
        assert fold(unit.name).removeprefix("thanh pho ") == fold(entry.name), entry
