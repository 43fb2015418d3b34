"""The simulator conserves places and youths, is reproducible, and shows a policy's effect (issue 5)."""

from __future__ import annotations

import gc
from collections import Counter

import pytest

from plaatsregie.core.policy import load_policy
from plaatsregie.simulation.engine import Run
from plaatsregie.simulation.replicate import ReplicationResult, run_experiment, run_replication
from plaatsregie.simulation.scenario import Scenario
from plaatsregie.simulation.streams import Streams
from plaatsregie.simulation.world import build_world

ADMITTED = 1


def traced(scenario: Scenario, policy: str = "default", seed: int = 7, years: float = 1.0) -> ReplicationResult:
    return run_replication(scenario, load_policy(policy), seed, 0, years, trace=True)


def test_places_are_never_overfilled(small: Scenario) -> None:
    """D-5, D-20: a place admits only after its previous occupant left."""
    result = traced(small)
    events: dict[str, list[tuple[int, int]]] = {}
    for day, place in result.discharges:
        events.setdefault(place, []).append((day, 0))
    for admission in result.admissions:
        events.setdefault(admission.place_id, []).append((admission.day, 1))
    assert result.admissions
    for timeline in events.values():
        timeline.sort()
        occupied = timeline[0][1] == 0  # a first discharge: occupied on day 0
        for _, kind in timeline:
            if kind == 1:
                assert not occupied
            occupied = kind == 1


def test_every_request_ends_admitted_withdrawn_or_waiting_and_is_admitted_once(small: Scenario) -> None:
    result = traced(small)
    assert result.outcomes is not None
    admitted = Counter(a.request_id for a in result.admissions)
    assert max(admitted.values()) == 1
    states = dict(zip(result.outcomes.ids, result.outcomes.state.tolist(), strict=True))
    assert set(states.values()) <= {0, 1, 2}
    end_day = dict(zip(result.outcomes.ids, result.outcomes.end_day.tolist(), strict=True))
    agreed = {i for i, s in states.items() if s == ADMITTED}
    assert set(admitted) <= agreed
    assert all(end_day[i] >= 365 for i in agreed - set(admitted))  # agreed; the start falls after the run


def test_the_same_seed_gives_identical_results(small: Scenario) -> None:
    first, second = traced(small, seed=3), traced(small, seed=3)
    assert first.metrics == second.metrics
    assert first.admissions == second.admissions
    assert traced(small, seed=4).admissions != first.admissions


def test_policies_see_the_same_arrivals(small: Scenario) -> None:
    """Common random numbers: the youths who arrive are the same under every policy."""
    a, b = traced(small, "default"), traced(small, "waiting-time-first")
    assert a.outcomes is not None and b.outcomes is not None
    drawn = {i for i in a.outcomes.ids if i.startswith("R") or i.split("-")[1] < "1"}
    assert drawn == {i for i in b.outcomes.ids if i.startswith("R") or i.split("-")[1] < "1"}


def test_workers_one_and_two_give_identical_results(small: Scenario) -> None:
    policies = [load_policy("default"), load_policy("waiting-time-first")]
    kwargs = {"years": 1.0, "replications": 2, "seed": 11}
    local = run_experiment(small, policies, workers=1, **kwargs)  # type: ignore[arg-type]
    parallel = run_experiment(small, policies, workers=2, **kwargs)  # type: ignore[arg-type]
    assert [(r.policy_id, r.replication, r.metrics) for r in local.results] == [
        (r.policy_id, r.replication, r.metrics) for r in parallel.results
    ]
    assert local.estimates("default")["occupancy"].n == 2


def test_urgency_first_places_the_urgent_youth_first_and_waiting_time_first_does_not(tiny: Scenario) -> None:
    """D-26: under the default policy the urgent youth gets the place; under waiting-time-first the longest wait."""
    assert [a.request_id for a in traced(tiny, "default", years=0.1).admissions] == ["urgent"]
    assert [a.request_id for a in traced(tiny, "waiting-time-first", years=0.1).admissions] == ["old-wait"]


def test_metrics_are_plausible(small: Scenario) -> None:
    metrics = traced(small).metrics
    assert 0.0 <= metrics["occupancy"] <= 1.0
    assert 0.0 <= metrics["most_urgent_placed_within_30d"] <= 1.0 or metrics["most_urgent_placed_within_30d"] != 0
    assert metrics["admissions_per_year"] > 0
    assert "wait_median_poverty" in metrics and "placed_share_not_poverty" in metrics


@pytest.mark.parametrize("policy", ["default", "complexity-balance"])
def test_a_run_makes_no_reference_cycles_and_restores_the_collector(small: Scenario, policy: str) -> None:
    """`Run.run` switches the cyclic garbage collector off: that is only safe while a run frees everything it
    drops by reference counting. Collected with the run still alive, nothing it made is unreachable; once the
    run is dropped, reference counting frees it (a replication worker runs many in a row)."""
    scenario_policy = load_policy(policy)
    world = build_world(small)
    Run(small, scenario_policy, world, Streams.of(5, 0), 0.1).run()  # numba's first load leaves garbage of its own
    gc.collect()
    run = Run(small, scenario_policy, world, Streams.of(5, 0), 1.0)
    run.run()
    assert gc.isenabled()
    gc.disable()
    try:
        assert gc.collect() == 0
        assert run.rank_calls > 0
        del run  # (a compiled run takes no weak reference: the collector's list shows whether it is still there)
        assert not [thing for thing in gc.get_objects() if type(thing) is Run]  # (not isinstance: dead proxies)
    finally:
        gc.enable()


def test_no_collection_during_a_replication_finds_its_run(small: Scenario) -> None:
    """`run_replication` keeps the collector off until the run is summed up and dropped: a collection with the run
    alive would scan everything it made (and a run makes no cycles, so dropping it frees it)."""
    runs_seen: list[int] = []

    def look(phase: str, info: dict[str, int]) -> None:
        if phase == "start":
            runs_seen.append(sum(1 for thing in gc.get_objects() if type(thing) is Run))

    gc.collect()
    gc.callbacks.append(look)
    try:
        result = run_replication(small, load_policy("default"), 5, 0, 1.0)
        gc.collect()  # (one collection at least, after the replication)
    finally:
        gc.callbacks.remove(look)
    assert gc.isenabled()
    assert result.rank_calls > 0
    assert runs_seen and not any(runs_seen)


def test_a_run_compiles_no_ranking_kernel_of_its_own(small: Scenario) -> None:
    """The compiled ranking kernel is loaded for every argument type a live pool's view gives it when it is first
    imported (`core.ranking_kernel._load`), not in the middle of a run, where compiling costs seconds."""
    from plaatsregie.core import ranking_kernel

    loaded = set(ranking_kernel.packed_order.signatures)
    run = Run(small, load_policy("default"), build_world(small), Streams.of(5, 0), 2.0)
    run.run()
    assert run.rank_calls > 100
    assert set(ranking_kernel.packed_order.signatures) == loaded
