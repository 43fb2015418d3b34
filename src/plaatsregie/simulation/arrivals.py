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
from plaatsregie.core.types import Gender, Location, Need, Region, Request, Urgency
from plaatsregie.simulation.scenario import Scenario
from plaatsregie.simulation.streams import Streams
from plaatsregie.simulation.world import World, request_id
from plaatsregie.synth.demand import draw_requests
from plaatsregie.synth.needs import NEEDS, in_scope_codes

GENDERS: tuple[Gender, ...] = tuple(Gender)
REGIONS: tuple[Region, ...] = tuple(Region)
URGENCIES: dict[int, Urgency] = {int(urgency): urgency for urgency in Urgency}  # (a look-up, not a new enum call)


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
    start = world.start
    youths = people.youths
    days_list, birth, gender, region = (
        arrival_days.tolist(), youths.birth.tolist(), youths.gender.tolist(), youths.region.tolist()
    )
    lat, lon, urgency_list, crisis_list = youths.lat.tolist(), youths.lon.tolist(), urgency.tolist(), crisis.tolist()
    registered = [start + timedelta(days=day) for day in range(max(days, 1))]  # shared date objects, by day
    module_sets: dict[tuple[bool, ...], frozenset[str]] = {}  # one shared set per combination
    need_sets: dict[tuple[bool, ...], frozenset[Need]] = {}
    arrivals = []
    for row, (day, flags, need_flags) in enumerate(
        zip(days_list, map(tuple, people.modules.tolist()), map(tuple, people.needs.tolist()), strict=True)
    ):
        sibling_id = sibling[row]
        modules = module_sets.get(flags)
        if modules is None:
            modules = module_sets[flags] = frozenset(c for c, yes in zip(codes, flags, strict=True) if yes)
        needs = need_sets.get(need_flags)
        if needs is None:
            needs = need_sets[need_flags] = frozenset(n for n, yes in zip(NEEDS, need_flags, strict=True) if yes)
        arrivals.append(Arrival(day, Request(
            id=request_id(day, row),
            youth_id=f"SY{row:07d}",
            birth_date=date.fromordinal(birth[row] + day),  # the drawn age on arrival
            gender=GENDERS[gender[row]],
            region=REGIONS[region[row]],
            module_types=modules,
            urgency=URGENCIES[urgency_list[row]],
            registered_on=registered[day],
            home=Location(round(lat[row], 5), round(lon[row], 5)),
            sibling_facility_ids=frozenset() if sibling_id is None else frozenset({sibling_id}),
            internal_transfer_facility_id=transfer[row],
            crisis_overflow=crisis_list[row],
            needs=needs,
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
