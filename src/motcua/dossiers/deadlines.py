"""Deadline arithmetic of a dossier: pure functions over a ``WorkCalendar``, no ORM, no clock.

Assumptions (docs/dossiers.md explains them with examples):

- The legal time of a dossier is its case's processing time, or the case's online time
  when the dossier came through an online channel and the case has one.
- The dossier's due moment is computed with the receiving centre's calendar (the
  appointment on the receipt is the centre's promise); a step's due moment with the
  calendar of the agency performing it.
- A step's due moment is its start plus its template hours of working time.
- A paused clock (supplement, payment) adds back the working time that passed while it
  waited: new due = due + office time between the pause and the resumption. A restarted
  clock gives the full legal time again from the resumption, as at receipt (cut-off
  included). ``none`` leaves the due moment where it was.
- A dossier is early, on time or late by comparing the *date* it was resolved with its
  due *date* (Vietnam time), as the national 766 index does. A step is late when it
  finished after its due moment, early when it finished on an earlier date, and on time
  otherwise: steps are budgeted in hours, so a date alone would hide lateness.
- The apology and extension (Mẫu 04) is due at the latest on the last working day
  before the due date.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from motcua.catalog.constants import SupplementClock
from motcua.workcalendar.constants import DeadlineUnit
from motcua.workcalendar.engine import VN_TZ, WorkCalendar

from .constants import Channel, Timeliness

ONLINE_CHANNELS = frozenset({Channel.ONLINE, Channel.NATIONAL_PORTAL})


@dataclass(frozen=True)
class ProcessingTime:
    amount: Decimal
    unit: DeadlineUnit


def processing_time(case, *, channel: str) -> ProcessingTime:
    """The legal time of ``case`` for a dossier that came through ``channel``."""
    if (
        channel in ONLINE_CHANNELS
        and case.online_processing_amount is not None
        and case.online_processing_unit
    ):
        return ProcessingTime(
            Decimal(case.online_processing_amount), DeadlineUnit(case.online_processing_unit)
        )
    return ProcessingTime(Decimal(case.processing_amount), DeadlineUnit(case.processing_unit))


def dossier_due_at(
    calendar: WorkCalendar, received_at: dt.datetime, time: ProcessingTime
) -> dt.datetime:
    return calendar.due_at(received_at, time.amount, time.unit)


def step_due_at(calendar: WorkCalendar, started_at: dt.datetime, hours: Decimal) -> dt.datetime:
    return calendar.add_working_time(
        started_at, dt.timedelta(microseconds=int(Decimal(hours) * 3_600_000_000))
    )


def resumed_due_at(
    calendar: WorkCalendar,
    *,
    policy: str,
    due_at: dt.datetime,
    paused_at: dt.datetime,
    resumed_at: dt.datetime,
    time: ProcessingTime,
) -> dt.datetime:
    """The due moment after a wait for the citizen, under the clock ``policy``."""
    if policy == SupplementClock.RESTART:
        return dossier_due_at(calendar, resumed_at, time)
    if policy == SupplementClock.PAUSE:
        waited = calendar.working_time_between(paused_at, resumed_at)
        # No office time passed (evening, weekend): the due moment stays exactly as it was.
        return calendar.add_working_time(due_at, waited) if waited > dt.timedelta(0) else due_at
    return due_at


def shifted_step_due_at(
    calendar: WorkCalendar,
    *,
    policy: str,
    due_at: dt.datetime,
    paused_at: dt.datetime,
    resumed_at: dt.datetime,
    hours: Decimal,
) -> dt.datetime:
    """The current step's due moment after a wait: shifted by a pause, renewed by a restart."""
    if policy == SupplementClock.RESTART:
        return step_due_at(calendar, calendar.clock_start(resumed_at), hours)
    if policy == SupplementClock.PAUSE:
        waited = calendar.working_time_between(paused_at, resumed_at)
        return calendar.add_working_time(due_at, waited) if waited > dt.timedelta(0) else due_at
    return due_at


def iso(moment: dt.datetime) -> str:
    """A moment as Vietnam-time ISO 8601, as event details store it."""
    return moment.astimezone(VN_TZ).isoformat()


def local_date(moment: dt.datetime) -> dt.date:
    return moment.astimezone(VN_TZ).date()


def timeliness_by_date(finished_at: dt.datetime, due_at: dt.datetime) -> Timeliness:
    """Early, on time or late by date, as the national index compares them."""
    finished, due = local_date(finished_at), local_date(due_at)
    if finished < due:
        return Timeliness.EARLY
    if finished == due:
        return Timeliness.ON_TIME
    return Timeliness.LATE


def step_timeliness(finished_at: dt.datetime, due_at: dt.datetime) -> Timeliness:
    if finished_at > due_at:
        return Timeliness.LATE
    if local_date(finished_at) < local_date(due_at):
        return Timeliness.EARLY
    return Timeliness.ON_TIME


def apology_deadline(calendar: WorkCalendar, due_at: dt.datetime) -> dt.date:
    """The last working day before the due date: the latest day for Mẫu 04."""
    day = local_date(due_at) - dt.timedelta(days=1)
    while not calendar.is_working_day(day):
        day -= dt.timedelta(days=1)
    return day


def is_overdue(due_at: dt.datetime | None, now: dt.datetime) -> bool:
    return due_at is not None and now > due_at
