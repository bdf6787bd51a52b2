"""A small province of agencies and helpers to staff it, shared by the accounts tests."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace
from zoneinfo import ZoneInfo

import pytest
from django_otp.oath import totp

from motcua.accounts.constants import Role, UserKind
from motcua.accounts.services import role_grant, user_create
from motcua.agencies.constants import AgencyKind, UnitKind
from motcua.agencies.models import AdministrativeUnit, Agency, Department

TODAY = dt.date(2026, 3, 10)
PASSWORD = "mat-khau-rat-dai-2026"


@pytest.fixture(autouse=True)
def _today(time_machine):
    # Role validity is by day: pin the day. Time keeps ticking for TOTP and throttling.
    time_machine.move_to(dt.datetime(2026, 3, 10, 9, 0, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh")))


@pytest.fixture
def world(db) -> SimpleNamespace:
    """Vĩnh Long (one commune) and Hồ Chí Minh City, with agencies at every distance:

    own ─ child ─ grandchild    sibling (same province)    commune (a commune of it)
    far (another province)
    """
    province = AdministrativeUnit.objects.create(
        code="86", name="Tỉnh Vĩnh Long", kind=UnitKind.PROVINCE
    )
    commune_unit = AdministrativeUnit.objects.create(
        code="29800", name="Xã Cái Nhum", kind=UnitKind.COMMUNE, parent=province
    )
    city = AdministrativeUnit.objects.create(
        code="79", name="Thành phố Hồ Chí Minh", kind=UnitKind.CENTRAL_CITY
    )

    def agency(code, name, unit, parent=None, kind=AgencyKind.DEPARTMENT):
        return Agency.objects.create(
            code=code, name=name, kind=kind, administrative_unit=unit, parent=parent
        )

    own = agency("H61.10", "Sở Nội vụ tỉnh Vĩnh Long", province)
    child = agency("H61.10.01", "Chi cục Văn thư - Lưu trữ", province, parent=own)
    grandchild = agency("H61.10.01.01", "Trung tâm Lưu trữ lịch sử", province, parent=child)
    sibling = agency("H61.11", "Sở Tư pháp tỉnh Vĩnh Long", province)
    commune = agency("H61.298", "UBND xã Cái Nhum", commune_unit, kind=AgencyKind.COMMUNE_COMMITTEE)
    far = agency("H29.10", "Sở Nội vụ Thành phố Hồ Chí Minh", city)
    return SimpleNamespace(
        own=own,
        child=child,
        grandchild=grandchild,
        sibling=sibling,
        commune=commune,
        far=far,
        own_department=Department.objects.create(agency=own, name="Phòng Công chức"),
        sibling_department=Department.objects.create(agency=sibling, name="Phòng Hành chính"),
    )


@pytest.fixture
def make_staff(db):
    """A staff account holding ``role`` in ``agency``; ``None`` role means no role at all."""
    counter = iter(range(1, 1000))

    def make(
        role: Role | None = None,
        agency: Agency | None = None,
        *,
        username: str | None = None,
        department: Department | None = None,
        valid_from: dt.date = dt.date(2025, 7, 1),
    ):
        user = user_create(
            username=username or f"canbo{next(counter)}",
            password=PASSWORD,
            kind=UserKind.STAFF,
            full_name="Nguyễn Văn An",
        )
        if role is not None:
            role_grant(
                user=user, role=role, agency=agency, department=department, valid_from=valid_from
            )
        return user

    return make


@pytest.fixture
def citizen(db):
    return user_create(
        username="congdan",
        password=PASSWORD,
        kind=UserKind.CITIZEN,
        full_name="Trần Thị Bình",
        identification_number="086185012345",
    )


@pytest.fixture
def system_admin(make_staff):
    return make_staff(Role.SYSTEM_ADMIN, None, username="quantri")


def current_code(device) -> str:
    """The code an authenticator app would show right now for ``device``."""
    code = totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits)
    return f"{code:0{device.digits}d}"
