from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError

import pytest

from motcua.core.models import AuditEvent, AuditEventKind
from motcua.workcalendar.constants import CalendarDayKind
from motcua.workcalendar.models import CalendarDay, OfficeHours
from motcua.workcalendar.services import calendar_day_delete, calendar_day_save, office_hours_save

pytestmark = pytest.mark.django_db


def calendar_events() -> list[AuditEvent]:
    return list(AuditEvent.objects.filter(kind=AuditEventKind.CALENDAR_CHANGED).order_by("id"))


def test_create_change_and_delete_are_audited(admin_user):
    day = calendar_day_save(
        day=CalendarDay(
            date=dt.date(2027, 4, 26),
            kind=CalendarDayKind.DAY_OFF,
            name="Nghỉ hoán đổi",
            legal_basis="Thông báo 1/TB-BNV",
        ),
        actor=admin_user,
    )
    day.legal_basis = "Thông báo 2/TB-BNV"
    calendar_day_save(day=day, actor=admin_user)
    calendar_day_save(day=day, actor=admin_user)  # nothing changed: nothing recorded
    calendar_day_delete(day=day, actor=admin_user)

    created, changed, deleted = calendar_events()
    assert created.data["action"] == "created" and created.actor == admin_user
    assert created.target_type == "workcalendar.calendarday"
    assert changed.data == {
        "action": "changed",
        "changes": {"legal_basis": ["Thông báo 1/TB-BNV", "Thông báo 2/TB-BNV"]},
    }
    assert deleted.data["action"] == "deleted"
    assert deleted.data["changes"]["date"] == ["2027-04-26", None]


def test_a_swapped_working_day_must_fall_on_a_weekend():
    with pytest.raises(ValidationError) as error:
        calendar_day_save(
            day=CalendarDay(
                date=dt.date(2026, 3, 9),
                kind=CalendarDayKind.WORKING_DAY,
                name="Làm bù",
                legal_basis="x",
            ),
            actor=None,
        )
    assert "phải là thứ Bảy hoặc Chủ nhật" in str(error.value)
    assert calendar_events() == []


def test_office_hours_must_run_in_order():
    with pytest.raises(ValidationError) as error:
        office_hours_save(
            hours=OfficeHours(valid_from=dt.date(2026, 1, 1), morning_end=dt.time(14)), actor=None
        )
    assert "Giờ làm việc phải theo đúng thứ tự" in str(error.value)


def test_default_office_hours_are_unique_per_date():
    office_hours_save(hours=OfficeHours(valid_from=dt.date(2026, 1, 1)), actor=None)
    with pytest.raises(ValidationError) as error:
        office_hours_save(hours=OfficeHours(valid_from=dt.date(2026, 1, 1)), actor=None)
    assert "Đã có giờ làm việc mặc định" in str(error.value)
