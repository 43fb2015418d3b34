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


def pool_changed() -> None:
    """Write one waiting request without changing it (committed, as another user's change would be) and drop the
    pool this process holds: the cached waiting pool is stale (`waiting.pool_cache`) and the next load reads it
    from the tables and stores it again."""
    from django.db.models import F

    from plaatsregie.waiting.models import Request
    from plaatsregie.waiting.pool import forget_held_pool

    some_request = Request.objects.filter(status="waiting").order_by("pk").values_list("pk", flat=True)[:1]
    Request.objects.filter(pk__in=list(some_request)).update(urgency=F("urgency"))
    forget_held_pool()
