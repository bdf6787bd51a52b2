"""Rollups follow dossier events; incremental equals rebuilt; counts equal raw counts."""

from __future__ import annotations

import datetime as dt

from django.core.management import call_command
from django.db import connection, models, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

import pytest

from motcua.dossiers.error_codes import DossierError
from motcua.dossiers.inputs import ResultInput
from motcua.dossiers.models import ClockPause
from motcua.dossiers.services import dossier_accept, dossier_approve, dossier_forward
from motcua.dossiers.tests.conftest import application
from motcua.reporting.constants import ROLLUP_METRICS
from motcua.reporting.models import (
    AgencyDayRollup,
    AgencyMonthRollup,
    DailyRollup,
    DossierContribution,
    RollupBalance,
)
from motcua.reporting.rollups import rollup_refresh, rollups_rebuild
from motcua.reporting.selectors import counts_from_dossiers, counts_from_rollups

from .lifecycles import run_lifecycles

pytestmark = pytest.mark.django_db


def rollup_table() -> dict[tuple, dict[str, int]]:
    """Every non-zero counter, keyed by the row's dimensions."""
    table = {}
    for row in DailyRollup.objects.all():
        values = {m: getattr(row, m) for m in ROLLUP_METRICS if getattr(row, m)}
        if values:
            key = (row.day, row.agency_id, row.receiving_agency_id, row.procedure_id, row.channel)
            table[key] = values
    return table


@pytest.mark.parametrize("model", [DailyRollup, AgencyDayRollup, AgencyMonthRollup])
def test_model_has_a_column_per_metric(model):
    columns = {f.name for f in model._meta.fields if isinstance(f, models.IntegerField)}
    assert columns - {"id"} == set(ROLLUP_METRICS)


def coarse_tables() -> tuple[dict, dict]:
    """The agency-day and agency-month rows, non-zero counters only."""
    out = []
    for model, first in ((AgencyDayRollup, "day"), (AgencyMonthRollup, "month")):
        table = {}
        for row in model.objects.all():
            values = {m: getattr(row, m) for m in ROLLUP_METRICS if getattr(row, m)}
            if values:
                table[(getattr(row, first), row.agency_id, row.channel)] = values
        out.append(table)
    return tuple(out)


def test_one_dossier_early(world, now):
    dossier = dossier_accept(user=world.counter, application=application(world))
    now("2026-02-11 10:00")
    dossier_forward(dossier=dossier, user=world.counter)
    now("2026-02-12 14:00")
    dossier_forward(dossier=dossier, user=world.officer)
    now("2026-02-13 10:00")
    dossier_approve(
        dossier=dossier,
        user=world.leader,
        results=[ResultInput(number="1/GP", issued_on=dt.date(2026, 2, 13), signer="A")],
    )
    table = rollup_table()
    key = (world.justice.pk, world.centre.pk, world.licence.procedure_id, "counter")
    assert table == {
        (dt.date(2026, 2, 11), *key): {"received": 1},
        (dt.date(2026, 2, 13), *key): {"resolved_early": 1},
    }
    counts = counts_from_rollups(
        agency_ids=frozenset({world.justice.pk}),
        start=dt.date(2026, 2, 1),
        end=dt.date(2026, 2, 28),
    )
    assert counts["received_new"] == counts["received_counter"] == counts["resolved_early"] == 1
    assert counts["in_progress"] == 0
    # Another agency's window sees nothing.
    empty = counts_from_rollups(
        agency_ids=frozenset({world.finance.pk}),
        start=dt.date(2026, 2, 1),
        end=dt.date(2026, 2, 28),
    )
    assert set(empty.values()) == {0}


