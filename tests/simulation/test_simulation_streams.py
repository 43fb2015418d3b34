"""Keyed draws: a hash of the replication key and the entity, whatever was drawn before (streams.py)."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from plaatsregie.simulation.streams import _MASK, _TWO_53, Streams, _mix


def _reference(key: int, *parts: int) -> float:
    value = key
    for part in parts:
        value = _mix(value ^ (part & _MASK))
    return ((value >> 11) + 0.5) / _TWO_53


def test_keyed_draws_are_the_splitmix_chain_of_the_key_whatever_was_drawn_before() -> None:
    streams, fresh = Streams.of(7, 3), Streams.of(7, 3)
    keys = [(0, 1), (9, 5, 2, 1), (0, 1, 2), (12, (1 << 64) | 77), (3, 1 << 40)]
    draws = [streams.uniform(*key) for key in keys]  # the first draw of a purpose fills its cached prefix
    assert draws == [_reference(streams.key, *key) for key in keys]
    assert [fresh.uniform(*key) for key in reversed(keys)] == list(reversed(draws))
    assert all(0.0 < u < 1.0 for u in draws)


@given(st.lists(st.integers(0, 1 << 70), min_size=1, max_size=40), st.integers(0, 12),
       st.lists(st.integers(0, 1 << 70), max_size=3))
def test_draws_made_at_once_are_the_keyed_draws_one_by_one(keys: list[int], purpose: int, rest: list[int]) -> None:
    """`Streams.uniforms`: the same doubles as `uniform` per key, in unsigned 64-bit array arithmetic (the run
    draws every opening request's groups, withdrawal and first urgency step this way)."""
    streams = Streams.of(11, 2)
    at_once = streams.uniforms(purpose, keys, *rest).tolist()
    assert at_once == [streams.uniform(purpose, key, *rest) for key in keys]
