from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportingConfig(AppConfig):
    name = "motcua.reporting"
    verbose_name = _("Reporting")

    def ready(self) -> None:
        from django.db.models.signals import post_save

        from motcua.dossiers.models import Dossier, DossierComponent, DossierResult
        from motcua.dossiers.signals import dossier_event_written

        from .rollups import on_dossier_event, on_dossier_saved

        dossier_event_written.connect(on_dossier_event, dispatch_uid="reporting_rollups")
        for model in (Dossier, DossierComponent, DossierResult):
            post_save.connect(
                on_dossier_saved, sender=model, dispatch_uid=f"reporting_{model.__name__}"
            )
