"""The feedback REST API: ratings and tickets, with the same refusals as the pages."""

from __future__ import annotations

import json

from django.core.cache import cache
from django.test import Client

import pytest

from motcua.feedback.constants import LOOKUP_LIMIT
from motcua.feedback.models import DossierRating, Ticket
from motcua.feedback.services import TicketInput, ticket_answer, ticket_assign, ticket_submit

from .conftest import CITIZEN_ID, make_dossier

BASE = "/api/v1/feedback"


@pytest.fixture(autouse=True)
def _clear_lookup_counts():
    cache.clear()
    yield
    cache.clear()


def client_for(user=None) -> Client:
    client = Client(enforce_csrf_checks=True)
    if user is not None:
        client.force_login(user)
        client.cookies["csrftoken"] = "a" * 32
    return client


def post(client: Client, path: str, body: dict, method: str = "post"):
    return getattr(client, method)(
        f"{BASE}{path}",
        data=json.dumps(body, ensure_ascii=False),
        content_type="application/json",
        HTTP_X_CSRFTOKEN="a" * 32,
    )


RATING = {"level": "rat-hai-long", "answers": {"thoi-gian": "hai-long"}, "comment": "Tốt"}


def test_rating_scale_is_public(db):
    body = Client().get(f"{BASE}/rating-scale").json()
    assert [level["code"] for level in body["levels"]] == [
        "rat-hai-long",
        "hai-long",
        "khong-hai-long",
    ]
    assert body["levels"][2] == {
        "code": "khong-hai-long",
        "name": "Không hài lòng",
        "counts_as_satisfied": False,
    }
    assert len(body["criteria"]) == 3


def test_owner_rates_then_a_second_rating_is_409_then_changes_it(world, dossier):
    client = client_for(world.citizen)
    response = post(client, f"/ratings/{dossier.pk}", RATING)
    assert response.status_code == 201, response.content
    body = response.json()
    assert (body["dossier_code"], body["level"], body["channel"]) == (
        dossier.code,
        "rat-hai-long",
        "online",
    )
    assert body["answers"] == {"thoi-gian": "hai-long"}
    again = post(client, f"/ratings/{dossier.pk}", RATING)
    assert again.status_code == 409
    assert again.json() == {
        "code": "already_rated",
        "detail": "Hồ sơ này đã được đánh giá.",
        "field": "",
    }
    changed = post(client, f"/ratings/{dossier.pk}", {"level": "hai-long"}, method="put")
    assert changed.status_code == 200 and changed.json()["level"] == "hai-long"
    assert client.get(f"{BASE}/ratings/{dossier.pk}").json()["answers"] == {}


def test_staff_record_a_counter_rating_for_a_dossier_of_their_agency(world, dossier):
    response = post(
        client_for(world.counter), f"/ratings/{dossier.pk}", {**RATING, "channel": "kiosk"}
    )
    assert response.status_code == 201
    assert response.json()["channel"] == "kiosk"
    assert DossierRating.objects.get().rated_by == world.counter


@pytest.mark.parametrize(
    "who",
    ["other_citizen", "counter_far", None],
    ids=["other_citizen_case", "other_province_staff_case", "anonymous_case"],
)
def test_others_cannot_rate_or_read_a_dossiers_rating(world, dossier, who):
    client = client_for(getattr(world, who) if who else None)
    response = post(client, f"/ratings/{dossier.pk}", RATING)
    assert response.status_code in (401, 404)
    assert client.get(f"{BASE}/ratings/{dossier.pk}").status_code in (401, 404)
    assert not DossierRating.objects.exists()


def test_rating_before_the_result_is_refused_with_a_vietnamese_message(world):
    dossier = make_dossier(world, status="processing")
    response = post(client_for(world.citizen), f"/ratings/{dossier.pk}", RATING)
    assert response.status_code == 400
    assert response.json()["code"] == "no_result_yet"
    assert response.json()["detail"] == "Chỉ đánh giá được hồ sơ sau khi đã trả kết quả."


def test_rating_by_code_and_second_factor_without_an_account(world, dossier):
    client = client_for()
    wrong = post(client, "/ratings-by-code", {**RATING, "code": dossier.code, "factor": "0000"})
    assert wrong.status_code == 404
    by_phone = post(client, "/ratings-by-code", {**RATING, "code": dossier.code, "factor": "5678"})
    assert by_phone.status_code == 201
    assert by_phone.json()["channel"] == "tracking"
    by_id = post(client, "/ratings-by-code", {**RATING, "code": dossier.code, "factor": CITIZEN_ID})
    assert by_id.status_code == 409


def test_submit_anonymously_follow_by_code_and_rate_the_handling(world):
    client = client_for()
    response = post(
        client,
        "/tickets",
        {
            "category": "hanh-vi-can-bo",
            "agency_id": world.justice.pk,
            "title": "Thái độ cán bộ",
            "content": "Cán bộ tiếp nhận không hướng dẫn.",
            "contact_phone": "0912345678",
        },
    )
    assert response.status_code == 201, response.content
    body = response.json()
    code = body["code"]
    assert body["status"] == "received" and body["due_at"] == "2026-03-04T09:00:00+07:00"
    assert "contact_phone" not in body
    follow = client.get(f"{BASE}/tickets/{code.lower()}")
    assert follow.status_code == 200 and follow.json()["agency"] == world.justice.name
    too_early = post(client, f"/tickets/{code}/rating", {"rating": "satisfied"})
    assert too_early.status_code == 400 and too_early.json()["code"] == "not_answered"
    ticket = Ticket.objects.get()
    ticket = ticket_assign(ticket=ticket, actor=world.officer, assignee=world.officer)
    ticket_answer(ticket=ticket, actor=world.officer, answer="Đã nhắc nhở cán bộ.")
    rated = post(client, f"/tickets/{code}/rating", {"rating": "not_satisfied"})
    assert rated.status_code == 200 and rated.json()["handling_rating"] == "not_satisfied"
    assert client.get(f"{BASE}/tickets/{code}").json()["answer"] == "Đã nhắc nhở cán bộ."


