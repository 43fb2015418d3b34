"""Storage: a candidate list's frozen pool as PostgreSQL `json` (kept as written) instead of `jsonb` (D-25, D-29).

The frozen pool is only ever written and read whole; parsing a few hundred kB into `jsonb` took about 8 ms of every
list's write, checking it as `json` about 3. Its lz4 compression (0003) is set again for the new column type.
"""

from importlib import import_module

from django.db import migrations

import plaatsregie.placement.models

lz4 = import_module("plaatsregie.placement.migrations.0003_pool_snapshot_lz4")


class Migration(migrations.Migration):

    dependencies = [
        ('placement', '0003_pool_snapshot_lz4'),
    ]

    operations = [
        migrations.AlterField(
            model_name='candidatelist',
            name='pool_snapshot',
            field=plaatsregie.placement.models.WholeJSONField(default=list),
        ),
        migrations.RunPython(lz4._set_compression("lz4"), migrations.RunPython.noop),
    ]
