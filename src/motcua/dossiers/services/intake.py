"""Intake (tiếp nhận): submission, the counter's check, receipt with code and due moment,
completion requested once before receipt, refusal, withdrawal.

Which procedure version applies: the one in force on the day the dossier is submitted
(or received, at the counter). A dossier submitted online keeps that version even if the
procedure is amended before the counter accepts it: the applicant prepared it under
those rules.

Where a dossier may be received (NĐ 118/2025 Điều 14, 17):

- the competent agency must be one the version names;
- a version marked "independent of the administrative boundary" may be received by any
  centre of the same province as the competent agency (the law's scope is the province);
- any other version only by a centre of the same administrative unit as the competent
  agency: a commune's procedures at that commune's centre, a province's at the
  provincial centre and its branches.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import ProtectedError
from django.utils import timezone
from django.utils.translation import gettext as _

from motcua.accounts.models import User
from motcua.agencies.models import Agency
from motcua.catalog.constants import Handling, OnlineLevel
from motcua.catalog.models import Component
from motcua.catalog.selectors import version_in_force

from .. import deadlines
from ..access import APPLICANT_KINDS, Actor, intake_actor
from ..constants import (
    Channel,
    DigitisationStatus,
    DossierStatus,
    EventKind,
    PaymentStatus,
    SyncStatus,
)
from ..error_codes import DossierError, DossierErrorCode
from ..inputs import Application, ComponentInput
from ..models import Dossier, DossierComponent
from ..validation import (
    applicant_check,
    components_check,
    form_data_check,
    not_in_future,
    text_required,
)
from ..workflow import Action
from .codes import dossier_code_issue
from .steps import calendar_for, steps_instantiate
from .transitions import calendar_guard, event_write, transition

ONE_STEP_CHANNELS = frozenset({Channel.COUNTER, Channel.POST})


def _province_id(agency: Agency) -> int:
    unit = agency.administrative_unit
    return unit.parent_id or unit.pk


def _boundary_check(version, receiving: Agency, competent: Agency) -> None:
    if version.boundary_free:
        if _province_id(receiving) != _province_id(competent):
            why = _("the procedure is received regardless of boundary only within the province.")
        else:
            return
    elif receiving.administrative_unit_id != competent.administrative_unit_id:
        why = _(
            "the procedure is not on the list received regardless of administrative "
            "boundary, so it is received where the competent agency is."
        )
    else:
        return
    raise DossierError(
        DossierErrorCode.OUTSIDE_BOUNDARY,
        receiving=receiving.name,
        competent=competent.name,
        why=why,
    )


def _application_check(
    application: Application, *, user, channels: frozenset[str], now: dt.datetime
) -> dict[str, Any]:
    """Every rule of intake, checked before anything is written; the dossier's values."""
    today = timezone.localdate(now)
    case = application.case
    version = case.version
    channel = application.channel
    if channel not in channels:
        raise DossierError(
            DossierErrorCode.CHANNEL_NOT_ALLOWED,
            channel=Channel(channel).label if channel in Channel.values else channel,
        )
    if version.handling == Handling.MINISTRY_SYSTEM:
        raise DossierError(DossierErrorCode.HANDLED_ELSEWHERE)
    in_force = version_in_force(version.procedure, on=today)
    if in_force is None or in_force.pk != version.pk:
        raise DossierError(DossierErrorCode.VERSION_NOT_IN_FORCE)
    online = channel in deadlines.ONLINE_CHANNELS
    if online and case.online_level == OnlineLevel.NONE:
        raise DossierError(DossierErrorCode.CHANNEL_NOT_ALLOWED, channel=Channel(channel).label)
    receiving, competent = application.receiving_agency, application.competent_agency
    for agency in (receiving, competent):
        if not agency.is_valid_on(today):
            raise DossierError(DossierErrorCode.AGENCY_NOT_IN_FORCE, agency=agency.name)
    if not version.competent_agencies.filter(pk=competent.pk).exists():
        raise DossierError(DossierErrorCode.AGENCY_NOT_COMPETENT, agency=competent.name)
    _boundary_check(version, receiving, competent)
    if not case.steps.exists():
        raise DossierError(DossierErrorCode.WORKFLOW_MISSING)
    applicant = applicant_check(application.applicant, today=today)
    if channel == Channel.ONLINE and user.identification_number not in (
        applicant.id_number,
        applicant.representative_id_number,
    ):
        raise DossierError(DossierErrorCode.NOT_THE_APPLICANT)
    components = components_check(case, application.components)
    form_data = form_data_check(case, application.form_data, today=today)
    delivery = application.delivery_channel.strip()
    if delivery and delivery not in (case.delivery_channels or []):
        raise DossierError(DossierErrorCode.DELIVERY_CHANNEL_NOT_ALLOWED, channel=delivery)
    not_in_future(application.submitted_at, now=now, what=_("The submission time"))
    alternative_code = application.alternative_code.strip()
    if channel == Channel.NATIONAL_PORTAL and not alternative_code:
        raise DossierError(DossierErrorCode.ALTERNATIVE_CODE_REQUIRED)
    if channel == Channel.ONLINE:
        owner = user
    else:
        # A citizen with an account can follow a dossier handed in at the counter.
        owner = User.objects.filter(
            identification_number=applicant.id_number, kind__in=APPLICANT_KINDS, is_active=True
        ).first()
    return {
        "procedure_version": version,
        "case": case,
        "channel": channel,
        "receiving_agency": receiving,
        "competent_agency": competent,
        "current_agency": receiving,
        "owner": owner,
        "applicant_kind": applicant.kind,
        "applicant_name": applicant.name,
        "applicant_id_number": applicant.id_number,
        "applicant_phone": applicant.phone,
        "applicant_email": applicant.email,
        "applicant_address": applicant.address,
        "applicant_unit": applicant.unit,
        "applicant_unit_source": applicant.unit_source,
        "representative_name": applicant.representative_name,
        "representative_id_number": applicant.representative_id_number,
        "representative_phone": applicant.representative_phone,
        "authorisation": applicant.authorisation,
        "summary": application.summary.strip() or version.name,
        "form_data": form_data,
        "delivery_channel": delivery,
        "alternative_code": alternative_code,
        "supplement_clock": version.supplement_clock,
        "sync_status": (
            SyncStatus.PENDING if channel == Channel.NATIONAL_PORTAL else SyncStatus.NOT_REQUIRED
        ),
        "_components": components,
    }


