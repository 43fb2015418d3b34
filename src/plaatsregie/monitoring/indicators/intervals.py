"""Place-days by status (from the places' simple-history table) and occupied place-days (from admissions), per
period and group, computed in the database with one query each.

A place's status holds from one history record to the next (`LEAD` over the place's records); each interval is
clipped to each period it overlaps. Occupied place-days come from stays: a stay occupies its place from its start
day up to (not including) its end day.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from datetime import date, datetime, time
from typing import Any, TypeVar

import numpy as np
from django.db import connection, transaction
from django.utils import timezone

from plaatsregie.core.types import PlaceStatus
from plaatsregie.monitoring.indicators.scope import DAY, Scope
from plaatsregie.placement.models import Admission
from plaatsregie.registry.models import Facility, ModuleType, Place, Unit
from plaatsregie.waiting.models import Request

GROUPS_HISTORY = {
    "facility": "u.facility_id",
    "short_stay": "h.short_stay",
    "residential": "CASE WHEN mt.scope = 'not_residential' THEN 0 ELSE 1 END",
    "reason": "h.reason_id",
    "place": "h.place_id",
    "module": "mt.code",
}
GROUPS_STAY = {
    "facility": "u.facility_id",
    "short_stay": "p.short_stay",
    "residential": "CASE WHEN mt.scope = 'not_residential' THEN 0 ELSE 1 END",
    "place": "p.id",
    "module": "mt.code",
}
STATUSES = [s.value for s in PlaceStatus]
SECONDS_PER_DAY = 86400.0
T = TypeVar("T")
DASHBOARD_WORK_MEM = "64MB"


@dataclass(frozen=True)
class PlaceDays:
    """Place-days per status in one period and group; `available` = all place-days minus unavailable ones."""

    by_status: dict[str, float]

    # Sums are rounded to a millionth of a day (under a tenth of a second): float noise from the order of addition
    # must not decide how a half place-day rounds in a table.

    @property
    def total(self) -> float:
        return round(sum(self.by_status.values()), 6)

    @property
    def unavailable(self) -> float:
        return self.by_status.get(PlaceStatus.UNAVAILABLE.value, 0.0)

    @property
    def available(self) -> float:
        return round(self.total - self.unavailable, 6)


def _epoch(column: str) -> str:
    if connection.vendor == "postgresql":
        return f"date_part('epoch', {column})"  # double precision (EXTRACT returns a slower numeric)
    return f"CAST(strftime('%%s', {column}) AS REAL)"


def _greatest(a: str, b: str) -> str:
    return f"GREATEST({a}, {b})" if connection.vendor == "postgresql" else f"MAX({a}, {b})"


def _least(a: str, b: str) -> str:
    return f"LEAST({a}, {b})" if connection.vendor == "postgresql" else f"MIN({a}, {b})"


def _days(a: str, b: str) -> str:
    if connection.vendor == "postgresql":
        return f"({a} - {b})"
    return f"CAST(ROUND(julianday({a}) - julianday({b})) AS INTEGER)"


def _moment(day: date) -> float:
    return _moment_in(day, timezone.get_current_timezone_name())


@functools.lru_cache(maxsize=1024)
def _moment_in(day: date, zone: str) -> float:
    """The first moment of `day` in the time zone `zone` (the current one), as epoch seconds."""
    return timezone.make_aware(datetime.combine(day, time.min)).timestamp()


def _periods_sql(periods: Sequence[tuple[date, date]]) -> tuple[str, list[Any]]:
    """A derived table `per(i, s, e, d0, d1)` of the periods: index, start and end as epoch seconds and as dates
    (end exclusive). One VALUES list: a UNION ALL of one-row SELECTs cost PostgreSQL milliseconds to plan."""
    cast = "CAST(%s AS DATE)" if connection.vendor == "postgresql" else "%s"
    rows, params = [], []
    for index, (first, last) in enumerate(periods):
        rows.append(f"({index}, CAST(%s AS FLOAT), CAST(%s AS FLOAT), {cast}, {cast})")
        params += [_moment(first), _moment(last + DAY), first.isoformat(), (last + DAY).isoformat()]
    return f"per(i, s, e, d0, d1) AS (VALUES {', '.join(rows)})", params


def _place_filter(scope: Scope, column: str) -> tuple[str, list[Any]]:
    """` AND column IN (the places in scope)` — `scope.place_q()` spelled in SQL (no ORM query to build)."""
    if not scope.is_filtered_on_places():
        return "", []
    sql, params = place_ids_sql(scope)
    return f" AND {column} IN ({sql})", params


def place_ids_sql(scope: Scope) -> tuple[str, list[Any]]:
    """A SELECT of the ids of the places in scope (`Scope.place_q`: facilities, province or region, modules)."""
    names = _tables()
    joins, where, params = "", ["1 = 1"], list[Any]()
    if scope.facility_ids is not None:
        where.append(f"fu.facility_id IN ({', '.join(['%s'] * len(scope.facility_ids))})"
                     if scope.facility_ids else "1 = 0")
        params += list(scope.facility_ids)
    region = scope.province or scope.region
    if region:
        joins += f" JOIN {names['facility']} ff ON ff.id = fu.facility_id"
        where.append("ff.region = %s")
        params.append(region)
    if scope.modules:
        joins += f" JOIN {names['module']} fm ON fm.id = fu.module_type_id"
        where.append(f"fm.code IN ({', '.join(['%s'] * len(scope.modules))})")
        params += list(scope.modules)
    return (f"SELECT fp.id FROM {names['place']} fp JOIN {names['unit']} fu ON fu.id = fp.unit_id{joins} "
            f"WHERE {' AND '.join(where)}", params)


@functools.cache
def _tables() -> dict[str, str]:
    """The tables the raw queries read (looked up once: `Place.history` builds a manager on every access)."""
    return {"hist": Place.history.model._meta.db_table, "unit": Unit._meta.db_table,
            "module": ModuleType._meta.db_table, "place": Place._meta.db_table,
            "stay": Admission._meta.db_table, "facility": Facility._meta.db_table,
            "request": Request._meta.db_table}


FULL_HISTORY = ("facility", "residential", "short_stay", "reason")
FULL_STAY = ("facility", "residential", "short_stay")
# Groupings the dashboards only ask for the whole period: the monthly rows leave them out (far fewer rows).
WHOLE_ONLY_HISTORY = ("facility", "reason")
WHOLE_ONLY_STAY = ("facility",)
_batch: ContextVar[dict[Any, Any] | None] = ContextVar("monitoring_batch", default=None)


@contextmanager
def batch(large: bool = True) -> Iterator[None]:
    """Within this block the place-day and stay queries run once per scope, for all months and groups, and
    every indicator rolls its figures up from that one result (a dashboard asks for many views of them).
    `large`: the scope may hold many facilities (more memory to aggregate in; a facility's dashboard: no)."""
    token = _batch.set({})
    try:
        with transaction.atomic():
            if large and connection.vendor == "postgresql":
                # A dashboard's aggregates group hundreds of thousands of joined rows at `10x`: room to hash them
                # in memory instead of sorting on disk — for this transaction only (SET LOCAL), read-only.
                with connection.cursor() as cursor:
                    cursor.execute(f"SET LOCAL work_mem = '{DASHBOARD_WORK_MEM}'")
            yield
    finally:
        _batch.reset(token)


def in_batch() -> bool:
    return _batch.get() is not None


FEW_FACILITIES = 20  # a scope of at most this many facilities (a facility's dashboard) reads some tables at once


def few_facilities(scope: Scope) -> bool:
    """Whether `scope` is a few facilities: then a dashboard reads the figures of several tables in one query
    (flows, matching), where over all of Flanders each table reads only what it shows."""
    return scope.facility_ids is not None and len(scope.facility_ids) <= FEW_FACILITIES


def once_per_batch(name: str, scope: Scope, compute: Callable[[], T]) -> T:
    """`compute()` — a sub-result several tables of a dashboard share — once per scope within `batch()`."""
    cache = _batch.get()
    if cache is None:
        return compute()
    key = (name, scope.start, scope.end, scope.facility_ids, scope.province, scope.region, scope.modules)
    if key not in cache:
        cache[key] = compute()
    return cache[key]  # type: ignore[no-any-return]


def _cached(scope: Scope, by: Sequence[str], periods: list[tuple[date, date]], full: tuple[str, ...],
            whole_only: tuple[str, ...], fetch: Any) -> tuple[_Cube, list[int], bool] | None:
    """Within `batch()`: the result of `fetch` for `scope` (fetched once) — per month by the `full` grouping
    except `whole_only`, and for the whole period by all of it —, the positions of `by` in the full grouping and
    whether one period (the whole scope) is asked; None outside a batch or for a grouping or periods the cached
    result cannot answer."""
    cache = _batch.get()
    if cache is None or any(g not in full for g in by):
        return None
    months = scope.months()
    single = periods == [(scope.start, scope.end)]
    if not single and (periods != months or any(g in whole_only for g in by)):
        return None
    key = (fetch.__name__, scope.start, scope.end, scope.facility_ids, scope.province, scope.region, scope.modules)
    if key not in cache:
        cache[key] = fetch(scope, full, months, whole_only)
    return cache[key], [full.index(g) for g in by], single


def place_days(scope: Scope, by: Sequence[str] = ("facility",),
               periods: Sequence[tuple[date, date]] | None = None) -> dict[tuple[Any, ...], PlaceDays]:
    """{(period index, *group values): PlaceDays} for the places in scope."""
    periods = list(periods or [(scope.start, scope.end)])
    cached = _cached(scope, by, periods, FULL_HISTORY, WHOLE_ONLY_HISTORY, _place_day_cube)
    cube, positions, single = cached or (_place_day_cube(scope, by, periods), list(range(len(by))), False)
    out: dict[tuple[Any, ...], dict[str, float]] = {}
    for (*key, status), value in cube.summed([*positions, len(cube.levels) - 1], single).items():
        cell = out.get(tuple(key))
        if cell is None:
            cell = out[tuple(key)] = dict.fromkeys(STATUSES, 0.0)
        cell[status] = cell.get(status, 0.0) + value / SECONDS_PER_DAY
    return {key: PlaceDays(values) for key, values in out.items()}


def occupied_days(scope: Scope, by: Sequence[str] = ("facility",),
                  periods: Sequence[tuple[date, date]] | None = None) -> dict[tuple[Any, ...], int]:
    """{(period index, *group values): occupied place-days} from the stays on places in scope."""
    periods = list(periods or [(scope.start, scope.end)])
    cached = _cached(scope, by, periods, FULL_STAY, WHOLE_ONLY_STAY, _occupied_cube)
    cube, positions, single = cached or (_occupied_cube(scope, by, periods), list(range(len(by))), False)
    return {key: round(value) for key, value in cube.summed(positions, single).items()}


class _Cube:
    """A grouped query result held by column (numpy), so that every view a dashboard asks of it — summed over
    the groups and periods it does not show — is one vectorised pass instead of a Python loop over the rows.

    Each row: a period index (-1: a figure that holds in every period, to be multiplied by each period's length;
    `whole`: the row is for all periods together), a value per grouping column (held as codes into `levels`) and
    a number."""

    def __init__(self, rows: Sequence[Sequence[Any]], width: int, lengths: list[float],
                 whole: int | None = None) -> None:
        self.whole = whole
        self.lengths = np.array(lengths, dtype=float)
        self.periods = np.fromiter((row[0] for row in rows), dtype=np.int64, count=len(rows))
        self.values = np.fromiter((float(row[-1] or 0) for row in rows), dtype=float, count=len(rows))
        self.levels: list[list[Any]] = []
        self.codes: list[Any] = []
        for column in range(1, 1 + width):
            index: dict[Any, int] = {}
            codes = [index.setdefault(row[column], len(index)) for row in rows]
            self.levels.append(list(index))
            self.codes.append(np.array(codes, dtype=np.int64))

    def summed(self, positions: list[int], single: bool) -> dict[tuple[Any, ...], float]:
        """{(period index — 0 for all periods together when `single` —, *values at `positions`): sum}, for every
        combination some row contributes to."""
        if not len(self.values):
            return {}
        sizes = [len(self.levels[p]) for p in positions]
        cells = int(np.prod(sizes, dtype=np.int64)) if sizes else 1
        group = np.zeros(len(self.values), dtype=np.int64)
        for p, size in zip(positions, sizes, strict=True):
            group = group * size + self.codes[p]
        n_periods = 1 if single else len(self.lengths)
        whole = self.periods < 0
        if self.whole is None:
            partial = ~whole
        else:  # the rows of the whole period, or those of each period
            partial = self.periods == self.whole if single else (~whole & (self.periods != self.whole))
        period = np.zeros(len(self.values), dtype=np.int64) if single else self.periods
        key = period[partial] * cells + group[partial]
        total = np.bincount(key, weights=self.values[partial], minlength=n_periods * cells).astype(float)
        seen = np.bincount(key, minlength=n_periods * cells) > 0
        if whole.any():  # held over every period: the places times each period's length
            spread = np.bincount(group[whole], weights=self.values[whole], minlength=cells)
            there = np.bincount(group[whole], minlength=cells) > 0
            if single:
                total += spread * float(self.lengths.sum())
                seen |= there
            else:
                total += np.outer(self.lengths, spread).ravel()
                seen |= np.tile(there, n_periods)
        found = np.flatnonzero(seen)
        columns = np.unravel_index(found, (n_periods, *sizes)) if sizes else (found,)
        keys = zip(*(c.tolist() for c in columns), strict=True)
        levels = [self.levels[p] for p in positions]
        return {(index, *(level[code] for level, code in zip(levels, codes, strict=True))): value
                for (index, *codes), value in zip(keys, total[found].tolist(), strict=True)}


def _place_day_cube(scope: Scope, by: Sequence[str], periods: list[tuple[date, date]],
                    whole_only: tuple[str, ...] = ()) -> _Cube:
    """Place-days per period, `by` and status. With `whole_only`: one more period, all of `periods` together
    (index len(periods)); the rows per period leave the groupings `whole_only` out (NULL)."""
    names = _tables()
    whole_index = len(periods) if whole_only else None
    per_sql, per_params = _periods_sql(periods + ([(periods[0][0], periods[-1][1])] if whole_only else []))
    where_sql, where_params = _place_filter(scope, "hp.id")
    groups = [GROUPS_HISTORY[g] for g in by]
    per_groups = [f"CASE WHEN per.i = {whole_index} THEN {GROUPS_HISTORY[g]} END" if g in whole_only
                  else GROUPS_HISTORY[g] for g in by]
    group_sql = "".join(f", {g}" for g in groups)
    per_group_sql = "".join(f", {g}" for g in per_groups)
    # in seconds, whole for whole-second moments: the sums are exact, so no order of addition (or rounding of a
    # half place-day) depends on how the database or the roll-up grouped them; days only at the end
    overlap = f"({_least('COALESCE(h.t1, per.e)', 'per.e')} - {_greatest('h.t0', 'per.s')})"
    before = "hp.history_date < %s" if connection.vendor == "postgresql" else f"{_epoch('hp.history_date')} < %s"
    whole = "h.t0 <= %s AND (h.t1 IS NULL OR h.t1 >= %s)"  # the interval covers every period
    sql = f"""
        WITH {per_sql},
        h AS (
            SELECT hp.id AS place_id, hp.status AS status, hp.unavailable_reason_id AS reason_id,
                   hp.short_stay AS short_stay, hp.unit_id AS unit_id, hp.history_type AS history_type,
                   {_epoch('hp.history_date')} AS t0,
                   LEAD({_epoch('hp.history_date')}) OVER (
                       PARTITION BY hp.id ORDER BY hp.history_date, hp.history_id) AS t1
            FROM {names['hist']} hp
            WHERE {before}{where_sql}
        )
        SELECT per.i{per_group_sql}, h.status, SUM({overlap})
        FROM h
        JOIN per ON h.t0 < per.e AND (h.t1 IS NULL OR h.t1 > per.s)
        JOIN {names['unit']} u ON u.id = h.unit_id
        JOIN {names['module']} mt ON mt.id = u.module_type_id
        WHERE h.history_type <> '-' AND (h.t1 IS NULL OR h.t1 > %s) AND NOT ({whole})
        GROUP BY per.i{per_group_sql}, h.status
        UNION ALL
        SELECT -1{group_sql}, h.status, COUNT(*)
        FROM h
        JOIN {names['unit']} u ON u.id = h.unit_id
        JOIN {names['module']} mt ON mt.id = u.module_type_id
        WHERE h.history_type <> '-' AND {whole}
        GROUP BY {group_sql[2:] + ", " if group_sql else ""}h.status
    """
    first, last = _moment(periods[0][0]), _moment(periods[-1][1] + DAY)
    end = timezone.make_aware(datetime.combine(periods[-1][1] + DAY, time.min))
    params = [*per_params, end if connection.vendor == "postgresql" else end.timestamp(), *where_params,
              first, first, last, first, last]
    lengths = [_moment(b + DAY) - _moment(a) for a, b in periods]  # seconds
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return _Cube(cursor.fetchall(), len(groups) + 1, lengths, whole_index)  # the status is the last column


def _occupied_cube(scope: Scope, by: Sequence[str], periods: list[tuple[date, date]],
                   whole_only: tuple[str, ...] = ()) -> _Cube:
    """Occupied place-days per period and `by` (`whole_only`: as in `_place_day_cube`). A stay that runs over
    every period is counted once per group (period −1, times each period's length in days) instead of being
    joined to each period: most stays at the end of the history run the whole year."""
    names = _tables()
    whole_index = len(periods) if whole_only else None
    per_sql, per_params = _periods_sql(periods + ([(periods[0][0], periods[-1][1])] if whole_only else []))
    where_sql, where_params = _place_filter(scope, "p.id")
    groups = [f"CASE WHEN per.i = {whole_index} THEN {GROUPS_STAY[g]} END" if g in whole_only else GROUPS_STAY[g]
              for g in by]
    plain = [GROUPS_STAY[g] for g in by]
    group_sql = "".join(f", {g}" for g in groups)
    overlap = _days(_least("COALESCE(a.ended_on, per.d1)", "per.d1"), _greatest("a.start_on", "per.d0"))
    whole = "a.start_on <= %s AND (a.ended_on IS NULL OR a.ended_on >= %s)"  # the stay covers every period
    joins = f"""JOIN {names['place']} p ON p.id = a.place_id
        JOIN {names['unit']} u ON u.id = p.unit_id
        JOIN {names['module']} mt ON mt.id = u.module_type_id"""
    sql = f"""
        WITH {per_sql}
        SELECT per.i{group_sql}, SUM({overlap})
        FROM {names['stay']} a
        JOIN per ON a.start_on < per.d1 AND (a.ended_on IS NULL OR a.ended_on > per.d0)
        {joins}
        WHERE NOT ({whole}){where_sql}
        GROUP BY per.i{group_sql}
        UNION ALL
        SELECT -1{"".join(f", {g}" for g in plain)}, COUNT(*)
        FROM {names['stay']} a
        {joins}
        WHERE {whole}{where_sql}
        {"GROUP BY " + ", ".join(plain) if plain else ""} HAVING COUNT(*) > 0
    """
    first, end = periods[0][0], periods[-1][1] + DAY
    lengths = [float((last - start).days + 1) for start, last in periods]  # days, for the stays over every period
    with connection.cursor() as cursor:
        cursor.execute(sql, [*per_params, first, end, *where_params, first, end, *where_params])
        return _Cube(cursor.fetchall(), len(groups), lengths, whole_index)
