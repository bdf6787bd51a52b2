"""The official forms' contexts built from a dossier's records (Mẫu 01–07).

Each ``*_context(dossier)`` reads the dossier, its components, steps and event log and
returns the frozen context the renderers print, or ``None`` when the dossier's history
has not produced that form (no refusal, no extension…). Nothing here writes: a form can
be printed again at any time and says the same thing, because it is derived from
append-only events and from values fixed at receipt.

Where each form comes from (docs/official-forms.md, "Forms from the records"):

- Mẫu 01: the dossier as received and its ``received`` event (the officer, the legal
  processing time of the case at that moment); the appointment is the original due
  moment (an extension is Mẫu 04's business).
- Mẫu 02: the latest completion request (before receipt) or supplement request (during
  processing). Both may exist once each; the latest is the one in force.
- Mẫu 03, 04, 05: the ``refused``, ``extended`` and ``stopped`` events.
- Mẫu 06: the event log, one row per hand-over (see :func:`control_slip_context`).
- Mẫu 07: the dossiers a receiving agency received in a period, for some fields.

Numbers (``Số: …``) are derived, never stored:

- Mẫu 01 and 06 carry the dossier's rank among the receiving agency's receipts of the
  year: the daily counters of the earlier days of that year (``DossierCodeCounter``, whose
  rows are final once the day is over) plus the sequence in the dossier's code. The same
  rank is the "Số thứ tự" of the tracking book, whose "Quyển số" is the year.
- Mẫu 02–05 carry the event's rank among the events of the same form issued for the
  same agency (the receiving centre; the competent agency for Mẫu 04) since 1 January,
  ordered by time and id. Events are append-only, so the rank cannot change once the
  transactions of that instant have committed.
- Mẫu 07 is left blank for the registry.

The Vietnamese words chosen here (positions, copy types) are printed on the forms: they
are form data like the wording in ``present.py``, not interface text.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Callable, Iterable, Sequence
from decimal import Decimal
from urllib.parse import quote

from django.conf import settings
from django.db.models import Q, QuerySet, Sum
from django.utils import timezone

from motcua.accounts.constants import Role
from motcua.accounts.models import User
from motcua.agencies.constants import AgencyKind
from motcua.agencies.models import Agency
from motcua.catalog.constants import CopyType, DeliveryChannel
from motcua.catalog.models import Field
from motcua.workcalendar.constants import DeadlineUnit

from .. import deadlines
from ..access import returner_agency
from ..constants import EventKind, Timeliness
from ..models import Dossier, DossierCodeCounter, DossierComponent, DossierEvent, DossierStep
from .contexts import (
    ApologyContext,
    BookEntry,
    ControlSlipContext,
    FormContext,
    Handover,
    Letterhead,
    Party,
    ReceiptContext,
    RefusalContext,
    Signatory,
    StopNoticeContext,
    SubmittedComponent,
    SupplementRequestContext,
    TrackingBookContext,
)

# The citizen portal's tracking page (portal issue); the QR code of Mẫu 01 points there.
TRACKING_PATH = "/tra-cuu/{code}/"

SUPPLEMENT_KINDS = (EventKind.INTAKE_SUPPLEMENT_REQUESTED, EventKind.SUPPLEMENT_REQUESTED)

# Events that hand the dossier (or an opinion, or the result) from one unit to another:
# the rows of Mẫu 06.
HANDOVER_KINDS = frozenset(
    {
        EventKind.FORWARDED,
        EventKind.RETURNED_TO_STEP,
        EventKind.ASSIGNED,
        EventKind.CONSULTATION_SENT,
        EventKind.CONSULTATION_ANSWERED,
        EventKind.APPROVED,
        EventKind.NOT_RESOLVED,
    }
)
# Events that show who actually worked at a step: its receiver is the first of them.
_WORK_KINDS = HANDOVER_KINDS | {EventKind.SUPPLEMENT_REQUESTED, EventKind.PAYMENT_REQUESTED}

NOTE_LENGTH = 120  # the "Ghi chú" column of Mẫu 06 is narrow

_COPY_NOTES = {
    CopyType.ORIGINAL: "Bản chính",
    CopyType.COPY: "Bản sao",
    CopyType.CERTIFIED_COPY: "Bản sao có chứng thực",
    CopyType.ORIGINAL_OR_CERTIFIED: "Bản chính hoặc bản sao có chứng thực",
    CopyType.SHOWN: "Bản chính để đối chiếu",
}
# The head of an agency signs as…; deputies ("KT. Giám đốc / Phó Giám đốc") are set by
# editing the DOCX, since a role does not say whether its holder is the head or a deputy.
_HEAD_TITLES = {
    AgencyKind.PROVINCIAL_COMMITTEE: "Chủ tịch",
    AgencyKind.COMMUNE_COMMITTEE: "Chủ tịch",
    AgencyKind.PROVINCIAL_OFFICE: "Chánh Văn phòng",
    AgencyKind.PROVINCIAL_SERVICE_CENTRE: "Giám đốc",
    AgencyKind.COMMUNE_SERVICE_CENTRE: "Giám đốc",
    AgencyKind.DEPARTMENT: "Giám đốc",
}
_ROLE_TITLES = {
    Role.COUNTER_OFFICER: "Người tiếp nhận hồ sơ",
    Role.PROCESSING_OFFICER: "Chuyên viên",
    Role.DEPARTMENT_HEAD: "Trưởng phòng",
    Role.DOCUMENT_CLERK: "Văn thư",
}
_HEAD = "Thủ trưởng cơ quan"
ALL_FIELDS = "Tất cả lĩnh vực"
UNKNOWN = "…………"  # a blank to write in by hand, as on the paper form

_UNIT_PREFIXES = ("Tỉnh ", "Thành phố ", "Xã ", "Phường ", "Đặc khu ")
_CODE = re.compile(r"^(?P<agency>.+)-(?P<day>\d{6})-(?P<sequence>\d{4,})$")
_BULLET = re.compile(r"^\s*(?:[-–•*+]|\d{1,2}[.)])\s*")


# --- the issuing unit --------------------------------------------------------------------


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:]


def _words(text: str) -> str:
    return " ".join(text.split())


def _split_place(agency: Agency) -> tuple[str, str]:
    """("Sở Tư pháp", "tỉnh Vĩnh Long") from "Sở Tư pháp tỉnh Vĩnh Long"; ("UBND", "") when
    the name does not end with its administrative unit."""
    name = _words(agency.name)
    place = _lower_first(_words(agency.administrative_unit.name))
    if len(name) > len(place) and name.casefold().endswith(" " + place.casefold()):
        return name[: -len(place)].rstrip(), name[-len(place) :]
    return name, ""


def place_name(agency: Agency) -> str:
    """The place of the date line (NĐ 30/2020, Phụ lục I): the province or commune name.

    "Tỉnh Vĩnh Long" → "Vĩnh Long", "Xã Cái Nhum" → "Cái Nhum"; a numbered ward
    ("Phường 1") and "Thành phố Hồ Chí Minh" keep their full names.
    """
    name = _words(agency.administrative_unit.name)
    for prefix in _UNIT_PREFIXES:
        if name.casefold().startswith(prefix.casefold()):
            rest = name[len(prefix) :]
            if rest and not rest[0].isdigit() and rest != "Hồ Chí Minh":
                return rest
            return name
    return name


def _plain_capitals(text: str) -> str:
    # Document symbols drop the tone marks but keep Đ (SGDĐT, UBND).
    decomposed = unicodedata.normalize("NFD", text)
    kept = "".join(c for c in decomposed if unicodedata.category(c) != "Mn")
    return unicodedata.normalize("NFC", kept).upper()


def unit_symbol(agency: Agency) -> str:
    """``Agency.abbreviation``; else the initials of the name without its place
    ("Trung tâm Phục vụ hành chính công tỉnh Vĩnh Long" → TTPVHCC), words already in
    capitals kept whole (UBND)."""
    if agency.abbreviation.strip():
        return agency.abbreviation.strip()
    base, _place = _split_place(agency)
    parts = []
    for word in base.split():
        if len(word) > 1 and word.isupper():
            parts.append(word)
        elif word[0].isalpha():
            parts.append(word[0])
    return _plain_capitals("".join(parts)) or agency.code


def parent_body(agency: Agency) -> str:
    """ĐƠN VỊ CHỦ QUẢN: the parent agency (its short name if it has one); without one, the
    People's Committee of the agency's province."""
    parent = agency.parent
    if parent is not None:
        return parent.short_name.strip() or parent.name
    unit = agency.administrative_unit
    province = unit.parent or unit
    return f"UBND {_lower_first(_words(province.name))}"


LETTERHEAD_LINE = 28  # characters of bold capitals that fit the letterhead column


def _two_lines(name: str) -> str:
    """A long unit name broken where its two lines are most even ("Trung tâm Phục vụ" /
    "hành chính công"), as letterheads break them."""
    words = name.split()
    if len(name) <= LETTERHEAD_LINE or len(words) < 2:
        return name
    cut = min(
        range(1, len(words)),
        key=lambda i: max(len(" ".join(words[:i])), len(" ".join(words[i:]))),
    )
    return " ".join(words[:cut]) + "\n" + " ".join(words[cut:])


def letterhead_for(agency: Agency) -> Letterhead:
    """The agency under its parent body. The place is left out of the unit's name when the
    parent line already says it (UBND TỈNH VĨNH LONG / SỞ TƯ PHÁP), else it gets a line."""
    parent = parent_body(agency)
    base, place = _split_place(agency)
    name = _two_lines(base)
    if place and not parent.casefold().endswith(place.casefold()):
        name = f"{name}\n{place}"
    return Letterhead(
        parent=parent, name=name, symbol=unit_symbol(agency), place=place_name(agency)
    )


# --- shared values -----------------------------------------------------------------------


def _person(user) -> str:
    return str(user) if user is not None else ""


def applicant_party(dossier: Dossier) -> Party:
    return Party(
        name=dossier.applicant_name,
        id_number=dossier.applicant_id_number,
        address=dossier.applicant_address,
        phone=dossier.applicant_phone,
        email=dossier.applicant_email,
    )


def representative_party(dossier: Dossier) -> Party | None:
    if not dossier.representative_name.strip():
        return None
    return Party(
        name=dossier.representative_name,
        id_number=dossier.representative_id_number,
        phone=dossier.representative_phone,
    )


def _procedure(dossier: Dossier) -> str:
    return dossier.procedure_version.name


def _request(dossier: Dossier) -> str:
    return dossier.summary.strip() or _procedure(dossier)


def _local_day(moment: dt.datetime) -> dt.date:
    return timezone.localdate(moment)


def _moment(value) -> dt.datetime | None:
    try:
        return dt.datetime.fromisoformat(value) if value else None
    except (TypeError, ValueError):
        return None


def _day(value) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value) if value else None
    except (TypeError, ValueError):
        return None


def _short(text: str, limit: int = NOTE_LENGTH) -> str:
    text = _words(text)
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _lines(text: str) -> tuple[str, ...]:
    """Reasons written one per line ("- …", "1. …") as separate items."""
    lines = tuple(_BULLET.sub("", line).strip() for line in text.splitlines())
    return tuple(line for line in lines if line) or (text.strip(),)


def _last_event(dossier: Dossier, *kinds: str) -> DossierEvent | None:
    return (
        dossier.events.filter(kind__in=kinds)
        .select_related("actor", "actor_agency")
        .order_by("-at", "-pk")
        .first()
    )


def _position(event: DossierEvent) -> str:
    """The signer's position, from the role recorded on the event."""
    if event.actor_role == Role.AGENCY_LEADER:
        kind = event.actor_agency.kind if event.actor_agency is not None else None
        return _HEAD_TITLES.get(kind, _HEAD)
    return _ROLE_TITLES.get(event.actor_role, _HEAD)


