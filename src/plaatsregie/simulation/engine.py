"""The discrete-event run: a `heapq` of `day << 32 | sequence` (kind, subject, tag by sequence), one handler per kind.

Every candidate order comes from `plaatsregie.core.ranking.rank` on a `LivePool` view (never a ranking of
our own): the waiting pool is partitioned by (module, region) as the policy recruits, each partition a live
pool updated request by request, so a vacancy ranks only the rows that can be eligible (D-10, D-11).
"""

from __future__ import annotations

import gc
import heapq
import math
from collections.abc import Callable
from dataclasses import replace
from datetime import date
from itertools import chain

from plaatsregie.core.live_pool import HomeDistances, LivePool
from plaatsregie.core.modules import ModuleCatalogue, ScopeDecision, default_catalogue
from plaatsregie.core.policy import OrderingKey, Policy
from plaatsregie.core.types import Access, Location, Need, Region, Request, Urgency
from plaatsregie.simulation import streams as draw
from plaatsregie.simulation.arrivals import draw_arrivals
from plaatsregie.simulation.balance import ComplexityBalance
from plaatsregie.simulation.ledger import Ledger
from plaatsregie.simulation.scenario import Scenario
from plaatsregie.simulation.state import Case, CaseState, PartitionKey, complexity_of, partition_key
from plaatsregie.simulation.streams import Streams
from plaatsregie.simulation.vacancies import ARRIVE, URGENCY, WITHDRAW, News, PlaceHandlers
from plaatsregie.simulation.world import World


