"""The live waiting pool (D-6) loaded from the database as a ranking-ready `RequestPool`.

Rows are read as plain tuples through the database cursor, transposed into columns and handed to
`RequestPool.from_columns`: no model instances and no `Request` values are built, every repeated value
(a set of needs or modules, a facility or referrer) is converted once, and foreign keys are resolved through
small id → name tables. Each query is compiled by the ORM once per database vendor. Loading the pool is most of
the time `plaatsregie rank --place` spends (target: ≤ 30 ms in-process at Flanders scale, bench/bench_rank_db.py).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator, Sequence
from functools import cache, lru_cache
from itertools import repeat
from operator import itemgetter
from typing import Any

from django.db import connection
from django.db.models import CharField, IntegerField, QuerySet, TextField, Value
from django.db.models.functions import Cast

from plaatsregie.core.pool import PoolColumns, RequestPool
from plaatsregie.core.types import Need, Request
from plaatsregie.registry.models import Facility, ModuleType
from plaatsregie.waiting.models import Referrer, RequestStatus
from plaatsregie.waiting.models import Request as RequestRow

Query = Callable[[], QuerySet[Any, Any]]

_FACILITY, _REFERRER, _MODULE = range(3)
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


@cache
def _sql(query: Query, vendor: str) -> tuple[str, tuple[Any, ...]]:
    """A query's SQL and parameters, compiled once per database vendor: the ORM compiler is not free."""
    sql, params = query().query.sql_with_params()
    return sql, tuple(params)


def _fetch(query: Query) -> list[tuple[Any, ...]]:
    """The rows of a values_list query straight from the cursor (no per-row ORM work)."""
    sql, params = _sql(query, connection.vendor)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows: list[tuple[Any, ...]] = cursor.fetchall()
        return rows


def _related(links: Query, names: dict[Any, str], pks: Sequence[int]) -> list[frozenset[str]]:
    """For each request pk in `pks`, the names its many-to-many links point to; equal sets are one object."""
    bit_of = {value: 1 << position for position, value in enumerate(names)}
    masks: dict[int, int] = {}
    mask_of = masks.get
    for request_id, value in _fetch(links):
        masks[request_id] = mask_of(request_id, 0) | bit_of.get(value, 0)  # 0: created after `names` was read
    per_row = list(map(mask_of, pks, repeat(0)))
    listed = list(names.values())
    table = {mask: frozenset(listed[position] for position in _positions(mask)) for mask in set(per_row)}
    return list(map(table.__getitem__, per_row))


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


def _columns() -> PoolColumns:
    """Every request that is really waiting, field by field, ordered by ref."""
    names: tuple[dict[Any, str], ...] = ({}, {}, {})
    for table, pk, name in _fetch(_names):
        names[table][pk] = name
    facility_ref, referrer_ref, module_code = names
    rows = _fetch(_waiting)
    rows.sort(key=itemgetter(1))  # by ref, in code point order: SQLite's BINARY and PostgreSQL's C collation
    (pks, refs, youths, birth_dates, genders, regions, urgency, registered_on, lats, lons, transfers,
     readmissions, crisis, needs, referrers) = list(zip(*rows, strict=True)) or [()] * len(_FIELDS)
    return PoolColumns(
        ids=refs,
        youth_ids=youths,
        birth_dates=birth_dates,
        genders=genders,
        regions=regions,
        module_types=_related(_module_links, module_code, pks),
        urgency=urgency,
        registered_on=registered_on,
        home_lat=lats,
        home_lon=lons,
        sibling_facility_ids=_related(_sibling_links, facility_ref, pks),
        internal_transfer_facility_ids=list(map(facility_ref.get, transfers)),
        readmission_facility_ids=list(map(facility_ref.get, readmissions)),
        crisis_overflow=crisis,
        needs=_needs(needs),
        referrer_ids=list(map(referrer_ref.get, referrers)),
    )


def load_pool() -> RequestPool:
    """The waiting pool, indexed for ranking."""
    return RequestPool.from_columns(_columns())


def waiting_requests() -> list[Request]:
    """Every request that is really waiting, as domain values."""
    return list(load_pool().requests)