def _signatory(event: DossierEvent) -> Signatory:
    return Signatory(position=_position(event), name=_person(event.actor))


# --- numbers -----------------------------------------------------------------------------


def receipt_number(dossier: Dossier) -> int | None:
    """The dossier's rank among its receiving agency's receipts of the year, from its code
    and the daily counters; ``None`` (a blank) for a code not issued by this system."""
    match = _CODE.match(dossier.code or "")
    if match is None:
        return None
    try:
        yymmdd = match["day"]
        day = dt.date(2000 + int(yymmdd[:2]), int(yymmdd[2:4]), int(yymmdd[4:]))
    except ValueError:
        return None
    earlier = DossierCodeCounter.objects.filter(
        agency_code=match["agency"], day__gte=day.replace(month=1, day=1), day__lt=day
    ).aggregate(total=Sum("last"))["total"]
    return (earlier or 0) + int(match["sequence"])


def event_number(event: DossierEvent, kinds: Iterable[str], *, agency_field: str) -> int:
    """The event's rank among the same form's events for the same agency since 1 January."""
    local = timezone.localtime(event.at)
    year_start = local.replace(month=1, day=1, hour=0, minute=0, second=0, microsecond=0)
    agency_id = getattr(event.dossier, f"{agency_field}_id")
    return (
        DossierEvent.objects.filter(
            kind__in=list(kinds),
            at__gte=year_start,
            **{f"dossier__{agency_field}_id": agency_id},
        )
        .filter(Q(at__lt=event.at) | Q(at=event.at, pk__lte=event.pk))
        .count()
    )


