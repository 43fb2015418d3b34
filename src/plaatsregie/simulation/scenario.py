"""A simulation scenario: every rate and distribution as data, read from TOML with documented defaults.

`docs/simulation.md` documents each key. A key the defaults do not name is an error, as in policy files
(D-25): a misspelt rate must never fall back to a default silently.
"""

from __future__ import annotations

import copy
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from plaatsregie.core.errors import DomainError
from plaatsregie.synth import REFERENCE_DAY


class ScenarioError(DomainError):
    """A scenario file that cannot be used."""


URGENCY_CLASSES = 4
# The defaults: also the schema (every key, its type and, for lists, its length). Assumptions are documented
# in docs/simulation.md; `scenarios/flanders.toml` states them all explicitly.
DEFAULTS: dict[str, Any] = {
    "world": {"source": "synthetic", "scale": "flanders", "seed": 1, "start": REFERENCE_DAY.isoformat()},
    "arrivals": {
        "per_year": 4300.0,
        "urgency_shares": [0.05, 0.28, 0.47, 0.20],
        "crisis_overflow_share": 0.08,
        "crisis_urgency_shares": [0.30, 0.50, 0.17, 0.03],
        "sibling_share": 0.05,
        "internal_transfer_share": 0.03,
    },
    "readmission": {"share": 0.14, "mean_delay_days": 120.0},
    "urgency": {
        "escalation_per_year": [0.0, 0.3, 0.4, 0.3],
        "stabilisation_per_year": [2.0, 0.6, 0.3, 0.0],
    },
    "withdrawal": {"mean_days": [600.0, 1350.0, 1800.0, 2250.0], "max_age": 21},
    "capacity": {
        "lead_days_mean": 21.0,
        "late_report_share": 0.25,
        "dialogue_days": 3,
        "retry_days": 14,
        "unavailable_share": 0.06,
        "unavailable_mean_days": 60.0,
    },
    "offers": {
        "answer_days": 5,
        "start_days": 3,
        "refusal_base": 0.10,
        "refusal_per_misfit": 0.08,
        "refusal_per_fit": 0.03,
        "refusal_per_load": 0.25,
        "refusal_max": 0.9,
        "collective_case_refusals": 3,
    },
    "stay": {
        "median_days": {
            "OVBJ": 430.0, "CKG": 260.0, "OBC": 550.0, "GES+": 350.0, "CIG": 310.0, "OIOC": 520.0,
            "VEILIG-VERBLIJF": 160.0, "GEZINSHUIS": 940.0,
        },
        "default_median_days": 430.0,
        "sigma": 0.6,
        "short_stay_median_days": 60.0,
        "max_days": 1460,
    },
    "complexity": {"needs": ["psychiatric", "drugs", "aggression", "closed_setting"], "complex_from": 2},
    "equity": {"groups": {}},
    "metrics": {"warmup_days": 365},
}
_GROUP_DEFAULTS: dict[str, Any] = {"share": 0.0, "refusal_factor": 1.0, "withdrawal_factor": 1.0}
_FREE_TABLES = frozenset({"stay.median_days", "equity.groups"})  # keys are module codes / group names
_LISTED = frozenset({"world.places", "world.requests"})  # a hand-made world (docs/simulation.md)


@dataclass(frozen=True)
class EquityGroup:
    """A group the sector says finds less access (D-34), with the assumed extra refusal and withdrawal."""

    name: str
    share: float
    refusal_factor: float
    withdrawal_factor: float


@dataclass(frozen=True)
class Scenario:
    """A validated scenario: `values` holds every key, defaults filled in."""

    values: Mapping[str, Any]
    source: str = "<defaults>"

    def __getitem__(self, section: str) -> Mapping[str, Any]:
        value: Mapping[str, Any] = self.values[section]
        return value

    @property
    def start(self) -> date:
        return date.fromisoformat(str(self.values["world"]["start"]))

    @property
    def groups(self) -> tuple[EquityGroup, ...]:
        return tuple(
            EquityGroup(name, float(g["share"]), float(g["refusal_factor"]), float(g["withdrawal_factor"]))
            for name, g in sorted(self.values["equity"]["groups"].items())
        )

    def median_stay(self, module: str) -> float:
        """D-35: median length of stay of a module, or the default."""
        return float(self.values["stay"]["median_days"].get(module, self.values["stay"]["default_median_days"]))


def scenario_from_mapping(data: Mapping[str, Any], source: str = "<mapping>") -> Scenario:
    """Merge a parsed scenario over the defaults, rejecting unknown keys and wrong types."""
    try:
        merged = _merge(DEFAULTS, data, "")
        _check_values(merged)
    except ScenarioError as error:
        raise ScenarioError(f"{source}: {error}") from None
    return Scenario(merged, source)


