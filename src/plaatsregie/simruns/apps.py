from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SimrunsConfig(AppConfig):
    name = "plaatsregie.simruns"
    verbose_name = _("Simulaties")
