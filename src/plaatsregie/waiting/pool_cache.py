"""A cache of the loaded waiting pool that the database itself marks stale (issue 2: rank --place ≤ 30 ms).

Loading the pool reads every waiting request, its youth and its links (`waiting.pool`), and indexes them; most
rankings follow each other without a request changing in between. So the last loaded pool is kept in one row
(`PoolCache`) — the indexed pool (`core.pool_codec`: its arrays as bytes, its columns as the snapshot candidate
lists freeze anyway) with each row's request key — and in the process that loaded it. Triggers on every table
the pool is read from say when it is stale, whoever wrote: the services, an import, the admin or plain SQL.

- SQLite (one writer at a time): each written row counts `PoolCache.version` up. The payload is fresh when it was
  read at the current version.
- PostgreSQL: each writing statement logs its transaction id in `PoolChange` — no shared row, so writers never
  wait on each other for it. The payload keeps the snapshot (`pg_current_snapshot()`) taken before it was read;
  it is fresh when every logged transaction this reader can see was visible in that snapshot too. A transaction
  still running when the payload was read, or one that committed while it was read, makes it stale once it
  commits: a cached pool can be older than needed, never older than what the reader may see.

A payload is stored only by the one reader that gets the row without waiting (SKIP LOCKED), and on PostgreSQL
only if its snapshot sees every transaction the stored one saw (its xmax is not lower, and none of the
transactions it saw running was visible to the stored one); it then drops the logged transactions its snapshot
saw. If the triggers are missing (a database not migrated by this code), the cache is not used at all.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from typing import Any

import numpy as np
from django.db import connection
from django.db.backends.base.base import BaseDatabaseWrapper

from plaatsregie.core.pool import RequestPool
from plaatsregie.core.pool_codec import pool_bytes, pool_from_bytes

CACHE_TABLE = "waiting_poolcache"
CHANGE_TABLE = "waiting_poolchange"
_ROW = 1

_PG_FUNCTION = f"""
CREATE OR REPLACE FUNCTION plaatsregie_pool_changed() RETURNS trigger AS $$
BEGIN
  INSERT INTO {CHANGE_TABLE} (xid) VALUES (pg_current_xact_id()::text::bigint) ON CONFLICT DO NOTHING;
  RETURN NULL;
END;
$$ LANGUAGE plpgsql;
"""


def pool_source_tables() -> list[str]:
    """Every table `waiting.pool` reads the pool from: a write to any of them changes the pool."""
    from plaatsregie.registry.models import Facility, ModuleType
    from plaatsregie.waiting.models import Referrer, Request, Youth

    return sorted({Request._meta.db_table, Youth._meta.db_table, Referrer._meta.db_table,
                   Facility._meta.db_table, ModuleType._meta.db_table,
                   Request.module_types.through._meta.db_table, Request.sibling_facilities.through._meta.db_table})


def _trigger_names(table: str) -> list[str]:
    return [f"{table}_pool_{event}" for event in ("insert", "update", "delete")]


def install_triggers(using: BaseDatabaseWrapper | None = None, **_: Any) -> None:
    """Create (or refresh) the triggers; idempotent, run after every migrate."""
    conn = using or connection
    with conn.cursor() as cursor:
        if conn.vendor == "postgresql":
            cursor.execute(_PG_FUNCTION)
        for table in pool_source_tables():
            quoted = conn.ops.quote_name(table)
            if conn.vendor == "postgresql":
                cursor.execute(f"CREATE OR REPLACE TRIGGER {table}_pool_changed "
                               f"AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON {quoted} "
                               "FOR EACH STATEMENT EXECUTE FUNCTION plaatsregie_pool_changed()")
            elif conn.vendor == "sqlite":
                for name, event in zip(_trigger_names(table), ("INSERT", "UPDATE", "DELETE"), strict=True):
                    cursor.execute(f"CREATE TRIGGER IF NOT EXISTS {name} AFTER {event} ON {quoted} BEGIN "
                                   f"UPDATE {CACHE_TABLE} SET version = version + 1 WHERE id = {_ROW}; END")
    _guarded.clear()


def triggers_after_migrate(sender: Any, using: str = "default", **kwargs: Any) -> None:
    """post_migrate receiver: the tables exist now."""
    from django.db import connections

    install_triggers(connections[using])


_guarded: dict[str, bool] = {}


def guarded() -> bool:
    """Whether this database has every trigger (checked once per process and database)."""
    key = f"{connection.vendor}:{connection.settings_dict.get('NAME')}"
    if key not in _guarded:
        tables = pool_source_tables()
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                cursor.execute("SELECT count(*) FROM pg_trigger WHERE NOT tgisinternal AND tgname = ANY(%s)",
                               [[f"{table}_pool_changed" for table in tables]])
                expected = len(tables)
            elif connection.vendor == "sqlite":
                names = [name for table in tables for name in _trigger_names(table)]
                cursor.execute(f"SELECT count(*) FROM sqlite_master WHERE type = 'trigger' AND name IN "
                               f"({', '.join(['%s'] * len(names))})", names)
                expected = len(names)
            else:
                cursor.execute("SELECT 0")
                expected = -1
            _guarded[key] = cursor.fetchone()[0] == expected
    return _guarded[key]


@dataclass(frozen=True)
class Loaded:
    """A loaded pool: indexed for ranking, each row's `Request` key, and its snapshot (core.snapshot)."""

    pool: RequestPool
    keys: tuple[int, ...]
    snapshot: dict[str, Any]