# --- Mẫu 01 ------------------------------------------------------------------------------


def tracking_url(code: str) -> str:
    base = settings.PUBLIC_BASE_URL.rstrip("/")
    return base + TRACKING_PATH.format(code=quote(code, safe=""))


def _processing_time(dossier: Dossier, event: DossierEvent | None) -> deadlines.ProcessingTime:
    # The time recorded at receipt is the one promised, whatever the case says today.
    recorded = (event.data if event is not None else {}).get("processing_time") or {}
    try:
        return deadlines.ProcessingTime(
            Decimal(str(recorded["amount"])), DeadlineUnit(recorded["unit"])
        )
    except (KeyError, ValueError, ArithmeticError):
        return deadlines.processing_time(dossier.case, channel=dossier.channel)


def _component_note(dossier: Dossier, row: DossierComponent) -> str:
    online = dossier.channel in deadlines.ONLINE_CHANNELS
    kind = "Bản điện tử" if online else _COPY_NOTES.get(row.component.copy_type, "")
    if row.is_reused:
        kind = f"{kind} (tái sử dụng)" if kind else "Tái sử dụng"
    return "; ".join(part for part in (kind, row.note.strip()) if part)


def _delivery_channel(dossier: Dossier) -> DeliveryChannel:
    for value in (dossier.delivery_channel, *(dossier.case.delivery_channels or [])):
        if value in DeliveryChannel.values:
            return DeliveryChannel(value)
    return DeliveryChannel.COUNTER


