"""New requests during a run, drawn up front so every policy sees the same youths arrive (common random numbers).

Who arrives (age, gender, region, home, needs, requested modules) follows the synthetic Flanders demand of
`plaatsregie.synth` (docs/synthetic-data.md); how many, how urgent and with which special situations of
step 3 (D-10) follows the scenario.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

import numpy as np

from plaatsregie.core.modules import default_catalogue
from plaatsregie.core.types import Gender, Location, Region, Request, Urgency
from plaatsregie.simulation.scenario import Scenario
from plaatsregie.simulation.streams import Streams
from plaatsregie.simulation.world import World, request_id
from plaatsregie.synth.demand import draw_requests
from plaatsregie.synth.needs import NEEDS, in_scope_codes

GENDERS: tuple[Gender, ...] = tuple(Gender)
REGIONS: tuple[Region, ...] = tuple(Region)


@dataclass(frozen=True)
class Arrival:
    day: int
    request: Request


def draw_arrivals(scenario: Scenario, world: World, streams: Streams, days: int) -> list[Arrival]:
    """Every request that arrives in `days` days, in arrival order (ids: `request_id(day, row)`)."""
    section = scenario["arrivals"]
    rng = streams.generators["arrival_days"]
    count = int(rng.poisson(section["per_year"] * days / 365.0)) if days > 0 else 0
    arrival_days = np.sort(rng.integers(0, max(days, 1), size=count))
    if count == 0:
        return []
    codes = in_scope_codes(default_catalogue())
    people = draw_requests(streams.generators["arrival_people"], count, world.start, codes)
    rng = streams.generators["arrival_considerations"]
    crisis = rng.random(count) < section["crisis_overflow_share"]
    urgency = 1 + np.where(
        crisis,
        rng.choice(4, size=count, p=section["crisis_urgency_shares"]),
        rng.choice(4, size=count, p=section["urgency_shares"]),
    )
    sibling = _facility_draws(rng, world, people.youths.region, section["sibling_share"])
    transfer = _facility_draws(rng, world, people.youths.region, section["internal_transfer_share"])
    arrivals = []
    for row in range(count):
        day, sibling_id = int(arrival_days[row]), sibling[row]
        registered = world.start + timedelta(days=day)
        arrivals.append(Arrival(day, Request(
            id=request_id(day, row),
            youth_id=f"SY{row:07d}",
            birth_date=date.fromordinal(int(people.youths.birth[row]) + day),  # the drawn age on arrival
            gender=GENDERS[int(people.youths.gender[row])],
            region=REGIONS[int(people.youths.region[row])],
            module_types=frozenset(c for c, yes in zip(codes, people.modules[row], strict=True) if yes),
            urgency=Urgency(int(urgency[row])),
            registered_on=registered,
            home=Location(round(float(people.youths.lat[row]), 5), round(float(people.youths.lon[row]), 5)),
            sibling_facility_ids=frozenset() if sibling_id is None else frozenset({sibling_id}),
            internal_transfer_facility_id=transfer[row],
            crisis_overflow=bool(crisis[row]),
            needs=frozenset(n for n, yes in zip(NEEDS, people.needs[row], strict=True) if yes),
        )))
    return arrivals


def _facility_draws(rng: np.random.Generator, world: World, region: np.ndarray, share: float) -> list[str | None]:
    """For a share of the rows, a facility of the youth's own region (a placed sibling, an internal transfer)."""
    by_region: dict[int, set[str]] = {}
    for place in world.places:
        by_region.setdefault(REGIONS.index(place.region), set()).add(place.facility_id)
    every = sorted({f for facilities in by_region.values() for f in facilities})
    options = {code: sorted(by_region.get(code, every)) for code in range(len(REGIONS))}
    flags, picks = rng.random(len(region)) < share, rng.random(len(region))
    drawn: list[str | None] = []
    for row, code in enumerate(region.tolist()):
        choice = options[code]
        drawn.append(choice[int(picks[row] * len(choice))] if flags[row] and choice else None)
    return drawn
