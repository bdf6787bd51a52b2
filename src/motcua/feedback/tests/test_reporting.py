"""Counts for the reports: received / handled on time / late / pending per agency."""

from decimal import Decimal

from motcua.feedback.selectors import ticket_counts, ticket_counts_total
from motcua.feedback.services import (
    TicketInput,
    ticket_answer,
    ticket_assign,
    ticket_rate,
    ticket_reject,
    ticket_submit,
    ticket_transfer,
)

from .conftest import at


def send(world, agency=None, category="giai-quyet-tthc"):
    return ticket_submit(
        data=TicketInput(
            category=category,
            agency_id=(agency or world.justice).pk,
            title="Phản ánh",
            content="Nội dung",
        )
    )


def answer(world, ticket, actor=None):
    actor = actor or world.officer
    ticket = ticket_assign(ticket=ticket, actor=actor, assignee=actor)
    return ticket_answer(ticket=ticket, actor=actor, answer="Trả lời")


def test_ticket_counts_per_agency_in_a_window(world, now):
    # given, in February 2026 (due 04/03 for tickets received 11/02)
    on_time = send(world)
    late = send(world)
    rejected = send(world)
    pending_overdue = send(world)
    send(world, category="hanh-vi-can-bo")  # pending within (received later, see below)
    moved = send(world)
    ticket_transfer(ticket=moved, actor=world.officer, to_agency_id=world.finance.pk, reason="x")
    answer(world, on_time)
    ticket_rate(ticket=on_time.__class__.objects.get(pk=on_time.pk), rating="not_satisfied")
    ticket_reject(ticket=rejected, actor=world.officer, reason="Không thuộc thẩm quyền")
    now("2026-03-05 10:00")
    answer(world, late)
    now("2026-03-06 10:00")
    recent = send(world)  # received in the window, due later
    now("2026-03-20 10:00")
    answer(world, pending_overdue)  # answered after the window: pending at its end

    # when
    rows = ticket_counts(start=at("2026-02-01 00:00"), end=at("2026-03-10 00:00"))

    # then
    by_agency = {row.agency_id: row for row in rows}
    justice = by_agency[world.justice.pk]
    assert justice.received == 6
    assert (justice.answered_on_time, justice.answered_late, justice.rejected) == (1, 1, 1)
    # pending at the window's end: "pending_overdue" and the conduct ticket past 04/03,
    # the ticket received on 06/03 still within its time
    assert (justice.pending_within, justice.pending_overdue) == (1, 2)
    assert justice.about_conduct == 1 and justice.about_procedure == 5
    assert justice.not_satisfied == 1
    # 766: on time 1 / (answered 2 + pending past due 2); satisfaction (2 - 1) / 2
    assert justice.on_time_share == Decimal("25.00")
    assert justice.handling_satisfaction_share == Decimal("50.00")
    finance = by_agency[world.finance.pk]
    assert (finance.received, finance.pending_overdue) == (1, 1)
    total = ticket_counts_total(rows)
    assert total.received == 7 and total.agency_id is None
    assert recent.agency == world.justice


def test_no_tickets_gives_full_shares_as_the_national_index_does(world):
    assert ticket_counts(start=at("2026-01-01 00:00"), end=at("2026-02-01 00:00")) == []
    total = ticket_counts_total([])
    assert total.on_time_share == Decimal("100.00")
    assert total.handling_satisfaction_share == Decimal("100.00")


def test_ticket_counts_filter_by_agency(world):
    send(world)
    send(world, agency=world.finance)
    rows = ticket_counts(
        start=at("2026-02-01 00:00"), end=at("2026-03-01 00:00"), agency_ids=[world.finance.pk]
    )
    assert [(r.agency_id, r.received) for r in rows] == [(world.finance.pk, 1)]


def test_indicator_counts_use_the_reporting_catalogue_names(world, now):
    from motcua.feedback.constants import RatingChannel
    from motcua.feedback.selectors import indicator_counts
    from motcua.feedback.services import RatingInput, rating_create

    from .conftest import make_dossier

    for level in ("rat-hai-long", "khong-hai-long"):
        rating_create(
            dossier=make_dossier(world),
            data=RatingInput(level=level, answers={}),
            channel=RatingChannel.COUNTER,
        )
    answered = answer(world, send(world))
    ticket_rate(ticket=answered, rating="not_satisfied")
    answer(world, send(world))
    send(world)  # pending, past due at the window's end
    send(world, agency=world.finance)  # another agency, left out below
    counts = indicator_counts(
        start=at("2026-02-01 00:00"), end=at("2026-04-01 00:00"), agency_ids=[world.justice.pk]
    )
    assert counts == {
        "rated": 2,
        "satisfied": 1,
        "feedback_received": 3,
        "feedback_due": 3,
        "feedback_on_time": 2,
        "feedback_rated": 2,
        "feedback_satisfied": 1,
    }
