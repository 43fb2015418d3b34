"""Plain multi-row INSERTs for the bulk path: the ORM's `bulk_create` spends most of its time compiling SQL for
every value; here PostgreSQL gets a `COPY … FROM STDIN`, other databases multi-row `INSERT … VALUES (…), (…)`
statements of up to 1,000 rows. Values still pass through each
field's `get_db_prep_save` (remembered per distinct value: dates and timestamps repeat a lot), JSON through the
backend's own adapter, so everything is stored exactly as the ORM stores it."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from django.db import connection, models

BATCH = 1000  # rows per INSERT statement (fewer when the backend limits parameters)
# Field types whose Python value the database drivers take as is.
PLAIN = {"AutoField", "BigAutoField", "CharField", "TextField", "IntegerField", "PositiveSmallIntegerField",
         "SmallIntegerField", "BigIntegerField", "FloatField", "ForeignKey", "PositiveIntegerField", "BooleanField"}


def _converter(field: Any) -> Callable[[Any], Any] | None:
    kind = field.get_internal_type()
    if kind in PLAIN:
        return None
    if kind == "JSONField":
        return lambda value: connection.ops.adapt_json_value(value, field.encoder)
    seen: dict[Any, Any] = {}

    def convert(value: Any) -> Any:
        try:
            return seen[value]
        except KeyError:
            seen[value] = prepared = field.get_db_prep_save(value, connection)
            return prepared
        except TypeError:  # not hashable
            return field.get_db_prep_save(value, connection)

    return convert


def insert(model: type[models.Model], names: Sequence[str], rows: Sequence[Sequence[Any]]) -> None:
    """INSERT `rows` (values in the order of the field `names`) into the model's table."""
    if not rows:
        return
    fields = [model._meta.get_field(name) for name in names]
    quote = connection.ops.quote_name
    columns = ", ".join(quote(str(field.column)) for field in fields)  # type: ignore[union-attr]
    converters = [_converter(field) for field in fields]
    prepared = [[value if convert is None or value is None else convert(value)
                 for convert, value in zip(converters, row, strict=True)] for row in rows]
    if connection.vendor == "postgresql":  # COPY: the fastest way into PostgreSQL, inside the same transaction
        with connection.cursor() as cursor, cursor.cursor.copy(
                f"COPY {quote(model._meta.db_table)} ({columns}) FROM STDIN") as copy:
            for row in prepared:
                copy.write_row(row)
        return
    limit = connection.features.max_query_params or 30_000
    per_statement = max(1, min(BATCH, limit // len(fields)))
    row_marks = "(" + ", ".join(["%s"] * len(fields)) + ")"
    head = f"INSERT INTO {quote(model._meta.db_table)} ({columns}) VALUES "
    with connection.cursor() as cursor:
        for start in range(0, len(prepared), per_statement):
            chunk = prepared[start:start + per_statement]
            cursor.execute(head + ", ".join([row_marks] * len(chunk)), [v for row in chunk for v in row])
