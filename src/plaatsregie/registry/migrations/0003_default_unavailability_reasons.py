"""Data: the default reasons a place can be unavailable (D-5), from catalogue/reasons.toml."""

from django.db import migrations


def load_reasons(apps, schema_editor):
    from plaatsregie.core.reasons import default_reasons

    UnavailabilityReason = apps.get_model("registry", "UnavailabilityReason")
    for code, label in default_reasons("unavailability").items():
        UnavailabilityReason.objects.get_or_create(code=code, defaults={"label": label})


class Migration(migrations.Migration):
    dependencies = [("registry", "0002_default_catalogue")]
    operations = [migrations.RunPython(load_reasons, migrations.RunPython.noop)]
