"""Every action endpoint of the dossier API: the happy path, bad input, and who may call it.

Each endpoint is a row of ``ENDPOINTS``: the state the dossier is put in (through the
services, which have their own tests), the request, the people allowed, what the dossier
becomes, and one bad request with the error it earns. For every row:

- an allowed person (by session with CSRF, and a system by bearer token) moves the dossier;
- the bad request answers 400 (a refusal of the domain, with its stable code) or 422 (a
  malformed request), in Vietnamese, and writes nothing;
- everybody else is refused and nothing is written: 404 for someone who may not see the
  dossier (as for one that does not exist), 403 ``forbidden`` for someone who sees it but
  may not take the action, 401 without credentials.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest

from motcua.accounts.constants import UserKind
from motcua.accounts.services import user_create
from motcua.dossiers.constants import DossierStatus, EventKind, PaymentStatus

from .api_helpers import Caller, caller_with_token
from .helpers import fresh, snapshot
from .test_permissions import (
    ACTORS,
    at_approval,
    awaiting_completion,
    awaiting_payment,
    awaiting_supplement,
    consulting,
    processing,
    received,
    resolved,
    submitted,
)

# Who sees a dossier received at the provincial centre for the Department of Justice:
# the centre, Justice, the province's monitor and the owner. Everyone else gets 404.
HIDDEN = frozenset({"counter_far", "finance_officer", "other_citizen"})
RESULT = {"number": "15/GP-STP", "issued_on": "2026-02-11", "signer": "Nguyễn Văn Hải"}


@dataclass(frozen=True)
class Endpoint:
    setup: Callable  # world -> dossier in the state the action starts from
    path: str  # after /api/v1/dossiers/{id}
    body: Callable[[Any], dict]  # world -> request body
    allowed: frozenset[str]
    actor: str  # the allowed person used for the happy path
    status: DossierStatus  # the dossier's state afterwards
    bad: Callable[[Any], dict]  # world -> a request the endpoint refuses
    bad_answer: tuple[int, str]  # (HTTP status, error code or pydantic type)
    bad_detail: str  # the Vietnamese message (or its start)
    hidden: frozenset[str] = HIDDEN
    created: int = 200


def _answer_path(world, dossier) -> str:
    step = dossier.steps.get(consulted_from__isnull=False)
    return f"/consultations/{step.pk}/answer"


ENDPOINTS: dict[str, Endpoint] = {
    "accept": Endpoint(
        submitted,
        "/accept",
        lambda w: {"note": "Hồ sơ đầy đủ"},
        frozenset({"counter"}),
        "counter",
        DossierStatus.RECEIVED,
        lambda w: {"components": [{"component_id": 999_999}]},
        (400, "component_not_in_case"),
        "Có thành phần hồ sơ không thuộc trường hợp này",
    ),
    "request_completion": Endpoint(
        submitted,
        "/request-completion",
        lambda w: {"items": ["Tờ khai có chữ ký"], "reason": "Tờ khai chưa ký"},
        frozenset({"counter"}),
        "counter",
        DossierStatus.AWAITING_COMPLETION,
        lambda w: {"items": [" "], "reason": "Thiếu"},
        (400, "items_required"),
        "Cần liệt kê đầy đủ, một lần tất cả giấy tờ, thông tin cần bổ sung, hoàn thiện.",
    ),
    "submit_completion": Endpoint(
        awaiting_completion,
        "/submit-completion",
        lambda w: {"note": "Đã ký tờ khai"},
        frozenset({"counter", "citizen"}),
        "citizen",
        DossierStatus.SUBMITTED,
        lambda w: {"form_data": {"unknown_field": 1}},
        (400, "form_data_invalid"),
        "Thông tin kê khai trên biểu mẫu điện tử không hợp lệ: có trường không có trong biểu mẫu: "
        "unknown_field.",
    ),
    "refuse": Endpoint(
        submitted,
        "/refuse",
        lambda w: {"reasons": "Không thuộc thẩm quyền giải quyết"},
        frozenset({"counter"}),
        "counter",
        DossierStatus.REFUSED,
        lambda w: {"reasons": "   "},
        (400, "reason_required"),
        "Cần nêu rõ lý do.",
    ),
    "withdraw": Endpoint(
        submitted,
        "/withdraw",
        lambda w: {"reason": "Nộp nhầm thủ tục"},
        frozenset({"counter", "citizen"}),
        "citizen",
        DossierStatus.WITHDRAWN,
        lambda w: {"reason": 5},
        (422, "string_type"),
        "Nhập văn bản.",
    ),
    "assign": Endpoint(
        processing,
        "/assign",
        lambda w: {"assignee_id": w.officer2.pk, "department_id": w.department.pk},
        frozenset({"leader"}),
        "leader",
        DossierStatus.PROCESSING,
        lambda w: {"assignee_id": w.finance_officer.pk},
        (400, "assignee_not_in_agency"),
        "Chuyen Vien Tc",
    ),
    "forward": Endpoint(
        processing,
        "/forward",
        lambda w: {"note": "Đã thẩm định"},
        frozenset({"officer", "leader"}),
        "officer",
        DossierStatus.PROCESSING,
        lambda w: {"note": "x" * 4001},
        (422, "string_too_long"),
        "Quá dài: tối đa 4000 ký tự.",
    ),
    "return": Endpoint(
        at_approval,
        "/return",
        lambda w: {"reason": "Bổ sung ý kiến thẩm định"},
        frozenset({"leader"}),
        "leader",
        DossierStatus.PROCESSING,
        lambda w: {"reason": ""},
        (400, "reason_required"),
        "Cần nêu rõ lý do.",
    ),
    "consult": Endpoint(
        processing,
        "/consult",
        lambda w: {"consultations": [{"agency": w.finance.code, "hours": "8"}]},
        frozenset({"officer", "leader"}),
        "officer",
        DossierStatus.INTER_AGENCY,
        lambda w: {"consultations": [{"agency": "H99.99", "hours": 8}]},
        (400, "unknown_reference"),
        "Không có cơ quan nào mang mã “H99.99”.",
    ),
    "answer_consultation": Endpoint(
        consulting,
        "answer",  # the path names the consultation step: see _path()
        lambda w: {"answer": "Không phát sinh nghĩa vụ tài chính"},
        frozenset({"finance_officer"}),
        "finance_officer",
        DossierStatus.PROCESSING,
        lambda w: {"answer": " "},
        (400, "answer_required"),
        "Cần nhập ý kiến của cơ quan.",
        hidden=frozenset({"counter_far", "other_citizen"}),
    ),
    "request_supplement": Endpoint(
        processing,
        "/request-supplement",
        lambda w: {"items": ["Bản sao chứng chỉ hành nghề"], "reason": "Thiếu giấy tờ"},
        frozenset({"officer", "leader"}),
        "officer",
        DossierStatus.AWAITING_SUPPLEMENT,
        lambda w: {"items": [], "reason": "Thiếu giấy tờ"},
        (400, "items_required"),
        "Cần liệt kê đầy đủ, một lần tất cả giấy tờ, thông tin cần bổ sung, hoàn thiện.",
    ),
    "submit_supplement": Endpoint(
        awaiting_supplement,
        "/submit-supplement",
        lambda w: {"note": "Công dân nộp bổ sung tại quầy"},
        frozenset({"counter", "citizen"}),
        "counter",
        DossierStatus.PROCESSING,
        lambda w: {"components": [{"component_id": w.form.pk, "copies": 0}]},
        (400, "invalid_copies"),
        "Số lượng bản của “Tờ khai đề nghị cấp giấy phép” phải từ 1 trở lên.",
    ),
    "request_payment": Endpoint(
        processing,
        "/request-payment",
        lambda w: {"note": "Lệ phí 500.000 đồng"},
        frozenset({"officer", "leader"}),
        "officer",
        DossierStatus.AWAITING_PAYMENT,
        lambda w: {"note": ["không phải văn bản"]},
        (422, "string_type"),
        "Nhập văn bản.",
    ),
    "record_payment": Endpoint(
        awaiting_payment,
        "/record-payment",
        lambda w: {"reference": "BL-0012"},
        frozenset({"counter", "officer", "leader"}),
        "counter",
        DossierStatus.PROCESSING,
        lambda w: {"reference": "x" * 101},
        (422, "string_too_long"),
        "Quá dài: tối đa 100 ký tự.",
    ),
    "refund_payment": Endpoint(
        lambda w: received(w, fee_paid=True),
        "/refund-payment",
        lambda w: {"reason": "Nộp thừa"},
        frozenset({"counter"}),
        "counter",
        DossierStatus.RECEIVED,
        lambda w: {"reason": ""},
        (400, "reason_required"),
        "Cần nêu rõ lý do.",
    ),
    "extend": Endpoint(
        processing,
        "/extend",
        lambda w: {"new_due_at": "2026-03-02T17:00:00+07:00", "reason": "Cần xác minh tại cơ sở"},
        frozenset({"leader"}),
        "leader",
        DossierStatus.PROCESSING,
        # A Sunday; a time without offset is Vietnam time.
        lambda w: {"new_due_at": "2026-03-01T10:00:00", "reason": "Cần xác minh"},
        (400, "invalid_due_date"),
        "Thời hạn mới phải",
    ),
    "approve": Endpoint(
        at_approval,
        "/approve",
        lambda w: {"note": "Đồng ý cấp phép", "results": [RESULT]},
        frozenset({"leader"}),
        "leader",
        DossierStatus.RESOLVED,
        lambda w: {"results": [{**RESULT, "issued_on": "2026-02-12"}]},
        (400, "future_date"),
        "Ngày ban hành kết quả không được sau thời điểm hiện tại.",
    ),
    "not_resolve": Endpoint(
        at_approval,
        "/not-resolve",
        lambda w: {"reasons": "Tổ chức chưa đủ điều kiện hành nghề"},
        frozenset({"leader"}),
        "leader",
        DossierStatus.RESOLVED,
        lambda w: {"reasons": ""},
        (400, "reason_required"),
        "Cần nêu rõ lý do.",
    ),
    "add_result": Endpoint(
        lambda w: resolved(w, with_result=False),
        "/results",
        lambda w: RESULT,
        frozenset({"leader"}),
        "leader",
        DossierStatus.RESOLVED,
        lambda w: {**RESULT, "number": " "},
        (400, "result_invalid"),
        "Văn bản kết quả không hợp lệ",
        created=201,
    ),
    "deliver": Endpoint(
        resolved,
        "/deliver",
        lambda w: {"channel": "counter", "recipient": "Trần Thị Bình"},
        frozenset({"counter"}),
        "counter",
        DossierStatus.RETURNED,
        lambda w: {"channel": "post"},
        (400, "recipient_required"),
        "Cần ghi rõ họ tên người nhận kết quả.",
    ),
    "stop": Endpoint(
        processing,
        "/stop",
        lambda w: {"reason": "Công dân đề nghị dừng", "requested_on": "2026-02-11"},
        frozenset({"counter"}),
        "counter",
        DossierStatus.STOPPED,
        lambda w: {"reason": "Công dân đề nghị dừng", "requested_on": "2026-02-12"},
        (400, "future_date"),
        "Ngày công dân đề nghị không được sau thời điểm hiện tại.",
    ),
    "digitise": Endpoint(
        received,
        "/digitise",
        lambda w: {"component_ids": [w.form.pk]},
        frozenset({"counter"}),
        "counter",
        DossierStatus.RECEIVED,
        lambda w: {"component_ids": [999_999]},
        (400, "component_not_in_case"),
        "Có thành phần hồ sơ không thuộc trường hợp này",
    ),
}

CASES = [pytest.param(name, id=f"{name}_case") for name in ENDPOINTS]


def _path(endpoint: Endpoint, world, dossier) -> str:
    if endpoint.path == "answer":
        return f"/{dossier.pk}{_answer_path(world, dossier)}"
    return f"/{dossier.pk}{endpoint.path}"


@pytest.fixture
def roleless(db):
    """A staff account with no role at all, as a system might be given by mistake."""
    return user_create(
        username="he_thong_khong_vai_tro", password=None, kind=UserKind.STAFF, full_name="LGSP"
    )


@pytest.mark.parametrize("name", CASES)
@pytest.mark.parametrize("auth", ["session", "token"])
def test_the_allowed_person_takes_the_action(world, name, auth):
    # given
    endpoint = ENDPOINTS[name]
    dossier = endpoint.setup(world)
    events_before = dossier.events.count()
    user = getattr(world, endpoint.actor)
    if auth == "token" and user.kind != UserKind.STAFF:
        # Tokens are for systems acting as staff; the counter takes the citizen's place.
        user = world.counter
    caller = caller_with_token(user) if auth == "token" else Caller(user)

    # when
    response = caller.post(_path(endpoint, world, dossier), endpoint.body(world))

    # then
    assert response.status_code == endpoint.created, response.content
    dossier = fresh(dossier)
    assert dossier.status == endpoint.status
    assert dossier.events.count() == events_before + 1
    body = response.json()
    if endpoint.created == 200:
        assert body["id"] == dossier.pk
        assert body["status"] == endpoint.status
        assert body["status_label"] == str(DossierStatus(endpoint.status).label)


@pytest.mark.parametrize("name", CASES)
def test_bad_input_is_explained_in_vietnamese_and_changes_nothing(world, name):
    # given
    endpoint = ENDPOINTS[name]
    dossier = endpoint.setup(world)
    before = snapshot()

    # when
    response = Caller(getattr(world, endpoint.actor)).post(
        _path(endpoint, world, dossier), endpoint.bad(world)
    )

    # then
    status, code = endpoint.bad_answer
    assert response.status_code == status, response.content
    body = response.json()
    if status == 422:
        (error,) = body["detail"]
        assert (error["type"], error["msg"]) == (code, endpoint.bad_detail)
    else:
        assert body["code"] == code
        assert body["detail"].startswith(endpoint.bad_detail), body["detail"]
    assert snapshot() == before


@pytest.mark.parametrize("name", CASES)
def test_everybody_else_is_refused_and_nothing_is_written(world, roleless, name):
    # given
    endpoint = ENDPOINTS[name]
    dossier = endpoint.setup(world)
    path, body = _path(endpoint, world, dossier), endpoint.body(world)
    before = snapshot()

    # when / then
    for actor in ACTORS:
        if actor in endpoint.allowed:
            continue
        response = Caller(getattr(world, actor)).post(path, body)
        if actor in endpoint.hidden:
            assert response.status_code == 404, (actor, response.content)
            assert response.json() == {"code": "not_found", "detail": "Không tìm thấy hồ sơ."}
        else:
            assert response.status_code == 403, (actor, response.content)
            assert response.json()["code"] == "forbidden"
            assert response.json()["detail"].startswith("Bạn không có quyền ")
    assert Caller().post(path, body).status_code == 401
    assert caller_with_token(roleless).post(path, body).status_code == 404
    assert snapshot() == before


def test_a_session_without_the_csrf_token_cannot_act(world):
    dossier = processing(world)
    caller = Caller(world.officer)
    del caller.headers["HTTP_X_CSRFTOKEN"]
    response = caller.post(f"/{dossier.pk}/forward")
    assert response.status_code == 403
    assert fresh(dossier).current_step.position == 2


def test_an_unusable_token_is_refused_even_with_a_session(world):
    dossier = processing(world)
    caller = Caller(world.officer)
    caller.headers["HTTP_AUTHORIZATION"] = "Bearer mc_" + "x" * 43
    response = caller.post(f"/{dossier.pk}/forward")
    assert response.status_code == 401
    assert response.json() == {"detail": "Hãy đăng nhập hoặc gửi mã truy cập API hợp lệ."}
    assert fresh(dossier).current_step.position == 2


def test_a_missing_dossier_is_404_for_everyone(world):
    for actor in ("counter", "leader", "citizen"):
        response = Caller(getattr(world, actor)).post("/999999/forward")
        assert response.status_code == 404
        assert response.json()["code"] == "not_found"


def test_a_consultation_of_another_dossier_is_not_found(world):
    first, second = consulting(world), consulting(world)
    step = second.steps.get(consulted_from__isnull=False)
    response = Caller(world.finance_officer).post(
        f"/{first.pk}/consultations/{step.pk}/answer", {"answer": "Đồng ý"}
    )
    assert response.status_code == 404
    assert fresh(first).status == DossierStatus.INTER_AGENCY


def test_a_state_that_changed_meanwhile_is_a_conflict(world):
    # Two leaders looked at the same dossier at the signing step; the first approves.
    dossier = at_approval(world)
    leader = Caller(world.leader)
    assert leader.post(f"/{dossier.pk}/approve").status_code == 200
    before = snapshot()
    response = leader.post(f"/{dossier.pk}/not-resolve", {"reasons": "Không đủ điều kiện"})
    assert response.status_code == 409
    assert response.json() == {
        "code": "invalid_transition",
        "detail": "Không thể từ chối giải quyết có nêu lý do khi hồ sơ đang ở trạng thái "
        "“Đã giải quyết xong”.",
    }
    assert snapshot() == before


def test_once_only_acts_answer_409_the_second_time(world):
    dossier = processing(world)
    officer = Caller(world.officer)
    body = {"items": ["Bản sao chứng chỉ"], "reason": "Thiếu"}
    assert officer.post(f"/{dossier.pk}/request-supplement", body).status_code == 200
    assert Caller(world.counter).post(f"/{dossier.pk}/submit-supplement").status_code == 200
    response = officer.post(f"/{dossier.pk}/request-supplement", body)
    assert response.status_code == 409
    assert response.json()["code"] == "already_requested"
    assert "11/02/2026" in response.json()["detail"]


def test_the_result_endpoint_answers_the_document(world):
    dossier = resolved(world, with_result=False)
    response = Caller(world.clerk).post(f"/{dossier.pk}/results", RESULT)
    assert response.status_code == 201
    body = response.json()
    assert body == {
        "id": body["id"],
        "name": "Giấy phép hoạt động",
        "number": "15/GP-STP",
        "issued_on": "2026-02-11",
        "signer": "Nguyễn Văn Hải",
    }
    assert fresh(dossier).events.latest("pk").kind == EventKind.RESULT_ISSUED


def test_refund_moves_only_the_payment_track(world):
    dossier = received(world, fee_paid=True)
    response = Caller(world.counter).post(f"/{dossier.pk}/refund-payment", {"reason": "Nộp thừa"})
    assert response.json()["tracks"]["payment"] == {"value": "refunded", "label": "Đã hoàn trả"}
    assert fresh(dossier).payment_status == PaymentStatus.REFUNDED


def test_extension_moves_the_due_moment_and_keeps_the_original(world, now):
    dossier = processing(world)
    now("2026-02-24 16:00")
    response = Caller(world.leader).post(
        f"/{dossier.pk}/extend",
        {"new_due_at": "2026-03-02T17:00:00", "reason": "Cần xác minh tại cơ sở"},
    )
    assert response.status_code == 200
    body = response.json()
    assert (body["due_at"], body["due_at_original"], body["extended_at"]) == (
        "2026-03-02T17:00:00+07:00",
        "2026-02-25T09:00:00+07:00",
        "2026-02-24T16:00:00+07:00",
    )
