"""The live waiting pool (D-6) loaded from the database as a ranking-ready `RequestPool`.

Rows are read as plain tuples through the database cursor, transposed into columns and handed to
`RequestPool.from_columns`: no model instances and no `Request` values are built, every repeated value
(a set of needs or modules, a facility or referrer) is converted once, and foreign keys are resolved through
small id → name tables. Each query is compiled by the ORM once per database vendor (`registry.mapping.fetch`).
Loading the pool is most of the time `plaatsregie rank --place` spends (target: ≤ 30 ms in-process at Flanders
scale, bench/bench_rank_db.py), so the cyclic garbage collector is paused while it runs: the tens of thousands of
short-lived values a load allocates would otherwise trigger collections that walk every object of the process
(Django's included), and the load creates no reference cycles for it to find.
"""

from __future__ import annotations

import gc
import json
import logging
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import fields as dataclass_fields
from functools import lru_cache
from itertools import chain
from operator import itemgetter
from typing import Any

import numpy as np
from django.db import DatabaseError, connection, transaction
from django.db.models import CharField, IntegerField, QuerySet, TextField, Value
from django.db.models.functions import Cast

from plaatsregie.core.pool import BoolArray, IntArray, PoolColumns, RequestPool
from plaatsregie.core.snapshot import pool_snapshot
from plaatsregie.core.types import Need, Request
from plaatsregie.registry.mapping import Query, compiled, fetch
from plaatsregie.registry.models import Facility, ModuleType
from plaatsregie.waiting import pool_cache
from plaatsregie.waiting.models import Referrer, RequestStatus
from plaatsregie.waiting.models import Request as RequestRow
from plaatsregie.waiting.pool_cache import Loaded

logger = logging.getLogger(__name__)
_FACILITY, _REFERRER, _MODULE = range(3)
Rows = list[tuple[Any, ...]]
_FIELDS = (
    "id", "ref", "youth__ref", "youth__birth_date", "youth__gender", "youth__region", "urgency",
    "registered_on", "youth__home_lat", "youth__home_lon", "internal_transfer_facility_id",
    "readmission_facility_id", "crisis_overflow", "needs", "referrer_id",
)


def _waiting() -> QuerySet[Any, Any]:
    """The waiting requests as tuples of `_FIELDS`, in no particular order, with needs as JSON text.

    On SQLite dates come as ISO text and the flag as 0/1: the cursor's per-value converters would cost more
    than indexing the whole pool. PostgreSQL decodes dates in C; they stay as they are.
    """
    raw = {"needs": Cast("needs", TextField())}
    if connection.vendor == "sqlite":
        raw |= {
            "youth__birth_date": Cast("youth__birth_date", CharField()),
            "registered_on": Cast("registered_on", CharField()),
            "crisis_overflow": Cast("crisis_overflow", IntegerField()),
        }
    alias = {field: f"raw_{i}" for i, field in enumerate(raw)}
    queryset = RequestRow.objects.filter(status=RequestStatus.WAITING).order_by()
    queryset = queryset.annotate(**{alias[field]: expression for field, expression in raw.items()})
    return queryset.values_list(*(alias.get(field, field) for field in _FIELDS))


def _module_links() -> QuerySet[Any, Any]:
    through = RequestRow.module_types.through
    return through.objects.filter(request__status=RequestStatus.WAITING).values_list("request_id", "moduletype_id")


def _sibling_links() -> QuerySet[Any, Any]:
    through = RequestRow.sibling_facilities.through
    return through.objects.filter(request__status=RequestStatus.WAITING).values_list("request_id", "facility_id")


def _names() -> QuerySet[Any, Any]:
    """(table, pk, name) of the small tables that ids are resolved through, in one round trip."""

    def named(queryset: QuerySet[Any, Any], table: int, name: str) -> QuerySet[Any, Any]:
        rows: QuerySet[Any, Any] = queryset.order_by().annotate(table=Value(table)).values_list("table", "pk", name)
        return rows

    return named(Facility.objects.all(), _FACILITY, "ref").union(
        named(Referrer.objects.all(), _REFERRER, "ref"), named(ModuleType.objects.all(), _MODULE, "code"), all=True
    )