def test_refused_action_leaves_rollups_alone(world, now):
    dossier = dossier_accept(user=world.counter, application=application(world))
    before = rollup_table()
    stored = DossierContribution.objects.get(dossier=dossier).rows
    with pytest.raises(DossierError):
        # a citizen cannot approve: the whole transition, rollup change included, rolls back
        dossier_approve(dossier=dossier, user=world.citizen)
    assert rollup_table() == before
    assert DossierContribution.objects.get(dossier=dossier).rows == stored


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_incremental_equals_rebuilt(world, now, seed):
    dossiers = run_lifecycles(world, now, seed=seed, steps=70)
    assert len(dossiers) > 5
    incremental = rollup_table()
    assert incremental, "the random run produced no rollups"
    incremental_balance, incremental_coarse = balance_table(), coarse_tables()
    assert incremental_coarse[1], "no monthly rows"
    rollups_rebuild()
    assert rollup_table() == incremental
    assert balance_table() == incremental_balance
    assert coarse_tables() == incremental_coarse
    # the rebuild also leaves stored contributions the next event can diff against
    assert DossierContribution.objects.count() == len(dossiers)


@pytest.mark.parametrize("seed", [4, 5])
def test_counts_from_rollups_equal_raw_counts(world, now, seed):
    run_lifecycles(world, now, seed=seed, steps=80)
    scopes = [None, frozenset({world.justice.pk}), frozenset({world.finance.pk})]
    windows = [
        (dt.date(2026, 3, 1), dt.date(2026, 3, 14)),
        (dt.date(2026, 3, 5), dt.date(2026, 3, 20)),
        (dt.date(2026, 3, 15), dt.date(2026, 6, 14)),
        (dt.date(2025, 12, 15), dt.date(2026, 12, 14)),
        # before every dossier: all flows come after the window, over days and months
        (dt.date(2025, 2, 1), dt.date(2025, 3, 31)),
        (dt.date(2026, 2, 1), dt.date(2026, 2, 28)),
        (dt.date(2026, 3, 1), dt.date(2026, 3, 31)),
    ]
    seen_nonzero = set()
    for agency_ids in scopes:
        for start, end in windows:
            fast = counts_from_rollups(agency_ids=agency_ids, start=start, end=end)
            slow = counts_from_dossiers(agency_ids=agency_ids, start=start, end=end)
            assert fast == slow, (agency_ids, start, end)
            seen_nonzero |= {name for name, value in fast.items() if value}
    # by procedure, and by the procedures of a field
    for procedure in (world.licence.procedure_id, frozenset({world.licence.procedure_id})):
        start, end = windows[3]
        fast = counts_from_rollups(agency_ids=None, start=start, end=end, procedure_id=procedure)
        slow = counts_from_dossiers(agency_ids=None, start=start, end=end, procedure_id=procedure)
        assert fast == slow
    # the random runs exercise the interesting counters, or the equality proves little
    assert {"received_new", "resolved", "in_progress", "carried_over"} <= seen_nonzero


def test_rebuild_command(world, now, capsys):
    dossier = dossier_accept(user=world.counter, application=application(world))
    DailyRollup.objects.all().delete()
    call_command("rollups_rebuild")
    # the day it was received, and the day after its due date, when it would become overdue
    assert "2 rollup rows written." in capsys.readouterr().out
    rows = {r.day: (r.received, r.overdue_start) for r in DailyRollup.objects.all()}
    due = timezone.localdate(dossier.due_at)
    assert rows == {dt.date(2026, 2, 11): (1, 0), due + dt.timedelta(days=1): (0, 1)}


def _row(world) -> dict[str, int]:
    return rollup_table().get(
        (
            dt.date(2026, 2, 11),
            world.justice.pk,
            world.centre.pk,
            world.licence.procedure_id,
            "counter",
        ),
        {},
    )


def balance_table() -> dict[tuple, tuple[int, int, int]]:
    return {
        (b.agency_id, b.procedure_id): (b.open_count, b.overdue_count, b.paused_count)
        for b in RollupBalance.objects.all()
        if (b.open_count, b.overdue_count, b.paused_count) != (0, 0, 0)
    }


