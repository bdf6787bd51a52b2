"""What each official form of TT 03/2025/TT-VPCP, Phụ lục I needs, and nothing more.

The contexts are frozen dataclasses built by the dossier engine (or a test) from whatever
it has; the renderers never touch the ORM, so a form can be reprinted from an archived
snapshot and rendered in a worker without a database. Every context checks itself when
it is built: a form missing a value the law requires fails there, with a Vietnamese
message, instead of printing an empty blank on an official document. Text is normalised
to NFC on the way in, so the PDF text layer is searchable whatever the source system sent.
"""

from __future__ import annotations

import dataclasses
import unicodedata
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from enum import Enum
from typing import Any

from django.utils.functional import Promise
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from motcua.catalog.constants import DeliveryChannel
from motcua.dossiers.constants import Timeliness
from motcua.workcalendar.constants import DeadlineUnit


class FormDataError(ValueError):
    """A form context is missing a value or has one that cannot go on the form.

    ``field`` names the dataclass attribute, for API error mapping; the message is the
    translated text to show.
    """

    def __init__(self, message: str, *, field: str) -> None:
        super().__init__(message)
        self.field = field


# --- validation helpers -------------------------------------------------------------------
# Each takes the lazy label of the field so the message reads "Thiếu mã hồ sơ." rather
# than quoting an attribute name.


def _fail(name: str, message: str, **params: Any) -> None:
    raise FormDataError(message % {k: str(v) for k, v in params.items()}, field=name)


def _normalise(value: Any) -> Any:
    if isinstance(value, str):
        return unicodedata.normalize("NFC", value).strip()
    if isinstance(value, (list, tuple)):
        return tuple(_normalise(v) for v in value)
    return value


def _normalise_fields(obj: Any) -> None:
    # Frozen dataclass: assignment goes through object.__setattr__ on purpose, only here.
    # An optional text left as None by the caller reads as empty, never as "None" on paper.
    for f in dataclasses.fields(obj):
        value = getattr(obj, f.name)
        if value is None and f.default == "":
            value = ""
        object.__setattr__(obj, f.name, _normalise(value))


def _text(obj: Any, name: str, label: Promise) -> None:
    value = getattr(obj, name)
    if not isinstance(value, str) or not value:
        _fail(name, gettext("Missing %(field)s."), field=label)


def _texts(obj: Any, name: str, label: Promise, *, allow_empty: bool = False) -> None:
    values = getattr(obj, name)
    if not isinstance(values, tuple) or (not values and not allow_empty):
        _fail(name, gettext("The %(field)s needs at least one entry."), field=label)
    if any(not isinstance(v, str) or not v for v in values):
        _fail(name, gettext("Missing %(field)s."), field=label)


def _whole(
    obj: Any, name: str, label: Promise, *, minimum: int = 1, optional: bool = False
) -> None:
    value = getattr(obj, name)
    if value is None and optional:
        return
    # bool is an int subclass; True printed as "01" would be a silent bug.
    if isinstance(value, bool) or not isinstance(value, int) or value < minimum:
        _fail(
            name,
            gettext("The %(field)s must be a whole number of at least %(minimum)s."),
            field=label,
            minimum=minimum,
        )


def _moment(obj: Any, name: str, label: Promise, *, optional: bool = False) -> None:
    value = getattr(obj, name)
    if value is None and optional:
        return
    # A naive datetime would print the server's clock, not the province's.
    if not isinstance(value, datetime) or value.utcoffset() is None:
        _fail(name, gettext("The %(field)s must be a date and time with a time zone."), field=label)


def _day(obj: Any, name: str, label: Promise) -> None:
    value = getattr(obj, name)
    if not isinstance(value, date) or isinstance(value, datetime):
        _fail(name, gettext("The %(field)s must be a date."), field=label)


def _not_before(
    obj: Any, later: str, later_label: Promise, earlier: str, earlier_label: Promise
) -> None:
    a, b = getattr(obj, later), getattr(obj, earlier)
    if a is not None and b is not None and a < b:
        _fail(
            later,
            gettext("The %(later)s cannot be earlier than the %(earlier)s."),
            later=later_label,
            earlier=earlier_label,
        )


