"""The waiting pool (D-6): requests of youths who are really waiting, as columns.

Age: DOMAIN.md §8 gives the ages of all starts in a facility or foster care (19% under 6, 25% 6–11, 44%
12–17, the rest 18+). Foster care takes most young children, so the residential pool is assumed older:
12% under 6, 20% 6–11, 58% 12–17, 10% 18–21.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import numpy as np

from plaatsregie.synth.draws import BoolArray, IntArray, Rng, birth_ordinals, draw_flags, draw_index
from plaatsregie.synth.geography import draw_locations, draw_regions
from plaatsregie.synth.needs import draw_modules, draw_needs
from plaatsregie.synth.youths import YouthColumns, draw_genders

AGE_BANDS = ((0, 5), (6, 11), (12, 17), (18, 21))
AGE_BAND_SHARES = (0.12, 0.20, 0.58, 0.10)
CRISIS_OVERFLOW_RATE = 0.08  # brief: about 8% come from a crisis stay that runs out (D-10)
# Urgency 1 (acute) to 4 (less urgent), assumed: few acute requests, most 2–3; crisis overflow is more urgent.
URGENCY_SHARES = (0.05, 0.28, 0.47, 0.20)
CRISIS_URGENCY_SHARES = (0.30, 0.50, 0.17, 0.03)
# Days on the waiting list: Gamma(1.2, 250) days (mean 300, long right tail; §8 quotes average waits of
# 240 days in 2016 and 425 in 2023), shorter for more urgent requests, at most three years.
WAIT_SHAPE = 1.2
WAIT_SCALE_DAYS = 250.0
URGENCY_WAIT_FACTORS = np.array([0.25, 0.6, 1.0, 1.4])
CRISIS_WAIT_FACTOR = 0.5
MAX_WAIT_DAYS = 3 * 365


@dataclass(frozen=True, eq=False)
class RequestColumns:
    """One row per request; the youth columns may still be adjusted for siblings (same family home)."""

    youths: YouthColumns
    urgency: IntArray  # 1..4
    crisis_overflow: BoolArray
    registered: IntArray  # ordinal
    needs: BoolArray  # rows × NEEDS
    modules: BoolArray  # rows × module codes
    codes: tuple[str, ...]  # the module codes of the `modules` columns

    def __len__(self) -> int:
        return len(self.urgency)


def draw_requests(rng: Rng, count: int, today: date, codes: tuple[str, ...]) -> RequestColumns:
    """`count` active requests with age, gender, home, urgency, waiting time, needs and modules."""
    ages = _draw_ages(rng, count)
    gender = draw_genders(rng, count)
    region = draw_regions(rng, count)
    lat, lon = draw_locations(rng, region)
    youths = YouthColumns(birth_ordinals(rng, ages, today), gender, region, lat, lon)
    crisis = draw_flags(rng, CRISIS_OVERFLOW_RATE, count)
    urgency = 1 + np.where(
        crisis, draw_index(rng, CRISIS_URGENCY_SHARES, count), draw_index(rng, URGENCY_SHARES, count)
    )
    registered = np.maximum(today.toordinal() - _waiting_days(rng, urgency, crisis), youths.birth)
    needs = draw_needs(rng, ages)
    modules = draw_modules(rng, codes, ages, gender, needs)
    return RequestColumns(youths, urgency, crisis, registered, needs, modules, codes)


def _draw_ages(rng: Rng, count: int) -> IntArray:
    band = draw_index(rng, AGE_BAND_SHARES, count)
    low = np.array([b[0] for b in AGE_BANDS])[band]
    high = np.array([b[1] for b in AGE_BANDS])[band]
    ages: IntArray = rng.integers(low, high, endpoint=True).astype(np.int64)
    return ages


def _waiting_days(rng: Rng, urgency: IntArray, crisis: BoolArray) -> IntArray:
    """Days on the waiting list; draws beyond the cap are drawn again, so no pile forms at the cap."""
    factor = URGENCY_WAIT_FACTORS[urgency - 1] * np.where(crisis, CRISIS_WAIT_FACTOR, 1.0)
    days = rng.gamma(WAIT_SHAPE, WAIT_SCALE_DAYS, size=len(urgency)) * factor
    too_long = np.flatnonzero(days > MAX_WAIT_DAYS)
    while len(too_long):
        days[too_long] = rng.gamma(WAIT_SHAPE, WAIT_SCALE_DAYS, size=len(too_long)) * factor[too_long]
        too_long = too_long[days[too_long] > MAX_WAIT_DAYS]
    waiting: IntArray = np.round(days).astype(np.int64)
    return waiting
