"""The one path every change of an existing dossier takes.

``transition`` opens a transaction, locks the dossier row (``SELECT … FOR UPDATE``; on
SQLite the IMMEDIATE transaction already holds the database's write lock), checks that
the user may take the action (``access.dossier_actor``) and that the rule allows it from
the current state, then hands a :class:`Change` to the service. When the service's block
ends, the change saves exactly the fields it touched and writes one ``DossierEvent`` in
the same transaction. Any ``DossierError`` raised in the block rolls everything back.

Two officers acting at once queue on the row lock; the second then sees the state the
first left and gets ``INVALID_TRANSITION`` naming it, never a silent double change.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.utils import timezone

import structlog

from motcua.workcalendar.engine import CalendarRangeError

from ..access import Actor, dossier_actor
from ..constants import DossierStatus, EventKind, SyncStatus
from ..error_codes import DossierError, DossierErrorCode
from ..models import Dossier, DossierEvent, DossierStep
from ..signals import dossier_event_written
from ..workflow import ACTION_LABELS, RULES, Action, Rule

log = structlog.get_logger("motcua.dossiers")


@dataclass
class Change:
    """What a service does to a locked dossier; saved and logged when its block ends."""

    dossier: Dossier
    rule: Rule
    actor: Actor
    now: dt.datetime
    kind: EventKind
    from_status: str
    to_status: str | None = None
    note: str = ""
    data: dict[str, Any] = field(default_factory=dict)
    step: DossierStep | None = None
    step_due_at: dt.datetime | None = None
    step_timeliness: str = ""
    consultation: DossierStep | None = None
    fields: set[str] = field(default_factory=set)

    def set(self, **values: Any) -> None:
        for name, value in values.items():
            setattr(self.dossier, name, value)
            self.fields.add(name)

    def about_step(self, step: DossierStep | None) -> None:
        """The event concerns ``step``: record its due moment and, if finished, its timeliness."""
        self.step = step
        if step is not None:
            self.step_due_at = step.due_at
            self.step_timeliness = step.timeliness


def event_write(
    *,
    dossier: Dossier,
    kind: EventKind,
    actor: Actor,
    at: dt.datetime,
    from_status: str = "",
    to_status: str = "",
    note: str = "",
    data: dict[str, Any] | None = None,
    step: DossierStep | None = None,
    step_due_at: dt.datetime | None = None,
    step_timeliness: str = "",
) -> DossierEvent:
    event = DossierEvent.objects.create(
        dossier=dossier,
        kind=kind,
        from_status=from_status,
        to_status=to_status,
        actor=actor.user if actor.user is not None and actor.user.is_authenticated else None,
        actor_role=actor.role,
        actor_agency=actor.agency,
        at=at,
        note=note,
        data=data or {},
        step=step,
        step_due_at=step_due_at,
        step_timeliness=step_timeliness,
    )
    dossier_event_written.send(sender=DossierEvent, event=event)
    log.info(
        "dossier_event",
        dossier_id=dossier.pk,
        code=dossier.code,
        kind=kind,
        from_status=from_status,
        to_status=to_status,
        actor_id=event.actor_id,
        role=actor.role,
    )
    return event


def _commit(change: Change) -> None:
    dossier = change.dossier
    to_status = change.to_status or change.from_status
    if to_status not in change.rule.targets:
        raise AssertionError(f"{change.rule.action} cannot lead to {to_status}")
    if to_status != change.from_status:
        change.set(status=to_status)
        if dossier.sync_status != SyncStatus.NOT_REQUIRED:
            change.set(sync_status=SyncStatus.PENDING)
    if change.fields:
        dossier.save(update_fields=sorted(change.fields | {"updated_at"}))
    event_write(
        dossier=dossier,
        kind=change.kind,
        actor=change.actor,
        at=change.now,
        from_status=change.from_status,
        to_status=to_status,
        note=change.note,
        data=change.data,
        step=change.step,
        step_due_at=change.step_due_at,
        step_timeliness=change.step_timeliness,
    )


def dossier_lock(dossier_id: int) -> Dossier:
    try:
        return (
            Dossier.objects.select_for_update(of=("self",))
            .select_related(
                "case",
                "procedure_version",
                "receiving_agency",
                "competent_agency",
                "current_agency",
                "current_step__agency",
            )
            .get(pk=dossier_id)
        )
    except Dossier.DoesNotExist:
        raise DossierError(DossierErrorCode.NOT_FOUND) from None


@contextmanager
def calendar_guard() -> Iterator[None]:
    """A moment beyond the loaded calendar becomes a clear error, not a crash."""
    try:
        yield
    except CalendarRangeError as error:
        raise DossierError(
            DossierErrorCode.CALENDAR_UNAVAILABLE, date=str(error.last_year + 1)
        ) from error


@contextmanager
def transition(
    *,
    dossier: Dossier | int,
    action: Action,
    user,
    kind: EventKind,
    consultation: DossierStep | None = None,
) -> Iterator[Change]:
    """Lock, authorise, check the state, let the caller change the dossier, save and log."""
    dossier_id = dossier if isinstance(dossier, int) else dossier.pk
    rule = RULES[action]
    with transaction.atomic(), calendar_guard():
        locked = dossier_lock(dossier_id)
        if consultation is not None:
            consultation = (
                locked.steps.filter(pk=consultation.pk, consulted_from__isnull=False)
                .select_related("agency")
                .first()
            )
            if consultation is None:
                raise DossierError(DossierErrorCode.NOT_FOUND)
        # Permission before state: someone without a say learns nothing about the state.
        actor = dossier_actor(user, locked, action, consultation=consultation)
        if locked.status not in rule.sources:
            raise DossierError(
                DossierErrorCode.INVALID_TRANSITION,
                action=ACTION_LABELS[action],
                status=DossierStatus(locked.status).label,
            )
        change = Change(
            dossier=locked,
            rule=rule,
            actor=actor,
            now=timezone.now(),
            kind=kind,
            from_status=locked.status,
            consultation=consultation,
        )
        yield change
        _commit(change)
