"""The `plaatsregie` commands: rank from the database, rank from files, seed."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import date
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from plaatsregie.registry.models import Facility, Place
from plaatsregie.waiting.models import Request
from tests.integration.factories import a_facility, a_place, a_request, a_unit

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "docs" / "examples"


def plaatsregie(*args: str) -> subprocess.CompletedProcess[str]:
    """Run the console script as a user would, in a fresh process."""
    script = Path(sys.executable).with_name("plaatsregie")
    return subprocess.run([str(script), *args], capture_output=True, text=True, cwd=ROOT, check=False,
                          env=os.environ | {"PYTHONWARNINGS": "ignore"})


@pytest.mark.django_db
def test_rank_lists_the_pool_for_a_place_in_policy_order() -> None:
    """D-11, D-22: `rank --place` orders the waiting pool for a stored place and explains each candidate."""
    facility = a_facility()
    place = a_place(a_unit(facility), available_from=date(2027, 3, 1))
    calm = a_request(urgency=3, registered_on=date(2024, 1, 1))
    acute = a_request(urgency=1, registered_on=date(2026, 10, 1))
    sibling = a_request(urgency=3, registered_on=date(2026, 10, 1), siblings=(facility,))
    too_old = a_request(youth={"birth_date": date(2009, 3, 1)})
    out = StringIO()
    call_command("rank", place=place.ref, json=True, stdout=out)
    document = json.loads(out.getvalue())
    assert [c["request_id"] for c in document["candidates"]] == [acute.ref, sibling.ref, calm.ref]
    assert document["excluded"] == [
        {"request_id": too_old.ref, "rule": "age",
         "explanation": "Is 18 jaar op 01/03/2027; de plaats is voor 12–17 jaar."}
    ]
    assert document["policy"]["id"] == "default"


@pytest.mark.django_db
def test_rank_for_an_unknown_place_is_a_one_line_error() -> None:
    with pytest.raises(CommandError, match="no place with reference 'PL-404'"):
        call_command("rank", place="PL-404", stdout=StringIO())


@pytest.mark.django_db
def test_seed_is_reproducible() -> None:
    """Same seed, same data."""
    call_command("seed", scale="small", seed=7, today=date(2026, 11, 23), stdout=StringIO())
    first = _fingerprint()
    call_command("seed", scale="small", seed=7, today=date(2026, 11, 23), replace=True, stdout=StringIO())
    assert _fingerprint() == first
    assert Facility.objects.count() > 5 and Request.objects.count() > 50


@pytest.mark.django_db
def test_seed_refuses_to_mix_with_existing_data() -> None:
    a_facility()
    with pytest.raises(CommandError, match="--replace"):
        call_command("seed", scale="small", seed=1, stdout=StringIO())


def _fingerprint() -> tuple[list[tuple[object, ...]], list[tuple[object, ...]]]:
    places = list(Place.objects.order_by("ref").values_list("ref", "status", "age_min", "age_max", "unit__ref"))
    requests = list(Request.objects.order_by("ref").values_list("ref", "urgency", "registered_on", "youth__ref"))
    return places, requests


def test_rank_file_prints_only_json_on_stdout() -> None:
    """The JSON contract: stdout carries the document; timings go to stderr."""
    result = plaatsregie("rank-file", "--place", str(EXAMPLES / "place.json"),
                         "--pool", str(EXAMPLES / "pool.json"), "--json")
    assert result.returncode == 0, result.stderr
    document = json.loads(result.stdout)
    assert [c["request_id"] for c in document["candidates"]] == ["AM-102", "AM-101", "AM-103"]
    assert [c["rank"] for c in document["candidates"]] == [1, 2, 3]
    assert {e["request_id"]: e["rule"] for e in document["excluded"]} == {
        "AM-104": "age", "AM-105": "region", "AM-106": "module_requested"}
    assert "ms" in result.stderr


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("{not json", "is not valid JSON"),
        ('{"id": "P"}', "field 'module_type' is missing"),
    ],
)
def test_rank_file_rejects_bad_input_with_one_line_and_no_traceback(tmp_path: Path, content: str,
                                                                   message: str) -> None:
    place = tmp_path / "place.json"
    place.write_text(content)
    result = plaatsregie("rank-file", "--place", str(place), "--pool", str(EXAMPLES / "pool.json"))
    assert result.returncode != 0
    assert message in result.stderr
    assert "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_rank_file_names_an_unknown_module_code(tmp_path: Path) -> None:
    place = json.loads((EXAMPLES / "place.json").read_text()) | {"module_type": "BOGUS"}
    path = tmp_path / "place.json"
    path.write_text(json.dumps(place))
    result = plaatsregie("rank-file", "--place", str(path), "--pool", str(EXAMPLES / "pool.json"))
    assert result.returncode != 0 and "BOGUS" in result.stderr and "Traceback" not in result.stderr


def test_rank_file_rejects_an_invalid_policy_file(tmp_path: Path) -> None:
    policy = tmp_path / "broken.toml"
    policy.write_text('id = "broken"\nversion = 1\n[ordering]\nkeys = ["shoe_size"]\n')
    result = plaatsregie("rank-file", "--place", str(EXAMPLES / "place.json"),
                         "--pool", str(EXAMPLES / "pool.json"), "--policy", str(policy))
    assert result.returncode != 0 and "shoe_size" in result.stderr and "Traceback" not in result.stderr


def test_an_out_of_scope_place_exits_zero_with_every_request_excluded(tmp_path: Path) -> None:
    """D-2: an out-of-scope place never gets a candidate list."""
    place = json.loads((EXAMPLES / "place.json").read_text()) | {"module_type": "CRISISVERBLIJF"}
    path = tmp_path / "place.json"
    path.write_text(json.dumps(place))
    result = plaatsregie("rank-file", "--place", str(path), "--pool", str(EXAMPLES / "pool.json"), "--json")
    assert result.returncode == 0, result.stderr
    document = json.loads(result.stdout)
    assert document["candidates"] == []
    assert {e["rule"] for e in document["excluded"]} == {"module_scope"}
    assert len(document["excluded"]) == 6