class Run(PlaceHandlers):
    """One replication of one policy: build with the world and streams, then `run()`."""

    def __init__(self, scenario: Scenario, policy: Policy, world: World, streams: Streams, years: float) -> None:
        self.scenario, self.policy, self.world, self.streams = scenario, policy, world, streams
        self.catalogue = RememberedScopes.of(default_catalogue())
        self.horizon = round(years * 365)
        self.start_ordinal = world.start.toordinal()
        self.complex_needs = frozenset(Need(n) for n in scenario["complexity"]["needs"])
        self.groups = scenario.groups
        self.retry_days = scenario["capacity"]["retry_days"]
        self.sections = dict(scenario.values)
        self.complex_from = int(scenario["complexity"]["complex_from"])
        rates = scenario["urgency"]
        self.urgency_rates = {  # D-10: per urgency class, (escalation, stabilisation) per year; none beyond 1 or 4
            urgency: (rates["escalation_per_year"][urgency - 1] if urgency > 1 else 0.0,
                      rates["stabilisation_per_year"][urgency - 1] if urgency < 4 else 0.0)
            for urgency in range(1, 5)
        }
        self.partitions_of: dict[tuple[frozenset[str], Region], tuple[PartitionKey, ...]] = {}
        self.ages_out: dict[date, int] = {}  # birth date → the day the youth ages out (`_withdrawal_after`)
        self.opening: dict[int, tuple[tuple[bool, ...], float, float]] = {}  # `_opening_draws`, by draw key
        self.dates = [date.fromordinal(self.start_ordinal + day) for day in range(self.horizon + 366)]
        self.queue: list[int] = []  # day << 32 | sequence: plain ints, cheap for `heapq` to compare
        self.payload: dict[int, tuple[int, int, int]] = {}  # sequence → (kind, subject, tag) of a queued event
        self.sequence = 0
        self.cases: list[Case] = []
        self.serial_of: dict[str, int] = {}
        self.pools: dict[PartitionKey, LivePool] = {}
        self.homes: dict[PartitionKey, HomeDistances] = {}  # per partition, its homes (`_run`)
        self.parked: dict[PartitionKey, set[int]] = {}  # places whose list ran out, by the partition they rank
        self.watchers: dict[int, list[tuple[int, int]]] = {}  # youth under offer → (place, ticket) that skipped them
        self.wake_log: dict[PartitionKey, list[News]] = {}  # news, for `_read_log`
        self.unit_load: dict[str, list[int]] = {}  # unit → [complex occupants, places]
        self.ledger = Ledger(scenario, world, self.horizon)
        self.balance = (  # D-28: kept only for a policy that orders by it (`simulation/balance.py`)
            ComplexityBalance(self.ledger.places_by_facility) if OrderingKey.COMPLEXITY_BALANCE in policy.ordering
            else None)
        self.places = [self._place(i) for i in range(len(world.places))]
        self.ranking_profiles = [replace(place) for place in world.places]  # the run's own (`_profile_on`)
        self.pending: dict[int, Request] = {}
        self.readmissions = 0
        self.events = 0

    def run(self) -> Ledger:
        """Run to the horizon and return the ledger of what happened.

        The cyclic garbage collector is off meanwhile (restored after): a run makes no reference cycles, so it
        frees everything it drops by reference counting (`tests/simulation/test_simulation_engine.py` checks
        this), while the collector would scan the hundreds of thousands of requests, cases and log entries that
        a run keeps, again and again: about a tenth of a run's time.
        """
        with CollectorOff():
            return self._run()

    def _run(self) -> Ledger:
        arrivals = draw_arrivals(self.scenario, self.world, self.streams, self.horizon)
        initial = self.world.requests
        # Every home the run will see (readmissions keep theirs), one table per partition: a place ranks one
        # partition, so the distances from its location are computed for the homes of that partition only.
        homes: dict[PartitionKey, list[Location | None]] = {}
        for request in chain(initial, (arrival.request for arrival in arrivals)):
            for partition in self._partitions_of(request):
                homes.setdefault(partition, []).append(request.home)
        self.homes = {partition: HomeDistances(locations) for partition, locations in homes.items()}
        self.opening = self._opening_draws([(1 << 40) + serial for serial in range(len(initial))]
                                           + [number + 1 for number in range(len(arrivals))])
        for request in initial:
            self._open_case(request, (request.registered_on.toordinal() - self.start_ordinal), 0)
        # The drawn arrivals are queued as every event is, but wait in a list of their own, already in (day,
        # sequence) order, merged with the heap as the run goes: the heap stays small.
        queue, payload, end, pop = self.queue, self.payload, self.horizon << 32, heapq.heappop
        handlers = self.handlers()
        arriving: list[int] = []
        self.queue = arriving
        for number, arrival in enumerate(arrivals):
            self.pending[number] = arrival.request
            self._at(arrival.day, ARRIVE, number, 0)
        self.queue = queue
        arriving.sort()  # (in order already: drawn by day)
        for place in self.places:
            self._start_place(place)
        mask = (1 << 32) - 1
        arriving.append(end)  # a sentinel: never taken
        next_arrival, taken = arriving[0], 0
        events = 0
        while True:
            if queue and queue[0] < next_arrival:
                when = pop(queue)
                if when >= end:
                    break
            elif next_arrival < end:
                when = next_arrival
                taken += 1
                next_arrival = arriving[taken]
            else:
                break
            kind, subject, tag = payload.pop(when & mask)
            events += 1
            handlers[kind](when >> 32, subject, tag)
        self.events += events
        self.ledger.close(self.places, self.cases, self.events)
        return self.ledger

    def handlers(self) -> tuple[Callable[[int, int, int], None], ...]:
        """The handler of each kind of event, by kind (`vacancies.ARRIVE` …), as `_run` calls them: (day, subject,
        tag). Made per run, not kept: bound methods kept on the run would make it a reference cycle."""
        return (self._arrive, self._urgency, self._withdraw, self._report, self._match, self._answer, self._admit,
                self._discharge)

    # --- requests -------------------------------------------------------------------------------------------

    def _partition(self, module: str, region: Region) -> PartitionKey:
        return partition_key(self.policy, module, region)

    def _opening_draws(self, keys: list[int]) -> dict[int, tuple[tuple[bool, ...], float, float]]:
        """The keyed draws `_open_case` makes for a request with each of these draw keys, made at once
        (`Streams.uniforms`: the same values): its equity groups, its withdrawal and its first urgency step."""
        if not keys:
            return {}
        streams = self.streams
        groups = [
            (streams.uniforms(draw.GROUP, keys, g) < group.share).tolist() for g, group in enumerate(self.groups)]
        memberships = list(zip(*groups, strict=True)) if groups else [()] * len(keys)
        return dict(zip(keys, zip(memberships, streams.uniforms(draw.WITHDRAWAL, keys).tolist(),
                                  streams.uniforms(draw.URGENCY_TIME, keys, 0).tolist(), strict=True), strict=True))

    def _open_case(self, request: Request, arrival_day: int, draw_key: int) -> Case:
        serial = len(self.cases)
        key = draw_key or (1 << 40) + serial  # initial requests: keyed by position in the starting pool
        drawn = self.opening.pop(key, None)
        if drawn is None:  # a readmission (its key is derived when the youth leaves): `_opening_draws` one by one
            streams = self.streams  # (the array path costs ~50 µs for a single key, these ~8)
            drawn = (tuple(streams.uniform(draw.GROUP, key, g) < group.share for g, group in enumerate(self.groups)),
                     streams.uniform(draw.WITHDRAWAL, key), streams.uniform(draw.URGENCY_TIME, key, 0))
        groups, withdrawal, urgency_step = drawn
        partitions = self._partitions_of(request)
        case = Case(serial, request, key, arrival_day, int(request.urgency), groups,
                    complexity_of(request, self.complex_needs), partitions)
        self.cases.append(case)
        self.serial_of[request.id] = serial
        today = max(arrival_day, 0)
        pools = self.pools
        news = self._news(serial, request, today)
        for partition in partitions:
            pool = pools.get(partition)
            if pool is None:
                pool = pools[partition] = LivePool(distances=self.homes.get(partition))
            pool.add(request)
            self._wake(partition, news)
        self._at(today + self._withdrawal_after(case, withdrawal), WITHDRAW, serial, 0)
        self._next_urgency_step(case, today, urgency_step)
        return case

    def _partitions_of(self, request: Request) -> tuple[PartitionKey, ...]:
        """The partitions of the waiting pool the request is in: one per module it asks for (`partition_key`)."""
        partitions = self.partitions_of.get((request.module_types, request.region))
        if partitions is None:
            partitions = self.partitions_of[request.module_types, request.region] = tuple(sorted(
                {self._partition(m, request.region) for m in request.module_types}, key=lambda p: (p[0], p[1] or "")))
        return partitions

    def _withdrawal_after(self, case: Case, uniform: float) -> int:
        """Days until the request ends without a place: withdrawn (exponential, from the case's keyed uniform
        draw), or the youth ages out."""
        section = self.sections["withdrawal"]
        mean = section["mean_days"][case.first_urgency - 1]
        if self.groups:
            mean *= math.prod(g.withdrawal_factor for g, yes in zip(self.groups, case.groups, strict=True) if yes)
        withdraw = 1 + int(draw.exponential_of(mean, uniform))
        birth = case.request.birth_date
        ages_out = self.ages_out.get(birth)
        if ages_out is None:
            ages_out = self.ages_out[birth] = date(
                birth.year + section["max_age"] + 1, birth.month, min(birth.day, 28)).toordinal()
        return max(1, min(withdraw, ages_out - self.start_ordinal - max(case.arrival_day, 0)))

    def _next_urgency_step(self, case: Case, today: int, uniform: float | None = None) -> None:
        """D-10: urgency escalates or stabilises while waiting, at per-class rates of the scenario (`uniform`: the
        keyed draw of this step, when already made)."""
        up, down = self.urgency_rates[case.request.urgency]
        if up + down <= 0:
            return
        if uniform is None:
            uniform = self.streams.uniform(draw.URGENCY_TIME, case.draw_key, case.urgency_step)
        after = draw.exponential_of(365.0 / (up + down), uniform)
        self._at(today + 1 + int(after), URGENCY, case.serial, case.urgency_step)

    def _arrive(self, day: int, number: int, parent_key: int) -> None:
        """A new request; a readmission (D-10) draws from its youth's key, the same under every policy."""
        request = self.pending.pop(number)
        self._open_case(request, day, draw.derived_key(parent_key, draw.READMISSION) if parent_key else number + 1)

    def _urgency(self, day: int, serial: int, step: int) -> None:
        case = self.cases[serial]
        if case.state is not CaseState.WAITING or case.urgency_step != step:
            return
        urgency = int(case.request.urgency)
        up, down = self.urgency_rates[urgency]
        escalate = self.streams.uniform(draw.URGENCY_STEP, case.draw_key, step) * (up + down) < up
        case.request = replace(case.request, urgency=Urgency(urgency - 1 if escalate else urgency + 1))
        case.urgency_step += 1
        news = self._news(serial, case.request, day)
        for partition in case.partitions:
            self.pools[partition].replace(case.request)
            self._wake(partition, news)
        self._next_urgency_step(case, day)

    def _withdraw(self, day: int, serial: int, tag: int) -> None:
        case = self.cases[serial]
        if case.state is CaseState.WAITING:
            self._leave_pool(case, CaseState.WITHDRAWN, day)

    def _leave_pool(self, case: Case, state: CaseState, day: int) -> None:
        case.state, case.end_day = state, day
        for partition in case.partitions:
            self.pools[partition].remove(case.request.id)


class CollectorOff:
    """`with CollectorOff():` the cyclic garbage collector is off inside, and as it was after (`Run.run`)."""

    def __init__(self) -> None:
        self.enabled = False

    def __enter__(self) -> None:
        self.enabled = gc.isenabled()
        gc.disable()

    def __exit__(self, *exc: object) -> None:
        if self.enabled:
            gc.enable()


class RememberedScopes(ModuleCatalogue):
    """The catalogue, with each scope decision (D-2) made once: a run ranks tens of thousands of times for the
    same few (module, access, funding) combinations, and `scope_of` builds a new decision every call."""

    @classmethod
    def of(cls, catalogue: ModuleCatalogue) -> RememberedScopes:
        remembered = cls(catalogue.modules, catalogue.exclusions)
        object.__setattr__(remembered, "_scopes", {})
        return remembered

    def scope_of(self, code: str, access: Access = Access.NRTJ, cofinanced_by: str | None = None) -> ScopeDecision:
        scopes: dict[tuple[str, Access, str | None], ScopeDecision] = self.__dict__["_scopes"]
        decision = scopes.get((code, access, cofinanced_by))
        if decision is None:
            decision = scopes[code, access, cofinanced_by] = super().scope_of(code, access, cofinanced_by)
        return decision
