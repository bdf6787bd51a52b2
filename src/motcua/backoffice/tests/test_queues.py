"""Work queues: counts, due colours, filters, keyset pages, query count, permissions."""

from __future__ import annotations

import pytest

from motcua.dossiers import queues, services
from motcua.dossiers.queues import DueColour, Queue, Reach

from .conftest import application

pytestmark = pytest.mark.django_db


def _many(world, n: int):
    created = []
    for _ in range(n):
        d = services.dossier_accept(user=world.counter, application=application(world))
        created.append(services.dossier_forward(dossier=d, user=world.counter))
    return created


def test_agency_queue_counts_and_rows(world, processing, received):
    counts = queues.queue_counts(world.officer, reach=Reach.AGENCY)
    assert counts["todo"] == 1  # ``received`` was forwarded: it is the same dossier
    assert counts["done"] is None  # history is not counted on every page view
    page = queues.queue_page(world.officer, reach=Reach.AGENCY, queue=Queue.TODO)
    assert [d.pk for d in page.rows] == [processing.pk]
    assert page.rows[0].due_colour == DueColour.EARLY


def test_mine_queue_follows_assignment(world, processing):
    # Unassigned, the step waits for any processing officer of the agency.
    assert queues.queue_counts(world.officer, reach=Reach.MINE)["todo"] == 1
    assert queues.queue_counts(world.officer2, reach=Reach.MINE)["todo"] == 1
    assert queues.queue_counts(world.leader, reach=Reach.MINE)["todo"] == 0
    services.dossier_assign(dossier=processing, user=world.head, assignee=world.officer)
    assert queues.queue_counts(world.officer, reach=Reach.MINE)["todo"] == 1
    assert queues.queue_counts(world.officer2, reach=Reach.MINE)["todo"] == 0
    assert queues.queue_counts(world.finance_officer, reach=Reach.MINE)["todo"] == 0


def test_mine_queue_of_the_counter(world, received):
    assert queues.queue_counts(world.counter, reach=Reach.MINE)["todo"] == 1
    assert queues.queue_counts(world.counter_far, reach=Reach.MINE)["todo"] == 0


def test_due_colours_move_with_time(world, processing, now):
    now("2026-02-24 16:00")  # due 25/02 09:00 (5 working days past Tết): within a day
    page = queues.queue_page(world.officer, reach=Reach.AGENCY, queue=Queue.DUE_SOON)
    assert [d.pk for d in page.rows] == [processing.pk]
    assert page.rows[0].due_colour == DueColour.DUE_SOON
    now("2026-02-25 10:00")
    page = queues.queue_page(world.officer, reach=Reach.AGENCY, queue=Queue.OVERDUE)
    assert [d.pk for d in page.rows] == [processing.pk]
    assert page.rows[0].due_colour == DueColour.OVERDUE
    assert queues.queue_counts(world.officer, reach=Reach.AGENCY)["due_soon"] == 0


def test_supplement_queue_and_paused_colour(world, processing):
    services.dossier_request_supplement(
        dossier=processing, user=world.officer, items=["Bản sao"], reason="Thiếu"
    )
    counts = queues.queue_counts(world.officer, reach=Reach.AGENCY)
    assert counts["supplement"] == 1 and counts["todo"] == 0
    page = queues.queue_page(world.officer, reach=Reach.AGENCY, queue=Queue.SUPPLEMENT)
    assert page.rows[0].due_colour == DueColour.PAUSED


def test_keyset_pages_cover_every_row_once(world):
    made = _many(world, 5)
    seen, cursor = [], ""
    while True:
        page = queues.queue_page(
            world.officer, reach=Reach.AGENCY, queue=Queue.TODO, cursor=cursor, size=2
        )
        seen += [d.pk for d in page.rows]
        if not page.next_cursor:
            break
        cursor = page.next_cursor
    assert sorted(seen) == sorted(d.pk for d in made)
    assert len(seen) == len(set(seen))
    backwards = queues.queue_page(
        world.officer, reach=Reach.AGENCY, queue=Queue.TODO, descending=True, size=10
    )
    assert [d.pk for d in backwards.rows] == list(reversed(seen))


def test_filters(world, processing):
    other = services.dossier_forward(
        dossier=services.dossier_accept(
            user=world.counter,
            application=application(
                world,
                applicant=application(world).applicant.__class__(
                    kind="person", name="Lê Văn Cường", id_number="086090012345"
                ),
            ),
        ),
        user=world.counter,
    )
    by_id = queues.QueueFilters(applicant="086090012345")
    page = queues.queue_page(world.officer, reach=Reach.AGENCY, queue=Queue.TODO, filters=by_id)
    assert [d.pk for d in page.rows] == [other.pk]
    by_name = queues.QueueFilters(applicant="Bình")
    page = queues.queue_page(world.officer, reach=Reach.AGENCY, queue=Queue.TODO, filters=by_name)
    assert [d.pk for d in page.rows] == [processing.pk]
    other_procedure = queues.QueueFilters(procedure_id=world.joint.procedure_id)
    assert queues.queue_counts(world.officer, reach=Reach.AGENCY, filters=other_procedure) == {
        q.value: 0 if q in queues.COUNTED else None for q in Queue
    }


def test_another_agency_sees_nothing(world, processing):
    assert queues.queue_counts(world.counter_far, reach=Reach.AGENCY)["todo"] == 0
    assert queues.queue_counts(world.finance_officer, reach=Reach.AGENCY)["todo"] == 0


def test_queue_page_view(client, world, processing):
    client.force_login(world.officer)
    response = client.get("/can-bo/hang-doi/?reach=agency&queue=todo")
    assert response.status_code == 200
    body = response.content.decode()
    assert processing.code in body
    assert "due-early" in body


def test_queue_page_bad_filter_keeps_input(client, world, processing):
    client.force_login(world.officer)
    response = client.get(
        "/can-bo/hang-doi/?reach=agency&received_from=2026-03-01&received_to=2026-02-01"
    )
    assert response.status_code == 200
    assert "Ngày bắt đầu không được sau ngày kết thúc" in response.content.decode()


def test_queue_page_query_count_does_not_grow(client, world, django_assert_max_num_queries):
    _many(world, 2)
    client.force_login(world.officer)
    url = "/can-bo/hang-doi/?reach=agency&queue=todo"
    client.get(url)  # warm the calendar cache
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as few:
        client.get(url)
    _many(world, 12)
    with django_assert_max_num_queries(len(few)):
        response = client.get(url)
    assert response.content.decode().count('href="/can-bo/ho-so/') == 14


@pytest.mark.parametrize("who", ["citizen", "nobody"])
def test_queue_page_refuses_non_staff(client, world, who):
    if who == "citizen":
        client.force_login(world.citizen)
        assert client.get("/can-bo/hang-doi/").status_code == 404
    else:
        response = client.get("/can-bo/hang-doi/")
        assert (
            response.status_code == 302 and "login" in response["Location"]
        ) or "dang-nhap" in response["Location"]