def _choice(
    obj: Any, name: str, label: Promise, enum: type[Enum], *, optional: bool = False
) -> None:
    value = getattr(obj, name)
    if value is None and optional:
        return
    try:
        object.__setattr__(obj, name, enum(value))
    except ValueError:
        _fail(
            name,
            gettext("The %(field)s has an unknown value: %(value)s."),
            field=label,
            value=value,
        )


def _instance(obj: Any, name: str, label: Promise, cls: type, *, optional: bool = False) -> None:
    value = getattr(obj, name)
    if value is None and optional:
        return
    if not isinstance(value, cls):
        _fail(name, gettext("Missing %(field)s."), field=label)


def _instances(
    obj: Any, name: str, label: Promise, cls: type, *, allow_empty: bool = False
) -> None:
    values = getattr(obj, name)
    if not isinstance(values, tuple) or (not values and not allow_empty):
        _fail(name, gettext("The %(field)s needs at least one entry."), field=label)
    if any(not isinstance(v, cls) for v in values):
        _fail(name, gettext("Missing %(field)s."), field=label)


def _url(obj: Any, name: str, label: Promise) -> None:
    _text(obj, name, label)
    if not getattr(obj, name).startswith(("https://", "http://")):
        _fail(name, gettext("The %(field)s must be an http or https address."), field=label)


# --- shared parts -------------------------------------------------------------------------


@dataclass(frozen=True)
class Letterhead:
    """Top-left block (NĐ 30, ô 2): the parent body over the issuing unit.

    ``symbol`` is the unit's abbreviation in document numbers (TTPVHCC, BPMC, SNV…), set
    by the head of the unit; ``place`` is the place name of the date line. A line break
    ("\n") in ``parent`` or ``name`` is kept in the letterhead, where long names are
    broken by meaning ("Trung tâm Phục vụ hành chính công" / "tỉnh Vĩnh Long"), and read
    as a space in running text (:attr:`inline_name`).
    """

    parent: str  # ĐƠN VỊ CHỦ QUẢN, e.g. "UBND TỈNH VĨNH LONG"
    name: str  # e.g. "Trung tâm Phục vụ hành chính công tỉnh Vĩnh Long"
    symbol: str
    place: str

    def __post_init__(self) -> None:
        _normalise_fields(self)
        _text(self, "parent", _("parent body"))
        _text(self, "name", _("issuing unit"))
        _text(self, "symbol", _("unit abbreviation"))
        _text(self, "place", _("place name"))

    @property
    def inline_name(self) -> str:
        return " ".join(self.name.split())


@dataclass(frozen=True)
class Party:
    """An applicant (person or organisation) or an authorised representative."""

    name: str
    id_number: str  # số định danh cá nhân (12-digit personal number) or of the organisation
    address: str = ""
    phone: str = ""
    email: str = ""

    def __post_init__(self) -> None:
        _normalise_fields(self)
        _text(self, "name", _("applicant's name"))
        _text(self, "id_number", _("identification number"))


@dataclass(frozen=True)
class Signatory:
    """A signature block (NĐ 30, ô 7): optional authority line, position, name.

    ``on_behalf`` carries the prefix line when the signer is not the head himself, e.g.
    "KT. GIÁM ĐỐC" over the position "PHÓ GIÁM ĐỐC".
    """

    position: str
    name: str
    on_behalf: str = ""

    def __post_init__(self) -> None:
        _normalise_fields(self)
        _text(self, "position", _("signer's position"))
        _text(self, "name", _("signer's name"))


@dataclass(frozen=True)
class SubmittedComponent:
    """One line of "Thành phần hồ sơ nộp gồm" on Mẫu 01."""

    name: str
    count: int = 1
    note: str = ""  # e.g. "Bản sao có chứng thực", "Bản điện tử"

    def __post_init__(self) -> None:
        _normalise_fields(self)
        _text(self, "name", _("component name"))
        _whole(self, "count", _("number of copies"))