def components_save(
    dossier: Dossier, chosen: list[tuple[Component, ComponentInput]], *, electronic: bool
) -> None:
    """Make the dossier's components exactly ``chosen``, keeping rows (and their files) that stay."""
    existing = {row.component_id: row for row in dossier.components.all()}
    keep = {component.pk for component, _ in chosen}
    try:
        with transaction.atomic():
            dossier.components.exclude(component_id__in=keep).delete()
    except ProtectedError as error:  # scans are stored against it (documents app)
        raise DossierError(DossierErrorCode.COMPONENT_HAS_FILES) from error
    for component, item in chosen:
        row = existing.get(component.pk) or DossierComponent(dossier=dossier, component=component)
        _component_fill(row, item, electronic=electronic)
        row.save()


def _component_fill(
    row: DossierComponent, item: ComponentInput, *, electronic: bool
) -> DossierComponent:
    row.copies = item.copies
    # Handed in electronically, a component needs no scanning (TT 03/2025 Điều 5.2).
    row.is_digitised = item.is_digitised or electronic
    row.is_reused = item.is_reused
    row.note = item.note.strip()
    return row


def digitisation_status(dossier: Dossier) -> DigitisationStatus:
    """The dossier's digitisation track (766 index, group "Số hóa"), from its components.

    Components that need no scan (only shown, or not required by the catalogue) do not
    count; a dossier with nothing to scan keeps the status it has.
    """
    rows = dossier.components.select_related("component")
    return _digitisation_of(
        [(row.component, row.is_digitised) for row in rows], dossier.digitisation_status
    )


def _digitisation_of(rows: Sequence[tuple[Component, bool]], current: str) -> DigitisationStatus:
    flags = [digitised for component, digitised in rows if component.needs_digitisation]
    if not flags:
        return DigitisationStatus(current)
    if all(flags):
        return DigitisationStatus.DIGITISED
    if any(flags):
        return DigitisationStatus.PARTIAL
    return DigitisationStatus.NOT_DIGITISED


def _idempotent(user, key: str | None, application: Application) -> Dossier | None:
    if not key:
        return None
    found = Dossier.objects.filter(created_by=user, idempotency_key=key).first()
    if found is not None and found.case_id != application.case.pk:
        raise DossierError(DossierErrorCode.IDEMPOTENCY_CONFLICT)
    return found


