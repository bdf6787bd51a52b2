"""A realistic dataset of dossiers for benchmarks and demos (``manage.py generate_dataset``).

It fills the dossier tables of a database that already holds a province and its
catalogue (``demo_setup``) with ``N`` dossiers received over a period, each with the rows
the services would have written: components, steps, clock pauses, results, the whole
event log, and the daily code counters. Nothing goes through the services (a million
transactions would take hours); instead each dossier's life is simulated in memory with
the same rules and the same deadline arithmetic (``deadlines.py`` over the working
calendar), then the rows are bulk loaded: ``COPY`` on PostgreSQL, batched ``INSERT``
elsewhere.

What the simulation assumes (tunable constants below, figures per dossier):

- **Volume over time.** Dossiers are received on working days only (the calendar's days
  off and swapped Saturdays), Monday busiest, Friday quietest, a little more before Tết
  and at the end of the year. Counters receive in office hours with a morning peak;
  online submissions arrive at any hour, weekends included, and the counter receives
  them later in office hours.
- **Procedures** follow a long tail: a fixed ranking (commune certification and civil
  status first) weighted 1/rank^1.1 over the procedures in force that day, handled on
  this system. A procedure's first case is the common one.
- **Where.** Commune procedures go to the commune's own centre, communes weighted by a
  size drawn once per seed (wards larger); a procedure received regardless of boundary
  goes now and then to another centre of the province. Provincial and vertical
  procedures go to the provincial centre, a few boundary-free ones to a commune centre.
- **Channels.** Where the case is offered online: 40% this portal, 14% the national
  portal, 5% post, the rest at the counter; otherwise 93% counter, 7% post.
- **Intake.** Online dossiers are submitted, then received; 4% need completion first
  (Mẫu 02), 2.5% are refused (Mẫu 03), 0.4% withdrawn. On the last days of the period
  some are still waiting for the counter.
- **Processing** follows the case's workflow template step by step: a processing
  officer's step is assigned by the head of department (or the leader), each step takes
  a share of its budget in working hours, a hand-over to another agency after the
  cut-off starts the next morning, the step that allows ``approve`` decides. 5% of
  dossiers ask for a supplement once (the version's clock policy moves the due moments;
  a few citizens never come back), 3% are slow (finished after the due date; a third of
  those get an apology and a new due date, Mẫu 04), 0.4% are stopped at the citizen's
  request, 2.5% are not resolved (an answer with reasons). Liên thông procedures pass
  through every agency of their template; after the tax office's stage the dossier waits
  for the citizen's payment. Fees are paid at submission.
- **Results and delivery.** Each decision issues one numbered result; the result is
  delivered online at once, by post within days, or at the counter when the citizen
  comes (1.5% never do).
- **State by age.** Every life is simulated in full and cut at the end of the period, so
  old dossiers are returned and recent ones are in processing, waiting or resolved.
- **People.** Staff accounts are generated per agency and role (``gen.<agency>.<role>N``,
  unusable passwords); online applicants get citizen accounts (``gen.cd.N``), others are
  people without accounts. Names, numbers and addresses are made up but well formed.
- **Payments** (``generation_extras``, shares at its top). A received dossier of a case
  with fees gets a fee request per payment point: fees paid when submitting are asked at
  submission (online) or receipt (counter), fees paid with the result at the decision and
  paid at delivery. Online applicants pay mostly through PayGov (72%) or a VietQR transfer
  (24%); counters take mostly cash (86%, a receipt number and the officer recorded); post
  mostly by transfer. 6% of online payments are declined once before succeeding, 2% of
  requests are exempted (reason kept on the lines). Each success has exactly one ledger
  payment entry of the request's amount; the dossier's payment track follows its requests.
- **Ratings**: 35% of returned dossiers with an applicant's account are rated online, 22%
  of the others (kiosk, officer, tracking code); 93% at a level counted as satisfied, on
  the scale and criteria held as data by the feedback app, required criteria always.
- **Feedback (PAKN)**: 1.5 tickets per 1,000 received dossiers, about the competent or
  receiving agency, due by the feedback rule in force; assigned, now and then transferred
  first, answered or not accepted, published when the sender agreed, some rated; 7% are
  handled late, and recent ones are still open.
- **Files**: a placeholder PDF per digitised component (with its digitisation record at
  the counter, or the exemption of a component shown only) and per electronic result
  (always when delivered online, else 55%). Account holders keep half of their digitised
  components and their electronic results in their store (Kho); a reused component takes
  the account's earlier entry for the same component, else a national database's entry.
  Rows only point to bytes: every key is a hard link to one of a few tiny blobs.
- **Rollups**: rebuilt at the end (``reporting.rollups.rollups_rebuild``), timed apart.
- Not generated yet: consultations of other agencies, refunds, payment provider messages,
  payments of the tax office's obligations (only the dossier's wait and receipt number),
  reminders sent.

Deterministic: the same seed and options on the same catalogue give the same rows
(apart from database ids). Codes continue the daily counters already in the database,
and the counters are moved past the generated codes, so later intakes continue after
them. Run it on a database nobody else writes to: ids are reserved by reading the
current maximum.
"""

from __future__ import annotations

import bisect
import contextlib
import datetime as dt
import gc
import json
import queue
import random
import threading
import time
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.db import connection, models, transaction
from django.utils import timezone

from motcua.accounts.constants import Role, UserKind
from motcua.accounts.identity import tax_code_check_digit
from motcua.accounts.models import RoleAssignment, User
from motcua.agencies.constants import AgencyKind
from motcua.agencies.models import Agency, Department
from motcua.catalog.constants import (
    DeliveryChannel,
    Handling,
    OnlineLevel,
    Performer,
    Requirement,
    StepAction,
)
from motcua.catalog.models import ProcedureVersion
from motcua.catalog.selectors import LEGAL_STATUSES
from motcua.workcalendar.engine import DEFAULT_SCHEDULE, VN_TZ, WorkCalendar
from motcua.workcalendar.models import OfficeHours
from motcua.workcalendar.selectors import work_calendar_get

from . import deadlines
from . import generation_extras as extras
from .access import OWNER_ROLE
from .constants import (
    ApplicantKind,
    Channel,
    ClockPauseReason,
    DeliveryStatus,
    DigitisationStatus,
    DossierStatus,
    EventKind,
    Outcome,
    PaymentStatus,
    SyncStatus,
)
from .models import (
    ClockPause,
    Dossier,
    DossierCodeCounter,
    DossierComponent,
    DossierEvent,
    DossierResult,
    DossierStep,
)
from .services.codes import dossier_code_format

S = DossierStatus
K = EventKind


def _words(text: str) -> tuple[str, ...]:
    return tuple(text.split())


# --- Distributions --------------------------------------------------------------------------

# Procedures by popularity, most frequent first; the rest follow in code order.
POPULARITY = (
    "2.000815",  # chứng thực bản sao từ bản chính
    "2.000884",  # chứng thực chữ ký
    "1.001193",  # đăng ký khai sinh
    "2.000635",  # bản sao trích lục hộ tịch
    "1.004873",  # xác nhận tình trạng hôn nhân
    "2.009003.H61",  # liên thông khai sinh, thường trú, bảo hiểm y tế
    "2.009010.H61",  # đăng ký đất đai lần đầu
    "2.009009.H61",  # đăng ký biến động đất đai
    "1.000656",  # đăng ký khai tử
    "1.000894",  # đăng ký kết hôn
    "2.009019.H61",  # trợ cấp thất nghiệp
    "2.000942",  # chứng thực hợp đồng
    "1.001612",  # thành lập hộ kinh doanh
    "2.009004.H61",  # liên thông khai tử
    "2.000720",  # thay đổi đăng ký hộ kinh doanh
    "2.009011.H61",  # cấp đổi giấy chứng nhận
    "2.009005.H61",  # chứng thực hợp đồng động sản
    "1.001776",  # trợ cấp xã hội hằng tháng
    "2.009001.H61",  # cải chính hộ tịch
    "1.011607",  # hộ nghèo, cận nghèo
)
ZIPF_EXPONENT = 1.1
WEEKDAY_WEIGHT = (1.3, 1.1, 1.0, 1.0, 0.9, 0.8, 0.8)  # Monday … Sunday (swapped Saturdays)
MONTH_WEIGHT = (1.15, 0.85, 1.05, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.05, 1.05, 1.15)

ONLINE_SHARE = 0.40
PORTAL_SHARE = 0.14
POST_SHARE_ONLINE_CASE = 0.05
POST_SHARE_COUNTER_CASE = 0.07
OTHER_CENTRE_SHARE = 0.03  # boundary-free commune procedures received elsewhere
COMMUNE_CENTRE_SHARE = 0.08  # boundary-free provincial procedures received at a commune

REFUSED_SHARE = 0.025  # of online, national-portal and post arrivals
WITHDRAWN_SHARE = 0.004  # of online and national-portal arrivals
COMPLETION_SHARE = 0.04  # of online arrivals: Mẫu 02 before receipt
PENDING_SUBMITTED_SHARE = 0.3  # of online arrivals on the last working day
SUPPLEMENT_SHARE = 0.05
SUPPLEMENT_ABANDONED_SHARE = 0.04  # of supplement requests
SLOW_SHARE = 0.015
EXTENDED_SHARE = 0.35  # of slow dossiers
STOPPED_SHARE = 0.004
NOT_RESOLVED_SHARE = 0.025
UNCOLLECTED_SHARE = 0.015
HURRY_SHARE = 0.9  # hand-overs finished before the cut-off when the day allows
CUTOFF = DEFAULT_SCHEDULE.cutoff
REPRESENTATIVE_SHARE = 0.08
ORGANISATION_FIELDS = frozenset({"HKD", "DL", "XB", "LS", "CC", "KCB", "DUOC", "XD", "GD", "VHCS"})
DIGITISED_AT_COUNTER = 0.85
REUSED_SHARE = 0.35
CITIZENS_PER_DOSSIER = 0.2  # citizen accounts generated per dossier (online applicants)

