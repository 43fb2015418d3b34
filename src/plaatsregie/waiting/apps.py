from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class WaitingConfig(AppConfig):
    name = "plaatsregie.waiting"
    verbose_name = _("Wachtbeheer")

    def ready(self) -> None:
        from plaatsregie.waiting.pool_cache import triggers_after_migrate

        post_migrate.connect(triggers_after_migrate, sender=self, dispatch_uid="plaatsregie-pool-cache-triggers")
