"""A random driver of dossier life cycles through the engine's public services.

Each step picks a dossier (or opens a new one on a random channel) and tries a random
action as a random officer, moving the pinned clock forward a little. Refused actions
raise ``DossierError`` and roll back, which is part of what the rollups must survive.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import random

from django.test import TestCase
from django.utils import timezone

from motcua.dossiers.constants import Channel
from motcua.dossiers.error_codes import DossierError
from motcua.dossiers.inputs import ResultInput
from motcua.dossiers.services import (
    dossier_accept,
    dossier_approve,
    dossier_components_digitise,
    dossier_deliver,
    dossier_extend,
    dossier_forward,
    dossier_not_resolve,
    dossier_record_payment,
    dossier_request_payment,
    dossier_request_supplement,
    dossier_stop,
    dossier_submit,
    dossier_submit_supplement,
    dossier_withdraw,
)
from motcua.dossiers.tests.conftest import application
from motcua.workcalendar.engine import VN_TZ

# the licence does not take the national portal's channel; online is this portal
CHANNELS = [Channel.COUNTER, Channel.POST, Channel.ONLINE]


def _result(_user) -> list[ResultInput]:
    today = timezone.localdate()
    return [ResultInput(number="01/GP-STP", issued_on=today, signer="Nguyễn Văn Hải")]


def _forward(d, u):
    return dossier_forward(dossier=d, user=u)


def _approve(d, u):
    return dossier_approve(dossier=d, user=u, results=_result(u))


def _not_resolve(d, u):
    return dossier_not_resolve(dossier=d, user=u, reasons="Không đủ điều kiện")


def _source_actions(world, rng) -> list:
    """Actions of the payments and feedback apps, whose facts the rollups also keep: ask
    for the fees, pay them online (a confirmed bank transfer) or in cash, rate a returned
    dossier or change its rating. Needs the payments tests' ``fees`` and ``bank``."""
    from motcua.feedback.constants import RatingChannel
    from motcua.feedback.errors import FeedbackError
    from motcua.feedback.models import DossierRating
    from motcua.feedback.services import RatingInput, rating_change, rating_create
    from motcua.payments.errors import PaymentError
    from motcua.payments.models import FeeRequest
    from motcua.payments.services import (
        cash_record,
        fee_request_create,
        payment_start,
        transfer_confirm,
    )

    def ask(d, u):
        fee_request_create(dossier=d, user=u)

    def pay(d, u):
        request = FeeRequest.objects.filter(dossier=d, status="open").first()
        if request is None:
            return
        if rng.random() < 0.5:
            cash_record(
                request=request,
                user=world.counter,
                receipt_number=f"BL{d.pk}",
                amount=request.amount,
            )
        else:
            attempt, _start = payment_start(
                request=request, user=world.citizen, provider_code="vietqr", return_url="http://x/"
            )
            transfer_confirm(attempt=attempt, user=world.counter, bank_reference=f"FT{d.pk}")

    def rate(d, u):
        # hand the result over first when it is ready: only returned dossiers are rated
        with contextlib.suppress(DossierError):
            d = dossier_deliver(
                dossier=d, user=world.counter, channel="counter", recipient="Trần Thị Bình"
            )
        level = rng.choice(["rat-hai-long", "hai-long", "khong-hai-long"])
        rating = DossierRating.objects.filter(dossier=d).first()
        data = RatingInput(level=level, answers={}, comment="")
        if rating is None:
            rating_create(dossier=d, data=data, channel=RatingChannel.ONLINE, actor=world.citizen)
        else:
            rating_change(
                rating=rating, data=data, channel=RatingChannel.ONLINE, actor=world.citizen
            )

    return [ask, pay, pay, rate, rate], (PaymentError, FeedbackError)


def request_committed():
    """Each action as its own request: what waits for the commit (refreshes owed by saves
    outside an event) runs at its end, as it would in production."""
    return TestCase.captureOnCommitCallbacks(execute=True)


def run_lifecycles(
    world,
    now,
    *,
    seed: int,
    steps: int,
    start: str = "2026-03-02 08:00",
    sources: bool = False,
):
    """Drive ``steps`` random actions; returns the dossiers touched.

    ``sources`` adds fee requests, payments and ratings through the payments and feedback
    services."""
    rng = random.Random(seed)
    moment = dt.datetime.fromisoformat(start).replace(tzinfo=VN_TZ)
    now(moment.strftime("%Y-%m-%d %H:%M"))
    dossiers = []
    officers = [world.counter, world.officer, world.head, world.leader]
    by_role = {
        "counter_officer": world.counter,
        "processing_officer": world.officer,
        "department_head": world.head,
        "agency_leader": world.leader,
    }
    extra, extra_errors = _source_actions(world, rng) if sources else ([], ())
    for _ in range(steps):
        moment += dt.timedelta(hours=rng.choice([0, 1, 2, 3, 7, 20]))
        now(moment.strftime("%Y-%m-%d %H:%M"))
        if not dossiers or rng.random() < 0.3:
            channel = rng.choice(CHANNELS)
            with contextlib.suppress(DossierError), request_committed():
                if channel == Channel.ONLINE:
                    # the citizen submits; the counter receives it at once
                    submitted = dossier_submit(
                        application=application(world, channel=channel, delivery_channel="online"),
                        user=world.citizen,
                    )
                    dossiers.append(dossier_accept(user=world.counter, dossier=submitted))
                else:
                    dossiers.append(
                        dossier_accept(
                            user=world.counter, application=application(world, channel=channel)
                        )
                    )
            continue
        dossier = (
            type(dossiers[0]).objects.select_related("current_step").get(pk=rng.choice(dossiers).pk)
        )
        # mostly the officer the current step expects, sometimes anyone (then refused)
        step = dossier.current_step
        user = by_role.get(step.role) if step is not None and rng.random() < 0.8 else None
        user = user or rng.choice(officers)
        if extra and rng.random() < 0.3:
            action = rng.choice(extra)
        elif step is not None and rng.random() < 0.6:
            # move it on: the last step decides, the others hand over
            if step.role == "agency_leader":
                action = rng.choice([_approve, _approve, _approve, _not_resolve])
            else:
                action = _forward
        else:
            action = rng.choice(
                [
                    _forward,
                    _approve,
                    _not_resolve,
                    lambda d, u: dossier_request_supplement(
                        dossier=d, user=u, items=["Bản sao"], reason="Thiếu giấy tờ"
                    ),
                    lambda d, u: dossier_submit_supplement(dossier=d, user=world.counter),
                    lambda d, u: dossier_request_payment(dossier=d, user=u),
                    lambda d, u: dossier_record_payment(dossier=d, user=world.counter),
                    lambda d, u: dossier_extend(
                        dossier=d,
                        user=world.leader,
                        new_due_at=d.due_at + dt.timedelta(days=7),
                        reason="Cần xác minh thêm",
                    ),
                    lambda d, u: dossier_deliver(
                        dossier=d, user=world.counter, channel="counter", recipient="Trần Thị Bình"
                    ),
                    lambda d, u: dossier_stop(
                        dossier=d, user=world.leader, reason="Công dân đề nghị"
                    ),
                    lambda d, u: dossier_withdraw(dossier=d, user=world.counter, reason="Rút"),
                    lambda d, u: dossier_components_digitise(
                        dossier=d,
                        user=world.counter,
                        component_ids=[world.form.pk, world.id_copy.pk],
                    ),
                    *extra,
                ]
            )
        # TypeError: extending a dossier with no due moment (not received, closed)
        with contextlib.suppress(DossierError, TypeError, *extra_errors), request_committed():
            action(dossier, user)
    return dossiers
