"""The youths and requests a replayed history needs beyond the world's waiting pool (docs/synthetic-data.md).

Every youth who starts a stay first waited with a request; youths who left the pool without a place were
withdrawn. Their draws reuse the world's assumptions (urgency shares, waiting times, needs, regions).
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import TypeVar

import numpy as np

from plaatsregie.core.types import Gender, Location, Need, PlaceProfile, ReferrerKind, Region, Request, Urgency, Youth
from plaatsregie.synth.demand import (
    MAX_WAIT_DAYS,
    URGENCY_SHARES,
    URGENCY_WAIT_FACTORS,
    WAIT_SCALE_DAYS,
    WAIT_SHAPE,
    RequestColumns,
    draw_requests,
)
from plaatsregie.synth.draws import BoolArray, Rng, birth_ordinals, dates, draw_index
from plaatsregie.synth.geography import REGIONS, draw_locations, draw_regions
from plaatsregie.synth.names import youth_id
from plaatsregie.synth.needs import MAX_AGE, NEEDS, draw_needs
from plaatsregie.synth.requests import request_id
from plaatsregie.synth.world import SyntheticFlanders
from plaatsregie.synth.youths import GENDER_SHARES, GENDERS, OCCUPANT_FROM_OWN_REGION

# D-6: why a request leaves the pool without a place (codes of the withdrawal catalogue), assumed shares.
WITHDRAWAL_REASONS = ("helped_elsewhere", "need_ended", "family_choice", "moved_away")
WITHDRAWAL_SHARES = (0.40, 0.30, 0.20, 0.10)
CAME_OF_AGE = "came_of_age"  # only for youths of 17 and older, half of the time
ADULT_AGE = 17
HARD_NEEDS = frozenset({Need.PSYCHIATRIC, Need.AGGRESSION, Need.DRUGS, Need.TRAUMA})
Label = TypeVar("Label", bound=str)


def _chosen(labels: tuple[Label, ...], flags: BoolArray) -> frozenset[Label]:
    return frozenset(label for label, yes in zip(labels, flags.tolist(), strict=True) if yes)


def age_on(birth: date, day: date) -> int:
    """Completed years on `day`."""
    return day.year - birth.year - ((day.month, day.day) < (birth.month, birth.day))


class People:
    """Hands out youths and requests, numbered after the world's own, in the order they are asked for."""

    def __init__(self, rng: Rng, world: SyntheticFlanders) -> None:
        self.rng = rng
        self.next_youth = len(world.youths)
        self.next_request = len(world.requests)
        self.regions = {f.id: f.region for f in world.facilities}
        teams: dict[Region, list[str]] = {region: [] for region in REGIONS}
        for referrer in world.referrers:
            if referrer.kind is not ReferrerKind.FACILITY:
                teams[referrer.region].append(referrer.id)
        self.teams = {region: sorted(ids) for region, ids in teams.items()}

    def new_youth(self, place: PlaceProfile, on: date) -> Youth:
        """A youth who fits the place on `on`: an age in its range, a gender it takes, mostly from its region."""
        rng = self.rng
        age = np.array([int(rng.integers(place.age_min, place.age_max, endpoint=True))])
        accepted = [g for g in GENDERS if g in place.genders]
        weights = [GENDER_SHARES[GENDERS.index(g)] for g in accepted]
        gender = accepted[int(draw_index(rng, weights, 1)[0])]
        own = rng.random() < OCCUPANT_FROM_OWN_REGION
        region = np.array([REGIONS.index(self.regions[place.facility_id])]) if own else draw_regions(rng, 1)
        lat, lon = draw_locations(rng, region)
        youth = Youth(id=youth_id(self.next_youth), pseudonym="", birth_date=dates(birth_ordinals(rng, age, on))[0],
                      gender=gender, region=REGIONS[int(region[0])],
                      home=Location(round(float(lat[0]), 5), round(float(lon[0]), 5)))
        self.next_youth += 1
        return youth

    def placed_request(self, youth: Youth, place: PlaceProfile, by: date) -> Request:
        """The request for a place of this module that the youth registered on `by` at the latest."""
        rng = self.rng
        urgency = 1 + int(draw_index(rng, URGENCY_SHARES, 1)[0])
        waited = rng.gamma(WAIT_SHAPE, WAIT_SCALE_DAYS) * URGENCY_WAIT_FACTORS[urgency - 1]
        registered = max(by - timedelta(days=min(round(waited), MAX_WAIT_DAYS)), youth.birth_date)
        needs = draw_needs(rng, np.array([age_on(youth.birth_date, registered)]))[0]
        request = Request(
            id=request_id(self.next_request), youth_id=youth.id, birth_date=youth.birth_date, gender=youth.gender,
            region=youth.region, module_types=frozenset({place.module_type}), urgency=Urgency(urgency),
            registered_on=registered, home=youth.home, needs=_chosen(NEEDS, needs),
            referrer_id=self._team(youth.region),
        )
        self.next_request += 1
        return request

    def hard_to_place(self, region: Region, places: list[tuple[PlaceProfile, date]],
                      registered: date) -> tuple[Youth, Request]:
        """D-16: an acute request out of crisis with the needs facilities most often refuse, of the age and gender
        that fit the most of these places on their days."""
        def fits(age: int, gender: Gender) -> int:
            return sum(p.age_min <= age + (day - registered).days // 365 <= p.age_max and gender in p.genders
                       for p, day in places)

        age, gender = max(((a, g) for a in range(MAX_AGE + 1) for g in GENDERS),
                          key=lambda pair: (fits(*pair), -pair[0]))
        birth = date(registered.year - age, registered.month, min(registered.day, 28)) - timedelta(days=30)
        lat, lon = draw_locations(self.rng, np.array([REGIONS.index(region)]))
        home = Location(round(float(lat[0]), 5), round(float(lon[0]), 5))
        youth = Youth(id=youth_id(self.next_youth), pseudonym="", birth_date=birth, gender=gender, region=region,
                      home=home)
        module = places[0][0].module_type
        request = Request(
            id=request_id(self.next_request), youth_id=youth.id, birth_date=birth, gender=gender, region=region,
            module_types=frozenset({module}), urgency=Urgency.ACUTE, registered_on=registered, home=home,
            crisis_overflow=True, needs=HARD_NEEDS, referrer_id=self._team(region),
        )
        self.next_youth += 1
        self.next_request += 1
        return youth, request

    def _team(self, region: Region) -> str | None:
        teams = self.teams[region]
        return teams[int(self.rng.integers(len(teams)))] if teams else None

    def withdrawn(self, count: int, first: date, last: date,
                  codes: tuple[str, ...]) -> list[tuple[Youth, Request, date, str]]:
        """`count` requests withdrawn between `first` and `last`: youth, request, day and reason code (D-6)."""
        if count <= 0 or last < first:
            return []
        rng = self.rng
        columns = draw_requests(rng, count, last, codes)  # drawn as a pool on `last`, then moved back in time
        shift = rng.integers(0, (last - first).days, size=count, endpoint=True)
        reasons = draw_index(rng, WITHDRAWAL_SHARES, count)
        adult_reason = rng.random(count) < 0.5
        rows = []
        for row in range(count):
            day = last - timedelta(days=int(shift[row]))
            youth, request = self._pool_row(columns, row, int(shift[row]))
            adult = age_on(youth.birth_date, day) >= ADULT_AGE and bool(adult_reason[row])
            reason = CAME_OF_AGE if adult else WITHDRAWAL_REASONS[int(reasons[row])]
            rows.append((youth, request, day, reason))
        return rows

    def _pool_row(self, columns: RequestColumns, row: int, shift: int) -> tuple[Youth, Request]:
        """Row `row` of a drawn pool, `shift` days earlier: born, registered and withdrawn that much sooner."""
        youths = columns.youths
        birth = date.fromordinal(int(youths.birth[row]) - shift)
        registered = max(date.fromordinal(int(columns.registered[row]) - shift), birth)
        region = REGIONS[int(youths.region[row])]
        home = Location(round(float(youths.lat[row]), 5), round(float(youths.lon[row]), 5))
        youth = Youth(id=youth_id(self.next_youth), pseudonym="", birth_date=birth,
                      gender=GENDERS[int(youths.gender[row])], region=region, home=home)
        request = Request(
            id=request_id(self.next_request), youth_id=youth.id, birth_date=birth, gender=youth.gender,
            region=region, module_types=_chosen(columns.codes, columns.modules[row]),
            urgency=Urgency(int(columns.urgency[row])), registered_on=registered, home=home,
            crisis_overflow=bool(columns.crisis_overflow[row]),
            needs=_chosen(NEEDS, columns.needs[row]),
            referrer_id=self._team(region),
        )
        self.next_youth += 1
        self.next_request += 1
        return youth, request

