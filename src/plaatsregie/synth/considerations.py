"""The special situations of step 3 (D-10): siblings, internal transfers and readmissions.

Rates are assumptions except readmission, which follows the ~14% readmission-within-a-year of DOMAIN.md
§8 (a UK figure) scaled down to 10% of the pool because not every readmission is to the same facility.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from plaatsregie.synth.demand import RequestColumns
from plaatsregie.synth.draws import BoolArray, IntArray, Rng
from plaatsregie.synth.supply import FacilityColumns, UnitColumns
from plaatsregie.synth.youths import Occupants

SIBLING_PLACED_RATE = 0.06  # a brother or sister is placed in a facility (brussen)
SIBLINGS_WAITING_RATE = 0.05  # share of requests in a pair of siblings who both wait
INTERNAL_TRANSFER_RATE = 0.03  # D-19: RTJ → NRTJ within a facility, raised by the facility
READMISSION_RATE = 0.10
SAME_REGION_RATE = 0.85  # transfers and readmissions mostly concern a facility in the youth's region
NO_FACILITY = -1


@dataclass(frozen=True, eq=False)
class Considerations:
    sibling_facility: IntArray  # facility row per request, or NO_FACILITY
    transfer_facility: IntArray
    readmission_facility: IntArray
    request_family: dict[int, str]  # request row → family id
    occupant_family: dict[int, str]  # occupant row → family id


def draw_considerations(
    rng: Rng, requests: RequestColumns, occupants: Occupants, facilities: FacilityColumns, units: UnitColumns
) -> Considerations:
    """Link siblings (moving a request's home to the family's), then transfers and readmissions."""
    count = len(requests)
    families = _Families()
    sibling_facility, linked = _link_placed_siblings(rng, requests, occupants, families)
    _pair_waiting_siblings(rng, requests, np.flatnonzero(~linked), families)
    offering = _offering(facilities, units, requests.codes)
    order = rng.permutation(count)
    transfers = round(INTERNAL_TRANSFER_RATE * count)
    readmissions = round(READMISSION_RATE * count)
    transfer_rows, readmission_rows = order[:transfers], order[transfers : transfers + readmissions]
    transfer = _link_facilities(rng, requests, transfer_rows, offering, facilities.region)
    readmission = _link_facilities(rng, requests, readmission_rows, offering, facilities.region)
    return Considerations(sibling_facility, transfer, readmission, families.requests, families.occupants)


class _Families:
    """Hands out family ids in order and remembers who belongs to which family."""

    def __init__(self) -> None:
        self.count = 0
        self.requests: dict[int, str] = {}
        self.occupants: dict[int, str] = {}

    def new(self) -> str:
        self.count += 1
        return f"G{self.count:06d}"


def _link_placed_siblings(
    rng: Rng, requests: RequestColumns, occupants: Occupants, families: _Families
) -> tuple[IntArray, BoolArray]:
    """Some waiting youths have a sibling placed: same family and home, the facility is noted (D-10)."""
    count = min(round(SIBLING_PLACED_RATE * len(requests)), len(occupants.facility), len(requests))
    rows = np.sort(rng.choice(len(requests), size=count, replace=False))
    placed = rng.choice(len(occupants.facility), size=count, replace=False)
    youths, home = requests.youths, occupants.youths
    youths.region[rows], youths.lat[rows], youths.lon[rows] = (
        home.region[placed], home.lat[placed], home.lon[placed]
    )
    sibling_facility = np.full(len(requests), NO_FACILITY, dtype=np.int64)
    sibling_facility[rows] = occupants.facility[placed]
    for row, occupant in zip(rows.tolist(), placed.tolist(), strict=True):
        family = families.new()
        families.requests[row] = family
        families.occupants[occupant] = family
    linked = np.zeros(len(requests), dtype=bool)
    linked[rows] = True
    return sibling_facility, linked


def _pair_waiting_siblings(
    rng: Rng, requests: RequestColumns, free_rows: IntArray, families: _Families
) -> None:
    """Pairs of siblings who both wait: one family, one home, registered together."""
    pairs = min(round(SIBLINGS_WAITING_RATE * len(requests) / 2), len(free_rows) // 2)
    chosen = rng.choice(free_rows, size=2 * pairs, replace=False)
    first, second = chosen[:pairs], chosen[pairs:]
    youths = requests.youths
    youths.region[second], youths.lat[second], youths.lon[second] = (
        youths.region[first], youths.lat[first], youths.lon[first]
    )
    requests.registered[second] = np.maximum(requests.registered[first], youths.birth[second])
    for a, b in zip(first.tolist(), second.tolist(), strict=True):
        family = families.new()
        families.requests[a] = families.requests[b] = family


def _offering(facilities: FacilityColumns, units: UnitColumns, codes: tuple[str, ...]) -> BoolArray:
    """Facility rows × module codes: whether the facility has an in-scope living group of that module."""
    offering = np.zeros((len(facilities.facilities), len(codes)), dtype=bool)
    for row, unit in enumerate(units.units):
        if units.in_scope[row] and unit.module_type in codes:
            offering[units.facility[row], codes.index(unit.module_type)] = True
    return offering


def _link_facilities(
    rng: Rng, requests: RequestColumns, rows: IntArray, offering: BoolArray, facility_region: IntArray
) -> IntArray:
    """For each row, a facility offering one of the requested modules, mostly in the youth's region."""
    linked = np.full(len(requests), NO_FACILITY, dtype=np.int64)
    same_region = rng.random(len(rows)) < SAME_REGION_RATE
    for row, same in zip(sorted(rows.tolist()), same_region.tolist(), strict=True):
        offers = offering[:, requests.modules[row]].any(axis=1)
        nearby = offers & (facility_region == requests.youths.region[row])
        candidates = np.flatnonzero(nearby if same and nearby.any() else offers)
        if len(candidates):
            linked[row] = candidates[rng.integers(len(candidates))]
    return linked