def receipt_context(dossier: Dossier) -> ReceiptContext | None:
    """Mẫu 01, once the dossier is received (it has a code)."""
    if not dossier.code or dossier.received_at is None:
        return None
    event = _last_event(dossier, EventKind.RECEIVED)
    time = _processing_time(dossier, event)
    rows = dossier.components.select_related("component").order_by("component__position", "pk")
    channel = _delivery_channel(dossier)
    number = receipt_number(dossier)
    officer = event.actor if event is not None and event.actor is not None else dossier.created_by
    return ReceiptContext(
        letterhead=letterhead_for(dossier.receiving_agency),
        number=number,
        dossier_code=dossier.code,
        tracking_url=tracking_url(dossier.code),
        applicant=applicant_party(dossier),
        representative=representative_party(dossier),
        authorisation=dossier.authorisation,
        request=_request(dossier),
        components=tuple(
            SubmittedComponent(
                name=row.component.name, count=row.copies, note=_component_note(dossier, row)
            )
            for row in rows
        ),
        processing_amount=time.amount,
        processing_unit=time.unit,
        received_at=dossier.received_at,
        due_at=dossier.due_at_original or dossier.due_at,
        delivery_channel=channel,
        delivery_detail=dossier.applicant_address if channel == DeliveryChannel.POST else "",
        officer=_person(officer),
        book_volume=str(_local_day(dossier.received_at).year) if number else "",
        book_entry=number,
    )


