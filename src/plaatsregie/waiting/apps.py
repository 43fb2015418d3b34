from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WaitingConfig(AppConfig):
    name = "plaatsregie.waiting"
    verbose_name = _("Wachtbeheer")
