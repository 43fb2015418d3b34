"""The indexed pool kept as bytes (core.pool_codec) ranks exactly as the pool it was written from."""

from __future__ import annotations

from dataclasses import fields, replace
from datetime import date

import numpy as np
import pytest

from plaatsregie.core.explain import candidate_components, explain_candidate
from plaatsregie.core.policy import load_policy
from plaatsregie.core.pool import ModuleRows, PoolColumns, RequestPool
from plaatsregie.core.pool_codec import pool_bytes, pool_from_bytes
from plaatsregie.core.ranking import rank
from plaatsregie.core.snapshot import pool_snapshot
from plaatsregie.synth import generate

TODAY = date(2026, 11, 23)


def a_pool() -> RequestPool:
    world = generate("small", 5, TODAY)
    requests = list(world.requests)
    requests[0] = replace(requests[0], home=None)
    return RequestPool.of(requests)


def test_every_field_comes_back_equal_and_the_extra_arrays_too() -> None:
    pool = a_pool()
    keys = np.arange(len(pool), dtype=np.int64) * 7
    again, snapshot, extra = pool_from_bytes(pool_bytes(pool, pool_snapshot(pool.columns), {"keys": keys}))
    assert snapshot == pool_snapshot(pool.columns) and np.array_equal(extra["keys"], keys)
    for f in fields(RequestPool):
        mine, theirs = getattr(pool, f.name), getattr(again, f.name)
        if f.name in ("columns", "given"):
            continue
        if isinstance(mine, np.ndarray):
            assert mine.dtype == theirs.dtype and np.array_equal(mine, theirs, equal_nan=True), f.name
        elif f.name == "sibling_rows":
            assert mine.keys() == theirs.keys() and all(np.array_equal(mine[k], theirs[k]) for k in mine)
        elif f.name == "module_rows":
            assert mine.keys() == theirs.keys()
            for module in mine:
                for name in (g.name for g in fields(ModuleRows)):
                    assert np.array_equal(getattr(mine[module], name), getattr(theirs[module], name))
        else:
            assert mine == theirs, f.name
    assert list(again.requests) == list(pool.requests)


def test_it_ranks_and_explains_as_the_pool_it_came_from() -> None:
    """D-22, D-25: the same candidates, order, components and words."""
    world = generate("small", 5, TODAY)
    pool = RequestPool.of(list(world.requests))
    again, _, _ = pool_from_bytes(pool_bytes(pool, pool_snapshot(pool.columns), {}))
    policy = load_policy("default")
    compared = 0
    for place in [p.profile for p in world.places][:40]:
        one, other = rank(place, pool, policy), rank(place, again, policy)
        assert one.candidate_ids == other.candidate_ids
        assert one.excluded_rule_by_id() == other.excluded_rule_by_id()
        for i in range(min(3, len(one.candidate_ids))):
            assert candidate_components(one, i) == candidate_components(other, i)
            assert explain_candidate(one, i) == explain_candidate(other, i)
            compared += 1
    assert compared > 20


def test_bytes_of_another_format_are_refused() -> None:
    with pytest.raises(ValueError, match="pool index"):
        pool_from_bytes(b"something else")


def test_an_empty_pool() -> None:
    pool = RequestPool.from_columns(PoolColumns.of([]))
    again, _, _ = pool_from_bytes(pool_bytes(pool, pool_snapshot(pool.columns), {}))
    assert len(again) == 0
