"""Scenario files: documented defaults, and a clear error for every misspelt key or wrong value."""

from __future__ import annotations

from pathlib import Path

import pytest

from plaatsregie.simulation.scenario import DEFAULTS, ScenarioError, load_scenario, scenario_from_mapping

ROOT = Path(__file__).resolve().parents[2]


def test_the_shipped_flanders_scenario_is_valid_and_names_every_section() -> None:
    scenario = load_scenario(ROOT / "scenarios" / "flanders.toml")
    assert set(scenario.values) == set(DEFAULTS)


def test_a_misspelt_key_is_an_error_naming_it() -> None:
    with pytest.raises(ScenarioError, match=r"unknown key 'offers.refusl_base' \(known here: .*refusal_base"):
        scenario_from_mapping({"offers": {"refusl_base": 0.2}})


def test_an_unknown_section_is_an_error() -> None:
    with pytest.raises(ScenarioError, match=r"unknown key 'arival'"):
        scenario_from_mapping({"arival": {}})


def test_wrong_types_and_shares_are_errors() -> None:
    with pytest.raises(ScenarioError, match=r"arrivals\.per_year must be float"):
        scenario_from_mapping({"arrivals": {"per_year": "many"}})
    with pytest.raises(ScenarioError, match="urgency_shares must be 4 shares"):
        scenario_from_mapping({"arrivals": {"urgency_shares": [0.5, 0.5, 0.5, 0.5]}})
    with pytest.raises(ScenarioError, match="must be a list of 4 numbers"):
        scenario_from_mapping({"withdrawal": {"mean_days": [1, 2]}})


def test_a_missing_file_is_one_clear_error(tmp_path: Path) -> None:
    with pytest.raises(ScenarioError, match="scenario file not found"):
        load_scenario(tmp_path / "nope.toml")
