"""Simulator benchmark: one replication of simulated years at flanders scale, and how cost scales (issue 5).

Run: `.venv/bin/python bench/bench_simulate.py` (`--quick`: 1 simulated year for the main figure; `--repeat N`: the
main replication N times, judged by the median, as this machine's speed drifts by ±15 % from minute to minute).
Prints wall time and CPU time (`time.process_time`: the machine is shared, so wall time alone misleads), events,
rank calls and events per second (of CPU time) for one replication of 10 years at `flanders` (target ≤ 10 s),
then the cost at 1×, 2×, 4× the years (1, 2, 4 years) and at 1×, 2×, 4× the places
(the flanders world copied 1, 2, 4 times, demand in proportion). For the main run also the CPU time inside
`core.ranking.rank_order` (timed per call, which adds about a microsecond to each) and its share of the run.
It says first whether the event side runs compiled (`simulation/compiled.py`); with
`PLAATSREGIE_SIMULATOR_INTERPRETED=1` it measures the Python sources instead.
"""

from __future__ import annotations

import argparse
import statistics
import time
from dataclasses import replace
from typing import Any

from plaatsregie.core.live_pool import LivePool
from plaatsregie.core.policy import load_policy
from plaatsregie.core.ranking import rank_order
from plaatsregie.core.types import PlaceProfile
from plaatsregie.simulation import vacancies
from plaatsregie.simulation.compiled import INTERPRETED, running_compiled
from plaatsregie.simulation.engine import Run
from plaatsregie.simulation.replicate import run_replication
from plaatsregie.simulation.scenario import DEFAULTS, Scenario, scenario_from_mapping
from plaatsregie.simulation.streams import Streams
from plaatsregie.simulation.world import World, build_world
from plaatsregie.synth import SCALES

TARGET_SECONDS = 10.0
BASE_ARRIVALS = float(DEFAULTS["arrivals"]["per_year"])  # per year at flanders scale (= scenarios/flanders.toml)


def scenario(scale: str = "flanders") -> Scenario:
    factor = SCALES[scale].facilities / SCALES["flanders"].facilities
    return scenario_from_mapping({"world": {"scale": scale}, "arrivals": {"per_year": BASE_ARRIVALS * factor}})


Figures = tuple[float, float, int, int, int]  # wall s, CPU s, events, rank calls, places


def kernel_start_up() -> float:
    """Seconds the first ranking of a live pool takes in a process: importing numba and loading the compiled
    ranking kernel from `__pycache__` (on a fresh checkout: compiling it). Once per process, as generating the
    world is, so neither is part of a replication's cost; `main` prints it."""
    world = build_world(scenario())
    started = time.perf_counter()
    rank_order(replace(world.places[0], available_from=world.start), LivePool(world.requests[:50]).view(),
               load_policy("default"))
    return time.perf_counter() - started


def timed(s: Scenario, years: float) -> Figures:
    build_world(s)  # the world is generated once per process; not part of a replication's cost
    started, cpu = time.perf_counter(), time.process_time()
    result = run_replication(s, load_policy("default"), 1, 0, years)
    seconds, cpu_seconds = time.perf_counter() - started, time.process_time() - cpu
    return seconds, cpu_seconds, result.events, result.rank_calls, len(build_world(s).places)


class RankTimer:
    """CPU time spent in `rank_order` while active: the simulator's calls, not the event loop around them."""

    def __init__(self) -> None:
        self.seconds = 0.0
        self.original = getattr(vacancies, "rank_order")  # noqa: B009 (the name the simulator calls)

    def __enter__(self) -> RankTimer:
        original, clock = self.original, time.process_time

        def timed_rank_order(*args: Any, **kwargs: Any) -> Any:
            started = clock()
            try:
                return original(*args, **kwargs)
            finally:
                self.seconds += clock() - started

        setattr(vacancies, "rank_order", timed_rank_order)  # noqa: B010
        return self

    def __exit__(self, *exc: object) -> None:
        setattr(vacancies, "rank_order", self.original)  # noqa: B010


