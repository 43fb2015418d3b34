"""The place half of a run (seed 002 §3.5): report, matching, offers, admission, stay, discharge.

A place freeing is reported `lead` days ahead (D-7), matching starts after the capacity dialogue, the candidate
order is frozen (`core.ranking.rank`) and offered top down, one youth at a time (D-12); a refusal moves to
the next youth and bars the refused one for this vacancy (D-14); an exhausted list is ranked again later.
"""

from __future__ import annotations

import heapq
import math
from collections.abc import Callable
from dataclasses import replace
from datetime import date
from statistics import NormalDist
from typing import Any

from plaatsregie.core.live_pool import LivePool
from plaatsregie.core.modules import ModuleCatalogue
from plaatsregie.core.policy import Policy
from plaatsregie.core.ranking import rank_order
from plaatsregie.core.types import Need, PlaceProfile, PlaceStatus, Request
from plaatsregie.simulation import streams as draw
from plaatsregie.simulation.balance import ComplexityBalance
from plaatsregie.simulation.ledger import Ledger
from plaatsregie.simulation.scenario import EquityGroup, Scenario
from plaatsregie.simulation.state import Case, CaseState, PartitionKey, Place, PlaceState
from plaatsregie.simulation.streams import Streams
from plaatsregie.simulation.world import World, request_id

ARRIVE, URGENCY, WITHDRAW, REPORT, MATCH, ANSWER, ADMIT, DISCHARGE = range(8)
REFUSED_FOR_THIS_VACANCY = "refused_for_this_vacancy"  # a workflow bar, as the placement app uses (D-14)
_MAX_BACKOFF = 3  # a parked place with no news looks again after at most retry_days × 8
Day = date  # `PlaceHandlers.date` hides the type in the class body
News = tuple[int, int, Day, str, str, int]  # a request arrived or changed: case serial, day, birth, gender, id, age
# The slot's own setter: sets `available_from` on the run's copy of a (frozen) profile (`_profile_on`).
_set_available_from: Callable[[PlaceProfile, Day], None] = PlaceProfile.__dict__["available_from"].__set__
_OCCUPIED_ON_DAY_0 = (PlaceStatus.OCCUPIED, PlaceStatus.FREEING, PlaceStatus.RESERVED)


