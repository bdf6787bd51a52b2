"""Concurrency on the real database (SQLite and PostgreSQL): N counters receiving at the
same moment get N distinct codes, and of two conflicting actions on one dossier exactly
one wins while the other gets a clear error.

These tests commit for real (``transaction=True``): each thread has its own connection
and its own transaction, as two web workers would.

On SQLite the test database lives in memory with a shared cache, where concurrent
writers fail at once ("table is locked") instead of waiting, unlike any real
deployment. So the SQLite variant copies the committed test data into a database file
and points every thread (the test's own included) at it, with the production connection
options: WAL, IMMEDIATE transactions and the busy timeout.
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Callable, Iterator

from django.db import connection, connections

import pytest

from motcua.accounts.constants import Role
from motcua.dossiers.constants import DossierStatus
from motcua.dossiers.error_codes import DossierError, DossierErrorCode
from motcua.dossiers.models import Dossier, DossierCodeCounter, DossierEvent
from motcua.dossiers.services import (
    dossier_accept,
    dossier_approve,
    dossier_forward,
    dossier_stop,
    dossier_submit,
)

from .conftest import _staff, application

pytestmark = pytest.mark.django_db(transaction=True)

THREADS = 8


@pytest.fixture
def shared_db(world, tmp_path) -> Iterator[Callable[[], None]]:
    """Bind the calling thread to a database every thread can write to concurrently."""
    if connection.vendor != "sqlite":
        yield lambda: None
        return
    path = tmp_path / "concurrent.sqlite3"
    connection.ensure_connection()
    target = sqlite3.connect(path)
    connection.connection.backup(target)
    target.close()
    original = connections["default"]
    settings = {**original.settings_dict, "NAME": str(path)}

    def bind() -> None:
        connections["default"] = type(original)(settings, "default")

    bind()
    try:
        yield bind
    finally:
        connections["default"].close()
        connections["default"] = original


def race(jobs: list[Callable[[], object]], bind: Callable[[], None]) -> list[object]:
    """Run ``jobs`` in threads released together; each result or the exception raised."""
    barrier = threading.Barrier(len(jobs))
    results: list[object] = [None] * len(jobs)

    def run(index: int, job: Callable[[], object]) -> None:
        try:
            bind()
            barrier.wait()
            results[index] = job()
        except Exception as error:
            results[index] = error
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i, job)) for i, job in enumerate(jobs)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return results


def test_concurrent_counter_intakes_get_distinct_consecutive_codes(world, shared_db):
    # given several counter officers of the same centre
    counters = [world.counter] + [
        _staff(f"quay_{i}", Role.COUNTER_OFFICER, world.centre) for i in range(THREADS - 1)
    ]
    # when they all receive a dossier at the same moment
    results = race(
        [
            (lambda user=user: dossier_accept(user=user, application=application(world)))
            for user in counters
        ],
        shared_db,
    )
    # then every intake succeeded with its own number
    errors = [r for r in results if isinstance(r, Exception)]
    assert not errors, errors
    codes = sorted(Dossier.objects.values_list("code", flat=True))
    assert codes == [f"H61.17-260211-{n:04d}" for n in range(1, THREADS + 1)]
    assert DossierCodeCounter.objects.get(agency_code="H61.17").last == THREADS


def test_concurrent_acceptance_of_submitted_dossiers_gets_distinct_codes(world, shared_db):
    submitted = [
        dossier_submit(
            application=application(world, channel="online", delivery_channel="online"),
            user=world.citizen,
        )
        for _ in range(THREADS)
    ]
    results = race(
        [(lambda d=d: dossier_accept(user=world.counter, dossier=d)) for d in submitted],
        shared_db,
    )
    assert not [r for r in results if isinstance(r, Exception)]
    codes = set(Dossier.objects.values_list("code", flat=True))
    assert len(codes) == THREADS


def test_the_same_dossier_accepted_twice_at_once_is_received_once(world, shared_db):
    dossier = dossier_submit(
        application=application(world, channel="online", delivery_channel="online"),
        user=world.citizen,
    )
    results = race([lambda: dossier_accept(user=world.counter, dossier=dossier)] * 2, shared_db)
    failures = [r for r in results if isinstance(r, DossierError)]
    assert len(failures) == 1
    assert failures[0].code == DossierErrorCode.INVALID_TRANSITION
    assert Dossier.objects.get().code == "H61.17-260211-0001"
    assert DossierCodeCounter.objects.get().last == 1
    assert DossierEvent.objects.filter(to_status=DossierStatus.RECEIVED).count() == 1


def test_conflicting_decisions_one_wins_the_other_is_told_why(world, shared_db):
    # given a dossier at the approval step
    dossier = dossier_accept(user=world.counter, application=application(world))
    dossier_forward(dossier=dossier, user=world.counter)
    dossier_forward(dossier=dossier, user=world.officer)
    # when the leader approves while the centre stops it at the citizen's request
    results = race(
        [
            lambda: dossier_approve(dossier=dossier, user=world.leader),
            lambda: dossier_stop(dossier=dossier, user=world.counter, reason="Công dân xin dừng"),
        ],
        shared_db,
    )
    # then exactly one happened, the other was refused with the state it found
    winners = [r for r in results if isinstance(r, Dossier)]
    losers = [r for r in results if isinstance(r, DossierError)]
    assert len(winners) == 1 and len(losers) == 1, results
    assert losers[0].code == DossierErrorCode.INVALID_TRANSITION
    final = Dossier.objects.get()
    assert final.status in (DossierStatus.RESOLVED, DossierStatus.STOPPED)
    assert final.status == winners[0].status
    assert DossierEvent.objects.filter(to_status=final.status).count() == 1
