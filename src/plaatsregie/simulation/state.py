"""What a run keeps about each request and each place, and the place-day ledger of occupancy (D-27, D-29)."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import IntEnum

from plaatsregie.core.policy import Policy, RegionScope
from plaatsregie.core.types import Need, PlaceProfile, Region, Request


class CaseState(IntEnum):
    WAITING = 0
    ADMITTED = 1
    WITHDRAWN = 2


class PlaceState(IntEnum):
    OCCUPIED = 0
    UNAVAILABLE = 1  # D-5: with a reason; the simulator only keeps how long
    VACANT = 2  # free (or about to be) and nobody started: vacant place-days (D-29)


PartitionKey = tuple[str, str | None]  # (module, region) or (module, None) for Flanders-wide recruitment


def partition_key(policy: Policy, module: str, region: Region) -> PartitionKey:
    """The live pool a request asking `module` lives in, and a place of `module` in `region` ranks.

    Rows of other partitions fail `module_requested` or `region` whatever else holds (D-10), so ranking a
    partition gives the candidates ranking the whole pool gives; `rank` still checks every rule itself.
    """
    same_region = policy.region_scope_for(module) is RegionScope.SAME_REGION
    return (module, region.value if same_region else None)


@dataclass(slots=True, eq=False)
class Case:
    """A request during a run: the request as it is now, and what happened to it."""

    serial: int
    request: Request
    draw_key: int  # the key of its keyed draws (streams.py); shared by nothing else
    arrival_day: int  # negative for requests already waiting on day 0
    first_urgency: int
    groups: tuple[bool, ...]  # membership of each equity group of the scenario (D-34)
    complexity: int  # complex needs (D-28), not urgency
    partitions: tuple[PartitionKey, ...]
    state: CaseState = CaseState.WAITING
    held: bool = False  # an offer to this youth is open
    urgency_step: int = 0
    refused_by: set[str] = field(default_factory=set)  # facility ids
    start_day: int | None = None
    end_day: int | None = None  # admission start or withdrawal


@dataclass(slots=True, eq=False)
class Place:
    """A place and its current vacancy: the candidate order frozen at matching and how far offers got."""

    index: int
    profile: PlaceProfile
    unit: str
    ideal: frozenset[Need]
    partition: PartitionKey
    state: PlaceState
    since: int
    free_day: int  # the day the place is (expected to be) free for a new start
    occupant: int = -1  # case serial; -1: nobody, or a youth who was there before day 0
    occupant_complexity: int = 0
    vacancy: int = 0  # vacancies so far; events of an earlier vacancy are stale
    order: list[int] = field(default_factory=list)  # pool rows of the candidates, best first
    order_ids: tuple[str, ...] = ()  # the ids of the pool the order indexes
    position: int = 0
    barred: dict[str, str] = field(default_factory=dict)  # refused for this vacancy (D-14)
    parked_on: int = -1  # the day its list ran out with nobody to offer; -1: not parked (waiting for a change)
    backoff: int = 0  # fruitless rankings in a row: a parked place looks again after retry_days × 2^backoff
    ticket: int = 0  # the current MATCH event; earlier ones are stale
    match_day: int = -1  # the day of the current MATCH event; -1: none pending
    parks: int = 0  # times parked: a watch on a youth under offer (`watchers`) is for one parking
    news: list[int] = field(default_factory=list)  # cases that could be new candidates since the last ranking
    lazy_from: int = -1  # parked with news: later news is the partition's wake log from here on (`_wake`); -1: none
    skipped: list[int] = field(default_factory=list)  # youths of the order skipped under another open offer
    incoming: int = -1


@dataclass(slots=True)
class PlaceDays:
    """Place-days by state, split in regular and short-stay places (D-27), inside the measured window."""

    window_start: int
    window_end: int
    days: dict[tuple[PlaceState, bool], int] = field(default_factory=dict)

    def add(self, state: PlaceState, short_stay: bool, start: int, end: int) -> None:
        """Count the days [start, end) that fall in the window."""
        span = min(end, self.window_end) - max(start, self.window_start)
        if span > 0:
            self.days[state, short_stay] = self.days.get((state, short_stay), 0) + span

    def total(self, state: PlaceState | None = None, short_stay: bool | None = None) -> int:
        return sum(
            days for (s, short), days in self.days.items()
            if (state is None or s == state) and (short_stay is None or short == short_stay)
        )


def complexity_of(request: Request, complex_needs: frozenset[Need]) -> int:
    """D-28: how many complex needs a request has (needs flags, not urgency)."""
    return len(request.needs & complex_needs)
