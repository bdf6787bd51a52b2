"""Reads of the dossier API: one dossier, its timeline, what the caller may do, and the lists
(filters and keyset pagination without COUNT)."""

from __future__ import annotations

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

import pytest

from motcua.accounts.constants import UserKind
from motcua.accounts.services import user_create
from motcua.dossiers.access import Actor
from motcua.dossiers.constants import Channel, EventKind
from motcua.dossiers.models import Dossier
from motcua.dossiers.services import dossier_accept, dossier_forward, dossier_submit
from motcua.dossiers.services.transitions import event_write

from .api_helpers import Caller, caller_with_token
from .conftest import OTHER_CITIZEN_ID, applicant, application, joint_application
from .test_permissions import processing, received


def _sql(context: CaptureQueriesContext) -> list[str]:
    return [query["sql"].upper() for query in context.captured_queries]


@pytest.fixture
def roleless(db):
    return user_create(username="lgsp", password=None, kind=UserKind.STAFF, full_name="LGSP")


# --- One dossier --------------------------------------------------------------------------


def test_a_dossier_with_its_components_steps_due_moment_and_tracks(world):
    dossier = processing(world)
    response = Caller(world.officer).get(f"/{dossier.pk}")
    assert response.status_code == 200
    body = response.json()
    assert body["code"] == "H61.17-260211-0001"
    assert (body["status"], body["status_label"]) == ("processing", "Đang xử lý")
    assert body["national_status"] == {"code": 4, "label": "Đang xử lý"}
    assert (body["procedure_code"], body["case"]["id"]) == ("2.000001.H61", world.licence_case.pk)
    assert body["receiving_agency"]["code"] == "H61.17"
    assert body["competent_agency"]["code"] == body["current_agency"]["code"] == "H61.11"
    assert (body["due_at"], body["is_overdue"]) == ("2026-02-25T09:00:00+07:00", False)
    assert body["tracks"] == {
        "payment": {"value": "none", "label": "Không thu phí"},
        "delivery": {"value": "pending", "label": "Chưa có kết quả"},
        "digitisation": {"value": "not_digitised", "label": "Chưa số hóa"},
        "sync": {"value": "not_required", "label": "Không đồng bộ"},
    }
    assert [(c["code"], c["copies"]) for c in body["components"]] == [("TP.01", 1), ("TP.02", 2)]
    steps = [(s["position"], s["agency"]["code"], s["timeliness"]) for s in body["steps"]]
    assert steps == [(1, "H61.17", "on_time"), (2, "H61.11", ""), (3, "H61.11", "")]
    current = next(s for s in body["steps"] if s["id"] == body["current_step_id"])
    assert (current["name"], current["department"]) == (
        "Thẩm định hồ sơ",
        "Phòng Hành chính tư pháp",
    )
    # 22 working hours from Wednesday 09:00: 6 that day, 8 on Thursday, 8 on Friday.
    assert current["due_at"] == "2026-02-13T17:00:00+07:00"
    assert body["applicant"]["id_number"] == "086185012345"


def test_overdue_is_computed_from_the_due_moment(world, now):
    dossier = processing(world)
    now("2026-02-25 08:59")
    officer = Caller(world.officer)  # signed in today: sessions do not last a fortnight
    assert officer.get(f"/{dossier.pk}").json()["is_overdue"] is False
    now("2026-02-25 09:01")
    assert officer.get(f"/{dossier.pk}").json()["is_overdue"] is True
    (item,) = officer.get("/", overdue="true").json()["items"]
    assert (item["id"], item["is_overdue"]) == (dossier.pk, True)


@pytest.mark.parametrize(
    ("actor", "status"),
    [
        ("counter", 200),
        ("officer", 200),
        ("monitor", 200),
        ("citizen", 200),
        ("counter_far", 404),
        ("finance_officer", 404),
        ("other_citizen", 404),
    ],
    ids=lambda value: f"{value}_case" if isinstance(value, str) else str(value),
)
def test_who_sees_a_dossier(world, actor, status):
    dossier = processing(world)
    response = Caller(getattr(world, actor)).get(f"/{dossier.pk}")
    assert response.status_code == status
    if status == 404:
        assert response.json() == {"code": "not_found", "detail": "Không tìm thấy hồ sơ."}


