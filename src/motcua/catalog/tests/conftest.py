"""A small province and catalogue builders for the catalogue's domain, admin and import tests.

Nothing here is autouse: the search and API tests in this folder bring their own set-up.
Modules that want "today" pinned and files in a temporary folder say so with
``pytestmark = pytest.mark.usefixtures("pinned_today", "media_root")``.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from types import SimpleNamespace
from zoneinfo import ZoneInfo

import pytest

from motcua.accounts.constants import Role, UserKind
from motcua.accounts.services import role_grant, user_create
from motcua.agencies.constants import AgencyKind, UnitKind
from motcua.agencies.models import AdministrativeUnit
from motcua.agencies.services import agency_create
from motcua.catalog.constants import (
    CopyType,
    DecisionKind,
    FeeKind,
    GovernmentLevel,
    OnlineLevel,
    Performer,
    Requirement,
    StepAction,
    VersionStatus,
)
from motcua.catalog.models import (
    Component,
    Fee,
    Field,
    ProcedureCase,
    ProcedureVersion,
    Sector,
    WorkflowStep,
)
from motcua.catalog.services import (
    case_save,
    decision_record,
    procedure_create,
    version_publish,
)
from motcua.workcalendar.constants import DeadlineUnit

TODAY = dt.date(2026, 3, 10)
PASSWORD = "mat-khau-rat-dai-2026"

BIRTH_FORM = {
    "fields": [
        {"name": "child_full_name", "label": "Họ, chữ đệm và tên của trẻ", "type": "text",
         "required": True, "max_length": 100, "help": "Viết đúng như trên giấy chứng sinh"},
        {"name": "birth_date", "label": "Ngày sinh", "type": "date", "required": True},
        {"name": "has_father", "label": "Có thông tin người cha", "type": "choice",
         "choices": [{"value": "co", "label": "Có"}, {"value": "khong", "label": "Không"}]},
        {"name": "father_id", "label": "Số định danh cá nhân của cha", "type": "personal_id",
         "required_if": {"field": "has_father", "equals": "co"}},
        {"name": "residence", "label": "Nơi cư trú", "type": "address", "required": True},
        {"name": "weight_kg", "label": "Cân nặng (kg)", "type": "number", "min": 0, "max": 10},
        {"name": "birth_certificate", "label": "Giấy chứng sinh", "type": "file",
         "component": "TP.HT.02"},
    ]
}  # fmt: skip


@pytest.fixture
def pinned_today(time_machine):
    # Role validity, "published_at" and "a decision cannot be dated after today" need a day.
    time_machine.move_to(dt.datetime(2026, 3, 10, 9, 0, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh")))


@pytest.fixture
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def world(db) -> SimpleNamespace:
    """Vĩnh Long with agencies at every distance from the owner of the procedures:

    committee (UBND tỉnh, above) ─ owner (Sở Tư pháp) ─ below (a unit of it)
                                 └ sibling (Sở Xây dựng)
    commune (UBND xã)            far (another province)
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
        return agency_create(
            code=code,
            name=name,
            kind=kind,
            administrative_unit=unit,
            parent=parent,
            valid_from=dt.date(2025, 7, 1),
        )

    committee = agency(
        "H61", "Ủy ban nhân dân tỉnh Vĩnh Long", province, kind=AgencyKind.PROVINCIAL_COMMITTEE
    )
    owner = agency("H61.11", "Sở Tư pháp tỉnh Vĩnh Long", province, parent=committee)
    sector = Sector.objects.create(code="TP", name="Tư pháp")
    return SimpleNamespace(
        committee=committee,
        owner=owner,
        below=agency("H61.11.01", "Phòng Hành chính tư pháp", province, parent=owner),
        sibling=agency("H61.14", "Sở Xây dựng tỉnh Vĩnh Long", province, parent=committee),
        commune=agency(
            "H61.201",
            "Ủy ban nhân dân xã Cái Nhum",
            commune_unit,
            kind=AgencyKind.COMMUNE_COMMITTEE,
        ),
        far=agency("H29.10", "Sở Nội vụ Thành phố Hồ Chí Minh", city),
        sector=sector,
        field=Field.objects.create(code="H61-HT", name="Hộ tịch", sector=sector),
    )