STAFF_PER_AGENCY = {  # (role, how many) by kind of agency
    AgencyKind.PROVINCIAL_SERVICE_CENTRE: ((Role.COUNTER_OFFICER, 8), (Role.AGENCY_LEADER, 1)),
    AgencyKind.COMMUNE_SERVICE_CENTRE: ((Role.COUNTER_OFFICER, 3), (Role.AGENCY_LEADER, 1)),
}
STAFF_DEFAULT = (
    (Role.PROCESSING_OFFICER, 4),
    (Role.DEPARTMENT_HEAD, 1),
    (Role.AGENCY_LEADER, 1),
    (Role.DOCUMENT_CLERK, 1),
)
ROLE_SHORT = {
    Role.COUNTER_OFFICER: "tn",
    Role.PROCESSING_OFFICER: "cv",
    Role.DEPARTMENT_HEAD: "tp",
    Role.AGENCY_LEADER: "ld",
    Role.DOCUMENT_CLERK: "vt",
}
GENERATED_PREFIX = "gen."
UNUSABLE_PASSWORD = "!generated"  # noqa: S105 - starts with "!": Django never accepts it

# Surnames with their weights (per hundred people), middle and given names by sex.
SURNAMES = tuple(
    (name, int(weight))
    for name, weight in (
        item.split(":")
        for item in _words(
            "Nguyễn:30 Trần:11 Lê:9 Phạm:7 Huỳnh:5 Võ:5 Phan:4 Hoàng:3 Đặng:2 Bùi:2 Đỗ:2 Hồ:2 "
            "Ngô:2 Dương:1 Lý:1 Trương:1 Lâm:1 Châu:1 Mai:1 Thái:1"
        )
    )
)
MIDDLE = {
    "m": _words("Văn Văn Minh Quốc Hữu Thanh Đức Công Hoàng Ngọc"),
    "f": _words("Thị Thị Thị Ngọc Thanh Thu Kim Mỹ Bích Hồng"),
}
GIVEN = {
    "m": _words(
        "An Bảo Bình Cường Dũng Duy Đạt Hải Hiếu Hòa Hùng Huy Khang Khoa Kiên Long Lộc Minh "
        "Nam Nghĩa Phát Phong Phúc Quang Sơn Tài Tâm Thắng Thành Tín Toàn Trí Trung Tuấn Việt "
        "Vinh"
    ),
    "f": _words(
        "Anh Châu Diễm Dung Giang Hà Hạnh Hằng Hiền Hoa Hương Lan Liên Linh Loan Mai My Nga "
        "Ngân Nhung Oanh Phương Quyên Tâm Thảo Thư Trang Trinh Tuyết Uyên Vân Xuân Yến"
    ),
}
COMPANY_WORDS = (
    "Phú Thịnh",
    "An Phát",
    "Hưng Thịnh",
    "Tân Tiến",
    "Thành Đạt",
    "Cửu Long",
    "Mê Kông",
    "Phước Lộc",
    "Sông Tiền",
    "Hòa Bình",
    "Minh Khang",
    "Nam Việt",
)
COMPANY_KINDS = ("Công ty TNHH", "Công ty TNHH MTV", "Công ty Cổ phần", "Hợp tác xã")
COMPANY_TRADES = ("Thương mại", "Dịch vụ", "Xây dựng", "Nông sản", "Du lịch", "Vận tải")
PLACES = ("ấp", "khóm", "khu phố", "tổ")
PHONE_PREFIXES = ("090", "091", "093", "094", "096", "097", "098", "070", "077", "079", "033")
BIRTH_CODES = ("086", "086", "086", "086", "086", "083", "084", "087", "089", "092", "079", "001")
SUPPLEMENT_ITEMS = (
    "Bản sao giấy tờ chứng minh nơi cư trú",
    "Bản chính tờ khai có chữ ký của người yêu cầu",
    "Giấy ủy quyền có chứng thực",
    "Bản vẽ, sơ đồ có xác nhận của đơn vị tư vấn",
    "Bản sao giấy tờ tùy thân còn hiệu lực",
)
SUPPLEMENT_REASON = "Hồ sơ chưa đầy đủ, chưa hợp lệ theo quy định."
COMPLETION_REASON = "Thành phần hồ sơ còn thiếu so với quy định."
REFUSAL_REASONS = (
    "Yêu cầu không thuộc thẩm quyền giải quyết của cơ quan.",
    "Hồ sơ không đủ điều kiện tiếp nhận theo quy định.",
)
NOT_RESOLVED_REASON = "Không đủ điều kiện giải quyết theo quy định; trả lời bằng văn bản."
STOP_REASON = "Dừng theo đề nghị của người yêu cầu."
APOLOGY_REASON = "Hồ sơ cần xác minh thêm; xin lỗi và hẹn lại ngày trả kết quả."


# --- Plain shapes -------------------------------------------------------------------------------


@dataclass(frozen=True)
class DatasetOptions:
    dossiers: int
    seed: int
    start: dt.date
    end: dt.date
    batch: int = 20_000
    rollups: bool = True  # rebuild the reporting rollups at the end
    file_bytes: bool = True  # link placeholder bytes for the file rows (local store only)


@dataclass
class DatasetSummary:
    dossiers: int = 0
    events: int = 0
    steps: int = 0
    components: int = 0
    results: int = 0
    pauses: int = 0
    staff: int = 0
    citizens: int = 0
    seconds: float = 0.0
    rollup_seconds: float | None = None
    rollup_rows: int = 0
    files_linked: int = 0
    rows: Counter = field(default_factory=Counter)  # other apps' tables
    shares: Counter = field(default_factory=Counter)  # counts behind the extras' shares
    by_status: Counter = field(default_factory=Counter)
    by_channel: Counter = field(default_factory=Counter)
    by_timeliness: Counter = field(default_factory=Counter)


@dataclass(frozen=True)
class _StepTemplate:
    id: int
    position: int
    stage: int
    name: str
    performer: str
    agency_id: int | None
    department_name: str
    role: str
    hours: Decimal
    hours_us: int
    actions: frozenset[str]
    tax: bool  # performed by the tax office


@dataclass(frozen=True)
class _Case:
    id: int
    version_id: int
    name: str
    summary: str
    field_code: str
    level: str
    boundary_free: bool
    supplement_clock: str
    result_name: str
    online: bool
    time: deadlines.ProcessingTime
    online_time: deadlines.ProcessingTime
    deliveries: tuple[str, ...]
    # (component id, copies, mandatory, must digitise, reusable)
    components: tuple[tuple[int, int, bool, bool, bool], ...]
    steps: tuple[_StepTemplate, ...]
    competent: tuple[int, ...]
    decision_index: int  # the first step that allows approve (else the last)
    payment_after: int | None  # index of the step that opens a payment wait, if any
    has_fee: bool
    # e-form fields but files: (name, type, choices, required, minimum, maximum, max length)
    form: tuple[tuple[str, str, tuple[str, ...], bool, int, int, int], ...]


@dataclass(frozen=True)
class _Procedure:
    code: str
    versions: tuple[tuple[dt.date, dt.date | None, tuple[_Case, ...]], ...]

    def cases_on(self, day: dt.date) -> tuple[_Case, ...] | None:
        for valid_from, valid_to, cases in self.versions:
            if valid_from <= day and (valid_to is None or day <= valid_to):
                return cases
        return None


class _Stop(Exception):
    pass


# --- Tables -----------------------------------------------------------------------------------


class _Table:
    """A model's table and the columns we fill, in the order of our row tuples."""

    def __init__(self, model: type[models.Model], attnames: Sequence[str]):
        self.model = model
        self.name = model._meta.db_table
        self.fields = [model._meta.get_field(_field_name(model, a)) for a in attnames]
        self.json = [isinstance(f, models.JSONField) for f in self.fields]
        # Columns other apps add later (NOT NULL, with a default on the model only) get
        # that default on every row, so a new field elsewhere does not break the loader.
        named = {f.column for f in self.fields}
        self.defaults, self.default_values = [], []
        for f in model._meta.concrete_fields:
            if f.column in named or f.primary_key or f.null:
                continue
            if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False):
                value = timezone.now()
            else:
                value = f.get_default()
            if value is None:
                continue  # nothing sensible to put there: the database will say so
            self.defaults.append(f)
            self.default_values.append(value)
        self.columns = [f.column for f in (*self.fields, *self.defaults)]


def _field_name(model: type[models.Model], attname: str) -> str:
    for f in model._meta.concrete_fields:
        if f.attname == attname:
            return f.name
    raise LookupError(attname)


DOSSIER_COLUMNS = _words(
    "id code alternative_code procedure_version_id case_id channel status outcome "
    "receiving_agency_id competent_agency_id current_agency_id current_step_id "
    "assignee_id owner_id applicant_kind applicant_name applicant_id_number "
    "applicant_phone applicant_email applicant_address applicant_unit_id "
    "applicant_unit_source representative_name representative_id_number "
    "representative_phone authorisation summary form_data delivery_channel submitted_at "
    "received_at due_at_original due_at resolved_at returned_at closed_at timeliness "
    "supplement_clock supplement_requests extended_at payment_status delivery_status "
    "digitisation_status sync_status idempotency_key created_by_id created_at updated_at"
)
STEP_COLUMNS = _words(
    "id dossier_id template_id consulted_from_id position stage name agency_id "
    "department_id role hours assignee_id started_at due_at finished_at timeliness"
)
EVENT_COLUMNS = _words(
    "dossier_id kind from_status to_status actor_id actor_role actor_agency_id at note "
    "data step_id step_due_at step_timeliness"
)
COMPONENT_COLUMNS = _words(
    "id dossier_id component_id copies is_digitised is_reused note reused_entry_id "
    "reuse_source reused_at reused_by_id reuse_consent"
)
RESULT_COLUMNS = ("id", "dossier_id", "name", "number", "issued_on", "signer", "created_at")
PAUSE_COLUMNS = ("dossier_id", "reason", "policy", "started_at", "ended_at", "note")
USER_COLUMNS = _words(
    "id password last_login is_superuser username first_name last_name email is_staff "
    "is_active date_joined kind full_name phone identification_number"
)
# Step row indexes (rows are lists, changed while the life unfolds).
ST_ID, ST_NAME, ST_AGENCY, ST_DEPARTMENT, ST_ROLE = 0, 6, 7, 8, 9
ST_ASSIGNEE, ST_STARTED, ST_DUE, ST_FINISHED, ST_TIMELINESS = 11, 12, 13, 14, 15