@dataclass(frozen=True)
class Handover:
    """One hand-over between units on Mẫu 06, as the event log records it."""

    unit: str  # Tên đơn vị: who hands over at this step
    giver: str  # "Giao:" the officer handing over
    receiver: str  # "Nhận:" the officer (or unit) taking the dossier
    at: datetime
    timeliness: Timeliness | None = None  # recorded by the receiving side; blank while open
    note: str = ""

    def __post_init__(self) -> None:
        _normalise_fields(self)
        _text(self, "unit", _("unit name"))
        _text(self, "giver", _("person handing over"))
        _text(self, "receiver", _("person receiving"))
        _moment(self, "at", _("hand-over time"))
        _choice(self, "timeliness", _("hand-over result"), Timeliness, optional=True)


@dataclass(frozen=True)
class BookEntry:
    """One row of the Sổ theo dõi hồ sơ (Mẫu 07)."""

    dossier_code: str
    procedure: str
    applicant_name: str
    applicant_address: str
    applicant_phone: str
    lead_agency: str  # Cơ quan chủ trì giải quyết
    received_at: datetime
    due_at: datetime
    returned_at: datetime | None = None
    delivery_channel: DeliveryChannel | None = None

    def __post_init__(self) -> None:
        _normalise_fields(self)
        _text(self, "dossier_code", _("dossier code"))
        _text(self, "procedure", _("procedure name"))
        _text(self, "applicant_name", _("applicant's name"))
        _text(self, "lead_agency", _("lead agency"))
        _moment(self, "received_at", _("time of receipt"))
        _moment(self, "due_at", _("appointment time"))
        _moment(self, "returned_at", _("time the result was returned"), optional=True)
        _not_before(self, "due_at", _("appointment time"), "received_at", _("time of receipt"))
        _not_before(
            self,
            "returned_at",
            _("time the result was returned"),
            "received_at",
            _("time of receipt"),
        )
        _choice(self, "delivery_channel", _("delivery channel"), DeliveryChannel, optional=True)


# --- the seven forms ----------------------------------------------------------------------


@dataclass(frozen=True)
class ReceiptContext:
    """Mẫu 01 — Giấy tiếp nhận hồ sơ và hẹn trả kết quả."""

    letterhead: Letterhead
    number: int | None  # None prints a blank for the registry to fill
    dossier_code: str
    tracking_url: str  # printed as a QR code
    applicant: Party
    request: str  # Nội dung yêu cầu giải quyết
    components: tuple[SubmittedComponent, ...]
    processing_amount: Decimal
    processing_unit: DeadlineUnit
    received_at: datetime
    due_at: datetime
    delivery_channel: DeliveryChannel
    officer: str  # Người tiếp nhận
    sets: int = 1  # Số lượng hồ sơ (bộ)
    representative: Party | None = None  # the person who submitted on the applicant's behalf
    authorisation: str = ""  # the authorisation document, required with a representative
    delivery_detail: str = ""  # e.g. the postal address for a result sent by post
    book_volume: str = ""  # Quyển số of the Sổ theo dõi hồ sơ
    book_entry: int | None = None  # Số thứ tự in that book

    def __post_init__(self) -> None:
        _normalise_fields(self)
        _instance(self, "letterhead", _("letterhead"), Letterhead)
        _whole(self, "number", _("form number"), optional=True)
        _text(self, "dossier_code", _("dossier code"))
        _url(self, "tracking_url", _("tracking address"))
        _instance(self, "applicant", _("applicant"), Party)
        _instance(self, "representative", _("representative"), Party, optional=True)
        if self.representative is not None:
            _text(self, "authorisation", _("authorisation document"))
        _text(self, "request", _("request"))
        _instances(self, "components", _("list of submitted components"), SubmittedComponent)
        _whole(self, "sets", _("number of sets"))
        _choice(self, "processing_unit", _("processing time unit"), DeadlineUnit)
        try:
            # Through str so a float 0.5 does not become 0.5000000000000000277….
            amount = Decimal(str(self.processing_amount))
        except (InvalidOperation, TypeError, ValueError):
            amount = Decimal(-1)
        if self.processing_unit != DeadlineUnit.SAME_DAY and not amount > 0:
            _fail(
                "processing_amount",
                gettext("The %(field)s must be greater than zero."),
                field=_("processing time"),
            )
        object.__setattr__(self, "processing_amount", amount)
        _moment(self, "received_at", _("time of receipt"))
        _moment(self, "due_at", _("appointment time"))
        _not_before(self, "due_at", _("appointment time"), "received_at", _("time of receipt"))
        _choice(self, "delivery_channel", _("delivery channel"), DeliveryChannel)
        _text(self, "officer", _("receiving officer"))
        _whole(self, "book_entry", _("entry number in the tracking book"), optional=True)

    @property
    def submitter(self) -> Party:
        return self.representative or self.applicant


