"""Places of every living group with their status today (D-4, D-5), and who occupies them."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from typing import TypedDict

import numpy as np

from plaatsregie.core.types import Access, Gender, Location, Need, PlaceProfile, PlaceStatus, Region
from plaatsregie.synth.draws import BoolArray, IntArray, Rng, dates, draw_flags, draw_index
from plaatsregie.synth.names import FICTIONAL, youth_id
from plaatsregie.synth.supply import GIRLS, MIXED, FacilityColumns, UnitColumns
from plaatsregie.synth.unit_kinds import SHORT_STAY_SHARE, UNIT_KINDS

STATUSES: tuple[PlaceStatus, ...] = tuple(PlaceStatus)
# No public occupancy figures per module (DOMAIN.md §8): an assumed, tight market.
STATUS_SHARES: dict[PlaceStatus, float] = {
    PlaceStatus.OCCUPIED: 0.85,
    PlaceStatus.FREEING: 0.05,
    PlaceStatus.AVAILABLE: 0.025,
    PlaceStatus.RESERVED: 0.02,
    PlaceStatus.UNAVAILABLE: 0.055,
}
FREEING_WITHIN_DAYS = 60  # D-7: a freeing place is announced 1–60 days ahead
RESERVED_START_WITHIN_DAYS = 21
UNAVAILABLE_DAYS = (7, 180)
UNAVAILABLE_END_UNKNOWN_RATE = 0.2
UNKNOWN_END_ASSUMED_DAYS = 180  # an unavailable place without an end date is assumed back in half a year
STAY_LEFT_DAYS = (14, 540)  # projected remaining stay of an occupant (not an announced date)
SHORT_STAY_LEFT_DAYS = (1, 14)


class UnavailableReason(StrEnum):
    """D-5: why a place is unavailable; the reason is mandatory and checked monthly (D-30)."""

    STAFF_SHORTAGE = "staff_shortage"
    INFRASTRUCTURE_WORKS = "infrastructure_works"
    GROUP_CARRYING_CAPACITY = "group_carrying_capacity"
    TEMPORARY_REALLOCATION = "temporary_reallocation"


UNAVAILABLE_REASON_LABELS_NL: dict[UnavailableReason, str] = {
    UnavailableReason.STAFF_SHORTAGE: "personeelstekort",
    UnavailableReason.INFRASTRUCTURE_WORKS: "infrastructuurwerken",
    UnavailableReason.GROUP_CARRYING_CAPACITY: "draagkracht van de leefgroep",
    UnavailableReason.TEMPORARY_REALLOCATION: "tijdelijke herbestemming",
}
UNAVAILABLE_REASON_SHARES = (0.45, 0.20, 0.25, 0.10)  # assumed, in the order of UnavailableReason

CARRYING_CAPACITY_NL: tuple[str, ...] = (
    "stabiele groep",
    "draagkracht onder druk door recente instroom",
    "kan een jongere met intensieve noden aan mits extra ondersteuning",
    "rustige groep, ruimte voor een jongere met complexe noden",
    "team in overgang: instroom liefst gefaseerd",
)


@dataclass(frozen=True, slots=True)
class SyntheticPlace:
    """A place as the registry would hold it: its matching profile, status and occupant."""

    profile: PlaceProfile
    status: PlaceStatus
    unavailable_reason: str | None = None  # an UnavailableReason code
    unavailable_until: date | None = None
    occupant_youth_id: str | None = None  # occupied and reserved places


class PlaceTemplate(TypedDict):
    """The profile fields every place of one living group shares."""

    facility_id: str
    module_type: str
    region: Region
    age_min: int
    age_max: int
    genders: frozenset[Gender]
    location: Location
    access: Access
    cofinanced_by: str | None
    unit_id: str
    vertical: bool
    ideal_profile: frozenset[Need]
    group_composition: str
    carrying_capacity: str
    contact: str


@dataclass(frozen=True, eq=False)
class PlaceColumns:
    places: tuple[SyntheticPlace, ...]
    unit: IntArray  # unit row per place
    has_occupant: BoolArray  # occupied or reserved, in the order of the occupant youths


def draw_places(rng: Rng, facilities: FacilityColumns, units: UnitColumns, today: date) -> PlaceColumns:
    """Every unit's places, with status, dates, unavailability reason and occupant id."""
    kinds = units.kind
    low = np.array([k.min_places for k in UNIT_KINDS])[kinds]
    high = np.array([k.max_places for k in UNIT_KINDS])[kinds]
    sizes = rng.integers(low, high, endpoint=True)
    unit = np.repeat(np.arange(len(sizes), dtype=np.int64), sizes)
    number = np.arange(len(unit)) - np.repeat(np.cumsum(sizes) - sizes, sizes)
    status = draw_index(rng, list(STATUS_SHARES.values()), len(unit))
    kind_short = np.array([k.short_stay for k in UNIT_KINDS])[kinds[unit]]
    short_stay = kind_short | (units.in_scope[unit] & draw_flags(rng, SHORT_STAY_SHARE, len(unit)))
    reason, until = _unavailability(rng, status, today)
    available_from = _available_from(rng, status, short_stay, until, today)
    has_occupant = np.isin(status, [STATUSES.index(s) for s in (PlaceStatus.OCCUPIED, PlaceStatus.RESERVED)])
    occupant_number = np.cumsum(has_occupant) - 1
    templates = _unit_templates(rng, facilities, units, sizes)
    reasons = [r.value for r in UnavailableReason]
    places = tuple(
        SyntheticPlace(
            profile=PlaceProfile(
                **templates[u], id=f"{units.units[u].id}-P{n + 1:02d}", available_from=a, short_stay=s
            ),
            status=STATUSES[st],
            unavailable_reason=reasons[r] if r >= 0 else None,
            unavailable_until=date.fromordinal(t) if t >= 0 else None,
            occupant_youth_id=youth_id(o) if occupied else None,
        )
        for u, n, st, s, a, r, t, occupied, o in zip(
            unit.tolist(), number.tolist(), status.tolist(), short_stay.tolist(), dates(available_from),
            reason.tolist(), until.tolist(), has_occupant.tolist(), occupant_number.tolist(), strict=True,
        )
    )
    return PlaceColumns(places, unit, has_occupant)


