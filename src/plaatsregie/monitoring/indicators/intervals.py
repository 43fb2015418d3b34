"""Place-days by status (from the places' simple-history table) and occupied place-days (from admissions), per
period and group, computed in the database with one query each.

A place's status holds from one history record to the next (`LEAD` over the place's records); each interval is
clipped to each period it overlaps. Occupied place-days come from stays: a stay occupies its place from its start
day up to (not including) its end day.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from datetime import date, datetime, time
from typing import Any

from django.db import connection
from django.utils import timezone

from plaatsregie.core.types import PlaceStatus
from plaatsregie.monitoring.indicators.scope import DAY, Scope
from plaatsregie.placement.models import Admission
from plaatsregie.registry.models import ModuleType, Place, Unit

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


@dataclass(frozen=True)
class PlaceDays:
    """Place-days per status in one period and group; `available` = all place-days minus unavailable ones."""

    by_status: dict[str, float]

    @property
    def total(self) -> float:
        return sum(self.by_status.values())

    @property
    def unavailable(self) -> float:
        return self.by_status.get(PlaceStatus.UNAVAILABLE.value, 0.0)

    @property
    def available(self) -> float:
        return self.total - self.unavailable


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
    return timezone.make_aware(datetime.combine(day, time.min)).timestamp()


def _periods_sql(periods: Sequence[tuple[date, date]]) -> tuple[str, list[Any]]:
    """A derived table of the periods: index, start and end as epoch seconds and as dates (end exclusive)."""
    cast = "CAST(%s AS DATE)" if connection.vendor == "postgresql" else "%s"
    parts, params = [], []
    for index, (first, last) in enumerate(periods):
        parts.append(f"SELECT {index} AS i, CAST(%s AS FLOAT) AS s, CAST(%s AS FLOAT) AS e, "
                     f"{cast} AS d0, {cast} AS d1")
        params += [_moment(first), _moment(last + DAY), first.isoformat(), (last + DAY).isoformat()]
    return " UNION ALL ".join(parts), params


def _place_filter(scope: Scope, column: str) -> tuple[str, list[Any]]:
    if not scope.is_filtered_on_places():
        return "", []
    sql, params = scope.places().values("id").query.sql_with_params()
    return f" AND {column} IN ({sql})", list(params)


def _tables() -> dict[str, str]:
    return {"hist": Place.history.model._meta.db_table, "unit": Unit._meta.db_table,
            "module": ModuleType._meta.db_table, "place": Place._meta.db_table,
            "stay": Admission._meta.db_table}


FULL_HISTORY = ("facility", "residential", "short_stay", "reason")
FULL_STAY = ("facility", "residential", "short_stay")
_batch: ContextVar[dict[Any, Any] | None] = ContextVar("monitoring_batch", default=None)


@contextmanager
def batch() -> Iterator[None]:
    """Within this block the place-day and stay queries run once per scope, for all months and groups, and
    every indicator rolls its figures up from that one result (a dashboard asks for many views of them)."""
    token = _batch.set({})
    try:
        yield
    finally:
        _batch.reset(token)


def _rolled_up(scope: Scope, by: Sequence[str], periods: list[tuple[date, date]], full: tuple[str, ...],
               fetch: Any, add: Any, zero: Any) -> Any:
    """From the cached (months × full grouping) result: sum over the groups and months not asked for."""
    cache = _batch.get()
    if cache is None or any(g not in full for g in by):
        return None
    months = scope.months()
    single = periods == [(scope.start, scope.end)]
    if not single and periods != months:
        return None
    key = (fetch.__name__, scope.start, scope.end, scope.facility_ids, scope.province, scope.region, scope.modules)
    if key not in cache:
        cache[key] = fetch(scope, full, months)
    positions = [full.index(g) for g in by]
    out: dict[tuple[Any, ...], Any] = {}
    for (index, *groups), value in cache[key].items():
        target = (0 if single else index, *(groups[p] for p in positions))
        out[target] = add(out.get(target, zero), value)
    return out


def place_days(scope: Scope, by: Sequence[str] = ("facility",),
               periods: Sequence[tuple[date, date]] | None = None) -> dict[tuple[Any, ...], PlaceDays]:
    """{(period index, *group values): PlaceDays} for the places in scope."""
    periods = list(periods or [(scope.start, scope.end)])
    rolled = _rolled_up(scope, by, periods, FULL_HISTORY, _place_days, _add_days, PlaceDays({}))
    return rolled if rolled is not None else _place_days(scope, by, periods)


def _add_days(a: PlaceDays, b: PlaceDays) -> PlaceDays:
    return PlaceDays({s: a.by_status.get(s, 0.0) + b.by_status.get(s, 0.0) for s in STATUSES})


def occupied_days(scope: Scope, by: Sequence[str] = ("facility",),
                  periods: Sequence[tuple[date, date]] | None = None) -> dict[tuple[Any, ...], int]:
    """{(period index, *group values): occupied place-days} from the stays on places in scope."""
    periods = list(periods or [(scope.start, scope.end)])
    rolled = _rolled_up(scope, by, periods, FULL_STAY, _occupied_days, lambda a, b: a + b, 0)
    return rolled if rolled is not None else _occupied_days(scope, by, periods)


def _place_days(scope: Scope, by: Sequence[str], periods: list[tuple[date, date]]
                ) -> dict[tuple[Any, ...], PlaceDays]:
    names = _tables()
    per_sql, per_params = _periods_sql(periods)
    where_sql, where_params = _place_filter(scope, "hp.id")
    groups = [GROUPS_HISTORY[g] for g in by]
    group_sql = "".join(f", {g}" for g in groups)
    overlap = (f"({_least('COALESCE(h.t1, per.e)', 'per.e')} - {_greatest('h.t0', 'per.s')}) "
               f"/ {SECONDS_PER_DAY}")
    before = "hp.history_date < %s" if connection.vendor == "postgresql" else f"{_epoch('hp.history_date')} < %s"
    whole = "h.t0 <= %s AND (h.t1 IS NULL OR h.t1 >= %s)"  # the interval covers every period
    sql = f"""
        WITH per AS ({per_sql}),
        h AS (
            SELECT hp.id AS place_id, hp.status AS status, hp.unavailable_reason_id AS reason_id,
                   hp.short_stay AS short_stay, hp.unit_id AS unit_id, hp.history_type AS history_type,
                   {_epoch('hp.history_date')} AS t0,
                   LEAD({_epoch('hp.history_date')}) OVER (
                       PARTITION BY hp.id ORDER BY hp.history_date, hp.history_id) AS t1
            FROM {names['hist']} hp
            WHERE {before}{where_sql}
        )
        SELECT per.i{group_sql}, h.status, SUM({overlap})
        FROM h
        JOIN per ON h.t0 < per.e AND (h.t1 IS NULL OR h.t1 > per.s)
        JOIN {names['unit']} u ON u.id = h.unit_id
        JOIN {names['module']} mt ON mt.id = u.module_type_id
        WHERE h.history_type <> '-' AND (h.t1 IS NULL OR h.t1 > %s) AND NOT ({whole})
        GROUP BY per.i{group_sql}, h.status
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
    lengths = [(_moment(b + DAY) - _moment(a)) / SECONDS_PER_DAY for a, b in periods]
    sums: dict[tuple[Any, ...], dict[str, float]] = {}
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        for row in cursor.fetchall():
            index, groups_of_row, status, value = row[0], tuple(row[1: 1 + len(groups)]), row[-2], float(row[-1] or 0)
            # A status that held over the whole of every period: counted once (places × periods' lengths).
            for i, length in (enumerate(lengths) if index == -1 else [(index, 1.0)]):
                key = (i, *groups_of_row)
                cell = sums.setdefault(key, dict.fromkeys(STATUSES, 0.0))
                cell[status] += value * length
    return {key: PlaceDays(values) for key, values in sums.items()}


