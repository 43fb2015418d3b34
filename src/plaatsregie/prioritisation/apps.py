from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PrioritisationConfig(AppConfig):
    name = "plaatsregie.prioritisation"
    verbose_name = _("Prioritering")
