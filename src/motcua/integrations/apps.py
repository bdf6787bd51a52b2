from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IntegrationsConfig(AppConfig):
    name = "motcua.integrations"
    verbose_name = _("Integrations")

    def ready(self) -> None:
        # Integrations plug into the domain apps' registries, never the other way round.
        from motcua.payments.providers import register

        from .paygov.provider import PayGovProvider

        register(PayGovProvider())
