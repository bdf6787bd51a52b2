"""Writes of the back office. Dossier changes are the dossier engine's services; this
module only adds what the screens need around them: act once per form, internal notes.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from motcua.accounts.selectors import active_roles
from motcua.dossiers.access import Actor, access_dossier
from motcua.dossiers.constants import EventKind
from motcua.dossiers.error_codes import DossierError, DossierErrorCode
from motcua.dossiers.models import Dossier, DossierEvent
from motcua.dossiers.services.transitions import event_write

from .models import ActionToken

T = TypeVar("T")
NOTE_MAX = 4000


class AlreadyDone(Exception):
    """The form was submitted before: the first submission did the work."""

    def __init__(self, dossier_id: int | None = None) -> None:
        super().__init__(dossier_id)
        self.dossier_id = dossier_id


def once(*, user, token: str, action: str, dossier_id: int | None, run: Callable[[], T]) -> T:
    """Run ``run`` unless ``token`` was used before; the token and the action commit together.

    Raises ``AlreadyDone`` for a repeated token; any error of ``run`` rolls back both, so
    the same form may be corrected and sent again.
    """
    token = (token or "").strip()[:64]
    if not token:
        raise AlreadyDone  # a form without a token is a stale page; do nothing
    with transaction.atomic():
        try:
            with transaction.atomic():
                used = ActionToken.objects.create(
                    user=user, token=token, action=action, dossier_id=dossier_id
                )
        except IntegrityError:
            first = ActionToken.objects.filter(user=user, token=token).first()
            raise AlreadyDone(first.dossier_id if first else None) from None
        result = run()
        if dossier_id is None and isinstance(result, Dossier):
            # An intake: remember the dossier it created, for the repeated request.
            ActionToken.objects.filter(pk=used.pk).update(dossier_id=result.pk)
        return result


def dossier_note_add(*, dossier: Dossier, user, note: str) -> DossierEvent:
    """An internal note on the dossier's history, by staff who may see the dossier.

    Notes never change the dossier; they appear on the staff timeline only.
    """
    text = (note or "").strip()
    if not text:
        raise ValidationError(_("Write the note."), code="note_required")
    dossier = access_dossier(user, dossier.pk)
    roles = list(active_roles(user))
    if not roles:  # citizens and organisations hold no role: notes are internal
        raise DossierError(DossierErrorCode.NOT_FOUND)
    role = roles[0]
    return event_write(
        dossier=dossier,
        kind=EventKind.NOTE,
        actor=Actor(user=user, role=role.role, agency=role.agency),
        at=timezone.now(),
        from_status=dossier.status,
        to_status=dossier.status,
        note=text[:NOTE_MAX],
    )