def test_unknown_dossiers_anonymous_callers_and_roleless_systems(world, roleless):
    dossier = processing(world)
    assert Caller(world.officer).get("/999999").status_code == 404
    assert Caller().get(f"/{dossier.pk}").status_code == 401
    assert Caller().get("/").status_code == 401
    assert caller_with_token(roleless).get(f"/{dossier.pk}").status_code == 404
    assert caller_with_token(roleless).get("/").json() == {"items": [], "next": None}
    assert caller_with_token(world.officer).get(f"/{dossier.pk}").status_code == 200


def test_the_timeline_in_order_with_who_did_what(world, now):
    dossier = received(world)
    now("2026-02-11 10:00")
    dossier_forward(dossier=dossier, user=world.counter, note="Chuyển Sở Tư pháp")
    response = Caller(world.citizen).get(f"/{dossier.pk}/events")
    assert response.status_code == 200
    received_event, forwarded = response.json()
    assert (received_event["kind"], received_event["to_status"]) == ("received", "received")
    assert received_event["data"]["code"] == "H61.17-260211-0001"
    assert forwarded["kind_label"] == "Chuyển bước tiếp theo"
    assert (forwarded["from_status"], forwarded["to_status"]) == ("received", "processing")
    assert forwarded["actor"] == {"id": world.counter.pk, "full_name": "Tiep Nhan"}
    assert (forwarded["actor_role"], forwarded["actor_agency"]["code"]) == (
        "counter_officer",
        "H61.17",
    )
    assert (forwarded["note"], forwarded["at"]) == (
        "Chuyển Sở Tư pháp",
        "2026-02-11T10:00:00+07:00",
    )
    assert forwarded["step"]["name"] == "Tiếp nhận, kiểm tra hồ sơ"
    assert (forwarded["step_due_at"], forwarded["step_timeliness"]) == (
        "2026-02-11T11:00:00+07:00",
        "on_time",
    )
    assert Caller(world.other_citizen).get(f"/{dossier.pk}/events").status_code == 404


def test_internal_notes_are_in_the_staff_timeline_only(world, now):
    dossier = received(world)
    now("2026-02-11 10:00")
    event_write(
        dossier=dossier,
        kind=EventKind.NOTE,
        actor=Actor(user=world.counter, role="counter_officer", agency=dossier.receiving_agency),
        at=timezone.now(),
        note="Gọi lại cho người nộp",
    )
    staff_kinds = [e["kind"] for e in Caller(world.counter).get(f"/{dossier.pk}/events").json()]
    owner_kinds = [e["kind"] for e in Caller(world.citizen).get(f"/{dossier.pk}/events").json()]
    assert staff_kinds == ["received", "note"]
    assert owner_kinds == ["received"]


def test_the_actions_the_caller_may_take_now(world):
    dossier = processing(world)
    actions = Caller(world.officer).get(f"/{dossier.pk}/actions").json()
    assert {a["action"] for a in actions} == {
        "forward",
        "return",
        "request_supplement",
        "request_payment",
        "consult",
    }
    assert {"action": "forward", "label": "chuyển hồ sơ sang bước tiếp theo"} in actions
    assert Caller(world.citizen).get(f"/{dossier.pk}/actions").json() == []
    assert Caller(world.other_citizen).get(f"/{dossier.pk}/actions").status_code == 404


# --- Lists --------------------------------------------------------------------------------


