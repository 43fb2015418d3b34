"""Data: give the shipped scope exclusions (D-2) their modules back where `seed --replace` had removed them.

Before the fix in `web/seeding.clear_domain`, clearing the world also emptied the link table of the exclusions'
modules, and an exclusion that names no module applies to every module: after `seed --replace`, every RTJ place was
out of scope instead of RTJ stays in a CKG or CIG. Only a shipped exclusion (same reason, access and funder) that
names no module now gets the shipped modules; any other row is left as it is.
"""

from django.db import migrations


def restore_modules(apps, schema_editor):
    from plaatsregie.core.modules import default_catalogue

    ModuleType = apps.get_model("registry", "ModuleType")
    ScopeExclusion = apps.get_model("registry", "ScopeExclusion")
    for exclusion in default_catalogue().exclusions:
        if not exclusion.modules:
            continue
        rows = ScopeExclusion.objects.filter(
            reason=exclusion.reason, access=exclusion.access.value if exclusion.access else "",
            cofinanced_by=exclusion.cofinanced_by or "", modules__isnull=True)
        for row in rows:
            row.modules.set(ModuleType.objects.filter(code__in=exclusion.modules))


class Migration(migrations.Migration):
    dependencies = [("registry", "0004_historicalplace")]
    operations = [migrations.RunPython(restore_modules, migrations.RunPython.noop)]
