"""`plan_history`: what happened to every place and request of a synthetic Flanders before its `today`.

The plan is pure data (the web replays it through the services, `plaatsregie.web.history`). It makes the
world's `today` consistent — every occupied in-scope place has a stay that started from an agreed offer, a
reserved place an agreement, a freeing place an announcement, an unavailable place a reasoned decision — and,
for `years` > 0, adds a history: earlier stays and their discharges, unavailable periods, vacancies replayed in
full (candidate list, offers, refusals, reviews, mandate), changes and confirmations of waiting requests and
withdrawn requests. Out-of-scope places are filled by their own logic (D-2) and get no stays.

One seeded generator of its own (`HISTORY_STREAM`) drives every draw, so the world's draws never shift and the
same world and `years` give the same plan. Event times are naive local datetimes.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

import numpy as np

from plaatsregie.core.modules import ModuleCatalogue, default_catalogue
from plaatsregie.core.types import PlaceProfile, PlaceStatus, Region, Request, Urgency, Youth
from plaatsregie.synth.draws import Rng, draw_index
from plaatsregie.synth.history_decisions import OfferDraws, draw_offer_draws
from plaatsregie.synth.history_people import People
from plaatsregie.synth.history_requests import Confirmation, RequestChange, Withdrawal, plan_request_events
from plaatsregie.synth.needs import in_scope_codes
from plaatsregie.synth.places import UNAVAILABLE_REASON_SHARES, SyntheticPlace, UnavailableReason
from plaatsregie.synth.world import SyntheticFlanders

HISTORY_STREAM = 20_261_123  # the plan's own random stream
# Vacancies replayed in full per year of history. Each costs a frozen candidate list over the whole pool, so the
# number is bounded, not proportional to the places (docs/synthetic-data.md, "History").
REPLAYED_PER_YEAR = {"small": 40, "flanders": 30, "10x": 30}
STAY_ELAPSED_DAYS = (14, 720)  # how long a current stay has run (assumed)
SHORT_STAY_ELAPSED_DAYS = (1, 13)
EARLIER_STAY_DAYS = (60, 540)  # length of the stay before the current situation (assumed)
SHORT_EARLIER_STAY_DAYS = (3, 14)
ANNOUNCED_RATE = 0.7  # D-7, D-33: share of discharges announced beforehand (assumed)
ANNOUNCE_LEAD_DAYS = (7, 45)
AGREED_BEFORE_START_DAYS = (1, 10)
LIST_BEFORE_START_DAYS = (38, 55)  # a replayed vacancy: list to start, room for MAX_OFFERS offers
FREE_SINCE_DAYS = (0, 45)  # an available place has been free this long
UNAVAILABLE_PERIOD_RATE = 0.35  # of available places: an unavailable period before they became available
UNAVAILABLE_PERIOD_DAYS = (14, 90)
UNAVAILABLE_SINCE_DAYS = (1, 120)
FREEING_ANNOUNCED_DAYS = (0, 30)
# D-16: per year of history, one youth whom facilities keep refusing, in a replayed market with many facilities,
# registered a month before that market's first replayed vacancy, so several facilities meet the youth.
HARD_CASES_PER_YEAR = 1
HARD_CASE_LEAD_DAYS = 30
COLLECTIVE_FACILITIES = 3  # the default number of refusing facilities that makes a collective case
REASONS = tuple(reason.value for reason in UnavailableReason)


@dataclass(frozen=True, slots=True)
class Agreement:
    """Seeding path: a capacity report and an offer recorded on one day without a candidate list, agreed."""

    at: datetime
    place_id: str
    request_id: str
    start_on: date


@dataclass(frozen=True, slots=True)
class Start:
    """D-20: the agreed offer on the place becomes an admission on this day."""

    at: datetime
    place_id: str


@dataclass(frozen=True, slots=True)
class Announcement:
    """D-7: the facility reports that the place frees up on `free_on`."""

    at: datetime
    place_id: str
    free_on: date


@dataclass(frozen=True, slots=True)
class Discharge:
    at: datetime
    place_id: str


@dataclass(frozen=True, slots=True)
class Unavailability:
    """D-5: the place becomes unavailable, with a reason code and an expected end."""

    at: datetime
    place_id: str
    reason: str
    until: date


@dataclass(frozen=True, slots=True)
class Reactivation:
    at: datetime
    place_id: str


@dataclass(frozen=True, slots=True)
class Vacancy:
    """A vacancy replayed in full from `at`: report, candidate list, offers, answers, reviews, start.

    `fallback` is placed through the seeding path if the list runs out of candidates (not in the pool before).
    """

    at: datetime
    place_id: str
    start_on: date
    draws: OfferDraws
    fallback: Request
    fallback_youth: Youth


Event = (Agreement | Start | Announcement | Discharge | Unavailability | Reactivation | Vacancy | RequestChange
         | Confirmation | Withdrawal)


@dataclass(frozen=True)
class HistoryPlan:
    """The youths and requests to add (each waits from its `registered_on`) and the events, in time order."""

    start: date
    today: date
    youths: tuple[Youth, ...]
    requests: tuple[Request, ...]
    registered_urgency: Mapping[str, Urgency]  # world requests whose urgency changed since they were registered
    events: tuple[Event, ...]


def at(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime.combine(day, time(hour, minute))


def years_before(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


def plan_history(world: SyntheticFlanders, years: int = 0, catalogue: ModuleCatalogue | None = None) -> HistoryPlan:
    """The plan for `world`: today's situation made consistent, plus `years` of history before it."""
    catalogue = catalogue or default_catalogue()
    rng = np.random.default_rng([HISTORY_STREAM, world.seed])
    start = years_before(world.today, years)
    timeline = _Timeline(rng, People(rng, world), world, start)
    places = [p for p in world.places if catalogue.scope_of(
        p.profile.module_type, p.profile.access, p.profile.cofinanced_by).in_scope]
    starts = {p.profile.id: timeline.current_start(p) for p in places if p.status is PlaceStatus.OCCUPIED}
    replayed = _replayed(rng, places, starts, start, years * REPLAYED_PER_YEAR.get(world.scale, 30)) if years else set()
    for place in places:
        timeline.place(place, starts.get(place.profile.id), place.profile.id in replayed, years > 0)
    timeline.hard_cases(years * HARD_CASES_PER_YEAR)
    requests = plan_request_events(rng, world, timeline.people, start, in_scope_codes(catalogue)) if years else None
    events = [*timeline.events, *(requests.events if requests else ())]
    events.sort(key=lambda event: event.at)  # stable: ties keep the order they were planned in
    return HistoryPlan(
        start=start, today=world.today,
        youths=(*timeline.youths, *(requests.youths if requests else ())),
        requests=(*timeline.requests, *(requests.requests if requests else ())),
        registered_urgency=requests.registered_urgency if requests else {},
        events=tuple(events),
    )


