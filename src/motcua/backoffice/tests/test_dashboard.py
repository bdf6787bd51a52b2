"""The agency dashboard: figures, the lists behind them, the chart, queries, permissions."""

from __future__ import annotations

import re

from django.db import connection
from django.test.utils import CaptureQueriesContext

import pytest

from motcua.dossiers import queues, services

from .conftest import application

pytestmark = pytest.mark.django_db
URL = "/can-bo/bang-dieu-khien/"


def _received(world, n=1):
    return [
        services.dossier_accept(user=world.counter, application=application(world))
        for _ in range(n)
    ]


def test_figures(world, now):
    first, _second = _received(world, 2)
    online = services.dossier_submit(
        application=application(world, channel="online"), user=world.citizen
    )
    services.dossier_accept(dossier=online, user=world.counter)
    figures = queues.dashboard(world.counter)
    assert figures.today.received == 3 and figures.month.received == 3
    assert figures.month_online == 1
    assert figures.today.resolved == 0
    # Resolve one early: forward twice and approve.
    d = services.dossier_forward(dossier=first, user=world.counter)
    d = services.dossier_forward(dossier=d, user=world.officer)
    services.dossier_approve(dossier=d, user=world.leader)
    figures = queues.dashboard(world.leader)
    assert figures.today.resolved == 1 and figures.today.early == 1
    now("2026-03-02 09:00")  # every other dossier is past its due moment now
    figures = queues.dashboard(world.counter)
    assert figures.overdue == 2
    assert figures.today.received == 0 and figures.month.received == 0
    assert sum(day["received"] for day in figures.trend) == 3


def test_dashboard_page_links_lead_to_the_same_numbers(login, world, now):
    _received(world, 3)
    now("2026-03-02 09:00")
    client = login(world.counter)
    body = client.get(URL).content.decode()
    assert "<svg" in body and "bar-received" in body
    # SVG numbers use a dot whatever the language (vi writes decimals with a comma).
    assert re.search(r'<rect x="[0-9.]+" y="[0-9.]+" width="[0-9.]+" height="[0-9.]+"', body)
    link = re.search(r'href="([^"]*overdue=1[^"]*)">(\d+)<', body)
    assert link and link[2] == "3"
    listing = client.get(link[1].replace("&amp;", "&")).content.decode()
    assert listing.count('href="/can-bo/ho-so/') == 3


def test_dashboard_query_count_does_not_grow(login, world, django_assert_max_num_queries):
    _received(world, 1)
    client = login(world.counter)
    client.get(URL)
    with CaptureQueriesContext(connection) as few:
        client.get(URL)
    _received(world, 10)
    with django_assert_max_num_queries(len(few)):
        assert client.get(URL).status_code == 200


def test_another_province_sees_zero(login, world):
    _received(world, 2)
    assert queues.dashboard(world.counter_far).today.received == 0


def test_citizen_gets_404(login, world):
    assert login(world.citizen).get(URL).status_code == 404


def test_a_dossier_received_last_month_counts_as_resolved_this_month(world, now):
    # The month's figures read only rows received or resolved in the month (or in hand):
    # one resolved now but received in February must still be counted as resolved.
    (dossier,) = _received(world)
    now("2026-03-02 09:00")
    d = services.dossier_forward(dossier=dossier, user=world.counter)
    d = services.dossier_forward(dossier=d, user=world.officer)
    services.dossier_approve(dossier=d, user=world.leader)
    figures = queues.dashboard(world.leader)
    assert figures.month.received == 0
    assert figures.month.resolved == 1
    assert figures.today.resolved == 1
