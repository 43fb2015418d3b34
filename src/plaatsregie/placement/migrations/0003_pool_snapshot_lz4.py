"""Storage: compress a candidate list's pool snapshot with lz4 on PostgreSQL (D-25, D-29).

Every candidate list freezes the waiting pool it was ranked on (a few hundred kB of JSON at Flanders scale).
PostgreSQL's default TOAST compression (pglz) took about 12 ms of each list's 20 ms write; lz4 takes about 2.
Only where the server supports it (PostgreSQL 14 built with lz4); elsewhere, and on SQLite, nothing changes.
"""

from django.db import DatabaseError, migrations, transaction

SQL = "ALTER TABLE placement_candidatelist ALTER COLUMN pool_snapshot SET COMPRESSION {method}"


def _set_compression(method):
    def apply(apps, schema_editor):
        connection = schema_editor.connection
        if connection.vendor != "postgresql" or connection.pg_version < 140000:
            return
        try:
            with transaction.atomic(using=connection.alias):
                schema_editor.execute(SQL.format(method=method))
        except DatabaseError:  # a server built without lz4 keeps its default
            pass

    return apply


class Migration(migrations.Migration):
    dependencies = [("placement", "0002_default_refusal_reasons")]
    operations = [migrations.RunPython(_set_compression("lz4"), _set_compression("default"))]
