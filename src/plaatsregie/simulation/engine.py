"""The discrete-event run: a `heapq` of (day, sequence, kind, subject, tag) and one handler per kind.

Every candidate order comes from `plaatsregie.core.ranking.rank` on a `LivePool` view (never a ranking of
our own): the waiting pool is partitioned by (module, region) as the policy recruits, each partition a live
pool updated request by request, so a vacancy ranks only the rows that can be eligible (D-10, D-11).
"""

from __future__ import annotations

import heapq
import math
from dataclasses import fields, replace
from datetime import date
from typing import Any

from plaatsregie.core.live_pool import LivePool
from plaatsregie.core.modules import default_catalogue
from plaatsregie.core.policy import OrderingKey, Policy
from plaatsregie.core.types import Need, PlaceProfile, Region, Request, Urgency
from plaatsregie.simulation import streams as draw
from plaatsregie.simulation.arrivals import draw_arrivals
from plaatsregie.simulation.balance import ComplexityBalance
from plaatsregie.simulation.ledger import Ledger
from plaatsregie.simulation.scenario import Scenario
from plaatsregie.simulation.state import Case, CaseState, PartitionKey, complexity_of, partition_key
from plaatsregie.simulation.streams import Streams
from plaatsregie.simulation.vacancies import ARRIVE, URGENCY, WITHDRAW, PlaceHandlers
from plaatsregie.simulation.world import World