# --- Mẫu 02, 03 --------------------------------------------------------------------------


def supplement_request_context(dossier: Dossier) -> SupplementRequestContext | None:
    """Mẫu 02 from the latest completion or supplement request."""
    event = _last_event(dossier, *SUPPLEMENT_KINDS)
    if event is None:
        return None
    receiving = dossier.receiving_agency
    actor, agency = event.actor, event.actor_agency
    contact = _person(actor)
    if agency is not None and agency.pk != receiving.pk:
        contact = f"{contact}, {agency.name}"  # the officer who asked, at another agency
    phones = (actor.phone if actor else "", agency.phone if agency else "", receiving.phone)
    return SupplementRequestContext(
        letterhead=letterhead_for(receiving),
        number=event_number(event, SUPPLEMENT_KINDS, agency_field="receiving_agency"),
        issued_on=_local_day(event.at),
        applicant=applicant_party(dossier),
        request=_request(dossier),
        items=tuple(event.data.get("items") or ()),
        reason=event.note,
        contact_name=contact,
        contact_phone=next((p for p in phones if p.strip()), ""),
        officer=_person(actor),
        dossier_code=dossier.code or "",
    )


def refusal_context(dossier: Dossier) -> RefusalContext | None:
    """Mẫu 03 from the refusal; one reason per line of the officer's text."""
    event = _last_event(dossier, EventKind.REFUSED)
    if event is None:
        return None
    return RefusalContext(
        letterhead=letterhead_for(dossier.receiving_agency),
        number=event_number(event, (EventKind.REFUSED,), agency_field="receiving_agency"),
        issued_on=_local_day(event.at),
        applicant=applicant_party(dossier),
        request=_request(dossier),
        reasons=_lines(event.note),
        officer=_person(event.actor),
        dossier_code=dossier.code or "",
    )


# --- Mẫu 04, 05 --------------------------------------------------------------------------


def apology_context(dossier: Dossier) -> ApologyContext | None:
    """Mẫu 04 from the extension, on the competent agency's letterhead, signed by the
    leader who extended; the one-stop centre gets a copy."""
    event = _last_event(dossier, EventKind.EXTENDED)
    if event is None or not dossier.code:
        return None
    competent, receiving = dossier.competent_agency, dossier.receiving_agency
    return ApologyContext(
        letterhead=letterhead_for(competent),
        number=event_number(event, (EventKind.EXTENDED,), agency_field="competent_agency"),
        issued_on=_local_day(event.at),
        applicant=applicant_party(dossier),
        dossier_code=dossier.code,
        procedure=_procedure(dossier),
        receiving_unit=receiving.name,
        received_at=dossier.received_at,
        due_at=_moment(event.data.get("previous_due_at")) or dossier.due_at_original,
        reason=event.note,
        new_due_at=_moment(event.data.get("due_at")) or dossier.due_at,
        signer=_signatory(event),
        copies_to=(receiving.name,) if receiving.pk != competent.pk else (),
    )


def stop_notice_context(dossier: Dossier) -> StopNoticeContext | None:
    """Mẫu 05 from the stop, issued by the one-stop centre; the competent agency gets a copy."""
    event = _last_event(dossier, EventKind.STOPPED)
    if event is None or not dossier.code:
        return None
    competent, receiving = dossier.competent_agency, dossier.receiving_agency
    issued_on = _local_day(event.at)
    return StopNoticeContext(
        letterhead=letterhead_for(receiving),
        number=event_number(event, (EventKind.STOPPED,), agency_field="receiving_agency"),
        issued_on=issued_on,
        applicant=applicant_party(dossier),
        dossier_code=dossier.code,
        procedure=_procedure(dossier),
        received_at=dossier.received_at,
        requested_on=_day(event.data.get("requested_on")) or issued_on,
        reason=event.note,
        signer=_signatory(event),
        copies_to=(competent.name,) if receiving.pk != competent.pk else (),
    )


