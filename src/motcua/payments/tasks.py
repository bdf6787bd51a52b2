"""Background work of the payments app (django-tasks).

``resolve_pending`` is periodic: ``manage.py payments_resolve_pending`` enqueues it (run
it from cron or a systemd timer, e.g. every 5 minutes). It is idempotent: an attempt that
is already settled is not asked again, and a booked payment never books twice.
"""

from __future__ import annotations

from django_tasks import task

from .services import pending_payments_resolve


@task()
def resolve_pending() -> int:
    return pending_payments_resolve()
