"""A demo province: its agencies on real administrative units, and staff and citizen logins.

Any of the 34 provinces can be built, chosen by its level-1 code. Agency names follow the
post-2025 organisation (NĐ 150/2025: merged departments, a public administration service
centre at province and commune level); the codes below level 1, addresses, phone numbers
and people are made up but shaped like the real ones. Vertical agencies (tax, social
insurance, police) carry stand-in codes in the province's range; the real ones use their
ministry's codes.

Loading is idempotent: what exists (an agency code, a department name in its agency, a
username, an active role) is left alone. Demo agencies are reference data and are bulk
inserted without audit events; accounts go through the account services, which audit.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import NamedTuple

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from motcua.accounts.constants import Role, UserKind
from motcua.accounts.models import RoleAssignment, User
from motcua.accounts.services import role_end, role_grant, user_create
from motcua.core.text import fold

from .constants import AgencyKind, UnitKind
from .models import AdministrativeUnit, Agency, Department
from .provinces import BY_AGENCY_CODE
from .selectors import unit_communes, unit_province_get
from .units import REFORM_DATE, province_phone_code

# Published in docs/agencies.md on purpose; load_demo_province refuses to run without DEBUG.
DEMO_PASSWORD = "motcua-demo-2026"  # noqa: S105
DEMO_USERNAME_PREFIX = "demo."
# Stored data, written in the language of the data like agency names.
DEMO_NOTE = "Tài khoản demo (load_demo_province), mật khẩu công khai."


class AgencySpec(NamedTuple):
    suffix: str  # appended to the level-1 code: ".17" → H61.17; "" is the UBND itself
    name: str  # followed by the place: "Sở Nội vụ" → "Sở Nội vụ tỉnh Vĩnh Long"
    short_name: str  # empty: the name without the place
    abbreviation: str  # as in document numbers, 12/QĐ-SNV
    kind: AgencyKind
    parent: str | None  # suffix of the parent agency
    mailbox: str


K = AgencyKind
PROVINCIAL_AGENCIES: tuple[AgencySpec, ...] = tuple(
    AgencySpec(*row)
    for row in (
        ("", "Ủy ban nhân dân", "UBND {place}", "UBND", K.PROVINCIAL_COMMITTEE, None, "ubnd"),
        (
            ".01",
            "Văn phòng Ủy ban nhân dân",
            "Văn phòng UBND {place}",
            "VP",
            K.PROVINCIAL_OFFICE,
            "",
            "vp",
        ),
        (
            ".01.01",
            "Trung tâm Phục vụ hành chính công",
            "Trung tâm PVHCC {place}",
            "TTPVHCC",
            K.PROVINCIAL_SERVICE_CENTRE,
            ".01",
            "ttpvhcc",
        ),
        (".10", "Sở Nội vụ", "", "SNV", K.DEPARTMENT, "", "snv"),
        (".11", "Sở Tư pháp", "", "STP", K.DEPARTMENT, "", "stp"),
        (".12", "Sở Tài chính", "", "STC", K.DEPARTMENT, "", "stc"),
        (".13", "Sở Công Thương", "", "SCT", K.DEPARTMENT, "", "sct"),
        (".14", "Sở Nông nghiệp và Môi trường", "", "SNNMT", K.DEPARTMENT, "", "snnmt"),
        (".15", "Sở Xây dựng", "", "SXD", K.DEPARTMENT, "", "sxd"),
        (".16", "Sở Khoa học và Công nghệ", "", "SKHCN", K.DEPARTMENT, "", "skhcn"),
        (".17", "Sở Văn hóa, Thể thao và Du lịch", "", "SVHTTDL", K.DEPARTMENT, "", "svhttdl"),
        (".18", "Sở Giáo dục và Đào tạo", "", "SGDĐT", K.DEPARTMENT, "", "sgddt"),
        (".19", "Sở Y tế", "", "SYT", K.DEPARTMENT, "", "syt"),
        (".20", "Sở Dân tộc và Tôn giáo", "", "SDTTG", K.DEPARTMENT, "", "sdttg"),
        (".21", "Thanh tra", "Thanh tra {level}", "TTr", K.DEPARTMENT, "", "thanhtra"),
        (
            ".22",
            "Ban Quản lý các khu công nghiệp",
            "Ban Quản lý các KCN",
            "BQLKCN",
            K.OTHER,
            "",
            "bqlkcn",
        ),
        (".91", "Thuế", "Thuế {level}", "TTh", K.VERTICAL, None, "thue"),
        (".92", "Bảo hiểm xã hội", "BHXH {level}", "BHXH", K.VERTICAL, None, "bhxh"),
        (".93", "Công an", "Công an {level}", "CAT", K.VERTICAL, None, "congan"),
    )
)
# Departments (phòng) inside some provincial agencies, by abbreviation.
PROVINCIAL_DEPARTMENTS: dict[str, tuple[str, ...]] = {
    "VP": ("Phòng Hành chính - Tổ chức", "Phòng Kiểm soát thủ tục hành chính"),
    "TTPVHCC": ("Bộ phận Tiếp nhận và Trả kết quả", "Phòng Giám sát, đánh giá"),
    "SNV": (
        "Văn phòng Sở",
        "Phòng Tổ chức, biên chế và tổ chức phi chính phủ",
        "Phòng Cải cách hành chính",
        "Phòng Việc làm - Lao động",
    ),
    "STP": ("Văn phòng Sở", "Phòng Hành chính tư pháp", "Phòng Bổ trợ tư pháp"),
    "STC": ("Văn phòng Sở", "Phòng Đăng ký kinh doanh", "Phòng Quản lý ngân sách"),
    "SNNMT": ("Văn phòng Sở", "Phòng Quản lý đất đai", "Phòng Môi trường"),
    "SXD": ("Phòng Quản lý xây dựng", "Phòng Quản lý phương tiện và người lái"),
    "SYT": ("Phòng Nghiệp vụ Y", "Phòng Nghiệp vụ Dược"),
}
COMMUNE_CODE_START = 201  # UBND xã/phường get H61.201, H61.202, … in unit-code order
COMMUNE_DEPARTMENTS = {
    UnitKind.WARD: (
        "Văn phòng HĐND và UBND",
        "Phòng Kinh tế, Hạ tầng và Đô thị",
        "Phòng Văn hóa - Xã hội",
    ),
    UnitKind.COMMUNE: ("Văn phòng HĐND và UBND", "Phòng Kinh tế", "Phòng Văn hóa - Xã hội"),
}
COMMUNE_DEPARTMENTS[UnitKind.SPECIAL_ZONE] = COMMUNE_DEPARTMENTS[UnitKind.WARD]
COMMUNE_CENTRE_DEPARTMENTS = ("Bộ phận Tiếp nhận và Trả kết quả",)


class StaffSpec(NamedTuple):
    username: str
    full_name: str
    role: Role
    agency: str | None  # suffix as in AgencySpec; "commune" = the first commune's centre
    department: str = ""


STAFF: tuple[StaffSpec, ...] = (
    StaffSpec("demo.quantri", "Lê Minh Quân", Role.SYSTEM_ADMIN, None),
    StaffSpec("demo.quantri.trungtam", "Phạm Thu Hà", Role.AGENCY_ADMIN, ".01.01"),
    StaffSpec(
        "demo.tiepnhan.tinh",
        "Nguyễn Thị Hồng",
        Role.COUNTER_OFFICER,
        ".01.01",
        "Bộ phận Tiếp nhận và Trả kết quả",
    ),
    StaffSpec(
        "demo.tiepnhan.xa",
        "Võ Văn Tài",
        Role.COUNTER_OFFICER,
        "commune",
        "Bộ phận Tiếp nhận và Trả kết quả",
    ),
    StaffSpec(
        "demo.chuyenvien.snv",
        "Trần Quốc Bảo",
        Role.PROCESSING_OFFICER,
        ".10",
        "Phòng Tổ chức, biên chế và tổ chức phi chính phủ",
    ),
    StaffSpec(
        "demo.truongphong.snv",
        "Huỳnh Thị Thanh",
        Role.DEPARTMENT_HEAD,
        ".10",
        "Phòng Tổ chức, biên chế và tổ chức phi chính phủ",
    ),
    StaffSpec("demo.lanhdao.snv", "Đặng Văn Hùng", Role.AGENCY_LEADER, ".10"),
    StaffSpec("demo.vanthu.snv", "Bùi Thị Ngọc", Role.DOCUMENT_CLERK, ".10", "Văn phòng Sở"),
    StaffSpec(
        "demo.giamsat.snv",
        "Phan Minh Trí",
        Role.MONITORING_OFFICER,
        ".10",
        "Phòng Cải cách hành chính",
    ),
    StaffSpec(
        "demo.chuyenvien.stp",
        "Lý Thị Kim",
        Role.PROCESSING_OFFICER,
        ".11",
        "Phòng Hành chính tư pháp",
    ),
    StaffSpec(
        "demo.truongphong.stp",
        "Đỗ Thanh Sơn",
        Role.DEPARTMENT_HEAD,
        ".11",
        "Phòng Hành chính tư pháp",
    ),
    StaffSpec("demo.lanhdao.stp", "Trương Văn Phúc", Role.AGENCY_LEADER, ".11"),
)


class ClientSpec(NamedTuple):
    username: str
    full_name: str
    kind: UserKind
    identification_number: str  # "{province}" is the 3-digit birthplace code of the province


CLIENTS: tuple[ClientSpec, ...] = (
    # Personal identification numbers: birthplace (3), century and sex (1), birth year (2),
    # serial (6); a man born in 1985 and a woman born in 1992.
    ClientSpec("demo.congdan1", "Nguyễn Văn Bình", UserKind.CITIZEN, "{province}085012345"),
    ClientSpec("demo.congdan2", "Trần Thị Mai", UserKind.CITIZEN, "{province}192006789"),
    # Tax code: nine digits and a check digit (weights 31, 29, 23, 19, 17, 13, 7, 5, 3; mod 11).
    ClientSpec(
        "demo.doanhnghiep",
        "Công ty TNHH Thương mại Dịch vụ Mẫu",
        UserKind.ORGANISATION,
        "1500456787",
    ),
)


class DemoResult(NamedTuple):
    agencies: int
    departments: int
    users: int
    roles: int


class DemoLogin(NamedTuple):
    username: str
    role: str
    agency: str


@transaction.atomic
def demo_province_load(*, agency_code: str) -> DemoResult:
    """Build the demo for the province whose UBND has level-1 code ``agency_code`` (e.g. H61).

    Needs the administrative units loaded. Demo staff hold exactly the roles listed in
    ``STAFF`` for this province: roles they hold elsewhere (an earlier demo of another
    province) are ended.
    """
    entry = BY_AGENCY_CODE.get(agency_code.strip().upper())
    if entry is None:
        raise ValidationError(
            _("“%(code)s” is not the code of one of the 34 provinces (e.g. H61 for Vĩnh Long).")
            % {"code": agency_code}
        )
    province = unit_province_get(entry.unit_code)
    communes = list(unit_communes(province).order_by("code")) if province else []
    if not communes:
        raise ValidationError(
            _("The administrative units are not loaded; run load_admin_units first.")
        )

    builder = _Builder(entry.agency_code, province, communes)
    agencies = builder.create_agencies()
    departments = builder.create_departments()
    users, roles = _create_accounts(builder, entry.unit_code)
    return DemoResult(agencies=agencies, departments=departments, users=users, roles=roles)


def demo_logins(*, on: dt.date | None = None) -> list[DemoLogin]:
    """Every demo account with its active roles (or its kind, for citizens), for the login table."""
    day = on or timezone.localdate()
    order = {spec.username: n for n, spec in enumerate(STAFF + CLIENTS)}
    users = sorted(
        User.objects.filter(username__startswith=DEMO_USERNAME_PREFIX),
        key=lambda user: (order.get(user.username, len(order)), user.username),
    )
    assignments = (
        RoleAssignment.objects.active_on(day)
        .filter(user__in=users)
        .select_related("agency")
        .order_by("valid_from", "pk")
    )
    roles_by_user: dict[int, list[RoleAssignment]] = {}
    for assignment in assignments:
        roles_by_user.setdefault(assignment.user_id, []).append(assignment)
    rows = []
    for user in users:
        held = roles_by_user.get(user.pk)
        if not held:
            rows.append(DemoLogin(user.username, str(user.get_kind_display()), ""))
        for assignment in held or ():
            agency = assignment.agency
            where = (agency.short_name or agency.name) if agency else _("whole system")
            rows.append(DemoLogin(user.username, str(assignment.get_role_display()), where))
    return rows


class _Builder:
    """Turns the specs into rows for one province."""

    def __init__(
        self, level1: str, province: AdministrativeUnit, communes: list[AdministrativeUnit]
    ):
        self.level1 = level1
        self.province = province
        self.communes = communes
        provincial = province.kind == UnitKind.PROVINCE
        self.level = "tỉnh" if provincial else "thành phố"
        self.place = f"tỉnh {province.name}" if provincial else _lower_first(province.name)
        self.domain = fold(province.name.removeprefix("Thành phố ")).replace(" ", "") + ".gov.vn"
        self.area_code = province_phone_code(province.code)
        wards = [c for c in communes if c.kind == UnitKind.WARD] or communes
        self.seat = _lower_first(wards[0].name)  # the lowest-numbered ward stands in for the seat
        self.first_commune_centre = f"{level1}.{COMMUNE_CODE_START}.01"
        self.rows = list(self._agency_rows())
        self.agencies: dict[str, Agency] = {}  # code → row, filled by create_agencies()

    def _phone(self, number: int) -> str:
        # Landlines: 0, area code, 7 digits; 8 digits in Hà Nội and Hồ Chí Minh City (area 24, 28).
        local = f"38{number:06d}" if self.area_code < 100 else f"38{number:05d}"
        return f"0{self.area_code} {local[:4]} {local[4:]}"

    def _agency_rows(self) -> Iterator[tuple[Agency, str | None, tuple[str, ...]]]:
        """(unsaved agency, parent code, department names), parents before children."""
        for number, spec in enumerate(PROVINCIAL_AGENCIES):
            agency = Agency(
                code=self.level1 + spec.suffix,
                name=f"{spec.name} {self.place}",
                short_name=spec.short_name.format(place=self.place, level=self.level) or spec.name,
                abbreviation=spec.abbreviation,
                kind=spec.kind,
                administrative_unit=self.province,
                address=f"Số {number * 2 + 1} đường Trung tâm hành chính, {self.seat}, {self.place}",
                phone=self._phone(1100 + number * 10),
                email=f"{spec.mailbox}@{self.domain}",
            )
            parent = None if spec.parent is None else self.level1 + spec.parent
            yield agency, parent, PROVINCIAL_DEPARTMENTS.get(spec.abbreviation, ())
        for index, commune in enumerate(self.communes):
            place = _lower_first(commune.name)
            mailbox = fold(commune.name).replace(" ", "")
            common = {
                "administrative_unit": commune,
                "address": f"Trụ sở UBND {place}, {self.place}",
                "phone": self._phone(5000 + index * 10),
            }
            committee = Agency(
                code=f"{self.level1}.{COMMUNE_CODE_START + index}",
                name=f"Ủy ban nhân dân {place}",
                short_name=f"UBND {place}",
                abbreviation="UBND",
                kind=AgencyKind.COMMUNE_COMMITTEE,
                email=f"{mailbox}@{self.domain}",
                **common,
            )
            yield committee, self.level1, COMMUNE_DEPARTMENTS[commune.kind]
            centre = Agency(
                code=committee.code + ".01",
                name=f"Trung tâm Phục vụ hành chính công {place}",
                short_name=f"Trung tâm PVHCC {place}",
                abbreviation="TTPVHCC",
                kind=AgencyKind.COMMUNE_SERVICE_CENTRE,
                email=f"ttpvhcc.{mailbox}@{self.domain}",
                **common,
            )
            yield centre, committee.code, COMMUNE_CENTRE_DEPARTMENTS

    def create_agencies(self) -> int:
        # A code already used (by an earlier run, or a demo agency since superseded) is kept
        # as it is; its row in force, else its latest one, stands as parent and workplace.
        codes = [agency.code for agency, _parent, _departments in self.rows]
        for agency in Agency.objects.filter(code__in=codes).order_by(
            F("valid_to").desc(nulls_first=True)
        ):
            self.agencies.setdefault(agency.code, agency)
        pending = [
            (agency, parent) for agency, parent, _ in self.rows if agency.code not in self.agencies
        ]
        created = len(pending)
        while pending:  # in waves, so that every parent has its id before its children go in
            wave = [
                (agency, parent)
                for agency, parent in pending
                if parent is None or parent in self.agencies
            ]
            assert wave, "demo agency specs name a parent that is never created"
            for agency, parent in wave:
                agency.parent = self.agencies[parent] if parent else None
                agency.valid_from = REFORM_DATE
                agency.set_search_name()
            Agency.objects.bulk_create([agency for agency, _parent in wave], batch_size=500)
            self.agencies.update({agency.code: agency for agency, _parent in wave})
            pending = [(agency, parent) for agency, parent in pending if agency.pk is None]
        return created

    def create_departments(self) -> int:
        existing = set(
            Department.objects.filter(agency__in=self.agencies.values()).values_list(
                "agency_id", "name"
            )
        )
        new = [
            Department(agency=self.agencies[agency.code], name=name, valid_from=REFORM_DATE)
            for agency, _parent, names in self.rows
            for name in names
            if (self.agencies[agency.code].pk, name) not in existing
        ]
        Department.objects.bulk_create(new, batch_size=500)
        return len(new)

    def staff_place(self, spec: StaffSpec) -> tuple[Agency | None, Department | None]:
        if spec.agency is None:
            return None, None
        code = self.first_commune_centre if spec.agency == "commune" else self.level1 + spec.agency
        agency = self.agencies[code]
        department = agency.departments.get(name=spec.department) if spec.department else None
        return agency, department


def _create_accounts(builder: _Builder, unit_code: str) -> tuple[int, int]:
    existing = {
        u.username: u for u in User.objects.filter(username__startswith=DEMO_USERNAME_PREFIX)
    }
    users = roles = 0
    for client in CLIENTS:
        if client.username not in existing:
            user_create(
                username=client.username,
                password=DEMO_PASSWORD,
                kind=client.kind,
                full_name=client.full_name,
                identification_number=client.identification_number.format(
                    province=f"{unit_code:0>3}"
                ),
            )
            users += 1
    today = timezone.localdate()
    for spec in STAFF:
        user = existing.get(spec.username)
        if user is None:
            user = user_create(
                username=spec.username,
                password=DEMO_PASSWORD,
                kind=UserKind.STAFF,
                full_name=spec.full_name,
            )
            users += 1
        agency, department = builder.staff_place(spec)
        wanted = (spec.role, agency.pk if agency else None, department.pk if department else None)
        held = False
        for assignment in RoleAssignment.objects.active_on(today).filter(
            user=user, valid_to__isnull=True
        ):
            if (assignment.role, assignment.agency_id, assignment.department_id) == wanted:
                held = True
            else:
                role_end(assignment=assignment)
        if not held:
            role_grant(
                user=user, role=spec.role, agency=agency, department=department, note=DEMO_NOTE
            )
            roles += 1
    return users, roles


def _lower_first(name: str) -> str:
    """Inside a name or address the unit type is lower case: "Xã Cái Nhum" → "xã Cái Nhum"."""
    return name[:1].lower() + name[1:]