def _create(values: dict[str, Any], *, user, key: str | None, status: DossierStatus) -> Dossier:
    """Insert the dossier; a concurrent retry with the same key finds the first one."""
    fields = {k: v for k, v in values.items() if not k.startswith("_")}
    dossier = Dossier(**fields, status=status, created_by=user, idempotency_key=key or None)
    # A new dossier has no rows to keep: its components are known before it is written,
    # so its digitisation track goes in with the insert and the components in one more.
    electronic = values["channel"] in deadlines.ONLINE_CHANNELS
    rows = [
        _component_fill(DossierComponent(component=component), item, electronic=electronic)
        for component, item in values["_components"]
    ]
    dossier.digitisation_status = _digitisation_of(
        [(row.component, row.is_digitised) for row in rows], dossier.digitisation_status
    )
    try:
        with transaction.atomic():
            dossier.save()
    except IntegrityError:
        if key:
            found = Dossier.objects.filter(created_by=user, idempotency_key=key).first()
            if found is not None:
                return found
        raise
    for row in rows:
        row.dossier = dossier
    DossierComponent.objects.bulk_create(rows)
    return dossier


@transaction.atomic
def dossier_submit(
    *, application: Application, user, idempotency_key: str | None = None
) -> Dossier:
    """Open a dossier awaiting the counter's check (national status 1).

    Online the applicant's own account submits (or their authorised representative's);
    national-portal, post and counter arrivals are registered by a counter officer of the
    receiving centre. A retry with the same ``idempotency_key`` returns the first dossier.
    """
    online = application.channel == Channel.ONLINE
    actor = intake_actor(
        user, Action.SUBMIT, receiving_agency=application.receiving_agency, online=online
    )
    existing = _idempotent(user, idempotency_key, application)
    if existing is not None:
        return existing
    now = timezone.now()
    channels = frozenset({Channel.ONLINE}) if online else frozenset(Channel) - {Channel.ONLINE}
    values = _application_check(application, user=user, channels=channels, now=now)
    values["submitted_at"] = application.submitted_at or now
    dossier = _create(values, user=user, key=idempotency_key, status=DossierStatus.SUBMITTED)
    if not dossier.events.exists():
        event_write(
            dossier=dossier,
            kind=EventKind.SUBMITTED,
            actor=actor,
            at=now,
            to_status=DossierStatus.SUBMITTED,
            data={"channel": dossier.channel},
        )
    return dossier


def _receive(dossier: Dossier, *, now: dt.datetime) -> dict[str, Any]:
    """Code, due moments and steps of a dossier received now; the fields to save."""
    code = dossier_code_issue(agency=dossier.receiving_agency, day=timezone.localdate(now))
    time = deadlines.processing_time(dossier.case, channel=dossier.channel)
    due = deadlines.dossier_due_at(calendar_for(dossier.receiving_agency), now, time)
    first = steps_instantiate(dossier, received_at=now)
    return {
        "code": code,
        "received_at": now,
        "due_at_original": due,
        "due_at": due,
        "current_step": first,
        "current_agency": first.agency,
    }


def _receipt_data(dossier: Dossier) -> dict[str, Any]:
    time = deadlines.processing_time(dossier.case, channel=dossier.channel)
    return {
        "code": dossier.code,
        "due_at": deadlines.iso(dossier.due_at),
        "processing_time": {"amount": str(time.amount), "unit": time.unit},
        "first_step": dossier.current_step.name,
    }


def dossier_accept(
    *,
    user,
    dossier: Dossier | None = None,
    application: Application | None = None,
    components: Sequence[ComponentInput] | None = None,
    fee_paid: bool = False,
    note: str = "",
    idempotency_key: str | None = None,
) -> Dossier:
    """Receive a dossier: issue its code and receipt (Mẫu 01), start its clock and steps.

    Either a submitted ``dossier`` the counter has checked (its components may be
    corrected with ``components``), or an ``application`` handed in at the counter or by
    post, received in one step (a retry with the same ``idempotency_key`` returns the
    dossier received the first time). ``fee_paid`` records a fee collected at the counter.
    """
    if (dossier is None) == (application is None):
        raise TypeError("Give either a submitted dossier or an application.")
    if dossier is not None:
        with transition(
            dossier=dossier, action=Action.ACCEPT, user=user, kind=EventKind.RECEIVED
        ) as c:
            if components is not None:
                chosen = components_check(c.dossier.case, components)
                components_save(
                    c.dossier, chosen, electronic=c.dossier.channel in deadlines.ONLINE_CHANNELS
                )
                c.set(digitisation_status=digitisation_status(c.dossier))
            c.set(**_receive(c.dossier, now=c.now))
            if fee_paid:
                c.set(payment_status=PaymentStatus.PAID)
            c.to_status = DossierStatus.RECEIVED
            c.note = note.strip()
            c.data = _receipt_data(c.dossier)
            c.about_step(c.dossier.current_step)
        return c.dossier
    return _accept_application(
        application, user=user, fee_paid=fee_paid, note=note, idempotency_key=idempotency_key
    )


