"""Online payment and satisfaction indicators read the payments and feedback apps."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.apps import apps

import pytest

from motcua.dossiers.inputs import ResultInput
from motcua.dossiers.services import (
    dossier_accept,
    dossier_approve,
    dossier_deliver,
    dossier_forward,
)
from motcua.dossiers.tests.conftest import application, at
from motcua.feedback.constants import RatingChannel
from motcua.feedback.selectors import indicator_counts, satisfaction_counts
from motcua.feedback.services import (
    RatingInput,
    TicketInput,
    rating_change,
    rating_create,
    ticket_answer,
    ticket_assign,
    ticket_submit,
)
from motcua.payments.services import (
    cash_record,
    fee_request_create,
    payment_start,
    transfer_confirm,
)
from motcua.payments.tests import conftest as payment_fixtures
from motcua.reporting.constants import IndexGroup
from motcua.reporting.rollups import rollups_rebuild
from motcua.reporting.selectors import (
    counts_by_group,
    counts_from_dossiers,
    counts_from_rollups,
    feedback_counts,
    indicators_compute,
)

from .lifecycles import request_committed, run_lifecycles
from .test_rollups import rollup_table

pytestmark = pytest.mark.django_db

# the payments tests' case fees and provider settings, shared as they are
fees = payment_fixtures.fees
bank = payment_fixtures.bank

FEB = (dt.date(2026, 2, 1), dt.date(2026, 2, 28))


@pytest.fixture(autouse=True)
def feedback_seed(db):
    """The seeded rating scale and rule, also after a transactional test flushed them."""
    import importlib

    importlib.import_module("motcua.feedback.migrations.0002_seed_rules").seed(apps, None)


def _value(report, code):
    return next(v for v in report.values if v.indicator.code == code)


def _processing(world):
    dossier = dossier_accept(user=world.counter, application=application(world))
    return dossier_forward(dossier=dossier, user=world.counter)


def _returned(world, now):
    """A licence dossier received, resolved and handed over on 11–13/02/2026."""
    dossier = _processing(world)
    dossier_forward(dossier=dossier, user=world.officer)
    now("2026-02-13 10:00")
    dossier_approve(
        dossier=dossier,
        user=world.leader,
        results=[ResultInput(number="1/GP", issued_on=dt.date(2026, 2, 13), signer="A")],
    )
    return dossier_deliver(
        dossier=dossier, user=world.counter, channel="counter", recipient="Trần Thị Bình"
    )


def _pay(world, *, online, cash) -> None:
    """``online`` by a bank transfer the officer confirms, ``cash`` at the counter."""
    attempt, _start = payment_start(
        request=online, user=world.citizen, provider_code="vietqr", return_url="http://x/"
    )
    transfer_confirm(attempt=attempt, user=world.counter, bank_reference="FT26021100001")
    cash_record(request=cash, user=world.counter, receipt_number="0000123", amount=cash.amount)


def test_a_dossier_paid_online_moves_the_payment_indicator(world, now, fees):
    # given: two dossiers with fees; one paid by a confirmed bank transfer, one in cash
    online, cash = _processing(world), _processing(world)
    online_request = fee_request_create(dossier=online, user=world.officer)
    cash_request = fee_request_create(dossier=cash, user=world.officer)
    before = indicators_compute(scope=None, start=FEB[0], end=FEB[1])
    assert before.counts["fee_required"] == 2 and before.counts["paid_online"] == 0
    assert _value(before, "766.TTTT").value == 0

    # when
    _pay(world, online=online_request, cash=cash_request)

    # then
    report = indicators_compute(scope=None, start=FEB[0], end=FEB[1])
    assert (report.counts["fee_required"], report.counts["paid"]) == (2, 2)
    assert report.counts["paid_online"] == 1  # cash at the counter is not online
    payment = _value(report, "766.TTTT")
    assert payment.missing_sources == []
    assert (payment.value, payment.points) == (Decimal("0.5"), Decimal("5.00"))
    group = {g["group"]: g for g in report.groups()}[IndexGroup.PAYMENT]
    assert group["complete"] and group["points"] == Decimal("5.00")
    assert not payment.indicator.official  # the weight split is not published
    # the same from the raw tables
    slow = counts_from_dossiers(agency_ids=None, start=FEB[0], end=FEB[1])
    assert slow == report.counts
    incremental = rollup_table()
    rollups_rebuild()
    assert rollup_table() == incremental


def test_dashboard_shows_online_payment_and_lists_its_dossiers(client, world, now, fees):
    online, cash = _processing(world), _processing(world)
    _pay(
        world,
        online=fee_request_create(dossier=online, user=world.officer),
        cash=fee_request_create(dossier=cash, user=world.officer),
    )
    window = {"scope": "province:86", "from": "2026-02-01", "to": "2026-02-28"}
    client.force_login(world.monitor)
    page = client.get("/bao-cao/", window).content.decode()
    assert "trong đó thanh toán trực tuyến" in page and "count=paid_online" in page
    listed = client.get("/bao-cao/ho-so/", {**window, "count": "paid_online"})
    assert listed.status_code == 200
    body = listed.content.decode()
    assert online.code in body and cash.code not in body
    # a citizen gets nothing
    client.force_login(world.citizen)
    assert client.get("/bao-cao/ho-so/", {**window, "count": "paid_online"}).status_code == 404


def test_a_payment_the_dossier_no_longer_waits_for_still_counts(world, now, fees):
    """Booked without a dossier event: the dossier no longer waits for the payment."""
    from motcua.dossiers.services import dossier_record_payment

    dossier = _processing(world)
    request = fee_request_create(dossier=dossier, user=world.officer)
    attempt, _start = payment_start(
        request=request, user=world.citizen, provider_code="vietqr", return_url="http://x/"
    )
    dossier_record_payment(dossier=dossier, user=world.counter)  # recorded by hand first
    events = dossier.events.count()
    with request_committed():  # the refresh owed by the attempt's save runs at commit
        transfer_confirm(attempt=attempt, user=world.counter, bank_reference="FT26021100002")
    assert dossier.events.count() == events  # the receiver on the attempt did the work
    assert counts_from_rollups(agency_ids=None, start=FEB[0], end=FEB[1])["paid_online"] == 1
    incremental = rollup_table()
    rollups_rebuild()
    assert rollup_table() == incremental
    counts = counts_from_rollups(agency_ids=None, start=FEB[0], end=FEB[1])
    assert counts == counts_from_dossiers(agency_ids=None, start=FEB[0], end=FEB[1])


def test_a_satisfied_rating_moves_the_satisfaction_indicator(world, now):
    # given two returned dossiers, rated on 13/02: one satisfied, one not
    first, second = _returned(world, now), _returned(world, now)
    before = indicators_compute(scope=None, start=FEB[0], end=FEB[1])
    # nothing rated: the national index gives full points
    assert _value(before, "766.MDHL.1").value is None
    assert _value(before, "766.MDHL.1").points == Decimal(6)
    rate = {"channel": RatingChannel.ONLINE, "actor": world.citizen}
    with request_committed():  # ratings write no event: their refresh runs at commit
        rating_create(dossier=first, data=RatingInput(level="hai-long", answers={}), **rate)
        second_rating = rating_create(
            dossier=second, data=RatingInput(level="khong-hai-long", answers={}), **rate
        )

    report = indicators_compute(scope=None, start=FEB[0], end=FEB[1])
    assert (report.counts["rated"], report.counts["satisfied"]) == (2, 1)
    satisfaction = _value(report, "766.MDHL.1")
    assert (satisfaction.value, satisfaction.points) == (Decimal("0.5"), Decimal("3.00"))
    # the feedback app's own count over the same window agrees
    (row,) = satisfaction_counts(start=at("2026-02-01 00:00"), end=at("2026-03-01 00:00"))
    assert (row.rated, row.satisfied) == (2, 1)
    # another agency's window sees nothing
    other = counts_from_rollups(agency_ids=frozenset({world.finance.pk}), start=FEB[0], end=FEB[1])
    assert (other["rated"], other["satisfied"]) == (0, 0)

    # when the second applicant changes their mind, the rating keeps its day
    now("2026-02-16 09:00")
    with request_committed():
        rating_change(
            rating=second_rating, data=RatingInput(level="rat-hai-long", answers={}), **rate
        )
    report = indicators_compute(scope=None, start=FEB[0], end=FEB[1])
    assert (report.counts["rated"], report.counts["satisfied"]) == (2, 2)
    assert _value(report, "766.MDHL.1").points == Decimal("6.00")
    assert report.counts == counts_from_dossiers(agency_ids=None, start=FEB[0], end=FEB[1])
    incremental = rollup_table()
    rollups_rebuild()
    assert rollup_table() == incremental


def test_feedback_handled_on_time_moves_its_indicators(world, now):
    def send():
        return ticket_submit(
            data=TicketInput(
                category="giai-quyet-tthc",
                agency_id=world.justice.pk,
                title="Phản ánh",
                content="Nội dung",
            )
        )

    answered, waiting = send(), send()
    ticket = ticket_assign(ticket=answered, actor=world.officer, assignee=world.officer)
    ticket_answer(ticket=ticket, actor=world.officer, answer="Trả lời")
    now("2026-03-20 10:00")  # the other is past its due moment (10 working days)
    window = (dt.date(2026, 2, 1), dt.date(2026, 3, 19))

    report = indicators_compute(scope=None, start=window[0], end=window[1])
    counts = report.counts
    assert (counts["feedback_due"], counts["feedback_on_time"]) == (2, 1)
    assert (counts["feedback_rated"], counts["feedback_satisfied"]) == (1, 1)
    assert _value(report, "766.MDHL.2").value == Decimal("0.5")
    assert _value(report, "766.MDHL.3").value == Decimal(1)
    assert {g["group"]: g for g in report.groups()}[IndexGroup.SATISFACTION]["complete"]
    # the names mean what the feedback app's indicator_counts says they mean
    theirs = indicator_counts(start=at("2026-02-01 00:00"), end=at("2026-03-20 00:00"))
    ours = feedback_counts(agency_ids=None, start=window[0], end=window[1])
    assert ours == {k: theirs[k] for k in ours}
    assert waiting.agency_id == world.justice.pk
    # by agency group (the ranking) the ticket counts at the agency holding it
    groups = counts_by_group(
        groups={"justice": frozenset({world.justice.pk}), "finance": frozenset({world.finance.pk})},
        start=window[0],
        end=window[1],
    )
    assert (groups["justice"]["feedback_due"], groups["finance"]["feedback_due"]) == (2, 0)


def test_ticket_figures_are_not_invented_for_one_procedure(world, now):
    """Tickets name an agency, not a procedure: per procedure the PAKN indicators have no
    source, while ratings (per dossier) still count."""
    report = indicators_compute(
        scope=None, start=FEB[0], end=FEB[1], procedure_id=world.licence.procedure_id
    )
    assert _value(report, "766.MDHL.2").missing_sources == ["feedback_due", "feedback_on_time"]
    assert _value(report, "766.MDHL.2").points is None
    assert _value(report, "766.MDHL.1").missing_sources == []


@pytest.mark.parametrize("seed", [2, 3])
def test_incremental_equals_rebuilt_with_payments_and_ratings(world, now, fees, seed):
    run_lifecycles(world, now, seed=seed, steps=200, sources=True)
    incremental = rollup_table()
    seen = {metric for values in incremental.values() for metric in values}
    # the random run reached the new counters, or the equality proves little
    assert {"received_fee", "received_paid_online", "rated", "satisfied"} <= seen, seen
    rollups_rebuild()
    assert rollup_table() == incremental
    start, end = dt.date(2026, 3, 1), dt.date(2026, 6, 30)
    assert counts_from_rollups(agency_ids=None, start=start, end=end) == counts_from_dossiers(
        agency_ids=None, start=start, end=end
    )