@pytest.fixture
def assorted(world, now):
    """Four dossiers: at Justice, received at the centre, by post, and submitted online."""
    licence = processing(world)  # received Wednesday 11/02 09:00, due 25/02 09:00
    joint = dossier_accept(
        user=world.counter,
        application=joint_application(
            world, applicant=applicant(id_number=OTHER_CITIZEN_ID, name="Lê Văn Cường")
        ),
    )
    now("2026-02-12 09:00")
    post = dossier_accept(
        user=world.counter,
        application=application(world, channel=Channel.POST, delivery_channel="post"),
    )
    online = dossier_submit(
        application=application(world, channel=Channel.ONLINE, delivery_channel="online"),
        user=world.citizen,
    )
    return {"licence": licence, "joint": joint, "post": post, "online": online}


def _names(response, assorted) -> set[str]:
    assert response.status_code == 200, response.content
    ids = {item["id"] for item in response.json()["items"]}
    return {name for name, dossier in assorted.items() if dossier.pk in ids}


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        ({}, {"licence", "joint", "post", "online"}),
        ({"status": "received"}, {"joint", "post"}),
        ({"agency": "H61.11"}, {"licence"}),
        ({"procedure": "2.000002.H61"}, {"joint"}),
        ({"overdue": "true"}, {"licence"}),
        ({"overdue": "false"}, {"joint", "post", "online"}),
        ({"due_to": "2026-02-25T23:59:59+07:00"}, {"licence"}),
        ({"due_from": "2026-02-26T00:00:00", "due_to": "2026-02-27T00:00:00"}, {"post"}),
        ({"received_from": "2026-02-12T00:00:00+07:00"}, {"post"}),
        ({"received_to": "2026-02-11T23:59:59+07:00"}, {"licence", "joint"}),
        ({"channel": "post"}, {"post"}),
        ({"channel": "online"}, {"online"}),
        ({"applicant_id": OTHER_CITIZEN_ID}, {"joint"}),
        ({"status": "received", "channel": "counter"}, {"joint"}),
    ],
    ids=lambda value: "_".join(value) + "_case" if isinstance(value, dict) else None,
)
def test_lists_filter(world, now, assorted, filters, expected):
    now("2026-02-26 08:00")  # the licence is overdue; the post dossier is due at 09:00
    response = Caller(world.counter).get("/", **filters)
    assert _names(response, assorted) == expected


def test_each_person_lists_only_what_they_may_see(world, assorted):
    assert _names(Caller(world.citizen).get("/"), assorted) == {"licence", "post", "online"}
    # A counter dossier becomes the account's whose number is the applicant's.
    assert _names(Caller(world.other_citizen).get("/"), assorted) == {"joint"}
    assert _names(Caller(world.finance_officer).get("/"), assorted) == {"joint"}
    assert _names(Caller(world.counter_far).get("/"), assorted) == set()


@pytest.mark.parametrize(
    ("filters", "status", "message"),
    [
        ({"agency": "H00.99"}, 400, "Không có cơ quan nào mang mã “H00.99”."),
        ({"procedure": "9.999999"}, 400, "Không có thủ tục nào mang mã “9.999999”."),
        ({"status": "lost"}, 422, "Chọn một trong các giá trị:"),
        ({"due_from": "25/02/2026"}, 422, "Nhập ngày giờ theo ISO 8601"),
        ({"limit": "500"}, 422, "Phải nhỏ hơn hoặc bằng 200."),
        ({"cursor": "not-a-cursor"}, 422, "Con trỏ phân trang không hợp lệ"),
    ],
    ids=lambda value: "_".join(value) + "_case" if isinstance(value, dict) else None,
)
def test_bad_list_requests_are_explained_in_vietnamese(world, filters, status, message):
    response = Caller(world.counter).get("/", **filters)
    assert response.status_code == status, response.content
    body = response.json()
    detail = body["detail"] if status == 400 else body["detail"][0]["msg"]
    assert detail.startswith(message), detail


