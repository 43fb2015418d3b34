from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "plaatsregie.accounts"
    verbose_name = _("Gebruikers, rollen en logboeken")

    def ready(self) -> None:
        from plaatsregie.accounts.append_only import guards_after_migrate

        post_migrate.connect(guards_after_migrate, sender=self, dispatch_uid="plaatsregie-append-only-guards")
