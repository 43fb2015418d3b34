from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ApiConfig(AppConfig):
    name = "plaatsregie.api"
    label = "api"
    verbose_name = _("API")
    # The OpenAPI authentication extensions live in `plaatsregie.api.schema`, next to the schema class that
    # DEFAULT_SCHEMA_CLASS names: DRF imports it (and so registers them) when a schema is first generated, not at
    # every start of a process (drf-spectacular costs ~0.5 s to import).