def _related(links_rows: Rows, names: dict[int, str], pks: Sequence[int]) -> list[frozenset[str]]:
    """For each request pk in `pks`, the names its many-to-many links point to; equal sets are one object.

    The links come as (request pk, target pk) rows; they are matched to rows and names in numpy and each row's
    set is kept as a bit mask over the positions of `names`, so Python touches each distinct set only once.
    A link to a request or a name read after `pks` or `names` (a concurrent change) is left out.
    """
    if not links_rows or not pks or not names:
        return [frozenset()] * len(pks)
    flat = np.fromiter(chain.from_iterable(links_rows), dtype=np.int64, count=2 * len(links_rows))
    rows, known_row = _positions_of(flat[0::2], np.fromiter(pks, dtype=np.int64, count=len(pks)))
    targets, known_target = _positions_of(flat[1::2], np.fromiter(names, dtype=np.int64, count=len(names)))
    known = known_row & known_target
    rows, targets = rows[known], targets[known]
    listed = list(names.values())
    if len(listed) <= _MASK_BITS:
        masks = np.zeros(len(pks), dtype=np.int64)
        np.bitwise_or.at(masks, rows, np.left_shift(1, targets))
        distinct, per_row = np.unique(masks, return_inverse=True)
        sets = np.empty(len(distinct), dtype=object)
        for i, mask in enumerate(distinct.tolist()):
            sets[i] = frozenset(listed[position] for position in _positions(mask))
        related: list[frozenset[str]] = sets[per_row].tolist()
        return related
    grouped: dict[int, set[str]] = {}
    for row, target in zip(rows.tolist(), targets.tolist(), strict=True):
        grouped.setdefault(row, set()).add(listed[target])
    shared = {frozenset(named): frozenset(named) for named in grouped.values()}
    empty: frozenset[str] = frozenset()
    return [shared[frozenset(grouped[row])] if row in grouped else empty for row in range(len(pks))]


_MASK_BITS = 62


def _positions_of(keys: IntArray, among: IntArray) -> tuple[IntArray, BoolArray]:
    """Where each of `keys` is in `among` (unique values), and whether it is there at all."""
    order = np.argsort(among, kind="stable")
    ordered = among[order]
    at = np.minimum(np.searchsorted(ordered, keys), len(among) - 1)
    return order[at], ordered[at] == keys


def _positions(mask: int) -> Iterator[int]:
    """The positions of the bits set in `mask`."""
    while mask:
        lowest = mask & -mask
        yield lowest.bit_length() - 1
        mask ^= lowest


def _needs(raw: Sequence[Any]) -> list[frozenset[Need]]:
    """Each row's needs (JSON text, or an already parsed list), one shared set per distinct value."""
    try:
        table = {key: _need_set(key) for key in set(raw)}
    except TypeError:  # parsed JSON lists are not hashable
        raw = [tuple(value) for value in raw]
        table = {key: _need_set(key) for key in set(raw)}
    return list(map(table.__getitem__, raw))


@lru_cache(maxsize=1024)
def _need_set(key: str | tuple[str, ...]) -> frozenset[Need]:
    """The needs of a JSON array, as text or as a tuple."""
    return frozenset(map(Need, json.loads(key) if isinstance(key, str) else key))


def _columns() -> tuple[PoolColumns, tuple[int, ...]]:
    """Every request that is really waiting, field by field, ordered by ref; and their primary keys."""
    return _columns_of(fetch(_waiting), fetch(_module_links), fetch(_sibling_links))


def _columns_of(rows: Rows, module_links: Rows, sibling_links: Rows) -> tuple[PoolColumns, tuple[int, ...]]:
    """The columns of these `_waiting` rows (and their links), ordered by ref; and their primary keys."""
    names: tuple[dict[Any, str], ...] = ({}, {}, {})
    for table, pk, name in fetch(_names):
        names[table][pk] = name
    facility_ref, referrer_ref, module_code = names
    rows.sort(key=itemgetter(1))  # by ref, in code point order: SQLite's BINARY and PostgreSQL's C collation
    (pks, refs, youths, birth_dates, genders, regions, urgency, registered_on, lats, lons, transfers,
     readmissions, crisis, needs, referrers) = list(zip(*rows, strict=True)) or [()] * len(_FIELDS)
    columns = PoolColumns(
        ids=refs,
        youth_ids=youths,
        birth_dates=birth_dates,
        genders=genders,
        regions=regions,
        module_types=_related(module_links, module_code, pks),
        urgency=urgency,
        registered_on=registered_on,
        home_lat=lats,
        home_lon=lons,
        sibling_facility_ids=_related(sibling_links, facility_ref, pks),
        internal_transfer_facility_ids=list(map(facility_ref.get, transfers)),
        readmission_facility_ids=list(map(facility_ref.get, readmissions)),
        crisis_overflow=crisis,
        needs=_needs(needs),
        referrer_ids=list(map(referrer_ref.get, referrers)),
    )
    return columns, pks


