"""Request values of the waiting pool, built once from the drawn columns."""

from __future__ import annotations

from typing import TypeVar

import numpy as np

from plaatsregie.core.types import Location, Referrer, Request, Urgency
from plaatsregie.synth.considerations import NO_FACILITY, Considerations
from plaatsregie.synth.demand import RequestColumns
from plaatsregie.synth.draws import BoolArray, IntArray, dates
from plaatsregie.synth.geography import REGIONS
from plaatsregie.synth.names import youth_id
from plaatsregie.synth.needs import NEEDS
from plaatsregie.synth.referrers import ReferralTeams, facility_referrer
from plaatsregie.synth.supply import FacilityColumns
from plaatsregie.synth.youths import GENDERS

Label = TypeVar("Label", bound=str)


def request_id(number: int) -> str:
    """Id of the `number`-th request (0-based)."""
    return f"R{number + 1:06d}"


def build_requests(
    columns: RequestColumns,
    considerations: Considerations,
    facilities: FacilityColumns,
    teams: ReferralTeams,
    team_rows: IntArray,
    first_youth_number: int,
) -> tuple[tuple[Request, ...], tuple[Referrer, ...]]:
    """The requests, and the facility referrers of the internal transfers among them (D-19)."""
    facility_ids = [f.id for f in facilities.facilities]
    transfer = _facility_ids(considerations.transfer_facility, facility_ids)
    transfer_facilities = sorted({f for f in considerations.transfer_facility.tolist() if f != NO_FACILITY})
    facility_referrers = {
        facility_ids[f]: facility_referrer(facilities.facilities[f]) for f in transfer_facilities
    }
    referrer = [
        facility_referrers[f].id if f else teams.referrers[team].id
        for f, team in zip(transfer, team_rows.tolist(), strict=True)
    ]
    sibling = _facility_ids(considerations.sibling_facility, facility_ids)
    siblings = [frozenset({f}) if f else frozenset() for f in sibling]
    readmission = _facility_ids(considerations.readmission_facility, facility_ids)
    youths = columns.youths
    birth, registered = dates(youths.birth), dates(columns.registered)
    gender, region = youths.gender.tolist(), youths.region.tolist()
    lat, lon = youths.lat.tolist(), youths.lon.tolist()
    urgency, crisis = columns.urgency.tolist(), columns.crisis_overflow.tolist()
    modules, needs = _sets(columns.modules, columns.codes), _sets(columns.needs, NEEDS)
    requests = tuple(
        Request(
            id=request_id(row),
            youth_id=youth_id(first_youth_number + row),
            birth_date=birth[row],
            gender=GENDERS[gender[row]],
            region=REGIONS[region[row]],
            module_types=modules[row],
            urgency=Urgency(urgency[row]),
            registered_on=registered[row],
            home=Location(round(lat[row], 5), round(lon[row], 5)),
            sibling_facility_ids=siblings[row],
            internal_transfer_facility_id=transfer[row],
            readmission_facility_id=readmission[row],
            crisis_overflow=crisis[row],
            needs=needs[row],
            referrer_id=referrer[row],
        )
        for row in range(len(columns))
    )
    return requests, tuple(facility_referrers.values())


def _facility_ids(rows: IntArray, facility_ids: list[str]) -> list[str | None]:
    return [facility_ids[row] if row != NO_FACILITY else None for row in rows.tolist()]


def _sets(flags: BoolArray, labels: tuple[Label, ...]) -> list[frozenset[Label]]:
    """Each row of flags as the frozenset of its labels; equal rows share one frozenset."""
    masks = flags.astype(np.int64) @ (1 << np.arange(len(labels), dtype=np.int64))
    cache = {
        int(mask): frozenset(label for bit, label in enumerate(labels) if int(mask) >> bit & 1)
        for mask in np.unique(masks)
    }
    return [cache[mask] for mask in masks.tolist()]
