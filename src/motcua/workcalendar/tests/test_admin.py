from __future__ import annotations

import datetime as dt

from django.urls import reverse

import pytest

from motcua.accounts.constants import Role, UserKind
from motcua.accounts.services import role_grant
from motcua.core.models import AuditEvent, AuditEventKind
from motcua.workcalendar.constants import CalendarDayKind
from motcua.workcalendar.models import CalendarDay, CalendarYear

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_session(client, django_user_model, settings, seeded):
    # The admin site opens to holders of an administrator role; 2FA is the accounts app's test.
    settings.REQUIRE_2FA_FOR_ADMINS = False
    user = django_user_model.objects.create_superuser(
        username="quantri", password="mat-khau-thu-nghiem", kind=UserKind.STAFF
    )
    if not user.roles.filter(role=Role.SYSTEM_ADMIN).exists():
        role_grant(user=user, role=Role.SYSTEM_ADMIN, agency=None)
    client.force_login(user)
    return client


@pytest.mark.parametrize("model", ["calendarday", "officehours", "calendaryear"])
@pytest.mark.parametrize("page", ["changelist", "add"])
def test_admin_pages_load(admin_session, model, page):
    response = admin_session.get(reverse(f"admin:workcalendar_{model}_{page}"))
    assert response.status_code == 200


def test_changelist_filters_by_year_and_kind_and_searches_legal_basis(admin_session):
    url = reverse("admin:workcalendar_calendarday_changelist")
    response = admin_session.get(url, {"year": "2026", "kind": CalendarDayKind.WORKING_DAY})
    assert list(response.context["cl"].queryset.values_list("date", flat=True)) == [
        dt.date(2026, 1, 10),
        dt.date(2026, 8, 22),
    ]
    response = admin_session.get(url, {"q": "12729/VPCP-KGVX"})
    assert set(response.context["cl"].queryset.values_list("date", flat=True)) == {
        dt.date(2026, 1, 1),
        dt.date(2026, 1, 2),
        dt.date(2026, 1, 10),
    }


def test_adding_a_day_in_the_admin_is_audited(admin_session):
    response = admin_session.post(
        reverse("admin:workcalendar_calendarday_add"),
        {
            "date": "28/11/2026",
            "kind": CalendarDayKind.WORKING_DAY,
            "name": "Làm việc bù",
            "legal_basis": "Thông báo thử nghiệm",
            "confidence": "official",
        },
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    day = CalendarDay.objects.get(date=dt.date(2026, 11, 28))
    event = AuditEvent.objects.filter(kind=AuditEventKind.CALENDAR_CHANGED).latest("id")
    assert (event.target_id, event.actor_label, event.data["action"]) == (
        str(day.pk),
        "quantri",
        "created",
    )


def test_adding_a_year_in_the_admin_seeds_it(admin_session):
    response = admin_session.post(reverse("admin:workcalendar_calendaryear_add"), {"year": "2028"})
    assert response.status_code == 302
    assert CalendarYear.objects.filter(year=2028).exists()
    assert CalendarDay.objects.filter(date__year=2028).count() > 10


def test_bulk_delete_goes_through_the_service(admin_session):
    days = CalendarDay.objects.filter(date__year=2027, kind=CalendarDayKind.DAY_OFF)
    pks = [str(pk) for pk in days.values_list("pk", flat=True)]
    response = admin_session.post(
        reverse("admin:workcalendar_calendarday_changelist"),
        {"action": "delete_selected", "_selected_action": pks, "post": "yes"},
    )
    assert response.status_code == 302
    assert not days.exists()
    deletions = AuditEvent.objects.filter(
        kind=AuditEventKind.CALENDAR_CHANGED, data__action="deleted"
    )
    assert deletions.count() == len(pks)