def _occupied_days(scope: Scope, by: Sequence[str], periods: list[tuple[date, date]]) -> dict[tuple[Any, ...], int]:
    names = _tables()
    per_sql, per_params = _periods_sql(periods)
    where_sql, where_params = _place_filter(scope, "p.id")
    groups = [GROUPS_STAY[g] for g in by]
    group_sql = "".join(f", {g}" for g in groups)
    overlap = _days(_least("COALESCE(a.ended_on, per.d1)", "per.d1"), _greatest("a.start_on", "per.d0"))
    sql = f"""
        WITH per AS ({per_sql})
        SELECT per.i{group_sql}, SUM({overlap})
        FROM {names['stay']} a
        JOIN per ON a.start_on < per.d1 AND (a.ended_on IS NULL OR a.ended_on > per.d0)
        JOIN {names['place']} p ON p.id = a.place_id
        JOIN {names['unit']} u ON u.id = p.unit_id
        JOIN {names['module']} mt ON mt.id = u.module_type_id
        WHERE 1 = 1{where_sql}
        GROUP BY per.i{group_sql}
    """
    out: dict[tuple[Any, ...], int] = {}
    with connection.cursor() as cursor:
        cursor.execute(sql, [*per_params, *where_params])
        for row in cursor.fetchall():
            out[tuple(row[: 1 + len(groups)])] = int(row[-1] or 0)
    return out
