"""Small vector draws shared by the generators: one seeded generator, never the global one."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

import numpy as np
import numpy.typing as npt

Rng = np.random.Generator
IntArray = npt.NDArray[np.int64]
FloatArray = npt.NDArray[np.float64]
BoolArray = npt.NDArray[np.bool_]


def draw_index(rng: Rng, weights: Sequence[float], count: int) -> IntArray:
    """`count` indices into `weights`, each drawn with probability proportional to its weight."""
    p = np.asarray(weights, dtype=np.float64)
    drawn: IntArray = rng.choice(len(p), size=count, p=p / p.sum()).astype(np.int64)
    return drawn


def draw_flags(rng: Rng, rate: float | FloatArray, count: int) -> BoolArray:
    """Independent yes/no draws with the given rate (one rate, or one per row)."""
    flags: BoolArray = rng.random(count) < rate
    return flags


def draw_between(rng: Rng, low: IntArray, high: IntArray) -> IntArray:
    """A whole number in [low, high] (both inclusive) per row."""
    drawn: IntArray = rng.integers(low, high + 1).astype(np.int64)
    return drawn


def birth_ordinals(rng: Rng, ages: IntArray, on: date) -> IntArray:
    """Birth dates (as ordinals) of people who are exactly `ages` completed years old on `on`."""
    unique, inverse = np.unique(ages, return_inverse=True)
    latest = np.array([_years_before(on, int(age)).toordinal() for age in unique], dtype=np.int64)
    earliest = np.array([_years_before(on, int(age) + 1).toordinal() + 1 for age in unique], dtype=np.int64)
    span = (latest - earliest + 1)[inverse]  # the days of the year in which such a birth falls
    births: IntArray = latest[inverse] - np.floor(rng.random(len(ages)) * span).astype(np.int64)
    return births


def _years_before(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February in a year that has none
        return day.replace(year=day.year - years, day=28)


def dates(ordinals: IntArray) -> list[date]:
    """Ordinals back to dates."""
    return [date.fromordinal(ordinal) for ordinal in ordinals.tolist()]