def copied_world(world: World, copies: int) -> World:
    """The world `copies` times over: each copy its own facilities, places and waiting youths."""
    def place(p: PlaceProfile, k: int) -> PlaceProfile:
        return replace(p, id=f"{p.id}-{k}", facility_id=f"{p.facility_id}-{k}", unit_id=f"{p.unit_id}-{k}")

    return World(
        world.start,
        tuple(place(p, k) for k in range(copies) for p in world.places),
        world.status * copies, world.free_day * copies,
        tuple(sorted((replace(r, id=f"{r.id}-{k}") for k in range(copies) for r in world.requests),
                     key=lambda r: r.id)),
    )


def timed_copies(copies: int, years: float) -> Figures:
    s = scenario_from_mapping({"arrivals": {"per_year": BASE_ARRIVALS * copies}})
    world = copied_world(build_world(s), copies)
    started, cpu = time.perf_counter(), time.process_time()
    run = Run(s, load_policy("default"), world, Streams.of(1, 0), years)
    ledger = run.run()
    seconds, cpu_seconds = time.perf_counter() - started, time.process_time() - cpu
    return seconds, cpu_seconds, ledger.events, run.rank_calls, len(world.places)


def line(label: str, figures: Figures) -> str:
    seconds, cpu, events, ranks, places = figures
    return (f"{label:<28} {seconds:7.2f} s wall {cpu:7.2f} s CPU  {events:>8,} events  {ranks:>7,} rank calls  "
            f"{events / cpu:>9,.0f} events/CPU s  {places:,} places")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--quick", action="store_true", help="1 simulated year for the main figure")
    parser.add_argument("--repeat", type=int, default=1, metavar="N",
                        help="run the main replication N times and judge the median (this machine's speed drifts)")
    arguments = parser.parse_args()
    years = 1.0 if arguments.quick else 10.0
    print("the simulator's event side: " + (
        "compiled (mypyc, scripts/compile-simulator)" if running_compiled()
        else f"interpreted (not compiled, compiled from other sources, or {INTERPRETED}=1)"))
    print(f"once per process, not counted below: the ranking kernel's start-up {kernel_start_up():.2f} s "
          "(importing numba, loading the compiled kernel for both layouts of a view's columns)")
    runs: list[Figures] = []
    for number in range(max(arguments.repeat, 1)):
        with RankTimer() as ranking:
            figures = timed(scenario(), years)
        runs.append(figures)
        label = f"flanders, {years:g} years" + (f" (run {number + 1})" if arguments.repeat > 1 else "")
        print(line(label, figures))
        rank_calls = max(figures[3], 1)
        print(f"  of which ranking (rank_order): {ranking.seconds:.2f} s CPU = {ranking.seconds / figures[1]:.0%} "
              f"of the run, {ranking.seconds / rank_calls * 1e6:.0f} µs per call")
    wall, cpu = statistics.median(f[0] for f in runs), statistics.median(f[1] for f in runs)
    if len(runs) > 1:
        print(f"median of {len(runs)} runs: {wall:.2f} s wall, {cpu:.2f} s CPU; fastest "
              f"{min(f[1] for f in runs):.2f} s CPU")
    verdict = {True: "met", False: "NOT met"}
    if arguments.quick:
        print(f"target ≤ {TARGET_SECONDS:.0f} s for 10 years: not judged (--quick runs 1 year)")
    else:
        print(f"target ≤ {TARGET_SECONDS:.0f} s for 10 years: wall {verdict[wall <= TARGET_SECONDS]}, "
              f"CPU {verdict[cpu <= TARGET_SECONDS]}")
    print("\nscaling with years (flanders):")
    for factor in (1, 2, 4):
        print(line(f"  {factor}x = {factor} year(s)", timed(scenario(), float(factor))))
    print("\nscaling with places (flanders copied k times, demand × k; 1 year):")
    for factor in (1, 2, 4):
        print(line(f"  {factor}x places", timed_copies(factor, 1.0)))


if __name__ == "__main__":
    main()
