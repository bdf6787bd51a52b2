"""A small province built with the ORM, its staff, two procedures and the real 2026 calendar.

Vĩnh Long (unit 86) with two communes, and Hồ Chí Minh City for a centre far away:

    centre   H61.17        provincial one-stop centre (receives)
    justice  H61.11        Sở Tư pháp: competent for both procedures, the lead agency
    finance  H61.12        Sở Tài chính: second agency of the liên thông procedure
    commune  H61.298       UBND xã Cái Nhum, with its centre H61.298.01 below it
    far      H29.17        the centre of another province

``licence`` is a provincial procedure (5 working days, 4 online, supplement clock
"pause"); ``joint`` is a liên thông procedure (10 working days, stage 2 at finance,
supplement clock "restart", received regardless of boundary). Nothing is autouse: the
forms tests in this package build their own data.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from types import SimpleNamespace

from django.core.management import call_command

import pytest

from motcua.accounts.constants import Role, UserKind
from motcua.accounts.services import role_grant, user_create
from motcua.agencies.constants import AgencyKind, UnitKind
from motcua.agencies.models import AdministrativeUnit, Agency, Department
from motcua.catalog.constants import (
    CopyType,
    DecisionKind,
    GovernmentLevel,
    OnlineLevel,
    Performer,
    Requirement,
    SupplementClock,
    VersionStatus,
)
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
from motcua.dossiers.constants import ApplicantKind, Channel
from motcua.dossiers.inputs import Applicant, Application, ComponentInput
from motcua.workcalendar.constants import DeadlineUnit
from motcua.workcalendar.engine import VN_TZ

CITIZEN_ID = "086185012345"
OTHER_CITIZEN_ID = "086090012345"
REPRESENTATIVE_ID = "001080012345"


def at(text: str) -> dt.datetime:
    """'2026-02-11 09:00' as a Vietnam-time aware datetime."""
    return dt.datetime.fromisoformat(text).replace(tzinfo=VN_TZ)


@pytest.fixture
def now(time_machine):
    """Pin the clock; ``now("2026-02-12 10:00")`` moves it. Starts Wed 11/02/2026 09:00."""

    def move(text: str) -> dt.datetime:
        moment = at(text)
        time_machine.move_to(moment, tick=False)
        return moment

    move("2026-02-11 09:00")
    return move


@pytest.fixture
def calendar(db):
    call_command("seed_calendar", verbosity=0)


def _agency(code, name, unit, kind, parent=None) -> Agency:
    return Agency.objects.create(
        code=code, name=name, kind=kind, administrative_unit=unit, parent=parent
    )


def _staff(username: str, role: Role, agency: Agency, *, email: str = ""):
    user = user_create(
        username=username,
        password=None,
        kind=UserKind.STAFF,
        full_name=username.replace("_", " ").title(),
        email=email or f"{username}@example.test",
    )
    role_grant(user=user, role=role, agency=agency, valid_from=dt.date(2025, 7, 1))
    return user


def _version(code: str, name: str, *, issuer: Agency, field: Field, **extra) -> ProcedureVersion:
    procedure = Procedure.objects.create(code=code, field=field, owner_agency=issuer)
    decision, _ = PublicationDecision.objects.get_or_create(
        number="1094/QĐ-UBND", issuer=issuer, defaults={"date": dt.date(2025, 6, 25)}
    )
    return ProcedureVersion.objects.create(
        procedure=procedure,
        number=1,
        status=VersionStatus.PUBLISHED,
        decision=decision,
        decision_kind=DecisionKind.NEW,
        valid_from=dt.date(2025, 7, 1),
        name=name,
        level=GovernmentLevel.PROVINCE,
        **extra,
    )


def _step(
    case, position, name, performer, role, hours, actions, stage=1, agency=None, department_name=""
):
    return WorkflowStep.objects.create(
        case=case,
        position=position,
        name=name,
        performer=performer,
        agency=agency,
        role=role,
        hours=Decimal(hours),
        actions=actions,
        stage=stage,
        department_name=department_name,
    )


@pytest.fixture
def world(db, calendar, now) -> SimpleNamespace:
    province = AdministrativeUnit.objects.create(
        code="86", name="Tỉnh Vĩnh Long", kind=UnitKind.PROVINCE, source="test"
    )
    commune_unit = AdministrativeUnit.objects.create(
        code="29800", name="Xã Cái Nhum", kind=UnitKind.COMMUNE, parent=province, source="test"
    )
    city = AdministrativeUnit.objects.create(
        code="79", name="Thành phố Hồ Chí Minh", kind=UnitKind.CENTRAL_CITY
    )
    centre = _agency(
        "H61.17",
        "Trung tâm Phục vụ hành chính công tỉnh Vĩnh Long",
        province,
        AgencyKind.PROVINCIAL_SERVICE_CENTRE,
    )
    justice = _agency("H61.11", "Sở Tư pháp tỉnh Vĩnh Long", province, AgencyKind.DEPARTMENT)
    finance = _agency("H61.12", "Sở Tài chính tỉnh Vĩnh Long", province, AgencyKind.DEPARTMENT)
    commune = _agency("H61.298", "UBND xã Cái Nhum", commune_unit, AgencyKind.COMMUNE_COMMITTEE)
    commune_centre = _agency(
        "H61.298.01",
        "Trung tâm Phục vụ hành chính công xã Cái Nhum",
        commune_unit,
        AgencyKind.COMMUNE_SERVICE_CENTRE,
        parent=commune,
    )
    far = _agency(
        "H29.17",
        "Trung tâm Phục vụ hành chính công Thành phố Hồ Chí Minh",
        city,
        AgencyKind.PROVINCIAL_SERVICE_CENTRE,
    )
    department = Department.objects.create(agency=justice, name="Phòng Hành chính tư pháp")

    sector = Sector.objects.create(code="TP", name="Tư pháp")
    field = Field.objects.create(code="H61-TP", name="Tư pháp", sector=sector)

    licence = _version(
        "2.000001.H61",
        "Cấp giấy phép hoạt động tổ chức hành nghề",
        issuer=justice,
        field=field,
        supplement_clock=SupplementClock.PAUSE,
    )
    licence.competent_agencies.add(justice)
    licence_case = ProcedureCase.objects.create(
        version=licence,
        position=1,
        name="Cấp mới",
        processing_amount=Decimal(5),
        processing_unit=DeadlineUnit.WORKING_DAYS,
        online_processing_amount=Decimal(4),
        online_processing_unit=DeadlineUnit.WORKING_DAYS,
        online_level=OnlineLevel.FULL,
        delivery_channels=["counter", "post", "online"],
        result_name="Giấy phép hoạt động",
        result_returned_by=Performer.RECEIVING_CENTRE,
        form_schema={
            "fields": [
                {
                    "name": "organisation_name",
                    "label": "Tên tổ chức",
                    "type": "text",
                    "required": True,
                    "max_length": 200,
                },
                {"name": "staff_count", "label": "Số người hành nghề", "type": "number", "min": 1},
                {
                    "name": "director_id",
                    "label": "Số định danh của người đứng đầu",
                    "type": "personal_id",
                },
            ]
        },
    )
    form = Component.objects.create(
        case=licence_case,
        position=1,
        code="TP.01",
        name="Tờ khai đề nghị cấp giấy phép",
        copy_type=CopyType.ORIGINAL,
    )
    id_copy = Component.objects.create(
        case=licence_case,
        position=2,
        code="TP.02",
        name="Bản sao giấy tờ chứng minh nhân thân",
        copy_type=CopyType.COPY,
    )
    power = Component.objects.create(
        case=licence_case,
        position=3,
        code="TP.03",
        name="Giấy ủy quyền",
        copy_type=CopyType.ORIGINAL,
        requirement=Requirement.CONDITIONAL,
        condition="Khi nộp qua người được ủy quyền",
    )
    _step(
        licence_case,
        1,
        "Tiếp nhận, kiểm tra hồ sơ",
        Performer.RECEIVING_CENTRE,
        Role.COUNTER_OFFICER,
        "2",
        ["forward"],
    )
    _step(
        licence_case,
        2,
        "Thẩm định hồ sơ",
        Performer.COMPETENT_AGENCY,
        Role.PROCESSING_OFFICER,
        "22",
        ["forward", "return", "request_supplement", "consult"],
        department_name="phòng hành chính tư pháp",
    )
    _step(
        licence_case,
        3,
        "Phê duyệt, ký kết quả",
        Performer.COMPETENT_AGENCY,
        Role.AGENCY_LEADER,
        "8",
        ["return", "approve", "refuse"],
    )

    joint = _version(
        "2.000002.H61",
        "Thủ tục liên thông cấp phép và xác định nghĩa vụ tài chính",
        issuer=justice,
        field=field,
        supplement_clock=SupplementClock.RESTART,
        boundary_free=True,
    )
    joint.competent_agencies.add(justice)
    joint_case = ProcedureCase.objects.create(
        version=joint,
        position=1,
        name="Liên thông",
        processing_amount=Decimal(10),
        processing_unit=DeadlineUnit.WORKING_DAYS,
        online_level=OnlineLevel.PARTIAL,
        delivery_channels=["counter", "post"],
        result_name="Quyết định",
        result_returned_by=Performer.COMPETENT_AGENCY,
    )
    joint_form = Component.objects.create(
        case=joint_case, position=1, name="Đơn đề nghị", copy_type=CopyType.ORIGINAL
    )
    _step(
        joint_case,
        1,
        "Tiếp nhận",
        Performer.RECEIVING_CENTRE,
        Role.COUNTER_OFFICER,
        "2",
        ["forward"],
    )
    _step(
        joint_case,
        2,
        "Thẩm định",
        Performer.COMPETENT_AGENCY,
        Role.PROCESSING_OFFICER,
        "16",
        ["forward", "return", "request_supplement"],
    )
    _step(
        joint_case,
        3,
        "Xác định nghĩa vụ tài chính",
        Performer.SPECIFIC_AGENCY,
        Role.PROCESSING_OFFICER,
        "24",
        ["forward", "return"],
        stage=2,
        agency=finance,
    )
    _step(
        joint_case,
        4,
        "Phê duyệt",
        Performer.COMPETENT_AGENCY,
        Role.AGENCY_LEADER,
        "8",
        ["approve", "refuse", "return"],
        stage=3,
    )

    citizen = user_create(
        username="congdan",
        password=None,
        kind=UserKind.CITIZEN,
        full_name="Trần Thị Bình",
        identification_number=CITIZEN_ID,
        email="binh@example.test",
    )
    other_citizen = user_create(
        username="congdankhac",
        password=None,
        kind=UserKind.CITIZEN,
        full_name="Lê Văn Cường",
        identification_number=OTHER_CITIZEN_ID,
    )
    return SimpleNamespace(
        province=province,
        commune_unit=commune_unit,
        centre=centre,
        justice=justice,
        finance=finance,
        commune=commune,
        commune_centre=commune_centre,
        far=far,
        department=department,
        licence=licence,
        licence_case=licence_case,
        form=form,
        id_copy=id_copy,
        power=power,
        joint=joint,
        joint_case=joint_case,
        joint_form=joint_form,
        counter=_staff("tiep_nhan", Role.COUNTER_OFFICER, centre),
        counter_far=_staff("tiep_nhan_hcm", Role.COUNTER_OFFICER, far),
        counter_commune=_staff("tiep_nhan_xa", Role.COUNTER_OFFICER, commune_centre),
        officer=_staff("chuyen_vien", Role.PROCESSING_OFFICER, justice),
        officer2=_staff("chuyen_vien_2", Role.PROCESSING_OFFICER, justice),
        head=_staff("truong_phong", Role.DEPARTMENT_HEAD, justice),
        leader=_staff("giam_doc", Role.AGENCY_LEADER, justice),
        clerk=_staff("van_thu", Role.DOCUMENT_CLERK, justice),
        finance_officer=_staff("chuyen_vien_tc", Role.PROCESSING_OFFICER, finance),
        finance_leader=_staff("giam_doc_tc", Role.AGENCY_LEADER, finance),
        monitor=_staff("giam_sat", Role.MONITORING_OFFICER, centre),
        citizen=citizen,
        other_citizen=other_citizen,
    )


def applicant(**changes) -> Applicant:
    values = {
        "kind": ApplicantKind.PERSON,
        "name": "Trần Thị Bình",
        "id_number": CITIZEN_ID,
        "phone": "0912 345 678",
        "email": "binh@example.test",
        "address": "Ấp Hòa Long, xã Cái Nhum, tỉnh Vĩnh Long",
    }
    return Applicant(**{**values, **changes})


def components(world, *, with_power: bool = False) -> list[ComponentInput]:
    chosen = [ComponentInput(world.form.pk), ComponentInput(world.id_copy.pk, copies=2)]
    if with_power:
        chosen.append(ComponentInput(world.power.pk))
    return chosen


def application(world, **changes) -> Application:
    """An application for the licence at the provincial centre, handed in at the counter."""
    values = {
        "case": world.licence_case,
        "channel": Channel.COUNTER,
        "receiving_agency": world.centre,
        "competent_agency": world.justice,
        "applicant": applicant(),
        "components": components(world),
        "form_data": {"organisation_name": "Văn phòng công chứng Cái Nhum", "staff_count": 3},
        "delivery_channel": "counter",
    }
    return Application(**{**values, **changes})


def joint_application(world, **changes) -> Application:
    values = {
        "case": world.joint_case,
        "components": [ComponentInput(world.joint_form.pk)],
        "form_data": {},
    }
    return application(world, **{**values, **changes})
