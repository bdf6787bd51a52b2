"""Intake through the API: online submission with an idempotency key, registration of
arrivals from other channels, and receipt at the counter in one step."""

from __future__ import annotations

import pytest

from motcua.accounts.constants import UserKind
from motcua.accounts.services import user_create
from motcua.dossiers.constants import DossierStatus
from motcua.dossiers.models import Dossier, DossierCodeCounter

from .api_helpers import Caller, application_body, caller_with_token, online_body
from .helpers import snapshot

KEY = "5b0f8a52-3a1e-4c44-9a52-8e3a8f3c1d01"


def test_a_citizen_submits_online_and_a_retry_returns_the_same_dossier(world):
    # given
    citizen = Caller(world.citizen)

    # when
    first = citizen.post("/", online_body(world), HTTP_IDEMPOTENCY_KEY=KEY)

    # then
    assert first.status_code == 201, first.content
    body = first.json()
    assert (body["status"], body["status_label"]) == ("submitted", "Mới đăng ký, chờ tiếp nhận")
    assert body["national_status"] == {"code": 1, "label": "Mới đăng ký"}
    assert (body["code"], body["due_at"], body["channel"]) == (None, None, "online")
    assert body["submitted_at"] == "2026-02-11T09:00:00+07:00"
    # Handed in electronically, every component counts as digitised.
    assert body["tracks"]["digitisation"]["value"] == "digitised"
    assert [c["component_id"] for c in body["components"]] == [world.form.pk, world.id_copy.pk]

    # The network dropped the answer; the portal sends the same request again.
    before = snapshot()
    again = citizen.post("/", online_body(world), HTTP_IDEMPOTENCY_KEY=KEY)
    assert again.status_code == 201
    assert again.json()["id"] == body["id"]
    assert snapshot() == before

    # Without the key, or with another one, it is a new dossier.
    other = citizen.post("/", online_body(world), HTTP_IDEMPOTENCY_KEY=KEY + "-2")
    assert other.json()["id"] != body["id"]


def test_an_idempotency_key_reused_for_another_request_is_a_conflict(world):
    citizen = Caller(world.citizen)
    citizen.post("/", online_body(world), HTTP_IDEMPOTENCY_KEY=KEY)
    before = snapshot()
    joint = online_body(
        world,
        case_id=world.joint_case.pk,
        components=[{"component_id": world.joint_form.pk}],
        form_data={},
    )
    response = citizen.post("/", joint, HTTP_IDEMPOTENCY_KEY=KEY)
    assert response.status_code == 409
    assert response.json() == {
        "code": "idempotency_conflict",
        "detail": "Khóa chống gửi trùng này đã được dùng cho một yêu cầu khác.",
    }
    assert snapshot() == before


def test_idempotency_keys_belong_to_the_client_that_sent_them(world):
    citizen = Caller(world.citizen).post("/", online_body(world), HTTP_IDEMPOTENCY_KEY=KEY)
    counter = Caller(world.counter).post(
        "/receive", application_body(world), HTTP_IDEMPOTENCY_KEY=KEY
    )
    assert counter.status_code == 201
    assert counter.json()["id"] != citizen.json()["id"]


def test_an_idempotency_key_longer_than_100_characters_is_refused(world):
    response = Caller(world.citizen).post("/", online_body(world), HTTP_IDEMPOTENCY_KEY="k" * 101)
    assert response.status_code == 422
    assert response.json()["detail"] == [
        {
            "type": "string_too_long",
            "loc": ["header", "Idempotency-Key"],
            "msg": "Quá dài: tối đa 100 ký tự.",
        }
    ]
    assert not Dossier.objects.exists()


def _applicant(world, **changes):
    return {**application_body(world)["applicant"], **changes}


