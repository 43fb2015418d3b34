"""The compiled event side (`simulation/compiled.py`) runs exactly what the sources say, or is not used (issue 5)."""

from __future__ import annotations

import importlib.machinery
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from plaatsregie.simulation import compiled
from plaatsregie.simulation.compiled import INTERPRETED, MODULES, fingerprint, running_compiled, use_compiled

# The same replication, summed up as text: every admission, every outcome and the headline metrics.
_RUN = """
import hashlib, sys
from plaatsregie.core.policy import load_policy
from plaatsregie.simulation.compiled import running_compiled
from plaatsregie.simulation.replicate import run_replication
from plaatsregie.simulation.scenario import scenario_from_mapping

scenario = scenario_from_mapping({
    "world": {"scale": "small"}, "arrivals": {"per_year": 260.0}, "metrics": {"warmup_days": 90},
    "equity": {"groups": {"poverty": {"share": 0.3, "refusal_factor": 1.3, "withdrawal_factor": 1.2}}},
}, "small")
digest = hashlib.sha256()
for policy in ("default", "complexity-balance"):
    result = run_replication(scenario, load_policy(policy), 11, 0, 1.5, trace=True)
    digest.update(repr((result.admissions, result.discharges, sorted(result.metrics.items()), result.events,
                        result.rank_calls, result.outcomes.ids, result.outcomes.state.tolist(),
                        result.outcomes.end_day.tolist())).encode())
print(running_compiled(), digest.hexdigest())
"""


def _run(interpreted: bool) -> tuple[str, str]:
    environ = {key: value for key, value in os.environ.items() if key != INTERPRETED}
    if interpreted:
        environ[INTERPRETED] = "1"
    done = subprocess.run([sys.executable, "-c", _RUN], env=environ, capture_output=True, text=True, check=True)
    which, digest = done.stdout.split()
    return which, digest


def test_a_compiled_run_is_the_interpreted_run() -> None:
    """The same replications, compiled and interpreted, make the same admissions, outcomes and metrics."""
    compiled_which, compiled_digest = _run(interpreted=False)
    interpreted_which, interpreted_digest = _run(interpreted=True)
    assert interpreted_which == "False"
    if compiled_which != "True":
        pytest.skip("the simulator is not compiled here (scripts/compile-simulator could not compile it)")
    assert compiled_digest == interpreted_digest


def test_the_simulator_runs_compiled_where_it_was_compiled() -> None:
    """`make install` compiles the event side; CI (`PLAATSREGIE_REQUIRE_COMPILED=1`) requires that it did."""
    required = os.environ.get("PLAATSREGIE_REQUIRE_COMPILED", "") not in ("", "0")
    if os.environ.get(INTERPRETED, "") not in ("", "0"):
        pytest.skip(f"{INTERPRETED} is set")
    if not required and not use_compiled():
        pytest.skip("the simulator is not compiled here")
    assert use_compiled()
    assert running_compiled()


def _package_copy(tmp_path: Path) -> Path:
    for name in MODULES:
        shutil.copy(compiled.HERE / f"{name}.py", tmp_path / f"{name}.py")
    return tmp_path


def _extensions_beside(directory: Path) -> None:
    for name in MODULES:
        (directory / f"{name}{importlib.machinery.EXTENSION_SUFFIXES[0]}").write_bytes(b"")


def test_compiled_modules_are_used_only_when_compiled_from_the_sources_there(tmp_path: Path) -> None:
    directory = _package_copy(tmp_path)
    manifest = directory / "compiled.json"
    manifest.write_text(json.dumps({"fingerprint": fingerprint(directory)}), encoding="utf-8")
    assert not use_compiled(directory, manifest, {})  # nothing compiled
    _extensions_beside(directory)
    assert use_compiled(directory, manifest, {})
    assert not use_compiled(directory, manifest, {INTERPRETED: "1"})  # asked for the sources
    assert use_compiled(directory, manifest, {INTERPRETED: "0"})
    engine = directory / "engine.py"
    engine.write_text(engine.read_text(encoding="utf-8") + "\n# changed after compiling\n", encoding="utf-8")
    assert not use_compiled(directory, manifest, {})  # the sources changed since
    manifest.write_text(json.dumps({"fingerprint": None, "failed": True}), encoding="utf-8")
    assert not use_compiled(directory, manifest, {})  # the compiler failed
    manifest.write_text("{not json", encoding="utf-8")
    assert not use_compiled(directory, manifest, {})


def test_a_stale_compilation_runs_the_sources(tmp_path: Path) -> None:
    """A copy of the package whose extension modules no longer match its sources imports the sources: the stale
    extension modules here are empty files, which Python could not even load."""
    package = tmp_path / "plaatsregie" / "simulation"
    shutil.copytree(compiled.HERE.parent, tmp_path / "plaatsregie",
                    ignore=shutil.ignore_patterns("__pycache__", "*.so", "compiled.json"))
    _extensions_beside(package)
    (package / "compiled.json").write_text(json.dumps({"fingerprint": "from other sources"}), encoding="utf-8")
    environ = {key: value for key, value in os.environ.items() if key != INTERPRETED}
    environ["PYTHONPATH"] = str(tmp_path)
    done = subprocess.run(
        [sys.executable, "-c", "import plaatsregie.simulation as s, plaatsregie.simulation.engine as e; "
                               "print(s.COMPILED, e.__file__)"],
        env=environ, capture_output=True, text=True, check=True, cwd=tmp_path)
    assert done.stdout.split() == ["False", str(package / "engine.py")]
