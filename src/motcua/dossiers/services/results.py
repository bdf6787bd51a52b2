"""Results (kết quả giải quyết) and their delivery (trả kết quả).

A resolved dossier carries one or more result documents, each with its number, date and
signer (the registry issues them, NĐ 30/2020). Delivery needs at least one: the centre
hands it over at the counter, sends it by public post, or makes it available online, and
records who received it. Delivered is "returned" (national status 10); issued but not
delivered stays "resolved" with the delivery track at "ready".
"""

from __future__ import annotations

from collections.abc import Sequence

from django.utils import timezone

from motcua.catalog.constants import DeliveryChannel

from ..constants import DeliveryStatus, DossierStatus, EventKind, ResultSignatureState
from ..error_codes import DossierError, DossierErrorCode
from ..inputs import ResultInput
from ..models import Dossier, DossierResult
from ..validation import result_check
from ..workflow import Action
from .transitions import Change, transition

# Who received it must be named when the result leaves by hand or by post.
RECIPIENT_NEEDED = frozenset({DeliveryChannel.COUNTER, DeliveryChannel.POST})


def results_create(change: Change, results: Sequence[ResultInput]) -> list[DossierResult]:
    """Check and record result documents of the dossier being changed; ready for delivery."""
    dossier = change.dossier
    received_on, today = timezone.localdate(dossier.received_at), timezone.localdate(change.now)
    created = []
    for result in results:
        checked = result_check(result, case=dossier.case, received_on=received_on, today=today)
        created.append(
            DossierResult.objects.create(
                dossier=dossier,
                name=checked.name,
                number=checked.number,
                issued_on=checked.issued_on,
                signer=checked.signer,
            )
        )
    if created:
        change.set(delivery_status=DeliveryStatus.READY)
        change.data["results"] = [{"id": r.pk, "number": r.number} for r in created]
    return created


def dossier_result_issue(*, dossier: Dossier, user, result: ResultInput) -> DossierResult:
    """Record a numbered and signed result document of a resolved dossier."""
    with transition(
        dossier=dossier, action=Action.ISSUE_RESULT, user=user, kind=EventKind.RESULT_ISSUED
    ) as c:
        (created,) = results_create(c, [result])
    return created


def results_signed_check(dossier: Dossier) -> None:
    """An electronic delivery hands over files: each result needs one, digitally signed.

    NĐ 45/2020 Điều 14 and TT 01/2023: an electronic result has the legal value of the
    paper one only when it carries the competent person's digital signature.
    """
    if dossier.results.exclude(
        signature_state=ResultSignatureState.SIGNED, file__isnull=False
    ).exists():
        raise DossierError(DossierErrorCode.RESULT_NOT_SIGNED)


def dossier_deliver(
    *, dossier: Dossier, user, channel: str, recipient: str = "", note: str = ""
) -> Dossier:
    """Hand the result over; the dossier is then returned (national status 10)."""
    with transition(
        dossier=dossier, action=Action.DELIVER, user=user, kind=EventKind.DELIVERED
    ) as c:
        d = c.dossier
        if not d.results.exists():
            raise DossierError(DossierErrorCode.RESULT_REQUIRED)
        allowed = d.case.delivery_channels or list(DeliveryChannel.values)
        if channel not in DeliveryChannel.values or channel not in allowed:
            raise DossierError(DossierErrorCode.DELIVERY_CHANNEL_NOT_ALLOWED, channel=channel)
        if channel == DeliveryChannel.ONLINE:
            results_signed_check(d)
        recipient = recipient.strip()
        if channel in RECIPIENT_NEEDED and not recipient:
            raise DossierError(DossierErrorCode.RECIPIENT_REQUIRED)
        c.note = note.strip()
        c.data = {"channel": channel, "recipient": recipient}
        c.set(
            returned_at=c.now,
            delivery_status=DeliveryStatus.DELIVERED,
            delivery_channel=channel,
        )
        c.to_status = DossierStatus.RETURNED
    return c.dossier
