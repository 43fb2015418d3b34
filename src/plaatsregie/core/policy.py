"""Prioritisation policy as data (D-10, D-26): a versioned TOML file with an id, version and hash."""

from __future__ import annotations

import hashlib
import os
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

from plaatsregie.core.errors import PolicyError

POLICY_DIR_ENV = "PLAATSREGIE_POLICY_DIR"


class RegionScope(StrEnum):
    SAME_REGION = "same_region"
    FLANDERS = "flanders"


class OrderingKey(StrEnum):
    """The components a policy may order candidates by, each compared in a fixed direction."""

    URGENCY = "urgency"  # most urgent (1) first
    CONSIDERATIONS = "considerations"  # more (weighted) special situations first
    DISTANCE_BAND = "distance_band"  # nearer band first
    PROFILE_FIT = "profile_fit"  # more needs matching the facility's ideal profile first
    WAITING_DAYS = "waiting_days"  # longer wait first
    # D-28: if the place's facility took clearly more than its share of complex situations, less complex first;
    # clearly less, more complex first; within its share, no effect (the facility's balance, core.complexity)
    COMPLEXITY_BALANCE = "complexity_balance"


class Consideration(StrEnum):
    """The special situations of step 3 (D-10)."""

    SIBLING = "sibling"
    INTERNAL_TRANSFER = "internal_transfer"
    READMISSION = "readmission"
    CRISIS_OVERFLOW = "crisis_overflow"


@dataclass(frozen=True)
class Policy:
    id: str
    version: int
    hash: str
    title: str
    description: str = ""
    max_urgency: int = 4
    region_scope: RegionScope = RegionScope.SAME_REGION
    region_scope_by_module: Mapping[str, RegionScope] = field(default_factory=dict)
    ordering: tuple[OrderingKey, ...] = (OrderingKey.URGENCY,)
    consideration_weights: Mapping[Consideration, int] = field(default_factory=dict)
    distance_limits_km: tuple[float, ...] = (25.0, 50.0)
    source: str = ""

    def region_scope_for(self, module: str) -> RegionScope:
        return self.region_scope_by_module.get(module, self.region_scope)

    @property
    def reference(self) -> dict[str, str | int]:
        """What a frozen decision records of the policy it was made under (D-25)."""
        return {"id": self.id, "version": self.version, "hash": self.hash}


def _choice(enum: type[StrEnum], value: object, where: str) -> Any:
    try:
        return enum(str(value))
    except ValueError:
        known = ", ".join(member.value for member in enum)
        raise PolicyError(f"{where}: '{value}' is not one of: {known}") from None


def _table(data: Mapping[str, Any], key: str, where: str) -> Mapping[str, Any]:
    value = data.get(key, {})
    if not isinstance(value, Mapping):
        raise PolicyError(f"{where}{key} must be a table (a [section] in TOML)")
    return value


def _ordering(section: Mapping[str, Any]) -> tuple[OrderingKey, ...]:
    keys = section.get("keys")
    if not isinstance(keys, list) or not keys:
        raise PolicyError("ordering.keys must be a non-empty list")
    ordering = tuple(_choice(OrderingKey, key, "ordering.keys") for key in keys)
    if len(set(ordering)) != len(ordering):
        raise PolicyError("ordering.keys names a key twice")
    return ordering


def _weights(section: Mapping[str, Any]) -> dict[Consideration, int]:
    weights = {c: 1 for c in Consideration}
    for name, weight in section.items():
        key = _choice(Consideration, name, "ordering.considerations")
        if not isinstance(weight, int) or isinstance(weight, bool) or weight < 0:
            raise PolicyError(f"ordering.considerations.{name} must be a whole number ≥ 0")
        weights[key] = weight
    return weights


def _limits(section: Mapping[str, Any]) -> tuple[float, ...]:
    limits = section.get("limits_km", [25, 50])
    if not isinstance(limits, list) or not all(isinstance(x, int | float) for x in limits):
        raise PolicyError("ordering.distance_band.limits_km must be a list of numbers")
    if not limits:
        raise PolicyError("ordering.distance_band.limits_km must name at least one limit")
    if sorted(limits) != limits or any(x <= 0 for x in limits):
        raise PolicyError("ordering.distance_band.limits_km must be positive and increasing")
    return tuple(float(x) for x in limits)


