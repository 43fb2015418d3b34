"""Ranking benchmark: how long does ranking one place against the waiting pool take?

Run: `.venv/bin/python bench/bench_ranking.py` (or `--quick` for the flanders scale only, fewer runs).

Only `core.ranking.rank` is timed: eligibility with the first failing rule per request, the ordering
components and the candidate order. Rendering the Dutch explanations of the top 10 is timed apart.
Targets: a median ≤ 0.5 ms per place at flanders scale (≈3,000 requests), ≤ 3 ms at 10x (≈30,000).
"""

from __future__ import annotations

import argparse
import statistics
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import TypeVar

import numpy as np

from plaatsregie.core import explain
from plaatsregie.core.modules import default_catalogue
from plaatsregie.core.policy import load_policy
from plaatsregie.core.pool import RequestPool
from plaatsregie.core.ranking import rank
from plaatsregie.core.types import PlaceProfile
from plaatsregie.synth import generate

TODAY = date(2026, 11, 23)
WORLD_SEED = 1
PLACE_SEED = 2026
PLACES_RANKED = 200
TARGET_MEDIAN_MS = {"flanders": 0.5, "10x": 3.0}
EXPLAINED_TOP = 10

Item = TypeVar("Item")


@dataclass(frozen=True)
class Timing:
    """Per-call times in ms over every run of every place."""

    times_ms: list[float]

    @property
    def median(self) -> float:
        return statistics.median(self.times_ms)

    @property
    def p90(self) -> float:
        return float(np.percentile(self.times_ms, 90))

    @property
    def max(self) -> float:
        return max(self.times_ms)


def in_scope_places(places: Sequence[PlaceProfile], count: int, seed: int) -> list[PlaceProfile]:
    """A fixed sample of places that central placement ranks (D-2)."""
    catalogue = default_catalogue()
    eligible = [p for p in places if catalogue.scope_of(p.module_type, p.access, p.cofinanced_by).in_scope]
    rng = np.random.default_rng(seed)
    picked = rng.choice(len(eligible), size=min(count, len(eligible)), replace=False)
    return [eligible[i] for i in sorted(picked.tolist())]


def time_calls(call: Callable[[Item], object], items: Sequence[Item], runs: int) -> Timing:
    """Time `call` on every item, `runs` times, after one untimed warm-up pass."""
    for item in items:
        call(item)
    times: list[float] = []
    for _ in range(runs):
        for item in items:
            start = time.perf_counter_ns()
            call(item)
            times.append((time.perf_counter_ns() - start) / 1e6)
    return Timing(times)


def bench_scale(scale: str, runs: int) -> bool:
    """Print the figures of one scale; True when the median meets the target."""
    start = time.perf_counter()
    world = generate(scale, seed=WORLD_SEED, today=TODAY)
    generate_s = time.perf_counter() - start
    start = time.perf_counter()
    pool = RequestPool.of(world.requests)
    pool_ms = (time.perf_counter() - start) * 1e3
    policy = load_policy("default")
    places = in_scope_places([p.profile for p in world.places], PLACES_RANKED, PLACE_SEED)
    ranking = time_calls(lambda place: rank(place, pool, policy), places, runs)
    rankings = [rank(place, pool, policy) for place in places]
    rendering = time_calls(lambda ranking: explain.candidates(ranking, limit=EXPLAINED_TOP), rankings, runs)
    candidates = [len(r.order) for r in rankings]
    target = TARGET_MEDIAN_MS[scale]
    met = ranking.median <= target
    print(f"\n== {scale}: {len(pool):,} requests, {len(places)} in-scope places ranked, {runs} runs each")
    print(f"   generating the synthetic world: {generate_s:.2f} s; building the pool (RequestPool.of): "
          f"{pool_ms:.1f} ms, once")
    print(f"   rank() per place:        median {ranking.median:.3f} ms   p90 {ranking.p90:.3f} ms   "
          f"max {ranking.max:.3f} ms   target median ≤ {target} ms: {'met' if met else 'NOT MET'}")
    print(f"   candidates per place:    average {statistics.mean(candidates):.1f}   max {max(candidates)}")
    print(f"   Dutch explanations of the top {EXPLAINED_TOP}: median {rendering.median:.3f} ms   "
          f"p90 {rendering.p90:.3f} ms   max {rendering.max:.3f} ms")
    return met


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="flanders scale only, fewer repetitions")
    args = parser.parse_args(argv)
    scales = {"flanders": 3} if args.quick else {"flanders": 10, "10x": 5}
    results = [bench_scale(scale, runs) for scale, runs in scales.items()]
    return 0 if all(results) else 1


if __name__ == "__main__":
    raise SystemExit(main())