def _letter_to_applicant(context) -> None:
    """The heading every form addressed to the applicant shares (Mẫu 02–05)."""
    _instance(context, "letterhead", _("letterhead"), Letterhead)
    _whole(context, "number", _("form number"), optional=True)
    _day(context, "issued_on", _("date of the form"))
    _instance(context, "applicant", _("applicant"), Party)


@dataclass(frozen=True)
class SupplementRequestContext:
    """Mẫu 02 — Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ (once, listing every item)."""

    letterhead: Letterhead
    number: int | None
    issued_on: date
    applicant: Party
    request: str
    items: tuple[str, ...]  # numbered on the form
    reason: str
    contact_name: str  # who helps the applicant complete the dossier
    contact_phone: str
    officer: str  # Người hướng dẫn
    dossier_code: str = ""  # not issued yet when completion is asked for at intake

    def __post_init__(self) -> None:
        _normalise_fields(self)
        _letter_to_applicant(self)
        _text(self, "request", _("request"))
        _texts(self, "items", _("list of items to complete"))
        _text(self, "reason", _("reason"))
        _text(self, "contact_name", _("contact person"))
        _text(self, "contact_phone", _("contact phone number"))
        _text(self, "officer", _("guiding officer"))


@dataclass(frozen=True)
class RefusalContext:
    """Mẫu 03 — Phiếu từ chối tiếp nhận giải quyết hồ sơ, with the specific reasons."""

    letterhead: Letterhead
    number: int | None
    issued_on: date
    applicant: Party
    request: str
    reasons: tuple[str, ...]
    officer: str  # Người tiếp nhận
    dossier_code: str = ""  # "nếu có"

    def __post_init__(self) -> None:
        _normalise_fields(self)
        _letter_to_applicant(self)
        _text(self, "request", _("request"))
        _texts(self, "reasons", _("reasons for refusal"))
        _text(self, "officer", _("receiving officer"))


@dataclass(frozen=True)
class ApologyContext:
    """Mẫu 04 — Phiếu xin lỗi và đề nghị gia hạn thời gian giải quyết (once per dossier).

    Issued by the competent agency, so ``letterhead`` is that agency's and ``signer`` is
    its head (or a deputy signing KT.); ``receiving_unit`` is the one-stop unit that took
    the dossier in.
    """

    letterhead: Letterhead
    number: int | None
    issued_on: date
    applicant: Party
    dossier_code: str
    procedure: str
    receiving_unit: str
    received_at: datetime
    due_at: datetime  # the appointment that will be missed
    reason: str
    new_due_at: datetime
    signer: Signatory
    copies_to: tuple[str, ...] = ()  # Nơi nhận, without the final "Lưu: VT" line

    def __post_init__(self) -> None:
        _normalise_fields(self)
        _letter_to_applicant(self)
        _text(self, "dossier_code", _("dossier code"))
        _text(self, "procedure", _("procedure name"))
        _text(self, "receiving_unit", _("receiving unit"))
        _moment(self, "received_at", _("time of receipt"))
        _moment(self, "due_at", _("appointment time"))
        _moment(self, "new_due_at", _("new appointment time"))
        _not_before(self, "due_at", _("appointment time"), "received_at", _("time of receipt"))
        if self.new_due_at <= self.due_at:
            _fail(
                "new_due_at",
                gettext("The %(later)s must be later than the %(earlier)s."),
                later=_("new appointment time"),
                earlier=_("appointment time"),
            )
        _text(self, "reason", _("reason"))
        _instance(self, "signer", _("signer"), Signatory)
        _texts(self, "copies_to", _("recipients"), allow_empty=True)


