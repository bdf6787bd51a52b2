from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PaymentsConfig(AppConfig):
    name = "motcua.payments"
    verbose_name = _("Payments")

    def ready(self) -> None:
        from .providers import register
        from .providers.vietqr import CashProvider, VietQRProvider

        register(VietQRProvider())
        register(CashProvider())
