"""Dossiers walked from submission to delivery through the REST API alone, with the real
2026 calendar (Tết: Saturday 14 to Sunday 22/02 off) and the clock pinned.

Each party calls as itself: the citizen from the portal's session, the counter and the
Department of Justice from the back office, the Department of Finance's system with its
token. Sessions are opened on the day each party acts, as people sign in each morning.
"""

from __future__ import annotations

from .api_helpers import Caller, application_body, caller_with_token, online_body


def test_online_submission_to_delivery_with_an_inter_agency_opinion(world, now):
    # Wednesday 11/02/2026 09:00: the citizen submits online; the portal retries once.
    citizen = Caller(world.citizen)
    key = "portal-7f3d2c1a"
    submitted = citizen.post("/", online_body(world), HTTP_IDEMPOTENCY_KEY=key)
    assert submitted.status_code == 201
    dossier_id = submitted.json()["id"]
    assert (
        citizen.post("/", online_body(world), HTTP_IDEMPOTENCY_KEY=key).json()["id"] == dossier_id
    )

    # 09:30: the counter checks and accepts it. Online, the case takes 4 working days:
    # Thursday 12, Friday 13, then Monday 23 and Tuesday 24 after Tết.
    now("2026-02-11 09:30")
    counter = Caller(world.counter)
    accepted = counter.post(f"/{dossier_id}/accept", {"note": "Hồ sơ hợp lệ"}).json()
    assert accepted["code"] == "H61.17-260211-0001"
    assert accepted["status"] == "received"
    assert accepted["due_at"] == accepted["due_at_original"] == "2026-02-24T09:30:00+07:00"

    # 10:00: the counter hands over to Justice; its appraisal step has 22 working hours:
    # 5 on Wednesday, 8 on Thursday, 8 on Friday and 1 on Monday after Tết.
    now("2026-02-11 10:00")
    forwarded = counter.post(f"/{dossier_id}/forward", {"note": "Chuyển Sở Tư pháp"}).json()
    assert (forwarded["status"], forwarded["current_agency"]["code"]) == ("processing", "H61.11")
    appraisal = next(s for s in forwarded["steps"] if s["id"] == forwarded["current_step_id"])
    assert appraisal["due_at"] == "2026-02-23T08:00:00+07:00"

    # The head of department assigns an officer.
    head = Caller(world.head)
    assigned = head.post(
        f"/{dossier_id}/assign",
        {"assignee_id": world.officer.pk, "department_id": world.department.pk},
    ).json()
    assert assigned["assignee"] == {"id": world.officer.pk, "full_name": "Chuyen Vien"}

    # Thursday 09:00: the officer asks Finance for its opinion within 8 working hours.
    now("2026-02-12 09:00")
    officer = Caller(world.officer)
    consulting = officer.post(
        f"/{dossier_id}/consult",
        {"consultations": [{"agency": "H61.12", "hours": 8}], "note": "Xin ý kiến"},
    ).json()
    assert consulting["status"] == "inter_agency"
    assert consulting["national_status"]["code"] == 4
    (asked,) = [s for s in consulting["steps"] if s["consultation_of"] is not None]
    assert (asked["agency"]["code"], asked["due_at"]) == ("H61.12", "2026-02-13T09:00:00+07:00")
    # Justice cannot move on while Finance has not answered.
    blocked = officer.post(f"/{dossier_id}/forward")
    assert (blocked.status_code, blocked.json()["code"]) == (409, "consultation_pending")

    # Finance's system answers through its token the same afternoon.
    now("2026-02-12 14:00")
    finance = caller_with_token(world.finance_officer)
    answered = finance.post(
        f"/{dossier_id}/consultations/{asked['id']}/answer",
        {"answer": "Không phát sinh nghĩa vụ tài chính"},
    ).json()
    assert answered["status"] == "processing"

    # 15:00: appraisal done early; the leader's signing step has 8 hours (2 today, 6 Friday).
    now("2026-02-12 15:00")
    officer = Caller(world.officer)
    at_signing = officer.post(f"/{dossier_id}/forward").json()
    signing = next(s for s in at_signing["steps"] if s["id"] == at_signing["current_step_id"])
    assert (signing["position"], signing["due_at"]) == (3, "2026-02-13T15:00:00+07:00")

    # Friday 10:00: the leader approves with the licence.
    now("2026-02-13 10:00")
    leader = Caller(world.leader)
    approved = leader.post(
        f"/{dossier_id}/approve",
        {
            "note": "Đồng ý cấp phép",
            "results": [
                {"number": "15/GP-STP", "issued_on": "2026-02-13", "signer": "Nguyễn Văn Hải"}
            ],
        },
    ).json()
    assert (approved["status"], approved["outcome"], approved["timeliness"]) == (
        "resolved",
        "approved",
        "early",
    )
    assert approved["national_status"] == {"code": 9, "label": "Đã xử lý xong"}
    assert approved["tracks"]["delivery"]["value"] == "ready"

    # Monday 23/02 after Tết: the counter posts the result (online needs a signed file).
    now("2026-02-23 08:00")
    counter = Caller(world.counter)
    delivered = counter.post(
        f"/{dossier_id}/deliver", {"channel": "post", "recipient": "Trần Thị Bình"}
    ).json()
    assert (delivered["status"], delivered["national_status"]["code"]) == ("returned", 10)
    assert delivered["returned_at"] == "2026-02-23T08:00:00+07:00"
    assert delivered["tracks"]["delivery"] == {"value": "delivered", "label": "Đã trả kết quả"}

    # The citizen follows it all on the timeline.
    citizen = Caller(world.citizen)
    kinds = [event["kind"] for event in citizen.get(f"/{dossier_id}/events").json()]
    assert kinds == [
        "submitted",
        "received",
        "forwarded",
        "assigned",
        "consultation_sent",
        "consultation_answered",
        "forwarded",
        "approved",
        "delivered",
    ]
    steps = citizen.get(f"/{dossier_id}").json()["steps"]
    # The consultation is a step of its own beside the appraisal that asked for it.
    assert [(s["position"], s["agency"]["code"], s["timeliness"]) for s in steps] == [
        (1, "H61.17", "on_time"),
        (2, "H61.11", "early"),
        (2, "H61.12", "early"),
        (3, "H61.11", "on_time"),  # signed on its due date, before its due hour
    ]


