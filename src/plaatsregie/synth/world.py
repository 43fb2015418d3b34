"""`generate`: one seeded synthetic Flanders, the same for the same scale, seed and day."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from types import MappingProxyType

import numpy as np

from plaatsregie.core.errors import InputError
from plaatsregie.core.modules import ModuleCatalogue, default_catalogue
from plaatsregie.core.types import Facility, Referrer, Request, Unit, Youth
from plaatsregie.synth.considerations import draw_considerations
from plaatsregie.synth.demand import draw_requests
from plaatsregie.synth.names import pseudonyms
from plaatsregie.synth.needs import in_scope_codes
from plaatsregie.synth.places import SyntheticPlace, draw_places
from plaatsregie.synth.referrers import draw_referring_teams, referral_teams
from plaatsregie.synth.requests import build_requests
from plaatsregie.synth.supply import draw_facilities, draw_units
from plaatsregie.synth.youths import build_youths, draw_occupants

REFERENCE_DAY = date(2026, 11, 23)  # the default `today`: a fixed day, never the clock


@dataclass(frozen=True, slots=True)
class Scale:
    """How big a synthetic Flanders is: facilities, active requests and regional referral teams."""

    name: str
    facilities: int
    requests: int
    referral_teams: int


SCALES: Mapping[str, Scale] = MappingProxyType({
    "small": Scale("small", facilities=12, requests=200, referral_teams=18),
    "flanders": Scale("flanders", facilities=180, requests=3_000, referral_teams=60),
    "10x": Scale("10x", facilities=1_800, requests=30_000, referral_teams=600),
})


@dataclass(frozen=True)
class SyntheticFlanders:
    """Facilities, living groups, places, referrers, youths and the waiting pool of one generated world."""

    scale: str
    seed: int
    today: date
    facilities: tuple[Facility, ...]
    units: tuple[Unit, ...]
    places: tuple[SyntheticPlace, ...]
    referrers: tuple[Referrer, ...]
    youths: tuple[Youth, ...]
    requests: tuple[Request, ...]


def generate(
    scale: str = "flanders",
    seed: int = 1,
    today: date = REFERENCE_DAY,
    catalogue: ModuleCatalogue | None = None,
) -> SyntheticFlanders:
    """A synthetic Flanders at `scale` ("small", "flanders", "10x"); the same inputs give the same world."""
    size = _scale(scale)
    catalogue = catalogue or default_catalogue()
    rng = np.random.default_rng(seed)
    facilities = draw_facilities(rng, size.facilities)
    units = draw_units(rng, facilities, catalogue)
    places = draw_places(rng, facilities, units, today)
    occupants = draw_occupants(rng, facilities, units, places, today)
    pool = draw_requests(rng, size.requests, today, in_scope_codes(catalogue))
    considerations = draw_considerations(rng, pool, occupants, facilities, units)
    teams = referral_teams(size.referral_teams)
    team_rows = draw_referring_teams(rng, teams, pool.youths.region)
    occupant_count = len(occupants.youths)
    names = pseudonyms(rng, occupant_count + len(pool))
    youths = build_youths(occupants.youths, 0, names[:occupant_count], considerations.occupant_family)
    youths += build_youths(pool.youths, occupant_count, names[occupant_count:], considerations.request_family)
    requests, facility_referrers = build_requests(
        pool, considerations, facilities, teams, team_rows, first_youth_number=occupant_count
    )
    return SyntheticFlanders(
        scale=size.name,
        seed=seed,
        today=today,
        facilities=facilities.facilities,
        units=units.units,
        places=places.places,
        referrers=teams.referrers + facility_referrers,
        youths=youths,
        requests=requests,
    )


def _scale(name: str) -> Scale:
    try:
        return SCALES[name]
    except KeyError:
        raise InputError(f"unknown scale '{name}' (known: {', '.join(SCALES)})") from None
