"""`plaatsregie simulate` on the tiny scenario writes the table, JSON, CSV and HTML; errors are one line."""

from __future__ import annotations

import json
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from tests.simulation.conftest import TINY


def test_simulate_writes_table_json_csv_and_html(tmp_path: Path) -> None:
    out = StringIO()
    call_command(
        "simulate", "--scenario", str(TINY), "--policy", "default", "--policy", "waiting-time-first",
        "--years", "0.1", "--replications", "2", "--seed", "3", "--workers", "1", "--no-progress",
        "--json", str(tmp_path / "r.json"), "--csv", str(tmp_path / "r.csv"), "--report", str(tmp_path / "r.html"),
        stdout=out,
    )
    assert "wait_median_u1" in out.getvalue() and "waiting-time-first" in out.getvalue()
    document = json.loads((tmp_path / "r.json").read_text())
    assert set(document["policies"]) == {"default", "waiting-time-first"}
    assert len(document["policies"]["default"]["replications"]) == 2
    assert "policy,figure,mean" in (tmp_path / "r.csv").read_text()
    assert "data:image/png;base64," in (tmp_path / "r.html").read_text()


def test_a_misspelt_scenario_key_is_one_clear_error(tmp_path: Path) -> None:
    scenario = tmp_path / "bad.toml"
    scenario.write_text("[offers]\nrefusl_base = 0.1\n")
    with pytest.raises(CommandError, match=r"unknown key 'offers\.refusl_base'"):
        call_command("simulate", "--scenario", str(scenario), "--policy", "default", "--years", "1")


def test_an_unknown_policy_is_one_clear_error() -> None:
    with pytest.raises(CommandError, match="no policy file or policy id 'nope'"):
        call_command("simulate", "--scenario", str(TINY), "--policy", "nope")