@pytest.mark.parametrize(
    ("change", "status", "code", "detail"),
    [
        pytest.param(
            lambda w: {"applicant": _applicant(w, id_number="123")},
            400,
            "invalid_identifier",
            "Người nộp hồ sơ: Số định danh cá nhân gồm đúng 12 chữ số.",
            id="invalid_identifier_case",
        ),
        pytest.param(
            lambda w: {"receiving_agency": "H00.99"},
            400,
            "unknown_reference",
            "Không có cơ quan nào mang mã “H00.99”.",
            id="unknown_agency_case",
        ),
        pytest.param(
            lambda w: {"case_id": 999_999},
            400,
            "unknown_reference",
            "Không có trường hợp thủ tục nào mang mã “999999”.",
            id="unknown_case_case",
        ),
        pytest.param(
            lambda w: {"applicant": _applicant(w, unit_code="99999")},
            400,
            "unknown_reference",
            "Không có đơn vị hành chính nào mang mã “99999”.",
            id="unknown_unit_case",
        ),
        pytest.param(
            lambda w: {"components": [{"component_id": w.joint_form.pk}]},
            400,
            "component_not_in_case",
            "Có thành phần hồ sơ không thuộc trường hợp này",
            id="component_of_another_case_case",
        ),
        pytest.param(
            lambda w: {"components": [{"component_id": w.form.pk}]},
            400,
            "component_missing",
            "Còn thiếu thành phần hồ sơ bắt buộc: Bản sao giấy tờ chứng minh nhân thân.",
            id="mandatory_component_missing_case",
        ),
        pytest.param(
            lambda w: {"submitted_at": "2026-02-12T09:00:00"},
            400,
            "future_date",
            "Thời điểm nộp hồ sơ không được sau thời điểm hiện tại.",
            id="future_submission_case",
        ),
        pytest.param(
            lambda w: {"applicant": _applicant(w, email="binh@")},
            400,
            "invalid_contact",
            "Địa chỉ thư điện tử không hợp lệ.",
            id="bad_email_case",
        ),
    ],
)
def test_bad_submissions_are_explained_in_vietnamese_and_write_nothing(
    world, change, status, code, detail
):
    before = snapshot()
    response = Caller(world.citizen).post("/", online_body(world, **change(world)))
    assert response.status_code == status, response.content
    assert response.json()["code"] == code
    assert response.json()["detail"].startswith(detail), response.json()["detail"]
    assert snapshot() == before


def test_a_malformed_submission_names_the_field_in_vietnamese(world):
    body = online_body(world)
    del body["applicant"]["name"]
    body["components"][0]["copies"] = "hai"
    response = Caller(world.citizen).post("/", body)
    assert response.status_code == 422
    errors = {tuple(e["loc"][2:]): e["msg"] for e in response.json()["detail"]}
    assert errors == {
        ("applicant", "name"): "Trường này là bắt buộc.",
        ("components", 0, "copies"): "Nhập số nguyên.",
    }
    assert not Dossier.objects.exists()


def test_the_address_commune_is_given_by_its_official_code(world):
    body = online_body(world, applicant=_applicant(world, unit_code=world.commune_unit.code))
    response = Caller(world.citizen).post("/", body)
    assert response.status_code == 201
    applicant = response.json()["applicant"]
    assert (applicant["unit_code"], applicant["unit_source"]) == ("29800", "test")


@pytest.mark.parametrize(
    ("actor", "status", "code"),
    [
        ("other_citizen", 400, "not_the_applicant"),
        ("counter", 403, "forbidden"),  # online is the applicant's own act
        ("officer", 403, "forbidden"),
    ],
    ids=["other_citizen_case", "counter_case", "officer_case"],
)
def test_only_the_applicant_submits_online(world, actor, status, code):
    response = Caller(getattr(world, actor)).post("/", online_body(world))
    assert (response.status_code, response.json()["code"]) == (status, code)
    assert not Dossier.objects.exists()


def test_anonymous_and_roleless_systems_cannot_submit(world):
    assert Caller().post("/", online_body(world)).status_code == 401
    roleless = user_create(username="lgsp", password=None, kind=UserKind.STAFF, full_name="LGSP")
    body = application_body(world, channel="national_portal", alternative_code="G22.99-260211-1")
    response = caller_with_token(roleless).post("/", body)
    assert (response.status_code, response.json()["code"]) == (403, "forbidden")
    assert not Dossier.objects.exists()


