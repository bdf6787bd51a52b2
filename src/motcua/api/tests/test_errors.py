import json

from django.core.management import call_command

import pytest

pytestmark = pytest.mark.django_db


def test_query_validation_errors_are_vietnamese_and_keep_machine_fields(client):
    response = client.get("/api/v1/agencies/", {"on": "22/11/2026", "kind": "nope"})
    assert response.status_code == 422
    detail = {tuple(e["loc"]): e for e in response.json()["detail"]}
    assert detail[("query", "on")]["msg"] == "Nhập ngày theo dạng YYYY-MM-DD."
    assert detail[("query", "on")]["type"].startswith("date")
    assert detail[("query", "kind")]["type"] == "enum"
    assert detail[("query", "kind")]["msg"].startswith("Chọn một trong các giá trị:")


def test_malformed_json_body_gets_a_vietnamese_message(client, django_user_model):
    user = django_user_model.objects.create_user("officer", password="x", kind="staff")
    client.force_login(user)
    response = client.post(
        "/api/v1/calendar/due-date", data="{not json", content_type="application/json"
    )
    assert response.status_code in (400, 422)
    body = response.json()
    assert (
        json.dumps(body, ensure_ascii=False)
        == '{"detail": "Nội dung yêu cầu không phải JSON hợp lệ."}'
    )


def test_json_is_utf8_not_escaped(client):
    call_command("seed_calendar", verbosity=0)
    response = client.get("/api/v1/calendar/2026")
    assert response.status_code == 200
    assert "Tết".encode() in response.content
    assert b"\\u" not in response.content
