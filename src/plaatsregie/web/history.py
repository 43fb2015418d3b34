"""Replaying a history plan (plaatsregie.synth.history) through the services, in time order.

Every event of the plan becomes a process: a generator that yields the moment of its next step. The replay runs
the earliest step first with the seeding clock set to its moment (`seed_clock`), so the services stamp every row
with the plan's time. Requests are written in registration order, up to the current day, whenever a candidate
list is about to read the pool or a step needs one not yet written: a list sees the pool as it was. A step that
needs a request the replay already placed elsewhere takes a second registration of the same profile (`<ref>-2`):
the plan could not know which youth the team would offer.
"""

from __future__ import annotations

import heapq
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from datetime import date, datetime

from django.contrib.auth.models import User

from plaatsregie.core.lifecycle import OfferState
from plaatsregie.core.modules import ModuleCatalogue
from plaatsregie.core.types import Access, Request, Youth
from plaatsregie.placement.services.capacity import PlaceDialogue
from plaatsregie.registry.models import Place
from plaatsregie.synth import SyntheticFlanders
from plaatsregie.synth.history import Event, HistoryPlan
from plaatsregie.waiting.models import Request as RequestRow
from plaatsregie.waiting.models import RequestStatus
from plaatsregie.web.seed_actors import SeedActors
from plaatsregie.web.seed_clock import SeedClock
from plaatsregie.web.seeding import Lookups, write_requests

Process = Iterator[datetime]
PENDING_OR_OPEN = (OfferState.OPEN.value, OfferState.AGREED.value, OfferState.AGREED_WITH_CONDITIONS.value)


def once(moment: datetime, step: Callable[[], object]) -> Process:
    """A process of one step at `moment`."""
    yield moment
    step()


class Replay:
    """The replay's state: the clock, the actors, which requests are written, and the queue of processes."""

    def __init__(self, world: SyntheticFlanders, plan: HistoryPlan, lookups: Lookups, actors: SeedActors,
                 clock: SeedClock, catalogue: ModuleCatalogue) -> None:
        self.plan, self.lookups, self.actors, self.clock, self.catalogue = plan, lookups, actors, clock, catalogue
        self.youths: dict[str, Youth] = {y.id: y for y in (*world.youths, *plan.youths)}
        self.templates: dict[str, Request] = {r.id: r for r in plan.requests}
        self.pending = sorted((*world.requests, *plan.requests), key=lambda r: r.registered_on)
        self.registered = 0  # how far `pending` is written in registration order
        self.planned = {r.id: r for r in self.pending}
        self.request_pks: dict[str, int] = {}
        self.queue: list[tuple[datetime, int, Process]] = []
        self.sequence = 0
        self.consulted: set[int] = set()  # collective cases with a consultation planned
        self.offered: set[str] = set()  # requests the replayed candidate lists offered (maybe no longer free)
        self.open_reports: dict[str, int] = {}  # place → its open capacity report (closed by the admission)
        self.agreed: dict[str, int] = {}  # place → the agreed offer waiting for its start
        self.places = {info.ref: info for info in place_infos(catalogue)}

    def run(self, process_for: Callable[[Replay, Event], Process]) -> None:
        """Run every event of the plan, then write the requests not written yet."""
        for event in self.plan.events:
            self.spawn(process_for(self, event))
        while self.queue:
            moment, _, process = heapq.heappop(self.queue)
            self.clock.set(max(moment, self.clock.local()))
            self.spawn(process)
        self.register_until(self.plan.today)

    def spawn(self, process: Process) -> None:
        """Queue the process at the moment of its next step (running the step it was suspended at)."""
        try:
            moment = next(process)
        except StopIteration:
            return
        heapq.heappush(self.queue, (moment, self.sequence, process))
        self.sequence += 1

    def register_until(self, day: date) -> None:
        """D-6: write the requests registered on or before `day` (they enter the waiting pool). Called before a
        candidate list reads the pool, and when a step needs a request that is not written yet."""
        start = self.registered
        while self.registered < len(self.pending) and self.pending[self.registered].registered_on <= day:
            self.registered += 1
        batch = [r for r in self.pending[start:self.registered] if r.id not in self.request_pks]  # not written early
        if batch:
            self.request_pks |= write_requests(batch, self.youths, self.lookups, self.plan.registered_urgency)

    def today(self) -> date:
        return self.clock.local().date()

    def place(self, ref: str) -> Place:
        return Place.objects.select_related("unit__facility", "unit__module_type").get(pk=self.places[ref].pk)

    def facility_user(self, place: Place | PlaceInfo) -> User:
        facility = place.facility_id if isinstance(place, PlaceInfo) else place.unit.facility_id
        return self.actors.facilities[facility]

    def pk_of(self, ref: str) -> int:
        if ref not in self.request_pks:
            self.register_until(self.today())
        if ref not in self.request_pks:  # the plan needs it before its registration day (seen at 10x): write it now
            self.request_pks |= write_requests([self.planned[ref]], self.youths, self.lookups,
                                               self.plan.registered_urgency)
        return self.request_pks[ref]

    def request(self, ref: str) -> RequestRow:
        return RequestRow.objects.get(pk=self.pk_of(ref))

    def free_request(self, ref: str) -> tuple[int, str]:
        """The planned request's key, or a second registration of its profile when a list offered it already and
        it is no longer free to place (only an offer from a replayed list can have taken it)."""
        if ref not in self.offered:
            return self.pk_of(ref), ref
        request = self.request(ref)
        if request.status != RequestStatus.WAITING or request.offers.filter(
                state__in=PENDING_OR_OPEN, closed_at__isnull=True).exists():
            request = self.add_request(self.templates[ref], suffix=True)
        return request.pk, request.ref

    def add_request(self, template: Request, youth: Youth | None = None, *, suffix: bool = False) -> RequestRow:
        """Write a request outside the registration order: a fallback, or a second registration (`suffix`)."""
        youth = youth or self.youths[template.youth_id]
        if suffix:
            number = 2
            while f"{template.id}-{number}" in self.request_pks:
                number += 1
            youth = replace(youth, id=f"{youth.id}-{number}")
            template = replace(template, id=f"{template.id}-{number}", youth_id=youth.id)
        self.youths[youth.id] = youth
        self.templates.setdefault(template.id, template)
        self.request_pks |= write_requests([template], self.youths, self.lookups)
        return self.request(template.id)


@dataclass(frozen=True)
class PlaceInfo:
    """What the seeding path needs of a place, read once: its profile does not change while seeding."""

    ref: str
    pk: int
    facility_id: int
    region: str
    in_scope: bool
    scope_reason: str
    flow: str
    dialogue: PlaceDialogue


def place_infos(catalogue: ModuleCatalogue) -> list[PlaceInfo]:
    infos = []
    for place in Place.objects.select_related("unit__facility", "unit__module_type").order_by("ref"):
        unit = place.unit
        scope = catalogue.scope_of(unit.module_type.code, Access(unit.access), unit.cofinanced_by or None)
        infos.append(PlaceInfo(place.ref, place.pk, unit.facility_id, unit.facility.region, scope.in_scope,
                               scope.reason, unit.module_type.flow, dialogue_of(place)))
    return infos


def dialogue_of(place: Place) -> PlaceDialogue:
    """D-4: the place's profile as it stands, so a report does not change it."""
    return PlaceDialogue(age_min=place.age_min, age_max=place.age_max, genders=place.genders,
                         short_stay=place.short_stay, vertical=place.vertical,
                         group_composition=place.group_composition, carrying_capacity=place.carrying_capacity,
                         ideal_profile=list(place.ideal_profile), contact=place.contact)
