"""The world a replication starts from: in-scope places with their status, and the waiting pool.

Either the seeded synthetic Flanders of `plaatsregie.synth` (the same world `plaatsregie seed` stores), or a
hand-made world listed in the scenario in the rank-file format (docs/rank-file.md), for tests and teaching.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import cache
from typing import Any

from plaatsregie.core.contract import place_from_json, request_from_json
from plaatsregie.core.errors import DomainError
from plaatsregie.core.modules import default_catalogue
from plaatsregie.core.types import PlaceProfile, PlaceStatus, Request
from plaatsregie.simulation.scenario import Scenario, ScenarioError
from plaatsregie.synth import generate


@dataclass(frozen=True)
class World:
    """Places that central placement fills (D-2), their state on day 0, and the requests waiting then."""

    start: date
    places: tuple[PlaceProfile, ...]
    status: tuple[PlaceStatus, ...]
    free_day: tuple[int, ...]  # day (from start) the place is (expected to be) free, per D-5 status
    requests: tuple[Request, ...]  # in id order

    @property
    def facility_ids(self) -> tuple[str, ...]:
        return tuple(sorted({place.facility_id for place in self.places}))


def request_id(day: int, number: int) -> str:
    """The id of a request that arrives during a run: zero-padded, after the synthetic ids ("R…"), day first,
    so string order is arrival order and the live pool never re-sorts its tie-break keys (D-22)."""
    return f"S{day:05d}-{number:07d}"


def build_world(scenario: Scenario) -> World:
    """The starting world the scenario describes."""
    world = scenario["world"]
    if world["source"] == "listed":
        return _listed_world(scenario.start, world.get("places", []), world.get("requests", []))
    return _synthetic_world(str(world["scale"]), int(world["seed"]), scenario.start)


@cache
def _synthetic_world(scale: str, seed: int, start: date) -> World:
    flanders = generate(scale, seed, start)
    catalogue = default_catalogue()
    places = [
        p for p in flanders.places
        if catalogue.scope_of(p.profile.module_type, p.profile.access, p.profile.cofinanced_by).in_scope
    ]
    return World(
        start=start,
        places=tuple(p.profile for p in places),
        status=tuple(p.status for p in places),
        free_day=tuple(max(0, (p.profile.available_from - start).days) for p in places),
        requests=tuple(sorted(flanders.requests, key=lambda r: r.id)),
    )


def _listed_world(start: date, places: list[dict[str, Any]], requests: list[dict[str, Any]]) -> World:
    catalogue = default_catalogue()
    try:
        profiles = [place_from_json(p, catalogue) for p in places]
        pool = [request_from_json(r, f"world.requests[{i}]", catalogue) for i, r in enumerate(requests)]
    except DomainError as error:
        raise ScenarioError(f"listed world: {error}") from None
    free_day = tuple(max(0, (p.available_from - start).days) for p in profiles)
    status = tuple(PlaceStatus.FREEING if day > 0 else PlaceStatus.AVAILABLE for day in free_day)
    return World(start, tuple(profiles), status, free_day, tuple(sorted(pool, key=lambda r: r.id)))

