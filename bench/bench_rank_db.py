"""Benchmark: `plaatsregie rank --place` on a seeded database (flanders scale).

Reports the in-process time (query + rank) separately from the whole process (Python and Django start-up).
Target: in-process ≤ 30 ms median at flanders scale, on SQLite and on PostgreSQL.

    .venv/bin/python bench/bench_rank_db.py                                  # SQLite in var/bench.sqlite3
    .venv/bin/python bench/bench_rank_db.py --database-url postgres://plaatsregie:plaatsregie@127.0.0.1:5432/plaatsregie
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--database-url", default=f"sqlite:///{ROOT / 'var' / 'bench.sqlite3'}")
    parser.add_argument("--places", type=int, default=40, help="how many places to rank")
    parser.add_argument("--reseed", action="store_true", help="seed again even if data is there")
    args = parser.parse_args()
    os.environ["PLAATSREGIE_DATABASE_URL"] = args.database_url
    os.environ.setdefault("PLAATSREGIE_DATA_DIR", str(ROOT / "var"))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "plaatsregie.web.settings")
    import django

    django.setup()
    refs = _prepare(args.reseed, args.places)
    _in_process(refs)
    _whole_process(refs[:5])


def _prepare(reseed: bool, count: int) -> list[str]:
    from datetime import date
    from io import StringIO

    from django.core.management import call_command

    from plaatsregie.registry.models import Facility, Place

    call_command("migrate", verbosity=0)
    if reseed or not Facility.objects.exists():
        started = time.perf_counter()
        call_command("seed", scale="flanders", seed=1, today=date(2026, 11, 23), replace=True, stdout=StringIO())
        print(f"seeded flanders scale in {time.perf_counter() - started:.1f} s")
    places = Place.objects.filter(status__in=["freeing", "available"], unit__module_type__scope="in_scope")
    return list(places.order_by("ref").values_list("ref", flat=True)[:count])


def _in_process(refs: list[str]) -> None:
    from django.db import connection
    from django.utils import timezone

    from plaatsregie.core.policy import load_policy
    from plaatsregie.core.ranking import rank
    from plaatsregie.registry.mapping import catalogue_from_db, place_profile
    from plaatsregie.waiting.pool import load_pool

    policy = load_policy("default")
    query_ms, rank_ms, total_ms, sizes = [], [], [], []
    for ref in refs * 3:
        started = time.perf_counter()
        place = place_profile(ref, timezone.localdate())
        catalogue = catalogue_from_db()
        pool = load_pool()
        loaded = time.perf_counter()
        rank(place, pool, policy, catalogue=catalogue)
        ranked = time.perf_counter()
        query_ms.append((loaded - started) * 1000)
        rank_ms.append((ranked - loaded) * 1000)
        total_ms.append((ranked - started) * 1000)
        sizes.append(len(pool))
    print(f"database: {connection.vendor}; waiting pool: {sizes[0]} requests; {len(refs)} places × 3 runs")
    print(f"in-process median: query {statistics.median(query_ms):.1f} ms + rank {statistics.median(rank_ms):.2f} ms"
          f" = {statistics.median(total_ms):.1f} ms (p90 {_p90(total_ms):.1f} ms)   target ≤ 30 ms")


def _whole_process(refs: list[str]) -> None:
    script = Path(sys.executable).with_name("plaatsregie")
    walls = []
    for ref in refs:
        started = time.perf_counter()
        subprocess.run([str(script), "rank", "--place", ref, "--json"], check=True, capture_output=True,
                       env=os.environ.copy())
        walls.append(time.perf_counter() - started)
    print(f"whole process `plaatsregie rank --place … --json` (start-up included): median "
          f"{statistics.median(walls):.2f} s over {len(walls)} runs")


def _p90(values: list[float]) -> float:
    return sorted(values)[int(0.9 * (len(values) - 1))]


if __name__ == "__main__":
    main()
