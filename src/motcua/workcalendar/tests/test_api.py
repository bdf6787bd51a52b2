from __future__ import annotations

import pytest

from motcua.accounts.constants import UserKind

pytestmark = pytest.mark.django_db

DUE_DATE_URL = "/api/v1/calendar/due-date"


@pytest.fixture
def officer_client(client, django_user_model):
    user = django_user_model.objects.create_user(
        username="canbo", password="mat-khau-thu-nghiem", kind=UserKind.STAFF
    )
    client.force_login(user)
    return client


def test_year_is_public_and_lists_days_off_and_worked_saturdays(client, seeded):
    response = client.get("/api/v1/calendar/2026")
    assert response.status_code == 200
    body = response.json()
    assert (body["year"], body["working_days"], body["provisional"]) == (2026, 249, False)
    days = {day["date"]: day for day in body["days"]}
    assert days["2026-01-10"]["kind"] == "working_day"
    assert days["2026-01-10"]["kind_label"] == "Ngày làm việc hoán đổi"
    assert "12729/VPCP-KGVX" in days["2026-01-02"]["legal_basis"]
    assert days["2026-11-24"]["name"] == "Ngày Văn hóa Việt Nam"
    assert days["2026-11-24"]["confidence"] == "secondary"


def test_year_never_loaded_is_provisional_and_far_years_are_refused(client, seeded):
    assert client.get("/api/v1/calendar/2029").json()["provisional"] is True
    response = client.get("/api/v1/calendar/1990")
    assert response.status_code == 404
    assert response.json()["detail"].startswith("Lịch làm việc chỉ có từ năm")


def test_due_date_refuses_anonymous_users(client, seeded):
    response = client.post(
        DUE_DATE_URL,
        {"received_at": "2026-02-13T09:00:00+07:00", "amount": 1, "unit": "working_days"},
        content_type="application/json",
    )
    assert response.status_code == 401


@pytest.mark.parametrize(
    ("payload", "clock_start", "due_at"),
    [
        pytest.param(
            {"received_at": "2026-02-13T09:00:00+07:00", "amount": 1, "unit": "working_days"},
            "2026-02-13T09:00:00+07:00",
            "2026-02-23T09:00:00+07:00",
            id="across_tet_2026",
        ),
        pytest.param(
            {"received_at": "2026-01-09T16:00:00", "amount": "2.5", "unit": "working_hours"},
            "2026-01-10T07:00:00+07:00",
            "2026-01-10T09:30:00+07:00",
            id="naive_time_is_vietnam_time",
        ),
        pytest.param(
            {
                "received_at": "2026-02-09T03:00:00Z",
                "amount": 10,
                "unit": "calendar_days",
                "skip_days_off": True,
            },
            "2026-02-09T10:00:00+07:00",
            "2026-02-24T10:00:00+07:00",
            id="utc_input_skip_days_off",
        ),
    ],
)
def test_due_date(officer_client, seeded, payload, clock_start, due_at):
    response = officer_client.post(DUE_DATE_URL, payload, content_type="application/json")
    assert response.status_code == 200, response.json()
    body = response.json()
    assert (body["clock_start"], body["due_at"], body["provisional"]) == (
        clock_start,
        due_at,
        False,
    )


@pytest.mark.parametrize(
    ("payload", "message"),
    [
        pytest.param(
            {"amount": 1, "unit": "working_days"},
            "Thời điểm tiếp nhận phải ghi đủ ngày và giờ theo ISO 8601",
            id="missing_received_at",
        ),
        pytest.param(
            {"received_at": "hôm qua", "amount": 1, "unit": "working_days"},
            "Thời điểm tiếp nhận phải ghi đủ ngày và giờ theo ISO 8601",
            id="unreadable_received_at",
        ),
        pytest.param(
            {"received_at": "2026-03-09T09:00:00+07:00", "amount": -1, "unit": "working_days"},
            "Thời hạn phải là số từ 0 đến 1000",
            id="negative_amount",
        ),
        pytest.param(
            {"received_at": "2026-03-09T09:00:00+07:00", "amount": "1.234", "unit": "working_days"},
            "Thời hạn phải là số từ 0 đến 1000",
            id="too_many_decimals",
        ),
        pytest.param(
            {"received_at": "2026-03-09T09:00:00+07:00", "amount": 2, "unit": "weeks"},
            "Đơn vị thời hạn phải là một trong các giá trị: working_days (Ngày làm việc)",
            id="unknown_unit",
        ),
        pytest.param(
            {"received_at": "2026-03-09T09:00:00+07:00", "amount": "1.5", "unit": "calendar_days"},
            "Thời hạn tính theo ngày lịch phải là số nguyên.",
            id="fractional_calendar_days",
        ),
    ],
)
def test_due_date_bad_input_is_explained_in_vietnamese(officer_client, seeded, payload, message):
    response = officer_client.post(DUE_DATE_URL, payload, content_type="application/json")
    assert response.status_code == 422
    assert any(message in error["msg"] for error in response.json()["detail"])


@pytest.mark.parametrize(
    ("payload", "message"),
    [
        pytest.param(
            {
                "received_at": "2026-03-09T09:00:00+07:00",
                "amount": 1,
                "unit": "working_days",
                "agency_id": 987654,
            },
            "Không có cơ quan nào có mã số (id) 987654.",
            id="unknown_agency",
        ),
        pytest.param(
            {"received_at": "2040-03-09T09:00:00+07:00", "amount": 1, "unit": "working_days"},
            "Lịch làm việc chỉ có từ năm 2024 đến năm",
            id="outside_the_calendar",
        ),
    ],
)
def test_due_date_refusals_are_explained_in_vietnamese(officer_client, seeded, payload, message):
    response = officer_client.post(DUE_DATE_URL, payload, content_type="application/json")
    assert response.status_code == 422
    assert message in response.json()["detail"]


def test_due_date_uses_the_agency_office_hours(officer_client, seeded, agency):
    from motcua.workcalendar.models import OfficeHours

    OfficeHours.objects.create(agency=agency, valid_from="2026-01-01", cutoff=None)
    payload = {"received_at": "2026-03-09T16:00:00+07:00", "amount": 1, "unit": "working_hours"}
    default = officer_client.post(DUE_DATE_URL, payload, content_type="application/json").json()
    own = officer_client.post(
        DUE_DATE_URL, {**payload, "agency_id": agency.pk}, content_type="application/json"
    ).json()
    assert (default["due_at"], own["due_at"]) == (
        "2026-03-10T08:00:00+07:00",
        "2026-03-09T17:00:00+07:00",
    )