def _copy_text(value: str) -> str:
    if "\\" in value or "\t" in value or "\n" in value or "\r" in value:
        value = (
            value.replace("\\", "\\\\")
            .replace("\t", "\\t")
            .replace("\n", "\\n")
            .replace("\r", "\\r")
        )
    return value


def _copy_str(value) -> str:
    return "\\N" if value is None else _copy_text(str(value))


def _copy_plain(value) -> str:  # numbers and ids: nothing to escape
    return "\\N" if value is None else str(value)


def _copy_moment(value) -> str:
    return "\\N" if value is None else value.isoformat()


def _copy_bool(value) -> str:
    return "\\N" if value is None else ("t" if value else "f")


def _copy_json(value) -> str:
    return _copy_text(json.dumps(value, ensure_ascii=False))


def _copy_converter(f: models.Field) -> Callable[[Any], str]:
    if isinstance(f, models.JSONField):
        return _copy_json
    if isinstance(f, models.BooleanField):
        return _copy_bool
    if isinstance(f, models.DateTimeField | models.DateField):
        return _copy_moment
    if isinstance(
        f, models.IntegerField | models.AutoField | models.ForeignKey | models.DecimalField
    ):
        return _copy_plain
    return _copy_str


class _Writer:
    """Bulk loads rows: COPY on PostgreSQL, batched INSERT on other databases."""

    def __init__(self) -> None:
        self.postgres = connection.vendor == "postgresql"
        self.tables = {
            "dossier": _Table(Dossier, DOSSIER_COLUMNS),
            "step": _Table(DossierStep, STEP_COLUMNS),
            "event": _Table(DossierEvent, EVENT_COLUMNS),
            "component": _Table(DossierComponent, COMPONENT_COLUMNS),
            "result": _Table(DossierResult, RESULT_COLUMNS),
            "pause": _Table(ClockPause, PAUSE_COLUMNS),
            "user": _Table(User, USER_COLUMNS),
        }
        for name, (model, columns) in extras.TABLES.items():
            self.tables[name] = _Table(model, columns)
        self.fast = False

    def begin(self) -> None:
        """Inside a transaction: skip per-row foreign-key triggers where allowed (superuser).

        Every reference is built from ids that exist, and the tests check it; without the
        permission, rows are checked by the database as usual (slower).
        """
        if not self.postgres:
            return
        try:
            with transaction.atomic(), connection.cursor() as cursor:
                cursor.execute("SET LOCAL session_replication_role = replica")
            self.fast = True
        except Exception:
            self.fast = False

    def write(self, name: str, rows: list | bytes) -> None:
        """Rows of a table; on PostgreSQL, the COPY text ``encode`` made of them."""
        if not rows:
            return
        table = self.tables[name]
        if self.postgres:
            if not isinstance(rows, bytes):
                rows = self.encode(name, rows)
            quote = connection.ops.quote_name
            columns = ", ".join(quote(c) for c in table.columns)
            with (
                connection.cursor() as cursor,
                cursor.cursor.copy(f"COPY {quote(table.name)} ({columns}) FROM STDIN") as copy,
            ):
                copy.write(rows)
        else:
            self._insert(table, rows)

    def encode(self, name: str, rows: list) -> bytes:
        """Rows in COPY's text format, built here so the thread that sends them has little to do."""
        table = self.tables[name]
        convert = [_copy_converter(f) for f in table.fields]
        pairs = list(enumerate(convert))
        suffix = "".join(
            "\t" + _copy_converter(f)(value)
            for f, value in zip(table.defaults, table.default_values, strict=True)
        )
        lines = ["\t".join([c(row[i]) for i, c in pairs]) + suffix for row in rows]
        lines.append("")
        return "\n".join(lines).encode()

    def _insert(self, table: _Table, rows: list) -> None:
        quote = connection.ops.quote_name
        columns = ", ".join(quote(c) for c in table.columns)
        marks = ", ".join(["%s"] * len(table.columns))
        sql = f"INSERT INTO {quote(table.name)} ({columns}) VALUES ({marks})"  # noqa: S608
        fields = table.fields
        defaults = [
            f.get_db_prep_save(value, connection)
            for f, value in zip(table.defaults, table.default_values, strict=True)
        ]
        prepared = [
            [f.get_db_prep_save(value, connection) for f, value in zip(fields, row, strict=True)]
            + defaults
            for row in rows
        ]
        with connection.cursor() as cursor:
            for start in range(0, len(prepared), 500):
                cursor.executemany(sql, prepared[start : start + 500])

    def next_id(self, model: type[models.Model]) -> int:
        return (model.objects.aggregate(m=models.Max("pk"))["m"] or 0) + 1

    def sequences_reset(self, used: Iterable[type[models.Model]]) -> None:
        """Later inserts by the application continue after the ids we chose."""
        if not self.postgres:
            return  # SQLite's AUTOINCREMENT follows the largest id inserted
        with connection.cursor() as cursor:
            for model in used:
                table = model._meta.db_table
                largest = f"SELECT MAX(id) FROM {connection.ops.quote_name(table)}"  # noqa: S608
                cursor.execute(
                    f"SELECT setval(pg_get_serial_sequence(%s, 'id'), COALESCE(({largest}), 1))",
                    [table],
                )

    def analyse(self) -> None:
        if not self.postgres:
            return
        with connection.cursor() as cursor:
            for table in self.tables.values():
                cursor.execute(f"ANALYZE {connection.ops.quote_name(table.name)}")


class _BatchLoader:
    """Writes each batch in its own transaction, in a background thread when asked.

    The thread has its own database connection (Django's are per thread), so it is only
    used when the caller holds no transaction: rows written by another connection would
    not see the caller's uncommitted rows, nor be rolled back with them.
    """

    TABLES = ("dossier", "step", "component", "result", "pause", "event", *extras.TABLES)

    def __init__(
        self, writer: _Writer, *, background: bool, linker: extras.FileLinker | None = None
    ) -> None:
        self.writer = writer
        self.linker = linker
        self.error: BaseException | None = None
        self.thread = None
        if background:
            self.queue: queue.Queue = queue.Queue(maxsize=1)
            self.thread = threading.Thread(target=self._loop, name="dataset-loader", daemon=True)
            self.thread.start()

    def load(self, buffers: dict[str, list], counters: list[DossierCodeCounter]) -> None:
        files = list(buffers["stored_file"])  # the rows whose bytes are linked after COPY
        if self.writer.postgres:
            buffers = {name: self.writer.encode(name, buffers[name]) for name in self.TABLES}
        buffers["_files"] = files
        if self.thread is None:
            self._write(buffers, counters)
            return
        while True:
            if self.error is not None:
                raise self.error
            try:
                self.queue.put((buffers, counters), timeout=0.5)
                return
            except queue.Full:
                continue

    def close(self) -> None:
        if self.thread is None:
            return
        while self.thread.is_alive():
            try:
                self.queue.put(None, timeout=0.5)
                break
            except queue.Full:
                continue
        self.thread.join()
        if self.error is not None:
            raise self.error

    def _loop(self) -> None:
        try:
            while (item := self.queue.get()) is not None:
                self._write(*item)
        except BaseException as error:
            self.error = error
        finally:
            connection.close()

    def _write(self, buffers: dict[str, list], counters: list[DossierCodeCounter]) -> None:
        with transaction.atomic():
            self.writer.begin()
            for name in self.TABLES:
                self.writer.write(name, buffers[name])
            if counters:
                DossierCodeCounter.objects.bulk_create(
                    counters,
                    update_conflicts=True,
                    unique_fields=["agency_code", "day"],
                    update_fields=["last"],
                    batch_size=1000,
                )
            if self.linker is not None:
                self.linker.link(buffers["_files"])


# --- Reference data ----------------------------------------------------------------------------


def _processing(amount, unit) -> deadlines.ProcessingTime:
    return deadlines.ProcessingTime(Decimal(amount), unit)


def _catalogue_load() -> list[_Procedure]:
    """Procedures handled on this system with their versions, cases and templates, as plain data."""
    versions = (
        ProcedureVersion.objects.filter(status__in=LEGAL_STATUSES, valid_from__isnull=False)
        .exclude(handling=Handling.MINISTRY_SYSTEM)
        .select_related("procedure__field")
        .prefetch_related(
            "competent_agencies",
            "cases__components",
            "cases__fees",
            "cases__steps__agency",
        )
        .order_by("procedure__code", "valid_from")
    )
    by_code: dict[str, list] = defaultdict(list)
    for version in versions:
        competent = tuple(sorted(a.pk for a in version.competent_agencies.all()))
        field_code = version.procedure.field.code.rsplit("-", 1)[-1]
        cases = []
        for case in sorted(version.cases.all(), key=lambda c: (c.position, c.pk)):
            steps = tuple(
                _StepTemplate(
                    id=s.pk,
                    position=s.position,
                    stage=s.stage,
                    name=s.name,
                    performer=s.performer,
                    agency_id=s.agency_id,
                    department_name=s.department_name.strip().lower(),
                    role=s.role,
                    hours=s.hours,
                    hours_us=int(s.hours * 3_600_000_000),
                    actions=frozenset(s.actions or ()),
                    tax=s.agency is not None and s.agency.name.startswith("Thuế"),
                )
                for s in sorted(case.steps.all(), key=lambda s: s.position)
            )
            if not steps or not competent:
                continue
            decision = next(
                (i for i, s in enumerate(steps) if StepAction.APPROVE in s.actions),
                len(steps) - 1,
            )
            payment_after = next(
                (
                    i
                    for i in range(1, decision + 1)
                    if steps[i - 1].tax
                    and not steps[i].tax
                    and steps[i].role == Role.PROCESSING_OFFICER
                ),
                None,
            )
            time = _processing(case.processing_amount, case.processing_unit)
            online_time = time
            if case.online_processing_amount is not None and case.online_processing_unit:
                online_time = _processing(
                    case.online_processing_amount, case.online_processing_unit
                )
            cases.append(
                _Case(
                    id=case.pk,
                    version_id=version.pk,
                    name=case.name,
                    summary=version.name,
                    field_code=field_code,
                    level=version.level,
                    boundary_free=version.boundary_free,
                    supplement_clock=version.supplement_clock,
                    result_name=case.result_name or version.name,
                    online=case.online_level != OnlineLevel.NONE,
                    time=time,
                    online_time=online_time,
                    deliveries=tuple(case.delivery_channels or DeliveryChannel.values),
                    components=tuple(
                        (
                            c.pk,
                            c.quantity or 1,
                            c.requirement == Requirement.MANDATORY,
                            c.must_digitise,
                            bool(c.reuse_sources),
                        )
                        for c in sorted(case.components.all(), key=lambda c: c.position)
                    ),
                    steps=steps,
                    competent=competent,
                    decision_index=decision,
                    payment_after=payment_after,
                    has_fee=bool(case.fees.all()),
                    form=_form_fields(case.form_schema),
                )
            )
        if cases:
            by_code[version.procedure.code].append(
                (version.valid_from, version.valid_to, tuple(cases))
            )
    return [_Procedure(code, tuple(v)) for code, v in sorted(by_code.items())]


