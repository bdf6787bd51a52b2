"""The demo catalogue: real procedures of a province and its communes, as an interchange document.

``demo_catalogue_build(province="H61", communes=[...])`` returns the document described in
docs/catalog-format.md, ready for ``motcua.catalog.interchange``. It is pure: no database,
no clock, no randomness, so the same arguments always give the same document.

The procedures are public legal facts (names, national codes, times, fees, documents as
published in the national procedure database), written here in our own words and kept
short. Codes marked ``real=False`` are local stand-ins in the ``2.0090NN.<province>`` range
because the national code was not checked; docs/demo-catalogue.md lists them. Amounts set
by each province's People's Council (lệ phí hộ tịch, hộ kinh doanh, giấy phép xây dựng…)
are typical values, not those of a particular province. Decision numbers and signers are
invented.

Agencies follow the demo province (``agencies/demo.py``): ``H61`` UBND tỉnh, ``H61.01.01``
its service centre, ``H61.10``–``H61.22`` the departments (sở), ``H61.91``–``.93`` the tax,
social insurance and police stand-ins, ``H61.201``… the commune committees with their
centres at ``.01``. In the data below an agency is written as its suffix (``".11"``).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

FORMAT_NAME = "motcua-catalogue"
FORMAT_VERSION = 1
EXPORTED_AT = "2026-11-20T08:00:00+07:00"  # fixed, so two builds are identical
HOURS_PER_DAY = Decimal(8)

# Processing time units, online levels, copy types (catalog.constants values, as data).
WD, CD, WH, SD = "working_days", "calendar_days", "working_hours", "same_day"
FULL, PARTIAL, NONE = "full", "partial", "none"
ORIGINAL, COPY, CERTIFIED = "original", "copy", "certified_copy"
ORIG_OR_CERT, SHOWN = "original_or_certified", "shown"
STORE, NATIONAL = "citizen_store", "national_database"
PAUSE, RESTART, RUNNING = "pause", "restart", "none"
COMMUNE, PROVINCE, VERTICAL = "commune", "province", "vertical"

# Agencies of the demo province, by suffix of the level-1 code.
UBND_TINH, SNV, STP, STC, SNNMT, SXD = "", ".10", ".11", ".12", ".14", ".15"
SVHTTDL, SGDDT, SYT, SDTTG = ".17", ".18", ".19", ".20"
THUE, BHXH, CONG_AN = ".91", ".92", ".93"

CENTRE_DEPARTMENT = "Bộ phận Tiếp nhận và Trả kết quả"
COMMUNE_OFFICE = "Văn phòng HĐND và UBND"
COMMUNE_SOCIAL = "Phòng Văn hóa - Xã hội"
STAND_IN_PREFIX = "2.0090"


# --- Shapes --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Doc:
    """A component (thành phần hồ sơ). A non-empty ``condition`` makes it conditional."""

    name: str
    copy: str = ORIGINAL
    quantity: int = 1
    condition: str = ""
    form: str = ""  # name of the form (mẫu) it is written on
    digitise: bool = True
    reuse: tuple[str, ...] = ()


@dataclass(frozen=True)
class Fee:
    name: str
    amount: int
    kind: str = "charge"  # lệ phí; "fee" for phí
    unit: str = "hồ sơ"
    condition: str = ""
    exemptions: str = ""
    collection: str = "before"


@dataclass(frozen=True)
class Stage:
    """One agency's share of a liên thông case, in the case's days."""

    agency: str | None  # None: the competent agency; else an agency suffix
    days: str
    department: str
    task: str  # what this agency does, as the name of its processing step
    head: bool = True  # a head of department reviews before the leader signs


@dataclass(frozen=True)
class Case:
    name: str
    amount: str  # "0" with SD
    unit: str
    online: str
    result: str
    docs: tuple[Doc, ...]
    fees: tuple[Fee, ...] = ()
    fields: tuple[dict, ...] = ()  # e-form fields besides the applicant and the files
    stages: tuple[Stage, ...] = ()  # liên thông; empty: the procedure's standard process
    returned_by: str = "receiving_centre"
    channels: tuple[str, ...] = ()  # empty: by online level
    notes: str = ""


@dataclass(frozen=True)
class History:
    """An earlier version: published by ``decision``, differing from the current by ``changes``."""

    decision: str
    changes: dict


@dataclass(frozen=True)
class Proc:
    code: str  # "{p}" stands for the province's level-1 code
    name: str
    field: str  # key of FIELDS
    level: str
    legal_basis: str
    cases: tuple[Case, ...]
    real: bool = True  # False: a local stand-in code
    owner: str | None = None  # default: the field's owner
    competent: tuple[str, ...] | None = None  # default: communes, or the owner
    implementing: tuple[str, ...] | None = None  # default: commune centres, or the owner
    boundary_free: bool | None = None  # default: the field's
    supplement: str = PAUSE
    decision: str = ""  # default: by level
    applicant: str = "person"  # or "organisation": the e-form's first fields
    department: str | None = None  # processing department; default: the field's
    head: bool | None = None  # default: the field's
    handling: str = "local"
    external_reference: str = ""
    requirements: str = ""
    history: tuple[History, ...] = ()
    abolished_by: str = ""  # key of DECISIONS: the procedure was abolished by it


@dataclass(frozen=True)
class FieldSpec:
    code: str  # after "<province>-"
    name: str
    sector: str
    owner: str
    province_department: str
    commune_department: str = COMMUNE_SOCIAL
    boundary_free: bool = False
    head_at_commune: bool = True


@dataclass(frozen=True)
class DecisionSpec:
    number: str
    date: dt.date
    signer: str
    title: str
    published_at: str
    valid_from: dt.date


SECTORS = {
    "TP": "Tư pháp",
    "TC": "Tài chính",
    "XD": "Xây dựng",
    "NNMT": "Nông nghiệp và Môi trường",
    "GDDT": "Giáo dục và Đào tạo",
    "YT": "Y tế",
    "NV": "Nội vụ",
    "VHTTDL": "Văn hóa, Thể thao và Du lịch",
    "DTTG": "Dân tộc và Tôn giáo",
    "CA": "Công an",
}

F = FieldSpec
FIELDS: dict[str, FieldSpec] = {
    "HT": F("HT", "Hộ tịch", "TP", STP, "Phòng Hành chính tư pháp", COMMUNE_OFFICE, True, False),
    "NCN": F(
        "NCN", "Nuôi con nuôi", "TP", STP, "Phòng Hành chính tư pháp", COMMUNE_OFFICE, True, False
    ),
    "CT": F("CT", "Chứng thực", "TP", STP, "Phòng Hành chính tư pháp", COMMUNE_OFFICE, True, False),
    "LS": F("LS", "Luật sư", "TP", STP, "Phòng Bổ trợ tư pháp"),
    "CC": F("CC", "Công chứng", "TP", STP, "Phòng Bổ trợ tư pháp"),
    "LLTP": F("LLTP", "Lý lịch tư pháp", "CA", CONG_AN, "Phòng Hồ sơ nghiệp vụ", "", True),
    "HKD": F("HKD", "Thành lập và hoạt động của hộ kinh doanh", "TC", STC, "", ""),
    "XD": F("XD", "Hoạt động xây dựng", "XD", SXD, "Phòng Quản lý xây dựng", ""),
    "DD": F("DD", "Đất đai", "NNMT", SNNMT, "Văn phòng Đăng ký đất đai", "", True),
    "GN": F("GN", "Giảm nghèo", "NNMT", SNNMT, "Chi cục Phát triển nông thôn"),
    "GD": F(
        "GD",
        "Giáo dục và Đào tạo thuộc hệ thống giáo dục quốc dân",
        "GDDT",
        SGDDT,
        "Phòng Giáo dục thường xuyên và chuyên nghiệp",
    ),
    "VB": F("VB", "Văn bằng, chứng chỉ", "GDDT", SGDDT, "Phòng Quản lý chất lượng", "", True),
    "KCB": F("KCB", "Khám bệnh, chữa bệnh", "YT", SYT, "Phòng Nghiệp vụ Y"),
    "DUOC": F("DUOC", "Dược phẩm", "YT", SYT, "Phòng Nghiệp vụ Dược"),
    "BTXH": F("BTXH", "Bảo trợ xã hội", "YT", SYT, "Phòng Bảo trợ xã hội", COMMUNE_SOCIAL, True),
    "NCC": F("NCC", "Người có công", "NV", SNV, "Phòng Người có công", COMMUNE_SOCIAL, True),
    "VL": F("VL", "Việc làm", "NV", SNV, "Phòng Việc làm - Lao động"),
    "TDKT": F("TDKT", "Thi đua, khen thưởng", "NV", SNV, "Ban Thi đua - Khen thưởng"),
    "TG": F("TG", "Tín ngưỡng, tôn giáo", "DTTG", SDTTG, "Phòng Tôn giáo"),
    "VHCS": F("VHCS", "Văn hóa cơ sở", "VHTTDL", SVHTTDL, "Phòng Quản lý văn hóa"),
    "DL": F("DL", "Du lịch", "VHTTDL", SVHTTDL, "Phòng Quản lý du lịch"),
    "XB": F("XB", "Xuất bản, in và phát hành", "VHTTDL", SVHTTDL, "Phòng Báo chí, xuất bản"),
}

# Invented numbers and signers; the dates follow the real reform calendar (1 July 2025).
DECISIONS: dict[str, DecisionSpec] = {
    "2023": DecisionSpec(
        "1210/QĐ-UBND",
        dt.date(2023, 7, 18),
        "Nguyễn Văn A",
        "Công bố danh mục thủ tục hành chính được chuẩn hóa trong các lĩnh vực hộ tịch, chứng "
        "thực và văn hóa cơ sở trên địa bàn tỉnh",
        "2023-07-21T08:00:00+07:00",
        dt.date(2023, 8, 1),
    ),
    "2025_xa": DecisionSpec(
        "1520/QĐ-UBND",
        dt.date(2025, 6, 30),
        "Trần Thị B",
        "Công bố danh mục thủ tục hành chính mới ban hành, được sửa đổi, bổ sung thuộc thẩm "
        "quyền giải quyết của Ủy ban nhân dân cấp xã sau sắp xếp đơn vị hành chính",
        "2025-07-01T07:30:00+07:00",
        dt.date(2025, 7, 1),
    ),
    "2025_tinh": DecisionSpec(
        "1521/QĐ-UBND",
        dt.date(2025, 6, 30),
        "Trần Thị B",
        "Công bố danh mục thủ tục hành chính mới ban hành, được sửa đổi, bổ sung và bị bãi bỏ "
        "thuộc thẩm quyền giải quyết của các sở, ngành tỉnh",
        "2025-07-02T08:00:00+07:00",
        dt.date(2025, 7, 1),
    ),
    "2025_vl": DecisionSpec(
        "2385/QĐ-UBND",
        dt.date(2025, 9, 12),
        "Lê Văn C",
        "Công bố thủ tục hành chính được sửa đổi, bổ sung trong lĩnh vực việc làm thuộc thẩm "
        "quyền giải quyết của Sở Nội vụ",
        "2025-09-16T09:00:00+07:00",
        dt.date(2025, 9, 12),
    ),
}


# --- Small builders for repeated shapes ----------------------------------------------------


def form(name: str, copy: str = ORIGINAL, **kwargs) -> Doc:
    """A declaration or application written on a published form (tờ khai, đơn)."""
    return Doc(name, copy, form=kwargs.pop("form", name), **kwargs)


def identity() -> Doc:
    return Doc(
        "Giấy tờ tùy thân có ảnh của người nộp hồ sơ (thẻ Căn cước, Hộ chiếu…)",
        SHOWN,
        condition="Khi nộp trực tiếp và thông tin chưa khai thác được từ Cơ sở dữ liệu quốc gia "
        "về dân cư",
        digitise=False,
        reuse=(NATIONAL,),
    )


def proxy(copy: str = ORIG_OR_CERT) -> Doc:
    return Doc(
        "Văn bản ủy quyền",
        copy,
        condition="Khi ủy quyền cho người khác nộp hồ sơ, nhận kết quả",
    )


def business_registration() -> Doc:
    return Doc(
        "Giấy chứng nhận đăng ký doanh nghiệp hoặc giấy tờ pháp lý tương đương",
        COPY,
        condition="Khi thông tin chưa khai thác được từ Cơ sở dữ liệu quốc gia về đăng ký "
        "doanh nghiệp",
        reuse=(NATIONAL,),
    )


def free(name: str, exemptions: str) -> Fee:
    """A charge the law waives: amount 0, the waiver in words."""
    return Fee(name, 0, exemptions=exemptions)


def text(name: str, label: str, *, required: bool = False, max_length: int = 255, **extra):
    return _field(name, label, "text", required, max_length=max_length, **extra)


def number(name: str, label: str, *, required: bool = False, **extra):
    return _field(name, label, "number", required, **extra)


def date(name: str, label: str, *, required: bool = False, **extra):
    return _field(name, label, "date", required, **extra)


def choice(name: str, label: str, options: Sequence[tuple[str, str]], *, required=False, **extra):
    choices = [{"value": value, "label": shown} for value, shown in options]
    return _field(name, label, "choice", required, choices=choices, **extra)


def personal_id(name: str, label: str, *, required: bool = False, **extra):
    return _field(name, label, "personal_id", required, **extra)


def address(name: str, label: str, *, required: bool = False, **extra):
    return _field(name, label, "address", required, **extra)


def _field(name: str, label: str, kind: str, required: bool, **extra) -> dict:
    field = {"name": name, "label": label, "type": kind}
    if required:
        field["required"] = True
    field.update(extra)
    return field


YES_NO = (("co", "Có"), ("khong", "Không"))
SEX = (("nam", "Nam"), ("nu", "Nữ"))


# --- The procedures ------------------------------------------------------------------------

HT_LAW = (
    "Luật Hộ tịch năm 2014; Nghị định số 123/2015/NĐ-CP; Thông tư số 04/2020/TT-BTP; "
    "Thông tư số 85/2019/TT-BTC (sửa đổi bởi Thông tư số 106/2021/TT-BTC); nghị quyết của "
    "HĐND tỉnh về lệ phí hộ tịch"
)
CT_LAW = (
    "Nghị định số 23/2015/NĐ-CP; Thông tư số 01/2020/TT-BTP; Thông tư số 226/2016/TT-BTC "
    "về phí chứng thực"
)
HKD_LAW = (
    "Luật Doanh nghiệp năm 2020; Nghị định số 01/2021/NĐ-CP và các văn bản sửa đổi; "
    "Thông tư số 02/2023/TT-BKHĐT; nghị quyết của HĐND tỉnh về lệ phí đăng ký hộ kinh doanh"
)
XD_LAW = (
    "Luật Xây dựng năm 2014 (sửa đổi năm 2020); Nghị định số 175/2024/NĐ-CP; nghị quyết của "
    "HĐND tỉnh về lệ phí cấp giấy phép xây dựng"
)
DD_LAW = "Luật Đất đai năm 2024; Nghị định số 101/2024/NĐ-CP; Nghị định số 102/2024/NĐ-CP"
BTXH_LAW = "Luật Người khuyết tật năm 2010; Nghị định số 20/2021/NĐ-CP"
NCC_LAW = "Pháp lệnh Ưu đãi người có công với cách mạng năm 2020; Nghị định số 131/2021/NĐ-CP"
VL_LAW = (
    "Bộ luật Lao động năm 2019; Nghị định số 219/2025/NĐ-CP; nghị quyết của HĐND tỉnh về lệ phí"
)
TDKT_LAW = "Luật Thi đua, khen thưởng năm 2022; Nghị định số 98/2023/NĐ-CP"
TG_LAW = "Luật Tín ngưỡng, tôn giáo năm 2016; Nghị định số 95/2023/NĐ-CP"
DL_LAW = "Luật Du lịch năm 2017; Nghị định số 168/2017/NĐ-CP; Thông tư số 33/2018/TT-BTC"
XB_LAW = "Luật Xuất bản năm 2012; Nghị định số 195/2013/NĐ-CP; Nghị định số 60/2014/NĐ-CP"
KCB_LAW = (
    "Luật Khám bệnh, chữa bệnh năm 2023; Nghị định số 96/2023/NĐ-CP; Thông tư số 59/2023/TT-BTC"
)
DUOC_LAW = "Luật Dược năm 2016; Nghị định số 54/2017/NĐ-CP; Thông tư số 277/2016/TT-BTC"

CHILD_FIELDS = (
    text("child_full_name", "Họ, chữ đệm và tên của trẻ", required=True, max_length=100),
    date("child_birth_date", "Ngày, tháng, năm sinh", required=True),
    choice("child_sex", "Giới tính", SEX, required=True),
    address("child_birth_place", "Nơi sinh", required=True, help="Tên cơ sở y tế hoặc địa chỉ"),
    text("child_ethnicity", "Dân tộc", required=True, max_length=50),
    personal_id("mother_id", "Số định danh cá nhân của người mẹ", required=True),
    choice("has_father", "Có thông tin người cha", YES_NO, required=True),
    personal_id(
        "father_id",
        "Số định danh cá nhân của người cha",
        required_if={"field": "has_father", "equals": "co"},
        visible_if={"field": "has_father", "equals": "co"},
    ),
)
DECEASED_FIELDS = (
    text("deceased_full_name", "Họ, chữ đệm và tên người chết", required=True, max_length=100),
    personal_id("deceased_id", "Số định danh cá nhân của người chết", required=True),
    date("death_date", "Ngày chết", required=True),
    address("death_place", "Nơi chết", required=True),
    text("relationship", "Quan hệ với người chết", required=True, max_length=50),
)
BUSINESS_FIELDS = (
    text("business_name", "Tên hộ kinh doanh", required=True, max_length=200),
    address("business_address", "Địa chỉ trụ sở hộ kinh doanh", required=True),
    text("business_lines", "Ngành, nghề kinh doanh", required=True, max_length=500),
    number("capital_vnd", "Vốn kinh doanh (đồng)", required=True, min=0),
    number("workers", "Số lao động", min=0, max=10000),
)
BUILDING_FIELDS = (
    address("site_address", "Địa điểm xây dựng", required=True),
    text("parcel", "Thửa đất số, tờ bản đồ số", required=True, max_length=100),
    number("floor_area_m2", "Tổng diện tích sàn (m²)", required=True, min=0),
    number("floors", "Số tầng", required=True, min=1, max=100),
)
FOREIGN_WORKER_FIELDS = (
    text("worker_name", "Họ và tên người lao động nước ngoài", required=True, max_length=100),
    text("passport_number", "Số hộ chiếu", required=True, max_length=20),
    text("nationality", "Quốc tịch", required=True, max_length=60),
    choice(
        "work_form",
        "Hình thức làm việc",
        (
            ("hop_dong", "Thực hiện hợp đồng lao động"),
            ("di_chuyen", "Di chuyển trong nội bộ doanh nghiệp"),
            ("khac", "Hình thức khác"),
        ),
        required=True,
    ),
    date("work_from", "Làm việc từ ngày", required=True),
    date("work_to", "Đến ngày", required=True),
)


def _procedures() -> tuple[Proc, ...]:
    P = Proc
    C = Case
    D = Doc
    return (
        # --- Hộ tịch (cấp xã) -------------------------------------------------------------
        P(
            "1.001193",
            "Đăng ký khai sinh",
            "HT",
            COMMUNE,
            HT_LAW,
            (
                C(
                    "Đăng ký khai sinh",
                    "0",
                    SD,
                    FULL,
                    "Giấy khai sinh (bản chính)",
                    (
                        form("Tờ khai đăng ký khai sinh"),
                        D(
                            "Giấy chứng sinh; nếu không có thì văn bản của người làm chứng hoặc "
                            "giấy cam đoan về việc sinh"
                        ),
                        D(
                            "Biên bản xác nhận việc trẻ bị bỏ rơi",
                            condition="Khi khai sinh cho trẻ bị bỏ rơi",
                        ),
                        D(
                            "Văn bản chứng minh việc mang thai hộ",
                            condition="Khi khai sinh cho trẻ sinh ra do mang thai hộ",
                        ),
                        proxy(),
                        identity(),
                    ),
                    (
                        free(
                            "Lệ phí đăng ký khai sinh",
                            "Miễn lệ phí khi đăng ký đúng hạn (trong 60 ngày kể từ ngày sinh); "
                            "miễn cho người thuộc gia đình có công với cách mạng, hộ nghèo, người "
                            "khuyết tật",
                        ),
                        Fee(
                            "Lệ phí đăng ký khai sinh quá hạn",
                            5000,
                            condition="Đăng ký sau 60 ngày kể từ ngày sinh",
                        ),
                    ),
                    CHILD_FIELDS,
                    notes="Hồ sơ tiếp nhận sau 15 giờ được trả kết quả trong ngày làm việc tiếp theo.",
                ),
            ),
            history=(History("2023", {"online": PARTIAL}),),
        ),
        P(
            "1.000894",
            "Đăng ký kết hôn",
            "HT",
            COMMUNE,
            HT_LAW,
            (
                C(
                    "Đăng ký kết hôn",
                    "0",
                    SD,
                    PARTIAL,
                    "Giấy chứng nhận kết hôn (02 bản chính)",
                    (
                        form("Tờ khai đăng ký kết hôn"),
                        D(
                            "Giấy xác nhận tình trạng hôn nhân",
                            condition="Khi bên nam hoặc bên nữ không cư trú tại xã nơi đăng ký",
                            reuse=(STORE,),
                        ),
                        D(
                            "Trích lục ghi vào sổ hộ tịch việc ly hôn đã giải quyết ở nước ngoài",
                            CERTIFIED,
                            condition="Khi đã ly hôn tại cơ quan có thẩm quyền nước ngoài",
                        ),
                        identity(),
                    ),
                    (
                        free(
                            "Lệ phí đăng ký kết hôn",
                            "Miễn lệ phí đăng ký kết hôn cho công dân Việt Nam cư trú ở trong nước",
                        ),
                    ),
                    (
                        personal_id(
                            "partner_id", "Số định danh cá nhân của bên kia", required=True
                        ),
                        text("partner_name", "Họ và tên bên kia", required=True, max_length=100),
                        date("wished_date", "Ngày dự kiến đến ký Giấy chứng nhận kết hôn"),
                    ),
                    notes="Hai bên nam, nữ phải có mặt khi đăng ký kết hôn.",
                ),
                C(
                    "Đăng ký kết hôn cần xác minh điều kiện kết hôn",
                    "5",
                    WD,
                    PARTIAL,
                    "Giấy chứng nhận kết hôn (02 bản chính)",
                    (
                        form("Tờ khai đăng ký kết hôn"),
                        D(
                            "Giấy xác nhận tình trạng hôn nhân",
                            condition="Khi bên nam hoặc bên nữ không cư trú tại xã nơi đăng ký",
                            reuse=(STORE,),
                        ),
                        identity(),
                    ),
                    (
                        free(
                            "Lệ phí đăng ký kết hôn",
                            "Miễn lệ phí đăng ký kết hôn cho công dân Việt Nam cư trú ở trong nước",
                        ),
                    ),
                ),
            ),
            history=(
                History(
                    "2023", {"legal_basis": "Luật Hộ tịch năm 2014; Nghị định số 123/2015/NĐ-CP"}
                ),
            ),
        ),
        P(
            "1.000656",
            "Đăng ký khai tử",
            "HT",
            COMMUNE,
            HT_LAW,
            (
                C(
                    "Đăng ký khai tử",
                    "0",
                    SD,
                    FULL,
                    "Trích lục khai tử (bản chính)",
                    (
                        form("Tờ khai đăng ký khai tử"),
                        D("Giấy báo tử hoặc giấy tờ thay thế giấy báo tử"),
                        proxy(),
                        identity(),
                    ),
                    (
                        free(
                            "Lệ phí đăng ký khai tử",
                            "Miễn lệ phí khi đăng ký đúng hạn (trong 15 ngày kể từ ngày chết)",
                        ),
                    ),
                    DECEASED_FIELDS,
                ),
                C(
                    "Đăng ký khai tử cần xác minh",
                    "3",
                    WD,
                    FULL,
                    "Trích lục khai tử (bản chính)",
                    (
                        form("Tờ khai đăng ký khai tử"),
                        D("Giấy báo tử hoặc giấy tờ thay thế giấy báo tử"),
                        proxy(),
                    ),
                    (
                        free(
                            "Lệ phí đăng ký khai tử",
                            "Miễn lệ phí khi đăng ký đúng hạn (trong 15 ngày kể từ ngày chết)",
                        ),
                    ),
                    DECEASED_FIELDS,
                ),
            ),
        ),
        P(
            STAND_IN_PREFIX + "01.{p}",
            "Đăng ký thay đổi, cải chính, bổ sung thông tin hộ tịch",
            "HT",
            COMMUNE,
            HT_LAW,
            (
                C(
                    "Thay đổi, cải chính thông tin hộ tịch cho người chưa đủ 14 tuổi; bổ sung "
                    "thông tin hộ tịch",
                    "3",
                    WD,
                    PARTIAL,
                    "Trích lục thay đổi, cải chính, bổ sung thông tin hộ tịch",
                    (
                        form("Tờ khai đăng ký thay đổi, cải chính, bổ sung thông tin hộ tịch"),
                        D("Giấy tờ làm căn cứ cho việc thay đổi, cải chính, bổ sung", CERTIFIED),
                        proxy(),
                    ),
                    (
                        Fee(
                            "Lệ phí thay đổi, cải chính thông tin hộ tịch",
                            15000,
                            exemptions="Miễn cho người thuộc hộ nghèo, người khuyết tật, gia đình "
                            "có công với cách mạng",
                        ),
                    ),
                    (
                        text(
                            "changed_item",
                            "Nội dung đề nghị thay đổi, cải chính",
                            required=True,
                            max_length=500,
                        ),
                    ),
                ),
                C(
                    "Trường hợp cần xác minh",
                    "6",
                    WD,
                    PARTIAL,
                    "Trích lục thay đổi, cải chính, bổ sung thông tin hộ tịch",
                    (
                        form("Tờ khai đăng ký thay đổi, cải chính, bổ sung thông tin hộ tịch"),
                        D("Giấy tờ làm căn cứ cho việc thay đổi, cải chính, bổ sung", CERTIFIED),
                        proxy(),
                    ),
                    (Fee("Lệ phí thay đổi, cải chính thông tin hộ tịch", 15000),),
                    (
                        text(
                            "changed_item",
                            "Nội dung đề nghị thay đổi, cải chính",
                            required=True,
                            max_length=500,
                        ),
                    ),
                ),
            ),
            real=False,
        ),
        P(
            "1.004884",
            "Đăng ký lại khai sinh",
            "HT",
            COMMUNE,
            HT_LAW,
            (
                C(
                    "Đăng ký lại khai sinh",
                    "5",
                    WD,
                    PARTIAL,
                    "Giấy khai sinh (bản chính)",
                    (
                        form("Tờ khai đăng ký lại khai sinh"),
                        D(
                            "Bản sao Giấy khai sinh hoặc giấy tờ có thông tin hợp lệ về họ tên, "
                            "ngày sinh, quê quán",
                            COPY,
                        ),
                        D(
                            "Văn bản cam đoan đã đăng ký khai sinh nhưng không còn lưu giữ bản "
                            "chính Giấy khai sinh",
                            condition="Khi không có bản sao Giấy khai sinh",
                        ),
                        proxy(),
                    ),
                    (Fee("Lệ phí đăng ký lại khai sinh", 5000),),
                    CHILD_FIELDS[:3],
                ),
            ),
        ),
        P(
            "1.004746",
            "Đăng ký lại kết hôn",
            "HT",
            COMMUNE,
            HT_LAW,
            (
                C(
                    "Đăng ký lại kết hôn",
                    "5",
                    WD,
                    PARTIAL,
                    "Giấy chứng nhận kết hôn (02 bản chính)",
                    (
                        form("Tờ khai đăng ký lại kết hôn"),
                        D(
                            "Bản sao Giấy chứng nhận kết hôn đã cấp trước đây",
                            COPY,
                            condition="Nếu còn lưu giữ",
                        ),
                        identity(),
                    ),
                    (Fee("Lệ phí đăng ký lại kết hôn", 5000),),
                    (personal_id("partner_id", "Số định danh cá nhân của bên kia", required=True),),
                ),
            ),
        ),
        P(
            "1.005461",
            "Đăng ký lại khai tử",
            "HT",
            COMMUNE,
            HT_LAW,
            (
                C(
                    "Đăng ký lại khai tử",
                    "5",
                    WD,
                    PARTIAL,
                    "Trích lục khai tử (bản chính)",
                    (
                        form("Tờ khai đăng ký lại khai tử"),
                        D(
                            "Bản sao giấy tờ về việc khai tử đã cấp trước đây",
                            COPY,
                            condition="Nếu còn lưu giữ",
                        ),
                        proxy(),
                    ),
                    (Fee("Lệ phí đăng ký lại khai tử", 5000),),
                    DECEASED_FIELDS,
                ),
            ),
        ),
        P(
            "1.004873",
            "Cấp Giấy xác nhận tình trạng hôn nhân",
            "HT",
            COMMUNE,
            HT_LAW,
            (
                C(
                    "Cấp Giấy xác nhận tình trạng hôn nhân",
                    "3",
                    WD,
                    FULL,
                    "Giấy xác nhận tình trạng hôn nhân",
                    (
                        form("Tờ khai cấp Giấy xác nhận tình trạng hôn nhân"),
                        D(
                            "Giấy tờ chứng minh việc ly hôn hoặc vợ, chồng đã chết",
                            COPY,
                            condition="Khi người yêu cầu đã ly hôn hoặc vợ, chồng đã chết và "
                            "thông tin chưa có trong Cơ sở dữ liệu hộ tịch",
                            reuse=(NATIONAL,),
                        ),
                        D(
                            "Giấy xác nhận tình trạng hôn nhân đã cấp trước đây",
                            condition="Khi đề nghị cấp lại để dùng vào mục đích khác hoặc đã hết "
                            "hạn",
                            reuse=(STORE,),
                        ),
                        proxy(),
                    ),
                    (Fee("Lệ phí cấp Giấy xác nhận tình trạng hôn nhân", 3000),),
                    (
                        text("purpose", "Mục đích sử dụng", required=True, max_length=200),
                        choice(
                            "marital_status",
                            "Tình trạng hôn nhân hiện tại",
                            (
                                ("chua_ket_hon", "Chưa kết hôn"),
                                ("ly_hon", "Đã ly hôn"),
                                ("goa", "Vợ/chồng đã chết"),
                            ),
                            required=True,
                        ),
                    ),
                ),
                C(
                    "Trường hợp phải xác minh tình trạng hôn nhân",
                    "23",
                    WD,
                    FULL,
                    "Giấy xác nhận tình trạng hôn nhân",
                    (
                        form("Tờ khai cấp Giấy xác nhận tình trạng hôn nhân"),
                        proxy(),
                    ),
                    (Fee("Lệ phí cấp Giấy xác nhận tình trạng hôn nhân", 3000),),
                    (text("purpose", "Mục đích sử dụng", required=True, max_length=200),),
                    notes="Áp dụng khi người yêu cầu đã cư trú ở nhiều nơi và cần xác minh.",
                ),
            ),
        ),
        P(
            "1.001022",
            "Đăng ký nhận cha, mẹ, con",
            "HT",
            COMMUNE,
            HT_LAW,
            (
                C(
                    "Đăng ký nhận cha, mẹ, con",
                    "3",
                    WD,
                    PARTIAL,
                    "Trích lục đăng ký nhận cha, mẹ, con",
                    (
                        form("Tờ khai đăng ký nhận cha, mẹ, con"),
                        D(
                            "Văn bản giám định ADN hoặc chứng cứ khác chứng minh quan hệ cha, mẹ, "
                            "con",
                            ORIG_OR_CERT,
                        ),
                        identity(),
                    ),
                    (Fee("Lệ phí đăng ký nhận cha, mẹ, con", 10000),),
                    (
                        personal_id(
                            "other_party_id",
                            "Số định danh cá nhân của người được nhận",
                            required=True,
                        ),
                    ),
                    notes="Bên nhận và bên được nhận phải có mặt.",
                ),
                C(
                    "Trường hợp cần xác minh",
                    "8",
                    WD,
                    PARTIAL,
                    "Trích lục đăng ký nhận cha, mẹ, con",
                    (
                        form("Tờ khai đăng ký nhận cha, mẹ, con"),
                        D(
                            "Văn bản giám định ADN hoặc chứng cứ khác chứng minh quan hệ cha, mẹ, "
                            "con",
                            ORIG_OR_CERT,
                        ),
                    ),
                    (Fee("Lệ phí đăng ký nhận cha, mẹ, con", 10000),),
                ),
            ),
        ),
        P(
            "1.000689",
            "Đăng ký khai sinh kết hợp đăng ký nhận cha, mẹ, con",
            "HT",
            COMMUNE,
            HT_LAW,
            (
                C(
                    "Đăng ký khai sinh kết hợp nhận cha, mẹ, con",
                    "3",
                    WD,
                    PARTIAL,
                    "Giấy khai sinh và Trích lục đăng ký nhận cha, mẹ, con",
                    (
                        form("Tờ khai đăng ký khai sinh"),
                        form("Tờ khai đăng ký nhận cha, mẹ, con"),
                        D("Giấy chứng sinh hoặc giấy tờ thay thế giấy chứng sinh"),
                        D("Chứng cứ chứng minh quan hệ cha, mẹ, con", ORIG_OR_CERT),
                        identity(),
                    ),
                    (
                        free(
                            "Lệ phí đăng ký khai sinh",
                            "Miễn lệ phí khi đăng ký khai sinh đúng hạn",
                        ),
                        Fee("Lệ phí đăng ký nhận cha, mẹ, con", 10000),
                    ),
                    CHILD_FIELDS,
                ),
            ),
        ),
        P(
            "2.000635",
            "Cấp bản sao trích lục hộ tịch",
            "HT",
            COMMUNE,
            HT_LAW.replace(
                "Thông tư số 85/2019", "Thông tư số 281/2016/TT-BTC; Thông tư số 85/2019"
            ),
            (
                C(
                    "Cấp bản sao trích lục hộ tịch",
                    "0",
                    SD,
                    FULL,
                    "Bản sao trích lục hộ tịch",
                    (form("Tờ khai cấp bản sao trích lục hộ tịch"), proxy()),
                    (Fee("Phí cấp bản sao trích lục hộ tịch", 8000, kind="fee", unit="bản"),),
                    (
                        choice(
                            "event",
                            "Loại việc hộ tịch",
                            (
                                ("khai_sinh", "Khai sinh"),
                                ("ket_hon", "Kết hôn"),
                                ("khai_tu", "Khai tử"),
                                ("khac", "Việc khác"),
                            ),
                            required=True,
                        ),
                        number("copies", "Số bản sao đề nghị cấp", required=True, min=1, max=20),
                    ),
                ),
            ),
        ),
        P(
            STAND_IN_PREFIX + "02.{p}",
            "Đăng ký giám hộ",
            "HT",
            COMMUNE,
            HT_LAW,
            (
                C(
                    "Đăng ký giám hộ cử",
                    "3",
                    WD,
                    PARTIAL,
                    "Trích lục đăng ký giám hộ",
                    (form("Tờ khai đăng ký giám hộ"), D("Văn bản cử người giám hộ")),
                    (free("Lệ phí đăng ký giám hộ", "Miễn lệ phí đăng ký giám hộ"),),
                    (
                        personal_id(
                            "ward_id", "Số định danh cá nhân của người được giám hộ", required=True
                        ),
                    ),
                ),
            ),
            real=False,
        ),
        P(
            "1.004845",
            "Đăng ký chấm dứt giám hộ",
            "HT",
            COMMUNE,
            HT_LAW,
            (
                C(
                    "Đăng ký chấm dứt giám hộ",
                    "2",
                    WD,
                    PARTIAL,
                    "Trích lục đăng ký chấm dứt giám hộ",
                    (
                        form("Tờ khai đăng ký chấm dứt giám hộ"),
                        D("Giấy tờ làm căn cứ chấm dứt việc giám hộ", CERTIFIED),
                    ),
                    (free("Lệ phí đăng ký chấm dứt giám hộ", "Miễn lệ phí"),),
                ),
            ),
        ),
        P(
            "2.000806",
            "Đăng ký kết hôn có yếu tố nước ngoài",
            "HT",
            COMMUNE,
            HT_LAW,
            (
                C(
                    "Đăng ký kết hôn có yếu tố nước ngoài",
                    "15",
                    WD,
                    PARTIAL,
                    "Giấy chứng nhận kết hôn (02 bản chính)",
                    (
                        form("Tờ khai đăng ký kết hôn"),
                        D(
                            "Giấy tờ chứng minh tình trạng hôn nhân của người nước ngoài, đã hợp "
                            "pháp hóa lãnh sự và dịch sang tiếng Việt"
                        ),
                        D(
                            "Giấy xác nhận của tổ chức y tế về việc không mắc bệnh tâm thần hoặc "
                            "bệnh khác mà không nhận thức, làm chủ được hành vi"
                        ),
                        D(
                            "Hộ chiếu hoặc giấy tờ có giá trị thay hộ chiếu của người nước ngoài",
                            COPY,
                        ),
                        identity(),
                    ),
                    (Fee("Lệ phí đăng ký kết hôn có yếu tố nước ngoài", 1000000),),
                    (
                        text(
                            "partner_name",
                            "Họ và tên bên nước ngoài",
                            required=True,
                            max_length=100,
                        ),
                        text("partner_nationality", "Quốc tịch", required=True, max_length=60),
                        text("partner_passport", "Số hộ chiếu", required=True, max_length=20),
                    ),
                ),
            ),
            supplement=RESTART,
        ),
        # Liên thông điện tử (Nghị định số 63/2024/NĐ-CP): three agencies, one dossier.
        P(
            STAND_IN_PREFIX + "03.{p}",
            "Liên thông thủ tục hành chính về đăng ký khai sinh, đăng ký thường trú, cấp thẻ "
            "bảo hiểm y tế cho trẻ em dưới 6 tuổi",
            "HT",
            COMMUNE,
            "Nghị định số 63/2024/NĐ-CP; Luật Hộ tịch năm 2014; Luật Cư trú năm 2020; Luật Bảo "
            "hiểm y tế",
            (
                C(
                    "Liên thông khai sinh, thường trú, thẻ bảo hiểm y tế",
                    "5",
                    WD,
                    FULL,
                    "Giấy khai sinh, xác nhận đăng ký thường trú và thẻ bảo hiểm y tế của trẻ",
                    (
                        form(
                            "Tờ khai điện tử liên thông đăng ký khai sinh, đăng ký thường trú, cấp thẻ bảo hiểm y tế"
                        ),
                        D("Giấy chứng sinh hoặc giấy tờ thay thế giấy chứng sinh"),
                        D(
                            "Giấy tờ, tài liệu chứng minh chỗ ở hợp pháp",
                            COPY,
                            condition="Khi đăng ký thường trú cho trẻ tại nơi khác nơi thường "
                            "trú của cha, mẹ",
                        ),
                        D(
                            "Văn bản đồng ý cho đăng ký thường trú của chủ hộ hoặc chủ sở hữu chỗ ở",
                            condition="Khi đăng ký thường trú vào chỗ ở không thuộc quyền sở hữu "
                            "của cha, mẹ",
                        ),
                        proxy(),
                    ),
                    (
                        free("Lệ phí đăng ký khai sinh", "Miễn lệ phí khi đăng ký đúng hạn"),
                        free("Lệ phí đăng ký thường trú", "Miễn lệ phí đăng ký cư trú cho trẻ em"),
                        free(
                            "Tiền đóng bảo hiểm y tế",
                            "Trẻ em dưới 6 tuổi được ngân sách nhà nước đóng bảo hiểm y tế",
                        ),
                    ),
                    (
                        *CHILD_FIELDS,
                        address("permanent_address", "Địa chỉ đăng ký thường trú", required=True),
                    ),
                    stages=(
                        Stage(
                            None,
                            "1",
                            COMMUNE_OFFICE,
                            "Đăng ký khai sinh, cấp số định danh cá nhân",
                            head=False,
                        ),
                        Stage(
                            CONG_AN,
                            "3",
                            "Công an xã nơi đăng ký thường trú",
                            "Đăng ký thường trú cho trẻ",
                        ),
                        Stage(BHXH, "1", "Bộ phận cấp sổ, thẻ", "Cấp thẻ bảo hiểm y tế"),
                    ),
                    notes="Liên thông điện tử: công an và bảo hiểm xã hội nhận hồ sơ qua hệ thống, "
                    "kết quả trả tại nơi nộp hoặc qua bưu chính.",
                ),
            ),
            real=False,
        ),
        P(
            STAND_IN_PREFIX + "04.{p}",
            "Liên thông thủ tục hành chính về đăng ký khai tử, xóa đăng ký thường trú, hưởng "
            "chế độ tử tuất, hỗ trợ chi phí mai táng",
            "HT",
            COMMUNE,
            "Nghị định số 63/2024/NĐ-CP; Luật Hộ tịch năm 2014; Luật Cư trú năm 2020; Luật Bảo "
            "hiểm xã hội năm 2024; Nghị định số 20/2021/NĐ-CP",
            (
                C(
                    "Người chết đang hưởng lương hưu, trợ cấp bảo hiểm xã hội",
                    "8",
                    WD,
                    FULL,
                    "Trích lục khai tử, xác nhận xóa đăng ký thường trú và quyết định hưởng trợ cấp mai táng",
                    (
                        form(
                            "Tờ khai điện tử liên thông đăng ký khai tử, xóa đăng ký thường trú, trợ cấp mai táng"
                        ),
                        D("Giấy báo tử hoặc giấy tờ thay thế giấy báo tử"),
                        proxy(),
                    ),
                    (free("Lệ phí đăng ký khai tử", "Miễn lệ phí khi đăng ký đúng hạn"),),
                    DECEASED_FIELDS,
                    stages=(
                        Stage(None, "1", COMMUNE_OFFICE, "Đăng ký khai tử", head=False),
                        Stage(CONG_AN, "2", "Công an xã nơi thường trú", "Xóa đăng ký thường trú"),
                        Stage(
                            BHXH, "5", "Phòng Chế độ bảo hiểm xã hội", "Giải quyết trợ cấp mai táng"
                        ),
                    ),
                ),
                C(
                    "Người chết là đối tượng bảo trợ xã hội",
                    "6",
                    WD,
                    FULL,
                    "Trích lục khai tử, xác nhận xóa đăng ký thường trú và quyết định hỗ trợ chi phí mai táng",
                    (
                        form(
                            "Tờ khai điện tử liên thông đăng ký khai tử, xóa đăng ký thường trú, trợ cấp mai táng"
                        ),
                        D("Giấy báo tử hoặc giấy tờ thay thế giấy báo tử"),
                        proxy(),
                    ),
                    (free("Lệ phí đăng ký khai tử", "Miễn lệ phí khi đăng ký đúng hạn"),),
                    DECEASED_FIELDS,
                    stages=(
                        Stage(None, "1", COMMUNE_OFFICE, "Đăng ký khai tử", head=False),
                        Stage(CONG_AN, "2", "Công an xã nơi thường trú", "Xóa đăng ký thường trú"),
                        Stage(None, "3", COMMUNE_SOCIAL, "Quyết định hỗ trợ chi phí mai táng"),
                    ),
                ),
            ),
            real=False,
        ),
        # --- Nuôi con nuôi ---------------------------------------------------------------
        P(
            "2.001263",
            "Đăng ký việc nuôi con nuôi trong nước",
            "NCN",
            COMMUNE,
            "Luật Nuôi con nuôi năm 2010; Nghị định số 19/2011/NĐ-CP (sửa đổi bởi Nghị định số "
            "24/2019/NĐ-CP); Thông tư số 267/2016/TT-BTC",
            (
                C(
                    "Đăng ký việc nuôi con nuôi trong nước",
                    "30",
                    CD,
                    PARTIAL,
                    "Giấy chứng nhận nuôi con nuôi",
                    (
                        form("Đơn xin nhận con nuôi"),
                        D("Phiếu lý lịch tư pháp của người nhận con nuôi", reuse=(NATIONAL,)),
                        D(
                            "Văn bản xác nhận tình trạng hôn nhân của người nhận con nuôi",
                            condition="Khi người độc thân nhận con nuôi",
                            reuse=(STORE,),
                        ),
                        D("Giấy khám sức khỏe của người nhận con nuôi"),
                        D("Văn bản xác nhận hoàn cảnh gia đình, chỗ ở, điều kiện kinh tế"),
                        D(
                            "Giấy khai sinh của người được nhận làm con nuôi",
                            COPY,
                            reuse=(NATIONAL,),
                        ),
                        D("Giấy khám sức khỏe của người được nhận làm con nuôi"),
                        D("Hai ảnh toàn thân, nhìn thẳng của trẻ", quantity=2),
                        identity(),
                    ),
                    (
                        Fee(
                            "Lệ phí đăng ký nuôi con nuôi trong nước",
                            400000,
                            exemptions="Miễn khi cha dượng, mẹ kế nhận con riêng của vợ, chồng; cô, "
                            "cậu, dì, chú, bác ruột nhận cháu; nhận trẻ khuyết tật, nhiễm HIV/AIDS "
                            "hoặc mắc bệnh hiểm nghèo; người nhận là người có công với cách mạng",
                        ),
                    ),
                    (
                        text(
                            "child_full_name",
                            "Họ và tên người được nhận làm con nuôi",
                            required=True,
                            max_length=100,
                        ),
                        date("child_birth_date", "Ngày sinh của người được nhận", required=True),
                    ),
                ),
            ),
            supplement=RESTART,
        ),
        # --- Chứng thực (cấp xã) -------------------------------------------------------------
        P(
            "2.000815",
            "Chứng thực bản sao từ bản chính giấy tờ, văn bản do cơ quan, tổ chức có thẩm quyền "
            "của Việt Nam cấp hoặc chứng nhận",
            "CT",
            COMMUNE,
            CT_LAW,
            (
                C(
                    "Chứng thực bản sao từ bản chính",
                    "0",
                    SD,
                    PARTIAL,
                    "Bản sao được chứng thực từ bản chính",
                    (
                        D(
                            "Bản chính giấy tờ, văn bản làm cơ sở để chứng thực bản sao",
                            SHOWN,
                            digitise=False,
                        ),
                        D(
                            "Bản sao cần chứng thực",
                            COPY,
                            condition="Khi người yêu cầu tự chuẩn bị bản sao",
                        ),
                    ),
                    (
                        Fee(
                            "Phí chứng thực bản sao từ bản chính",
                            2000,
                            kind="fee",
                            unit="trang",
                            condition="Trang thứ nhất và trang thứ hai",
                        ),
                        Fee(
                            "Phí chứng thực bản sao từ bản chính",
                            1000,
                            kind="fee",
                            unit="trang",
                            condition="Từ trang thứ ba trở đi; tối đa 200.000 đồng một bản",
                        ),
                    ),
                    (
                        text(
                            "document_title",
                            "Tên giấy tờ cần chứng thực",
                            required=True,
                            max_length=200,
                        ),
                        number("pages", "Số trang", required=True, min=1, max=500),
                        number("copies", "Số bản", required=True, min=1, max=50),
                    ),
                    notes="Trả ngay trong ngày; hồ sơ tiếp nhận sau 15 giờ trả trong ngày làm việc tiếp "
                    "theo. Khi nộp trực tuyến, bản chính được xuất trình khi nhận kết quả.",
                ),
            ),
            supplement=RUNNING,
            history=(
                History(
                    "2023",
                    {
                        "online": NONE,
                        "legal_basis": "Nghị định số 23/2015/NĐ-CP; Thông tư số 226/2016/TT-BTC",
                    },
                ),
            ),
        ),
        P(
            "2.000884",
            "Chứng thực chữ ký trong các giấy tờ, văn bản",
            "CT",
            COMMUNE,
            CT_LAW,
            (
                C(
                    "Chứng thực chữ ký",
                    "0",
                    SD,
                    NONE,
                    "Giấy tờ, văn bản đã được chứng thực chữ ký",
                    (D("Giấy tờ, văn bản sẽ ký", digitise=False), identity()),
                    (Fee("Phí chứng thực chữ ký", 10000, kind="fee", unit="trường hợp"),),
                    notes="Người yêu cầu phải ký trước mặt người thực hiện chứng thực.",
                ),
            ),
            supplement=RUNNING,
        ),
        P(
            "2.001008",
            "Chứng thực chữ ký người dịch mà người dịch không phải là cộng tác viên dịch thuật",
            "CT",
            COMMUNE,
            CT_LAW,
            (
                C(
                    "Chứng thực chữ ký người dịch",
                    "0",
                    SD,
                    NONE,
                    "Bản dịch đã được chứng thực chữ ký người dịch",
                    (
                        D("Bản dịch kèm giấy tờ, văn bản cần dịch", digitise=False),
                        D(
                            "Bằng tốt nghiệp đại học trở lên về ngoại ngữ cần dịch, hoặc học bằng "
                            "ngoại ngữ đó",
                            ORIG_OR_CERT,
                        ),
                        identity(),
                    ),
                    (Fee("Phí chứng thực chữ ký", 10000, kind="fee", unit="trường hợp"),),
                ),
            ),
            supplement=RUNNING,
        ),
        P(
            "2.000992",
            "Chứng thực chữ ký người dịch mà người dịch là cộng tác viên dịch thuật",
            "CT",
            COMMUNE,
            CT_LAW,
            (
                C(
                    "Chứng thực chữ ký cộng tác viên dịch thuật",
                    "0",
                    SD,
                    NONE,
                    "Bản dịch đã được chứng thực chữ ký người dịch",
                    (D("Bản dịch kèm giấy tờ, văn bản cần dịch", digitise=False),),
                    (Fee("Phí chứng thực chữ ký", 10000, kind="fee", unit="trường hợp"),),
                ),
            ),
            supplement=RUNNING,
        ),
        P(
            "2.000942",
            "Cấp bản sao có chứng thực từ bản chính hợp đồng, giao dịch đã được chứng thực",
            "CT",
            COMMUNE,
            CT_LAW,
            (
                C(
                    "Cấp bản sao hợp đồng, giao dịch đã chứng thực",
                    "0",
                    SD,
                    PARTIAL,
                    "Bản sao có chứng thực hợp đồng, giao dịch",
                    (
                        form("Phiếu yêu cầu cấp bản sao hợp đồng, giao dịch đã chứng thực"),
                        D(
                            "Giấy tờ chứng minh là bên tham gia hợp đồng hoặc người có quyền, "
                            "nghĩa vụ liên quan",
                            SHOWN,
                            digitise=False,
                        ),
                    ),
                    (
                        Fee(
                            "Phí cấp bản sao có chứng thực",
                            2000,
                            kind="fee",
                            unit="trang",
                            condition="Trang thứ nhất và trang thứ hai",
                        ),
                        Fee(
                            "Phí cấp bản sao có chứng thực",
                            1000,
                            kind="fee",
                            unit="trang",
                            condition="Từ trang thứ ba trở đi; tối đa 200.000 đồng một bản",
                        ),
                    ),
                    (number("copies", "Số bản", required=True, min=1, max=20),),
                ),
            ),
            supplement=RUNNING,
        ),
        P(
            STAND_IN_PREFIX + "05.{p}",
            "Chứng thực hợp đồng, giao dịch liên quan đến tài sản là động sản",
            "CT",
            COMMUNE,
            CT_LAW,
            (
                C(
                    "Chứng thực hợp đồng, giao dịch về động sản",
                    "2",
                    WD,
                    NONE,
                    "Hợp đồng, giao dịch đã được chứng thực",
                    (
                        D("Dự thảo hợp đồng, giao dịch"),
                        D("Giấy tờ chứng minh quyền sở hữu, quyền sử dụng tài sản", COPY),
                        identity(),
                    ),
                    (
                        Fee(
                            "Phí chứng thực hợp đồng, giao dịch", 50000, kind="fee", unit="hợp đồng"
                        ),
                    ),
                    notes="Các bên ký trước mặt người thực hiện chứng thực.",
                ),
            ),
            real=False,
            supplement=RUNNING,
        ),
        P(
            STAND_IN_PREFIX + "06.{p}",
            "Chứng thực di chúc",
            "CT",
            COMMUNE,
            CT_LAW,
            (
                C(
                    "Chứng thực di chúc",
                    "2",
                    WD,
                    NONE,
                    "Di chúc đã được chứng thực",
                    (
                        D("Dự thảo di chúc"),
                        D(
                            "Giấy tờ chứng minh quyền sở hữu, quyền sử dụng tài sản",
                            COPY,
                            condition="Khi di chúc định đoạt tài sản phải đăng ký quyền sở hữu, "
                            "quyền sử dụng",
                        ),
                        identity(),
                    ),
                    (Fee("Phí chứng thực di chúc", 50000, kind="fee", unit="di chúc"),),
                ),
            ),
            real=False,
            supplement=RUNNING,
        ),
        # --- Hộ kinh doanh (cấp xã) --------------------------------------------------------
        P(
            "1.001612",
            "Đăng ký thành lập hộ kinh doanh",
            "HKD",
            COMMUNE,
            HKD_LAW,
            (
                C(
                    "Đăng ký thành lập hộ kinh doanh",
                    "3",
                    WD,
                    FULL,
                    "Giấy chứng nhận đăng ký hộ kinh doanh",
                    (
                        form("Giấy đề nghị đăng ký hộ kinh doanh"),
                        D(
                            "Biên bản họp thành viên hộ gia đình về việc thành lập hộ kinh doanh",
                            condition="Khi các thành viên hộ gia đình cùng đăng ký hộ kinh doanh",
                        ),
                        D(
                            "Văn bản ủy quyền của thành viên hộ gia đình cho một thành viên làm chủ "
                            "hộ kinh doanh",
                            ORIG_OR_CERT,
                            condition="Khi các thành viên hộ gia đình cùng đăng ký hộ kinh doanh",
                        ),
                        proxy(),
                    ),
                    (
                        Fee(
                            "Lệ phí đăng ký hộ kinh doanh",
                            100000,
                            condition="Nộp hồ sơ trực tiếp hoặc qua bưu chính",
                        ),
                        Fee(
                            "Lệ phí đăng ký hộ kinh doanh", 50000, condition="Nộp hồ sơ trực tuyến"
                        ),
                    ),
                    BUSINESS_FIELDS,
                ),
            ),
            supplement=RESTART,
        ),
        P(
            "2.000720",
            "Đăng ký thay đổi nội dung đăng ký hộ kinh doanh",
            "HKD",
            COMMUNE,
            HKD_LAW,
            (
                C(
                    "Đăng ký thay đổi nội dung đăng ký hộ kinh doanh",
                    "3",
                    WD,
                    FULL,
                    "Giấy chứng nhận đăng ký hộ kinh doanh",
                    (
                        form("Thông báo thay đổi nội dung đăng ký hộ kinh doanh"),
                        D(
                            "Biên bản họp thành viên hộ gia đình về việc thay đổi",
                            condition="Khi thay đổi chủ hộ kinh doanh hoặc hộ do các thành viên "
                            "hộ gia đình đăng ký",
                        ),
                        proxy(),
                    ),
                    (Fee("Lệ phí thay đổi nội dung đăng ký hộ kinh doanh", 50000),),
                    (
                        text(
                            "registration_number",
                            "Mã số hộ kinh doanh",
                            required=True,
                            max_length=20,
                        ),
                        text("changes", "Nội dung thay đổi", required=True, max_length=1000),
                    ),
                ),
            ),
            supplement=RESTART,
        ),
        P(
            "1.001570",
            "Tạm ngừng kinh doanh, tiếp tục kinh doanh trước thời hạn đã thông báo của hộ kinh doanh",
            "HKD",
            COMMUNE,
            HKD_LAW,
            (
                C(
                    "Thông báo tạm ngừng hoặc tiếp tục kinh doanh",
                    "3",
                    WD,
                    FULL,
                    "Giấy xác nhận về việc hộ kinh doanh đăng ký tạm ngừng kinh doanh",
                    (
                        form(
                            "Thông báo tạm ngừng kinh doanh hoặc tiếp tục kinh doanh trước thời hạn"
                        ),
                        proxy(),
                    ),
                    (),
                    (
                        text(
                            "registration_number",
                            "Mã số hộ kinh doanh",
                            required=True,
                            max_length=20,
                        ),
                        date("pause_from", "Tạm ngừng từ ngày", required=True),
                        date("pause_to", "Đến ngày", required=True),
                    ),
                ),
            ),
            supplement=RESTART,
        ),
        P(
            "1.001266",
            "Chấm dứt hoạt động hộ kinh doanh",
            "HKD",
            COMMUNE,
            HKD_LAW,
            (
                C(
                    "Chấm dứt hoạt động hộ kinh doanh",
                    "3",
                    WD,
                    FULL,
                    "Thông báo về việc chấm dứt hoạt động hộ kinh doanh",
                    (
                        form("Thông báo chấm dứt hoạt động hộ kinh doanh"),
                        D(
                            "Biên bản họp thành viên hộ gia đình về việc chấm dứt hoạt động",
                            condition="Khi hộ kinh doanh do các thành viên hộ gia đình đăng ký",
                        ),
                        proxy(),
                    ),
                    (),
                    (
                        text(
                            "registration_number",
                            "Mã số hộ kinh doanh",
                            required=True,
                            max_length=20,
                        ),
                    ),
                ),
            ),
            supplement=RESTART,
        ),
        P(
            "2.000575",
            "Cấp lại Giấy chứng nhận đăng ký hộ kinh doanh",
            "HKD",
            COMMUNE,
            HKD_LAW,
            (
                C(
                    "Cấp lại Giấy chứng nhận đăng ký hộ kinh doanh",
                    "3",
                    WD,
                    FULL,
                    "Giấy chứng nhận đăng ký hộ kinh doanh",
                    (form("Giấy đề nghị cấp lại Giấy chứng nhận đăng ký hộ kinh doanh"), proxy()),
                    (Fee("Lệ phí cấp lại Giấy chứng nhận đăng ký hộ kinh doanh", 50000),),
                    (
                        text(
                            "registration_number",
                            "Mã số hộ kinh doanh",
                            required=True,
                            max_length=20,
                        ),
                    ),
                ),
            ),
            supplement=RESTART,
        ),
        # --- Hoạt động xây dựng ------------------------------------------------------------
        P(
            "1.013225",
            "Cấp giấy phép xây dựng mới đối với công trình cấp III, cấp IV và nhà ở riêng lẻ",
            "XD",
            COMMUNE,
            XD_LAW,
            tuple(
                C(
                    name,
                    days,
                    WD,
                    PARTIAL,
                    "Giấy phép xây dựng",
                    (
                        form("Đơn đề nghị cấp giấy phép xây dựng"),
                        D("Giấy tờ hợp pháp về quyền sử dụng đất", CERTIFIED, reuse=(NATIONAL,)),
                        D("Bản vẽ thiết kế xây dựng", quantity=2),
                        D(
                            "Văn bản thẩm duyệt thiết kế về phòng cháy và chữa cháy",
                            COPY,
                            condition="Khi công trình thuộc diện phải thẩm duyệt",
                        ),
                    ),
                    (Fee("Lệ phí cấp giấy phép xây dựng", amount, unit="giấy phép"),),
                    BUILDING_FIELDS,
                )
                for name, days, amount in (
                    ("Nhà ở riêng lẻ", "15", 75000),
                    ("Công trình cấp III, cấp IV", "20", 150000),
                )
            ),
            supplement=RESTART,
        ),
        P(
            "1.013226",
            "Cấp điều chỉnh giấy phép xây dựng đối với công trình cấp III, cấp IV và nhà ở riêng lẻ",
            "XD",
            COMMUNE,
            XD_LAW,
            (
                C(
                    "Điều chỉnh giấy phép xây dựng",
                    "15",
                    WD,
                    PARTIAL,
                    "Giấy phép xây dựng điều chỉnh",
                    (
                        form("Đơn đề nghị điều chỉnh giấy phép xây dựng"),
                        D("Giấy phép xây dựng đã được cấp"),
                        D("Bản vẽ thiết kế điều chỉnh", quantity=2),
                    ),
                    (Fee("Lệ phí cấp giấy phép xây dựng", 75000, unit="giấy phép"),),
                    BUILDING_FIELDS,
                ),
            ),
            supplement=RESTART,
        ),
        P(
            "1.013227",
            "Gia hạn giấy phép xây dựng đối với công trình cấp III, cấp IV và nhà ở riêng lẻ",
            "XD",
            COMMUNE,
            XD_LAW,
            (
                C(
                    "Gia hạn giấy phép xây dựng",
                    "5",
                    WD,
                    FULL,
                    "Giấy phép xây dựng đã được gia hạn",
                    (
                        form("Đơn đề nghị gia hạn giấy phép xây dựng"),
                        D("Giấy phép xây dựng đã được cấp"),
                    ),
                    (Fee("Lệ phí gia hạn giấy phép xây dựng", 15000, unit="giấy phép"),),
                    (text("permit_number", "Số giấy phép xây dựng", required=True, max_length=50),),
                ),
            ),
            supplement=RESTART,
        ),
        P(
            "1.013228",
            "Cấp lại giấy phép xây dựng đối với công trình cấp III, cấp IV và nhà ở riêng lẻ",
            "XD",
            COMMUNE,
            XD_LAW,
            (
                C(
                    "Cấp lại giấy phép xây dựng",
                    "5",
                    WD,
                    FULL,
                    "Giấy phép xây dựng (cấp lại)",
                    (
                        form("Đơn đề nghị cấp lại giấy phép xây dựng"),
                        D("Giấy phép xây dựng đã được cấp", condition="Khi giấy phép bị rách, nát"),
                    ),
                    (Fee("Lệ phí cấp lại giấy phép xây dựng", 15000, unit="giấy phép"),),
                    (text("permit_number", "Số giấy phép xây dựng", required=True, max_length=50),),
                ),
            ),
            supplement=RESTART,
        ),
        P(
            STAND_IN_PREFIX + "07.{p}",
            "Cấp giấy phép xây dựng mới đối với công trình cấp I, cấp II",
            "XD",
            PROVINCE,
            XD_LAW,
            (
                C(
                    "Cấp giấy phép xây dựng công trình cấp I, cấp II",
                    "20",
                    WD,
                    PARTIAL,
                    "Giấy phép xây dựng",
                    (
                        form("Đơn đề nghị cấp giấy phép xây dựng"),
                        D("Giấy tờ hợp pháp về quyền sử dụng đất", CERTIFIED, reuse=(NATIONAL,)),
                        D(
                            "Quyết định phê duyệt dự án và văn bản thông báo kết quả thẩm định",
                            COPY,
                        ),
                        D("Bản vẽ thiết kế xây dựng", quantity=2),
                        D("Văn bản thẩm duyệt thiết kế về phòng cháy và chữa cháy", COPY),
                    ),
                    (Fee("Lệ phí cấp giấy phép xây dựng", 150000, unit="giấy phép"),),
                    BUILDING_FIELDS,
                ),
            ),
            real=False,
            supplement=RESTART,
            applicant="organisation",
        ),
        P(
            STAND_IN_PREFIX + "08.{p}",
            "Cấp chứng chỉ hành nghề hoạt động xây dựng hạng II, hạng III",
            "XD",
            PROVINCE,
            "Luật Xây dựng năm 2014 (sửa đổi năm 2020); Nghị định số 175/2024/NĐ-CP; Thông tư số "
            "38/2022/TT-BTC",
            (
                C(
                    "Cấp chứng chỉ hành nghề lần đầu",
                    "20",
                    WD,
                    FULL,
                    "Chứng chỉ hành nghề hoạt động xây dựng",
                    (
                        form("Đơn đề nghị cấp chứng chỉ hành nghề hoạt động xây dựng"),
                        D("Văn bằng do cơ sở đào tạo hợp pháp cấp", COPY),
                        D("Ảnh màu cỡ 4x6 cm nền trắng"),
                        D("Bản khai kinh nghiệm công việc chuyên môn"),
                    ),
                    (
                        Fee(
                            "Phí thẩm định cấp chứng chỉ hành nghề",
                            300000,
                            kind="fee",
                            unit="chứng chỉ",
                        ),
                    ),
                    (
                        choice(
                            "grade",
                            "Hạng đề nghị",
                            (("hang_2", "Hạng II"), ("hang_3", "Hạng III")),
                            required=True,
                        ),
                        text("practice_area", "Lĩnh vực hành nghề", required=True, max_length=200),
                    ),
                ),
            ),
            real=False,
        ),
        # --- Đất đai ----------------------------------------------------------------------
        P(
            STAND_IN_PREFIX + "09.{p}",
            "Đăng ký biến động quyền sử dụng đất, quyền sở hữu tài sản gắn liền với đất do "
            "chuyển nhượng, tặng cho",
            "DD",
            PROVINCE,
            DD_LAW + "; Luật Quản lý thuế năm 2019",
            (
                C(
                    "Chuyển nhượng, tặng cho quyền sử dụng đất (liên thông với cơ quan thuế)",
                    "10",
                    WD,
                    PARTIAL,
                    "Giấy chứng nhận quyền sử dụng đất, quyền sở hữu tài sản gắn liền với đất",
                    (
                        form("Đơn đăng ký biến động đất đai, tài sản gắn liền với đất"),
                        D("Hợp đồng chuyển nhượng, tặng cho đã được công chứng hoặc chứng thực"),
                        D("Giấy chứng nhận đã cấp"),
                        form("Tờ khai thuế thu nhập cá nhân đối với chuyển nhượng bất động sản"),
                        form("Tờ khai lệ phí trước bạ nhà, đất"),
                        D(
                            "Giấy tờ chứng minh thuộc diện miễn, giảm nghĩa vụ tài chính",
                            COPY,
                            condition="Khi đề nghị miễn, giảm thuế, lệ phí",
                        ),
                    ),
                    (
                        Fee(
                            "Lệ phí cấp Giấy chứng nhận",
                            50000,
                            unit="giấy chứng nhận",
                            condition="Khi cấp mới Giấy chứng nhận",
                        ),
                        Fee(
                            "Lệ phí đăng ký biến động",
                            30000,
                            condition="Khi xác nhận thay đổi trên Giấy chứng nhận đã cấp",
                        ),
                    ),
                    (
                        text(
                            "certificate_number",
                            "Số phát hành Giấy chứng nhận",
                            required=True,
                            max_length=20,
                        ),
                        text("parcel", "Thửa đất số, tờ bản đồ số", required=True, max_length=100),
                        personal_id(
                            "transferee_id", "Số định danh cá nhân của bên nhận", required=True
                        ),
                        number("price_vnd", "Giá chuyển nhượng ghi trên hợp đồng (đồng)", min=0),
                    ),
                    stages=(
                        Stage(
                            None,
                            "3",
                            "Văn phòng Đăng ký đất đai",
                            "Kiểm tra hồ sơ, lập phiếu chuyển thông tin địa chính",
                        ),
                        Stage(
                            THUE,
                            "3",
                            "Phòng Quản lý thuế thu nhập cá nhân",
                            "Xác định và thông báo nghĩa vụ tài chính",
                        ),
                        Stage(
                            None,
                            "4",
                            "Văn phòng Đăng ký đất đai",
                            "Chỉnh lý hồ sơ địa chính, in Giấy chứng nhận",
                        ),
                    ),
                    notes="Thời gian người sử dụng đất thực hiện nghĩa vụ tài chính không tính vào thời "
                    "hạn giải quyết. Thuế thu nhập cá nhân và lệ phí trước bạ nộp theo thông báo của "
                    "cơ quan thuế.",
                ),
            ),
            real=False,
        ),
        P(
            STAND_IN_PREFIX + "10.{p}",
            "Đăng ký đất đai, tài sản gắn liền với đất, cấp Giấy chứng nhận lần đầu cho cá nhân, "
            "cộng đồng dân cư",
            "DD",
            COMMUNE,
            DD_LAW,
            (
                C(
                    "Đăng ký, cấp Giấy chứng nhận lần đầu",
                    "20",
                    WD,
                    PARTIAL,
                    "Giấy chứng nhận quyền sử dụng đất, quyền sở hữu tài sản gắn liền với đất",
                    (
                        form("Đơn đăng ký đất đai, tài sản gắn liền với đất"),
                        D(
                            "Giấy tờ về quyền sử dụng đất",
                            COPY,
                            condition="Khi có một trong các giấy tờ về quyền sử dụng đất",
                        ),
                        D(
                            "Chứng từ thực hiện nghĩa vụ tài chính",
                            COPY,
                            condition="Khi đã nộp tiền sử dụng đất, tiền thuê đất",
                        ),
                    ),
                    (Fee("Lệ phí cấp Giấy chứng nhận", 100000, unit="giấy chứng nhận"),),
                    (
                        address("parcel_address", "Địa chỉ thửa đất", required=True),
                        number("area_m2", "Diện tích (m²)", required=True, min=0),
                    ),
                    notes="Thời hạn không tính thời gian trích đo địa chính và thực hiện nghĩa vụ tài chính.",
                ),
            ),
            real=False,
        ),
        P(
            STAND_IN_PREFIX + "11.{p}",
            "Cấp đổi Giấy chứng nhận quyền sử dụng đất, quyền sở hữu tài sản gắn liền với đất",
            "DD",
            PROVINCE,
            DD_LAW,
            (
                C(
                    "Cấp đổi Giấy chứng nhận",
                    "7",
                    WD,
                    PARTIAL,
                    "Giấy chứng nhận quyền sử dụng đất, quyền sở hữu tài sản gắn liền với đất",
                    (
                        form("Đơn đăng ký biến động đất đai, tài sản gắn liền với đất"),
                        D("Giấy chứng nhận đã cấp"),
                    ),
                    (Fee("Lệ phí cấp đổi Giấy chứng nhận", 50000, unit="giấy chứng nhận"),),
                    (
                        text(
                            "certificate_number",
                            "Số phát hành Giấy chứng nhận",
                            required=True,
                            max_length=20,
                        ),
                    ),
                ),
            ),
            real=False,
        ),
        # --- Giảm nghèo (cấp xã) ---------------------------------------------------------
        P(
            "1.011607",
            "Công nhận hộ nghèo, hộ cận nghèo; hộ thoát nghèo, hộ thoát cận nghèo thường xuyên "
            "hằng năm",
            "GN",
            COMMUNE,
            "Quyết định số 24/2021/QĐ-TTg; Nghị định số 07/2021/NĐ-CP",
            (
                C(
                    "Công nhận hộ nghèo, hộ cận nghèo",
                    "10",
                    WD,
                    PARTIAL,
                    "Quyết định công nhận hộ nghèo, hộ cận nghèo",
                    (form("Giấy đề nghị xét duyệt hộ nghèo, hộ cận nghèo"),),
                    (),
                    (number("members", "Số nhân khẩu của hộ", required=True, min=1, max=50),),
                    notes="Có bước rà soát, phỏng vấn tại hộ gia đình.",
                ),
                C(
                    "Công nhận hộ thoát nghèo, hộ thoát cận nghèo",
                    "10",
                    WD,
                    PARTIAL,
                    "Quyết định công nhận hộ thoát nghèo, hộ thoát cận nghèo",
                    (form("Giấy đề nghị xét duyệt hộ thoát nghèo, hộ thoát cận nghèo"),),
                    (),
                    (number("members", "Số nhân khẩu của hộ", required=True, min=1, max=50),),
                ),
            ),
        ),
        P(
            STAND_IN_PREFIX + "40.{p}",
            "Công nhận hộ làm nông nghiệp, lâm nghiệp, ngư nghiệp và diêm nghiệp có mức sống "
            "trung bình",
            "GN",
            COMMUNE,
            "Nghị định số 07/2021/NĐ-CP; Luật Bảo hiểm y tế",
            (
                C(
                    "Công nhận hộ có mức sống trung bình",
                    "10",
                    WD,
                    PARTIAL,
                    "Quyết định công nhận hộ có mức sống trung bình",
                    (form("Giấy đề nghị xét duyệt hộ có mức sống trung bình"),),
                    (),
                    (number("members", "Số nhân khẩu của hộ", required=True, min=1, max=50),),
                    notes="Hộ được công nhận được hỗ trợ mức đóng bảo hiểm y tế.",
                ),
            ),
            real=False,
        ),
        # --- Giáo dục và đào tạo -----------------------------------------------------------
        P(
            "2.002894",
            "Cho phép trường mầm non hoạt động giáo dục",
            "GD",
            COMMUNE,
            "Luật Giáo dục năm 2019; Nghị định số 125/2024/NĐ-CP",
            (
                C(
                    "Cho phép hoạt động giáo dục",
                    "20",
                    WD,
                    PARTIAL,
                    "Quyết định cho phép hoạt động giáo dục",
                    (
                        D("Tờ trình đề nghị cho phép hoạt động giáo dục"),
                        D("Quyết định thành lập hoặc cho phép thành lập trường", COPY),
                        D("Danh sách cán bộ quản lý, giáo viên, nhân viên"),
                        D("Quy chế tổ chức và hoạt động, kế hoạch giáo dục"),
                        D("Văn bản chứng minh đất đai, trường lớp, thiết bị", COPY),
                    ),
                    (),
                    (number("children_capacity", "Quy mô trẻ dự kiến", required=True, min=1),),
                    notes="Có bước kiểm tra thực tế tại trường.",
                ),
            ),
            applicant="organisation",
            supplement=RESTART,
        ),
        P(
            "1.001639",
            "Giải thể trường tiểu học",
            "GD",
            COMMUNE,
            "Luật Giáo dục năm 2019; Nghị định số 125/2024/NĐ-CP",
            (
                C(
                    "Giải thể theo đề nghị của tổ chức, cá nhân thành lập trường",
                    "20",
                    WD,
                    NONE,
                    "Quyết định giải thể trường tiểu học",
                    (
                        D("Tờ trình đề nghị giải thể"),
                        D("Phương án giải thể, bảo đảm quyền lợi của học sinh, giáo viên"),
                    ),
                ),
            ),
            applicant="organisation",
        ),
        P(
            STAND_IN_PREFIX + "12.{p}",
            "Cấp bản sao văn bằng, chứng chỉ từ sổ gốc",
            "VB",
            PROVINCE,
            "Nghị định số 23/2015/NĐ-CP; Thông tư số 21/2019/TT-BGDĐT",
            (
                C(
                    "Cấp bản sao từ sổ gốc",
                    "0",
                    SD,
                    FULL,
                    "Bản sao văn bằng, chứng chỉ từ sổ gốc",
                    (form("Đơn đề nghị cấp bản sao văn bằng, chứng chỉ từ sổ gốc"), proxy()),
                    (),
                    (
                        text(
                            "certificate_name",
                            "Tên văn bằng, chứng chỉ",
                            required=True,
                            max_length=200,
                        ),
                        number(
                            "graduation_year", "Năm tốt nghiệp", required=True, min=1950, max=2100
                        ),
                        number("copies", "Số bản sao", required=True, min=1, max=10),
                    ),
                ),
            ),
            real=False,
        ),
        P(
            STAND_IN_PREFIX + "13.{p}",
            "Chỉnh sửa nội dung văn bằng, chứng chỉ",
            "VB",
            PROVINCE,
            "Thông tư số 21/2019/TT-BGDĐT",
            (
                C(
                    "Chỉnh sửa nội dung văn bằng, chứng chỉ",
                    "5",
                    WD,
                    PARTIAL,
                    "Quyết định chỉnh sửa văn bằng, chứng chỉ",
                    (
                        form("Đơn đề nghị chỉnh sửa văn bằng, chứng chỉ"),
                        D("Văn bằng, chứng chỉ đề nghị chỉnh sửa"),
                        D(
                            "Quyết định thay đổi, cải chính hộ tịch hoặc giấy tờ làm căn cứ chỉnh sửa",
                            CERTIFIED,
                            reuse=(NATIONAL,),
                        ),
                    ),
                    (),
                    (
                        text(
                            "correction",
                            "Nội dung đề nghị chỉnh sửa",
                            required=True,
                            max_length=500,
                        ),
                    ),
                ),
            ),
            real=False,
        ),
        P(
            STAND_IN_PREFIX + "14.{p}",
            "Cho phép trung tâm ngoại ngữ, tin học hoạt động giáo dục",
            "GD",
            PROVINCE,
            "Luật Giáo dục năm 2019; Nghị định số 125/2024/NĐ-CP",
            (
                C(
                    "Cho phép hoạt động giáo dục",
                    "20",
                    WD,
                    PARTIAL,
                    "Quyết định cho phép hoạt động giáo dục",
                    (
                        D("Tờ trình đề nghị cho phép hoạt động giáo dục"),
                        D("Quyết định thành lập trung tâm", COPY),
                        D("Danh sách giáo viên kèm văn bằng, chứng chỉ", COPY),
                        D("Chương trình, tài liệu giảng dạy"),
                        D("Văn bản chứng minh quyền sử dụng cơ sở vật chất", COPY),
                    ),
                ),
            ),
            real=False,
            applicant="organisation",
            supplement=RESTART,
        ),
        # --- Y tế: khám bệnh, chữa bệnh và dược ---------------------------------------------
        P(
            STAND_IN_PREFIX + "15.{p}",
            "Cấp mới giấy phép hành nghề khám bệnh, chữa bệnh đối với chức danh bác sỹ, y sỹ, "
            "điều dưỡng, hộ sinh, kỹ thuật y",
            "KCB",
            PROVINCE,
            KCB_LAW,
            (
                C(
                    "Cấp mới giấy phép hành nghề",
                    "30",
                    CD,
                    PARTIAL,
                    "Giấy phép hành nghề khám bệnh, chữa bệnh",
                    (
                        form("Đơn đề nghị cấp mới giấy phép hành nghề"),
                        D("Văn bằng chuyên môn", CERTIFIED),
                        D("Giấy chứng nhận đủ sức khỏe để hành nghề, cấp trong vòng 12 tháng"),
                        D("Giấy xác nhận hoàn thành thực hành khám bệnh, chữa bệnh"),
                        D("Ảnh chân dung cỡ 4x6 cm", quantity=2),
                    ),
                    (
                        Fee(
                            "Phí thẩm định cấp giấy phép hành nghề",
                            360000,
                            kind="fee",
                            unit="giấy phép",
                        ),
                    ),
                    (
                        choice(
                            "title",
                            "Chức danh chuyên môn",
                            (
                                ("bac_sy", "Bác sỹ"),
                                ("y_sy", "Y sỹ"),
                                ("dieu_duong", "Điều dưỡng"),
                                ("ho_sinh", "Hộ sinh"),
                                ("ky_thuat_y", "Kỹ thuật y"),
                            ),
                            required=True,
                        ),
                        text("scope", "Phạm vi hành nghề đề nghị", required=True, max_length=300),
                    ),
                ),
            ),
            real=False,
            supplement=RESTART,
        ),
        P(
            STAND_IN_PREFIX + "16.{p}",
            "Cấp lại giấy phép hành nghề khám bệnh, chữa bệnh do bị mất hoặc hư hỏng",
            "KCB",
            PROVINCE,
            KCB_LAW,
            (
                C(
                    "Cấp lại giấy phép hành nghề",
                    "10",
                    WD,
                    FULL,
                    "Giấy phép hành nghề khám bệnh, chữa bệnh (cấp lại)",
                    (
                        form("Đơn đề nghị cấp lại giấy phép hành nghề"),
                        D("Ảnh chân dung cỡ 4x6 cm", quantity=2),
                    ),
                    (
                        Fee(
                            "Phí thẩm định cấp lại giấy phép hành nghề",
                            150000,
                            kind="fee",
                            unit="giấy phép",
                        ),
                    ),
                    (
                        text(
                            "licence_number",
                            "Số giấy phép hành nghề đã cấp",
                            required=True,
                            max_length=30,
                        ),
                    ),
                ),
            ),
            real=False,
        ),
        P(
            STAND_IN_PREFIX + "17.{p}",
            "Cấp Chứng chỉ hành nghề dược theo hình thức xét hồ sơ",
            "DUOC",
            PROVINCE,
            DUOC_LAW,
            (
                C(
                    "Cấp Chứng chỉ hành nghề dược",
                    "20",
                    CD,
                    PARTIAL,
                    "Chứng chỉ hành nghề dược",
                    (
                        form("Đơn đề nghị cấp Chứng chỉ hành nghề dược"),
                        D("Văn bằng chuyên môn", CERTIFIED),
                        D("Giấy xác nhận thời gian thực hành chuyên môn"),
                        D("Giấy chứng nhận đủ sức khỏe để hành nghề dược"),
                        D("Ảnh chân dung cỡ 4x6 cm", quantity=2),
                    ),
                    (
                        Fee(
                            "Phí thẩm định cấp Chứng chỉ hành nghề dược",
                            500000,
                            kind="fee",
                            unit="chứng chỉ",
                        ),
                    ),
                    (text("degree", "Văn bằng chuyên môn", required=True, max_length=200),),
                ),
            ),
            real=False,
            supplement=RESTART,
        ),
        P(
            STAND_IN_PREFIX + "18.{p}",
            "Cấp Giấy chứng nhận đủ điều kiện kinh doanh dược cho cơ sở bán lẻ thuốc",
            "DUOC",
            PROVINCE,
            DUOC_LAW,
            (
                C(
                    "Cấp lần đầu cho nhà thuốc, quầy thuốc",
                    "20",
                    CD,
                    PARTIAL,
                    "Giấy chứng nhận đủ điều kiện kinh doanh dược",
                    (
                        form("Đơn đề nghị cấp Giấy chứng nhận đủ điều kiện kinh doanh dược"),
                        D("Tài liệu kỹ thuật về địa điểm, kho bảo quản và trang thiết bị"),
                        D(
                            "Chứng chỉ hành nghề dược của người chịu trách nhiệm chuyên môn",
                            CERTIFIED,
                            reuse=(NATIONAL,),
                        ),
                        business_registration(),
                    ),
                    (
                        Fee(
                            "Phí thẩm định điều kiện kinh doanh thuốc",
                            1000000,
                            kind="fee",
                            condition="Cơ sở bán lẻ thuốc",
                        ),
                        Fee(
                            "Phí thẩm định điều kiện kinh doanh thuốc",
                            500000,
                            kind="fee",
                            condition="Cơ sở bán lẻ tại địa bàn có điều kiện kinh tế - xã hội đặc biệt khó khăn",
                        ),
                    ),
                    (address("premises", "Địa chỉ cơ sở bán lẻ", required=True),),
                    notes="Có bước đánh giá thực tế Thực hành tốt cơ sở bán lẻ thuốc (GPP).",
                ),
            ),
            real=False,
            applicant="organisation",
            supplement=RESTART,
        ),
        # --- Bảo trợ xã hội (cấp xã) -----------------------------------------------------
        P(
            "1.001776",
            "Thực hiện, điều chỉnh, thôi hưởng trợ cấp xã hội hằng tháng, hỗ trợ kinh phí chăm "
            "sóc, nuôi dưỡng hằng tháng",
            "BTXH",
            COMMUNE,
            BTXH_LAW,
            (
                C(
                    "Hưởng trợ cấp xã hội hằng tháng",
                    "10",
                    WD,
                    FULL,
                    "Quyết định trợ cấp xã hội hằng tháng",
                    (
                        form("Tờ khai đề nghị trợ giúp xã hội"),
                        D(
                            "Giấy xác nhận khuyết tật",
                            COPY,
                            condition="Khi đối tượng là người khuyết tật",
                            reuse=(STORE,),
                        ),
                    ),
                    (),
                    (
                        choice(
                            "beneficiary_kind",
                            "Nhóm đối tượng",
                            (
                                ("tre_em", "Trẻ em không có nguồn nuôi dưỡng"),
                                ("cao_tuoi", "Người cao tuổi"),
                                ("khuyet_tat", "Người khuyết tật"),
                                ("khac", "Đối tượng khác"),
                            ),
                            required=True,
                        ),
                        personal_id(
                            "beneficiary_id", "Số định danh cá nhân của đối tượng", required=True
                        ),
                    ),
                ),
            ),
        ),
        P(
            "1.001699",
            "Xác định, xác định lại mức độ khuyết tật và cấp Giấy xác nhận khuyết tật",
            "BTXH",
            COMMUNE,
            BTXH_LAW + "; Thông tư số 01/2019/TT-BLĐTBXH",
            (
                C(
                    "Xác định mức độ khuyết tật",
                    "30",
                    CD,
                    PARTIAL,
                    "Giấy xác nhận khuyết tật",
                    (
                        form("Đơn đề nghị xác định mức độ khuyết tật"),
                        D(
                            "Giấy tờ y tế liên quan đến khuyết tật (bệnh án, giấy khám, kết luận giám định)",
                            COPY,
                            condition="Nếu có",
                        ),
                    ),
                    (),
                    (
                        personal_id(
                            "person_id", "Số định danh cá nhân của người khuyết tật", required=True
                        ),
                    ),
                    notes="Hội đồng xác định mức độ khuyết tật quan sát, phỏng vấn trực tiếp người khuyết tật.",
                ),
            ),
        ),
        P(
            "1.001653",
            "Đổi, cấp lại Giấy xác nhận khuyết tật",
            "BTXH",
            COMMUNE,
            BTXH_LAW,
            (
                C(
                    "Đổi, cấp lại Giấy xác nhận khuyết tật",
                    "5",
                    WD,
                    FULL,
                    "Giấy xác nhận khuyết tật",
                    (form("Đơn đề nghị đổi, cấp lại Giấy xác nhận khuyết tật"),),
                    (),
                    (
                        personal_id(
                            "person_id", "Số định danh cá nhân của người khuyết tật", required=True
                        ),
                    ),
                ),
            ),
        ),
        P(
            "1.001731",
            "Hỗ trợ chi phí mai táng cho đối tượng bảo trợ xã hội",
            "BTXH",
            COMMUNE,
            BTXH_LAW,
            (
                C(
                    "Hỗ trợ chi phí mai táng",
                    "3",
                    WD,
                    FULL,
                    "Quyết định hỗ trợ chi phí mai táng",
                    (
                        form("Tờ khai đề nghị hỗ trợ chi phí mai táng"),
                        D("Trích lục khai tử", COPY, reuse=(NATIONAL,)),
                    ),
                    (),
                    DECEASED_FIELDS,
                ),
            ),
        ),
        # --- Người có công ---------------------------------------------------------------
        P(
            "1.010833",
            "Cấp giấy xác nhận thân nhân của người có công",
            "NCC",
            PROVINCE,
            NCC_LAW,
            (
                C(
                    "Cấp giấy xác nhận thân nhân",
                    "5",
                    WD,
                    FULL,
                    "Giấy xác nhận thân nhân của người có công",
                    (
                        form("Đơn đề nghị cấp giấy xác nhận thân nhân của người có công"),
                        D("Giấy tờ chứng minh quan hệ thân nhân", COPY, reuse=(NATIONAL,)),
                    ),
                    (),
                    (
                        text(
                            "merit_person", "Họ và tên người có công", required=True, max_length=100
                        ),
                    ),
                ),
            ),
            boundary_free=True,
        ),
        P(
            "1.010803",
            "Giải quyết chế độ trợ cấp thờ cúng liệt sĩ",
            "NCC",
            PROVINCE,
            NCC_LAW,
            (
                C(
                    "Giải quyết trợ cấp thờ cúng liệt sĩ",
                    "12",
                    WD,
                    PARTIAL,
                    "Quyết định trợ cấp thờ cúng liệt sĩ",
                    (
                        form("Bản khai đề nghị giải quyết chế độ thờ cúng liệt sĩ"),
                        D(
                            "Biên bản ủy quyền thờ cúng liệt sĩ",
                            condition="Khi thân nhân ủy quyền cho người khác thờ cúng",
                        ),
                    ),
                    (),
                    (text("martyr_name", "Họ và tên liệt sĩ", required=True, max_length=100),),
                ),
            ),
            boundary_free=True,
        ),
        P(
            "2.002307",
            "Giải quyết chế độ mai táng phí đối với cựu chiến binh",
            "NCC",
            PROVINCE,
            "Nghị định số 157/2016/NĐ-CP; Nghị định số 150/2006/NĐ-CP",
            (
                C(
                    "Giải quyết mai táng phí",
                    "12",
                    WD,
                    FULL,
                    "Quyết định hưởng mai táng phí",
                    (
                        form("Tờ khai đề nghị hưởng chế độ mai táng phí"),
                        D("Trích lục khai tử", COPY, reuse=(NATIONAL,)),
                        D("Giấy tờ chứng minh là cựu chiến binh", COPY),
                    ),
                    (),
                    DECEASED_FIELDS,
                ),
            ),
            boundary_free=True,
        ),
        # --- Việc làm (Sở Nội vụ) --------------------------------------------------------
        P(
            "1.014199",
            "Cấp giấy phép lao động cho người lao động nước ngoài làm việc tại Việt Nam",
            "VL",
            PROVINCE,
            VL_LAW,
            (
                C(
                    "Cấp giấy phép lao động",
                    "10",
                    WD,
                    FULL,
                    "Giấy phép lao động",
                    (
                        form("Văn bản đề nghị cấp giấy phép lao động"),
                        D("Giấy chứng nhận sức khỏe", ORIG_OR_CERT),
                        D(
                            "Phiếu lý lịch tư pháp hoặc văn bản xác nhận không phải là người phạm tội",
                            ORIG_OR_CERT,
                        ),
                        D("Hộ chiếu còn giá trị", CERTIFIED),
                        D(
                            "Giấy tờ chứng minh là nhà quản lý, chuyên gia hoặc lao động kỹ thuật",
                            ORIG_OR_CERT,
                        ),
                        D("Ảnh màu cỡ 4x6 cm", quantity=2),
                    ),
                    (Fee("Lệ phí cấp giấy phép lao động", 600000, unit="giấy phép"),),
                    FOREIGN_WORKER_FIELDS,
                ),
            ),
            applicant="organisation",
            supplement=RESTART,
            decision="2025_vl",
            history=(
                History(
                    "2025_tinh",
                    {
                        "legal_basis": "Bộ luật Lao động năm 2019; Nghị định số 152/2020/NĐ-CP "
                        "(sửa đổi bởi Nghị định số 70/2023/NĐ-CP)",
                        "amount": "5",
                    },
                ),
            ),
        ),
        P(
            "1.014200",
            "Cấp lại giấy phép lao động cho người lao động nước ngoài làm việc tại Việt Nam",
            "VL",
            PROVINCE,
            VL_LAW,
            (
                C(
                    "Cấp lại giấy phép lao động",
                    "5",
                    WD,
                    FULL,
                    "Giấy phép lao động (cấp lại)",
                    (
                        form("Văn bản đề nghị cấp lại giấy phép lao động"),
                        D("Giấy phép lao động còn thời hạn", condition="Trừ trường hợp bị mất"),
                        D("Ảnh màu cỡ 4x6 cm", quantity=2),
                    ),
                    (Fee("Lệ phí cấp lại giấy phép lao động", 450000, unit="giấy phép"),),
                    FOREIGN_WORKER_FIELDS[:3],
                ),
            ),
            applicant="organisation",
            supplement=RESTART,
            decision="2025_vl",
        ),
        P(
            "1.014201",
            "Gia hạn giấy phép lao động cho người lao động nước ngoài làm việc tại Việt Nam",
            "VL",
            PROVINCE,
            VL_LAW,
            (
                C(
                    "Gia hạn giấy phép lao động",
                    "5",
                    WD,
                    FULL,
                    "Giấy phép lao động (gia hạn)",
                    (
                        form("Văn bản đề nghị gia hạn giấy phép lao động"),
                        D("Giấy phép lao động còn thời hạn ít nhất 10 ngày"),
                        D("Giấy chứng nhận sức khỏe", ORIG_OR_CERT),
                        D("Ảnh màu cỡ 4x6 cm", quantity=2),
                    ),
                    (Fee("Lệ phí gia hạn giấy phép lao động", 450000, unit="giấy phép"),),
                    FOREIGN_WORKER_FIELDS,
                ),
            ),
            applicant="organisation",
            supplement=RESTART,
            decision="2025_vl",
        ),
        P(
            "1.014196",
            "Xác nhận người lao động nước ngoài không thuộc diện cấp giấy phép lao động",
            "VL",
            PROVINCE,
            VL_LAW,
            (
                C(
                    "Xác nhận không thuộc diện cấp giấy phép lao động",
                    "5",
                    WD,
                    FULL,
                    "Văn bản xác nhận không thuộc diện cấp giấy phép lao động",
                    (
                        form("Văn bản đề nghị xác nhận không thuộc diện cấp giấy phép lao động"),
                        D(
                            "Giấy tờ chứng minh thuộc diện không phải cấp giấy phép lao động",
                            ORIG_OR_CERT,
                        ),
                        D("Hộ chiếu còn giá trị", CERTIFIED),
                    ),
                    (),
                    FOREIGN_WORKER_FIELDS[:3],
                ),
            ),
            applicant="organisation",
            decision="2025_vl",
        ),
        P(
            STAND_IN_PREFIX + "19.{p}",
            "Giải quyết hưởng trợ cấp thất nghiệp",
            "VL",
            PROVINCE,
            "Luật Việc làm năm 2013; Nghị định số 28/2015/NĐ-CP; Thông tư số 15/2023/TT-BLĐTBXH",
            (
                C(
                    "Hưởng trợ cấp thất nghiệp",
                    "20",
                    WD,
                    PARTIAL,
                    "Quyết định hưởng trợ cấp thất nghiệp",
                    (
                        form("Đề nghị hưởng trợ cấp thất nghiệp"),
                        D(
                            "Hợp đồng lao động đã hết hạn hoặc quyết định thôi việc, giấy tờ chứng "
                            "minh chấm dứt hợp đồng",
                            ORIG_OR_CERT,
                        ),
                        D("Sổ bảo hiểm xã hội", COPY, reuse=(NATIONAL,)),
                    ),
                    (),
                    (date("contract_end", "Ngày chấm dứt hợp đồng lao động", required=True),),
                    notes="Người lao động trực tiếp nộp hồ sơ và thông báo tìm kiếm việc làm hằng tháng.",
                ),
            ),
            real=False,
            department="Trung tâm Dịch vụ việc làm",
            boundary_free=True,
        ),
        # --- Thi đua, khen thưởng ---------------------------------------------------------
        P(
            STAND_IN_PREFIX + "20.{p}",
            "Tặng Bằng khen của Chủ tịch Ủy ban nhân dân cấp tỉnh",
            "TDKT",
            PROVINCE,
            TDKT_LAW,
            (
                C(
                    "Khen thưởng theo công trạng và thành tích",
                    "20",
                    WD,
                    PARTIAL,
                    "Quyết định khen thưởng và Bằng khen",
                    (
                        D("Tờ trình đề nghị khen thưởng"),
                        D("Biên bản họp Hội đồng thi đua, khen thưởng"),
                        form(
                            "Báo cáo thành tích",
                            form="Mẫu báo cáo thành tích (Nghị định số 98/2023/NĐ-CP)",
                        ),
                        D(
                            "Xác nhận của cơ quan thuế, bảo hiểm xã hội về việc chấp hành nghĩa vụ",
                            COPY,
                            condition="Khi khen thưởng doanh nghiệp hoặc người đứng đầu doanh nghiệp",
                        ),
                    ),
                    (),
                    (
                        number(
                            "nominees", "Số tập thể, cá nhân đề nghị", required=True, min=1, max=500
                        ),
                        text("achievement", "Tóm tắt thành tích", required=True, max_length=2000),
                    ),
                    stages=(
                        Stage(
                            SNV,
                            "12",
                            "Ban Thi đua - Khen thưởng",
                            "Thẩm định hồ sơ, trình Chủ tịch UBND tỉnh",
                        ),
                        Stage(
                            None,
                            "8",
                            "Văn phòng UBND tỉnh",
                            "Xem xét, trình ký quyết định khen thưởng",
                        ),
                    ),
                ),
            ),
            real=False,
            competent=(UBND_TINH,),
            implementing=(SNV,),
            applicant="organisation",
        ),
        P(
            STAND_IN_PREFIX + "21.{p}",
            "Tặng danh hiệu Chiến sĩ thi đua cấp tỉnh",
            "TDKT",
            PROVINCE,
            TDKT_LAW,
            (
                C(
                    "Tặng danh hiệu Chiến sĩ thi đua cấp tỉnh",
                    "20",
                    WD,
                    PARTIAL,
                    "Quyết định tặng danh hiệu và Bằng Chiến sĩ thi đua cấp tỉnh",
                    (
                        D("Tờ trình đề nghị khen thưởng"),
                        D("Biên bản họp Hội đồng thi đua, khen thưởng"),
                        form(
                            "Báo cáo thành tích",
                            form="Mẫu báo cáo thành tích (Nghị định số 98/2023/NĐ-CP)",
                        ),
                        D("Văn bản công nhận sáng kiến hoặc đề tài khoa học"),
                    ),
                    (),
                    (text("achievement", "Tóm tắt thành tích", required=True, max_length=2000),),
                    stages=(
                        Stage(
                            SNV,
                            "12",
                            "Ban Thi đua - Khen thưởng",
                            "Thẩm định hồ sơ, trình Hội đồng thi đua, khen thưởng tỉnh",
                        ),
                        Stage(None, "8", "Văn phòng UBND tỉnh", "Xem xét, trình ký quyết định"),
                    ),
                ),
            ),
            real=False,
            competent=(UBND_TINH,),
            implementing=(SNV,),
            applicant="organisation",
        ),
        P(
            STAND_IN_PREFIX + "22.{p}",
            "Tặng Giấy khen của Chủ tịch Ủy ban nhân dân cấp xã",
            "TDKT",
            COMMUNE,
            TDKT_LAW,
            (
                C(
                    "Tặng Giấy khen",
                    "10",
                    WD,
                    PARTIAL,
                    "Quyết định khen thưởng và Giấy khen",
                    (D("Tờ trình đề nghị khen thưởng"), form("Báo cáo thành tích")),
                    (),
                    (text("achievement", "Tóm tắt thành tích", required=True, max_length=2000),),
                ),
            ),
            real=False,
            applicant="organisation",
            department=COMMUNE_OFFICE,
        ),
        # --- Tín ngưỡng, tôn giáo ---------------------------------------------------------
        P(
            STAND_IN_PREFIX + "23.{p}",
            "Đăng ký sinh hoạt tôn giáo tập trung",
            "TG",
            COMMUNE,
            TG_LAW,
            (
                C(
                    "Đăng ký sinh hoạt tôn giáo tập trung",
                    "20",
                    CD,
                    PARTIAL,
                    "Văn bản chấp thuận đăng ký sinh hoạt tôn giáo tập trung",
                    (
                        form("Văn bản đăng ký sinh hoạt tôn giáo tập trung"),
                        D("Danh sách những người tham gia sinh hoạt"),
                        D("Sơ yếu lý lịch của người đại diện nhóm"),
                        D("Giấy tờ hợp pháp về địa điểm sinh hoạt", COPY),
                    ),
                    (),
                    (
                        text("religion", "Tôn giáo", required=True, max_length=100),
                        address("venue", "Địa điểm sinh hoạt", required=True),
                    ),
                ),
            ),
            real=False,
            applicant="organisation",
        ),
        P(
            STAND_IN_PREFIX + "24.{p}",
            "Đăng ký hoạt động tín ngưỡng",
            "TG",
            COMMUNE,
            TG_LAW,
            (
                C(
                    "Đăng ký hoạt động tín ngưỡng hằng năm",
                    "15",
                    CD,
                    FULL,
                    "Văn bản chấp thuận đăng ký hoạt động tín ngưỡng",
                    (form("Văn bản đăng ký hoạt động tín ngưỡng"),),
                    (),
                    (address("venue", "Cơ sở tín ngưỡng", required=True),),
                ),
            ),
            real=False,
            applicant="organisation",
        ),
        P(
            STAND_IN_PREFIX + "25.{p}",
            "Đề nghị tổ chức cuộc lễ ngoài cơ sở tôn giáo, địa điểm hợp pháp đã đăng ký có quy mô "
            "tổ chức ở nhiều xã",
            "TG",
            PROVINCE,
            TG_LAW,
            (
                C(
                    "Tổ chức cuộc lễ ngoài cơ sở tôn giáo",
                    "15",
                    CD,
                    PARTIAL,
                    "Văn bản chấp thuận tổ chức cuộc lễ",
                    (form("Văn bản đề nghị tổ chức cuộc lễ"),),
                    (),
                    (
                        date("event_date", "Ngày tổ chức", required=True),
                        number("participants", "Số người dự kiến tham gia", required=True, min=1),
                    ),
                ),
            ),
            real=False,
            applicant="organisation",
        ),
        # --- Văn hóa cơ sở ---------------------------------------------------------------
        P(
            STAND_IN_PREFIX + "26.{p}",
            "Cấp Giấy phép đủ điều kiện kinh doanh dịch vụ karaoke",
            "VHCS",
            COMMUNE,
            "Nghị định số 54/2019/NĐ-CP; Thông tư số 01/2021/TT-BTC",
            (
                C(
                    "Cấp Giấy phép kinh doanh dịch vụ karaoke",
                    "5",
                    WD,
                    PARTIAL,
                    "Giấy phép đủ điều kiện kinh doanh dịch vụ karaoke",
                    (
                        form("Đơn đề nghị cấp Giấy phép đủ điều kiện kinh doanh dịch vụ karaoke"),
                        business_registration(),
                    ),
                    tuple(
                        Fee(
                            "Phí thẩm định cấp giấy phép kinh doanh karaoke",
                            amount,
                            kind="fee",
                            unit="giấy phép",
                            condition=condition,
                        )
                        for condition, amount in (
                            ("Tại phường: từ 01 đến 03 phòng", 4000000),
                            ("Tại phường: từ 04 đến 05 phòng", 6000000),
                            ("Tại phường: từ 06 phòng trở lên", 12000000),
                            ("Tại xã: từ 01 đến 03 phòng", 2000000),
                            ("Tại xã: từ 04 đến 05 phòng", 3000000),
                            ("Tại xã: từ 06 phòng trở lên", 6000000),
                        )
                    ),
                    (
                        address("premises", "Địa điểm kinh doanh", required=True),
                        number("rooms", "Số phòng hát", required=True, min=1, max=200),
                    ),
                    notes="Có bước kiểm tra điều kiện phòng hát tại địa điểm kinh doanh.",
                ),
            ),
            real=False,
            applicant="organisation",
            supplement=RESTART,
        ),
        P(
            STAND_IN_PREFIX + "27.{p}",
            "Cấp Giấy phép đủ điều kiện kinh doanh dịch vụ karaoke (thẩm quyền cấp tỉnh)",
            "VHCS",
            PROVINCE,
            "Nghị định số 54/2019/NĐ-CP; Thông tư số 01/2021/TT-BTC",
            (
                C(
                    "Cấp Giấy phép kinh doanh dịch vụ karaoke",
                    "5",
                    WD,
                    PARTIAL,
                    "Giấy phép đủ điều kiện kinh doanh dịch vụ karaoke",
                    (
                        form("Đơn đề nghị cấp Giấy phép đủ điều kiện kinh doanh dịch vụ karaoke"),
                        business_registration(),
                    ),
                    (
                        Fee(
                            "Phí thẩm định cấp giấy phép kinh doanh karaoke",
                            4000000,
                            kind="fee",
                            unit="giấy phép",
                            condition="Từ 01 đến 03 phòng",
                        ),
                    ),
                    (number("rooms", "Số phòng hát", required=True, min=1, max=200),),
                ),
            ),
            real=False,
            applicant="organisation",
            decision="2023",
            abolished_by="2025_tinh",
        ),
        # --- Du lịch ----------------------------------------------------------------------
        P(
            STAND_IN_PREFIX + "28.{p}",
            "Cấp Giấy phép kinh doanh dịch vụ lữ hành nội địa",
            "DL",
            PROVINCE,
            DL_LAW,
            (
                C(
                    "Cấp Giấy phép kinh doanh dịch vụ lữ hành nội địa",
                    "10",
                    WD,
                    FULL,
                    "Giấy phép kinh doanh dịch vụ lữ hành nội địa",
                    (
                        form("Đơn đề nghị cấp Giấy phép kinh doanh dịch vụ lữ hành nội địa"),
                        business_registration(),
                        D("Giấy chứng nhận ký quỹ kinh doanh dịch vụ lữ hành nội địa"),
                        D(
                            "Quyết định bổ nhiệm hoặc hợp đồng lao động của người phụ trách kinh doanh lữ hành",
                            CERTIFIED,
                        ),
                        D(
                            "Văn bằng, chứng chỉ chuyên ngành lữ hành của người phụ trách",
                            CERTIFIED,
                        ),
                    ),
                    (
                        Fee(
                            "Phí thẩm định cấp giấy phép kinh doanh dịch vụ lữ hành nội địa",
                            3000000,
                            kind="fee",
                            unit="giấy phép",
                        ),
                    ),
                ),
            ),
            real=False,
            applicant="organisation",
        ),
        P(
            STAND_IN_PREFIX + "29.{p}",
            "Cấp thẻ hướng dẫn viên du lịch nội địa",
            "DL",
            PROVINCE,
            DL_LAW,
            (
                C(
                    "Cấp thẻ hướng dẫn viên du lịch nội địa",
                    "10",
                    WD,
                    FULL,
                    "Thẻ hướng dẫn viên du lịch nội địa",
                    (
                        form("Đơn đề nghị cấp thẻ hướng dẫn viên du lịch"),
                        D("Sơ yếu lý lịch có xác nhận của cơ quan có thẩm quyền"),
                        D("Văn bằng hoặc chứng chỉ nghiệp vụ hướng dẫn du lịch nội địa", CERTIFIED),
                        D("Giấy chứng nhận sức khỏe cấp trong vòng 06 tháng"),
                        D("Ảnh chân dung cỡ 3x4 cm", quantity=2),
                    ),
                    (
                        Fee(
                            "Phí thẩm định cấp thẻ hướng dẫn viên du lịch",
                            650000,
                            kind="fee",
                            unit="thẻ",
                        ),
                    ),
                ),
            ),
            real=False,
        ),
        P(
            STAND_IN_PREFIX + "30.{p}",
            "Công nhận hạng cơ sở lưu trú du lịch: hạng 1 sao, 2 sao",
            "DL",
            PROVINCE,
            DL_LAW,
            (
                C(
                    "Công nhận hạng 1 sao, 2 sao",
                    "30",
                    CD,
                    PARTIAL,
                    "Quyết định công nhận hạng cơ sở lưu trú du lịch",
                    (
                        form("Đơn đề nghị công nhận hạng cơ sở lưu trú du lịch"),
                        D("Bản tự đánh giá chất lượng theo tiêu chuẩn xếp hạng"),
                        D("Danh sách người quản lý và nhân viên kèm văn bằng, chứng chỉ", COPY),
                        business_registration(),
                    ),
                    (
                        Fee(
                            "Phí thẩm định công nhận hạng cơ sở lưu trú du lịch",
                            1500000,
                            kind="fee",
                        ),
                    ),
                    (
                        number("rooms", "Số buồng", required=True, min=1, max=2000),
                        choice(
                            "grade",
                            "Hạng đề nghị",
                            (("1_sao", "1 sao"), ("2_sao", "2 sao")),
                            required=True,
                        ),
                    ),
                    notes="Đoàn thẩm định kiểm tra thực tế tại cơ sở.",
                ),
            ),
            real=False,
            applicant="organisation",
        ),
        # --- Xuất bản, in và phát hành ----------------------------------------------------
        P(
            STAND_IN_PREFIX + "31.{p}",
            "Cấp giấy phép hoạt động in",
            "XB",
            PROVINCE,
            XB_LAW + "; Nghị định số 25/2018/NĐ-CP",
            (
                C(
                    "Cấp giấy phép hoạt động in xuất bản phẩm",
                    "10",
                    WD,
                    PARTIAL,
                    "Giấy phép hoạt động in",
                    (
                        form("Đơn đề nghị cấp giấy phép hoạt động in"),
                        business_registration(),
                        D("Giấy tờ chứng minh quyền sở hữu hoặc thuê thiết bị in", COPY),
                        D("Giấy tờ chứng minh quyền sử dụng mặt bằng sản xuất", COPY),
                        D("Văn bằng của người đứng đầu cơ sở in", COPY),
                    ),
                    (),
                    (address("workshop", "Địa chỉ xưởng in", required=True),),
                ),
            ),
            real=False,
            applicant="organisation",
            supplement=RESTART,
        ),
        P(
            STAND_IN_PREFIX + "32.{p}",
            "Đăng ký hoạt động cơ sở in",
            "XB",
            PROVINCE,
            XB_LAW + "; Nghị định số 72/2022/NĐ-CP",
            (
                C(
                    "Đăng ký hoạt động cơ sở in",
                    "5",
                    WD,
                    FULL,
                    "Giấy xác nhận đăng ký hoạt động cơ sở in",
                    (form("Tờ khai đăng ký hoạt động cơ sở in"), business_registration()),
                    (),
                    (address("workshop", "Địa chỉ cơ sở in", required=True),),
                ),
            ),
            real=False,
            applicant="organisation",
        ),
        P(
            STAND_IN_PREFIX + "33.{p}",
            "Cấp giấy phép xuất bản tài liệu không kinh doanh",
            "XB",
            PROVINCE,
            XB_LAW + "; Thông tư số 214/2016/TT-BTC",
            (
                C(
                    "Cấp giấy phép xuất bản tài liệu không kinh doanh",
                    "10",
                    WD,
                    FULL,
                    "Giấy phép xuất bản tài liệu không kinh doanh",
                    (
                        form("Đơn đề nghị cấp giấy phép xuất bản tài liệu không kinh doanh"),
                        D("Bản thảo tài liệu", quantity=2),
                        business_registration(),
                    ),
                    (
                        Fee(
                            "Phí thẩm định nội dung tài liệu không kinh doanh",
                            15000,
                            kind="fee",
                            unit="trang quy chuẩn",
                        ),
                    ),
                    (
                        text("title", "Tên tài liệu", required=True, max_length=300),
                        number("pages", "Số trang", required=True, min=1),
                        number("print_run", "Số lượng in", required=True, min=1),
                    ),
                ),
            ),
            real=False,
            applicant="organisation",
        ),
        P(
            STAND_IN_PREFIX + "34.{p}",
            "Đăng ký hoạt động phát hành xuất bản phẩm",
            "XB",
            PROVINCE,
            XB_LAW,
            (
                C(
                    "Đăng ký hoạt động phát hành xuất bản phẩm",
                    "15",
                    CD,
                    FULL,
                    "Giấy xác nhận đăng ký hoạt động phát hành xuất bản phẩm",
                    (
                        form("Đơn đăng ký hoạt động phát hành xuất bản phẩm"),
                        business_registration(),
                    ),
                ),
            ),
            real=False,
            applicant="organisation",
        ),
        # --- Lý lịch tư pháp (Công an tỉnh, hệ thống của Bộ Công an) ---------------------------
        P(
            STAND_IN_PREFIX + "35.{p}",
            "Cấp Phiếu lý lịch tư pháp cho công dân Việt Nam, người nước ngoài đang cư trú tại Việt Nam",
            "LLTP",
            VERTICAL,
            "Luật Lý lịch tư pháp năm 2009 và các văn bản sửa đổi; Thông tư số 244/2016/TT-BTC",
            (
                C(
                    "Trường hợp thông thường",
                    "10",
                    WD,
                    FULL,
                    "Phiếu lý lịch tư pháp",
                    (
                        form("Tờ khai yêu cầu cấp Phiếu lý lịch tư pháp"),
                        D(
                            "Giấy tờ chứng minh thuộc diện miễn, giảm phí",
                            COPY,
                            condition="Khi đề nghị miễn, giảm phí",
                        ),
                        proxy(),
                        identity(),
                    ),
                    (
                        Fee(
                            "Phí cung cấp thông tin lý lịch tư pháp", 200000, kind="fee", unit="lần"
                        ),
                        Fee(
                            "Phí cung cấp thông tin lý lịch tư pháp",
                            100000,
                            kind="fee",
                            unit="lần",
                            condition="Sinh viên, người có công với cách mạng, thân nhân liệt sĩ",
                            exemptions="Miễn cho trẻ em, người cao tuổi, người khuyết tật, người "
                            "thuộc hộ nghèo, người cư trú ở xã đặc biệt khó khăn",
                        ),
                        Fee(
                            "Phí cấp thêm Phiếu lý lịch tư pháp",
                            5000,
                            kind="fee",
                            unit="phiếu",
                            condition="Từ Phiếu thứ ba trở đi trong một lần yêu cầu",
                        ),
                    ),
                    (
                        choice(
                            "record_type",
                            "Loại Phiếu",
                            (("so_1", "Phiếu số 1"), ("so_2", "Phiếu số 2")),
                            required=True,
                        ),
                        number("copies", "Số lượng Phiếu", required=True, min=1, max=10),
                        text("purpose", "Mục đích sử dụng", max_length=200),
                    ),
                ),
                C(
                    "Người nước ngoài, người đã cư trú ở nhiều nơi hoặc cần xác minh",
                    "15",
                    WD,
                    FULL,
                    "Phiếu lý lịch tư pháp",
                    (form("Tờ khai yêu cầu cấp Phiếu lý lịch tư pháp"), proxy(), identity()),
                    (
                        Fee(
                            "Phí cung cấp thông tin lý lịch tư pháp", 200000, kind="fee", unit="lần"
                        ),
                    ),
                    (
                        choice(
                            "record_type",
                            "Loại Phiếu",
                            (("so_1", "Phiếu số 1"), ("so_2", "Phiếu số 2")),
                            required=True,
                        ),
                    ),
                ),
            ),
            real=False,
            handling="ministry_system",
            external_reference="Phần mềm quản lý lý lịch tư pháp của Bộ Công an",
        ),
        # --- Luật sư, công chứng (Sở Tư pháp) -----------------------------------------------
        P(
            STAND_IN_PREFIX + "36.{p}",
            "Đăng ký hoạt động của tổ chức hành nghề luật sư",
            "LS",
            PROVINCE,
            "Luật Luật sư năm 2006 (sửa đổi năm 2012); Nghị định số 123/2013/NĐ-CP; Thông tư số "
            "220/2016/TT-BTC",
            (
                C(
                    "Đăng ký hoạt động văn phòng luật sư, công ty luật",
                    "10",
                    WD,
                    PARTIAL,
                    "Giấy đăng ký hoạt động của tổ chức hành nghề luật sư",
                    (
                        form("Giấy đề nghị đăng ký hoạt động của tổ chức hành nghề luật sư"),
                        D("Dự thảo Điều lệ công ty luật", condition="Khi thành lập công ty luật"),
                        D(
                            "Chứng chỉ hành nghề luật sư và Thẻ luật sư của luật sư thành lập",
                            CERTIFIED,
                        ),
                        D("Giấy tờ chứng minh về trụ sở", COPY),
                    ),
                    (Fee("Phí thẩm định điều kiện đăng ký hoạt động", 500000, kind="fee"),),
                    (
                        choice(
                            "form_of_org",
                            "Hình thức tổ chức",
                            (("van_phong", "Văn phòng luật sư"), ("cong_ty", "Công ty luật")),
                            required=True,
                        ),
                        address("office", "Địa chỉ trụ sở", required=True),
                    ),
                ),
            ),
            real=False,
            applicant="organisation",
            supplement=RESTART,
        ),
        P(
            STAND_IN_PREFIX + "37.{p}",
            "Đăng ký hành nghề luật sư với tư cách cá nhân",
            "LS",
            PROVINCE,
            "Luật Luật sư năm 2006 (sửa đổi năm 2012); Nghị định số 123/2013/NĐ-CP",
            (
                C(
                    "Đăng ký hành nghề với tư cách cá nhân",
                    "7",
                    WD,
                    PARTIAL,
                    "Giấy đăng ký hành nghề luật sư với tư cách cá nhân",
                    (
                        form("Giấy đề nghị đăng ký hành nghề luật sư với tư cách cá nhân"),
                        D("Hợp đồng lao động với cơ quan, tổ chức", CERTIFIED),
                        D("Chứng chỉ hành nghề luật sư và Thẻ luật sư", CERTIFIED),
                    ),
                    (Fee("Phí thẩm định điều kiện hành nghề", 200000, kind="fee"),),
                ),
            ),
            real=False,
        ),
        P(
            STAND_IN_PREFIX + "38.{p}",
            "Đăng ký hoạt động Văn phòng công chứng",
            "CC",
            PROVINCE,
            "Luật Công chứng năm 2024; Thông tư số 257/2016/TT-BTC",
            (
                C(
                    "Đăng ký hoạt động Văn phòng công chứng",
                    "10",
                    WD,
                    PARTIAL,
                    "Giấy đăng ký hoạt động Văn phòng công chứng",
                    (
                        form("Đơn đăng ký hoạt động Văn phòng công chứng"),
                        D(
                            "Quyết định cho phép thành lập Văn phòng công chứng",
                            COPY,
                            reuse=(STORE,),
                        ),
                        D("Giấy tờ chứng minh về trụ sở", COPY),
                    ),
                    (
                        Fee(
                            "Phí thẩm định điều kiện hoạt động Văn phòng công chứng",
                            1000000,
                            kind="fee",
                        ),
                    ),
                    (address("office", "Địa chỉ trụ sở", required=True),),
                ),
            ),
            real=False,
            applicant="organisation",
        ),
        P(
            STAND_IN_PREFIX + "39.{p}",
            "Đăng ký tập sự hành nghề công chứng",
            "CC",
            PROVINCE,
            "Luật Công chứng năm 2024",
            (
                C(
                    "Đăng ký tập sự hành nghề công chứng",
                    "5",
                    WD,
                    FULL,
                    "Quyết định đăng ký tập sự hành nghề công chứng",
                    (
                        form("Giấy đề nghị đăng ký tập sự hành nghề công chứng"),
                        D("Giấy chứng nhận tốt nghiệp khóa đào tạo nghề công chứng", CERTIFIED),
                        D("Văn bản nhận tập sự của tổ chức hành nghề công chứng"),
                    ),
                    (),
                    (
                        text(
                            "host_office",
                            "Tổ chức hành nghề công chứng nhận tập sự",
                            required=True,
                            max_length=200,
                        ),
                    ),
                ),
            ),
            real=False,
        ),
    )


# --- Assembly ------------------------------------------------------------------------------


def demo_catalogue_build(*, province: str, communes: Sequence[str]) -> dict[str, Any]:
    """The demo catalogue for ``province`` (its level-1 code, e.g. ``H61``) as a document.

    ``communes`` are the codes of the province's commune committees (``H61.201``…); their
    service centres are the same codes with ``.01``. Agency lists come out sorted by code,
    as an export writes them.
    """
    province = province.strip().upper()
    builder = _Builder(province, sorted(communes))
    specs = _procedures()
    procedures = [builder.procedure(spec) for spec in specs]
    used = {spec.field for spec in specs}
    fields = [spec for key, spec in FIELDS.items() if key in used]
    sectors = sorted({spec.sector for spec in fields})
    return {
        "format": FORMAT_NAME,
        "format_version": FORMAT_VERSION,
        "exported_at": EXPORTED_AT,
        "sectors": [{"code": code, "name": SECTORS[code]} for code in sectors],
        "fields": [
            {"code": f"{province}-{spec.code}", "name": spec.name, "sector": spec.sector}
            for spec in fields
        ],
        "decisions": [
            {
                "number": spec.number,
                "issuer": province,
                "date": spec.date.isoformat(),
                "signer": spec.signer,
                "title": spec.title,
            }
            for spec in DECISIONS.values()
        ],
        "procedures": procedures,
    }


def stand_in_codes(province: str) -> list[str]:
    """Codes of the demo that are local stand-ins, not checked national codes."""
    return [spec.code.format(p=province) for spec in _procedures() if not spec.real]


class _Builder:
    def __init__(self, province: str, communes: list[str]):
        self.province = province
        self.communes = communes
        self.result_codes: dict[tuple[str, str], str] = {}  # (field, result name) → code
        self.field_counts: dict[str, int] = {}

    def agency(self, suffix: str) -> str:
        return self.province + suffix

    def procedure(self, spec: Proc) -> dict[str, Any]:
        field = FIELDS[spec.field]
        self.field_counts[spec.field] = self.field_counts.get(spec.field, 0) + 1
        prefix = f"{field.code}.{self.field_counts[spec.field]:02d}"
        # Earlier versions first: each History holds the changes from the current content.
        specs = [_apply(spec, h.changes) for h in spec.history] + [spec]
        decisions = [h.decision for h in spec.history] + [spec.decision or _default_decision(spec)]
        versions = []
        for number, (version_spec, decision) in enumerate(zip(specs, decisions, strict=True), 1):
            # A version ends the day before the next one comes into force.
            following = DECISIONS[decisions[number]].valid_from if number < len(specs) else None
            versions.append(self.version(version_spec, prefix, number, decision, following))
        return {
            "code": spec.code.format(p=self.province),
            "field": f"{self.province}-{field.code}",
            "owner_agency": self.agency(spec.owner if spec.owner is not None else field.owner),
            "versions": versions,
        }

    def version(
        self,
        spec: Proc,
        prefix: str,
        number: int,
        decision: str,
        following: dt.date | None,
    ) -> dict[str, Any]:
        field = FIELDS[spec.field]
        published = DECISIONS[decision]
        status, kind = "published", ("new" if number == 1 else "amended")
        valid_to = None
        published_at = published.published_at
        decision_ref = decision
        if following is not None:
            status, valid_to = "superseded", following - dt.timedelta(days=1)
        elif spec.abolished_by:
            abolition = DECISIONS[spec.abolished_by]
            status, kind, decision_ref = "abolished", "abolished", spec.abolished_by
            valid_to = abolition.valid_from - dt.timedelta(days=1)
            published_at = abolition.published_at
        owner = spec.owner if spec.owner is not None else field.owner
        if spec.competent is not None:
            competent = [self.agency(s) for s in spec.competent]
        elif spec.level == COMMUNE:
            competent = list(self.communes)
        else:
            competent = [self.agency(owner)]
        if spec.implementing is not None:
            implementing = [self.agency(s) for s in spec.implementing]
        elif spec.level == COMMUNE:
            implementing = [code + ".01" for code in self.communes]
        else:
            implementing = [self.agency(owner)]
        return {
            "number": number,
            "status": status,
            "decision": {"number": DECISIONS[decision_ref].number, "issuer": self.province},
            "decision_kind": kind,
            "valid_from": published.valid_from.isoformat(),
            "valid_to": valid_to.isoformat() if valid_to else None,
            "published_at": published_at,
            "name": spec.name,
            "level": spec.level,
            "competent_agencies": competent,
            "implementing_agencies": implementing,
            "boundary_free": (
                spec.boundary_free if spec.boundary_free is not None else field.boundary_free
            ),
            "handling": spec.handling,
            "external_reference": spec.external_reference,
            "supplement_clock": spec.supplement,
            "legal_basis": spec.legal_basis,
            "requirements": spec.requirements,
            "cases": [
                self.case(spec, case, position, prefix)
                for position, case in enumerate(spec.cases, 1)
            ],
        }

    def case(self, spec: Proc, case: Case, position: int, prefix: str) -> dict[str, Any]:
        field = FIELDS[spec.field]
        codes = _component_codes(spec, prefix)
        components = [
            {
                "position": n,
                "code": codes[doc.name],
                "name": doc.name,
                "copy_type": doc.copy,
                "quantity": doc.quantity,
                "requirement": "conditional" if doc.condition else "mandatory",
                "condition": doc.condition,
                "form_template": None,
                "form_template_name": doc.form,
                "must_digitise": doc.digitise,
                "reuse_sources": list(doc.reuse),
                # No shared store codes or retention periods yet: the site defaults apply.
                "document_type": "",
                "retention_years": None,
            }
            for n, doc in enumerate(case.docs, 1)
        ]
        key = (spec.field, case.result)
        if key not in self.result_codes:
            count = sum(1 for f, _name in self.result_codes if f == spec.field) + 1
            self.result_codes[key] = f"KQ.{field.code}.{count:02d}"
        return {
            "position": position,
            "name": case.name,
            "processing_amount": case.amount,
            "processing_unit": case.unit,
            "online_processing_amount": None,
            "online_processing_unit": "",
            "online_level": case.online,
            "delivery_channels": list(case.channels or _channels(case.online)),
            "result_name": case.result,
            "result_code": self.result_codes[key],
            "result_template": None,
            "result_retention_years": None,
            "result_returned_by": case.returned_by,
            "form_schema": _form_schema(spec, case, codes),
            "notes": case.notes,
            "fees": [
                {
                    "position": n,
                    "kind": fee.kind,
                    "name": fee.name,
                    "amount": str(fee.amount),
                    "unit": fee.unit,
                    "condition": fee.condition,
                    "exemptions": fee.exemptions,
                    "collection": fee.collection,
                }
                for n, fee in enumerate(case.fees, 1)
            ],
            "components": components,
            "steps": self.steps(spec, case),
        }

    def steps(self, spec: Proc, case: Case) -> list[dict[str, Any]]:
        """The workflow: the centre receives, each stage's agency processes, reviews and
        signs, the centre returns. Reception and return take a tenth of the legal time
        (1 to 4 hours), the head of department and the leader 15 % of their stage each,
        the processing officer the rest; a single-agency case is one stage."""
        field = FIELDS[spec.field]
        total = legal_hours(case.amount, case.unit)
        stages = case.stages
        if not stages:
            commune = spec.level == COMMUNE
            department = spec.department
            if department is None:
                department = field.commune_department if commune else field.province_department
            head = spec.head if spec.head is not None else (field.head_at_commune or not commune)
            days = str(total / HOURS_PER_DAY)
            stages = (Stage(None, days, department, "Thẩm định hồ sơ, dự thảo kết quả", head),)
        shares = [Decimal(stage.days) * HOURS_PER_DAY for stage in stages]
        if sum(shares) > total:
            raise ValueError(f"{spec.code}: the stages take more than the legal time")
        steps: list[dict[str, Any]] = []

        def add(name, performer, agency, department, role, hours, actions, stage):
            steps.append(
                {
                    "position": len(steps) + 1,
                    "name": name,
                    "performer": performer,
                    "agency": agency,
                    "department_name": department,
                    "role": role,
                    "hours": format(hours.normalize(), "f"),
                    "actions": actions,
                    "stage": stage,
                }
            )

        centre = ("receiving_centre", None, CENTRE_DEPARTMENT, "counter_officer")
        for number, (stage, share) in enumerate(zip(stages, shares, strict=True), 1):
            first, last = number == 1, number == len(stages)
            edge = min(_edge(total), _half(share / 4))
            rest = share - (edge if first else 0) - (edge if last else 0)
            leader = max(_half(rest * Decimal("0.15")), Decimal("0.5"))
            head = _half(rest * Decimal("0.15")) if stage.head and rest >= 4 else Decimal(0)
            work = rest - head - leader
            if work <= 0:
                raise ValueError(f"{spec.code}: stage {number} is too short")
            performer = "competent_agency" if stage.agency is None else "specific_agency"
            agency = None if stage.agency is None else self.agency(stage.agency)
            if first:
                actions = ["forward", "request_supplement", "refuse"]
                add("Tiếp nhận, kiểm tra, số hóa hồ sơ và chuyển xử lý", *centre, edge, actions, 1)
            actions = ["forward", "return", "request_supplement", "consult"]
            add(
                stage.task,
                performer,
                agency,
                stage.department,
                "processing_officer",
                work,
                actions,
                number,
            )
            if head:
                add(
                    "Lãnh đạo phòng xem xét, trình ký",
                    *(performer, agency, stage.department, "department_head", head),
                    ["forward", "return"],
                    number,
                )
            signing = "Lãnh đạo cơ quan phê duyệt, ký" + (
                "" if last else ", chuyển cơ quan tiếp theo"
            )
            add(
                signing,
                performer,
                agency,
                "",
                "agency_leader",
                leader,
                ["forward", "return", "refuse"],
                number,
            )
            if last:
                add("Trả kết quả, kết thúc hồ sơ", *centre, edge, ["approve", "refuse"], number)
        return steps


def legal_hours(amount: str, unit: str) -> Decimal:
    """The legal time in working hours, as ``validation.legal_time_hours`` counts it."""
    if unit == SD:
        return HOURS_PER_DAY
    if unit == WH:
        return Decimal(amount)
    return Decimal(amount) * HOURS_PER_DAY


def _half(value: Decimal) -> Decimal:
    """Rounded to the nearest half hour."""
    return (value * 2).quantize(Decimal(1), rounding=ROUND_HALF_UP) / 2


def _edge(total: Decimal) -> Decimal:
    """Time for reception and for return: a tenth of the total, between 1 and 4 hours."""
    return min(Decimal(4), max(Decimal(1), _half(total / 10)))


def _channels(online: str) -> tuple[str, ...]:
    if online == FULL:
        return ("counter", "post", "online")
    if online == PARTIAL:
        return ("counter", "post")
    return ("counter",)


def _component_codes(spec: Proc, prefix: str) -> dict[str, str]:
    """One code per distinct document name of the procedure, in order of first appearance."""
    codes: dict[str, str] = {}
    for case in spec.cases:
        for doc in case.docs:
            codes.setdefault(doc.name, f"{prefix}.{len(codes) + 1:02d}")
    return codes


def _form_schema(spec: Proc, case: Case, codes: dict[str, str]) -> dict[str, Any]:
    if case.online == NONE:
        return {"fields": []}
    if spec.applicant == "organisation":
        fields = [
            text("organisation_name", "Tên tổ chức", required=True, max_length=255),
            text(
                "organisation_code",
                "Mã số doanh nghiệp hoặc mã số thuế",
                required=True,
                max_length=20,
            ),
            address("organisation_address", "Địa chỉ trụ sở", required=True),
            text("representative_name", "Họ và tên người đại diện", required=True, max_length=100),
            personal_id(
                "representative_id", "Số định danh cá nhân của người đại diện", required=True
            ),
        ]
    else:
        fields = [
            text(
                "applicant_name", "Họ, chữ đệm và tên người yêu cầu", required=True, max_length=100
            ),
            personal_id("applicant_id", "Số định danh cá nhân", required=True),
            address("applicant_address", "Nơi cư trú", required=True),
        ]
    fields.append(text("phone", "Số điện thoại liên hệ", required=True, max_length=15))
    fields.extend(dict(field) for field in case.fields)
    for n, doc in enumerate(case.docs, 1):
        if doc.copy == SHOWN:
            continue  # shown at the counter, not uploaded
        file_field = {
            "name": f"file_{n:02d}",
            "label": doc.name,
            "type": "file",
            "component": codes[doc.name],
        }
        if not doc.condition:
            file_field["required"] = True
        else:
            file_field["help"] = "Khi: " + _lower_first(doc.condition)
        fields.append(file_field)
    return {"fields": fields}


def _lower_first(value: str) -> str:
    return value[:1].lower() + value[1:]


def _default_decision(spec: Proc) -> str:
    return "2025_xa" if spec.level == COMMUNE else "2025_tinh"


def _apply(spec: Proc, changes: dict) -> Proc:
    """An earlier state of ``spec``: version-level changes, and ``online``/``amount`` on every case."""
    case_changes = {k: changes[k] for k in ("online", "amount") if k in changes}
    version_changes = {k: v for k, v in changes.items() if k not in case_changes}
    cases = tuple(dataclasses.replace(case, **case_changes) for case in spec.cases)
    return dataclasses.replace(
        spec, cases=cases, history=(), decision="", abolished_by="", **version_changes
    )
