from django.apps import AppConfig
from django.utils.translation import pgettext_lazy


class DossiersConfig(AppConfig):
    name = "motcua.dossiers"
    verbose_name = pgettext_lazy("application", "Dossiers")
