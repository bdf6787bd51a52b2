"""The dataset generator on the demo province: well-formed, consistent, deterministic.

A few hundred dossiers over the default period, on SQLite and PostgreSQL alike. The
checks are those a real dataset must pass too: codes unique and following the daily
counters, every event log a chain of states ending in the dossier's state, due moments
computed by the calendar, and the shares of the distributions in their bands.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import itertools
import json
import re
from collections import Counter, defaultdict

from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection, transaction
from django.utils import timezone

import pytest

from motcua.accounts.identity import parse_personal_id, validate_tax_code
from motcua.accounts.models import User
from motcua.agencies.demo import demo_province_load
from motcua.agencies.models import Agency
from motcua.dossiers import deadlines, generation_extras
from motcua.dossiers.constants import (
    ApplicantKind,
    Channel,
    DeliveryStatus,
    DossierStatus,
    EventKind,
    Timeliness,
)
from motcua.dossiers.models import (
    ClockPause,
    Dossier,
    DossierCodeCounter,
    DossierComponent,
    DossierEvent,
    DossierResult,
    DossierStep,
)
from motcua.dossiers.services.codes import dossier_code_issue
from motcua.dossiers.validation import form_data_check
from motcua.workcalendar.engine import VN_TZ
from motcua.workcalendar.selectors import work_calendar_get

pytestmark = pytest.mark.django_db

PROVINCE = "H61"
N = 300
CODE = re.compile(r"^(?P<agency>H61(?:\.\d+)+)-(?P<day>\d{6})-(?P<seq>\d{4,})$")
RECEIVED_STATES = {
    DossierStatus.RECEIVED,
    DossierStatus.PROCESSING,
    DossierStatus.INTER_AGENCY,
    DossierStatus.AWAITING_SUPPLEMENT,
    DossierStatus.AWAITING_PAYMENT,
    DossierStatus.RESOLVED,
    DossierStatus.RETURNED,
    DossierStatus.STOPPED,
}


@pytest.fixture
def province(time_machine, settings, tmp_path):
    """The demo province and catalogue, the calendar, and a clock after the default period."""
    settings.DOCUMENTS_ROOT = tmp_path / "documents"  # the placeholder files' links
    time_machine.move_to(dt.datetime(2026, 11, 21, 10, 0, tzinfo=VN_TZ), tick=False)
    quiet = io.StringIO()
    call_command("seed_calendar", verbosity=0, stdout=quiet)
    call_command("load_admin_units", verbosity=0, stdout=quiet)
    demo_province_load(agency_code=PROVINCE)
    call_command("load_demo_catalogue", province=PROVINCE, verbosity=0, stdout=quiet)


def generate(seed: int = 5, dossiers: int = N) -> str:
    out = io.StringIO()
    call_command(
        "generate_dataset", dossiers=dossiers, seed=seed, force=True, batch=120, stdout=out
    )
    return out.getvalue()


def wipe() -> None:
    """Remove the generated dossiers (events are append-only for the application, not here)."""
    with connection.cursor() as cursor:
        # The other apps' rows that point at dossiers first (generation_extras.TABLES).
        cursor.execute(f"UPDATE {DossierComponent._meta.db_table} SET reused_entry_id = NULL")
        for model, _ in reversed(list(generation_extras.TABLES.values())):
            cursor.execute(f"DELETE FROM {model._meta.db_table}")
        for model in (DossierEvent, ClockPause, DossierResult, DossierComponent):
            cursor.execute(f"DELETE FROM {model._meta.db_table}")
        cursor.execute(f"UPDATE {Dossier._meta.db_table} SET current_step_id = NULL")
        for model in (DossierStep, Dossier, DossierCodeCounter):
            cursor.execute(f"DELETE FROM {model._meta.db_table}")


def digest() -> str:
    """Everything generated, with database ids replaced by their rank in this run."""
    dossiers = list(Dossier.objects.order_by("pk"))
    base = {
        "dossier": dossiers[0].pk,
        "step": DossierStep.objects.order_by("pk").values_list("pk", flat=True).first(),
        "result": DossierResult.objects.order_by("pk").values_list("pk", flat=True).first() or 0,
    }
    users = dict(User.objects.values_list("pk", "username"))
    h = hashlib.sha256()
    for d in dossiers:
        h.update(
            repr(
                (
                    d.pk - base["dossier"],
                    d.code,
                    d.status,
                    d.channel,
                    d.case_id,
                    d.receiving_agency_id,
                    d.competent_agency_id,
                    d.applicant_name,
                    d.applicant_id_number,
                    users.get(d.owner_id),
                    users.get(d.assignee_id),
                    d.submitted_at,
                    d.received_at,
                    d.due_at,
                    d.resolved_at,
                    d.returned_at,
                    d.timeliness,
                )
            ).encode()
        )
    for e in DossierEvent.objects.order_by("dossier_id", "at", "pk"):
        data = dict(e.data)
        if "to_step" in data:
            data["to_step"] -= base["step"]
        for result in data.get("results", ()):
            result["id"] -= base["result"]
        h.update(
            repr(
                (
                    e.dossier_id - base["dossier"],
                    e.kind,
                    e.from_status,
                    e.to_status,
                    users.get(e.actor_id),
                    e.actor_role,
                    e.actor_agency_id,
                    e.at,
                    e.note,
                    json.dumps(data, sort_keys=True),
                    e.step_id - base["step"] if e.step_id else None,
                    e.step_due_at,
                    e.step_timeliness,
                )
            ).encode()
        )
    return h.hexdigest()


def test_refuses_without_debug_unless_forced(province):
    with pytest.raises(CommandError, match="DEBUG"):
        call_command("generate_dataset", dossiers=10, stdout=io.StringIO())


def test_refuses_a_period_in_the_future(province):
    with pytest.raises(CommandError, match="future"):
        call_command(
            "generate_dataset", dossiers=10, end="2027-01-01", force=True, stdout=io.StringIO()
        )


def test_generates_a_consistent_dataset(province):
    out = generate()
    assert f"Done: {N} dossiers" in out
    dossiers = list(Dossier.objects.select_related("case", "receiving_agency").order_by("pk"))
    assert len(dossiers) == N
    statuses = Counter(d.status for d in dossiers)
    assert set(statuses) <= set(DossierStatus.values) - {DossierStatus.DRAFT}
    assert statuses[DossierStatus.RETURNED] > 0.8 * N  # most of the period is long past

    # Codes: unique, <receiving agency>-<local day of receipt>-<sequence>, sequences 1..n in
    # order of receipt per agency and day, and the counters at the last one.
    received = [d for d in dossiers if d.received_at is not None]
    assert {d.status for d in received} <= RECEIVED_STATES
    assert all(d.code is None for d in dossiers if d.received_at is None)
    codes = [d.code for d in received]
    assert len(set(codes)) == len(codes)
    by_day = defaultdict(list)
    for d in received:
        match = CODE.match(d.code)
        assert match, d.code
        local = timezone.localtime(d.received_at)
        assert match["agency"] == d.receiving_agency.code
        assert match["day"] == local.strftime("%y%m%d")
        by_day[(match["agency"], local.date())].append((d.received_at, int(match["seq"])))
    counters = {(c.agency_code, c.day): c.last for c in DossierCodeCounter.objects.all()}
    for key, entries in by_day.items():
        entries.sort()
        assert [seq for _, seq in entries] == list(range(1, len(entries) + 1))
        assert counters[key] == len(entries)
    # A real intake that day continues after the generated codes.
    (agency_code, day), entries = next(iter(by_day.items()))
    with transaction.atomic():
        code = dossier_code_issue(agency=Agency.objects.get(code=agency_code), day=day)
    assert code.endswith(f"-{len(entries) + 1:04d}")

    # Receipt on working days in office hours; due moments from the calendar.
    calendar = work_calendar_get()
    for d in received:
        local = timezone.localtime(d.received_at)
        assert calendar.is_working_day(local.date())
        assert dt.time(7) <= local.time() <= dt.time(17)
        time = deadlines.processing_time(d.case, channel=d.channel)
        assert d.due_at_original == deadlines.dossier_due_at(calendar, d.received_at, time)
        if d.resolved_at is not None:
            assert d.timeliness == deadlines.timeliness_by_date(d.resolved_at, d.due_at)

    # Event logs: a chain of states from the first event to the dossier's state, in order.
    events = defaultdict(list)
    for e in DossierEvent.objects.order_by("dossier_id", "at", "pk"):
        events[e.dossier_id].append(e)
    steps = defaultdict(dict)
    for s in DossierStep.objects.all():
        steps[s.dossier_id][s.pk] = s
    for d in dossiers:
        log = events[d.pk]
        assert log, d.pk
        assert log[0].from_status == ""
        for before, after in itertools.pairwise(log):
            assert after.from_status == before.to_status, (d.pk, before.kind, after.kind)
        assert log[-1].to_status == d.status
        assert all(e.step_id is None or e.step_id in steps[d.pk] for e in log)
        if d.current_step_id is not None:
            assert d.current_step_id in steps[d.pk]
        kinds = [e.kind for e in log]
        if d.status == DossierStatus.RETURNED:
            order = [
                kinds.index(EventKind.RECEIVED),
                max(
                    kinds.index(k)
                    for k in (EventKind.APPROVED, EventKind.NOT_RESOLVED)
                    if k in kinds
                ),
                kinds.index(EventKind.DELIVERED),
            ]
            assert order == sorted(order)
            assert d.delivery_status == DeliveryStatus.DELIVERED
            assert d.returned_at == log[-1].at
            assert d.results.exists()
        if d.received_at is not None:
            assert EventKind.RECEIVED in kinds
            assert kinds.count(EventKind.SUPPLEMENT_REQUESTED) <= 1  # once (NĐ 118 Đ11)
            assert len(steps[d.pk]) == d.case.steps.count()
        if d.channel == Channel.ONLINE:
            assert kinds[0] == EventKind.SUBMITTED
            assert log[0].actor_id == d.owner_id is not None
        assert d.updated_at == log[-1].at

    # Steps finish after they start, and those finished are assessed.
    for by_id in steps.values():
        for s in by_id.values():
            if s.finished_at is not None:
                assert s.started_at is not None and s.finished_at >= s.started_at

    # Applicants' numbers are well formed; e-form answers pass the intake's checks.
    for d in dossiers:
        if d.applicant_kind == ApplicantKind.ORGANISATION:
            validate_tax_code(d.applicant_id_number)
        else:
            parse_personal_id(d.applicant_id_number)
        form_data_check(d.case, d.form_data, today=timezone.localdate(d.submitted_at))

    # Shares in their bands: some late (1-5% in the issue; a small sample gets some slack).
    assessed = Counter(d.timeliness for d in dossiers if d.timeliness)
    late = assessed[Timeliness.LATE] / sum(assessed.values())
    assert 0.005 <= late <= 0.07, late
    channels = Counter(d.channel for d in dossiers)
    assert set(channels) == set(Channel.values)
    assert 0.3 <= (channels[Channel.ONLINE] + channels[Channel.NATIONAL_PORTAL]) / N <= 0.6
    supplements = sum(1 for d in dossiers if d.supplement_requests)
    assert 0.01 <= supplements / N <= 0.1
    assert DossierComponent.objects.filter(is_digitised=True).exists()
    assert DossierComponent.objects.filter(is_reused=True).exists()
    assert DossierEvent.objects.filter(kind=EventKind.FORWARDED, to_status="inter_agency").exists()


def test_same_seed_same_dataset(province):
    generate(seed=5)
    first = digest()
    staff = User.objects.filter(username__startswith="gen.").count()
    wipe()
    out = generate(seed=5)
    assert "0 staff" in out  # the generated staff are reused
    assert User.objects.filter(username__startswith="gen.").count() == staff
    assert digest() == first
    wipe()
    generate(seed=6)
    assert digest() != first


def test_a_second_run_continues_the_codes(province):
    generate(seed=5, dossiers=120)
    generate(seed=9, dossiers=120)
    codes = list(Dossier.objects.exclude(code=None).values_list("code", flat=True))
    assert len(codes) == len(set(codes))
    assert Dossier.objects.count() == 240


@pytest.mark.django_db(transaction=True)
def test_outside_a_transaction_batches_commit_and_ids_continue(province):
    """The command's own path: on PostgreSQL a background thread loads the batches."""
    generate(seed=3, dossiers=200)
    assert Dossier.objects.count() == 200
    step_ids = set(DossierStep.objects.values_list("pk", flat=True))
    dossier_ids = set(Dossier.objects.values_list("pk", flat=True))
    assert (
        set(DossierEvent.objects.exclude(step=None).values_list("step_id", flat=True)) <= step_ids
    )
    assert set(DossierEvent.objects.values_list("dossier_id", flat=True)) == dossier_ids
    assert set(DossierStep.objects.values_list("dossier_id", flat=True)) <= dossier_ids
    assert (
        set(Dossier.objects.exclude(current_step=None).values_list("current_step_id", flat=True))
        <= step_ids
    )
    # The application's next rows get ids after the generated ones.
    dossier = Dossier.objects.order_by("pk").first()
    result = DossierResult.objects.create(dossier=dossier, name="Kết quả")
    assert result.pk > max(DossierResult.objects.exclude(pk=result.pk).values_list("pk", flat=True))