@transaction.atomic
def _accept_application(
    application: Application, *, user, fee_paid: bool, note: str, idempotency_key: str | None
) -> Dossier:
    actor: Actor = intake_actor(
        user, Action.ACCEPT, receiving_agency=application.receiving_agency, online=False
    )
    existing = _idempotent(user, idempotency_key, application)
    if existing is not None:
        return existing
    with calendar_guard():
        now = timezone.now()
        values = _application_check(application, user=user, channels=ONE_STEP_CHANNELS, now=now)
        values["submitted_at"] = now
        if fee_paid:
            values["payment_status"] = PaymentStatus.PAID
        dossier = _create(values, user=user, key=idempotency_key, status=DossierStatus.RECEIVED)
        if dossier.code:  # a concurrent retry already received it
            return dossier
        received = _receive(dossier, now=now)
        for name, value in received.items():
            setattr(dossier, name, value)
        dossier.save(update_fields=[*received, "updated_at"])
    event_write(
        dossier=dossier,
        kind=EventKind.RECEIVED,
        actor=actor,
        at=now,
        to_status=DossierStatus.RECEIVED,
        note=note.strip(),
        data={"channel": dossier.channel, **_receipt_data(dossier)},
        step=dossier.current_step,
        step_due_at=dossier.current_step.due_at,
    )
    return dossier


def dossier_request_completion(
    *, dossier: Dossier, user, items: Sequence[str], reason: str
) -> Dossier:
    """Ask, once and before receipt, for everything missing (Mẫu 02); the clock has not started."""
    with transition(
        dossier=dossier,
        action=Action.REQUEST_COMPLETION,
        user=user,
        kind=EventKind.INTAKE_SUPPLEMENT_REQUESTED,
    ) as c:
        earlier = c.dossier.events.filter(kind=EventKind.INTAKE_SUPPLEMENT_REQUESTED).first()
        if earlier is not None:
            raise DossierError(
                DossierErrorCode.ALREADY_REQUESTED,
                date=timezone.localtime(earlier.at).strftime("%d/%m/%Y"),
            )
        listed = [item.strip() for item in items if item and item.strip()]
        if not listed:
            raise DossierError(DossierErrorCode.ITEMS_REQUIRED)
        c.note = text_required(reason)
        c.data = {"items": listed}
        c.to_status = DossierStatus.AWAITING_COMPLETION
    return c.dossier


def dossier_submit_completion(
    *,
    dossier: Dossier,
    user,
    components: Sequence[ComponentInput] | None = None,
    form_data: dict[str, Any] | None = None,
    note: str = "",
) -> Dossier:
    """The completed dossier comes back to the counter to be checked again."""
    with transition(
        dossier=dossier,
        action=Action.SUBMIT_COMPLETION,
        user=user,
        kind=EventKind.COMPLETION_SUBMITTED,
    ) as c:
        today = timezone.localdate(c.now)
        if components is not None:
            chosen = components_check(c.dossier.case, components)
            components_save(
                c.dossier, chosen, electronic=c.dossier.channel in deadlines.ONLINE_CHANNELS
            )
            c.set(digitisation_status=digitisation_status(c.dossier))
        if form_data is not None:
            c.set(form_data=form_data_check(c.dossier.case, form_data, today=today))
        c.note = note.strip()
        c.to_status = DossierStatus.SUBMITTED
    return c.dossier


def dossier_refuse(*, dossier: Dossier, user, reasons: str) -> Dossier:
    """Refuse to receive (Mẫu 03): not eligible or not within this centre's remit."""
    with transition(dossier=dossier, action=Action.REFUSE, user=user, kind=EventKind.REFUSED) as c:
        c.note = text_required(reasons)
        c.set(closed_at=c.now)
        c.to_status = DossierStatus.REFUSED
    return c.dossier


def dossier_withdraw(*, dossier: Dossier, user, reason: str = "") -> Dossier:
    """The applicant takes back a dossier not yet received (national status 7)."""
    with transition(
        dossier=dossier, action=Action.WITHDRAW, user=user, kind=EventKind.WITHDRAWN
    ) as c:
        c.note = reason.strip()
        c.set(closed_at=c.now)
        c.to_status = DossierStatus.WITHDRAWN
    return c.dossier