@pytest.fixture
def make_staff(db):
    """A staff account holding ``role`` in ``agency`` (``None`` role: no role at all)."""
    counter = iter(range(1, 1000))

    def make(role: Role | None = None, agency=None, *, username: str | None = None):
        user = user_create(
            username=username or f"canbo{next(counter)}",
            password=PASSWORD,
            kind=UserKind.STAFF,
            full_name="Nguyễn Văn An",
        )
        if role is not None:
            role_grant(user=user, role=role, agency=agency, valid_from=dt.date(2025, 7, 1))
        return user

    return make


@pytest.fixture
def editor(world, make_staff):
    """The agency administrator of the owning agency."""
    return make_staff(Role.AGENCY_ADMIN, world.owner, username="qt_so_tu_phap")


@pytest.fixture
def citizen(db):
    return user_create(
        username="congdan",
        password=PASSWORD,
        kind=UserKind.CITIZEN,
        full_name="Trần Thị Bình",
        identification_number="086185012345",
    )


# --- Builders: a valid catalogue through the services --------------------------------------


def case_rows(*, commune=None) -> list:
    """Fees, components and a three-step workflow (20 working hours) for a birth case."""
    return [
        Fee(position=1, kind=FeeKind.CHARGE, name="Lệ phí đăng ký khai sinh", amount=Decimal(0),
            unit="hồ sơ", exemptions="Miễn lệ phí khi đăng ký đúng hạn"),
        Component(position=1, code="TP.HT.01", name="Tờ khai đăng ký khai sinh",
                  copy_type=CopyType.ORIGINAL, form_template_name="Tờ khai đăng ký khai sinh",
                  reuse_sources=["citizen_store"]),
        Component(position=2, code="TP.HT.02", name="Giấy chứng sinh",
                  copy_type=CopyType.ORIGINAL_OR_CERTIFIED),
        Component(position=3, code="", name="Văn bản ủy quyền", copy_type=CopyType.CERTIFIED_COPY,
                  requirement=Requirement.CONDITIONAL, condition="Khi nộp thay"),
        WorkflowStep(position=1, name="Tiếp nhận, kiểm tra hồ sơ",
                     performer=Performer.RECEIVING_CENTRE, role=Role.COUNTER_OFFICER,
                     hours=Decimal(4), actions=["forward", "request_supplement", "refuse"]),
        WorkflowStep(position=2, name="Thẩm định hồ sơ", performer=Performer.COMPETENT_AGENCY,
                     department_name="Văn phòng", role=Role.PROCESSING_OFFICER, hours=Decimal(12),
                     actions=["forward", "return", "consult"]),
        WorkflowStep(position=3, name="Phê duyệt, ký kết quả", performer=Performer.COMPETENT_AGENCY,
                     role=Role.AGENCY_LEADER, hours=Decimal(4),
                     actions=[StepAction.APPROVE, StepAction.REFUSE, StepAction.RETURN]),
    ]  # fmt: skip


def add_case(version: ProcedureVersion, *, position: int = 1, rows=None, **fields) -> ProcedureCase:
    values = {
        "name": "Đăng ký khai sinh đúng hạn",
        "processing_amount": Decimal(3),
        "processing_unit": DeadlineUnit.WORKING_DAYS,
        "online_level": OnlineLevel.FULL,
        "delivery_channels": ["counter", "post", "online"],
        "result_name": "Giấy khai sinh",
        "result_code": "KQ.HT.01",
        "form_schema": BIRTH_FORM,
        **fields,
    }
    case = ProcedureCase(version=version, position=position, **values)
    return case_save(case=case, save_items=case_rows() if rows is None else rows)


def valid_draft(world, *, code: str = "1.001193", name: str = "Đăng ký khai sinh", user=None):
    draft = procedure_create(
        code=code,
        field=world.field,
        owner_agency=world.owner,
        name=name,
        level=GovernmentLevel.COMMUNE,
        created_by=user,
    )
    add_case(draft)
    return draft


def publish(
    version: ProcedureVersion,
    world,
    *,
    on: dt.date = dt.date(2025, 7, 1),
    number: str = "1094/QĐ-UBND",
    kind: DecisionKind | None = None,
) -> ProcedureVersion:
    # A decision is signed on or before the day it takes effect, never after today.
    decision = decision_record(
        number=number, issuer=world.committee, date=min(on, TODAY), signer="Nguyễn Văn A"
    )
    if kind is None:
        published = version.procedure.versions.filter(status=VersionStatus.PUBLISHED).exists()
        kind = DecisionKind.AMENDED if published else DecisionKind.NEW
    return version_publish(version=version, decision=decision, kind=kind, valid_from=on)