@dataclass(frozen=True)
class StopNoticeContext:
    """Mẫu 05 — Thông báo dừng giải quyết hồ sơ (NĐ 118/2025 Điều 21, TT 03/2025 Điều 7).

    Best effort: the official text of this form was not available when it was written;
    the fields are those the stop procedure needs (see docs/official-forms.md).
    """

    letterhead: Letterhead
    number: int | None
    issued_on: date
    applicant: Party
    dossier_code: str
    procedure: str
    received_at: datetime
    requested_on: date  # when the applicant asked to stop
    reason: str  # the applicant's stated reason
    signer: Signatory
    copies_to: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        _normalise_fields(self)
        _letter_to_applicant(self)
        _text(self, "dossier_code", _("dossier code"))
        _text(self, "procedure", _("procedure name"))
        _moment(self, "received_at", _("time of receipt"))
        _day(self, "requested_on", _("date of the stop request"))
        _not_before(
            self, "issued_on", _("date of the form"), "requested_on", _("date of the stop request")
        )
        _text(self, "reason", _("reason"))
        _instance(self, "signer", _("signer"), Signatory)
        _texts(self, "copies_to", _("recipients"), allow_empty=True)


@dataclass(frozen=True)
class ControlSlipContext:
    """Mẫu 06 — Phiếu kiểm soát quá trình giải quyết hồ sơ, built from the event log."""

    letterhead: Letterhead
    number: int | None
    issued_on: date
    dossier_code: str
    handling_agency: str  # Cơ quan (bộ phận) giải quyết
    received_at: datetime
    due_at: datetime
    handovers: tuple[Handover, ...]
    coordinating_agencies: tuple[str, ...] = ()  # Cơ quan phối hợp (liên thông)

    def __post_init__(self) -> None:
        _normalise_fields(self)
        _instance(self, "letterhead", _("letterhead"), Letterhead)
        _whole(self, "number", _("form number"), optional=True)
        _day(self, "issued_on", _("date of the form"))
        _text(self, "dossier_code", _("dossier code"))
        _text(self, "handling_agency", _("handling agency"))
        _moment(self, "received_at", _("time of receipt"))
        _moment(self, "due_at", _("appointment time"))
        _not_before(self, "due_at", _("appointment time"), "received_at", _("time of receipt"))
        _instances(self, "handovers", _("list of hand-overs"), Handover)
        _texts(self, "coordinating_agencies", _("coordinating agencies"), allow_empty=True)


@dataclass(frozen=True)
class TrackingBookContext:
    """Mẫu 07 — Sổ theo dõi hồ sơ, kept per field (lĩnh vực) or group of fields and period."""

    letterhead: Letterhead
    number: int | None
    field_name: str  # Lĩnh vực (or group of fields)
    period_start: date
    period_end: date
    entries: tuple[BookEntry, ...]  # may be empty: a quiet period still has its book
    volume: str = ""  # Quyển số

    def __post_init__(self) -> None:
        _normalise_fields(self)
        _instance(self, "letterhead", _("letterhead"), Letterhead)
        _whole(self, "number", _("form number"), optional=True)
        _text(self, "field_name", _("field of procedures"))
        _day(self, "period_start", _("start of the period"))
        _day(self, "period_end", _("end of the period"))
        _not_before(
            self, "period_end", _("end of the period"), "period_start", _("start of the period")
        )
        _instances(self, "entries", _("book entries"), BookEntry, allow_empty=True)


FormContext = (
    ReceiptContext
    | SupplementRequestContext
    | RefusalContext
    | ApologyContext
    | StopNoticeContext
    | ControlSlipContext
    | TrackingBookContext
)