def test_the_national_portal_adapter_registers_with_the_portals_code(world):
    adapter = caller_with_token(world.counter)
    body = application_body(
        world,
        channel="national_portal",
        delivery_channel="online",
        submitted_at="2026-02-10T20:15:00+07:00",
    )
    response = adapter.post("/", body, HTTP_IDEMPOTENCY_KEY=KEY)
    assert (response.status_code, response.json()["code"]) == (400, "alternative_code_required")
    body["alternative_code"] = "G22.99-260210-0042"
    response = adapter.post("/", body, HTTP_IDEMPOTENCY_KEY=KEY)
    assert response.status_code == 201
    dossier = response.json()
    assert (dossier["status"], dossier["alternative_code"]) == ("submitted", "G22.99-260210-0042")
    assert dossier["submitted_at"] == "2026-02-10T20:15:00+07:00"
    assert dossier["tracks"]["sync"]["value"] == "pending"


def test_the_counter_receives_in_one_step_with_code_receipt_and_due_moment(world):
    # given: Wednesday 11/02/2026 09:00, 5 working days, Tết from 14 to 22/02
    counter = Caller(world.counter)

    # when
    response = counter.post(
        "/receive", application_body(world, fee_paid=True), HTTP_IDEMPOTENCY_KEY=KEY
    )

    # then
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["code"] == "H61.17-260211-0001"
    assert (body["status"], body["national_status"]["code"]) == ("received", 2)
    assert body["received_at"] == "2026-02-11T09:00:00+07:00"
    assert body["due_at"] == body["due_at_original"] == "2026-02-25T09:00:00+07:00"
    assert body["tracks"]["payment"] == {"value": "paid", "label": "Đã nộp"}
    first_step = body["steps"][0]
    assert (first_step["id"], first_step["started_at"]) == (
        body["current_step_id"],
        "2026-02-11T09:00:00+07:00",
    )

    # A retry returns the dossier received the first time: no second code.
    before = snapshot()
    again = counter.post(
        "/receive", application_body(world, fee_paid=True), HTTP_IDEMPOTENCY_KEY=KEY
    )
    assert (again.status_code, again.json()["code"]) == (201, "H61.17-260211-0001")
    assert snapshot() == before
    assert DossierCodeCounter.objects.get().last == 1


def test_post_arrivals_are_received_in_one_step_by_a_system_token(world):
    response = caller_with_token(world.counter).post(
        "/receive", application_body(world, channel="post", delivery_channel="post")
    )
    assert response.status_code == 201
    assert (response.json()["channel"], response.json()["status"]) == ("post", "received")


def test_online_dossiers_are_not_received_in_one_step(world):
    response = Caller(world.counter).post("/receive", application_body(world, channel="online"))
    assert response.status_code == 422
    (error,) = response.json()["detail"]
    assert error["loc"] == ["body", "payload", "channel"]
    assert error["msg"].startswith("Chọn một trong các giá trị:")


@pytest.mark.parametrize(
    "actor", ["counter_far", "officer", "citizen", "monitor"], ids=lambda a: f"{a}_case"
)
def test_only_counter_officers_of_the_receiving_centre_receive(world, actor):
    response = Caller(getattr(world, actor)).post("/receive", application_body(world))
    assert (response.status_code, response.json()["code"]) == (403, "forbidden")
    assert not Dossier.objects.exists()
    assert not DossierCodeCounter.objects.exists()


def test_an_accepted_online_dossier_gets_the_online_processing_time(world, now):
    submitted = Caller(world.citizen).post("/", online_body(world)).json()
    now("2026-02-11 10:30")
    response = Caller(world.counter).post(f"/{submitted['id']}/accept")
    assert response.status_code == 200
    body = response.json()
    assert body["code"] == "H61.17-260211-0001"
    # 4 working days online: Thursday 12, Friday 13, then Monday 23 and Tuesday 24 after Tết.
    assert body["due_at"] == "2026-02-24T10:30:00+07:00"
    assert Dossier.objects.get().status == DossierStatus.RECEIVED
