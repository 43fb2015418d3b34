"""Benchmark: `plaatsregie rank --place` on a seeded database (flanders scale).

Reports the in-process time (query + rank) separately from the whole process (Python and Django start-up).
Target: in-process ≤ 30 ms median at flanders scale, on SQLite and on PostgreSQL.

    .venv/bin/python bench/bench_rank_db.py                                  # SQLite in var/bench.sqlite3
    .venv/bin/python bench/bench_rank_db.py --database-url postgres://plaatsregie:plaatsregie@127.0.0.1:5432/plaatsregie
"""

from __future__ import annotations

import argparse
import os
import re
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

from _django_setup import SQLITE, pool_changed, prepare, setup


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--database-url", default=SQLITE)
    parser.add_argument("--places", type=int, default=40, help="how many places to rank")
    parser.add_argument("--reseed", action="store_true", help="seed again even if data is there")
    args = parser.parse_args()
    setup(args.database_url)
    prepare(args.reseed)
    refs = _places(args.places)
    _in_process(refs)
    _whole_process(refs[:5])


def _places(count: int) -> list[str]:
    from plaatsregie.registry.models import Place

    places = Place.objects.filter(status__in=["freeing", "available"], unit__module_type__scope="in_scope")
    return list(places.order_by("ref").values_list("ref", flat=True)[:count])


def _in_process(refs: list[str]) -> None:
    """Exactly what `plaatsregie rank --place` does in-process (its `rank_stored_place`), place after place, in the
    four situations the pool cache (waiting.pool_cache) can be in:

    - new process, cache fresh: what a new `plaatsregie rank --place` meets when no request changed since the last
      load (the process holds no pool yet and reads the cached one) — the main figure;
    - after a change: a request was written just before, so the pool is stale: on PostgreSQL the changed request is
      read again into the cached pool, on SQLite the pool is read from the tables; either way it is stored again;
    - after a facility was renamed (rare): the whole pool is read from the tables and stored again;
    - same process: the pool this process loaded is still fresh (web workers, the simulator preview).
    """
    from django.db import connection
    from django.utils import timezone

    from plaatsregie.core.policy import load_policy
    from plaatsregie.waiting.pool import forget_held_pool
    from plaatsregie.web.management.commands.rank import rank_stored_place

    policy = load_policy("default")
    situations: list[tuple[str, Callable[[], None]]] = [
        ("new process, cache fresh", forget_held_pool),
        ("after a request changed", pool_changed),
        ("after a facility renamed (whole pool read)", lambda: pool_changed(whole=True)),
        ("same process, pool held", lambda: None),
    ]
    print(f"database: {connection.vendor}; {len(refs)} places × 3 runs per situation; "
          f"load average {os.getloadavg()[0]:.2f} on {os.cpu_count()} CPUs")
    rank_stored_place(refs[0], policy, timezone.localdate())  # the cache row holds the current pool
    for name, before in situations:
        query_ms, rank_ms, total_ms, sizes = [], [], [], []
        for ref in refs * 3:
            before()
            ranking, query, ranked = rank_stored_place(ref, policy, timezone.localdate())
            query_ms.append(query * 1000)
            rank_ms.append(ranked * 1000)
            total_ms.append((query + ranked) * 1000)
            sizes.append(len(ranking.pool))
        print(f"in-process median, {name}: query {statistics.median(query_ms):.1f} ms + rank "
              f"{statistics.median(rank_ms):.2f} ms = {statistics.median(total_ms):.1f} ms "
              f"(p90 {_p90(total_ms):.1f} ms; waiting pool {sizes[0]} requests)   target ≤ 30 ms")


def _whole_process(refs: list[str]) -> None:
    """New processes, as a user runs the command; the in-process part as the command itself reports it."""
    script = Path(sys.executable).with_name("plaatsregie")
    walls, inside = [], []
    for ref in refs:
        started = time.perf_counter()
        done = subprocess.run([str(script), "rank", "--place", ref, "--json"], check=True, capture_output=True,
                              env=os.environ.copy(), text=True)
        walls.append(time.perf_counter() - started)
        found = re.search(r"= ([0-9.]+) ms for", done.stderr)
        if found:
            inside.append(float(found.group(1)))
    print(f"whole process `plaatsregie rank --place … --json` (start-up included): median "
          f"{statistics.median(walls):.2f} s over {len(walls)} runs; in-process part as each reports it: median "
          f"{statistics.median(inside):.1f} ms")


def _p90(values: list[float]) -> float:
    return sorted(values)[int(0.9 * (len(values) - 1))]


if __name__ == "__main__":
    main()
