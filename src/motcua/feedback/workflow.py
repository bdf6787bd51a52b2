"""How a ticket moves: each action, the states it may start from and the state it leaves.

A ticket is received by the agency it is about; an officer there is assigned; the
ticket is answered, or not accepted with a reason, or transferred to the agency that is
competent (which then assigns it as if it had received it). An answer is published only
when the citizen agreed to it when sending.
"""

from __future__ import annotations

from enum import StrEnum

from .constants import TicketStatus as S


class TicketAction(StrEnum):
    ASSIGN = "assign"
    TRANSFER = "transfer"
    ANSWER = "answer"
    REJECT = "reject"
    PUBLISH = "publish"


OPEN = frozenset({S.RECEIVED, S.ASSIGNED, S.TRANSFERRED})
HANDLED = frozenset({S.ANSWERED, S.REJECTED, S.PUBLISHED})

# action -> (states it may start from, state it leaves)
TRANSITIONS: dict[TicketAction, tuple[frozenset[str], S]] = {
    # Re-assigning an assigned ticket is allowed: the officer may be away.
    TicketAction.ASSIGN: (OPEN, S.ASSIGNED),
    TicketAction.TRANSFER: (OPEN, S.TRANSFERRED),
    # Answering needs an officer in charge first, so the answer has an author of record.
    TicketAction.ANSWER: (frozenset({S.ASSIGNED}), S.ANSWERED),
    TicketAction.REJECT: (OPEN, S.REJECTED),
    TicketAction.PUBLISH: (frozenset({S.ANSWERED}), S.PUBLISHED),
}


def can_transition(status: str, action: TicketAction) -> bool:
    return status in TRANSITIONS[action][0]