def policy_from_bytes(content: bytes, source: str = "<bytes>") -> Policy:
    """Parse and validate a policy file's bytes; the hash is sha256 of exactly these bytes. The same bytes give
    the same (immutable) policy value: each distinct file content is parsed once per process."""
    return _parsed(content, source)


@lru_cache(maxsize=64)
def _parsed(content: bytes, source: str) -> Policy:
    try:
        data = tomllib.loads(content.decode("utf-8"))
    except (UnicodeDecodeError, tomllib.TOMLDecodeError) as error:
        raise PolicyError(f"{source}: not a valid TOML policy file ({error})") from None
    try:
        return _policy_from_mapping(data, hashlib.sha256(content).hexdigest(), source)
    except PolicyError as error:
        raise PolicyError(f"{source}: {error}") from None


_KNOWN_KEYS: dict[str, frozenset[str]] = {
    "": frozenset({"id", "version", "title", "description", "eligibility", "ordering"}),
    "eligibility.": frozenset({"max_urgency", "region", "region_by_module"}),
    "ordering.": frozenset({"keys", "considerations", "distance_band"}),
    "ordering.distance_band.": frozenset({"limits_km"}),
}


def _check_known_keys(table: Mapping[str, Any], where: str) -> None:
    """A misspelt key must not pass silently: the rules a decision was made under must be exactly these (D-25)."""
    unknown = sorted(set(table) - _KNOWN_KEYS[where])
    if unknown:
        known = ", ".join(sorted(_KNOWN_KEYS[where]))
        raise PolicyError(f"unknown key '{where}{unknown[0]}' (known here: {known})")


def _policy_from_mapping(data: Mapping[str, Any], digest: str, source: str) -> Policy:
    _check_known_keys(data, "")
    for required in ("id", "version", "ordering"):
        if required not in data:
            raise PolicyError(f"missing '{required}'")
    version = data["version"]
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        raise PolicyError("version must be a whole number ≥ 1")
    eligibility = _table(data, "eligibility", "")
    _check_known_keys(eligibility, "eligibility.")
    max_urgency = eligibility.get("max_urgency", 4)
    if isinstance(max_urgency, bool) or not isinstance(max_urgency, int) or max_urgency not in (1, 2, 3, 4):
        raise PolicyError("eligibility.max_urgency must be 1, 2, 3 or 4")
    ordering = _table(data, "ordering", "")
    _check_known_keys(ordering, "ordering.")
    _check_known_keys(_table(ordering, "distance_band", "ordering."), "ordering.distance_band.")
    return Policy(
        id=str(data["id"]),
        version=version,
        hash=digest,
        title=str(data.get("title", data["id"])),
        description=str(data.get("description", "")).strip(),
        max_urgency=max_urgency,
        region_scope=_choice(RegionScope, eligibility.get("region", "same_region"), "eligibility.region"),
        region_scope_by_module={
            module: _choice(RegionScope, scope, f"eligibility.region_by_module.{module}")
            for module, scope in _table(eligibility, "region_by_module", "eligibility.").items()
        },
        ordering=_ordering(ordering),
        consideration_weights=_weights(_table(ordering, "considerations", "ordering.")),
        distance_limits_km=_limits(_table(ordering, "distance_band", "ordering.")),
        source=source,
    )


def policy_dirs() -> list[Path]:
    """Where policy ids are looked up: PLAATSREGIE_POLICY_DIR first, then the shipped policies."""
    dirs = [Path(part) for part in os.environ.get(POLICY_DIR_ENV, "").split(os.pathsep) if part]
    dirs.append(Path(str(resources.files("plaatsregie").joinpath("policies"))))
    return dirs


def shipped_policies() -> dict[str, Path]:
    """Every policy file found in the policy directories, by id (the first found wins)."""
    found: dict[str, Path] = {}
    for directory in policy_dirs():
        for path in sorted(directory.glob("*.toml")):
            policy = policy_from_bytes(path.read_bytes(), str(path))
            found.setdefault(policy.id, path)
    return found


def load_policy(name: str = "default") -> Policy:
    """Load a policy from a file path if `name` names an existing file, else by id."""
    path = Path(name)
    if path.is_file():
        return policy_from_bytes(path.read_bytes(), str(path))
    policies = shipped_policies()
    if name not in policies:
        known = ", ".join(sorted(policies))
        raise PolicyError(f"no policy file or policy id '{name}' (known ids: {known})")
    return policy_from_bytes(policies[name].read_bytes(), str(policies[name]))
