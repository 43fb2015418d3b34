"""Data: the default refusal reasons (D-13), from catalogue/reasons.toml."""

from django.db import migrations


def load_reasons(apps, schema_editor):
    from plaatsregie.core.reasons import default_reasons

    RefusalReason = apps.get_model("placement", "RefusalReason")
    for code, label in default_reasons("refusal").items():
        RefusalReason.objects.get_or_create(code=code, defaults={"label": label})


class Migration(migrations.Migration):
    dependencies = [("placement", "0001_initial")]
    operations = [migrations.RunPython(load_reasons, migrations.RunPython.noop)]
