"""D-10 in the simulator: urgency escalates or stabilises while a youth waits, at the scenario's rates, and the
ranking sees it; discharged youths come back as readmissions of the facility they left, within the year."""

from __future__ import annotations

from collections import Counter
from typing import Any

import pytest

from plaatsregie.core.policy import load_policy
from plaatsregie.simulation.engine import Run
from plaatsregie.simulation.scenario import Scenario, scenario_from_mapping
from plaatsregie.simulation.state import CaseState
from plaatsregie.simulation.streams import Streams
from plaatsregie.simulation.world import build_world


def small_with(**sections: Any) -> Scenario:
    """The `small` world with demand scaled to it, and these scenario sections."""
    return scenario_from_mapping({
        "world": {"scale": "small"}, "arrivals": {"per_year": 260.0}, "metrics": {"warmup_days": 90}, **sections,
    }, "small")


def ran(scenario: Scenario, years: float = 2.0, seed: int = 3) -> Run:
    run = Run(scenario, load_policy("default"), build_world(scenario), Streams.of(seed, 0), years)
    run.run()
    return run


def urgency_moves(run: Run) -> Counter[str]:
    """Per case, how its urgency now compares with its urgency at registration."""
    moves: Counter[str] = Counter()
    for case in run.cases:
        now = int(case.request.urgency)
        moves["more urgent" if now < case.first_urgency else "less urgent" if now > case.first_urgency else "same"] += 1
    return moves


def test_without_rates_urgency_never_changes() -> None:
    run = ran(small_with(urgency={"escalation_per_year": [0.0] * 4, "stabilisation_per_year": [0.0] * 4}))
    assert urgency_moves(run) == Counter({"same": len(run.cases)})


def test_escalation_alone_only_makes_youths_more_urgent_and_stabilisation_alone_less() -> None:
    escalating = ran(small_with(urgency={"escalation_per_year": [0.0, 2.0, 2.0, 2.0],
                                         "stabilisation_per_year": [0.0] * 4}))
    moves = urgency_moves(escalating)
    assert moves["more urgent"] > 20 and moves["less urgent"] == 0
    stabilising = ran(small_with(urgency={"escalation_per_year": [0.0] * 4,
                                          "stabilisation_per_year": [2.0, 2.0, 2.0, 0.0]}))
    moves = urgency_moves(stabilising)
    assert moves["less urgent"] > 20 and moves["more urgent"] == 0
    assert all(1 <= int(case.request.urgency) <= 4 for case in (*escalating.cases, *stabilising.cases))


def test_the_default_rates_move_urgency_both_ways_and_every_live_pool_holds_the_urgency_now() -> None:
    """The ranking ranks the pool as it is now: each waiting youth's row carries the urgency after its steps."""
    run = ran(small_with())
    moves = urgency_moves(run)
    assert moves["more urgent"] > 0 and moves["less urgent"] > 0
    waiting = [case for case in run.cases if case.state is CaseState.WAITING]
    assert waiting
    for case in waiting:
        for partition in case.partitions:
            assert run.pools[partition].request(case.request.id).urgency == case.request.urgency


@pytest.mark.parametrize("share", [0.0, 1.0])
def test_discharged_youths_are_readmitted_to_the_pool_within_the_year(share: float) -> None:
    """D-10, D-35: a share of discharged youths is registered again within a year, as a readmission of the
    facility they left (a step-3 consideration for its places), keeping their youth id."""
    run = ran(small_with(readmission={"share": share, "mean_delay_days": 60.0},
                         stay={"short_stay_median_days": 20.0, "median_days": {"OVBJ": 90.0, "CKG": 90.0}}))
    readmitted = [case for case in run.cases if case.request.readmission_facility_id is not None
                  and case.arrival_day >= 0]
    if share == 0.0:
        assert readmitted == [] and run.readmissions == 0
        return
    assert len(readmitted) > 10
    assert run.readmissions >= len(readmitted)  # (some are drawn to arrive after the horizon)
    facility_of = {place.profile.id: place.profile.facility_id for place in run.places}
    admitted = {a.request_id: a for a in run.ledger.admissions}
    discharges: dict[str, list[int]] = {}
    for day, place_id in run.ledger.discharges:
        discharges.setdefault(place_id, []).append(day)
    stays_of: dict[str, list[tuple[int, int, str]]] = {}  # youth → (start, discharge, facility) of each stay
    for case in run.cases:
        admission = admitted.get(case.request.id)
        if admission is None:
            continue
        ended = [day for day in discharges.get(admission.place_id, []) if day > admission.day]
        if ended:
            stays_of.setdefault(case.request.youth_id, []).append(
                (admission.day, min(ended), facility_of[admission.place_id]))
    for case in readmitted:
        assert case.request.registered_on == run.date(case.arrival_day)
        left = sorted((case.arrival_day - discharged, facility)
                      for _, discharged, facility in stays_of.get(case.request.youth_id, [])
                      if 1 <= case.arrival_day - discharged <= 365)
        assert left, f"{case.request.id}: no stay of the youth ended in the year before"
        assert case.request.readmission_facility_id == left[0][1]  # the facility of the stay that just ended
