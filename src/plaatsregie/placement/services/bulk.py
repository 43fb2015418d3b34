"""Many new rows of one model at once: PostgreSQL's COPY where it runs, `bulk_create` elsewhere.

A frozen candidate list writes one entry per candidate (often a hundred or more, each with its components and
explanation). `bulk_create` sends them as one INSERT whose every value psycopg quotes into the SQL text; COPY
streams the rows instead, several times faster (bench/bench_workflow.py). The rows are the same either way: each
field's value as Django would save it (`pre_save`, then `get_db_prep_save`), the database's own triggers and
constraints apply, and nothing is returned — callers that need the new primary keys use `bulk_create`.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db import connection, models


def insert_rows(model: type[models.Model], objects: Iterable[models.Model]) -> int:
    """Insert `objects` (new, unsaved instances of `model`); how many were written."""
    objects = list(objects)
    if connection.vendor != "postgresql" or not objects:
        model._default_manager.bulk_create(objects)
        return len(objects)
    fields = [field for field in model._meta.concrete_fields if not field.primary_key]
    quote = connection.ops.quote_name
    columns = ", ".join(quote(field.column) for field in fields)
    with connection.cursor() as cursor:
        raw: Any = cursor.cursor  # the psycopg cursor under Django's wrapper
        with raw.copy(f"COPY {quote(model._meta.db_table)} ({columns}) FROM STDIN") as copy:
            for obj in objects:
                copy.write_row([field.get_db_prep_save(field.pre_save(obj, True), connection) for field in fields])
    return len(objects)
