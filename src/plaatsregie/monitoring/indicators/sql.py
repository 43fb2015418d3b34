"""The few database functions the indicators need that differ between PostgreSQL and SQLite.

Everything is aggregated in the database; these helpers only spell date arithmetic and percentiles for both.
"""

from __future__ import annotations

from typing import Any

from django.db import connection
from django.db.models import Aggregate, BooleanField, FloatField, Func, IntegerField, Value


class DaysBetween(Func):
    """(a − b) in whole days, for two date expressions."""

    output_field = IntegerField()
    arity = 2

    def as_sql(self, compiler: Any, connection: Any, **extra: Any) -> Any:  # type: ignore[override]  # PG: date − date = integer
        return super().as_sql(compiler, connection, template="((%(expressions)s))", arg_joiner=" - ", **extra)

    def as_sqlite(self, compiler: Any, connection: Any, **extra: Any) -> Any:
        return super().as_sql(compiler, connection,
                              template="CAST(ROUND(julianday(%(expressions)s)) AS INTEGER)",
                              arg_joiner=") - julianday(", **extra)


class _SQLitePercentile:
    """A percentile_cont for SQLite (registered on the connection the first time it is used)."""

    def __init__(self) -> None:
        self.values: list[float] = []
        self.fraction = 0.5

    def step(self, value: float | None, fraction: float) -> None:
        if value is not None:
            self.values.append(float(value))
        self.fraction = fraction

    def finalize(self) -> float | None:
        return percentile_cont(self.values, self.fraction)


def percentile_cont(values: list[float], fraction: float) -> float | None:
    """Linear interpolation between the closest ranks (PostgreSQL's percentile_cont)."""
    if not values:
        return None
    ordered = sorted(values)
    if len(ordered) == 1:
        return ordered[0]
    position = fraction * (len(ordered) - 1)
    low = int(position)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (position - low)


class Percentile(Aggregate):
    """percentile_cont(`fraction`) of an expression: PostgreSQL's ordered-set aggregate, or its SQLite twin."""

    function = "PERCENTILE_CONT"
    output_field = FloatField()

    def __init__(self, expression: Any, fraction: float, **extra: Any) -> None:
        self.fraction = float(fraction)
        super().__init__(expression, **extra)

    def as_postgresql(self, compiler: Any, connection: Any, **extra: Any) -> Any:
        template = f"PERCENTILE_CONT({self.fraction!r}) WITHIN GROUP (ORDER BY %(expressions)s)"
        return self.as_sql(compiler, connection, template=template, **extra)

    @staticmethod
    def register_sqlite(connection: Any) -> None:
        """Make PLAATSREGIE_PERCENTILE known to this SQLite connection (once per database connection)."""
        connection.ensure_connection()
        raw = connection.connection
        if raw is not None and getattr(connection, "_plaatsregie_percentile", None) is not raw:
            raw.create_aggregate("PLAATSREGIE_PERCENTILE", 2, _SQLitePercentile)
            connection._plaatsregie_percentile = raw

    def as_sqlite(self, compiler: Any, connection: Any, **extra: Any) -> Any:
        self.register_sqlite(connection)
        return self.as_sql(compiler, connection,
                           template=f"PLAATSREGIE_PERCENTILE(%(expressions)s, {self.fraction!r})", **extra)


def vendor() -> str:
    return connection.vendor


def rounded(value: float | int | None, digits: int = 1) -> float | None:
    return None if value is None else round(float(value), digits)



class HasNeed(Func):
    """Whether a request's `needs` (a JSON list of flags) holds `flag`: the jsonb element test on PostgreSQL
    (`?`), a match on the quoted flag in the JSON text on SQLite."""

    output_field = BooleanField()
    conditional = True

    def __init__(self, needs: Any, flag: str) -> None:
        if not flag.replace("_", "").isalnum():
            raise ValueError(flag)
        self.flag = flag
        super().__init__(needs)

    def as_sql(self, compiler: Any, connection: Any, **extra: Any) -> Any:  # type: ignore[override]  # PG jsonb
        sql, params = compiler.compile(self.source_expressions[0])
        # `?`: the string is an element of the (top-level) array — as `@> '["flag"]'`, about a third cheaper
        return f"({sql} ? %s)", [*params, self.flag]

    def as_sqlite(self, compiler: Any, connection: Any, **extra: Any) -> Any:
        sql, params = compiler.compile(self.source_expressions[0])
        return f"({sql} LIKE %s)", [*params, f'%"{self.flag}"%']


__all__ = ["DaysBetween", "HasNeed", "Percentile", "Value", "percentile_cont", "rounded", "vendor"]
