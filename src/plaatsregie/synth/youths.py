"""Youths, pseudonymised: the occupants of places and the youths of the waiting pool share one shape."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import numpy as np

from plaatsregie.core.types import Gender, Location, Youth
from plaatsregie.synth.draws import FloatArray, IntArray, Rng, birth_ordinals, draw_flags, draw_index
from plaatsregie.synth.geography import REGIONS, draw_locations, draw_regions
from plaatsregie.synth.names import youth_id
from plaatsregie.synth.places import PlaceColumns
from plaatsregie.synth.supply import BOYS, GIRLS, FacilityColumns, UnitColumns

GENDERS: tuple[Gender, ...] = tuple(Gender)
# DOMAIN.md §8 gives no gender split; assumed from youth-care reporting: boys slightly more, X about 2%.
GENDER_SHARES = (0.45, 0.53, 0.02)
OCCUPANT_FROM_OWN_REGION = 0.8  # assumed: most occupants come from the facility's region


@dataclass(frozen=True, eq=False)
class YouthColumns:
    """One row per youth: birth date as an ordinal, indices into GENDERS and REGIONS, home in degrees."""

    birth: IntArray
    gender: IntArray
    region: IntArray
    lat: FloatArray
    lon: FloatArray

    def __len__(self) -> int:
        return len(self.birth)


@dataclass(frozen=True, eq=False)
class Occupants:
    youths: YouthColumns
    facility: IntArray  # facility row per occupant, in the order of the occupied places


def draw_genders(rng: Rng, count: int) -> IntArray:
    return draw_index(rng, GENDER_SHARES, count)


def draw_occupants(
    rng: Rng, facilities: FacilityColumns, units: UnitColumns, places: PlaceColumns, today: date
) -> Occupants:
    """A youth for every occupied or reserved place, fitting the place's age range and gender."""
    unit = places.unit[places.has_occupant]
    ages = rng.integers(units.age_min[unit], units.age_max[unit], endpoint=True).astype(np.int64)
    gender = draw_genders(rng, len(unit))
    genders = [units.genders[u] for u in unit.tolist()]
    gender[[g == GIRLS for g in genders]] = GENDERS.index(Gender.FEMALE)
    gender[[g == BOYS for g in genders]] = GENDERS.index(Gender.MALE)
    facility = units.facility[unit]
    own_region = draw_flags(rng, OCCUPANT_FROM_OWN_REGION, len(unit))
    region = np.where(own_region, facilities.region[facility], draw_regions(rng, len(unit)))
    lat, lon = draw_locations(rng, region)
    youths = YouthColumns(birth_ordinals(rng, ages, today), gender, region, lat, lon)
    return Occupants(youths, facility)


def build_youths(
    columns: YouthColumns, first_number: int, pseudonyms: list[str], families: dict[int, str]
) -> tuple[Youth, ...]:
    """Youth values numbered from `first_number`; `families` maps a row to its family id."""
    rows = zip(
        columns.birth.tolist(), columns.gender.tolist(), columns.region.tolist(),
        columns.lat.tolist(), columns.lon.tolist(), strict=True,
    )
    return tuple(
        Youth(
            id=youth_id(first_number + row),
            pseudonym=pseudonyms[row],
            birth_date=date.fromordinal(birth),
            gender=GENDERS[gender],
            region=REGIONS[region],
            home=Location(round(lat, 5), round(lon, 5)),
            family_id=families.get(row),
        )
        for row, (birth, gender, region, lat, lon) in enumerate(rows)
    )
