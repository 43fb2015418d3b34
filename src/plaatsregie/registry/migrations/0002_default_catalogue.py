"""Data: the module catalogue of seed 002 §3.3 (D-1, D-2, D-3), from catalogue/modules.toml."""

from django.db import migrations


def load_catalogue(apps, schema_editor):
    from plaatsregie.core.modules import default_catalogue

    ModuleType = apps.get_model("registry", "ModuleType")
    ScopeExclusion = apps.get_model("registry", "ScopeExclusion")
    catalogue = default_catalogue()
    for module in catalogue.modules.values():
        ModuleType.objects.update_or_create(
            code=module.code, defaults={"name": module.name, "scope": module.scope.value, "flow": module.flow.value}
        )
    for exclusion in catalogue.exclusions:
        row = ScopeExclusion.objects.create(
            access=exclusion.access.value if exclusion.access else "",
            cofinanced_by=exclusion.cofinanced_by or "",
            reason=exclusion.reason,
        )
        row.modules.set(ModuleType.objects.filter(code__in=exclusion.modules))


class Migration(migrations.Migration):
    dependencies = [("registry", "0001_initial")]
    operations = [migrations.RunPython(load_catalogue, migrations.RunPython.noop)]
