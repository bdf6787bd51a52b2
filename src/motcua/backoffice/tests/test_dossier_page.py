"""The dossier page: what it shows, buttons by role and state, actions once, notes."""

from __future__ import annotations

import pytest

from motcua.backoffice.models import ActionToken
from motcua.dossiers.constants import DossierStatus, EventKind
from motcua.dossiers.error_codes import DossierError
from motcua.dossiers.models import Dossier
from motcua.dossiers.tests.helpers import kinds, snapshot

from .helpers import token_of

pytestmark = pytest.mark.django_db


def url(dossier, action=""):
    base = f"/can-bo/ho-so/{dossier.pk}/"
    return f"{base}thao-tac/{action}/" if action else base


def test_page_shows_the_dossier(login, world, processing):
    response = login(world.officer).get(url(processing))
    assert response.status_code == 200
    body = response.content.decode()
    assert processing.code in body and "Trần Thị Bình" in body
    assert "Thẩm định hồ sơ" in body  # current step
    assert world.form.name in body  # components
    assert "Tiếp nhận" in body or "received" in body  # timeline


def test_buttons_follow_role_and_state(login, world, processing):
    officer_page = login(world.officer).get(url(processing)).content.decode()
    assert 'id="forward"' in officer_page and 'id="request_supplement"' in officer_page
    assert 'id="approve"' not in officer_page
    leader_page = login(world.leader).get(url(processing)).content.decode()
    assert 'id="assign"' in leader_page and 'id="approve"' not in leader_page  # not at step 3


@pytest.mark.parametrize("who", ["counter_far", "finance_officer", "citizen", "other_citizen"])
def test_other_agency_and_citizens_get_404(login, world, processing, who):
    client = login(getattr(world, who))
    assert client.get(url(processing)).status_code == 404
    before = snapshot()
    response = client.post(url(processing, "forward"), {"forward-confirm": "on"})
    assert response.status_code == 404
    assert snapshot() == before


def test_missing_dossier_is_404(login, world):
    assert login(world.officer).get("/can-bo/ho-so/999999/").status_code == 404


def test_forward_once_even_when_sent_twice(login, world, processing):
    client = login(world.officer)
    token = token_of(client.get(url(processing)).content.decode(), "forward")
    data = {"forward-form_token": token, "forward-confirm": "on", "forward-note": "Đủ điều kiện"}
    first = client.post(url(processing, "forward"), data)
    assert first.status_code == 302
    again = client.post(url(processing, "forward"), data)
    assert again.status_code == 302
    dossier = Dossier.objects.get(pk=processing.pk)
    assert kinds(dossier).count(EventKind.FORWARDED) == 2  # counter's + this one, not three
    assert dossier.current_step.position == 3
    assert ActionToken.objects.filter(token=token).count() == 1