class Run(PlaceHandlers):
    """One replication of one policy: build with the world and streams, then `run()`."""

    def __init__(self, scenario: Scenario, policy: Policy, world: World, streams: Streams, years: float) -> None:
        self.scenario, self.policy, self.world, self.streams = scenario, policy, world, streams
        self.catalogue = default_catalogue()
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
        self.queue: list[tuple[int, int, int, int]] = []  # (day << 32 | sequence, kind, subject, tag)
        self.sequence = 0
        self.cases: list[Case] = []
        self.serial_of: dict[str, int] = {}
        self.pools: dict[PartitionKey, LivePool] = {}
        self.parked: dict[PartitionKey, set[int]] = {}  # places whose list ran out, by the partition they rank
        self.watchers: dict[int, list[tuple[int, int]]] = {}  # youth under offer → (place, ticket) that skipped them
        self.wake_log: dict[PartitionKey, list[tuple[int, int, date, str, str, int]]] = {}  # news, for `_read_log`
        self.unit_load: dict[str, list[int]] = {}  # unit → [complex occupants, places]
        self.ledger = Ledger(scenario, world, self.horizon)
        self.balance = (  # D-28: kept only for a policy that orders by it (`simulation/balance.py`)
            ComplexityBalance(self.ledger.places_by_facility) if OrderingKey.COMPLEXITY_BALANCE in policy.ordering
            else None)
        self.places = [self._place(i) for i in range(len(world.places))]
        self.profile_args = [_profile_args(place) for place in world.places]
        self.pending: dict[int, Request] = {}
        self.readmissions = 0
        self.events = 0
        self.handlers = (
            self._arrive, self._urgency, self._withdraw, self._report, self._match, self._answer, self._admit,
            self._discharge,
        )

    def run(self) -> Ledger:
        """Run to the horizon and return the ledger of what happened."""
        for request in self.world.requests:
            self._open_case(request, (request.registered_on.toordinal() - self.start_ordinal), 0)
        arrivals = draw_arrivals(self.scenario, self.world, self.streams, self.horizon)
        for number, arrival in enumerate(arrivals):
            self.pending[number] = arrival.request
            self._at(arrival.day, ARRIVE, number, 0)
        for place in self.places:
            self._start_place(place)
        queue, handlers, end, pop = self.queue, self.handlers, self.horizon << 32, heapq.heappop
        events = 0
        while queue and queue[0][0] < end:
            when, kind, subject, tag = pop(queue)
            events += 1
            handlers[kind](when >> 32, subject, tag)
        self.events += events
        self.ledger.close(self.places, self.cases, self.events)
        return self.ledger

    # --- requests -------------------------------------------------------------------------------------------

    def _partition(self, module: str, region: Region) -> PartitionKey:
        return partition_key(self.policy, module, region)

    def _open_case(self, request: Request, arrival_day: int, draw_key: int) -> Case:
        serial = len(self.cases)
        key = draw_key or (1 << 40) + serial  # initial requests: keyed by position in the starting pool
        groups = tuple(
            self.streams.uniform(draw.GROUP, key, g) < group.share for g, group in enumerate(self.groups)
        )
        partitions = self.partitions_of.get((request.module_types, request.region))
        if partitions is None:
            partitions = self.partitions_of[request.module_types, request.region] = tuple(sorted(
                {self._partition(m, request.region) for m in request.module_types}, key=lambda p: (p[0], p[1] or "")))
        case = Case(serial, request, key, arrival_day, int(request.urgency), groups,
                    complexity_of(request, self.complex_needs), partitions)
        self.cases.append(case)
        self.serial_of[request.id] = serial
        today = max(arrival_day, 0)
        pools = self.pools
        for partition in partitions:
            pool = pools.get(partition)
            if pool is None:
                pool = pools[partition] = LivePool()
            pool.add(request)
            self._wake(partition, request, today)
        self._at(today + self._withdrawal_after(case), WITHDRAW, serial, 0)
        self._next_urgency_step(case, today)
        return case

    def _withdrawal_after(self, case: Case) -> int:
        """Days until the request ends without a place: withdrawn, or the youth ages out."""
        section = self.sections["withdrawal"]
        mean = section["mean_days"][case.first_urgency - 1]
        if self.groups:
            mean *= math.prod(g.withdrawal_factor for g, yes in zip(self.groups, case.groups, strict=True) if yes)
        withdraw = 1 + int(self.streams.exponential(mean, draw.WITHDRAWAL, case.draw_key))
        birth = case.request.birth_date
        ages_out = self.ages_out.get(birth)
        if ages_out is None:
            ages_out = self.ages_out[birth] = date(
                birth.year + section["max_age"] + 1, birth.month, min(birth.day, 28)).toordinal()
        return max(1, min(withdraw, ages_out - self.start_ordinal - max(case.arrival_day, 0)))

    def _next_urgency_step(self, case: Case, today: int) -> None:
        """D-10: urgency escalates or stabilises while waiting, at per-class rates of the scenario."""
        up, down = self.urgency_rates[case.request.urgency]
        if up + down <= 0:
            return
        after = self.streams.exponential(365.0 / (up + down), draw.URGENCY_TIME, case.draw_key, case.urgency_step)
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
        for partition in case.partitions:
            self.pools[partition].replace(case.request)
            self._wake(partition, case.request, day)
        self._next_urgency_step(case, day)

    def _withdraw(self, day: int, serial: int, tag: int) -> None:
        case = self.cases[serial]
        if case.state is CaseState.WAITING:
            self._leave_pool(case, CaseState.WITHDRAWN, day)

    def _leave_pool(self, case: Case, state: CaseState, day: int) -> None:
        case.state, case.end_day = state, day
        for partition in case.partitions:
            self.pools[partition].remove(case.request.id)


_PROFILE_FIELDS = tuple(f.name for f in fields(PlaceProfile))
_AVAILABLE_FROM = _PROFILE_FIELDS.index("available_from")


def _profile_args(profile: PlaceProfile) -> tuple[tuple[Any, ...], tuple[Any, ...]]:
    """The positional arguments of a profile before and after `available_from` (`PlaceHandlers._profile_on`)."""
    values = tuple(getattr(profile, name) for name in _PROFILE_FIELDS)
    return values[:_AVAILABLE_FROM], values[_AVAILABLE_FROM + 1:]
