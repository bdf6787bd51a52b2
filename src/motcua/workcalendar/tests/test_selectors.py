from __future__ import annotations

import datetime as dt

import pytest

from motcua.agencies.models import Agency
from motcua.workcalendar.constants import CalendarDayKind, DeadlineUnit
from motcua.workcalendar.models import CalendarDay, OfficeHours
from motcua.workcalendar.selectors import work_calendar_get
from motcua.workcalendar.services import calendar_day_delete, calendar_day_save, office_hours_save

from .conftest import at

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(("year", "working_days"), [(2025, 250), (2026, 249), (2027, 249)])
def test_seeded_database_gives_the_official_counts(seeded, year, working_days):
    assert work_calendar_get().working_days_in(year) == working_days


def test_the_loader_reflects_an_edit_and_caches_otherwise(seeded):
    before = work_calendar_get()
    assert before is work_calendar_get()
    monday = dt.date(2026, 11, 23)
    assert before.is_working_day(monday)

    day = calendar_day_save(
        day=CalendarDay(
            date=monday,
            kind=CalendarDayKind.DAY_OFF,
            name="Nghỉ hoán đổi",
            legal_basis="Thử nghiệm",
        ),
        actor=None,
    )
    after = work_calendar_get()
    assert not after.is_working_day(monday)
    assert before.is_working_day(monday)  # calendars already handed out never change

    calendar_day_delete(day=day, actor=None)
    assert work_calendar_get().is_working_day(monday)


def test_agency_office_hours_win_from_their_date(seeded, agency):
    OfficeHours.objects.create(
        agency=agency, valid_from=dt.date(2026, 6, 1), morning_start=dt.time(7, 30), cutoff=None
    )
    default = work_calendar_get()
    own = work_calendar_get(agency_id=agency.pk)
    assert default.clock_start(at("2026-06-01 07:00")) == at("2026-06-01 07:00")
    assert own.clock_start(at("2026-06-01 07:00")) == at("2026-06-01 07:30")
    assert own.clock_start(at("2026-05-29 07:00")) == at("2026-05-29 07:00")  # default before
    assert own.due_at(at("2026-06-01 16:00"), 1, DeadlineUnit.WORKING_HOURS) == at(
        "2026-06-01 17:00"
    )


def test_default_office_hours_edit_reaches_the_loader(seeded):
    hours = OfficeHours.objects.get(agency__isnull=True)
    hours.cutoff = dt.time(16)
    office_hours_save(hours=hours, actor=None)
    assert work_calendar_get().clock_start(at("2026-03-09 15:30")) == at("2026-03-09 15:30")


def test_agencies_without_own_hours_share_the_default_calendar(seeded, agency):
    assert work_calendar_get(agency_id=agency.pk) is work_calendar_get()


def test_unknown_agency_is_refused(seeded):
    with pytest.raises(Agency.DoesNotExist):
        work_calendar_get(agency_id=987654)


def test_known_years_are_the_seeded_ones(seeded):
    calendar = work_calendar_get()
    assert calendar.covers(dt.date(2025, 1, 1), dt.date(2027, 12, 31))
    assert not calendar.covers(dt.date(2027, 12, 1), dt.date(2028, 1, 5))