def test_submission_errors_name_the_field_in_vietnamese(world):
    response = post(
        client_for(),
        "/tickets",
        {"category": "quy-dinh", "agency_id": world.justice.pk, "title": " ", "content": "x"},
    )
    assert response.status_code == 400
    assert response.json() == {
        "code": "text_required",
        "detail": "Hãy nhập tiêu đề.",
        "field": "title",
    }
    assert not Ticket.objects.exists()


def test_signed_in_submission_needs_the_csrf_token_and_links_the_account(world):
    client = client_for(world.citizen)
    body = {"category": "quy-dinh", "agency_id": world.justice.pk, "title": "T", "content": "N"}
    no_csrf = client.post(f"{BASE}/tickets", data=json.dumps(body), content_type="application/json")
    assert no_csrf.status_code == 403
    assert post(client, "/tickets", body).status_code == 201
    assert Ticket.objects.get().submitter == world.citizen


def test_unknown_code_is_404_and_lookups_are_limited(world):
    client = client_for()
    for _ in range(LOOKUP_LIMIT):
        assert client.get(f"{BASE}/tickets/PA-000000-AAAAAAAA").status_code == 404
    assert client.get(f"{BASE}/tickets/PA-000000-AAAAAAAA").status_code == 429


def test_published_answers_list_shows_only_consenting_published_tickets(world):
    from motcua.feedback.services import ticket_publish

    def answered(consent):
        t = ticket_submit(
            data=TicketInput(
                category="quy-dinh",
                agency_id=world.justice.pk,
                title=f"Đồng ý {consent}",
                content="N",
                contact_email="a@example.test",
                publish_consent=consent,
            )
        )
        t = ticket_assign(ticket=t, actor=world.officer, assignee=world.officer)
        return ticket_answer(ticket=t, actor=world.officer, answer="Trả lời")

    ticket_publish(ticket=answered(True), actor=world.officer)
    answered(False)
    body = Client().get(f"{BASE}/tickets/published").json()
    assert [t["title"] for t in body] == ["Đồng ý True"]
    assert "a@example.test" not in json.dumps(body)


# --- Staff -------------------------------------------------------------------------------


@pytest.fixture
def sent(world):
    return ticket_submit(
        data=TicketInput(
            category="quy-dinh",
            agency_id=world.justice.pk,
            title="Phản ánh",
            content="N",
            contact_phone="0912345678",
            publish_consent=True,
        )
    )


def test_staff_handle_a_ticket_through_the_api(world, sent):
    client = client_for(world.officer)
    (listed,) = client.get(f"{BASE}/staff/tickets", {"status": "received"}).json()
    assert listed["id"] == sent.pk and listed["contact"]["phone"] == "0912345678"
    base = f"/staff/tickets/{sent.pk}"
    assert post(client, f"{base}/answer", {"answer": "x"}).json()["code"] == "invalid_transition"
    assigned = post(client, f"{base}/assign", {"assignee_id": world.officer.pk})
    assert assigned.status_code == 200 and assigned.json()["assignee_id"] == world.officer.pk
    answered = post(client, f"{base}/answer", {"answer": "Đã xử lý."})
    assert answered.json()["status"] == "answered"
    assert answered.json()["handled_on_time"] is True
    assert post(client, f"{base}/publish", {}).json()["status"] == "published"


def test_staff_api_refusals(world, sent):
    client = client_for(world.officer)
    base = f"/staff/tickets/{sent.pk}"
    empty = post(client, f"{base}/reject", {"reason": " "})
    assert empty.status_code == 400
    assert empty.json() == {
        "code": "reason_required",
        "detail": "Hãy nêu lý do.",
        "field": "reason",
    }
    outsider = post(client, f"{base}/assign", {"assignee_id": world.finance_officer.pk})
    assert outsider.json()["code"] == "assignee_not_in_agency"
    # another agency's officer: 404 for reading and acting, nothing changes
    other = client_for(world.finance_officer)
    assert other.get(f"{BASE}{base}").status_code == 404
    assert post(other, f"{base}/reject", {"reason": "Không"}).status_code == 404
    assert other.get(f"{BASE}/staff/tickets").json() == []
    # a monitoring officer sees it without contact details and may not act
    monitor = client_for(world.monitor)
    assert monitor.get(f"{BASE}{base}").json()["contact"] is None
    refused = post(monitor, f"{base}/reject", {"reason": "Không"})
    assert refused.status_code == 403 and refused.json()["code"] == "forbidden"
    assert Ticket.objects.get().status == "received"


def test_anonymous_submissions_are_limited_per_address_signed_in_ones_are_not(world):
    from motcua.feedback.constants import SUBMISSION_LIMIT

    body = {"category": "quy-dinh", "agency_id": world.justice.pk, "title": "T", "content": "N"}
    anonymous = client_for()
    for _ in range(SUBMISSION_LIMIT):
        assert post(anonymous, "/tickets", body).status_code == 201
    refused = post(anonymous, "/tickets", body)
    assert refused.status_code == 429 and refused.json()["code"] == "too_many_submissions"
    assert post(client_for(world.citizen), "/tickets", body).status_code == 201
    assert Ticket.objects.count() == SUBMISSION_LIMIT + 1