def _only(query: Query, keys: Sequence[int]) -> Rows:
    """PostgreSQL: the rows of `query` (one of `_waiting`, `_module_links`, `_sibling_links`, each joined to the
    request table) for the requests with these keys."""
    sql, params = compiled(query)
    key = f"{connection.ops.quote_name(RequestRow._meta.db_table)}.{connection.ops.quote_name('id')}"
    with connection.cursor() as cursor:
        cursor.execute(f"{sql} AND {key} = ANY(%s)", (*params, list(keys)))
        found: Rows = cursor.fetchall()
        return found


def _with_changes(base: Loaded, changed: Sequence[int]) -> Loaded:
    """`base` (a cached pool) with the requests whose keys are `changed` read again from the tables: each is
    dropped, and put back as it is now if it is still waiting. Equal to reading the whole pool (tested)."""
    fresh, fresh_keys = _columns_of(_only(_waiting, changed), _only(_module_links, changed),
                                    _only(_sibling_links, changed))
    gone = set(changed)
    old = base.pool.columns
    kept = [row for row, key in enumerate(base.keys) if key not in gone]
    fresh_rows = range(len(base.keys), len(base.keys) + len(fresh_keys))  # after the old rows in `both` below
    rows = sorted([*kept, *fresh_rows], key=[*old.ids, *fresh.ids].__getitem__)  # by ref, as the tables give
    take = itemgetter(*rows) if len(rows) > 1 else (lambda both: tuple(both[row] for row in rows))

    def merged(old_column: Sequence[Any], fresh_column: Sequence[Any]) -> list[Any]:
        return list(take([*old_column, *fresh_column]))  # a whole column at once: `Coded` decodes in C

    columns = PoolColumns(**{field.name: merged(getattr(old, field.name), getattr(fresh, field.name))
                             for field in dataclass_fields(PoolColumns)})
    keys = tuple(merged(base.keys, fresh_keys))
    return Loaded(RequestPool.from_columns(columns), keys, pool_snapshot(columns))


@contextmanager
def collector_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector (reference counting still frees everything) and restore it after."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def load_pool() -> RequestPool:
    """The waiting pool, indexed for ranking."""
    return load_pool_cached().pool


def load_pool_with_keys() -> tuple[RequestPool, tuple[int, ...]]:
    """The waiting pool, indexed for ranking, and each row's `Request` primary key (row order)."""
    loaded = load_pool_cached()
    return loaded.pool, loaded.keys


_held: tuple[str, Loaded] | None = None  # the cached pool this process holds, with its token


def load_pool_cached() -> Loaded:
    """The waiting pool with its keys and snapshot: from this process if the cache row still holds the same fresh
    pool, else from the cache row's payload if it is fresh, else read from the tables (and kept for the next
    reader). See `waiting.pool_cache` for when a cached pool counts as fresh."""
    global _held
    with collector_paused():
        if not pool_cache.guarded():
            return load_pool_from_tables()
        held_token = _held[0] if _held else ""
        state = pool_cache.read_state(held_token)
        if state.fresh and _held is not None and state.token == held_token:
            return _held[1]
        usable = state.fresh or state.changed is not None
        stored = pool_cache.decode(state.payload) if usable and state.payload else None
        if stored is not None:
            _held = (state.token, stored)
        if state.fresh and stored is not None:
            return stored
        base = _held[1] if _held is not None and state.token == _held[0] else None
        if state.changed is not None and base is not None:  # only some requests changed: read just those
            loaded = _with_changes(base, state.changed)
        else:
            loaded = load_pool_from_tables()
        try:
            with transaction.atomic():  # a savepoint: a cache that cannot be written never fails the caller
                token = pool_cache.store(state, loaded)
        except DatabaseError as error:
            logger.warning("the waiting pool could not be cached: %s", type(error).__name__)
            token = ""
        if token:
            _held = (token, loaded)
        return loaded


def load_pool_from_tables() -> Loaded:
    """The waiting pool read from the tables, without the cache."""
    with collector_paused():
        columns, pks = _columns()
        return Loaded(RequestPool.from_columns(columns), pks, pool_snapshot(columns))


def forget_held_pool() -> None:
    """Drop the pool this process holds (the cache row stays): the next load reads the row (benchmarks)."""
    global _held
    _held = None


def waiting_requests() -> list[Request]:
    """Every request that is really waiting, as domain values."""
    return list(load_pool().requests)
