"""Keyset ("seek") pagination of the dossier lists, without COUNT(*) or OFFSET.

A page is the rows after the last one the client saw, in a total order: the sort moment
(due or received) and then the id, which breaks ties. The client gets an opaque cursor
naming that last row, so

- the cost of a page does not grow with how deep it is (no OFFSET to skip over), and the
  ``(current_agency, status, due_at)`` and ``due_at`` / ``received_at`` indexes serve it;
- nobody counts the rows (a COUNT over a busy queue is the slowest query of a list);
- a dossier received while someone pages never shifts the pages: no duplicates, no gaps.

One row more than the page is read to know whether there is a next page. Dossiers without
the sort moment (not received yet, so no due moment either) come last, by id.
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import json
from dataclasses import dataclass
from typing import Any

from django.db.models import F, Q, QuerySet
from django.utils.translation import gettext as _

from ninja.errors import ValidationError


@dataclass(frozen=True)
class Order:
    name: str
    field: str
    descending: bool


ORDERS = {
    "due": Order("due", "due_at", descending=False),
    "received": Order("received", "received_at", descending=True),
}


def _invalid() -> ValidationError:
    return ValidationError(
        [
            {
                "type": "cursor",
                "loc": ["query", "cursor"],
                "msg": _(
                    "This cursor is not valid for this list; start again from the first page."
                ),
            }
        ]
    )


def cursor_encode(order: Order, row: Any) -> str:
    moment = getattr(row, order.field)
    payload = {"o": order.name, "k": moment.isoformat() if moment else None, "id": row.pk}
    raw = json.dumps(payload, separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def cursor_decode(order: Order, token: str) -> tuple[dt.datetime | None, int]:
    try:
        raw = base64.urlsafe_b64decode(token + "=" * (-len(token) % 4))
        payload = json.loads(raw)
        moment = dt.datetime.fromisoformat(payload["k"]) if payload["k"] is not None else None
        pk = payload["id"]
    except (binascii.Error, ValueError, TypeError, KeyError, UnicodeDecodeError):
        raise _invalid() from None
    if (
        payload.get("o") != order.name
        or not isinstance(pk, int)
        or isinstance(pk, bool)
        or (moment is not None and moment.tzinfo is None)
    ):
        raise _invalid()
    return moment, pk


def _after(order: Order, moment: dt.datetime | None, pk: int) -> Q:
    """Rows that come after (moment, pk) in the order, NULL moments last."""
    field = order.field
    beyond = "lt" if order.descending else "gt"
    if moment is None:
        return Q(**{f"{field}__isnull": True, f"pk__{beyond}": pk})
    return (
        Q(**{f"{field}__{beyond}": moment})
        | Q(**{field: moment, f"pk__{beyond}": pk})
        | Q(**{f"{field}__isnull": True})
    )


def keyset_page(
    queryset: QuerySet, *, order: Order, cursor: str | None, limit: int
) -> tuple[list, str | None]:
    """One page of ``queryset`` in ``order`` after ``cursor``, and the cursor of the next."""
    if order.descending:
        ordering = [F(order.field).desc(nulls_last=True), "-pk"]
    else:
        ordering = [F(order.field).asc(nulls_last=True), "pk"]
    queryset = queryset.order_by(*ordering)
    if cursor:
        queryset = queryset.filter(_after(order, *cursor_decode(order, cursor)))
    rows = list(queryset[: limit + 1])
    if len(rows) <= limit:
        return rows, None
    rows = rows[:limit]
    return rows, cursor_encode(order, rows[-1])