# --- Mẫu 06 ------------------------------------------------------------------------------


def _step_unit(step: DossierStep) -> str:
    if step.department is not None:
        return f"{step.department.name} - {step.agency.name}"
    return step.agency.name


def _unit(step: DossierStep | None, event: DossierEvent) -> str:
    if step is None:
        return event.actor_agency.name if event.actor_agency is not None else UNKNOWN
    return _step_unit(step)


class _Log:
    """The dossier's events and steps in memory, to pair each hand-over with its receiver."""

    def __init__(self, dossier: Dossier) -> None:
        self.dossier = dossier
        self.events = list(
            dossier.events.select_related("actor", "actor_agency").order_by("at", "pk")
        )
        self.steps = {
            step.pk: step
            for step in dossier.steps.select_related("agency", "department", "assignee")
        }
        assigned = [e.data.get("assignee") for e in self.events if e.kind == EventKind.ASSIGNED]
        self.users = User.objects.in_bulk([pk for pk in assigned if isinstance(pk, int)])
        self._returner: str | None = None

    def step(self, pk) -> DossierStep | None:
        return self.steps.get(pk) if isinstance(pk, int) else None

    def receiver(self, step: DossierStep | None, after: int) -> str:
        """Who took the dossier at ``step``: the first person who worked there after the
        hand-over; else the step's officer, department or agency."""
        if step is None:
            return ""
        for event in self.events[after + 1 :]:
            if event.step_id == step.pk and event.kind in _WORK_KINDS and event.actor_id:
                return _person(event.actor)
        if step.assignee is not None:
            return _person(step.assignee)
        return _step_unit(step)

    def result_receiver(self, after: int) -> str:
        """The unit returning the result: the officer who delivered it, once delivered."""
        for event in self.events[after + 1 :]:
            if event.kind == EventKind.DELIVERED and event.actor_id:
                return _person(event.actor)
        if self._returner is None:
            self._returner = returner_agency(self.dossier).name
        return self._returner

    def handovers(self) -> list[Handover]:
        rows: list[Handover] = []
        for index, event in enumerate(self.events):
            if event.kind in HANDOVER_KINDS:
                rows.extend(self._rows(index, event))
        return rows

    def _rows(self, index: int, event: DossierEvent) -> Iterable[Handover]:
        step = self.step(event.step_id)
        data = event.data or {}

        def row(receiver: str, *, timeliness: str = "", note: str = "") -> Handover:
            unit = _unit(step, event)
            return Handover(
                unit=unit,
                giver=_person(event.actor) or unit,
                receiver=receiver or UNKNOWN,
                at=event.at,
                timeliness=Timeliness(timeliness) if timeliness else None,
                note=_short(note),
            )

        kind = event.kind
        if kind in (EventKind.FORWARDED, EventKind.RETURNED_TO_STEP):
            to = self.step(data.get("to_step"))
            yield row(self.receiver(to, index), timeliness=event.step_timeliness, note=event.note)
        elif kind == EventKind.ASSIGNED:
            user = self.users.get(data.get("assignee"))
            if user is not None:
                receiver = _person(user)
            elif step is not None and step.department is not None:
                receiver = step.department.name
            else:
                receiver = ""
            yield row(receiver, note=event.note)
        elif kind == EventKind.CONSULTATION_SENT:
            for sent in data.get("consultations") or ():
                asked = self.step(sent.get("step"))
                yield row(self.receiver(asked, index), note=event.note)
        elif kind == EventKind.CONSULTATION_ANSWERED:
            lead = self.step(step.consulted_from_id) if step is not None else None
            yield row(self.receiver(lead, index), timeliness=event.step_timeliness)
        else:  # approved or not resolved: the result goes to the unit that returns it
            yield row(self.result_receiver(index), timeliness=event.step_timeliness)


