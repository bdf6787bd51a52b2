"""Background work of the dossier engine (django-tasks).

``deadline_reminders`` is periodic: ``manage.py dossier_deadline_reminders`` enqueues it
(run it from cron or a systemd timer, e.g. every 30 minutes in office hours). It is
idempotent, so running it more often only costs queries.
"""

from __future__ import annotations

from django_tasks import task

from .services.notices import deadline_reminders_send


@task()
def deadline_reminders() -> int:
    return deadline_reminders_send()