@dataclass(frozen=True)
class State:
    """What the cache row says: whether its payload is fresh, its token, and how to tag a new payload."""

    exists: bool
    fresh: bool
    token: str
    payload: bytes | memoryview | None  # only when asked for (not the token this process already holds)
    tag: str  # SQLite: the version now; PostgreSQL: the snapshot now (taken before the pool is read)
    own_changes: bool = False  # PostgreSQL: this transaction wrote to the pool itself (a pool it reads is stale
    # for everyone once it commits: not worth storing)


def _bytes_cursor() -> Any:
    """PostgreSQL: psycopg's own cursor on Django's connection (same transaction). It binds parameters on the
    server and reads binary results, so the payload travels as its bytes — not as a hex literal or hex text twice
    its size, as through Django's client-side cursor."""
    import psycopg

    connection.ensure_connection()
    return psycopg.Cursor(connection.connection)


def read_state(held_token: str) -> State:
    """One query: is the cached payload fresh, and (unless it is the one `held_token` names) the payload."""
    if connection.vendor == "postgresql":
        with _bytes_cursor() as raw:
            raw.execute(
                f"SELECT c.seen <> '' AND NOT EXISTS (SELECT 1 FROM {CHANGE_TABLE} ch WHERE NOT "
                f"pg_visible_in_snapshot(ch.xid::text::xid8, c.seen::pg_snapshot)), c.token, "
                f"CASE WHEN c.token <> %s THEN c.payload END, pg_current_snapshot()::text, "
                f"EXISTS (SELECT 1 FROM {CHANGE_TABLE} WHERE xid = pg_current_xact_id_if_assigned()::text::bigint) "
                f"FROM (SELECT 1) one LEFT JOIN {CACHE_TABLE} c ON c.id = {_ROW}", [held_token], binary=True)
            fresh, token, payload, tag, own = raw.fetchone()
            return State(token is not None, bool(fresh), token or "", payload, tag, bool(own))
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT built_from = version, token, CASE WHEN token <> %s THEN payload END, version "
                       f"FROM {CACHE_TABLE} WHERE id = {_ROW}", [held_token])
        row = cursor.fetchone()
        if row is None:
            return State(False, False, "", None, "")
        fresh, token, payload, version = row
        return State(True, bool(fresh), token, payload, str(version))


def store(state: State, loaded: Loaded) -> str:
    """Keep `loaded` (read after `state` was taken) as the cached pool if nobody else is storing and it is not
    older than the stored one; its token, or "" if it was not stored."""
    token = secrets.token_hex(16)

    def payload() -> bytes:
        return pool_bytes(loaded.pool, loaded.snapshot, {"keys": np.array(loaded.keys, dtype=np.int64)})

    with connection.cursor() as cursor:
        if not state.exists:  # the row appears now; a payload only from a state read while it existed
            cursor.execute(f"INSERT INTO {CACHE_TABLE} (id, version, seen, token, payload) "
                           f"VALUES ({_ROW}, 0, '', '', '') ON CONFLICT DO NOTHING")
            return ""
        if state.own_changes:
            return ""
        if connection.vendor != "postgresql":
            cursor.execute(f"UPDATE {CACHE_TABLE} SET built_from = %s, token = %s, payload = %s "
                           f"WHERE id = {_ROW} AND (built_from IS NULL OR built_from <= %s)",
                           [int(state.tag), token, payload(), int(state.tag)])
            return token if cursor.rowcount == 1 else ""
        cursor.execute(f"SELECT seen FROM {CACHE_TABLE} WHERE id = {_ROW} FOR UPDATE SKIP LOCKED")
        if cursor.fetchone() is None:
            return ""
    with _bytes_cursor() as raw:
        raw.execute(  # only a snapshot that sees every transaction the stored one saw
            f"UPDATE {CACHE_TABLE} SET seen = %s, token = %s, payload = %s WHERE id = {_ROW} AND (seen = '' OR "
            f"pg_snapshot_xmax(%s::pg_snapshot) >= pg_snapshot_xmax(seen::pg_snapshot) AND NOT EXISTS ("
            f"SELECT 1 FROM pg_snapshot_xip(%s::pg_snapshot) running "
            f"WHERE pg_visible_in_snapshot(running, seen::pg_snapshot)))",
            [state.tag, token, payload(), state.tag, state.tag])
        if raw.rowcount != 1:
            return ""
        raw.execute(f"DELETE FROM {CHANGE_TABLE} WHERE pg_visible_in_snapshot(xid::text::xid8, %s::pg_snapshot)",
                    [state.tag])
    return token


def decode(payload: bytes | memoryview) -> Loaded | None:
    """The pool a payload holds, with its keys and snapshot; None if it is not a payload this code wrote (an older
    format): the pool is then read from the tables and stored again."""
    try:
        pool, snapshot, extra = pool_from_bytes(bytes(payload))
    except (ValueError, KeyError, TypeError):
        return None
    return Loaded(pool, tuple(extra["keys"].tolist()), snapshot)
