"""Write side of the audit log: one function, called by the services that do the thing."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from motcua.core.models import AuditEvent, AuditEventKind


def client_ip(request: HttpRequest | None) -> str | None:
    if request is None:
        return None
    # axes resolves the client address with the configured proxy count; reuse it.
    from axes.helpers import get_client_ip_address

    return get_client_ip_address(request) or None


def audit_record(
    *,
    kind: AuditEventKind,
    actor=None,
    actor_label: str = "",
    target: Any = None,
    request: HttpRequest | None = None,
    **data: Any,
) -> AuditEvent:
    return AuditEvent.objects.create(
        kind=kind,
        actor=actor if actor is not None and actor.is_authenticated else None,
        actor_label=(actor_label or (actor.get_username() if actor is not None else ""))[:150],
        target_type=target._meta.label_lower if target is not None else "",
        target_id=str(target.pk) if target is not None else "",
        ip_address=client_ip(request),
        user_agent=(request.headers.get("User-Agent", "")[:300] if request is not None else ""),
        data=data,
    )
