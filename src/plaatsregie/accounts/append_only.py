"""The database itself refuses to change a decision record (D-25: append-only history).

`AppendOnly.save()`/`delete()` guard the ORM's per-object path; these triggers also stop `QuerySet.update()`,
`QuerySet.delete()` and raw SQL. UPDATE is refused on every database. DELETE is refused on PostgreSQL (the
production database) unless the transaction opened `purge_allowed()` — used only to replace a synthetic demo
world; SQLite keeps DELETE open because Django's test flush empties tables with DELETE.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from django.apps import apps
from django.db import connection
from django.db.backends.base.base import BaseDatabaseWrapper

_PG_FUNCTION = """
CREATE OR REPLACE FUNCTION plaatsregie_append_only() RETURNS trigger AS $$
BEGIN
  IF TG_OP = 'DELETE' AND current_setting('plaatsregie.purge', true) = 'on' THEN
    RETURN OLD;
  END IF;
  RAISE EXCEPTION 'append-only: % on % refused; record a correction instead', TG_OP, TG_TABLE_NAME;
END;
$$ LANGUAGE plpgsql;
"""


def append_only_tables() -> list[str]:
    """The tables of every concrete AppendOnly model."""
    from plaatsregie.accounts.models import AppendOnly

    return sorted(m._meta.db_table for m in apps.get_models() if issubclass(m, AppendOnly))


def install_guards(using: BaseDatabaseWrapper | None = None, **_: Any) -> None:
    """Create (or refresh) the triggers; idempotent, run after every migrate."""
    conn = using or connection
    with conn.cursor() as cursor:
        if conn.vendor == "postgresql":
            cursor.execute(_PG_FUNCTION)
        for table in append_only_tables():
            quoted = conn.ops.quote_name(table)
            if conn.vendor == "postgresql":
                cursor.execute(f"CREATE OR REPLACE TRIGGER {table}_append_only BEFORE UPDATE OR DELETE ON {quoted} "
                               "FOR EACH ROW EXECUTE FUNCTION plaatsregie_append_only()")
            elif conn.vendor == "sqlite":
                cursor.execute(f"CREATE TRIGGER IF NOT EXISTS {table}_append_only BEFORE UPDATE ON {quoted} "
                               f"BEGIN SELECT RAISE(ABORT, 'append-only: UPDATE on {table} refused'); END")


def guards_after_migrate(sender: Any, using: str = "default", **kwargs: Any) -> None:
    """post_migrate receiver: the tables exist now."""
    from django.db import connections

    install_guards(connections[using])


@contextmanager
def purge_allowed() -> Iterator[None]:
    """Inside a transaction: allow DELETE on append-only tables (replacing a synthetic world only)."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SET LOCAL plaatsregie.purge = 'on'")
        try:
            yield
        finally:
            if connection.vendor == "postgresql":
                cursor.execute("SET LOCAL plaatsregie.purge = 'off'")
