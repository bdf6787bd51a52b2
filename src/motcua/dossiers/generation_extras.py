"""The generated dossiers' surroundings: payments, ratings, feedback tickets and files.

``generation.DatasetGenerator`` simulates each dossier's life; once a life is cut at the
end of the period, ``Extras.dossier`` adds the rows other apps would have written for it,
with the same rules those apps enforce (see the module docstring of ``generation`` for the
shares). A separate random stream is used, so adding or tuning these rows never changes
the dossiers themselves.

Files are placeholders: every ``StoredFile`` row has its own storage key (the column is
unique), and on a local disk store that key is a hard link to one of a few tiny PDF blobs
(a new blob every ``LINKS_PER_BLOB`` links, below the file system's link limit). A million
rows therefore cost directory entries, not a million copies of bytes. On a store without
paths (S3) no bytes are written and the summary says so.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import random
from collections import Counter, defaultdict
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from motcua.accounts.constants import Role
from motcua.catalog.constants import DeliveryChannel, FeeCollection
from motcua.catalog.models import Component, Fee
from motcua.documents.constants import (
    DigitisationState,
    ExemptionReason,
    FileType,
    StoreSource,
)
from motcua.documents.models import ComponentDigitisation, StoredFile, StoreEntry
from motcua.documents.storage import document_storage
from motcua.feedback.constants import (
    HandlingRating,
    RatingChannel,
    TicketEventKind,
    TicketStatus,
)
from motcua.feedback.models import (
    DossierRating,
    FeedbackRule,
    RatingAnswer,
    RatingCriterion,
    RatingLevel,
    Ticket,
    TicketCategory,
    TicketEvent,
)
from motcua.payments.constants import AttemptStatus, FeeRequestStatus, LedgerKind
from motcua.payments.models import FeeLine, FeeRequest, LedgerEntry, PaymentAttempt
from motcua.workcalendar.constants import DeadlineUnit
from motcua.workcalendar.engine import VN_TZ

from .constants import Channel, DossierStatus, PaymentStatus

if TYPE_CHECKING:
    from .generation import DatasetGenerator, _Life

S = DossierStatus
T = TicketStatus

# --- Shares (per dossier unless said) -----------------------------------------------------

# Payments. Who pays how, by the channel the dossier came through (provider: weight).
PROVIDER_SHARES = {
    Channel.ONLINE: (("paygov", 0.72), ("vietqr", 0.24), ("cash", 0.04)),
    Channel.NATIONAL_PORTAL: (("paygov", 0.85), ("vietqr", 0.12), ("cash", 0.03)),
    Channel.POST: (("vietqr", 0.70), ("cash", 0.30)),
    Channel.COUNTER: (("cash", 0.86), ("vietqr", 0.10), ("paygov", 0.04)),
}
DECLINED_SHARE = 0.06  # of online payments (paygov, vietqr): one declined try first
EXEMPT_SHARE = 0.02  # of fee requests: the applicant is exempt (policy beneficiaries)
CONDITIONAL_FEE_SHARE = 0.25  # a fee with a condition applies to this dossier
DECLINE_MESSAGES = (
    "Giao dịch không thành công: tài khoản không đủ số dư.",
    "Giao dịch bị hủy bởi người dùng.",
    "Quá thời gian thanh toán.",
)
EXEMPTION_REASON = "Đối tượng được miễn lệ phí theo quy định (hộ nghèo, người có công)."

# Ratings of returned dossiers.
RATED_SHARE_ONLINE = 0.35  # of returned dossiers with an applicant's account
RATED_SHARE_COUNTER = 0.22  # of the others (kiosk or officer at the counter, tracking)
SATISFIED_SHARE = 0.93  # overall level counted as satisfied
CRITERION_SAME_SHARE = 0.8  # a criterion's level equals the overall one
OPTIONAL_CRITERION_SHARE = 0.6
RATING_COMMENT_SHARE = 0.1
RATING_COMMENTS = (
    "Cán bộ hướng dẫn tận tình.",
    "Trả kết quả đúng hẹn.",
    "Thời gian chờ tại quầy hơi lâu.",
    "Thủ tục nhanh gọn.",
)

# Phản ánh, kiến nghị.
TICKETS_PER_THOUSAND = 1.5  # per received dossier
TICKET_WITH_DOSSIER_SHARE = 0.7  # names the dossier; the others are about the agency
TICKET_TRANSFER_SHARE = 0.06  # sent to the competent agency first
TICKET_REJECT_SHARE = 0.08  # not accepted, with a reason
TICKET_OVERDUE_SHARE = 0.07  # handled after the due moment
TICKET_PUBLISH_CONSENT = 0.35
TICKET_PUBLISHED_SHARE = 0.7  # of answered tickets whose sender consented
TICKET_RATED_SHARE = 0.3  # of answered tickets
TICKET_SATISFIED_SHARE = 0.8
TICKET_CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # as feedback.services writes them
TICKET_TITLES = (
    "Chậm trả kết quả hồ sơ",
    "Đề nghị hướng dẫn rõ thành phần hồ sơ",
    "Phản ánh thái độ tiếp công dân",
    "Kiến nghị bổ sung hình thức nộp trực tuyến",
    "Yêu cầu bổ sung hồ sơ nhiều lần",
)
TICKET_CONTENT = "Tôi đã nộp hồ sơ và đề nghị cơ quan xem xét, trả lời nội dung trên."
TICKET_ANSWER = "Cơ quan đã kiểm tra, làm rõ và trả lời nội dung phản ánh, kiến nghị của ông/bà."
TICKET_REJECTION = (
    "Nội dung không thuộc phạm vi tiếp nhận phản ánh, kiến nghị về quy định hành chính."
)
TICKET_TRANSFER_REASON = "Chuyển cơ quan có thẩm quyền giải quyết."

# Files and the citizen's store (Kho).
ELECTRONIC_RESULT_SHARE = 0.55  # of results of dossiers not delivered online (always then)
STORE_COMPONENT_SHARE = 0.5  # digitised components of account holders kept in their store
EXEMPT_SHOWN_ONLY_SHARE = 0.6  # counter components not digitised: shown only (else not required)
LINKS_PER_BLOB = 50_000  # ext4 allows 65,000 links to one file
FILE_KEY_PREFIX = "generated"


def placeholder_pdf(pages: int) -> bytes:
    """A tiny valid PDF of ``pages`` blank A4 pages, marked as generated in its info."""
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids ["
        + b" ".join(f"{4 + i} 0 R".encode() for i in range(pages))
        + f"] /Count {pages} >>".encode(),
        b"<< /Title (Generated placeholder, not a document) /Producer (motcua) >>",
    ]
    objects += [b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>"] * pages
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    for offset in offsets:
        out += f"{offset:010d} 00000 n \n".encode()
    out += (
        f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R /Info 3 0 R >>\n"
        f"startxref\n{xref}\n%%EOF\n"
    ).encode()
    return bytes(out)


BLOBS = {pages: placeholder_pdf(pages) for pages in (1, 2, 3, 4)}
BLOB_SHA = {pages: hashlib.sha256(blob).hexdigest() for pages, blob in BLOBS.items()}


def _cols(text: str) -> tuple[str, ...]:
    return tuple(text.split())


# Columns, in the order of the row tuples below.
FEE_REQUEST_COLUMNS = _cols(
    "id dossier_id point reference amount status note created_by_id created_at paid_at"
)
FEE_LINE_COLUMNS = _cols("request_id fee_id kind name amount exempt exemption_reason")
ATTEMPT_COLUMNS = _cols(
    "id request_id provider reference provider_reference amount status message "
    "redirect_url receipt_number recorded_by_id started_by_id created_at updated_at "
    "queried_at"
)
LEDGER_COLUMNS = _cols("request_id attempt_id refund_id kind amount provider provider_reference at")
RATING_COLUMNS = _cols(
    "id dossier_id level_id comment channel rated_by_id rated_at changeable_until changed_at"
)
ANSWER_COLUMNS = _cols("rating_id criterion_id level_id")
TICKET_COLUMNS = _cols(
    "id code category_id agency_id dossier_id title content submitter_id contact_name "
    "contact_phone contact_email contact_address publish_consent status received_at "
    "due_at assignee_id answer rejection_reason handled_at published_at "
    "handling_rating rated_at updated_at"
)
TICKET_EVENT_COLUMNS = _cols(
    "ticket_id kind from_status to_status actor_id agency_id to_agency_id note at"
)
FILE_COLUMNS = _cols(
    "id original_name file_type size sha256 page_count storage_key uploaded_by_id "
    "uploaded_at position dossier_component_id dossier_result_id"
)
DIGITISATION_COLUMNS = _cols(
    "dossier_component_id state paper_pages exemption_reason recorded_by_id recorded_at"
)
STORE_COLUMNS = _cols(
    "id owner_id document_code name number issued_on issuer valid_until source "
    "stored_file_id source_dossier_id source_component_id source_result_id hidden "
    "created_at"
)

# name: (model, columns)
TABLES: dict[str, tuple[type, tuple[str, ...]]] = {
    "fee_request": (FeeRequest, FEE_REQUEST_COLUMNS),
    "fee_line": (FeeLine, FEE_LINE_COLUMNS),
    "attempt": (PaymentAttempt, ATTEMPT_COLUMNS),
    "ledger": (LedgerEntry, LEDGER_COLUMNS),
    "rating": (DossierRating, RATING_COLUMNS),
    "rating_answer": (RatingAnswer, ANSWER_COLUMNS),
    "ticket": (Ticket, TICKET_COLUMNS),
    "ticket_event": (TicketEvent, TICKET_EVENT_COLUMNS),
    "stored_file": (StoredFile, FILE_COLUMNS),
    "digitisation": (ComponentDigitisation, DIGITISATION_COLUMNS),
    "store_entry": (StoreEntry, STORE_COLUMNS),
}
# Models whose ids we choose, so the application's sequences must move past them.
ID_MODELS = (FeeRequest, PaymentAttempt, DossierRating, Ticket, StoredFile, StoreEntry)

# Component row indexes (see generation.COMPONENT_COLUMNS).
C_ID, C_DOSSIER, C_COMPONENT, C_COPIES, C_DIGITISED, C_REUSED = 0, 1, 2, 3, 4, 5
C_ENTRY, C_SOURCE, C_REUSED_AT, C_REUSED_BY, C_CONSENT = 7, 8, 9, 10, 11


@dataclass(frozen=True)
class _FeeData:
    id: int
    kind: str
    name: str
    amount: Decimal
    collection: str
    conditional: bool


def _weighted(rng: random.Random, pairs) -> Any:
    roll = rng.random() * sum(w for _, w in pairs)
    for value, weight in pairs:
        roll -= weight
        if roll < 0:
            return value
    return pairs[-1][0]


class FileLinker:
    """Gives each generated file row its bytes: a hard link to a shared placeholder blob."""

    def __init__(self) -> None:
        storage = document_storage()
        try:
            self.root = storage.path("")
        except NotImplementedError:  # no local paths (S3): rows only
            self.root = None
        self.blobs: dict[int, tuple[str, int]] = {}  # pages -> (path, links made)
        self.made_dirs: set[str] = set()
        self.linked = 0

    @property
    def writes_bytes(self) -> bool:
        return self.root is not None

    def _blob(self, pages: int) -> str:
        path, links = self.blobs.get(pages, ("", LINKS_PER_BLOB))
        if links >= LINKS_PER_BLOB:
            folder = os.path.join(self.root, FILE_KEY_PREFIX, "blobs")
            os.makedirs(folder, exist_ok=True)
            path = os.path.join(folder, f"p{pages}-{len(self.blobs)}-{os.getpid()}-{self.linked}")
            with open(path, "wb") as handle:
                handle.write(BLOBS[pages])
            links = 0
        self.blobs[pages] = (path, links + 1)
        return path

    def link(self, rows: list[tuple]) -> None:
        if self.root is None:
            return
        for row in rows:
            key, pages = row[6], row[5]
            target = os.path.join(self.root, key)
            folder = os.path.dirname(target)
            if folder not in self.made_dirs:
                os.makedirs(folder, exist_ok=True)
                self.made_dirs.add(folder)
            source = self._blob(pages)
            try:
                os.link(source, target)
            except FileExistsError:  # a key of an earlier dataset in a wiped database
                os.unlink(target)
                os.link(source, target)
            self.linked += 1


class Extras:
    """Reference data of the other apps, loaded once, and the rows for each dossier."""

    def __init__(self, gen: DatasetGenerator) -> None:
        self.g = gen
        self.rng = random.Random(gen.o.seed * 1_000_003 + 17)  # noqa: S311 - data, not secrets
        self.rows: Counter = Counter()
        self.shares: Counter = Counter()

    def prepare(self) -> None:
        g = self.g
        self.fees: dict[int, list[_FeeData]] = defaultdict(list)
        for fee in Fee.objects.order_by("case_id", "position", "pk"):
            self.fees[fee.case_id].append(
                _FeeData(
                    fee.pk,
                    fee.kind,
                    fee.name[:255],
                    fee.amount,
                    fee.collection,
                    bool(fee.condition.strip()),
                )
            )
        self.components = {
            pk: (code[:60], name[:500])
            for pk, code, name in Component.objects.values_list("pk", "code", "name")
        }
        levels = list(RatingLevel.objects.filter(is_active=True).order_by("position", "pk"))
        self.satisfied = [lv.pk for lv in levels if lv.counts_as_satisfied]
        self.unsatisfied = [lv.pk for lv in levels if not lv.counts_as_satisfied]
        self.levels = [lv.pk for lv in levels]
        self.criteria = [
            (c.pk, c.is_required)
            for c in RatingCriterion.objects.filter(is_active=True).order_by("position", "pk")
        ]
        self.rules = [
            (r.valid_from, r.rating_change_days, r.ticket_due_working_days)
            for r in FeedbackRule.objects.order_by("valid_from")
        ]
        self.categories = list(
            TicketCategory.objects.filter(is_active=True)
            .order_by("position", "pk")
            .values_list("pk", flat=True)
        )
        self.ticket_codes = set(Ticket.objects.values_list("code", flat=True))
        next_id = g.writer.next_id
        self.next = {
            "fee_request": next_id(FeeRequest),
            "attempt": next_id(PaymentAttempt),
            "rating": next_id(DossierRating),
            "ticket": next_id(Ticket),
            "stored_file": next_id(StoredFile),
            "store_entry": next_id(StoreEntry),
        }
        # The latest store entry of an account per catalogue component, for later reuse.
        self.store: dict[tuple[int, int], int] = {}

    def _id(self, name: str) -> int:
        value = self.next[name]
        self.next[name] = value + 1
        return value

    def _rule(self, day: dt.date) -> tuple | None:
        found = None
        for rule in self.rules:
            if rule[0] <= day:
                found = rule
        return found

    # -- one dossier ----------------------------------------------------------------------

    def dossier(self, life: _Life) -> None:
        d = life.d
        self._files(life)
        if d["code"] is not None:
            self._payments(life)
            if self.rng.random() < TICKETS_PER_THOUSAND / 1000:
                self._ticket(life)
        if life.status == S.RETURNED:
            self._rating(life)

    def _add(self, name: str, row: tuple) -> None:
        self.g.buffers[name].append(row)

    # -- payments -------------------------------------------------------------------------

    def _payments(self, life: _Life) -> None:
        fees = self.fees.get(life.case.id)
        if not fees:
            return
        d = life.d
        before = [f for f in fees if f.collection == FeeCollection.BEFORE]
        after = [f for f in fees if f.collection != FeeCollection.BEFORE]
        online = d["channel"] in (Channel.ONLINE, Channel.NATIONAL_PORTAL)
        statuses = []
        if before:
            # Online applicants pay when submitting; the others when the counter receives.
            at = d["submitted_at"] if online else d["received_at"]
            statuses.append(self._request(life, before, FeeCollection.BEFORE, at, at, d["channel"]))
        if after and d["resolved_at"] is not None:
            paid = d["returned_at"]
            channel = d["channel"]
            if d["delivery_channel"] == DeliveryChannel.COUNTER:
                channel = Channel.COUNTER  # paid where the result is handed over
            statuses.append(
                self._request(life, after, FeeCollection.AFTER, d["resolved_at"], paid, channel)
            )
        if d["payment_status"] == PaymentStatus.REQUESTED:
            return  # waiting for the tax office's payment (the simulation's own wait)
        if FeeRequestStatus.OPEN in statuses:
            d["payment_status"] = PaymentStatus.REQUESTED
        elif FeeRequestStatus.PAID in statuses:
            d["payment_status"] = PaymentStatus.PAID
        elif d["payment_status"] == PaymentStatus.PAID and life.case.payment_after is None:
            d["payment_status"] = PaymentStatus.NONE  # exempt: nothing was due

    def _request(
        self,
        life: _Life,
        fees: list[_FeeData],
        point: str,
        at: dt.datetime,
        paid_at: dt.datetime | None,
        channel: str,
    ) -> str:
        d, rng, g = life.d, self.rng, self.g
        chosen = [f for f in fees if not f.conditional or rng.random() < CONDITIONAL_FEE_SHARE]
        if not chosen:
            chosen = fees[:1]
        exempt = rng.random() < EXEMPT_SHARE
        total = Decimal(0) if exempt else sum((f.amount for f in chosen), Decimal(0))
        if total <= 0 and not exempt:
            return ""  # the catalogue's fee is nil here ("miễn phí"): nothing is asked
        request_id = self._id("fee_request")
        officer = life.counter_officer
        creator = d["owner_id"] if d["channel"] == Channel.ONLINE and point == "before" else officer
        status = FeeRequestStatus.EXEMPT if total <= 0 else FeeRequestStatus.OPEN
        for f in chosen:
            self._add(
                "fee_line",
                (
                    request_id,
                    f.id,
                    f.kind,
                    f.name,
                    f.amount,
                    exempt,
                    EXEMPTION_REASON if exempt else "",
                ),
            )
        self.rows["fee_line"] += len(chosen)
        paid = None
        provider = _weighted(rng, PROVIDER_SHARES[channel])
        pay_at = paid_at + dt.timedelta(minutes=rng.uniform(1, 20)) if paid_at else None
        if status == FeeRequestStatus.OPEN and pay_at is not None and pay_at <= g.as_of:
            if provider != "cash" and rng.random() < DECLINED_SHARE:
                failed_at = pay_at - dt.timedelta(minutes=rng.uniform(2, 40))
                self._attempt(
                    life,
                    request_id,
                    provider,
                    total,
                    AttemptStatus.FAILED,
                    failed_at,
                    message=rng.choice(DECLINE_MESSAGES),
                )
                self.shares["payments_declined_first"] += 1
            self._attempt(life, request_id, provider, total, AttemptStatus.SUCCEEDED, pay_at)
            status, paid = FeeRequestStatus.PAID, pay_at
            self.shares[f"paid_by_{provider}"] += 1
        self.shares[f"fee_request_{status}"] += 1
        self._add(
            "fee_request",
            (
                request_id,
                d["id"],
                point,
                f"MC{request_id:012X}",
                total,
                status,
                "",
                creator,
                at,
                paid,
            ),
        )
        self.rows["fee_request"] += 1
        return status

    def _attempt(
        self,
        life: _Life,
        request_id: int,
        provider: str,
        amount: Decimal,
        status: str,
        at: dt.datetime,
        *,
        message: str = "",
    ) -> None:
        d = life.d
        attempt_id = self._id("attempt")
        reference = f"MA{attempt_id:012X}"
        succeeded = status == AttemptStatus.SUCCEEDED
        receipt, recorded_by, started_by = "", None, d["owner_id"]
        if provider == "cash":
            receipt = f"BL{attempt_id:08d}"
            recorded_by, started_by, provider_reference = life.counter_officer, None, receipt
        elif provider == "vietqr":
            provider_reference = f"FT{attempt_id:012d}" if succeeded else ""
        else:
            provider_reference = f"PG{attempt_id:014d}" if succeeded else ""
        settled = at + dt.timedelta(seconds=self.rng.uniform(5, 90))
        self._add(
            "attempt",
            (
                attempt_id,
                request_id,
                provider,
                reference,
                provider_reference,
                amount,
                status,
                message,
                "",
                receipt,
                recorded_by,
                started_by,
                at,
                settled,
                None,
            ),
        )
        self.rows["attempt"] += 1
        if succeeded:
            # The ledger's payment entry for the attempt, as payments.services books it.
            self._add(
                "ledger",
                (
                    request_id,
                    attempt_id,
                    None,
                    LedgerKind.PAYMENT,
                    amount,
                    provider,
                    provider_reference,
                    settled,
                ),
            )
            self.rows["ledger"] += 1

    # -- ratings --------------------------------------------------------------------------

    def _rating(self, life: _Life) -> None:
        d, rng, g = life.d, self.rng, self.g
        if not self.levels:
            return
        owner = d["owner_id"]
        if rng.random() >= (RATED_SHARE_ONLINE if owner else RATED_SHARE_COUNTER):
            return
        returned: dt.datetime = d["returned_at"]
        if owner:
            channel = RatingChannel.ONLINE
            at = returned + dt.timedelta(hours=rng.lognormvariate(1.5, 1.2))
            by = owner
        elif d["delivery_channel"] == DeliveryChannel.COUNTER and rng.random() < 0.8:
            channel = RatingChannel.KIOSK if rng.random() < 0.7 else RatingChannel.COUNTER
            at = returned + dt.timedelta(minutes=rng.uniform(1, 10))
            by = life.counter_officer if channel == RatingChannel.COUNTER else None
        else:
            channel = RatingChannel.TRACKING
            at = returned + dt.timedelta(hours=rng.lognormvariate(2.5, 1.0))
            by = None
        rule = self._rule(at.astimezone(VN_TZ).date())
        if at > g.as_of or rule is None:
            return
        if rng.random() < SATISFIED_SHARE and self.satisfied:
            level = rng.choice(self.satisfied)
        else:
            level = rng.choice(self.unsatisfied or self.levels)
        rating_id = self._id("rating")
        comment = rng.choice(RATING_COMMENTS) if rng.random() < RATING_COMMENT_SHARE else ""
        self._add(
            "rating",
            (
                rating_id,
                d["id"],
                level,
                comment,
                channel,
                by,
                at,
                at + dt.timedelta(days=rule[1]),
                None,
            ),
        )
        self.rows["rating"] += 1
        self.shares["rated_satisfied" if level in self.satisfied else "rated_not_satisfied"] += 1
        for criterion, required in self.criteria:
            if not required and rng.random() >= OPTIONAL_CRITERION_SHARE:
                continue
            chosen = level if rng.random() < CRITERION_SAME_SHARE else rng.choice(self.levels)
            self._add("rating_answer", (rating_id, criterion, chosen))
            self.rows["rating_answer"] += 1

    # -- feedback tickets -----------------------------------------------------------------

    def _ticket_code(self, at: dt.datetime) -> str:
        while True:
            code = f"PA-{at.astimezone(VN_TZ):%y%m%d}-" + "".join(
                self.rng.choice(TICKET_CODE_ALPHABET) for _ in range(8)
            )
            if code not in self.ticket_codes:
                self.ticket_codes.add(code)
                return code

    def _handler(self, agency: int) -> tuple[int, int]:
        """The leader who assigns and the officer who answers, at ``agency``."""
        staff = self.g.staff
        leader = staff[(agency, Role.AGENCY_LEADER)]
        officers = (
            staff.get((agency, Role.PROCESSING_OFFICER))
            or staff.get((agency, Role.COUNTER_OFFICER))
            or leader
        )
        return self.rng.choice(leader), self.rng.choice(officers)

    def _ticket(self, life: _Life) -> None:
        d, rng, g = life.d, self.rng, self.g
        if not self.categories:
            return
        agency = d["competent_agency_id"] if rng.random() < 0.6 else d["receiving_agency_id"]
        calendar = g.calendars[agency]
        received = calendar.clock_start(d["received_at"] + dt.timedelta(days=rng.uniform(1, 25)))
        rule = self._rule(received.astimezone(VN_TZ).date())
        if received > g.as_of or rule is None:
            return
        due = calendar.due_at(received, rule[2], DeadlineUnit.WORKING_DAYS)
        ticket_id = self._id("ticket")
        owner = d["owner_id"]
        consent = rng.random() < TICKET_PUBLISH_CONSENT
        t: dict[str, Any] = {
            "agency": agency,
            "assignee": None,
            "answer": "",
            "rejection": "",
            "handled": None,
            "published": None,
            "rating": "",
            "rated": None,
        }
        events: list[tuple] = []
        status = T.RECEIVED
        last = received

        def event(kind, at, to, *, actor=None, agency=None, to_agency=None, note=""):
            nonlocal status, last
            events.append(
                (
                    ticket_id,
                    kind,
                    status if kind != TicketEventKind.RECEIVED else "",
                    to,
                    actor,
                    agency,
                    to_agency,
                    note,
                    at,
                )
            )
            status, last = to, at

        event(TicketEventKind.RECEIVED, received, T.RECEIVED, actor=owner, agency=agency)
        try:
            at = received
            if (
                rng.random() < TICKET_TRANSFER_SHARE
                and d["competent_agency_id"] != d["receiving_agency_id"]
            ):
                to = (
                    d["competent_agency_id"]
                    if agency == d["receiving_agency_id"]
                    else d["receiving_agency_id"]
                )
                at = g.calendars[agency].clock_start(at + dt.timedelta(hours=rng.uniform(2, 30)))
                self._stop_after(at)
                leader, _ = self._handler(agency)
                event(
                    TicketEventKind.TRANSFERRED,
                    at,
                    T.TRANSFERRED,
                    actor=leader,
                    agency=agency,
                    to_agency=to,
                    note=TICKET_TRANSFER_REASON,
                )
                agency = t["agency"] = to
                self.shares["tickets_transferred"] += 1
            calendar = g.calendars[agency]
            leader, officer = self._handler(agency)
            at = calendar.clock_start(at + dt.timedelta(hours=rng.uniform(1, 30)))
            self._stop_after(at)
            t["assignee"] = officer
            event(
                TicketEventKind.ASSIGNED,
                at,
                T.ASSIGNED,
                actor=leader,
                agency=agency,
                note=g.user_names.get(officer, ""),
            )
            if rng.random() < TICKET_OVERDUE_SHARE:
                handled = calendar.clock_start(due + dt.timedelta(days=rng.uniform(1, 12)))
            else:
                handled = calendar.clock_start(at + (due - at) * rng.uniform(0.2, 0.95))
                handled = min(handled, due)
            handled = max(handled, at + dt.timedelta(minutes=30))
            self._stop_after(handled)
            t["handled"] = handled
            if rng.random() < TICKET_REJECT_SHARE:
                t["rejection"] = TICKET_REJECTION
                event(
                    TicketEventKind.REJECTED,
                    handled,
                    T.REJECTED,
                    actor=officer,
                    agency=agency,
                    note=TICKET_REJECTION,
                )
                return
            t["answer"] = TICKET_ANSWER
            event(TicketEventKind.ANSWERED, handled, T.ANSWERED, actor=officer, agency=agency)
            if consent and rng.random() < TICKET_PUBLISHED_SHARE:
                at = calendar.clock_start(handled + dt.timedelta(hours=rng.uniform(4, 72)))
                self._stop_after(at)
                t["published"] = at
                event(TicketEventKind.PUBLISHED, at, T.PUBLISHED, actor=leader, agency=agency)
            if rng.random() < TICKET_RATED_SHARE:
                at = last + dt.timedelta(hours=rng.lognormvariate(2.5, 1.0))
                self._stop_after(at)
                rating = (
                    HandlingRating.SATISFIED
                    if rng.random() < TICKET_SATISFIED_SHARE
                    else HandlingRating.NOT_SATISFIED
                )
                t["rating"], t["rated"] = rating, at
                # As ticket_rate writes it: no change of state, the rating as the note.
                events.append(
                    (ticket_id, TicketEventKind.RATED, "", "", owner, None, None, rating, at)
                )
                last = at
        except _Later:
            pass
        finally:
            name, phone = d["applicant_name"], d["applicant_phone"]
            self._add(
                "ticket",
                (
                    ticket_id,
                    self._ticket_code(received),
                    rng.choice(self.categories),
                    t["agency"],
                    d["id"] if rng.random() < TICKET_WITH_DOSSIER_SHARE else None,
                    rng.choice(TICKET_TITLES),
                    TICKET_CONTENT,
                    owner,
                    name[:150],
                    phone[:20],
                    d["applicant_email"],
                    d["applicant_address"][:300],
                    consent,
                    status,
                    received,
                    due,
                    t["assignee"],
                    t["answer"],
                    t["rejection"],
                    t["handled"],
                    t["published"],
                    t["rating"],
                    t["rated"],
                    last,
                ),
            )
            for row in events:
                self._add("ticket_event", row)
            self.rows["ticket"] += 1
            self.rows["ticket_event"] += len(events)
            self.shares[f"ticket_{status}"] += 1
            if (t["handled"] or g.as_of) > due:
                self.shares["tickets_overdue"] += 1

    def _stop_after(self, at: dt.datetime) -> None:
        if at > self.g.as_of:
            raise _Later

    # -- files and the store ----------------------------------------------------------------

    def _file(
        self, name: str, pages: int, by: int, at: dt.datetime, *, component=None, result=None
    ) -> int:
        file_id = self._id("stored_file")
        key = f"{FILE_KEY_PREFIX}/{file_id % 1000:03d}/{file_id}.pdf"
        self._add(
            "stored_file",
            (
                file_id,
                name,
                FileType.PDF,
                len(BLOBS[pages]),
                BLOB_SHA[pages],
                pages,
                key,
                by,
                at,
                1,
                component,
                result,
            ),
        )
        self.rows["stored_file"] += 1
        return file_id

    def _entry(
        self,
        owner: int,
        code: str,
        name: str,
        source: str,
        at: dt.datetime,
        *,
        file=None,
        dossier=None,
        component=None,
        result=None,
        number="",
        issued_on=None,
        issuer="",
    ) -> int:
        entry_id = self._id("store_entry")
        self._add(
            "store_entry",
            (
                entry_id,
                owner,
                code,
                name,
                number,
                issued_on,
                issuer,
                None,
                source,
                file,
                dossier,
                component,
                result,
                False,
                at,
            ),
        )
        self.rows["store_entry"] += 1
        return entry_id

    def _files(self, life: _Life) -> None:
        d, rng, g = life.d, self.rng, self.g
        owner = d["owner_id"]
        online = d["channel"] in (Channel.ONLINE, Channel.NATIONAL_PORTAL)
        uploader = d["created_by_id"] or life.counter_officer
        at = d["submitted_at"] if online or d["received_at"] is None else d["received_at"]
        for row in life.components:
            code, name = self.components.get(row[C_COMPONENT], ("", ""))
            if row[C_REUSED]:
                # Taken from the store instead of scanned again: the account's own earlier
                # entry when it has one, else a national database's document put there.
                row[C_REUSED_AT], row[C_CONSENT] = at, True
                row[C_REUSED_BY] = owner or life.counter_officer
                if owner:
                    entry = self.store.get((owner, row[C_COMPONENT]))
                    source = StoreSource.DIGITISED_COMPONENT
                    if entry is None:
                        source = StoreSource.NATIONAL_DATABASE
                        file = self._file(f"{code or 'csdl'}.pdf", 1, uploader, at)
                        entry = self._entry(owner, code, name, source, at, file=file)
                    row[C_ENTRY], row[C_SOURCE] = entry, source
                else:  # looked up in a national database at the counter, no account store
                    row[C_SOURCE] = StoreSource.NATIONAL_DATABASE
                self.shares[f"reused_{row[C_SOURCE]}"] += 1
                continue
            if row[C_DIGITISED]:
                pages = min(4, max(1, row[C_COPIES] + rng.randrange(3)))
                self._file(f"{code or 'thanh-phan'}.pdf", pages, uploader, at, component=row[C_ID])
                if not online:
                    self._add(
                        "digitisation",
                        (
                            row[C_ID],
                            DigitisationState.DIGITISED,
                            pages,
                            "",
                            life.counter_officer,
                            at,
                        ),
                    )
                    self.rows["digitisation"] += 1
                if owner and rng.random() < STORE_COMPONENT_SHARE:
                    entry = self._entry(
                        owner,
                        code,
                        name,
                        StoreSource.DIGITISED_COMPONENT,
                        at,
                        dossier=d["id"],
                        component=row[C_ID],
                    )
                    self.store[(owner, row[C_COMPONENT])] = entry
            elif not online and d["received_at"] is not None:
                reason = (
                    ExemptionReason.SHOWN_ONLY
                    if rng.random() < EXEMPT_SHOWN_ONLY_SHARE
                    else ExemptionReason.NOT_REQUIRED
                )
                self._add(
                    "digitisation",
                    (row[C_ID], DigitisationState.EXEMPT, None, reason, life.counter_officer, at),
                )
                self.rows["digitisation"] += 1
        for result in life.results:
            result_id, _, name, number, issued_on, _, created = result
            electronic = d["delivery_channel"] == DeliveryChannel.ONLINE or (
                rng.random() < ELECTRONIC_RESULT_SHARE
            )
            if not electronic:
                continue
            agency = d["competent_agency_id"]
            clerks = (
                g.staff.get((agency, Role.DOCUMENT_CLERK)) or g.staff[(agency, Role.AGENCY_LEADER)]
            )
            file = self._file("ket-qua.pdf", 1, rng.choice(clerks), created, result=result_id)
            self.shares["electronic_results"] += 1
            if owner and life.status == S.RETURNED:
                self._entry(
                    owner,
                    "",
                    name,
                    StoreSource.ELECTRONIC_RESULT,
                    d["returned_at"],
                    file=file,
                    dossier=d["id"],
                    result=result_id,
                    number=number[:100],
                    issued_on=issued_on,
                    issuer=g.agencies[agency].name[:255],
                )


class _Later(Exception):
    """The next step of a ticket happens after the end of the period."""
