"""What the database benchmarks share: Django set up on a given database, migrated and seeded once.

`bench_rank_db.py`, `bench_workflow.py` and `bench_web.py` call `setup(url)` and then `prepare(reseed)`: the database is
migrated and, when it holds no facility yet (or `--reseed`), seeded at `flanders` scale with seed 1 on the
reference day, through the same command as `plaatsregie seed`.
"""

from __future__ import annotations

import os
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SQLITE = f"sqlite:///{ROOT / 'var' / 'bench.sqlite3'}"
POSTGRES = "postgres://plaatsregie:plaatsregie@127.0.0.1:5432/plaatsregie"
REFERENCE_DAY = date(2026, 11, 23)


def setup(database_url: str) -> None:
    """Point Plaatsregie at `database_url` (data directory `var/` unless set) and set Django up."""
    os.environ["PLAATSREGIE_DATABASE_URL"] = database_url
    os.environ.setdefault("PLAATSREGIE_DATA_DIR", str(ROOT / "var"))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "plaatsregie.web.settings")
    import django

    django.setup()


def prepare(reseed: bool, history_years: int = 0) -> None:
    """Migrate; seed `flanders` (seed 1, with `history_years` of replayed history) when the database holds no
    facility yet, or when asked to."""
    from io import StringIO

    from django.core.management import call_command

    from plaatsregie.registry.models import Facility

    call_command("migrate", verbosity=0)
    if reseed or not Facility.objects.exists():
        started = time.perf_counter()
        call_command("seed", scale="flanders", seed=1, history_years=history_years, today=REFERENCE_DAY,
                     replace=True, stdout=StringIO())
        print(f"seeded flanders scale ({history_years} years of history) in {time.perf_counter() - started:.1f} s")


_changes = 0  # how many requests `pool_changed` wrote: each call writes the next one


def pool_changed(whole: bool = False) -> None:
    """Write one waiting request (the next one each call) without changing it, committed, as another user's change
    would be, and drop the pool this process holds: the cached waiting pool is stale (`waiting.pool_cache`). On
    PostgreSQL the next load reads just the changed requests again into the cached pool; on SQLite, or with `whole`
    (a facility renamed instead: any request may name it), it reads the whole pool from the tables. Either way it
    stores the pool again."""
    global _changes
    from django.db.models import F, Value

    from plaatsregie.registry.models import Facility
    from plaatsregie.waiting.models import Request
    from plaatsregie.waiting.pool import forget_held_pool

    if whole:  # renamed and renamed back, in one transaction: the data stay as they are
        from django.db import transaction
        from django.db.models.functions import Concat

        first = Facility.objects.filter(pk=Facility.objects.order_by("pk").values_list("pk", flat=True)[0])
        ref = first.values_list("ref", flat=True)[0]
        with transaction.atomic():
            first.update(ref=Concat(F("ref"), Value("~")))
            first.update(ref=ref)
    else:
        waiting = Request.objects.filter(status="waiting").order_by("pk").values_list("pk", flat=True)
        Request.objects.filter(pk=waiting[_changes % waiting.count()]).update(urgency=F("urgency"))
        _changes += 1
    forget_held_pool()
