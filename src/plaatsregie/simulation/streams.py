"""Random streams of one replication: common random numbers, so two policies differ only by the policy.

A replication's `numpy.random.SeedSequence` is `(seed, replication)`; each stream is a child of it, and the
policy is not part of any seed. Exogenous demand (arrival days, who arrives) is drawn up front from its own
streams, so every policy sees exactly the same youths arrive on the same days. Draws that happen while the
run unfolds (a youth's withdrawal day and urgency path, a place's lead time, an offer's answer) are *keyed*:
a hash of the replication key and the entity (youth, place, vacancy), not the next number of a shared
generator, so the same youth offered the same place gets the same draw under every policy.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt

STREAMS = ("arrival_days", "arrival_people", "arrival_considerations", "keyed")
_MASK = (1 << 64) - 1
_TWO_53 = float(1 << 53)
_GOLDEN, _MIX_1, _MIX_2 = np.uint64(0x9E3779B97F4A7C15), np.uint64(0xBF58476D1CE4E5B9), np.uint64(0x94D049BB133111EB)
_U11, _U27, _U30, _U31 = np.uint64(11), np.uint64(27), np.uint64(30), np.uint64(31)


def _mix(value: int) -> int:
    """splitmix64's finaliser: a well-spread 64-bit hash."""
    value = (value + 0x9E3779B97F4A7C15) & _MASK
    value = ((value ^ (value >> 30)) * 0xBF58476D1CE4E5B9) & _MASK
    value = ((value ^ (value >> 27)) * 0x94D049BB133111EB) & _MASK
    return value ^ (value >> 31)


@dataclass(frozen=True)
class Streams:
    """The generators and the keyed-draw key of one replication."""

    generators: dict[str, np.random.Generator]
    key: int
    prefixes: dict[int, int] = field(default_factory=dict, compare=False, repr=False)  # purpose → mixed key

    @classmethod
    def of(cls, seed: int, replication: int) -> Streams:
        """The streams of replication `replication` of a run seeded with `seed`."""
        children = np.random.SeedSequence(seed, spawn_key=(replication,)).spawn(len(STREAMS))
        generators = {name: np.random.default_rng(child) for name, child in zip(STREAMS, children, strict=True)}
        key = int(children[STREAMS.index("keyed")].generate_state(1, np.uint64)[0])
        return cls(generators, key)

    def _prefix(self, purpose: int) -> int:
        """The replication key mixed with the purpose: the same for every draw of the purpose, so kept."""
        value = self.prefixes.get(purpose)
        if value is None:
            value = self.prefixes[purpose] = _mix(self.key ^ (purpose & _MASK))
        return value

    def uniform(self, purpose: int, *key: int) -> float:
        """A uniform draw in (0, 1) determined by the replication and `(purpose, *key)` alone."""
        value = self.prefixes.get(purpose)
        if value is None:
            value = self._prefix(purpose)
        mask = _MASK
        for part in key:  # _mix(value ^ part), inlined: this runs for every keyed draw
            value = ((value ^ (part & mask)) + 0x9E3779B97F4A7C15) & mask
            value = ((value ^ (value >> 30)) * 0xBF58476D1CE4E5B9) & mask
            value = ((value ^ (value >> 27)) * 0x94D049BB133111EB) & mask
            value ^= value >> 31
        return ((value >> 11) + 0.5) / _TWO_53

    def uniforms(self, purpose: int, first: Sequence[int], *rest: int) -> npt.NDArray[np.float64]:
        """`uniform(purpose, k, *rest)` for every key `k` of `first` at once: the same hash in unsigned 64-bit
        array arithmetic, which wraps exactly as `uniform` masks, so the same doubles. For the draws a run knows it
        will make for every request it opens (`engine.Run`)."""
        values = np.full(len(first), self._prefix(purpose), dtype=np.uint64)
        parts: list[npt.NDArray[np.uint64] | np.uint64] = [np.array([key & _MASK for key in first], dtype=np.uint64)]
        parts += [np.uint64(part & _MASK) for part in rest]
        for part in parts:
            values ^= part
            values += _GOLDEN
            values ^= values >> _U30
            values *= _MIX_1
            values ^= values >> _U27
            values *= _MIX_2
            values ^= values >> _U31
        result: npt.NDArray[np.float64] = ((values >> _U11).astype(np.float64) + 0.5) / _TWO_53
        return result

    def exponential(self, mean: float, purpose: int, *key: int) -> float:
        """An exponential draw with this mean, keyed as `uniform`."""
        return exponential_of(mean, self.uniform(purpose, *key))


def exponential_of(mean: float, uniform: float) -> float:
    """The exponential draw with this mean that the uniform draw `uniform` gives (inverse transform)."""
    return -mean * math.log(uniform)


def derived_key(*parts: int) -> int:
    """A new draw key from others (e.g. a readmitted youth's request from the youth's first request)."""
    value = 0x5EED
    for part in parts:
        value = _mix(value ^ (part & _MASK))
    return value | (1 << 64)  # outside the range of the plain keys


# Keyed-draw purposes: the first part of every key, so no two purposes share draws.
WITHDRAWAL, URGENCY_TIME, URGENCY_STEP, STAY, GROUP, LEAD, LATE, UNAVAILABLE, UNAVAILABLE_DAYS = range(9)
REFUSAL, READMISSION, READMISSION_DELAY, OCCUPANT = range(9, 13)
