"""Data: the default reasons a request is withdrawn (D-6), from catalogue/reasons.toml."""

from django.db import migrations


def load_reasons(apps, schema_editor):
    from plaatsregie.core.reasons import default_reasons

    WithdrawalReason = apps.get_model("waiting", "WithdrawalReason")
    for code, label in default_reasons("withdrawal").items():
        WithdrawalReason.objects.get_or_create(code=code, defaults={"label": label})


class Migration(migrations.Migration):
    dependencies = [("waiting", "0002_withdrawalreason_historicalrequest_requestchange_and_more")]
    operations = [migrations.RunPython(load_reasons, migrations.RunPython.noop)]
