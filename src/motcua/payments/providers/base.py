"""The one interface every payment provider implements, and what it answers.

A provider never touches the ledger or the dossier: it talks to the outside world and
reports an :class:`Report`; ``payments.services`` decides what that means, once, under a
row lock. So a provider plugin can be added (or an integration swapped) without knowing
the rest of the app.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING, Any, Protocol

from ..constants import Outcome

if TYPE_CHECKING:
    from ..models import PaymentAttempt


class ProviderError(Exception):
    """The provider could not be reached or refused the request; ``message`` is for users."""

    def __init__(self, message: str, *, raw: dict | None = None):
        super().__init__(message)
        self.message = message
        self.raw = raw or {}


@dataclass
class Start:
    """How the citizen goes on: a redirect to the provider, or instructions on our page."""

    redirect_url: str = ""
    instructions: dict[str, Any] = field(default_factory=dict)
    sent: dict = field(default_factory=dict)
    answer: dict = field(default_factory=dict)


@dataclass
class Report:
    """A provider's statement about one attempt, authenticated or not."""

    reference: str
    outcome: Outcome
    verified: bool
    amount: Decimal | None = None
    provider_reference: str = ""
    message: str = ""
    raw: dict = field(default_factory=dict)


@dataclass
class RefundResult:
    provider_reference: str = ""
    raw: dict = field(default_factory=dict)


class Provider(Protocol):
    code: str
    label: str
    # Whether the citizen can choose it on the pay page (cash is recorded by officers).
    online: bool
    # Whether a status query can settle an unfinished attempt.
    queryable: bool

    def start(self, attempt: PaymentAttempt, *, return_url: str, client_ip: str) -> Start: ...

    def handle_return(self, params: dict[str, str]) -> Report: ...

    def handle_callback(self, body: bytes, headers: dict[str, str]) -> Report: ...

    def query(self, attempt: PaymentAttempt) -> Report: ...

    def refund(self, attempt: PaymentAttempt, *, reason: str) -> RefundResult: ...
