"""Per-address limits on public actions: lookups by code, and anonymous submissions.

Counts live in the configured cache: per process with the default in-memory cache,
shared between processes when a shared cache (e.g. Redis or the database) is configured.
"""

from __future__ import annotations

from django.core.cache import cache
from django.http import HttpRequest

from motcua.core.audit import client_ip

from .constants import (
    LOOKUP_LIMIT,
    LOOKUP_WINDOW_SECONDS,
    SUBMISSION_LIMIT,
    SUBMISSION_WINDOW_SECONDS,
)


def _allowed(request: HttpRequest, what: str, limit: int, window: int) -> bool:
    key = f"feedback-{what}:{client_ip(request) or 'unknown'}"
    cache.add(key, 0, window)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, window)
        count = 1
    return count <= limit


def lookup_allowed(request: HttpRequest) -> bool:
    """Count a lookup by code from this address; False once over the limit."""
    return _allowed(request, "lookup", LOOKUP_LIMIT, LOOKUP_WINDOW_SECONDS)


def submission_allowed(request: HttpRequest) -> bool:
    """Count a ticket sent from this address; signed-in senders are not limited."""
    if request.user.is_authenticated:
        return True
    return _allowed(request, "submit", SUBMISSION_LIMIT, SUBMISSION_WINDOW_SECONDS)
