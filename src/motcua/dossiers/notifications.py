"""Notification channels for deadline reminders: a registry of notifiers, email built in.

A channel is an object with a ``channel`` name, ``reaches(user)`` and ``send(...)``;
``notifier_register`` adds one (an SMS or Zalo gateway, the national portal's messages…)
and every reminder then goes through every registered channel that reaches the person.
Tests may pass their own mapping to ``deadline_reminders_send``.
"""

from __future__ import annotations

from typing import Protocol

from django.core.mail import send_mail


class Notifier(Protocol):
    channel: str

    def reaches(self, user) -> bool: ...

    def send(self, *, user, subject: str, body: str) -> None: ...


class EmailNotifier:
    """Plain-text email through Django's configured email backend."""

    channel = "email"

    def reaches(self, user) -> bool:
        return bool(user.email)

    def send(self, *, user, subject: str, body: str) -> None:
        send_mail(subject, body, None, [user.email], fail_silently=False)


NOTIFIERS: dict[str, Notifier] = {}


def notifier_register(notifier: Notifier) -> Notifier:
    NOTIFIERS[notifier.channel] = notifier
    return notifier


notifier_register(EmailNotifier())