def _replayed(rng: Rng, places: list[SyntheticPlace], starts: dict[str, date], first: date,
              count: int) -> set[str]:
    """Occupied places whose current stay started late enough for its vacancy to be replayed in the window.

    A place is drawn with a weight of the number of places of its region and module, so the busiest markets
    replay several vacancies and a youth can meet several facilities (D-16 needs that to ever happen).
    """
    latest = {ref: day - timedelta(days=LIST_BEFORE_START_DAYS[1] + 5) for ref, day in starts.items()}
    eligible = [p.profile for p in places if p.profile.id in latest and latest[p.profile.id] > first]
    if not eligible or count <= 0:
        return set()
    market = Counter((p.region, p.module_type) for p in eligible)
    weights = np.array([market[(p.region, p.module_type)] for p in eligible], dtype=np.float64)
    chosen = rng.choice(len(eligible), size=min(count, len(eligible)), replace=False, p=weights / weights.sum())
    return {eligible[int(row)].id for row in chosen}


class _Timeline:
    """Collects the events, youths and requests of every place, drawing from one generator in place order."""

    def __init__(self, rng: Rng, people: People, world: SyntheticFlanders, start: date) -> None:
        self.rng, self.people, self.start, self.today = rng, people, start, world.today
        self.occupants = {y.id: y for y in world.youths}
        self.events: list[Event] = []
        self.youths: list[Youth] = []
        self.requests: list[Request] = []
        self.profiles: dict[str, PlaceProfile] = {}  # the places whose vacancy is replayed

    def days(self, bounds: tuple[int, int]) -> timedelta:
        return timedelta(days=int(self.rng.integers(bounds[0], bounds[1], endpoint=True)))

    def elapsed(self, place: PlaceProfile) -> timedelta:
        return self.days(SHORT_STAY_ELAPSED_DAYS if place.short_stay else STAY_ELAPSED_DAYS)

    def current_start(self, place: SyntheticPlace) -> date:
        """When the current occupant started: after they reached the group's minimum age, at least a day ago."""
        youth = self.occupants[place.occupant_youth_id or ""]
        old_enough = years_before(youth.birth_date, -place.profile.age_min)
        return max(self.today - self.elapsed(place.profile), min(old_enough, self.today - timedelta(days=1)))

    def place(self, place: SyntheticPlace, current: date | None, replayed: bool, history: bool) -> None:
        profile, status = place.profile, place.status
        if status is PlaceStatus.OCCUPIED and current is not None:
            occupant = self.occupants[place.occupant_youth_id or ""]
            (self.replay if replayed else self.stay)(profile, occupant, current)
        elif status is PlaceStatus.FREEING:
            self.freeing(profile)
        elif status is PlaceStatus.RESERVED:
            self.reserved(place, history)
        elif status is PlaceStatus.AVAILABLE and history:
            self.available(profile)
        elif status is PlaceStatus.UNAVAILABLE:
            self.unavailable(place, history)

    def agreement(self, place: PlaceProfile, youth: Youth, agreed: date, begins: date) -> None:
        """The seeding path's agreement on `agreed` (before the start) for a request registered by then."""
        agreed = max(agreed, youth.birth_date)
        request = self.people.placed_request(youth, place, agreed)
        self.youths.append(youth)
        self.requests.append(request)
        when = at(agreed, 15) if agreed < begins else at(begins, 8)
        self.events.append(Agreement(when, place.id, request.id, begins))

    def stay(self, place: PlaceProfile, youth: Youth, begun: date) -> None:
        """A stay through the seeding path: agreed a few days before it started."""
        self.agreement(place, youth, begun - self.days(AGREED_BEFORE_START_DAYS), begun)
        self.events.append(Start(at(begun, 9), place.id))

    def freeing(self, place: PlaceProfile) -> None:
        """D-7: a current stay whose end the facility announced."""
        begun = self.today - self.elapsed(place)
        self.stay(place, self.people.new_youth(place, begun), begun)
        lead = min(self.days(FREEING_ANNOUNCED_DAYS), self.today - begun)
        self.events.append(Announcement(at(self.today - lead, 10), place.id, place.available_from))

    def reserved(self, place: SyntheticPlace, history: bool) -> None:
        """D-5: an agreed offer waiting for its start date."""
        agreed = self.today - self.days(AGREED_BEFORE_START_DAYS)
        if history:
            self.earlier_stay(place.profile, agreed - self.days((5, 40)), announced=self.announced())
        occupant = self.occupants[place.occupant_youth_id or ""]
        self.agreement(place.profile, occupant, agreed, place.profile.available_from)

    def announced(self) -> bool:
        return bool(self.rng.random() < ANNOUNCED_RATE)

    def earlier_stay(self, place: PlaceProfile, ended: date, *, announced: bool) -> None:
        """The stay before the current situation, ended on `ended`, announced beforehand or not (D-7, D-20)."""
        length = self.days(SHORT_EARLIER_STAY_DAYS if place.short_stay else EARLIER_STAY_DAYS)
        begun = ended - length
        self.stay(place, self.people.new_youth(place, begun), begun)
        lead = min(self.days(ANNOUNCE_LEAD_DAYS), length - timedelta(days=1))
        if announced and lead.days > 0:
            self.events.append(Announcement(at(ended - lead, 10), place.id, ended))
        self.events.append(Discharge(at(ended, 11), place.id))

    def replay(self, place: PlaceProfile, occupant: Youth, begun: date) -> None:
        """The current stay's vacancy, replayed in full; the earlier occupant leaves around the list's day."""
        listed = begun - self.days(LIST_BEFORE_START_DAYS)
        announced = self.announced()
        # Announced: free from ten days before the list to two days after (matching may start first, D-7).
        ended = listed - timedelta(days=10) + self.days((0, 12)) if announced else listed - self.days((1, 10))
        self.earlier_stay(place, ended, announced=announced)
        fallback = self.people.placed_request(occupant, place, begun)
        draws = draw_offer_draws(self.rng)
        self.events.append(Vacancy(at(listed, 9), place.id, begun, draws, fallback, occupant))
        self.profiles[place.id] = place

    def hard_cases(self, count: int) -> None:
        """Hard-to-place youths in the replayed markets (region, module) with enough facilities to refuse them."""
        markets: dict[tuple[str, str], list[Vacancy]] = {}
        for vacancy in sorted((e for e in self.events if isinstance(e, Vacancy)), key=lambda v: v.at):
            place = self.profiles[vacancy.place_id]
            markets.setdefault((place.region.value, place.module_type), []).append(vacancy)
        facilities = {key: len({self.profiles[v.place_id].facility_id for v in found})
                      for key, found in markets.items()}
        ranked = sorted(markets, key=lambda key: (-facilities[key], -len(markets[key]), key))
        chosen = [key for key in ranked if facilities[key] >= COLLECTIVE_FACILITIES] or ranked[:1]
        for number in range(count if chosen else 0):
            region, _ = key = chosen[number % len(chosen)]
            vacancies = markets[key][number // len(chosen) * COLLECTIVE_FACILITIES:]
            if vacancies:
                places = [(self.profiles[v.place_id], v.at.date()) for v in vacancies]
                registered = vacancies[0].at.date() - timedelta(days=HARD_CASE_LEAD_DAYS)
                youth, request = self.people.hard_to_place(Region(region), places, registered)
                self.youths.append(youth)
                self.requests.append(request)

    def available(self, place: PlaceProfile) -> None:
        free_since = self.today - self.days(FREE_SINCE_DAYS)
        if self.rng.random() < UNAVAILABLE_PERIOD_RATE:
            ended = free_since - self.days(UNAVAILABLE_PERIOD_DAYS)
            self.earlier_stay(place, ended, announced=False)
            reason = REASONS[int(draw_index(self.rng, UNAVAILABLE_REASON_SHARES, 1)[0])]
            self.events += [Unavailability(at(ended + timedelta(days=1), 12), place.id, reason, free_since),
                            Reactivation(at(free_since, 8, 30), place.id)]
        else:
            self.earlier_stay(place, free_since, announced=self.announced())

    def unavailable(self, place: SyntheticPlace, history: bool) -> None:
        since = self.today - self.days(UNAVAILABLE_SINCE_DAYS)
        if history:
            self.earlier_stay(place.profile, since - self.days((1, 30)), announced=False)
        until = place.unavailable_until or place.profile.available_from
        self.events.append(Unavailability(at(since, 12), place.profile.id, place.unavailable_reason or "", until))