def _form_fields(schema: dict) -> tuple:
    fields = []
    for f in (schema or {}).get("fields", ()):
        if f.get("type") == "file" or not f.get("name"):
            continue
        choices = tuple(str(c.get("value")) for c in f.get("choices", ()) if c.get("value"))
        low = int(f.get("min", 1) or 1)
        fields.append(
            (
                f["name"],
                f.get("type", "text"),
                choices,
                bool(f.get("required") or f.get("required_if")),  # conditions: answer anyway
                low,
                int(f.get("max", low + 4)),
                int(f.get("max_length") or 200),
            )
        )
    return tuple(fields)


def _popularity(codes: Sequence[str]) -> dict[str, float]:
    ranked = [c for c in POPULARITY if c in codes] + sorted(c for c in codes if c not in POPULARITY)
    return {code: 1 / (rank + 1) ** ZIPF_EXPONENT for rank, code in enumerate(ranked)}


class _People:
    """Names, identification numbers, phones and addresses, all made up and well formed."""

    def __init__(self, rng: random.Random):
        self.rng = rng
        self.surnames = [s for s, _ in SURNAMES]
        self.cumulative = []
        total = 0
        for _, weight in SURNAMES:
            total += weight
            self.cumulative.append(total)

    def name(self) -> tuple[str, str]:
        rng = self.rng
        sex = "m" if rng.random() < 0.5 else "f"
        surname = self.surnames[
            bisect.bisect_right(self.cumulative, rng.random() * self.cumulative[-1])
        ]
        return f"{surname} {rng.choice(MIDDLE[sex])} {rng.choice(GIVEN[sex])}", sex

    def personal_id(self, sex: str, *, today: dt.date) -> str:
        rng = self.rng
        year = rng.randint(1950, min(2007, today.year - 18))
        century = (year - 1900) // 100
        return (
            f"{rng.choice(BIRTH_CODES)}{century * 2 + (sex == 'f')}{year % 100:02d}"
            f"{rng.randrange(1_000_000):06d}"
        )

    def tax_code(self) -> str:
        while True:
            first = f"{self.rng.randrange(1, 10)}{self.rng.randrange(100_000_000):08d}"
            digit = tax_code_check_digit(first)
            if digit is not None:
                return f"{first}{digit}"

    def company(self) -> str:
        rng = self.rng
        return (
            f"{rng.choice(COMPANY_KINDS)} {rng.choice(COMPANY_TRADES)} {rng.choice(COMPANY_WORDS)}"
        )

    def phone(self) -> str:
        return f"{self.rng.choice(PHONE_PREFIXES)}{self.rng.randrange(10_000_000):07d}"

    def address(self, unit_name: str) -> str:
        rng = self.rng
        return f"Số {rng.randint(1, 450)}, {rng.choice(PLACES)} {rng.randint(1, 12)}, {unit_name}"


def citizen_id_for(index: int, birth_code: str) -> str:
    """A 12-digit personal number unique to ``index``: distinct indexes never share one."""
    combos = [(century_sex, year) for year in range(1950, 2008) for century_sex in (0, 1)]
    century_sex, year = combos[index % len(combos)]
    if year >= 2000:
        century_sex += 2
    serial = 100_000 + index // len(combos)
    return f"{birth_code}{century_sex}{year % 100:02d}{serial:06d}"


# --- The generator -----------------------------------------------------------------------------


