"""Signals the dossier engine sends; other apps listen, the engine imports none of them."""

from django.dispatch import Signal

# Sent by ``services.transitions.event_write`` inside the transaction that wrote the event,
# with ``event`` (a saved ``DossierEvent``). A receiver's writes commit or roll back with it.
dossier_event_written = Signal()
