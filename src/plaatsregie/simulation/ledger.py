"""What a run records: place-days by state, offers and refusals, admissions, and every request's outcome."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt

from plaatsregie.simulation.scenario import Scenario
from plaatsregie.simulation.state import Case, Place, PlaceDays, PlaceState
from plaatsregie.simulation.world import World


@dataclass(frozen=True)
class Admission:
    day: int
    place_id: str
    request_id: str
    facility_id: str
    complexity: int
    short_stay: bool


@dataclass(frozen=True)
class Outcomes:
    """Per request, as columns: arrival day, first urgency, state (0 waiting, 1 admitted, 2 withdrawn), end day
    (start or withdrawal; the horizon while waiting), refusing facilities, and equity-group flags."""

    ids: tuple[str, ...]
    arrival_day: npt.NDArray[np.int64]
    first_urgency: npt.NDArray[np.int64]
    state: npt.NDArray[np.int64]
    end_day: npt.NDArray[np.int64]
    refused_by: npt.NDArray[np.int64]
    groups: npt.NDArray[np.bool_]  # rows × groups


@dataclass
class Ledger:
    """The raw record of one run; `metrics.summarise` turns it into figures."""

    scenario: Scenario
    world: World
    horizon: int
    reports: int = 0
    offers: int = 0
    refusals: int = 0
    events: int = 0
    admissions: list[Admission] = field(default_factory=list)
    discharges: list[tuple[int, str]] = field(default_factory=list)  # (day, place id)
    place_days: PlaceDays = field(init=False)
    places_by_facility: Counter[str] = field(init=False)
    short_stay_places: int = field(init=False)
    outcomes: Outcomes | None = None

    def __post_init__(self) -> None:
        warmup = min(int(self.scenario["metrics"]["warmup_days"]), max(self.horizon - 1, 0))
        self.place_days = PlaceDays(warmup, self.horizon)
        self.places_by_facility = Counter(p.facility_id for p in self.world.places)
        self.short_stay_places = sum(p.short_stay for p in self.world.places)

    @property
    def warmup(self) -> int:
        return self.place_days.window_start

    def close_state(self, place: Place, day: int) -> None:
        """Count the place's days in its current state up to `day` (an unavailable place is vacant once free)."""
        short = place.profile.short_stay
        if place.state is PlaceState.UNAVAILABLE and place.free_day < day:
            self.place_days.add(PlaceState.UNAVAILABLE, short, place.since, place.free_day)
            self.place_days.add(PlaceState.VACANT, short, max(place.since, place.free_day), day)
        else:
            self.place_days.add(place.state, short, place.since, day)

    def admitted(self, place: Place, case: Case, day: int) -> None:
        self.admissions.append(Admission(
            day, place.profile.id, case.request.id, place.profile.facility_id, case.complexity,
            place.profile.short_stay,
        ))

    def discharged(self, place: Place, day: int) -> None:
        self.discharges.append((day, place.profile.id))

    def close(self, places: list[Place], cases: list[Case], events: int) -> None:
        """Close every place's current state at the horizon and freeze the requests' outcomes."""
        for place in places:
            self.close_state(place, self.horizon)
        self.events = events
        groups = len(self.scenario.groups)
        self.outcomes = Outcomes(
            ids=tuple(c.request.id for c in cases),
            arrival_day=np.array([c.arrival_day for c in cases], dtype=np.int64),
            first_urgency=np.array([c.first_urgency for c in cases], dtype=np.int64),
            state=np.array([int(c.state) for c in cases], dtype=np.int64),
            end_day=np.array([self.horizon if c.end_day is None else c.end_day for c in cases], dtype=np.int64),
            refused_by=np.array([len(c.refused_by) for c in cases], dtype=np.int64),
            groups=np.array([c.groups for c in cases], dtype=bool).reshape(len(cases), groups),
        )