class DatasetGenerator:
    def __init__(
        self, options: DatasetOptions, *, progress: Callable[[str], None] | None = None
    ) -> None:
        self.o = options
        self.progress = progress or (lambda message: None)
        self.rng = random.Random(options.seed)  # noqa: S311 - reproducible data, not secrets
        self.people = _People(self.rng)
        self.writer = _Writer()
        self.summary = DatasetSummary()
        now = timezone.now()
        self.as_of = min(dt.datetime.combine(options.end, dt.time(23, 59, 59), tzinfo=VN_TZ), now)
        self.payment_clock = settings.DOSSIER_PAYMENT_CLOCK

    # -- setup ------------------------------------------------------------------------------

    def _prepare(self) -> None:
        o = self.o
        if o.dossiers < 1:
            raise ValueError("At least one dossier.")
        if o.end < o.start:
            raise ValueError("The period ends before it starts.")
        if o.end > timezone.localdate():
            raise ValueError("The period cannot end in the future.")
        self.calendar = work_calendar_get()
        agencies = {a.pk: a for a in Agency.objects.select_related("administrative_unit")}
        self.agencies = agencies
        own_hours = set(
            OfficeHours.objects.filter(agency__isnull=False).values_list("agency_id", flat=True)
        )
        self.calendars: dict[int, WorkCalendar] = {
            pk: work_calendar_get(agency_id=pk) if pk in own_hours else self.calendar
            for pk in agencies
        }
        self.procedures = _catalogue_load()
        if not self.procedures:
            raise ValueError("No procedure is published: load the catalogue first (demo_setup).")
        self.weights = _popularity([p.code for p in self.procedures])
        self.centres_by_unit: dict[int, Agency] = {}
        self.commune_centres: list[Agency] = []
        for agency in sorted(agencies.values(), key=lambda a: a.code):
            if agency.kind not in (
                AgencyKind.COMMUNE_SERVICE_CENTRE,
                AgencyKind.PROVINCIAL_SERVICE_CENTRE,
            ):
                continue
            if not (agency.is_valid_on(o.start) and agency.is_valid_on(o.end)):
                continue
            self.centres_by_unit.setdefault(agency.administrative_unit_id, agency)
            if agency.kind == AgencyKind.COMMUNE_SERVICE_CENTRE:
                self.commune_centres.append(agency)
        if not self.commune_centres:
            raise ValueError("No commune service centre in operation over the whole period.")
        # Commune sizes, drawn once per seed: wards are larger.
        size_rng = random.Random(o.seed * 7919 + 1)  # noqa: S311
        self.commune_weights = []
        total = 0.0
        for centre in self.commune_centres:
            ward = centre.administrative_unit.kind == "ward"
            total += size_rng.lognormvariate(0, 0.6) * (1.8 if ward else 1.0)
            self.commune_weights.append(total)
        self.departments: dict[int, dict[str, int]] = defaultdict(dict)
        for dept in Department.objects.valid_on(o.start).order_by("pk"):
            self.departments[dept.agency_id].setdefault(dept.name.strip().lower(), dept.pk)
        self._staff_ensure()
        self._citizens_ensure()
        self.counters: dict[tuple[str, dt.date], int] = {
            (row.agency_code, row.day): row.last
            for row in DossierCodeCounter.objects.filter(day__gte=o.start, day__lte=o.end)
        }
        self.next_dossier = self.writer.next_id(Dossier)
        self.next_step = self.writer.next_id(DossierStep)
        self.next_component = self.writer.next_id(DossierComponent)
        self.extras = extras.Extras(self)
        self.extras.prepare()
        self.next_result = self.writer.next_id(DossierResult)
        # Result numbers continue per competent agency and year.
        self.result_numbers: Counter = Counter(
            {
                (row["dossier__competent_agency_id"], row["issued_on__year"]): row["n"]
                for row in DossierResult.objects.filter(issued_on__isnull=False)
                .values("dossier__competent_agency_id", "issued_on__year")
                .annotate(n=models.Count("pk"))
            }
        )

    def _staff_ensure(self) -> None:
        """Generated staff for every agency and role, created once and reused."""
        existing = {
            u.username: u.pk for u in User.objects.filter(username__startswith=GENERATED_PREFIX)
        }
        staff_rng = random.Random(20261122)  # noqa: S311 - same staff whatever the seed
        people = _People(staff_rng)
        wanted: list[tuple[str, str, Agency, Role]] = []
        for agency in sorted(self.agencies.values(), key=lambda a: a.code):
            for role, count in STAFF_PER_AGENCY.get(agency.kind, STAFF_DEFAULT):
                for n in range(1, count + 1):
                    username = f"{GENERATED_PREFIX}{agency.code.lower()}.{ROLE_SHORT[role]}{n}"
                    wanted.append((username, people.name()[0], agency, role))
        missing = [w for w in wanted if w[0] not in existing]
        if missing:
            joined = dt.datetime.combine(self.o.start, dt.time(7), tzinfo=VN_TZ)
            users = User.objects.bulk_create(
                [
                    User(
                        username=username,
                        password=UNUSABLE_PASSWORD,
                        kind=UserKind.STAFF,
                        full_name=name,
                        date_joined=joined,
                    )
                    for username, name, _, _ in missing
                ],
                batch_size=1000,
            )
            if any(u.pk is None for u in users):  # databases that return no ids
                ids = dict(
                    User.objects.filter(username__in=[m[0] for m in missing]).values_list(
                        "username", "pk"
                    )
                )
            else:
                ids = {u.username: u.pk for u in users}
            RoleAssignment.objects.bulk_create(
                [
                    RoleAssignment(
                        user_id=ids[username],
                        role=role,
                        agency=agency,
                        valid_from=min(self.o.start, agency.valid_from or self.o.start),
                        note="generate_dataset",
                    )
                    for username, _, agency, role in missing
                ],
                batch_size=1000,
            )
            existing.update(ids)
            self.summary.staff = len(missing)
        self.staff: dict[tuple[int, str], list[int]] = defaultdict(list)
        self.user_names: dict[int, str] = {}
        for username, name, agency, role in wanted:
            self.staff[(agency.pk, role)].append(existing[username])
            self.user_names[existing[username]] = name

    def _citizens_ensure(self) -> None:
        """A pool of citizen accounts for online applicants (``gen.cd.N``), grown as needed."""
        wanted = max(10, round(self.o.dossiers * CITIZENS_PER_DOSSIER))
        prefix = f"{GENERATED_PREFIX}cd."
        have = {
            int(u[len(prefix) :]): (pk, full_name, number)
            for u, pk, full_name, number in User.objects.filter(
                username__startswith=prefix
            ).values_list("username", "pk", "full_name", "identification_number")
            if u[len(prefix) :].isdigit()
        }
        birth_code = "0" + self._province_unit_code()
        citizen_rng = random.Random(1)  # noqa: S311 - the same pool whatever the seed
        people = _People(citizen_rng)
        rows = []
        next_id = self.writer.next_id(User)
        joined = dt.datetime.combine(self.o.start, dt.time(8), tzinfo=VN_TZ)
        taken = set(
            User.objects.exclude(identification_number="").values_list(
                "identification_number", flat=True
            )
        )
        for index in range(1, wanted + 1):
            name, _ = people.name()
            phone = people.phone()
            if index in have:
                continue
            number = citizen_id_for(index, birth_code)
            if number in taken:
                continue
            row = (
                next_id,
                UNUSABLE_PASSWORD,
                None,
                False,
                f"{prefix}{index}",
                "",
                "",
                "",
                False,
                True,
                joined,
                UserKind.CITIZEN,
                name,
                phone,
                number,
            )
            rows.append(row)
            have[index] = (next_id, name, number)
            next_id += 1
        if rows:
            with transaction.atomic():
                for start in range(0, len(rows), 50_000):
                    self.writer.write("user", rows[start : start + 50_000])
                self.writer.sequences_reset([User])
        self.summary.citizens = len(rows)
        self.citizens = [have[i] for i in sorted(have) if i <= wanted] or list(have.values())

    def _province_unit_code(self) -> str:
        for agency in self.agencies.values():
            if agency.kind == AgencyKind.PROVINCIAL_COMMITTEE:
                return agency.administrative_unit.code.zfill(2)[-2:]
        return "86"

    # -- the days ---------------------------------------------------------------------------

    def _working_days(self) -> list[tuple[dt.date, float]]:
        days = []
        day = self.o.start
        while day <= self.o.end:
            if self.calendar.is_working_day(day):
                days.append((day, WEEKDAY_WEIGHT[day.weekday()] * MONTH_WEIGHT[day.month - 1]))
            day += dt.timedelta(days=1)
        if not days:
            raise ValueError("No working day in the period.")
        return days

    def run(self) -> DatasetSummary:
        started = time.perf_counter()
        self._prepare()
        days = self._working_days()
        total_weight = sum(w for _, w in days)
        self.last_days = {d for d, _ in days[-5:]}
        self.last_day = days[-1][0]
        self.buffers: dict[str, list] = defaultdict(list)
        self.buffered = 0
        self.pending_counters: dict[tuple[str, dt.date], int] = {}
        # On PostgreSQL, outside any transaction of the caller, the database loads one batch
        # on the other core while the next one is being simulated.
        background = self.writer.postgres and not connection.in_atomic_block
        linker = extras.FileLinker() if self.o.file_bytes else None
        self.loader = _BatchLoader(self.writer, background=background, linker=linker)
        # Millions of short-lived tuples and no reference cycles: the cyclic collector would
        # only walk the growing buffers again and again.
        collecting = gc.isenabled()
        gc.disable()
        try:
            cumulative, done = 0.0, 0
            for day, weight in days:
                cumulative += weight
                target = round(self.o.dossiers * cumulative / total_weight)
                count, done = target - done, target
                if count:
                    self._day(day, count)
                if self.buffered >= self.o.batch:
                    self._flush(started)
            self._flush(started)
        finally:
            self.loader.close()
            if collecting:
                gc.enable()
        with transaction.atomic():
            self.writer.sequences_reset(
                [Dossier, DossierStep, DossierResult, DossierComponent, *extras.ID_MODELS]
            )
        self.writer.analyse()
        self.summary.rows = self.extras.rows
        self.summary.shares = self.extras.shares
        self.summary.files_linked = linker.linked if linker is not None else 0
        self.summary.seconds = time.perf_counter() - started
        if self.o.rollups:
            from motcua.reporting.rollups import rollups_rebuild  # reporting reads dossiers

            self.progress("Rebuilding the reporting rollups ...")
            rolled = time.perf_counter()
            self.summary.rollup_rows = rollups_rebuild()
            self.summary.rollup_seconds = time.perf_counter() - rolled
        return self.summary

    def _flush(self, started: float) -> None:
        if not self.buffered:
            return
        counters = [
            DossierCodeCounter(agency_code=code, day=day, last=last)
            for (code, day), last in sorted(self.pending_counters.items())
        ]
        self.loader.load(self.buffers, counters)
        s = self.summary
        s.events += len(self.buffers["event"])
        s.steps += len(self.buffers["step"])
        s.components += len(self.buffers["component"])
        s.results += len(self.buffers["result"])
        s.pauses += len(self.buffers["pause"])
        s.dossiers += len(self.buffers["dossier"])
        self.buffers = defaultdict(list)
        self.buffered = 0
        self.pending_counters = {}
        elapsed = time.perf_counter() - started
        rate = s.dossiers / elapsed if elapsed else 0.0
        left = (self.o.dossiers - s.dossiers) / rate if rate else 0.0
        self.progress(
            f"{s.dossiers:>9,}/{self.o.dossiers:,} dossiers, {s.events:,} events"
            f" · {elapsed:,.0f} s · {rate:,.0f} dossiers/s · about {left:,.0f} s left"
        )

    def _procedure_table(self, day: dt.date) -> tuple[list[float], list[tuple[_Case, ...]]]:
        """Cumulative popularity of the procedures in force on ``day``, and their cases."""
        cache = getattr(self, "_table_cache", None)
        available = []
        for procedure in self.procedures:
            cases = procedure.cases_on(day)
            if cases is not None:
                available.append((procedure.code, cases))
        signature = tuple(cases[0].version_id for _, cases in available)
        if cache is not None and cache[0] == signature:
            return cache[1], cache[2]
        cumulative, total, entries = [], 0.0, []
        for code, cases in available:
            total += self.weights[code]
            cumulative.append(total)
            entries.append(cases)
        self._table_cache = (signature, cumulative, entries)
        return cumulative, entries

    def _day(self, day: dt.date, count: int) -> None:
        rng = self.rng
        cumulative, entries = self._procedure_table(day)
        arrivals = []
        for _ in range(count):
            cases = entries[bisect.bisect_right(cumulative, rng.random() * cumulative[-1])]
            case = cases[0] if len(cases) == 1 or rng.random() < 0.8 else rng.choice(cases[1:])
            arrivals.append(self._arrival(day, case))
        arrivals.sort(key=lambda a: a["moment"])
        for arrival in arrivals:
            self._dossier(arrival)

    def _office_moment(self, day: dt.date) -> dt.datetime:
        """A moment of the counter's day: morning peak, quieter afternoon."""
        rng = self.rng
        if rng.random() < 0.62:
            minutes = 7 * 60 + rng.triangular(0, 270, 75)
        else:
            minutes = 13 * 60 + 30 + rng.triangular(0, 210, 60)
        seconds = int(minutes * 60) + rng.randrange(60)
        return dt.datetime.combine(
            day, dt.time(seconds // 3600, seconds // 60 % 60, seconds % 60), tzinfo=VN_TZ
        )

    def _arrival(self, day: dt.date, case: _Case) -> dict[str, Any]:
        rng = self.rng
        # Where: the commune's centre for commune procedures, the provincial centre otherwise.
        if case.level == "commune":
            centre = self.commune_centres[
                bisect.bisect_right(self.commune_weights, rng.random() * self.commune_weights[-1])
            ]
            unit_id = centre.administrative_unit_id
            competent_id = next(
                (
                    pk
                    for pk in case.competent
                    if self.agencies[pk].administrative_unit_id == unit_id
                ),
                None,
            )
            if competent_id is None:  # this commune is not competent: take one that is
                competent_id = case.competent[rng.randrange(len(case.competent))]
                unit_id = self.agencies[competent_id].administrative_unit_id
                centre = self.centres_by_unit.get(unit_id, centre)
            if case.boundary_free and rng.random() < OTHER_CENTRE_SHARE:
                centre = rng.choice(self.commune_centres)
        else:
            competent_id = case.competent[rng.randrange(len(case.competent))]
            unit_id = self.agencies[competent_id].administrative_unit_id
            centre = self.centres_by_unit.get(unit_id) or self.commune_centres[0]
            if case.boundary_free and rng.random() < COMMUNE_CENTRE_SHARE:
                centre = rng.choice(self.commune_centres)
        # How it came.
        roll = rng.random()
        if case.online:
            if roll < ONLINE_SHARE:
                channel = Channel.ONLINE
            elif roll < ONLINE_SHARE + PORTAL_SHARE:
                channel = Channel.NATIONAL_PORTAL
            elif roll < ONLINE_SHARE + PORTAL_SHARE + POST_SHARE_ONLINE_CASE:
                channel = Channel.POST
            else:
                channel = Channel.COUNTER
        else:
            channel = Channel.POST if roll < POST_SHARE_COUNTER_CASE else Channel.COUNTER
        online = channel in deadlines.ONLINE_CHANNELS
        fate = "received"
        roll = rng.random()
        if channel != Channel.COUNTER and roll < REFUSED_SHARE:
            fate = "refused"
        elif online and roll < REFUSED_SHARE + WITHDRAWN_SHARE:
            fate = "withdrawn"
        elif (
            online
            and day == self.last_day
            and roll < REFUSED_SHARE + WITHDRAWN_SHARE + PENDING_SUBMITTED_SHARE
        ):
            fate = "pending"
        elif channel == Channel.ONLINE and rng.random() < COMPLETION_SHARE:
            fate = (
                "completion_pending"
                if day in self.last_days and rng.random() < 0.5
                else "completion"
            )
        moment = self._office_moment(day)
        if fate == "pending":  # submitted after the counter closed on the last day
            moment = dt.datetime.combine(day, dt.time(17, rng.randrange(60)), tzinfo=VN_TZ)
        return {
            "day": day,
            "case": case,
            "centre": centre,
            "competent_id": competent_id,
            "unit_id": unit_id,
            "channel": channel,
            "fate": fate,
            "moment": moment,
        }

    # -- one dossier ------------------------------------------------------------------------

    def _pick(self, agency_id: int, role: str) -> int:
        """A generated staff member holding ``role`` at the agency (every agency has all it needs)."""
        people = self.staff[(agency_id, role)]
        return people[self.rng.randrange(len(people))]

    def _applicant(self, a: dict[str, Any], d: dict[str, Any]) -> None:
        rng, people = self.rng, self.people
        unit = self.agencies[a["centre"].pk].administrative_unit
        if a["case"].level == "commune":
            unit = self.agencies[a["competent_id"]].administrative_unit
        elif rng.random() < 0.9:
            unit = rng.choice(self.commune_centres).administrative_unit
        d["applicant_unit_id"] = unit.pk
        d["applicant_unit_source"] = unit.source
        d["applicant_address"] = people.address(f"{unit.name}")
        today = a["day"]
        if a["channel"] == Channel.ONLINE:
            owner_id, name, number = self.citizens[rng.randrange(len(self.citizens))]
            d.update(
                owner_id=owner_id,
                applicant_kind=ApplicantKind.PERSON,
                applicant_name=name,
                applicant_id_number=number,
                applicant_phone=people.phone(),
                applicant_email=f"cd{owner_id}@example.vn" if rng.random() < 0.6 else "",
            )
            return
        if a["case"].field_code in ORGANISATION_FIELDS and rng.random() < 0.4:
            d.update(
                applicant_kind=ApplicantKind.ORGANISATION,
                applicant_name=people.company(),
                applicant_id_number=people.tax_code(),
            )
        else:
            name, sex = people.name()
            d.update(
                applicant_kind=ApplicantKind.PERSON,
                applicant_name=name,
                applicant_id_number=people.personal_id(sex, today=today),
            )
        d["applicant_phone"] = people.phone()
        if rng.random() < REPRESENTATIVE_SHARE:
            name, sex = people.name()
            d.update(
                representative_name=name,
                representative_id_number=people.personal_id(sex, today=today),
                representative_phone=people.phone(),
                authorisation=f"Giấy ủy quyền số {rng.randint(1, 999)}/{today.year}",
            )

    def _form_data(self, case: _Case, d: dict[str, Any], day: dt.date) -> dict[str, Any]:
        """Answers to the case's e-form, consistent with the applicant; optional ones half the time."""
        rng, people = self.rng, self.people
        person = d["applicant_kind"] == ApplicantKind.PERSON
        answers: dict[str, Any] = {}
        for name, kind, choices, required, low, high, length in case.form:
            if not required and rng.random() < 0.5:
                continue
            if kind == "personal_id":
                value = (
                    d["applicant_id_number"]
                    if person and name == "applicant_id"
                    else people.personal_id("m" if rng.random() < 0.5 else "f", today=day)
                )
            elif kind == "address":
                value = d["applicant_address"]
            elif kind == "number":
                value = rng.randint(low, max(low, min(high, low + 9)))
            elif kind == "date":
                value = (day - dt.timedelta(days=rng.randint(1, 60))).isoformat()
            elif kind == "choice" and choices:
                value = rng.choice(choices)
            elif "phone" in name:
                value = d["applicant_phone"]
            elif "name" in name:
                value = d["applicant_name"] if name == "applicant_name" else people.name()[0]
            elif "number" in name or "code" in name:
                value = f"{rng.randrange(1_000_000):06d}"
            else:
                value = "Theo giấy tờ kèm theo"
            answers[name] = value[:length] if isinstance(value, str) else value
        return answers

    def _dossier(self, a: dict[str, Any]) -> None:
        case: _Case = a["case"]
        centre: Agency = a["centre"]
        dossier_id = self.next_dossier
        self.next_dossier += 1
        channel = a["channel"]
        counter_officer = self._pick(centre.pk, Role.COUNTER_OFFICER)
        d: dict[str, Any] = dict.fromkeys(DOSSIER_COLUMNS, "")
        d.update(
            id=dossier_id,
            code=None,
            procedure_version_id=case.version_id,
            case_id=case.id,
            channel=channel,
            receiving_agency_id=centre.pk,
            competent_agency_id=a["competent_id"],
            current_agency_id=centre.pk,
            current_step_id=None,
            assignee_id=None,
            owner_id=None,
            applicant_unit_id=None,
            summary=case.summary,
            form_data={},
            submitted_at=None,
            received_at=None,
            due_at_original=None,
            due_at=None,
            resolved_at=None,
            returned_at=None,
            closed_at=None,
            supplement_clock=case.supplement_clock,
            supplement_requests=0,
            extended_at=None,
            payment_status=PaymentStatus.NONE,
            delivery_status=DeliveryStatus.PENDING,
            sync_status=SyncStatus.NOT_REQUIRED,
            idempotency_key=None,
            created_by_id=None,
        )
        self._applicant(a, d)
        d["form_data"] = self._form_data(case, d, a["day"])
        if channel == Channel.NATIONAL_PORTAL:
            d["alternative_code"] = f"G22-{a['day']:%y%m%d}-{dossier_id:07d}"
        life = _Life(self, d, case, a, counter_officer)
        with contextlib.suppress(_Stop):
            life.run()
        life.finish()

    def _code(self, centre: Agency, day: dt.date) -> str:
        key = (centre.code, day)
        last = self.counters.get(key, 0) + 1
        self.counters[key] = last
        self.pending_counters[key] = last
        return dossier_code_format(agency_code=centre.code, day=day, sequence=last)

    def _result_number(self, agency_id: int, year: int) -> str:
        self.result_numbers[(agency_id, year)] += 1
        abbreviation = self.agencies[agency_id].abbreviation or "UBND"
        return f"{self.result_numbers[(agency_id, year)]}/{year}/GCN-{abbreviation}"


def _hours(us: int) -> dt.timedelta:
    return dt.timedelta(microseconds=us)


class _Life:
    """One dossier from arrival to delivery, cut at the end of the period."""

    def __init__(self, gen: DatasetGenerator, d: dict, case: _Case, a: dict, counter_officer: int):
        self.g = gen
        self.rng = gen.rng
        self.d = d
        self.case = case
        self.a = a
        self.counter_officer = counter_officer
        self.events: list[tuple] = []
        self.steps: list[list] = []
        self.pauses: list[list] = []
        self.results: list[tuple] = []
        self.status = ""
        self.last_at: dt.datetime | None = None
        self.calendar = gen.calendars[d["receiving_agency_id"]]

    # -- recording ------------------------------------------------------------------------

    def act(self, at: dt.datetime) -> None:
        """Stop here if ``at`` is after the end of the period: the rest has not happened yet."""
        if at > self.g.as_of:
            raise _Stop

    def event(
        self,
        kind: str,
        at: dt.datetime,
        *,
        actor: int | None,
        role: str,
        agency: int | None,
        to: str | None = None,
        note: str = "",
        data: dict | None = None,
        step: list | None = None,
    ) -> None:
        before = self.status
        after = before if to is None else to
        self.events.append(
            (
                self.d["id"],
                kind,
                before,
                after,
                actor,
                role,
                agency,
                at,
                note,
                data or {},
                step[ST_ID] if step else None,
                step[ST_DUE] if step else None,
                step[ST_TIMELINESS] if step else "",
            )
        )
        self.status = after
        self.last_at = at

    def step_start(self, step: list, at: dt.datetime, template: _StepTemplate) -> None:
        step[ST_STARTED] = at
        calendar = self.g.calendars[step[ST_AGENCY]]
        step[ST_DUE] = calendar.add_working_time(at, _hours(template.hours_us))

    def step_finish(self, step: list, at: dt.datetime, *, assess: bool = True) -> None:
        step[ST_FINISHED] = at
        step[ST_TIMELINESS] = deadlines.step_timeliness(at, step[ST_DUE]).value if assess else ""

    def status_at(self, step: list) -> str:
        if step[ST_AGENCY] in (self.d["competent_agency_id"], self.d["receiving_agency_id"]):
            return S.PROCESSING
        return S.INTER_AGENCY

    # -- the life -------------------------------------------------------------------------

    def run(self) -> None:
        a, d, rng = self.a, self.d, self.rng
        channel = d["channel"]
        fate = a["fate"]
        moment: dt.datetime = a["moment"]
        centre = d["receiving_agency_id"]
        officer = self.counter_officer
        online = channel in deadlines.ONLINE_CHANNELS
        self._components(online)
        if online:
            submitter, submit_role, submit_agency = (
                (d["owner_id"], OWNER_ROLE, None)
                if channel == Channel.ONLINE
                else (officer, Role.COUNTER_OFFICER, centre)
            )
            d["created_by_id"] = submitter
            lag = dt.timedelta(minutes=rng.lognormvariate(4.5, 1.1))  # median 1.5 h
            submitted = moment - min(lag, dt.timedelta(days=3))
            if fate in ("completion", "completion_pending"):
                wait = dt.timedelta(hours=rng.uniform(20, 140))
                requested = moment if fate == "completion_pending" else moment - wait
                submitted = requested - min(lag, dt.timedelta(days=2))
            d["submitted_at"] = submitted
            self.event(
                K.SUBMITTED,
                submitted,
                actor=submitter,
                role=submit_role,
                agency=submit_agency,
                to=S.SUBMITTED,
                data={"channel": channel},
            )
            if fate in ("completion", "completion_pending"):
                self.event(
                    K.INTAKE_SUPPLEMENT_REQUESTED,
                    requested,
                    actor=officer,
                    role=Role.COUNTER_OFFICER,
                    agency=centre,
                    to=S.AWAITING_COMPLETION,
                    note=COMPLETION_REASON,
                    data={"items": [rng.choice(SUPPLEMENT_ITEMS)]},
                )
                if fate == "completion_pending":
                    return
                back = moment - dt.timedelta(minutes=rng.uniform(10, 240))
                self.event(
                    K.COMPLETION_SUBMITTED,
                    max(back, requested),
                    actor=submitter,
                    role=submit_role,
                    agency=submit_agency,
                    to=S.SUBMITTED,
                )
            if fate == "pending":
                return
            if fate == "withdrawn":
                self.event(
                    K.WITHDRAWN,
                    moment,
                    actor=submitter,
                    role=submit_role,
                    agency=submit_agency,
                    to=S.WITHDRAWN,
                )
                d["closed_at"] = moment
                return
        else:
            d["created_by_id"] = officer
            d["submitted_at"] = moment
        if fate == "refused":
            if not online:  # a posted dossier is registered before it is checked
                self.event(
                    K.SUBMITTED,
                    moment - dt.timedelta(minutes=rng.uniform(5, 60)),
                    actor=officer,
                    role=Role.COUNTER_OFFICER,
                    agency=centre,
                    to=S.SUBMITTED,
                    data={"channel": channel},
                )
            self.event(
                K.REFUSED,
                moment,
                actor=officer,
                role=Role.COUNTER_OFFICER,
                agency=centre,
                to=S.REFUSED,
                note=rng.choice(REFUSAL_REASONS),
            )
            d["closed_at"] = moment
            return
        if self.case.has_fee:
            d["payment_status"] = PaymentStatus.PAID
        self._receive(moment)
        self._process()

    def _components(self, online: bool) -> None:
        rng = self.rng
        rows = []
        digitised = 0
        for component_id, copies, mandatory, must_digitise, reusable in self.case.components:
            if not mandatory and rng.random() > 0.3:
                continue
            reused = reusable and rng.random() < REUSED_SHARE
            is_digitised = (
                online or reused or (must_digitise and rng.random() < DIGITISED_AT_COUNTER)
            )
            digitised += is_digitised
            row_id = self.g.next_component
            self.g.next_component += 1
            # Reuse details (entry, source, when, by whom, consent) are filled by the extras.
            rows.append(
                [
                    row_id,
                    self.d["id"],
                    component_id,
                    copies,
                    is_digitised,
                    reused,
                    "",
                    None,
                    "",
                    None,
                    None,
                    False,
                ]
            )
        self.components = rows
        if rows and digitised == len(rows):
            self.d["digitisation_status"] = DigitisationStatus.DIGITISED
        elif digitised:
            self.d["digitisation_status"] = DigitisationStatus.PARTIAL
        else:
            self.d["digitisation_status"] = DigitisationStatus.NOT_DIGITISED

    def _receive(self, at: dt.datetime) -> None:
        g, d, case = self.g, self.d, self.case
        self.act(at)
        centre = self.a["centre"]
        d["code"] = g._code(centre, at.date())
        time_ = case.online_time if d["channel"] in deadlines.ONLINE_CHANNELS else case.time
        self.processing_time = time_
        due = deadlines.dossier_due_at(self.calendar, at, time_)
        d["received_at"] = at
        d["due_at_original"] = d["due_at"] = due
        for template in case.steps:
            agency_id = self._performer(template)
            department = g.departments.get(agency_id, {}).get(template.department_name)
            step_id = g.next_step
            g.next_step += 1
            self.steps.append(
                [
                    step_id,
                    d["id"],
                    template.id,
                    None,
                    template.position,
                    template.stage,
                    template.name,
                    agency_id,
                    department,
                    template.role,
                    template.hours,
                    None,
                    None,
                    None,
                    None,
                    "",
                ]
            )
        first = self.steps[0]
        self.step_start(first, g.calendars[first[ST_AGENCY]].clock_start(at), case.steps[0])
        d["current_step_id"] = first[ST_ID]
        d["current_agency_id"] = first[ST_AGENCY]
        self.event(
            K.RECEIVED,
            at,
            actor=self.counter_officer,
            role=Role.COUNTER_OFFICER,
            agency=d["receiving_agency_id"],
            to=S.RECEIVED,
            data={
                "channel": d["channel"],
                "code": d["code"],
                "due_at": deadlines.iso(due),
                "processing_time": {"amount": str(time_.amount), "unit": str(time_.unit)},
                "first_step": first[ST_NAME],
            },
            step=first,
        )

    def _performer(self, template: _StepTemplate) -> int:
        if template.performer == Performer.RECEIVING_CENTRE:
            return self.d["receiving_agency_id"]
        if template.performer == Performer.COMPETENT_AGENCY:
            return self.d["competent_agency_id"]
        return template.agency_id

    def _process(self) -> None:
        g, d, rng, case = self.g, self.d, self.rng, self.case
        slow = rng.random() < SLOW_SHARE
        extend = slow and rng.random() < EXTENDED_SHARE
        supplement = rng.random() < SUPPLEMENT_SHARE
        stop_roll = rng.random()
        not_resolved = rng.random() < NOT_RESOLVED_SHARE
        main = next(
            (
                i
                for i, s in enumerate(self.steps)
                if s[ST_ROLE] == Role.PROCESSING_OFFICER
                and s[ST_AGENCY] == d["competent_agency_id"]
            ),
            next((i for i, s in enumerate(self.steps) if s[ST_ROLE] == Role.PROCESSING_OFFICER), 0),
        )
        stop_at_step = main if stop_roll < STOPPED_SHARE else -1
        # Offices pace themselves to the due date (its cut-off, so the last hand-over to the
        # centre is not put off to the next morning): a same-day dossier is done in minutes.
        budget_total = sum(t.hours_us for t in case.steps[: case.decision_index + 1])
        target = d["due_at"]
        if CUTOFF is not None:
            target = min(target, dt.datetime.combine(target.date(), CUTOFF, tzinfo=VN_TZ))
        available = self.calendar.working_time_between(self.steps[0][ST_STARTED], target)
        available = max(available, dt.timedelta(minutes=3))
        pace = min(1.0, available / _hours(budget_total)) if budget_total else 1.0
        index = 0
        while True:
            step = self.steps[index]
            template = case.steps[index]
            agency = step[ST_AGENCY]
            calendar = g.calendars[agency]
            at = step[ST_STARTED]
            budget = template.hours_us
            if index == case.payment_after and index > 0:
                at = self._payment_wait(step, at, template)
            if template.role == Role.PROCESSING_OFFICER:
                officer = g._pick(agency, Role.PROCESSING_OFFICER)
                at = calendar.add_working_time(
                    at, _hours(int(budget * pace * rng.uniform(0.01, 0.1)))
                )
                self.act(at)
                head_role = (
                    Role.DEPARTMENT_HEAD
                    if (agency, Role.DEPARTMENT_HEAD) in g.staff
                    else Role.AGENCY_LEADER
                )
                step[ST_ASSIGNEE] = officer
                d["assignee_id"] = officer
                data = {"assignee": officer}
                if step[ST_DEPARTMENT]:
                    data["department"] = step[ST_DEPARTMENT]
                self.event(
                    K.ASSIGNED,
                    at,
                    actor=g._pick(agency, head_role),
                    role=head_role,
                    agency=agency,
                    to=self.status_at(step),
                    data=data,
                    step=step,
                )
                work = int(budget * pace * (0.15 + 0.7 * rng.random() ** 1.3))
            else:
                work = int(budget * pace * (0.03 + 0.85 * rng.random() ** 1.6))
            actor = step[ST_ASSIGNEE] or g._pick(agency, template.role)
            if index == main and slow:  # finished well after the due date, whatever comes
                late_by = _hours(int(rng.uniform(8, 60) * 3_600_000_000))
                late_finish = calendar.add_working_time(d["due_at"], late_by)
            if index == main and supplement and StepAction.REQUEST_SUPPLEMENT in template.actions:
                at = self._supplement(step, template, at, work // 3, actor)
                work -= work // 3
            if index == stop_at_step:
                stop = calendar.add_working_time(at, _hours(work // 2))
                self.act(stop)
                self._stop(stop)
                return
            finish = calendar.add_working_time(at, _hours(work))
            if index == main and slow:
                if extend:
                    self._extend(at)
                finish = max(finish, late_finish)
            if index == case.decision_index or index == len(self.steps) - 1:
                self._decide(step, finish, not_resolved)
                return
            following = self.steps[index + 1]
            start = finish
            if following[ST_AGENCY] != agency:
                finish = self._before_cutoff(at, finish)
                start = g.calendars[following[ST_AGENCY]].clock_start(finish)
            self.act(finish)
            self.step_finish(step, finish)
            event_step = list(step)
            self.step_start(following, start, case.steps[index + 1])
            d["current_step_id"] = following[ST_ID]
            d["current_agency_id"] = following[ST_AGENCY]
            d["assignee_id"] = None
            self.event(
                K.FORWARDED,
                finish,
                actor=actor,
                role=template.role,
                agency=agency,
                to=self.status_at(following),
                step=event_step,
                data={
                    "to_step": following[ST_ID],
                    "to_step_name": following[ST_NAME],
                    "to_agency": g.agencies[following[ST_AGENCY]].code,
                    "to_step_due_at": deadlines.iso(following[ST_DUE]),
                },
            )
            index += 1

    def _before_cutoff(self, at: dt.datetime, finish: dt.datetime) -> dt.datetime:
        """Mostly, papers for another agency leave before the afternoon cut-off of the day."""
        if CUTOFF is None or finish.date() != at.date() or self.rng.random() > HURRY_SHARE:
            return finish
        cutoff = dt.datetime.combine(at.date(), CUTOFF, tzinfo=VN_TZ)
        if not at < cutoff < finish:
            return finish
        return at + (cutoff - at) * self.rng.uniform(0.3, 0.95)

    def _pause_close(
        self, pause: list, step: list, at: dt.datetime, template_hours: Decimal
    ) -> dict:
        d = self.d
        previous = d["due_at"]
        d["due_at"] = deadlines.resumed_due_at(
            self.calendar,
            policy=pause[2],
            due_at=previous,
            paused_at=pause[3],
            resumed_at=at,
            time=self.processing_time,
        )
        step[ST_DUE] = deadlines.shifted_step_due_at(
            self.g.calendars[step[ST_AGENCY]],
            policy=pause[2],
            due_at=step[ST_DUE],
            paused_at=pause[3],
            resumed_at=at,
            hours=template_hours,
        )
        pause[4] = at
        waited = self.calendar.working_time_between(pause[3], at)
        return {
            "clock": pause[2],
            "paused_at": deadlines.iso(pause[3]),
            "waited_working_hours": str(Decimal(waited.total_seconds()) / 3600),
            "previous_due_at": deadlines.iso(previous),
            "due_at": deadlines.iso(d["due_at"]),
        }

    def _supplement(
        self, step: list, template: _StepTemplate, at: dt.datetime, work: int, actor: int
    ) -> dt.datetime:
        g, d, rng = self.g, self.d, self.rng
        calendar = g.calendars[step[ST_AGENCY]]
        asked = calendar.add_working_time(at, _hours(work))
        self.act(asked)
        policy = d["supplement_clock"]
        pause = [d["id"], ClockPauseReason.SUPPLEMENT, policy, asked, None, SUPPLEMENT_REASON]
        self.pauses.append(pause)
        d["supplement_requests"] = 1
        self.event(
            K.SUPPLEMENT_REQUESTED,
            asked,
            actor=actor,
            role=template.role,
            agency=step[ST_AGENCY],
            to=S.AWAITING_SUPPLEMENT,
            note=SUPPLEMENT_REASON,
            step=step,
            data={"clock": policy, "items": [rng.choice(SUPPLEMENT_ITEMS)]},
        )
        if rng.random() < SUPPLEMENT_ABANDONED_SHARE:
            raise _Stop  # the citizen never came back
        back = self.calendar.clock_start(asked + dt.timedelta(hours=rng.lognormvariate(4.2, 0.7)))
        self.act(back)
        data = self._pause_close(pause, step, back, template.hours)
        online = d["channel"] == Channel.ONLINE
        self.event(
            K.SUPPLEMENT_RECEIVED,
            back,
            actor=d["owner_id"] if online else self.counter_officer,
            role=OWNER_ROLE if online else Role.COUNTER_OFFICER,
            agency=None if online else d["receiving_agency_id"],
            to=S.PROCESSING,
            data=data,
            step=step,
        )
        return back

    def _payment_wait(self, step: list, at: dt.datetime, template: _StepTemplate) -> dt.datetime:
        g, d, rng = self.g, self.d, self.rng
        agency = step[ST_AGENCY]
        asked = g.calendars[agency].add_working_time(at, _hours(1_800_000_000))
        self.act(asked)
        policy = g.payment_clock
        pause = [d["id"], ClockPauseReason.PAYMENT, policy, asked, None, ""]
        self.pauses.append(pause)
        d["payment_status"] = PaymentStatus.REQUESTED
        self.event(
            K.PAYMENT_REQUESTED,
            asked,
            actor=g._pick(agency, Role.PROCESSING_OFFICER),
            role=Role.PROCESSING_OFFICER,
            agency=agency,
            to=S.AWAITING_PAYMENT,
            data={"clock": policy},
            step=step,
        )
        paid = self.calendar.clock_start(asked + dt.timedelta(hours=rng.lognormvariate(3.6, 0.8)))
        self.act(paid)
        data = self._pause_close(pause, step, paid, template.hours)
        data["reference"] = f"BL{d['id']:09d}"
        d["payment_status"] = PaymentStatus.PAID
        self.event(
            K.PAYMENT_RECEIVED,
            paid,
            actor=self.counter_officer,
            role=Role.COUNTER_OFFICER,
            agency=d["receiving_agency_id"],
            to=S.PROCESSING,
            data=data,
            step=step,
        )
        return paid

    def _extend(self, started: dt.datetime) -> None:
        """Apology and a new due date (Mẫu 04), on the last working day before the due date."""
        g, d, rng = self.g, self.d, self.rng
        due = d["due_at"]
        day = deadlines.apology_deadline(self.calendar, due)
        at = dt.datetime.combine(day, dt.time(9, rng.randrange(60)), tzinfo=VN_TZ)
        if at <= started or at >= due:
            return
        self.act(at)
        new_due = self.calendar.add_working_days(due, rng.randint(8, 12))
        leader = g._pick(d["competent_agency_id"], Role.AGENCY_LEADER)
        self.event(
            K.EXTENDED,
            at,
            actor=leader,
            role=Role.AGENCY_LEADER,
            agency=d["competent_agency_id"],
            note=APOLOGY_REASON,
            data={
                "previous_due_at": deadlines.iso(due),
                "due_at": deadlines.iso(new_due),
                "apology_deadline": day.isoformat(),
                "on_time": True,
            },
        )
        d["due_at"] = new_due
        d["extended_at"] = at

    def _stop(self, at: dt.datetime) -> None:
        d = self.d
        step = self.steps[[s[ST_ID] for s in self.steps].index(d["current_step_id"])]
        for pause in self.pauses:
            if pause[4] is None:
                pause[4] = at
        for s in self.steps:
            if s[ST_STARTED] is not None and s[ST_FINISHED] is None:
                s[ST_FINISHED] = at
        d["closed_at"] = at
        d["current_step_id"] = None
        self.event(
            K.STOPPED,
            at,
            actor=self.counter_officer,
            role=Role.COUNTER_OFFICER,
            agency=d["receiving_agency_id"],
            to=S.STOPPED,
            note=STOP_REASON,
            step=step,
            data={"requested_on": (at.date() - dt.timedelta(days=1)).isoformat()},
        )

    def _decide(self, step: list, at: dt.datetime, not_resolved: bool) -> None:
        g, d, rng = self.g, self.d, self.rng
        self.act(at)
        self.step_finish(step, at)
        agency = step[ST_AGENCY]
        leader = g._pick(agency, Role.AGENCY_LEADER)
        result_id = g.next_result
        g.next_result += 1
        number = g._result_number(d["competent_agency_id"], at.year)
        self.results.append(
            (
                result_id,
                d["id"],
                self.case.result_name[:500],
                number,
                at.date(),
                g.user_names.get(leader, ""),
                at,
            )
        )
        timeliness = deadlines.timeliness_by_date(at, d["due_at"]).value
        d.update(
            outcome=Outcome.NOT_RESOLVED if not_resolved else Outcome.APPROVED,
            resolved_at=at,
            timeliness=timeliness,
            current_step_id=None,
            delivery_status=DeliveryStatus.READY,
            assignee_id=None,
        )
        self.event(
            K.NOT_RESOLVED if not_resolved else K.APPROVED,
            at,
            actor=leader,
            role=Role.AGENCY_LEADER,
            agency=agency,
            to=S.RESOLVED,
            note=NOT_RESOLVED_REASON if not_resolved else "",
            step=step,
            data={"results": [{"id": result_id, "number": number}], "timeliness": timeliness},
        )
        if rng.random() < UNCOLLECTED_SHARE:
            return
        channels = self.case.deliveries
        if d["channel"] in deadlines.ONLINE_CHANNELS and DeliveryChannel.ONLINE in channels:
            channel, when = DeliveryChannel.ONLINE, at + dt.timedelta(minutes=rng.uniform(1, 30))
        elif DeliveryChannel.POST in channels and (
            d["channel"] == Channel.POST or rng.random() < 0.12
        ):
            channel = DeliveryChannel.POST
            when = self.calendar.clock_start(at + dt.timedelta(hours=rng.uniform(16, 72)))
        else:
            channel = (
                DeliveryChannel.COUNTER if DeliveryChannel.COUNTER in channels else channels[0]
            )
            when = self.calendar.clock_start(at + dt.timedelta(hours=rng.lognormvariate(2.8, 1.0)))
        self.act(when)
        recipient = d["representative_name"] or d["applicant_name"]
        d.update(
            returned_at=when, delivery_status=DeliveryStatus.DELIVERED, delivery_channel=channel
        )
        self.event(
            K.DELIVERED,
            when,
            actor=self.counter_officer,
            role=Role.COUNTER_OFFICER,
            agency=d["receiving_agency_id"],
            to=S.RETURNED,
            data={"channel": channel, "recipient": recipient if channel != "online" else ""},
        )

    # -- rows -----------------------------------------------------------------------------

    def finish(self) -> None:
        g, d = self.g, self.d
        d["status"] = self.status
        if d["channel"] == Channel.NATIONAL_PORTAL:
            recent = self.last_at is not None and self.last_at > g.as_of - dt.timedelta(hours=1)
            d["sync_status"] = SyncStatus.PENDING if recent else SyncStatus.SYNCED
        d["created_at"] = d["submitted_at"]
        d["updated_at"] = self.last_at or d["submitted_at"]
        if self.status not in (
            S.RECEIVED,
            S.PROCESSING,
            S.INTER_AGENCY,
            S.AWAITING_SUPPLEMENT,
            S.AWAITING_PAYMENT,
        ):
            d["current_step_id"] = None
            d["assignee_id"] = None
            if self.status in (S.SUBMITTED, S.AWAITING_COMPLETION, S.REFUSED, S.WITHDRAWN):
                d["current_agency_id"] = d["receiving_agency_id"]
        buffers = g.buffers
        buffers["dossier"].append(tuple(d[c] for c in DOSSIER_COLUMNS))
        buffers["step"].extend(tuple(s) for s in self.steps)
        g.extras.dossier(self)
        buffers["component"].extend(tuple(c) for c in self.components)
        buffers["result"].extend(self.results)
        buffers["pause"].extend(tuple(p) for p in self.pauses)
        buffers["event"].extend(self.events)
        g.buffered += 1
        s = g.summary
        s.by_status[self.status] += 1
        s.by_channel[d["channel"]] += 1
        if d["timeliness"]:
            s.by_timeliness[d["timeliness"]] += 1


def dataset_generate(
    options: DatasetOptions, *, progress: Callable[[str], None] | None = None
) -> DatasetSummary:
    """Generate the dataset (see the module docstring); returns what was written."""
    return DatasetGenerator(options, progress=progress).run()