def test_unconfirmed_form_keeps_what_was_typed(login, world, processing):
    client = login(world.officer)
    token = token_of(client.get(url(processing)).content.decode(), "return")
    before = snapshot()
    response = client.post(
        url(processing, "return"),
        {"return-form_token": token, "return-reason": "Thiếu chữ ký của người đề nghị"},
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert "Thiếu chữ ký của người đề nghị" in body
    assert "Đánh dấu ô xác nhận" in body
    assert snapshot() == before


def test_engine_refusal_is_shown_and_token_reusable(login, world, processing):
    client = login(world.officer)
    page = client.get(url(processing)).content.decode()
    token = token_of(page, "request_supplement")
    data = {
        "request_supplement-form_token": token,
        "request_supplement-confirm": "on",
        "request_supplement-items": "Bản sao giấy tờ",
        "request_supplement-reason": "Thiếu",
    }
    assert client.post(url(processing, "request_supplement"), data).status_code == 302
    assert Dossier.objects.get(pk=processing.pk).status == DossierStatus.AWAITING_SUPPLEMENT
    # Supplement arrives at the counter, then a second request is refused by the engine.
    counter = login(world.counter)
    t2 = token_of(counter.get(url(processing)).content.decode(), "submit_supplement")
    counter.post(
        url(processing, "submit_supplement"),
        {"submit_supplement-form_token": t2, "submit_supplement-confirm": "on"},
    )
    client = login(world.officer)
    token = token_of(client.get(url(processing)).content.decode(), "request_supplement")
    data["request_supplement-form_token"] = token
    before = snapshot()
    response = client.post(url(processing, "request_supplement"), data)
    assert response.status_code == 400
    assert "Bản sao giấy tờ" in response.content.decode()  # typed text kept
    assert snapshot() == before
    assert not ActionToken.objects.filter(token=token).exists()  # rolled back with the action


def test_unknown_action_is_404(login, world, processing):
    client = login(world.officer)
    assert client.post(url(processing, "explode"), {}).status_code == 404


def test_action_not_allowed_for_role(login, world, processing):
    client = login(world.officer)
    token = token_of(client.get(url(processing)).content.decode(), "forward")
    before = snapshot()
    response = client.post(
        url(processing, "approve"), {"approve-form_token": token, "approve-confirm": "on"}
    )
    assert response.status_code == 400
    assert snapshot() == before


def test_note_is_added_once(login, world, processing):
    client = login(world.officer)
    token = token_of(client.get(url(processing)).content.decode(), "note")
    data = {"note-form_token": token, "note-text": "Đã gọi điện cho người nộp"}
    assert client.post(url(processing) + "ghi-chu/", data).status_code == 302
    assert client.post(url(processing) + "ghi-chu/", data).status_code == 302
    notes = Dossier.objects.get(pk=processing.pk).events.filter(kind=EventKind.NOTE)
    assert [n.note for n in notes] == ["Đã gọi điện cho người nộp"]
    assert "Đã gọi điện cho người nộp" in client.get(url(processing)).content.decode()


def test_empty_note_is_refused(login, world, processing):
    client = login(world.officer)
    token = token_of(client.get(url(processing)).content.decode(), "note")
    response = client.post(url(processing) + "ghi-chu/", {"note-form_token": token})
    assert response.status_code == 400
    assert not Dossier.objects.get(pk=processing.pk).events.filter(kind=EventKind.NOTE).exists()


def test_full_walk_through_the_screens(login, world, processing):
    """Officer forwards, leader approves with a result, counter delivers."""

    def act(user, action, **fields):
        client = login(user)
        token = token_of(client.get(url(processing)).content.decode(), action)
        data = {f"{action}-{k}": v for k, v in {"confirm": "on", **fields}.items()}
        data[f"{action}-form_token"] = token
        response = client.post(url(processing, action), data)
        assert response.status_code == 302, response.content.decode()[:3000]

    act(world.officer, "forward")
    act(
        world.leader,
        "approve",
        result_number="12/GP-STP",
        result_date="2026-02-11",
        result_signer="Giám đốc",
    )
    act(world.counter, "deliver", channel="counter", recipient="Trần Thị Bình 086185012345")
    dossier = Dossier.objects.get(pk=processing.pk)
    assert dossier.status == DossierStatus.RETURNED
    assert dossier.results.get().number == "12/GP-STP"


def _act(login, user, dossier, action, **fields):
    client = login(user)
    token = token_of(client.get(url(dossier)).content.decode(), action)
    data = {f"{action}-{k}": v for k, v in {"confirm": "on", **fields}.items()}
    data[f"{action}-form_token"] = token
    return client.post(url(dossier, action), data)


def test_consultation_asked_and_answered(login, world, processing):
    response = _act(login, world.officer, processing, "consult", agency=world.finance.pk, hours="8")
    assert response.status_code == 302
    assert Dossier.objects.get(pk=processing.pk).status == DossierStatus.INTER_AGENCY
    # The consulted agency now sees the dossier and may answer; nothing else.
    finance_page = login(world.finance_officer).get(url(processing)).content.decode()
    assert 'id="answer_consultation"' in finance_page and 'id="forward"' not in finance_page
    answer = _act(login, world.finance_officer, processing, "answer_consultation", answer="Đồng ý")
    assert answer.status_code == 302
    assert Dossier.objects.get(pk=processing.pk).status == DossierStatus.PROCESSING


def test_head_assigns_an_officer(login, world, processing):
    response = _act(login, world.head, processing, "assign", assignee=world.officer2.pk)
    assert response.status_code == 302
    assert Dossier.objects.get(pk=processing.pk).assignee == world.officer2
    # The step is now the assignee's: the other officer no longer sees forward.
    assert 'id="forward"' not in login(world.officer).get(url(processing)).content.decode()


def test_assign_needs_someone(login, world, processing):
    before = snapshot()
    response = _act(login, world.head, processing, "assign")
    assert response.status_code == 400
    assert "cán bộ hoặc phòng" in response.content.decode()
    assert snapshot() == before


def test_leader_apologises_and_extends(login, world, processing):
    response = _act(
        login, world.leader, processing, "extend", new_due="2026-03-04T16:00", reason="Chờ xác minh"
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    dossier = Dossier.objects.get(pk=processing.pk)
    assert dossier.extended_at is not None
    assert dossier.due_at.isoformat().startswith("2026-03-04T09:00")  # 16:00 in Vietnam, UTC


def test_notes_stay_internal(world, processing):
    from motcua.backoffice.services import dossier_note_add
    from motcua.dossiers.selectors import dossier_timeline_for

    processing.owner = world.citizen
    processing.save(update_fields=["owner"])
    dossier_note_add(dossier=processing, user=world.officer, note="Chỉ cán bộ đọc")
    assert "Chỉ cán bộ đọc" in [e.note for e in dossier_timeline_for(world.officer, processing)]
    assert "Chỉ cán bộ đọc" not in [e.note for e in dossier_timeline_for(world.citizen, processing)]
    with pytest.raises(DossierError):
        dossier_note_add(dossier=processing, user=world.citizen, note="Tôi cũng ghi")


def test_due_moment_colour_on_the_page(login, world, processing, now):
    client = login(world.officer)
    assert "due-early" in client.get(url(processing)).content.decode()
    now("2026-02-25 10:00")
    client = login(world.officer)  # a fresh session at the new time
    assert "due-overdue" in client.get(url(processing)).content.decode()