def test_counter_receipt_supplement_with_the_clock_paused_and_a_late_approval(world, now):
    # Wednesday 11/02 09:00 at the counter: 5 working days, due Wednesday 25/02 09:00.
    counter = Caller(world.counter)
    dossier = counter.post("/receive", application_body(world)).json()
    dossier_id = dossier["id"]
    assert dossier["due_at"] == "2026-02-25T09:00:00+07:00"
    now("2026-02-11 09:30")
    counter.post(f"/{dossier_id}/forward")

    # Thursday 09:00: Justice asks for a supplement; the clock pauses (version's policy).
    now("2026-02-12 09:00")
    waiting = (
        Caller(world.officer)
        .post(
            f"/{dossier_id}/request-supplement",
            {
                "items": ["Bản sao chứng chỉ hành nghề"],
                "reason": "Thiếu giấy tờ chứng minh điều kiện",
            },
        )
        .json()
    )
    assert waiting["status"] == "awaiting_supplement"
    assert waiting["national_status"]["code"] == 5
    (pause,) = waiting["clock_pauses"]
    assert (pause["reason"], pause["policy"], pause["ended_at"]) == ("supplement", "pause", None)

    # Past the old due moment nothing is overdue: the clock is paused.
    now("2026-02-26 10:00")
    staff = Caller(world.counter)
    assert staff.get("/", overdue="true").json()["items"] == []

    # Monday 23/02 09:00 the citizen hands in the supplement: 6 h Thursday + 8 h Friday
    # + 2 h Monday = 16 h = two working days added to the due moment.
    now("2026-02-23 09:00")
    resumed = Caller(world.citizen).post(f"/{dossier_id}/submit-supplement").json()
    assert resumed["status"] == "processing"
    assert resumed["due_at"] == "2026-02-27T09:00:00+07:00"
    assert resumed["due_at_original"] == "2026-02-25T09:00:00+07:00"
    due_between = Caller(world.counter).get(
        "/", due_from="2026-02-27T00:00:00", due_to="2026-02-27T23:59:59"
    )
    assert [item["id"] for item in due_between.json()["items"]] == [dossier_id]

    # Appraised on Thursday 26/02, approved on Monday 02/03: late by date.
    now("2026-02-26 10:00")
    Caller(world.officer).post(f"/{dossier_id}/forward")
    now("2026-03-02 09:00")
    assert Caller(world.counter).get(f"/{dossier_id}").json()["is_overdue"] is True
    approved = Caller(world.leader).post(f"/{dossier_id}/approve").json()
    assert (approved["status"], approved["timeliness"], approved["is_overdue"]) == (
        "resolved",
        "late",
        False,
    )
