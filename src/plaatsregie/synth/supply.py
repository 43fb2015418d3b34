"""Facilities and their living groups (units) in the synthetic Flanders, drawn as columns then built once."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from plaatsregie.core.modules import ModuleCatalogue
from plaatsregie.core.types import Facility, Gender, Location, Need, Unit
from plaatsregie.synth.draws import BoolArray, FloatArray, IntArray, Rng, draw_flags, draw_index
from plaatsregie.synth.geography import REGIONS, draw_locations, spread_regions
from plaatsregie.synth.names import FICTIONAL, UNIT_WORDS, facility_names, unit_names
from plaatsregie.synth.unit_kinds import UNIT_KINDS, UnitKind

MAX_UNITS_PER_FACILITY = 8
EXTRA_UNIT_RATE = 0.31  # units per facility = 1 + Binomial(7, 0.31): mean ≈ 3.2, range 1–8
MAIN_KIND_SHARE = 0.65  # a facility's units mostly share one kind (its main offer)
IDEAL_NEED_RATE = 0.5  # each need typical of the module is in a group's ideal profile half of the time

MIXED: frozenset[Gender] = frozenset(Gender)
GIRLS: frozenset[Gender] = frozenset({Gender.FEMALE})
BOYS: frozenset[Gender] = frozenset({Gender.MALE})


@dataclass(frozen=True, eq=False)
class FacilityColumns:
    facilities: tuple[Facility, ...]
    region: IntArray  # index into REGIONS
    lat: FloatArray
    lon: FloatArray


@dataclass(frozen=True, eq=False)
class UnitColumns:
    units: tuple[Unit, ...]
    facility: IntArray  # facility row per unit
    kind: IntArray  # index into UNIT_KINDS
    age_min: IntArray
    age_max: IntArray
    genders: tuple[frozenset[Gender], ...]
    ideal_profile: tuple[frozenset[Need], ...]
    in_scope: BoolArray  # the unit's places are in central placement (D-2)


def draw_facilities(rng: Rng, count: int) -> FacilityColumns:
    """`count` facilities spread over the regions in the shares of DOMAIN.md §8."""
    region = spread_regions(rng, count)
    lat, lon = draw_locations(rng, region)
    names = facility_names(rng, count)
    facilities = tuple(
        Facility(
            id=f"F{row + 1:04d}",
            name=names[row],
            region=REGIONS[region[row]],
            location=Location(round(float(lat[row]), 5), round(float(lon[row]), 5)),
            recognition=f"erkenning E{row + 1:04d} {FICTIONAL}",
        )
        for row in range(count)
    )
    return FacilityColumns(facilities, region, lat, lon)


def draw_units(rng: Rng, facilities: FacilityColumns, catalogue: ModuleCatalogue) -> UnitColumns:
    """1–8 living groups per facility, mostly of the facility's main kind."""
    count = len(facilities.facilities)
    per_facility = 1 + rng.binomial(MAX_UNITS_PER_FACILITY - 1, EXTRA_UNIT_RATE, size=count)
    facility = np.repeat(np.arange(len(per_facility), dtype=np.int64), per_facility)
    position = np.arange(len(facility)) - np.repeat(np.cumsum(per_facility) - per_facility, per_facility)
    shares = [kind.share for kind in UNIT_KINDS]
    main_kind = draw_index(rng, shares, len(per_facility))[facility]
    other_kind = draw_index(rng, shares, len(facility))
    kind = np.where(draw_flags(rng, MAIN_KIND_SHARE, len(facility)), main_kind, other_kind)
    age_min, age_max = _age_ranges(rng, kind)
    genders = _genders(rng, kind)
    ideal = _ideal_profiles(rng, kind)
    names = unit_names(rng.integers(len(UNIT_WORDS), size=len(per_facility))[facility], position)
    units = tuple(
        _unit(facilities.facilities[f], p, UNIT_KINDS[k], n)
        for f, p, k, n in zip(facility.tolist(), position.tolist(), kind.tolist(), names, strict=True)
    )
    in_scope = np.array(
        [catalogue.scope_of(u.module_type, u.access, u.cofinanced_by).in_scope for u in units], dtype=bool
    )
    return UnitColumns(units, facility, kind, age_min, age_max, genders, ideal, in_scope)


def _unit(facility: Facility, position: int, kind: UnitKind, name: str) -> Unit:
    return Unit(
        id=f"{facility.id}-L{position + 1}",
        facility_id=facility.id,
        name=name,
        module_type=kind.module_type,
        access=kind.access,
        cofinanced_by=kind.cofinanced_by,
    )


def _age_ranges(rng: Rng, kind: IntArray) -> tuple[IntArray, IntArray]:
    age_min = np.zeros(len(kind), dtype=np.int64)
    age_max = np.zeros(len(kind), dtype=np.int64)
    for index, unit_kind in enumerate(UNIT_KINDS):
        rows = np.flatnonzero(kind == index)
        picked = draw_index(rng, [r.weight for r in unit_kind.age_ranges], len(rows))
        age_min[rows] = np.array([r.age_min for r in unit_kind.age_ranges])[picked]
        age_max[rows] = np.array([r.age_max for r in unit_kind.age_ranges])[picked]
    return age_min, age_max


def _genders(rng: Rng, kind: IntArray) -> tuple[frozenset[Gender], ...]:
    single_share = np.array([k.single_gender_share for k in UNIT_KINDS])[kind]
    girls_share = np.array([k.girls_share_of_single for k in UNIT_KINDS])[kind]
    single = draw_flags(rng, single_share, len(kind))
    girls = draw_flags(rng, girls_share, len(kind))
    pairs = zip(single.tolist(), girls.tolist(), strict=True)
    return tuple(MIXED if not one else GIRLS if for_girls else BOYS for one, for_girls in pairs)


def _ideal_profiles(rng: Rng, kind: IntArray) -> tuple[frozenset[Need], ...]:
    width = max(len(k.ideal_needs) for k in UNIT_KINDS)
    chosen = rng.random((len(kind), width)) < IDEAL_NEED_RATE
    return tuple(
        frozenset(need for need, yes in zip(UNIT_KINDS[k].ideal_needs, row, strict=False) if yes)
        for k, row in zip(kind.tolist(), chosen.tolist(), strict=True)
    )