def load_scenario(path: str | Path) -> Scenario:
    """Read and validate a scenario TOML file."""
    file = Path(path)
    try:
        data = tomllib.loads(file.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ScenarioError(f"scenario file not found: {file}") from None
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as error:
        raise ScenarioError(f"{file}: not a valid TOML scenario file ({error})") from None
    return scenario_from_mapping(data, str(file))


def _merge(defaults: Mapping[str, Any], given: Mapping[str, Any], where: str) -> dict[str, Any]:
    merged = copy.deepcopy(dict(defaults))
    for key, value in given.items():
        path = f"{where}{key}"
        if path in _LISTED:
            if not isinstance(value, list) or not all(isinstance(item, Mapping) for item in value):
                raise ScenarioError(f"{path} must be a list of tables ([[{path}]] in TOML)")
            merged[key] = [_plain(item) for item in value]
        elif key not in defaults:
            known = ", ".join(sorted({*defaults, *(k.split(".")[-1] for k in _LISTED if k.startswith(where))}))
            raise ScenarioError(f"unknown key '{path}' (known here: {known})")
        elif path in _FREE_TABLES:
            merged[key] = _free_table(value, path)
        elif isinstance(defaults[key], Mapping):
            if not isinstance(value, Mapping):
                raise ScenarioError(f"{path} must be a table (a [section] in TOML)")
            merged[key] = _merge(defaults[key], value, f"{path}.")
        else:
            merged[key] = _typed(defaults[key], value, path)
    return merged


def _free_table(value: Any, path: str) -> dict[str, Any]:
    if not isinstance(value, Mapping):
        raise ScenarioError(f"{path} must be a table (a [section] in TOML)")
    if path == "equity.groups":
        return {
            name: _merge(_GROUP_DEFAULTS, _table(group, f"{path}.{name}"), f"{path}.{name}.")
            for name, group in value.items()
        }
    return {name: _typed(1.0, days, f"{path}.{name}") for name, days in value.items()}


def _table(value: Any, path: str) -> Mapping[str, Any]:
    if not isinstance(value, Mapping):
        raise ScenarioError(f"{path} must be a table (a [section] in TOML)")
    return value


def _typed(default: Any, value: Any, path: str) -> Any:
    """The value if it has the default's type (a whole number is accepted for a float); lists keep their length."""
    if isinstance(value, date):
        value = value.isoformat()
    if isinstance(default, bool) or isinstance(value, bool):
        ok = isinstance(default, bool) and isinstance(value, bool)
    elif isinstance(default, float):
        ok = isinstance(value, int | float)
        value = float(value) if ok else value
    elif isinstance(default, list):
        if not isinstance(value, list) or (default and isinstance(default[0], float) and len(value) != len(default)):
            raise ScenarioError(f"{path} must be a list of {len(default)} numbers")
        return [_typed(default[0], item, f"{path}[{i}]") for i, item in enumerate(value)] if default else value
    else:
        ok = isinstance(value, type(default))
    if not ok:
        raise ScenarioError(f"{path} must be {type(default).__name__}, not {value!r}")
    return value


def _plain(item: Mapping[str, Any]) -> dict[str, Any]:
    """TOML dates as ISO text, the form of docs/rank-file.md."""
    return {key: value.isoformat() if isinstance(value, date) else value for key, value in item.items()}


def _check_values(values: Mapping[str, Any]) -> None:
    arrivals = values["arrivals"]
    for key in ("urgency_shares", "crisis_urgency_shares"):
        if abs(sum(arrivals[key]) - 1.0) > 1e-6 or min(arrivals[key]) < 0:
            raise ScenarioError(f"arrivals.{key} must be 4 shares ≥ 0 that add up to 1")
    if values["world"]["source"] not in ("synthetic", "listed"):
        raise ScenarioError("world.source must be 'synthetic' or 'listed'")
    if values["world"]["source"] == "listed" and "places" not in values["world"]:
        raise ScenarioError("a listed world needs [[world.places]]")
    try:
        date.fromisoformat(str(values["world"]["start"]))
    except ValueError:
        raise ScenarioError("world.start must be a date (YYYY-MM-DD)") from None
    for section, key in (("offers", "refusal_max"), ("capacity", "late_report_share"), ("readmission", "share")):
        if not 0.0 <= values[section][key] <= 1.0:
            raise ScenarioError(f"{section}.{key} must be between 0 and 1")
    if values["arrivals"]["per_year"] < 0:
        raise ScenarioError("arrivals.per_year must be ≥ 0")
