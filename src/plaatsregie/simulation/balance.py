"""D-28 in the simulator: each facility's complexity balance as the run goes, for a policy ordering by it.

The measure and the balance are monitoring's (`core.complexity`): an admission counts the complexity points of
the youth's needs, fully for `full_days` after its start and then falling linearly to 0 over `fade_days`; a
facility's fair share of all points is proportional to its number of places in the simulated world, and the
signal is `core.complexity`'s (the arithmetic of `balances`, `Balance.signal`). Only a run whose policy orders by
`complexity_balance` keeps one.

Cheap: the admissions are kept in start order and the window slides forward with the days, keeping per facility
integer sums only — the points of admissions still counting fully, and for the fading ones the sums of points and
of points × start day, from which their weighted sum on day `on` is one division:
    Σ p · (1 − (on − start − full) / fade) = (Σp · (full + fade − on) + Σ p·start) / fade.
Every facility's taken points are computed once per simulated day, at the first ranking of the day (an admission
starting later that day counts from the next day on), and a facility's signal on its first ranking of the day:
a run of ~80,000 rankings computes the balance at most once per day of the horizon.

Admissions before day 0 (the occupants of the starting world) are not counted: the world does not know when they
started, so every balance starts at zero.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from plaatsregie.core.complexity import FADE_DAYS, FULL_DAYS, balance_of, complexity_points


class ComplexityBalance:
    """The facilities' complexity signals on the day of ranking, from the admissions the run made so far."""

    def __init__(self, places: Mapping[str, int], full_days: int = FULL_DAYS, fade_days: int = FADE_DAYS) -> None:
        self.places = dict(places)  # facility → number of places in the simulated world
        self.full_days, self.fade_days = full_days, fade_days
        self.admissions: list[tuple[int, str, int]] = []  # (start day, facility, points), in start order
        self.fading_from = 0  # first admission still fading (older ones count 0)
        self.full_from = 0  # first admission still counting fully
        self.full: dict[str, int] = {}  # per facility: points of admissions counting fully
        self.fading: dict[str, list[int]] = {}  # per facility: [Σ points, Σ points × start day] of fading ones
        self.total_places = sum(self.places.values())
        self.day = -1  # the day `on_day`, `total_points` and `signals` are of
        self.on_day: dict[str, float] = {}  # per facility, the weighted points taken on `day` (`taken`)
        self.total_points = 0.0
        self.signals: dict[str, int] = {}  # per facility ranked on `day`, its signal

    def admitted(self, day: int, facility_id: str, needs: Iterable[str]) -> None:
        """An admission starting on `day` (not before any earlier one)."""
        points = complexity_points(needs)
        if points:
            self.admissions.append((day, facility_id, points))
            self.full[facility_id] = self.full.get(facility_id, 0) + points

    def signal(self, facility_id: str, day: int) -> int:
        """The facility's signal on `day` (+1 more than its fair share, −1 less, 0 within): see the module.

        Every facility's taken points once per day; a facility's signal on its first ranking of the day, with the
        arithmetic of `core.complexity.balances` (`balance_of`, with the same total in the same order) but for
        that facility alone (`tests/simulation/test_simulation_balance.py` checks they agree)."""
        if day != self.day:
            self.day, self.signals, self.on_day = day, {}, self.taken(day)
            self.total_points = sum(self.on_day.values())
        signal = self.signals.get(facility_id)
        if signal is None:
            balance = balance_of(self.on_day.get(facility_id, 0.0), self.places.get(facility_id, 0),
                                 self.total_points, self.total_places)
            signal = self.signals[facility_id] = balance.signal
        return signal

    def taken(self, on: int) -> dict[str, float]:
        """Per facility, the weighted points taken on day `on` (`core.complexity.age_weight`); `on` never goes back."""
        admissions, full, fading = self.admissions, self.full, self.fading
        full_days, fade_days = self.full_days, self.fade_days
        i = self.full_from
        while i < len(admissions) and on - admissions[i][0] > full_days:  # starts to fade
            start, facility, points = admissions[i]
            full[facility] -= points
            sums = fading.setdefault(facility, [0, 0])
            sums[0] += points
            sums[1] += points * start
            i += 1
        self.full_from = i
        i = self.fading_from
        while i < self.full_from and on - admissions[i][0] >= full_days + fade_days:  # counts 0 from now on
            start, facility, points = admissions[i]
            sums = fading[facility]
            sums[0] -= points
            sums[1] -= points * start
            i += 1
        self.fading_from = i
        taken = {facility: float(points) for facility, points in full.items() if points}
        if fade_days > 0:
            for facility, (points, weighted_start) in fading.items():
                if points:
                    numerator = points * (full_days + fade_days - on) + weighted_start
                    taken[facility] = taken.get(facility, 0.0) + numerator / fade_days
        return taken