@pytest.fixture
def many(world, now):
    """Nine dossiers: ties on the due moment, different days, and two without any."""
    created = []
    for moment in ("2026-02-11 09:00", "2026-02-11 09:00", "2026-02-11 09:00"):
        now(moment)
        created.append(received(world))
    now("2026-02-11 10:00")
    created += [received(world), received(world)]
    created.append(
        dossier_submit(
            application=application(world, channel=Channel.ONLINE, delivery_channel="online"),
            user=world.citizen,
        )
    )
    now("2026-02-12 09:00")
    created.append(dossier_accept(user=world.counter, application=joint_application(world)))
    created.append(
        dossier_submit(
            application=application(world, channel=Channel.ONLINE, delivery_channel="online"),
            user=world.citizen,
        )
    )
    now("2026-02-13 08:00")
    created.append(received(world))
    return list(Dossier.objects.filter(pk__in=[d.pk for d in created]))


def _walk(caller: Caller, *, order: str, limit: int) -> tuple[list[int], list[list[str]]]:
    """Every page of the list; the ids in the order served and the SQL of each page."""
    ids: list[int] = []
    pages_sql: list[list[str]] = []
    cursor = None
    for _page in range(50):
        params = {"order": order, "limit": limit}
        if cursor:
            params["cursor"] = cursor
        with CaptureQueriesContext(connection) as context:
            response = caller.get("/", **params)
        assert response.status_code == 200, response.content
        pages_sql.append(_sql(context))
        body = response.json()
        assert len(body["items"]) <= limit
        ids += [item["id"] for item in body["items"]]
        cursor = body["next"]
        if cursor is None:
            return ids, pages_sql
    raise AssertionError("the pages never end")


def test_keyset_pages_by_due_moment_without_duplicates_gaps_or_count(world, many):
    assert len(many) == 9
    ids, pages_sql = _walk(Caller(world.counter), order="due", limit=2)
    expected = sorted(
        many, key=lambda d: (d.due_at is None, d.due_at.timestamp() if d.due_at else 0, d.pk)
    )
    assert ids == [d.pk for d in expected]
    assert len(pages_sql) == 5
    assert not [sql for page in pages_sql for sql in page if "COUNT(" in sql]
    # Ties on the due moment are broken by id; the dossiers never received come last.
    dues = [Dossier.objects.get(pk=pk).due_at for pk in ids]
    assert dues[:3] == [dues[0]] * 3 and dues[-2:] == [None, None]


def test_keyset_pages_by_receipt_newest_first(world, many):
    ids, pages_sql = _walk(Caller(world.counter), order="received", limit=4)
    expected = sorted(
        many,
        key=lambda d: (
            d.received_at is None,
            -d.received_at.timestamp() if d.received_at else 0,
            -d.pk,
        ),
    )
    assert ids == [d.pk for d in expected]
    assert len(pages_sql) == 3
    assert not [sql for page in pages_sql for sql in page if "COUNT(" in sql]


def test_a_dossier_received_while_paging_shifts_nothing(world, many, now):
    caller = Caller(world.counter)
    first = caller.get("/", order="due", limit=3).json()
    now("2026-02-11 08:00")  # due before everything already seen
    received(world)
    rest: list[int] = []
    cursor = first["next"]
    while cursor:
        page = caller.get("/", order="due", limit=3, cursor=cursor).json()
        rest += [item["id"] for item in page["items"]]
        cursor = page["next"]
    seen = [item["id"] for item in first["items"]] + rest
    assert sorted(seen) == sorted(d.pk for d in many)
    assert len(seen) == len(set(seen))


def test_a_page_costs_the_same_queries_whatever_its_size(world, many):
    caller = Caller(world.counter)
    with CaptureQueriesContext(connection) as small:
        caller.get("/", limit=2)
    with CaptureQueriesContext(connection) as large:
        caller.get("/", limit=9)
    assert len(small.captured_queries) == len(large.captured_queries)


def test_a_cursor_only_fits_its_own_order(world, many):
    caller = Caller(world.counter)
    cursor = caller.get("/", order="due", limit=2).json()["next"]
    response = caller.get("/", order="received", cursor=cursor)
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["query", "cursor"]
