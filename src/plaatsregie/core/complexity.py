"""D-28: a complexity measure per admission from the youth's needs flags, and a facility's complexity balance.

Pure (no Django): monitoring computes the same balance in the database with these weights and this decay, and a
prioritisation policy may use `balance` as an ordering consideration, so monitoring and matching agree.

The measure is built from needs only — *not* from urgency: the seed says the most urgent case is not the same
as the heaviest profile. Weights (points per flag) are data, kept here in one place:

    closed_setting 3 · psychiatric 2 · aggression 2 · drugs 2 · trauma 1 · intellectual_disability 1
    (school_dropout and parenting_support: 0 — common, not a sign of a heavy profile)

Balance of a facility = complexity points it took − its fair share of all points taken, where the fair share is
proportional to its number of places. An admission counts fully for `full_days` after its start, then its weight
falls linearly to 0 over `fade_days` (older admissions count less). A positive balance means the facility took
more than its share of complex cases; a negative one, less.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date

COMPLEXITY_WEIGHTS: Mapping[str, int] = {
    "closed_setting": 3,
    "psychiatric": 2,
    "aggression": 2,
    "drugs": 2,
    "trauma": 1,
    "intellectual_disability": 1,
}
HIGH_COMPLEXITY = 4  # points from which an admission counts as 'highly complex'
FULL_DAYS = 365
FADE_DAYS = 365
SIGNAL_SHARE = 0.25  # a balance beyond ±25 % of the fair share is signalled


def complexity_points(needs: Iterable[str], weights: Mapping[str, int] = COMPLEXITY_WEIGHTS) -> int:
    """The complexity points of one admission: the sum of the weights of the youth's needs flags."""
    return sum(weights.get(need, 0) for need in set(needs))


def age_weight(start_on: date, on: date, full_days: int = FULL_DAYS, fade_days: int = FADE_DAYS) -> float:
    """How much an admission that started on `start_on` still counts on `on`: 1, then falling linearly to 0."""
    age = (on - start_on).days
    if age <= full_days:
        return 1.0
    if fade_days <= 0:
        return 0.0
    return max(0.0, 1.0 - (age - full_days) / fade_days)


@dataclass(frozen=True)
class Balance:
    taken: float  # weighted complexity points taken
    fair_share: float  # the facility's share of all points by capacity
    places: int

    @property
    def balance(self) -> float:
        return self.taken - self.fair_share

    @property
    def signal(self) -> int:
        """+1: clearly more than its share; −1: clearly less; 0: within ±SIGNAL_SHARE of the fair share."""
        if self.fair_share <= 0:
            return 1 if self.taken > 0 else 0
        ratio = self.balance / self.fair_share
        return 1 if ratio > SIGNAL_SHARE else -1 if ratio < -SIGNAL_SHARE else 0


def balances(taken: Mapping[str, float], places: Mapping[str, int]) -> dict[str, Balance]:
    """Per facility: weighted points taken, fair share by number of places, and the balance."""
    total_points = sum(taken.values())
    total_places = sum(places.values())
    return {facility: balance_of(taken.get(facility, 0.0), places.get(facility, 0), total_points, total_places)
            for facility in sorted(set(taken) | set(places))}


def balance_of(taken: float, places: int, total_points: float, total_places: int) -> Balance:
    """One facility's balance: its weighted points taken against its fair share of all points taken
    (`total_points`), in proportion to its places among all places (`total_places`)."""
    fair = total_points * places / total_places if total_places else 0.0
    return Balance(taken=taken, fair_share=fair, places=places)
