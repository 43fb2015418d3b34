"""Benchmark of batch assignment: 500 places × the synthetic Flanders pool (≈3,000 requests).

Run: .venv/bin/python bench/bench_assignment.py [--places 500] [--repeat 7] [--seed 1]
Prints data sizes, the median total time of `assign` with the solver's and the ranking's share,
and how the optimum differs from filling places one by one. Target: ≤ 0.5 s total.
"""

from __future__ import annotations

import argparse
import statistics
import time
from dataclasses import replace
from datetime import date, timedelta

import numpy as np

from plaatsregie.core.assignment import Assignment, assign, compare, fill_one_by_one
from plaatsregie.core.modules import default_catalogue
from plaatsregie.core.policy import load_policy
from plaatsregie.core.pool import RequestPool
from plaatsregie.core.ranking import rank
from plaatsregie.core.types import PlaceProfile, PlaceStatus
from plaatsregie.synth import SyntheticFlanders, generate

TODAY = date(2026, 11, 23)
TARGET_SECONDS = 0.5


def round_places(world: SyntheticFlanders, count: int, seed: int) -> tuple[list[PlaceProfile], int]:
    """In-scope places freeing or available; topped up with other in-scope places re-dated to free soon."""
    catalogue = default_catalogue()
    in_scope = [
        p for p in world.places
        if catalogue.scope_of(p.profile.module_type, p.profile.access, p.profile.cofinanced_by).in_scope
    ]
    free = [p.profile for p in in_scope if p.status in (PlaceStatus.FREEING, PlaceStatus.AVAILABLE)][:count]
    others = [p.profile for p in in_scope if p.status not in (PlaceStatus.FREEING, PlaceStatus.AVAILABLE)]
    rng = np.random.default_rng(seed)
    picks = rng.choice(len(others), size=min(count - len(free), len(others)), replace=False)
    redated = [
        replace(others[i], available_from=world.today + timedelta(days=int(rng.integers(1, 61))))
        for i in sorted(picks)
    ]
    return free + redated, len(redated)


def timed(runs: list[Assignment]) -> str:
    total = statistics.median(r.total_seconds for r in runs)
    solver = statistics.median(r.solver_seconds for r in runs)
    ranking = statistics.median(r.rank_seconds for r in runs)
    return (
        f"median total {total * 1000:7.1f} ms | solver {solver * 1000:6.1f} ms ({solver / total:4.0%})"
        f" | rank {ranking * 1000:6.1f} ms ({ranking / total:4.0%})"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--places", type=int, default=500)
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()

    world = generate(scale="flanders", seed=args.seed, today=TODAY)
    policy = load_policy("default")
    started = time.perf_counter()
    pool = RequestPool.of(world.requests)
    pool_seconds = time.perf_counter() - started
    places, redated = round_places(world, args.places, args.seed)
    edges = sum(len(rank(place, pool, policy).order) for place in places)

    print(f"policy {policy.id} v{policy.version}; pool {len(pool)} requests, indexed in {pool_seconds:.3f} s")
    print(f"places {len(places)} in scope ({len(places) - redated} freeing/available, {redated} re-dated)")
    print(f"eligible (place, request) pairs {edges} ({edges / max(len(places), 1):.0f} per place)")

    optimum_runs = [assign(places, pool, policy) for _ in range(args.repeat)]
    baseline_runs = [fill_one_by_one(places, pool, policy) for _ in range(args.repeat)]
    assert all(run.pairs == optimum_runs[0].pairs for run in optimum_runs), "assign is not deterministic"
    print(f"assign          ({args.repeat} runs): {timed(optimum_runs)}")
    print(f"fill_one_by_one ({args.repeat} runs): {timed(baseline_runs)}")

    diff = compare(optimum_runs[0], baseline_runs[0])
    print("\n                      optimum  one-by-one")
    print(f"places filled         {diff.places_filled[0]:7d}  {diff.places_filled[1]:10d}")
    for urgency, (mine, theirs) in diff.placed_by_urgency.items():
        print(f"placed, urgency {urgency}     {mine:7d}  {theirs:10d}")
    print(f"total fit             {diff.total_fit[0]:7d}  {diff.total_fit[1]:10d}")
    print(
        f"places filled only by optimum {len(diff.places_only_filled_by_assignment)}, only one-by-one "
        f"{len(diff.places_only_filled_by_baseline)}, another youth {len(diff.places_given_another_youth)}; "
        f"youths placed only by optimum {len(diff.youths_only_placed_by_assignment)}, only one-by-one "
        f"{len(diff.youths_only_placed_by_baseline)}"
    )
    total = statistics.median(r.total_seconds for r in optimum_runs)
    verdict = "within" if total <= TARGET_SECONDS else "OVER"
    print(f"\n{verdict} target: {total:.3f} s vs {TARGET_SECONDS} s for {len(places)} × {len(pool)}")


if __name__ == "__main__":
    main()
