from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportingConfig(AppConfig):
    name = "motcua.reporting"
    verbose_name = _("Reporting")

    def ready(self) -> None:
        from motcua.dossiers.signals import dossier_event_written

        from .rollups import on_dossier_event

        dossier_event_written.connect(on_dossier_event, dispatch_uid="reporting_rollups")
