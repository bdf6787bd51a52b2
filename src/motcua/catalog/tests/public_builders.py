"""Build a small public catalogue with the ORM for search, API, portal and browser tests.

Only one administrative unit and a few agencies are created: loading the 3,321 real
units would cost seconds per test for nothing these tests look at.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from motcua.agencies.constants import AgencyKind, UnitKind
from motcua.agencies.models import AdministrativeUnit, Agency
from motcua.catalog.constants import (
    CopyType,
    DecisionKind,
    FeeKind,
    GovernmentLevel,
    OnlineLevel,
    Requirement,
    VersionStatus,
)
from motcua.catalog.models import (
    Component,
    Fee,
    Field,
    Procedure,
    ProcedureCase,
    ProcedureVersion,
    PublicationDecision,
    Sector,
)
from motcua.workcalendar.constants import DeadlineUnit

IN_FORCE_FROM = dt.date(2025, 7, 1)


def province() -> AdministrativeUnit:
    unit, _ = AdministrativeUnit.objects.get_or_create(
        code="86", defaults={"name": "Vĩnh Long", "kind": UnitKind.PROVINCE}
    )
    return unit


def agency(code: str = "H61.201", name: str = "Ủy ban nhân dân xã Cái Nhum", **extra) -> Agency:
    defaults = {
        "name": name,
        "kind": AgencyKind.COMMUNE_COMMITTEE,
        "administrative_unit": province(),
        "address": "Ấp Hòa Long, xã Cái Nhum, tỉnh Vĩnh Long",
        "phone": "0270 3850 123",
        "valid_from": dt.date(2025, 7, 1),
        **extra,
    }
    found, _ = Agency.objects.get_or_create(code=code, defaults=defaults)
    return found


def field(code: str = "H61-HT", name: str = "Hộ tịch") -> Field:
    sector, _ = Sector.objects.get_or_create(code="TP", defaults={"name": "Tư pháp"})
    found, _ = Field.objects.get_or_create(code=code, defaults={"name": name, "sector": sector})
    return found


def decision(issuer: Agency) -> PublicationDecision:
    found, _ = PublicationDecision.objects.get_or_create(
        number="1094/QĐ-UBND",
        issuer=issuer,
        defaults={"date": dt.date(2025, 6, 25), "title": "Công bố danh mục thủ tục hành chính"},
    )
    return found


def version(
    code: str,
    name: str,
    *,
    in_field: Field | None = None,
    at: Agency | None = None,
    number: int = 1,
    status: str = VersionStatus.PUBLISHED,
    valid_from: dt.date | None = IN_FORCE_FROM,
    valid_to: dt.date | None = None,
    level: str = GovernmentLevel.COMMUNE,
    online_levels: tuple[str, ...] = (OnlineLevel.NONE,),
    processing: tuple[str, str] = ("5", DeadlineUnit.WORKING_DAYS),
    **extra,
) -> ProcedureVersion:
    """A version of procedure ``code`` (created if new), one case per online level."""
    at = at or agency()
    in_field = in_field or field()
    procedure, _ = Procedure.objects.get_or_create(
        code=code, defaults={"field": in_field, "owner_agency": at}
    )
    published = status != VersionStatus.DRAFT
    created = ProcedureVersion.objects.create(
        procedure=procedure,
        number=number,
        status=status,
        decision=decision(at) if published else None,
        decision_kind=DecisionKind.NEW if published else "",
        valid_from=valid_from if published else None,
        valid_to=valid_to,
        name=name,
        level=level,
        **extra,
    )
    created.implementing_agencies.add(at)
    created.competent_agencies.add(at)
    for position, online_level in enumerate(online_levels, start=1):
        case = ProcedureCase.objects.create(
            version=created,
            position=position,
            name=name if len(online_levels) == 1 else f"{name} — trường hợp {position}",
            processing_amount=Decimal(processing[0]),
            processing_unit=processing[1],
            online_level=online_level,
            delivery_channels=["counter", "post"],
            result_name="Văn bản kết quả",
        )
        Component.objects.create(
            case=case,
            position=1,
            name="Tờ khai theo mẫu",
            copy_type=CopyType.ORIGINAL,
            form_template_name="Tờ khai",
        )
    return created


def birth_registration(at: Agency | None = None) -> ProcedureVersion:
    """ "Đăng ký khai sinh" as a commune publishes it, with fees and two components."""
    created = version(
        "1.001193",
        "Đăng ký khai sinh",
        at=at,
        online_levels=(OnlineLevel.FULL,),
        processing=("0", DeadlineUnit.SAME_DAY),
        legal_basis="Luật Hộ tịch 2014; Nghị định 123/2015/NĐ-CP",
        requirements="Đăng ký trong thời hạn 60 ngày kể từ ngày sinh.",
        boundary_free=True,
    )
    case = created.cases.get()
    case.delivery_channels = ["counter", "post", "online"]
    case.result_name = "Giấy khai sinh"
    case.online_processing_amount = Decimal("0")
    case.online_processing_unit = DeadlineUnit.SAME_DAY
    case.save()
    case.components.all().delete()
    Component.objects.create(
        case=case,
        position=1,
        code="TP.HT.01",
        name="Tờ khai đăng ký khai sinh",
        copy_type=CopyType.ORIGINAL,
        form_template_name="Tờ khai đăng ký khai sinh",
    )
    Component.objects.create(
        case=case,
        position=2,
        name="Giấy chứng sinh",
        copy_type=CopyType.ORIGINAL_OR_CERTIFIED,
        requirement=Requirement.CONDITIONAL,
        condition="Khi sinh tại cơ sở y tế",
    )
    Fee.objects.create(
        case=case,
        position=1,
        kind=FeeKind.CHARGE,
        name="Lệ phí đăng ký khai sinh",
        amount=Decimal("0"),
        unit="hồ sơ",
        exemptions="Miễn lệ phí khi đăng ký đúng hạn",
    )
    Fee.objects.create(
        case=case,
        position=2,
        kind=FeeKind.FEE,
        name="Phí cấp bản sao trích lục",
        amount=Decimal("8000"),
        unit="bản",
    )
    return created
