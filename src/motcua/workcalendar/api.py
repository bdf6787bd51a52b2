"""Calendar API: the public yearly calendar, and due dates computed for integrators."""

from __future__ import annotations

import datetime as dt
from contextlib import suppress
from decimal import Decimal, InvalidOperation
from typing import Annotated, Any

from django.http import HttpRequest
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _

from ninja import Field, Router, Schema
from ninja.errors import HttpError
from pydantic import BeforeValidator, ConfigDict, model_validator
from pydantic_core import PydanticCustomError

from motcua.agencies.models import Agency

from .constants import CalendarDayKind, Confidence, DeadlineUnit
from .engine import VN_TZ, CalendarRangeError
from .models import CalendarDay
from .selectors import calendar_days_in_year, work_calendar_get

router = Router()

MAX_AMOUNT = Decimal(1000)


class ErrorOut(Schema):
    detail: str


class CalendarDayOut(Schema):
    date: dt.date
    kind: CalendarDayKind
    kind_label: str
    name: str
    legal_basis: str
    confidence: Confidence

    @staticmethod
    def resolve_kind_label(obj: CalendarDay) -> str:
        return str(obj.get_kind_display())


class CalendarYearOut(Schema):
    year: int
    working_days: int
    provisional: bool = Field(
        description="True when the year's calendar was never loaded: only weekends are known."
    )
    days: list[CalendarDayOut] = Field(description="Days off and swapped working days, by date.")


def _out_of_range(error: CalendarRangeError) -> str:
    return _("The working calendar covers %(first)s to %(last)s; this date falls outside it.") % {
        "first": error.first_year,
        "last": error.last_year,
    }


@router.get(
    "/{int:year}",
    response={200: CalendarYearOut, 404: ErrorOut},
    auth=None,
    summary="Days off and swapped working days of a year",
)
def calendar_year(request: HttpRequest, year: int) -> dict[str, Any]:
    calendar = work_calendar_get()
    try:
        working_days = calendar.working_days_in(year)
    except CalendarRangeError as error:
        raise HttpError(404, _out_of_range(error)) from error
    first_day = dt.date(year, 1, 1)
    return {
        "year": year,
        "working_days": working_days,
        "provisional": not calendar.covers(first_day, first_day),
        "days": list(calendar_days_in_year(year=year)),
    }


# Pydantic's own messages are English; these validators run first and speak Vietnamese
# through the catalogue. Fields default to None so a missing one reaches its validator.


def _received_at(value: Any) -> dt.datetime:
    parsed = value if isinstance(value, dt.datetime) else None
    if isinstance(value, str):
        try:
            parsed = parse_datetime(value)
        except ValueError:
            parsed = None
    if parsed is None:
        raise PydanticCustomError(
            "received_at",
            _(
                "Give the reception time as an ISO 8601 date and time, e.g. 2026-02-13T09:00:00+07:00."
            ),
        )
    # A time without offset is read as Vietnam time, the only zone the calendar has.
    return parsed if parsed.tzinfo is not None else parsed.replace(tzinfo=VN_TZ)


def _amount(value: Any) -> Decimal:
    amount = None
    if isinstance(value, int | float | str) and not isinstance(value, bool):
        with suppress(InvalidOperation):
            amount = Decimal(str(value))
    if (
        amount is None
        or not amount.is_finite()
        or not 0 <= amount <= MAX_AMOUNT
        or amount != amount.quantize(Decimal("0.01"))
    ):
        raise PydanticCustomError(
            "amount",
            _("The amount must be a number from 0 to %(max)s with at most two decimals.")
            % {"max": MAX_AMOUNT},
        )
    return amount


def _unit(value: Any) -> DeadlineUnit:
    if value not in DeadlineUnit.values:
        choices = ", ".join(f"{unit.value} ({unit.label})" for unit in DeadlineUnit)
        raise PydanticCustomError(
            "unit", _("The unit must be one of: %(choices)s.") % {"choices": choices}
        )
    return DeadlineUnit(value)


def _agency_id(value: Any) -> int | None:
    if value is None or (isinstance(value, int) and not isinstance(value, bool)):
        return value
    raise PydanticCustomError("agency_id", _("The agency must be given by its numeric id."))


class DueDateIn(Schema):
    model_config = ConfigDict(json_schema_extra={"required": ["received_at", "amount", "unit"]})

    received_at: Annotated[dt.datetime, BeforeValidator(_received_at)] = Field(
        None, validate_default=True, description="When the complete dossier was received."
    )
    amount: Annotated[Decimal, BeforeValidator(_amount)] = Field(
        None,
        validate_default=True,
        description="Processing time in the given unit; ignored for same_day.",
    )
    unit: Annotated[DeadlineUnit, BeforeValidator(_unit)] = Field(None, validate_default=True)
    agency_id: Annotated[int | None, BeforeValidator(_agency_id)] = Field(
        None, description="Agency whose office hours apply; default office hours when empty."
    )
    skip_days_off: bool = Field(
        False, description="Calendar days only: do not count public holidays and other days off."
    )

    @model_validator(mode="after")
    def _whole_calendar_days(self) -> DueDateIn:
        if (
            self.unit == DeadlineUnit.CALENDAR_DAYS
            and self.amount != self.amount.to_integral_value()
        ):
            raise PydanticCustomError("amount", _("Calendar days must be a whole number."))
        return self


class DueDateOut(Schema):
    received_at: dt.datetime
    clock_start: dt.datetime = Field(
        description="When the clock starts, after office hours and cut-off."
    )
    due_at: dt.datetime
    unit: DeadlineUnit
    amount: Decimal
    provisional: bool = Field(
        description="True when the period crosses a year whose calendar was never loaded."
    )


@router.post(
    "/due-date",
    response=DueDateOut,
    summary="Compute the due moment of a processing time",
)
def due_date(request: HttpRequest, payload: DueDateIn) -> dict[str, Any]:
    try:
        calendar = work_calendar_get(agency_id=payload.agency_id)
    except Agency.DoesNotExist as error:
        raise HttpError(
            422, _("No agency has the id %(id)s.") % {"id": payload.agency_id}
        ) from error
    try:
        clock_start = calendar.clock_start(payload.received_at)
        due_at = calendar.due_at(
            payload.received_at, payload.amount, payload.unit, skip_days_off=payload.skip_days_off
        )
    except CalendarRangeError as error:
        raise HttpError(422, _out_of_range(error)) from error
    return {
        "received_at": payload.received_at.astimezone(VN_TZ),
        "clock_start": clock_start,
        "due_at": due_at,
        "unit": payload.unit,
        "amount": payload.amount,
        "provisional": not calendar.covers(clock_start.date(), due_at.date()),
    }