def test_saves_outside_events_reach_the_rollups_after_commit(
    world, now, django_capture_on_commit_callbacks
):
    """The documents app records scans without a dossier event."""
    from motcua.dossiers.services.tracks import dossier_digitisation_refresh

    dossier = dossier_accept(user=world.counter, application=application(world))
    assert not _row(world).get("received_digitised")
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        dossier.components.update(is_digitised=True)  # as documents.services does, then:
        dossier_digitisation_refresh(dossier_id=dossier.pk)
        # only marked dirty so far: the refresh waits for the commit
        assert not _row(world).get("received_digitised")
    assert len(callbacks) == 1  # one refresh owed however many saves
    assert _row(world)["received_digitised"] == 1
    incremental = rollup_table()
    rollups_rebuild()
    assert rollup_table() == incremental


def test_a_rolled_back_save_outside_an_event_leaves_rollups_alone(
    world, now, django_capture_on_commit_callbacks
):
    from motcua.dossiers.services.tracks import dossier_digitisation_refresh

    dossier = dossier_accept(user=world.counter, application=application(world))
    before, stored = rollup_table(), DossierContribution.objects.get(dossier=dossier).rows
    with (
        django_capture_on_commit_callbacks(execute=True),
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        dossier.components.update(is_digitised=True)
        dossier_digitisation_refresh(dossier_id=dossier.pk)
        raise RuntimeError("the caller fails after the save")
    assert rollup_table() == before
    assert DossierContribution.objects.get(dossier=dossier).rows == stored
    # a later save in the same outer transaction is still refreshed after commit
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        dossier.components.update(is_digitised=True)
        dossier_digitisation_refresh(dossier_id=dossier.pk)
    assert _row(world)["received_digitised"] == 1


def test_a_save_before_a_rolled_back_event_is_still_refreshed(
    world, now, django_capture_on_commit_callbacks
):
    from motcua.dossiers.services.tracks import dossier_digitisation_refresh

    dossier = dossier_accept(user=world.counter, application=application(world))
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        dossier.components.update(is_digitised=True)
        dossier_digitisation_refresh(dossier_id=dossier.pk)  # marked here
        with pytest.raises(RuntimeError), transaction.atomic():
            dossier_forward(dossier=dossier, user=world.counter)  # its event refreshes
            raise RuntimeError("the forward's block fails after its event")
    assert _row(world)["received_digitised"] == 1


def test_an_intake_refreshes_the_rollups_once(world, now):
    with CaptureQueriesContext(connection) as queries:
        dossier_accept(user=world.counter, application=application(world))
    reporting = [q["sql"] for q in queries.captured_queries if "reporting_" in q["sql"]]
    # lock the contribution; add to the daily rows, the agency-day and agency-month rows and
    # the balance; store the contribution
    assert len(reporting) == 6, reporting
    assert _row(world) == {"received": 1}


@pytest.mark.parametrize("paused", [False, True])
def test_one_refresh_costs_a_bounded_number_of_queries(
    world, now, paused, django_assert_num_queries
):
    dossier = dossier_accept(user=world.counter, application=application(world))
    if paused:
        ClockPause.objects.create(
            dossier=dossier, started_at=timezone.now(), reason="payment", policy="pause"
        )
    expected, expected_balance, expected_coarse = rollup_table(), balance_table(), coarse_tables()
    for model in (DailyRollup, RollupBalance, AgencyDayRollup, AgencyMonthRollup):
        model.objects.all().delete()
    DossierContribution.objects.all().delete()
    # contribution, facts (+ pauses), one upsert each for the daily, agency-day and
    # agency-month rows and the balance, one for the stored contribution, whatever the
    # number of rows touched
    with django_assert_num_queries(8 if paused else 7):
        rollup_refresh(dossier.pk)
    if not paused:
        assert rollup_table() == expected and balance_table() == expected_balance
        assert coarse_tables() == expected_coarse
    # nothing changed since: two reads, no write
    with django_assert_num_queries(3 if paused else 2):
        rollup_refresh(dossier.pk)
