"""The pool snapshot frozen with a candidate list (D-25): column-wise, and back to exactly the rank-file rows."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import date

import pytest

from plaatsregie.core.contract import pool_from_json, request_to_json
from plaatsregie.core.pool import PoolColumns, RequestPool
from plaatsregie.core.snapshot import FORMAT, pool_snapshot, snapshot_requests
from plaatsregie.core.types import Request
from plaatsregie.synth import generate

TODAY = date(2026, 11, 23)


def requests() -> list[Request]:
    """A synthetic pool with the awkward cases: no home, a leap-day birthday, no needs, crisis overflow."""
    pool = list(generate("small", 3, TODAY).requests)
    pool[0] = replace(pool[0], home=None)
    pool[1] = replace(pool[1], birth_date=date(2012, 2, 29), needs=frozenset(), crisis_overflow=True)
    return pool


def as_from_a_cursor(columns: PoolColumns) -> PoolColumns:
    """The columns as the database hands them over (SQLite): ISO text dates, plain text, 0/1 flags."""
    return replace(columns, birth_dates=[d.isoformat() for d in columns.birth_dates],
                   registered_on=[d.isoformat() for d in columns.registered_on],
                   genders=[str(g) for g in columns.genders], regions=[str(r) for r in columns.regions],
                   urgency=[int(u) for u in columns.urgency], crisis_overflow=[int(c) for c in columns.crisis_overflow])


@pytest.mark.parametrize("from_cursor", [False, True])
def test_a_snapshot_gives_back_every_request_as_request_to_json_writes_it(from_cursor):
    """D-25: through JSON and back, the frozen pool equals the rank-file rows of the pool, in pool order."""
    pool = requests()
    columns = PoolColumns.of(pool)
    stored = json.loads(json.dumps(pool_snapshot(as_from_a_cursor(columns) if from_cursor else columns)))
    assert stored["format"] == FORMAT
    assert snapshot_requests(stored) == [request_to_json(r) for r in pool]


def test_a_snapshot_can_be_ranked_again_as_it_was():
    """D-25: the rows read back as the same domain requests (the rank-file reader accepts them)."""
    pool = requests()
    again = pool_from_json(snapshot_requests(pool_snapshot(RequestPool.of(pool).columns)))
    assert again == pool


def test_a_snapshot_stores_each_repeated_value_once():
    """Coded columns hold their distinct values once; the rows refer to them by position."""
    pool = requests()
    snapshot = pool_snapshot(PoolColumns.of(pool))
    assert sorted(snapshot["regions"]["values"]) == sorted({r.region.value for r in pool})
    assert len(snapshot["regions"]["codes"].split()) == len(snapshot["ids"])


def test_something_else_is_not_read_as_a_snapshot():
    with pytest.raises(ValueError, match=FORMAT):
        snapshot_requests({"ids": []})


@pytest.mark.parametrize("from_cursor", [False, True])
def test_snapshot_columns_index_to_the_same_pool(from_cursor):
    """The pool cache (waiting.pool_cache) keeps a snapshot: its columns rank exactly as the pool they came from."""
    from plaatsregie.core.snapshot import snapshot_columns

    pool = requests()
    columns = PoolColumns.of(pool)
    if from_cursor:
        columns = as_from_a_cursor(columns)
    stored = json.loads(json.dumps(pool_snapshot(columns)))
    again = RequestPool.from_columns(snapshot_columns(stored))
    assert list(again.requests) == pool
    assert pool_snapshot(again.columns) == stored


def test_snapshot_columns_of_an_empty_pool():
    from plaatsregie.core.snapshot import snapshot_columns

    stored = json.loads(json.dumps(pool_snapshot(PoolColumns.of([]))))
    assert len(RequestPool.from_columns(snapshot_columns(stored))) == 0
