"""The figures of a run from a ledger written by hand: capacity (D-27, D-29) and equity (D-34) (issue 5)."""

from __future__ import annotations

import tomllib
from pathlib import Path

import numpy as np
import pytest

from plaatsregie.simulation.ledger import Admission, Ledger, Outcomes
from plaatsregie.simulation.metrics import summarise
from plaatsregie.simulation.scenario import Scenario, scenario_from_mapping
from plaatsregie.simulation.state import PlaceState
from plaatsregie.simulation.world import build_world

TWO_YEARS = 730


@pytest.fixture
def scenario() -> Scenario:
    """The tiny world with a second place, for short stays, at the same facility; one equity group; no warm-up."""
    data = tomllib.loads(Path(__file__).with_name("tiny.toml").read_text(encoding="utf-8"))
    short = dict(data["world"]["places"][0], id="P2", short_stay=True)
    data["world"]["places"].append(short)
    data["metrics"] = {"warmup_days": 0}
    data["equity"] = {"groups": {"poverty": {"share": 0.3, "refusal_factor": 1.0, "withdrawal_factor": 1.0}}}
    return scenario_from_mapping(data, "tiny+short")


def a_ledger(scenario: Scenario) -> Ledger:
    """Two years. P1 (regular) occupied 500 days, then vacant 230; P2 (short stay) occupied 146, vacant 584.
    Three admissions, two of them to the short-stay place. Four requests: two of the group placed after 40 and
    100 days, one outside it still waiting (710 days), one outside it withdrawn."""
    ledger = Ledger(scenario, build_world(scenario), TWO_YEARS)
    days = ledger.place_days
    days.add(PlaceState.OCCUPIED, False, 0, 500)
    days.add(PlaceState.VACANT, False, 500, TWO_YEARS)
    days.add(PlaceState.OCCUPIED, True, 0, 146)
    days.add(PlaceState.VACANT, True, 146, TWO_YEARS)
    ledger.admissions = [
        Admission(40, "P2", "a", "F1", 0, True), Admission(110, "P2", "b", "F1", 0, True),
        Admission(500, "P1", "e", "F1", 0, False),
    ]
    ledger.outcomes = Outcomes(
        ids=("a", "b", "c", "d"),
        arrival_day=np.array([0, 10, 20, 30]), first_urgency=np.array([2, 2, 2, 2]),
        state=np.array([1, 1, 0, 2]), end_day=np.array([40, 110, TWO_YEARS, 50]),
        refused_by=np.zeros(4, dtype=np.int64), groups=np.array([[True], [True], [False], [False]]),
    )
    return ledger


def test_vacant_place_days_and_occupancy_are_counted_per_state_d29(scenario: Scenario) -> None:
    """D-29: vacant place-days a year (the cost of slow placement) and occupancy over every place-day."""
    figures = summarise(a_ledger(scenario))
    assert figures["vacant_place_days_per_year"] == pytest.approx((230 + 584) / 2)
    assert figures["occupancy"] == pytest.approx((500 + 146) / (2 * TWO_YEARS))
    assert figures["unavailable_share"] == 0.0


def test_short_stay_capacity_is_measured_apart_d27(scenario: Scenario) -> None:
    """D-27: the use of short-stay places on their own — occupancy and admissions a place a year."""
    figures = summarise(a_ledger(scenario))
    assert figures["short_stay_occupancy"] == pytest.approx(146 / TWO_YEARS)
    assert figures["short_stay_admissions_per_place_year"] == pytest.approx(2 / 1 / 2)


def test_each_equity_group_is_compared_with_everyone_else_d34(scenario: Scenario) -> None:
    """D-34: median wait and placed share of the group against the rest; a withdrawn request has no wait."""
    figures = summarise(a_ledger(scenario))
    assert figures["wait_median_poverty"] == 70.0  # 40 and 100 days
    assert figures["wait_median_not_poverty"] == 710.0  # still waiting at the horizon; the withdrawn one not counted
    assert figures["placed_share_poverty"] == 1.0
    assert figures["placed_share_not_poverty"] == 0.0
