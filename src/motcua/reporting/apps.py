from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportingConfig(AppConfig):
    name = "motcua.reporting"
    verbose_name = _("Reporting")

    def ready(self) -> None:
        from django.db.models.signals import post_save

        from motcua.dossiers.models import Dossier, DossierComponent, DossierResult
        from motcua.dossiers.signals import dossier_event_written
        from motcua.feedback.models import DossierRating
        from motcua.payments.models import PaymentAttempt

        from .rollups import (
            on_dossier_event,
            on_dossier_saved,
            on_payment_attempt_saved,
            on_rating_saved,
        )

        dossier_event_written.connect(on_dossier_event, dispatch_uid="reporting_rollups")
        for model in (Dossier, DossierComponent, DossierResult):
            post_save.connect(
                on_dossier_saved, sender=model, dispatch_uid=f"reporting_{model.__name__}"
            )
        post_save.connect(
            on_payment_attempt_saved, sender=PaymentAttempt, dispatch_uid="reporting_payment"
        )
        post_save.connect(on_rating_saved, sender=DossierRating, dispatch_uid="reporting_rating")
