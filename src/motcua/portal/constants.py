"""What citizens read about their dossier: plain words instead of the engine's terms.

The back office speaks of states and events; a citizen wants to know what happens now and
whether anything is expected of them. Only the events listed here are shown outside the
back office: internal notes, assignments and officers' names never are.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from motcua.dossiers.constants import DossierStatus, EventKind

S = DossierStatus

PLAIN_STATUS: dict[str, str] = {
    S.DRAFT: _("Not submitted yet"),
    S.SUBMITTED: _("Sent; the one-stop centre will check it"),
    S.AWAITING_COMPLETION: _("The centre asks you to complete the dossier before receiving it"),
    S.RECEIVED: _("Received; processing will start"),
    S.PROCESSING: _("Being processed"),
    S.AWAITING_SUPPLEMENT: _("Waiting for your supplement"),
    S.AWAITING_PAYMENT: _("Waiting for your payment"),
    S.INTER_AGENCY: _("Being processed with another agency"),
    S.RESOLVED: _("The result is ready"),
    S.RETURNED: _("The result has been handed over"),
    S.REFUSED: _("Not received; see the reasons"),
    S.WITHDRAWN: _("Withdrawn at your request"),
    S.STOPPED: _("Processing stopped"),
}

# States in which the citizen must act; the page says so first.
CITIZEN_TO_ACT = frozenset({S.AWAITING_COMPLETION, S.AWAITING_SUPPLEMENT, S.AWAITING_PAYMENT})

E = EventKind
PUBLIC_EVENTS: dict[str, str] = {
    E.SUBMITTED: _("Dossier sent"),
    E.RECEIVED: _("Dossier received, receipt issued"),
    E.INTAKE_SUPPLEMENT_REQUESTED: _("You were asked to complete the dossier"),
    E.COMPLETION_SUBMITTED: _("Completed dossier sent again"),
    E.REFUSED: _("Dossier not received"),
    E.FORWARDED: _("Moved to the next processing step"),
    E.SUPPLEMENT_REQUESTED: _("You were asked for a supplement"),
    E.SUPPLEMENT_RECEIVED: _("Supplement received"),
    E.PAYMENT_REQUESTED: _("Fee payment requested"),
    E.PAYMENT_RECEIVED: _("Payment received"),
    E.PAYMENT_REFUNDED: _("Payment refunded"),
    E.CONSULTATION_SENT: _("Sent to another agency for its opinion"),
    E.CONSULTATION_ANSWERED: _("Another agency gave its opinion"),
    E.EXTENDED: _("Due date extended, with an apology letter"),
    E.APPROVED: _("Decided"),
    E.NOT_RESOLVED: _("Decided: not resolved, with reasons"),
    E.RESULT_ISSUED: _("Result issued"),
    E.DELIVERED: _("Result handed over"),
    E.WITHDRAWN: _("Withdrawn"),
    E.STOPPED: _("Processing stopped"),
}


class ThrottleKey(models.TextChoices):
    ADDRESS = "address", _("Network address")
    CODE = "code", _("Dossier code")


class UploadState(models.TextChoices):
    RECEIVING = "receiving", _("Receiving")
    COMPLETE = "complete", _("Complete")
