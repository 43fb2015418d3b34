"""Shared scenarios of the simulator tests: the hand-made tiny world and a small synthetic Flanders."""

from __future__ import annotations

from pathlib import Path

import pytest

from plaatsregie.simulation.scenario import Scenario, load_scenario, scenario_from_mapping

TINY = Path(__file__).with_name("tiny.toml")


@pytest.fixture(scope="session")
def tiny() -> Scenario:
    return load_scenario(TINY)


@pytest.fixture(scope="session")
def small() -> Scenario:
    """The `small` synthetic world (12 facilities) with demand scaled to it and every mechanism switched on."""
    return scenario_from_mapping({
        "world": {"scale": "small"},
        "arrivals": {"per_year": 260.0},
        "metrics": {"warmup_days": 90},
        "equity": {"groups": {"poverty": {"share": 0.3, "refusal_factor": 1.3, "withdrawal_factor": 1.2}}},
    }, "small")
