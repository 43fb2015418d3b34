"""D-28 in the simulator: a policy ordering by the complexity balance sees each facility's balance as it goes."""

from __future__ import annotations

import random
from dataclasses import replace
from datetime import date, timedelta
from typing import Any

from plaatsregie.core.complexity import age_weight, balances, complexity_points
from plaatsregie.core.modules import default_catalogue
from plaatsregie.core.policy import load_policy
from plaatsregie.core.pool import RequestPool
from plaatsregie.core.ranking import rank
from plaatsregie.simulation.balance import ComplexityBalance
from plaatsregie.simulation.replicate import ReplicationResult, run_replication
from plaatsregie.simulation.scenario import Scenario, scenario_from_mapping
from plaatsregie.simulation.world import build_world

NEEDS = ["closed_setting", "psychiatric", "aggression", "drugs", "trauma", "intellectual_disability",
         "school_dropout", "parenting_support"]


def traced(scenario: Scenario, policy: str, seed: int = 7, years: float = 1.0) -> ReplicationResult:
    return run_replication(scenario, load_policy(policy), seed, 0, years, trace=True)


def test_the_balance_policy_changes_the_run_and_is_reproducible(small: Scenario) -> None:
    default, balanced = traced(small, "default"), traced(small, "complexity-balance")
    assert default.admissions and balanced.admissions
    assert [(a.place_id, a.request_id) for a in balanced.admissions] != [
        (a.place_id, a.request_id) for a in default.admissions]
    again = traced(small, "complexity-balance")
    assert again.admissions == balanced.admissions and again.metrics == balanced.metrics
    assert traced(small, "default").admissions == default.admissions


def test_the_incremental_balance_gives_the_signals_of_core_complexity() -> None:
    """The sliding integer sums give the taken points of `age_weight` and the signals of `balances`."""
    rng = random.Random(28)
    places = {f"F{i}": rng.randint(1, 6) for i in range(8)}
    for full_days, fade_days in [(365, 365), (30, 0), (10, 50)]:
        kept = ComplexityBalance(places, full_days, fade_days)
        admitted: list[tuple[int, str, int]] = []
        start = date(2026, 1, 1)
        day = 0
        while day < 1200:
            for _ in range(rng.randint(0, 3)):
                facility, needs = rng.choice(sorted(places)), rng.sample(NEEDS, rng.randint(0, 4))
                kept.admitted(day, facility, needs)
                admitted.append((day, facility, complexity_points(needs)))
            day += rng.randint(1, 40)
            taken: dict[str, float] = {}
            for started, facility, points in admitted:
                weight = age_weight(start + timedelta(started), start + timedelta(day), full_days, fade_days)
                taken[facility] = taken.get(facility, 0.0) + points * weight
            expected = balances({f: t for f, t in taken.items() if t}, places)
            got = kept.taken(day)
            assert set(got) == {f for f, t in taken.items() if abs(t) > 1e-9}
            for facility, value in got.items():
                assert abs(value - taken[facility]) < 1e-9
            assert {f: kept.signal(f, day) for f in places} == {f: b.signal for f, b in expected.items()}


def _place(ref: str, facility: str, free_on: str) -> dict[str, Any]:
    return {"id": ref, "facility_id": facility, "module_type": "OVBJ", "region": "Antwerpen",
            "available_from": free_on, "age_min": 12, "age_max": 17, "genders": ["F", "M", "X"],
            "location": {"lat": 51.22, "lon": 4.40}}


def _request(ref: str, urgency: int, registered_on: str, needs: list[str]) -> dict[str, Any]:
    return {"id": ref, "youth_id": f"Y-{ref}", "birth_date": "2011-03-01", "gender": "M", "region": "Antwerpen",
            "module_types": ["OVBJ"], "urgency": urgency, "registered_on": registered_on,
            "home": {"lat": 51.20, "lon": 4.41}, "needs": needs}


def _two_facilities() -> Scenario:
    """F1 has two places (one free now, one on day 60), F2 two places that stay occupied during the run. The most
    urgent youth (3 complexity points) takes F1's first place, so on day 60 F1 took all points with half the
    places: clearly more than its share. Then a complex youth who waited longer and a light one compete."""
    quiet = {  # nothing happens but matching: as tests/simulation/tiny.toml
        "arrivals": {"per_year": 0}, "readmission": {"share": 0.0},
        "urgency": {"escalation_per_year": [0, 0, 0, 0], "stabilisation_per_year": [0, 0, 0, 0]},
        "withdrawal": {"mean_days": [100000, 100000, 100000, 100000]},
        "capacity": {"late_report_share": 1.0, "unavailable_share": 0.0},
        "offers": {"refusal_base": 0.0, "refusal_per_misfit": 0.0, "refusal_per_fit": 0.0, "refusal_per_load": 0.0},
        "metrics": {"warmup_days": 0},
    }
    return scenario_from_mapping({
        "world": {"source": "listed", "start": date(2026, 1, 1), "places": [
            _place("P1a", "F1", "2026-01-01"), _place("P1b", "F1", "2026-03-02"),
            _place("P2a", "F2", "2026-12-01"), _place("P2b", "F2", "2026-12-01"),
        ], "requests": [
            _request("first", 1, "2025-12-20", ["closed_setting"]),
            _request("complex", 3, "2025-06-01", ["closed_setting", "psychiatric"]),
            _request("light", 3, "2025-11-01", []),
        ]},
        **quiet,
    }, "two facilities")


def test_a_facility_over_its_share_gets_the_less_complex_youth_first_as_rank_would() -> None:
    scenario = _two_facilities()
    default = {a.place_id: a.request_id for a in traced(scenario, "default", years=0.3).admissions}
    balanced = {a.place_id: a.request_id for a in traced(scenario, "complexity-balance", years=0.3).admissions}
    assert default == {"P1a": "first", "P1b": "complex"}  # equal urgency: the longer wait first
    assert balanced == {"P1a": "first", "P1b": "light"}  # F1 is over its share: the less complex first

    world, policy = build_world(scenario), load_policy("complexity-balance")
    kept = ComplexityBalance({"F1": 2, "F2": 2})
    kept.admitted(11, "F1", ["closed_setting"])
    assert kept.signal("F1", 62) == 1 and kept.signal("F2", 62) == -1
    place = replace(world.places[1], available_from=date(2026, 3, 2))
    pool = RequestPool.of([r for r in world.requests if r.id != "first"])
    catalogue = default_catalogue()
    over = rank(replace(place, complexity_signal=1), pool, policy, catalogue=catalogue).candidate_ids
    within = rank(place, pool, policy, catalogue=catalogue).candidate_ids
    assert over == ["light", "complex"] and within == ["complex", "light"]