class PlaceHandlers:
    """Event handlers for places; `Run` adds the request side and owns the state declared here."""

    scenario: Scenario
    policy: Policy
    world: World
    streams: Streams
    catalogue: ModuleCatalogue
    horizon: int
    start_ordinal: int
    queue: list[int]
    payload: dict[int, tuple[int, int, int]]
    sequence: int
    cases: list[Case]
    serial_of: dict[str, int]
    pools: dict[PartitionKey, LivePool]
    parked: dict[PartitionKey, set[int]]
    watchers: dict[int, list[tuple[int, int]]]
    wake_log: dict[PartitionKey, list[News]]
    ranking_profiles: list[PlaceProfile]
    unit_load: dict[str, list[int]]
    ledger: Ledger
    places: list[Place]
    pending: dict[int, Request]
    readmissions: int
    complex_needs: frozenset[Need]
    groups: tuple[EquityGroup, ...]
    retry_days: int
    sections: dict[str, Any]  # the scenario's sections (`Scenario.values`), looked up without a method call
    complex_from: int
    balance: ComplexityBalance | None  # D-28: only when the policy orders by the complexity balance
    dates: list[Day]  # day → its date, for the days of the run and a margin after (`date`)
    rank_calls: int = 0

    def _partition(self, module: str, region: Any) -> PartitionKey:
        raise NotImplementedError

    def _leave_pool(self, case: Case, state: CaseState, day: int) -> None:
        raise NotImplementedError

    def _at(self, day: int, kind: int, subject: int, tag: int) -> None:
        if day < self.horizon:  # the heap holds plain ints (cheap to compare), the event itself waits in `payload`
            sequence = self.sequence = self.sequence + 1
            self.payload[sequence] = (kind, subject, tag)
            heapq.heappush(self.queue, day << 32 | sequence)  # (day, sequence) order

    def date(self, day: int) -> date:
        """The date of a day of the run (from the table of `dates`: a new date object costs a microsecond)."""
        dates = self.dates
        return dates[day] if 0 <= day < len(dates) else date.fromordinal(self.start_ordinal + day)

    def _place(self, index: int) -> Place:
        profile = self.world.places[index]
        unit = profile.unit_id or profile.id
        self.unit_load.setdefault(unit, [0, 0])[1] += 1
        free_day = self.world.free_day[index]
        state = PlaceState.OCCUPIED if self.world.status[index] in _OCCUPIED_ON_DAY_0 else PlaceState.UNAVAILABLE
        if free_day == 0:
            state = PlaceState.VACANT
        return Place(index, profile, unit, profile.ideal_profile, self._partition(profile.module_type, profile.region),
                     state, 0, free_day)

    def _start_place(self, place: Place) -> None:
        """Day 0: an occupant is discharged on the free day (D-5 projection); every place is reported."""
        if place.state is PlaceState.OCCUPIED:
            status = self.world.status[place.index]
            if status is PlaceStatus.RESERVED:  # the agreed start happens; the stay runs from there
                place.free_day += self._stay_days(place, 0, draw.OCCUPANT, place.index)
            pick = self.streams.uniform(draw.OCCUPANT, place.index, 1)
            waiting = self.world.requests
            place.occupant_complexity = self._complexity(waiting[int(pick * len(waiting))]) if waiting else 0
            self.unit_load[place.unit][0] += place.occupant_complexity >= self.complex_from
            self._at(place.free_day, DISCHARGE, place.index, place.vacancy)
            lead = 0 if status is PlaceStatus.FREEING else self._lead_days(place)
            self._at(max(0, place.free_day - lead), REPORT, place.index, place.vacancy)
        else:
            self._at(max(0, place.free_day - self._lead_days(place)), REPORT, place.index, place.vacancy)

    def _complexity(self, request: Request) -> int:
        return len(request.needs & self.complex_needs)

    def _lead_days(self, place: Place) -> int:
        """D-7, D-33: days a freeing place is reported ahead; a share is only reported when free."""
        section = self.sections["capacity"]
        if self.streams.uniform(draw.LATE, place.index, place.vacancy) < section["late_report_share"]:
            return 0
        return int(self.streams.exponential(section["lead_days_mean"], draw.LEAD, place.index, place.vacancy))

    def _report(self, day: int, index: int, vacancy: int) -> None:
        place = self.places[index]
        if place.vacancy == vacancy:
            self.ledger.reports += 1
            self._match_on(day + self.sections["capacity"]["dialogue_days"], place)

    def _match_on(self, day: int, place: Place) -> None:
        """Schedule the place's next matching; an earlier scheduled one becomes stale (one already scheduled for
        the same day is kept: the handler reads the place's state when it runs)."""
        if place.match_day != day:
            place.ticket += 1
            place.match_day = day
            self._at(day, MATCH, place.index, place.ticket)

    def _match(self, day: int, index: int, ticket: int) -> None:
        """Rank the partition for this place with the production engine; offer top down."""
        place = self.places[index]
        if place.ticket != ticket or place.incoming >= 0:
            return
        place.match_day = -1
        # Woken by news: if none of it can be offered now, ranking again would find nobody either.
        if (place.news or place.lazy_from >= 0) and not self._offerable_news(place):
            news, place.news = place.news, []  # every waiting youth of it is under another offer (watched) or barred
            self._park(day, place, news, backoff=False)
            return
        place.news, place.parked_on, place.lazy_from = [], -1, -1
        pool = self.pools.get(place.partition)
        if pool is not None and len(pool):
            profile = self._profile_on(place, self.date(max(day, place.free_day)))
            if self.balance is not None:  # D-28: the facility's balance on the day of ranking
                signal = self.balance.signal(profile.facility_id, day)
                if signal:
                    profile = replace(profile, complexity_signal=signal)
            view = pool.view()
            order = rank_order(profile, view, self.policy, catalogue=self.catalogue, barred=place.barred or None)
            self.rank_calls += 1
            place.order, place.order_ids, place.position, place.skipped = order.tolist(), view.ids, 0, []
        self.parked.setdefault(place.partition, set()).add(place.index)  # listens for news while offering
        self._offer_next(day, place)

    def _offerable_news(self, place: Place) -> bool:
        """Whether any news of the place can be offered now; when not, the place's news holds at least every
        waiting youth of its news (`_read_log`), all `_match` uses of it then."""
        cases, barred, waiting = self.cases, place.barred, CaseState.WAITING
        for serial in place.news:
            case = cases[serial]
            if case.state is waiting and not case.held and case.request.id not in barred:  # offerable now
                return True
        if place.lazy_from >= 0:  # the log: only waiting youths matter when none can be offered (`_match`)
            news, profile, retry = place.news, place.profile, self.retry_days
            genders, age_min, age_max = profile.genders, profile.age_min, profile.age_max
            parked_on, free_day = place.parked_on, place.free_day
            for serial, day, birth, gender, youth_request, age_now in self.wake_log[place.partition][place.lazy_from:]:
                if gender not in genders or age_now > age_max or youth_request in barred:
                    continue
                case = cases[serial]
                if case.state is not waiting:
                    continue
                steps = -(-(day - parked_on) // retry)  # then "admits on" (above `_age_on`)
                on_day = parked_on + retry * (steps if steps > 1 else 1)
                if on_day < free_day:
                    on_day = free_day
                if not (age_min <= age_now < age_max and on_day - day < 365) and not (
                        age_min <= self._age_on(birth, on_day) <= age_max):
                    continue
                if not case.held:  # (not barred: checked above)
                    return True
                news.append(serial)
            place.lazy_from = -1
        return False

    def _profile_on(self, place: Place, day: Day) -> PlaceProfile:
        """The place's profile with `available_from` on `day`: the run's own copy of it (`ranking_profiles`), its
        start date set in place. Ranking keeps no reference to a profile once it returns, and nothing else sees
        the copy, so one object per place serves every ranking (a new frozen profile costs microseconds)."""
        profile = self.ranking_profiles[place.index]
        _set_available_from(profile, day)
        return profile

    def _offer_next(self, day: int, place: Place) -> None:
        order, ids, cases, serial_of = place.order, place.order_ids, self.cases, self.serial_of
        waiting = CaseState.WAITING
        while place.position < len(order):
            case = cases[serial_of[ids[order[place.position]]]]
            place.position += 1
            if case.state is waiting and case.held:  # one open offer per youth (D-12)
                place.skipped.append(case.serial)
            elif case.state is waiting:
                case.held = True
                place.backoff = 0
                self.ledger.offers += 1
                self._at(day + self.sections["offers"]["answer_days"], ANSWER, place.index, case.serial)
                return
        place.order = []
        self._park(day, place, place.skipped, backoff=not place.skipped)

    def _park(self, day: int, place: Place, skipped: list[int], *, backoff: bool) -> None:
        """Nobody to offer: rank again on a retry day (every retry_days from `day`) after news that could give
        the place a candidate: a youth skipped under another offer refuses it (`_released`), or a request arrives
        or changes that the place's partition, age range and genders admit (`_wake`; also while it was still
        offering). With no news, look again anyway after retry_days × 2^backoff, at most × 8 (youths growing
        into the age range).
        """
        self._read_log(place)
        place.parked_on, place.parks = day, place.parks + 1
        self.parked.setdefault(place.partition, set()).add(place.index)
        retry, cases, barred, waiting = self.retry_days, self.cases, place.barred, CaseState.WAITING
        for serial in skipped:
            case = cases[serial]
            if case.state is not waiting:
                continue
            if not case.held and case.request.id not in barred:  # offerable: refused the other offer while this
                place.news.append(serial)  # place was still offering
            elif case.held:
                self.watchers.setdefault(serial, []).append((place.index, place.parks))
        place.skipped = []
        if place.news:
            self._match_on(day + retry, place)
            return
        self._match_on(day + retry * (1 << min(place.backoff, _MAX_BACKOFF)), place)
        place.backoff += backoff

    def _stop_listening(self, place: Place) -> None:
        place.parked_on, place.news, place.skipped, place.lazy_from = -1, [], [], -1
        self.parked[place.partition].discard(place.index)

    def _wake_up(self, place: Place, serial: int, day: int) -> None:
        """News for a place: a parked one is ranked again on its first retry day from `day` on; one still offering
        keeps it for when its list runs out."""
        if place.parked_on >= 0 and not place.news:
            retry = self.retry_days
            self._match_on(place.parked_on + retry * max(1, -(-(day - place.parked_on) // retry)), place)
        place.news.append(serial)

    def _news(self, serial: int, request: Request, day: int) -> News:
        """What `_wake` and the wake log keep of a request that arrived or changed on `day`."""
        birth = request.birth_date
        today = self.dates[day]
        age_now = today.year - birth.year - ((today.month, today.day) < (birth.month, birth.day))
        return serial, day, birth, request.gender, request.id, age_now

    def _wake(self, partition: PartitionKey, news: News) -> None:
        """A request arrived or changed in `partition` (its `_news`): wake the parked places that could now offer
        to it.

        Only a pre-filter on the place's static limits (age range on its next retry day, genders; a youth
        refused for this vacancy stays barred): `rank_order` decides eligibility itself.

        A parked place that already has news is not woken again: nothing it uses here changes while it is
        parked, so the news is logged for the partition and filtered when the place reads it (`_read_log`),
        with the same outcome as filtering now.
        """
        parked = self.parked.get(partition)
        if not parked:
            return
        serial, day, birth, gender, request_id, age_now = news
        log = self.wake_log.setdefault(partition, [])
        log.append(news)
        logged = len(log)
        places, retry = self.places, self.retry_days
        for index in parked:
            place = places[index]
            if place.lazy_from >= 0:
                continue
            profile = place.profile
            if gender not in profile.genders or request_id in place.barred:
                continue
            parked_on = place.parked_on
            if parked_on < 0:  # still offering: the day it ranks again is not known yet
                if profile.age_min - 1 <= age_now <= profile.age_max:
                    place.news.append(serial)
                continue
            age_min, age_max = profile.age_min, profile.age_max
            if age_now > age_max:
                continue
            steps = -(-(day - parked_on) // retry)  # then "admits on" (above `_age_on`)
            next_day = parked_on + retry * (steps if steps > 1 else 1)
            on_day = next_day if next_day >= place.free_day else place.free_day
            if not (age_min <= age_now < age_max and on_day - day < 365) and not (
                    age_min <= self._age_on(birth, on_day) <= age_max):
                continue
            if not place.news:  # `_wake_up`, inlined: rank again on the first retry day from `day` on
                self._match_on(next_day, place)
            place.news.append(serial)
            place.lazy_from = logged

    # "Admits on": whether news of a request on `day` can give a parked place a candidate on its next retry day,
    # once the cheap checks passed (the place takes the youth's gender, has not barred the youth, and the youth is
    # not above its age range now: nobody gets younger): the age on that retry day, `max(next retry day, free
    # day)`. Inside the age range with a margin (and within the year) that is a yes without a date; near an edge
    # the age on that day decides (`_age_on`). Inlined in `_wake`, `_offerable_news` and `_read_log`, which run
    # it for every parked place and logged request.

    def _age_on(self, birth: Day, day: int) -> int:
        """Completed years on `day` of a youth born on `birth`."""
        on = self.date(day)
        return on.year - birth.year - ((on.month, on.day) < (birth.month, birth.day))

    def _read_log(self, place: Place) -> None:
        """The news a parked place has not been woken for: the partition's wake log since it had news."""
        if place.lazy_from < 0:
            return
        news, barred, profile, retry = place.news, place.barred, place.profile, self.retry_days
        genders, age_min, age_max = profile.genders, profile.age_min, profile.age_max
        parked_on, free_day = place.parked_on, place.free_day
        for serial, day, birth, gender, youth_request, age_now in self.wake_log[place.partition][place.lazy_from:]:
            if gender not in genders or age_now > age_max or youth_request in barred:
                continue
            steps = -(-(day - parked_on) // retry)  # then "admits on" (above `_age_on`)
            on_day = parked_on + retry * (steps if steps > 1 else 1)
            if on_day < free_day:
                on_day = free_day
            if (age_min <= age_now < age_max and on_day - day < 365) or (
                    age_min <= self._age_on(birth, on_day) <= age_max):
                news.append(serial)
        place.lazy_from = -1

    def _released(self, day: int, case: Case) -> None:
        """A youth refused an offer: places that skipped them while it was open may offer to them now."""
        for index, parks in self.watchers.pop(case.serial, ()):
            place = self.places[index]
            if place.parks == parks and place.parked_on >= 0:
                self._wake_up(place, case.serial, day)

    def _refusal_probability(self, place: Place, case: Case) -> float:
        """D-13: refusals grow with needs outside the place's ideal profile and with the group's load."""
        section = self.sections["offers"]
        needs = case.request.needs
        load, size = self.unit_load[place.unit]
        misfit, fit = case.complexity - len(needs & place.ideal & self.complex_needs), len(needs & place.ideal)
        p = section["refusal_base"] + section["refusal_per_misfit"] * misfit - section["refusal_per_fit"] * fit
        p += section["refusal_per_load"] * (load / size if size else 0.0)
        if self.groups:  # (a product over no groups is 1)
            p *= math.prod(g.refusal_factor for g, yes in zip(self.groups, case.groups, strict=True) if yes)
        return float(min(max(p, 0.0), section["refusal_max"]))

    def _answer(self, day: int, index: int, serial: int) -> None:
        place, case = self.places[index], self.cases[serial]
        case.held = False
        if case.state is not CaseState.WAITING:  # withdrawn while the offer was open
            self.watchers.pop(serial, None)
            self._offer_next(day, place)
            return
        u = self.streams.uniform(draw.REFUSAL, case.draw_key, index, place.vacancy)
        if u < self._refusal_probability(place, case):
            self.ledger.refusals += 1
            case.refused_by.add(place.profile.facility_id)
            place.barred[case.request.id] = REFUSED_FOR_THIS_VACANCY
            self._released(day, case)
            self._offer_next(day, place)
            return
        self.watchers.pop(serial, None)
        self._stop_listening(place)
        start = max(day + self.sections["offers"]["start_days"], place.free_day)
        self._leave_pool(case, CaseState.ADMITTED, start)  # agreed: out of the pool (D-6), starts on `start`
        place.incoming = serial
        self._at(start, ADMIT, index, serial)

    def _admit(self, day: int, index: int, serial: int) -> None:
        """D-20: the start; the place is occupied until a discharge drawn from the stay distribution."""
        place, case = self.places[index], self.cases[serial]
        self.ledger.close_state(place, day)
        case.start_day = case.end_day = day
        self.ledger.admitted(place, case, day)
        if self.balance is not None:
            self.balance.admitted(day, place.profile.facility_id, case.request.needs)
        place.state, place.since, place.occupant, place.incoming = PlaceState.OCCUPIED, day, serial, -1
        place.occupant_complexity = case.complexity
        self.unit_load[place.unit][0] += case.complexity >= self.complex_from
        place.vacancy += 1
        place.order, place.barred, place.backoff = [], {}, 0
        self._schedule_after_admission(place, day, case.draw_key)

    def _stay_days(self, place: Place, day: int, *key: int) -> int:
        section = self.sections["stay"]
        median = section["short_stay_median_days"] if place.profile.short_stay else self.scenario.median_stay(
            place.profile.module_type)
        z = _normal(self.streams.uniform(draw.STAY, *key))
        return max(1, min(int(median * math.exp(section["sigma"] * z)), int(section["max_days"])))

    def _schedule_after_admission(self, place: Place, day: int, draw_key: int) -> None:
        discharge = day + self._stay_days(place, day, draw_key, place.index)
        section = self.sections["capacity"]
        unavailable = 0
        if self.streams.uniform(draw.UNAVAILABLE, place.index, place.vacancy) < section["unavailable_share"]:
            unavailable = 1 + int(self.streams.exponential(
                section["unavailable_mean_days"], draw.UNAVAILABLE_DAYS, place.index, place.vacancy))
        place.free_day = discharge + unavailable
        self._at(discharge, DISCHARGE, place.index, place.vacancy)
        self._at(max(day + 1, place.free_day - self._lead_days(place)), REPORT, place.index, place.vacancy)

    def _discharge(self, day: int, index: int, vacancy: int) -> None:
        place = self.places[index]
        self.ledger.close_state(place, day)
        self.ledger.discharged(place, day)
        self.unit_load[place.unit][0] -= place.occupant_complexity >= self.complex_from
        if place.occupant >= 0:
            self._readmit(day, self.cases[place.occupant], place)
        place.state = PlaceState.UNAVAILABLE if place.free_day > day else PlaceState.VACANT
        place.since, place.occupant, place.occupant_complexity = day, -1, 0

    def _readmit(self, day: int, case: Case, place: Place) -> None:
        """D-10, D-35: a share of discharged youths is registered again within the year."""
        section = self.sections["readmission"]
        if self.streams.uniform(draw.READMISSION, case.draw_key) >= section["share"]:
            return
        delay = 1 + int(self.streams.exponential(section["mean_delay_days"], draw.READMISSION_DELAY, case.draw_key))
        if delay > 365:
            return
        number = (1 << 32) + self.readmissions  # after every drawn arrival of the same day in string order
        self.readmissions += 1
        self.pending[number] = replace(
            case.request, id=request_id(day + delay, number), urgency=case.request.urgency,
            registered_on=self.date(day + delay), readmission_facility_id=place.profile.facility_id,
            sibling_facility_ids=frozenset(), internal_transfer_facility_id=None, crisis_overflow=False,
        )
        self._at(day + delay, ARRIVE, number, case.draw_key)


def _normal(u: float) -> float:
    """The standard normal quantile of u."""
    return _STANDARD_NORMAL.inv_cdf(u)


_STANDARD_NORMAL = NormalDist()