def _unavailability(rng: Rng, status: IntArray, today: date) -> tuple[IntArray, IntArray]:
    """Reason code index and end date (ordinal) of unavailable places; -1 where not applicable."""
    unavailable = status == STATUSES.index(PlaceStatus.UNAVAILABLE)
    reason = np.where(unavailable, draw_index(rng, UNAVAILABLE_REASON_SHARES, len(status)), -1)
    days = rng.integers(*UNAVAILABLE_DAYS, size=len(status), endpoint=True)
    known_end = ~draw_flags(rng, UNAVAILABLE_END_UNKNOWN_RATE, len(status))
    until = np.where(unavailable & known_end, today.toordinal() + days, -1)
    return reason.astype(np.int64), until.astype(np.int64)


def _available_from(
    rng: Rng, status: IntArray, short_stay: BoolArray, until: IntArray, today: date
) -> IntArray:
    """D-5: when each place is (expected to be) free, per status."""
    count, start = len(status), today.toordinal()
    stay_left = np.where(
        short_stay,
        rng.integers(*SHORT_STAY_LEFT_DAYS, size=count, endpoint=True),
        rng.integers(*STAY_LEFT_DAYS, size=count, endpoint=True),
    )
    by_status = {
        PlaceStatus.OCCUPIED: stay_left,
        PlaceStatus.FREEING: rng.integers(1, FREEING_WITHIN_DAYS, size=count, endpoint=True),
        PlaceStatus.AVAILABLE: np.zeros(count, dtype=np.int64),
        PlaceStatus.RESERVED: rng.integers(1, RESERVED_START_WITHIN_DAYS, size=count, endpoint=True),
        PlaceStatus.UNAVAILABLE: np.where(until >= 0, until - start, UNKNOWN_END_ASSUMED_DAYS),
    }
    offset = np.select([status == STATUSES.index(s) for s in by_status], list(by_status.values()))
    return (start + offset).astype(np.int64)


def _unit_templates(
    rng: Rng, facilities: FacilityColumns, units: UnitColumns, sizes: IntArray
) -> list[PlaceTemplate]:
    """What every place of a living group shares, including the qualitative side of D-4 and D-23."""
    capacity = rng.integers(len(CARRYING_CAPACITY_NL), size=len(units.units))
    templates: list[PlaceTemplate] = []
    for u, unit in enumerate(units.units):
        facility = facilities.facilities[int(units.facility[u])]
        genders = units.genders[u]
        age_min, age_max = int(units.age_min[u]), int(units.age_max[u])
        who = "gemengd" if genders == MIXED else "meisjes" if genders == GIRLS else "jongens"
        templates.append({
            "facility_id": facility.id,
            "module_type": unit.module_type,
            "region": facility.region,
            "age_min": age_min,
            "age_max": age_max,
            "genders": genders,
            "location": facility.location,
            "access": unit.access,
            "cofinanced_by": unit.cofinanced_by,
            "unit_id": unit.id,
            "vertical": age_max - age_min > 6,  # a group spanning more than six years mixes ages
            "ideal_profile": units.ideal_profile[u],
            "group_composition": f"{sizes[u]} plaatsen, {age_min}–{age_max} jaar, {who}",
            "carrying_capacity": CARRYING_CAPACITY_NL[int(capacity[u])],
            "contact": f"teamcoördinator {unit.name} {FICTIONAL}",
        })
    return templates