def control_slip_context(dossier: Dossier) -> ControlSlipContext | None:
    """Mẫu 06 from the event log, once the dossier has been handed over at least once.

    One row per hand-over: a forward or return between steps (result: the timeliness of
    the step handed over), an assignment within the agency, each agency consulted and
    each answer (result: the consultation step's timeliness), and the decision that
    sends the result to the unit returning it (result: the last step's timeliness). The
    receiver is the first person who worked at the receiving step after the hand-over.
    """
    if not dossier.code or dossier.received_at is None:
        return None
    log = _Log(dossier)
    rows = log.handovers()
    if not rows:
        return None
    lead = {dossier.receiving_agency_id, dossier.competent_agency_id}
    coordinating: list[str] = []
    for step in sorted(log.steps.values(), key=lambda s: (s.position, s.pk)):
        if step.agency_id not in lead and step.agency.name not in coordinating:
            coordinating.append(step.agency.name)
    return ControlSlipContext(
        letterhead=letterhead_for(dossier.receiving_agency),
        number=receipt_number(dossier),
        issued_on=_local_day(dossier.received_at),
        dossier_code=dossier.code,
        handling_agency=dossier.competent_agency.name,
        received_at=dossier.received_at,
        due_at=dossier.due_at,
        handovers=tuple(rows),
        coordinating_agencies=tuple(coordinating),
    )


# --- Mẫu 07 ------------------------------------------------------------------------------


def _day_start(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


def tracking_book_dossiers(
    *, agency: Agency, fields: Sequence[Field] = (), start: dt.date, end: dt.date
) -> QuerySet[Dossier]:
    """The dossiers ``agency`` received from ``start`` to ``end`` (inclusive, local dates),
    in the given fields (all when empty), in order of receipt."""
    queryset = Dossier.objects.filter(
        receiving_agency=agency,
        code__isnull=False,
        received_at__gte=_day_start(start),
        received_at__lt=_day_start(end + dt.timedelta(days=1)),
    )
    if fields:
        queryset = queryset.filter(procedure_version__procedure__field__in=list(fields))
    return queryset.select_related("procedure_version", "competent_agency").order_by(
        "received_at", "pk"
    )


def _book_entry(dossier: Dossier) -> BookEntry:
    channel = dossier.delivery_channel
    return BookEntry(
        dossier_code=dossier.code,
        procedure=_procedure(dossier),
        applicant_name=dossier.applicant_name,
        applicant_address=dossier.applicant_address,
        applicant_phone=dossier.applicant_phone,
        lead_agency=dossier.competent_agency.name,
        received_at=dossier.received_at,
        due_at=dossier.due_at,
        returned_at=dossier.returned_at,
        delivery_channel=channel if channel in DeliveryChannel.values else None,
    )


def tracking_book_context(
    *,
    agency: Agency,
    fields: Sequence[Field] = (),
    start: dt.date,
    end: dt.date,
    dossiers: Iterable[Dossier] | None = None,
) -> TrackingBookContext:
    """Mẫu 07 of ``agency`` for ``fields`` (a field or a group; all when empty) and a
    period. The volume is the year when the period lies within one year."""
    if dossiers is None:
        dossiers = tracking_book_dossiers(agency=agency, fields=fields, start=start, end=end)
    return TrackingBookContext(
        letterhead=letterhead_for(agency),
        number=None,
        field_name="; ".join(field.name for field in fields) or ALL_FIELDS,
        period_start=start,
        period_end=end,
        entries=tuple(_book_entry(dossier) for dossier in dossiers),
        volume=str(start.year) if start.year == end.year else "",
    )


# --- the forms of one dossier ------------------------------------------------------------

DOSSIER_FORMS: dict[str, Callable[[Dossier], FormContext | None]] = {
    "mau01": receipt_context,
    "mau02": supplement_request_context,
    "mau03": refusal_context,
    "mau04": apology_context,
    "mau05": stop_notice_context,
    "mau06": control_slip_context,
}
