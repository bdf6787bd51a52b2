"""Background work of the feedback app (django-tasks).

``ticket_reminders`` is periodic: ``manage.py feedback_reminders`` enqueues it (cron or a
systemd timer, e.g. every 30 minutes in office hours). It is idempotent.
"""

from __future__ import annotations

from django_tasks import task

from .reminders import ticket_reminders_send


@task()
def ticket_reminders() -> int:
    return ticket_reminders_send()
