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
  A statement that writes requests' own rows (a request, its youth, its links to modules and sibling facilities)
  also logs which requests it wrote (`PoolChangedRequest`, from the statement's transition tables). When every
  logged transaction the payload did not see wrote only such rows, and not too many, the reader takes the cached
  pool and reads just those requests again (`waiting.pool`): the pool the tables give, at a fraction of the cost.
  Renaming a facility, referrer or module type (an update of its ref or code) or emptying a table reads the whole
  pool again; other writes to those tables leave the pool as it is.

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
CHANGED_REQUEST_TABLE = "waiting_poolchangedrequest"
_ROW = 1
_XID = "pg_current_xact_id()::text::bigint"

_MARK_WHOLE = (f"INSERT INTO {CHANGE_TABLE} (xid, whole) VALUES ({_XID}, true) "
               f"ON CONFLICT (xid) DO UPDATE SET whole = true WHERE NOT {CHANGE_TABLE}.whole;")

_PG_WHOLE = f"""
CREATE OR REPLACE FUNCTION plaatsregie_pool_changed() RETURNS trigger AS $$
BEGIN
  {_MARK_WHOLE}
  RETURN NULL;
END;
$$ LANGUAGE plpgsql;
"""

# The requests a statement wrote, by the kind of table and the transition tables its event has.
_KEYS = {"request": "SELECT id FROM {rows}", "link": "SELECT request_id FROM {rows}",
         "youth": "SELECT r.id FROM waiting_request r WHERE r.youth_id IN (SELECT id FROM {rows})"}
_TRANSITIONS = {"insert": ("new_rows",), "update": ("old_rows", "new_rows"), "delete": ("old_rows",)}
_REFERENCING = {"insert": "REFERENCING NEW TABLE AS new_rows", "delete": "REFERENCING OLD TABLE AS old_rows",
                "update": "REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows"}


def _pg_rows_function(kind: str, event: str) -> str:
    keys = " UNION ".join(_KEYS[kind].format(rows=rows) for rows in _TRANSITIONS[event])
    return f"""
CREATE OR REPLACE FUNCTION plaatsregie_pool_rows_{kind}_{event}() RETURNS trigger AS $$
BEGIN
  INSERT INTO {CHANGE_TABLE} (xid, whole) VALUES ({_XID}, false) ON CONFLICT DO NOTHING;
  INSERT INTO {CHANGED_REQUEST_TABLE} (xid, request_id) SELECT {_XID}, k.id FROM ({keys}) k(id)
    ON CONFLICT DO NOTHING;
  RETURN NULL;
END;
$$ LANGUAGE plpgsql;
"""


def pool_source_tables() -> list[str]:
    """Every table `waiting.pool` reads the pool from: a write to any of them changes the pool."""
    return sorted(_request_keyed_tables().keys() | _name_tables().keys())


def _request_keyed_tables() -> dict[str, str]:
    """The tables whose rows belong to requests, and how a row names its request (PostgreSQL logs those)."""
    from plaatsregie.waiting.models import Request, Youth

    return {Request._meta.db_table: "request", Youth._meta.db_table: "youth",
            Request.module_types.through._meta.db_table: "link",
            Request.sibling_facilities.through._meta.db_table: "link"}


def _name_tables() -> dict[str, tuple[str, str]]:
    """The tables of names the pool resolves requests' keys through: table → (its key, its name column)."""
    from plaatsregie.registry.models import Facility, ModuleType
    from plaatsregie.waiting.models import Referrer

    def column(model: Any, name: str) -> str:
        return str(model._meta.get_field(name).column)

    return {model._meta.db_table: (column(model, "id"), column(model, name))
            for model, name in ((Facility, "ref"), (Referrer, "ref"), (ModuleType, "code"))}


def _pg_renamed_function(table: str, key: str, name: str) -> str:
    """PostgreSQL: an update of a table of names changes the whole pool only if it renamed a row (or changed its
    key). A new row is not named by any request yet (a request that names it is logged when it is written), and a
    row a request names cannot go without that request being written (the foreign key)."""
    return f"""
CREATE OR REPLACE FUNCTION plaatsregie_pool_renamed_{table}() RETURNS trigger AS $$
BEGIN
  IF EXISTS (SELECT 1 FROM old_rows o LEFT JOIN new_rows n ON n.{key} = o.{key} AND n.{name} = o.{name}
             WHERE n.{key} IS NULL) THEN
    {_MARK_WHOLE}
  END IF;
  RETURN NULL;
END;
$$ LANGUAGE plpgsql;
"""


def _trigger_names(table: str) -> list[str]:
    return [f"{table}_pool_{event}" for event in ("insert", "update", "delete")]


def _pg_trigger_names(table: str) -> list[str]:
    if table in _request_keyed_tables():
        return [*_trigger_names(table), f"{table}_pool_truncate"]
    return [f"{table}_pool_renamed", f"{table}_pool_truncate"]


def install_triggers(using: BaseDatabaseWrapper | None = None, **_: Any) -> None:
    """Create (or refresh) the triggers; idempotent, run after every migrate."""
    conn = using or connection
    with conn.cursor() as cursor:
        if conn.vendor == "postgresql":
            _install_pg_triggers(conn, cursor)
        elif conn.vendor == "sqlite":
            for table in pool_source_tables():
                quoted = conn.ops.quote_name(table)
                for name, event in zip(_trigger_names(table), ("INSERT", "UPDATE", "DELETE"), strict=True):
                    cursor.execute(f"CREATE TRIGGER IF NOT EXISTS {name} AFTER {event} ON {quoted} BEGIN "
                                   f"UPDATE {CACHE_TABLE} SET version = version + 1 WHERE id = {_ROW}; END")
    _guarded.clear()


def _install_pg_triggers(conn: BaseDatabaseWrapper, cursor: Any) -> None:
    """A table of requests' rows: a statement trigger per event that logs the requests it wrote (from its
    transition tables). A table of names: a statement trigger that marks the whole pool stale when an update
    renamed a row. Emptying either marks the whole pool stale."""
    cursor.execute(_PG_WHOLE)
    keyed, named = _request_keyed_tables(), _name_tables()
    for kind in sorted(set(keyed.values())):
        for event in _TRANSITIONS:
            cursor.execute(_pg_rows_function(kind, event))
    for table in pool_source_tables():
        quoted = conn.ops.quote_name(table)
        cursor.execute(f"DROP TRIGGER IF EXISTS {table}_pool_changed ON {quoted}")  # the one trigger before 0005
        cursor.execute(f"CREATE OR REPLACE TRIGGER {table}_pool_truncate AFTER TRUNCATE ON {quoted} "
                       "FOR EACH STATEMENT EXECUTE FUNCTION plaatsregie_pool_changed()")
        if table in named:
            key, name = named[table]
            cursor.execute(_pg_renamed_function(table, key, name))
            cursor.execute(f"CREATE OR REPLACE TRIGGER {table}_pool_renamed AFTER UPDATE ON {quoted} "
                           f"{_REFERENCING['update']} FOR EACH STATEMENT "
                           f"EXECUTE FUNCTION plaatsregie_pool_renamed_{table}()")
            continue
        for event in _TRANSITIONS:
            cursor.execute(f"CREATE OR REPLACE TRIGGER {table}_pool_{event} AFTER {event.upper()} ON {quoted} "
                           f"{_REFERENCING[event]} FOR EACH STATEMENT "
                           f"EXECUTE FUNCTION plaatsregie_pool_rows_{keyed[table]}_{event}()")


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
                names = [name for table in tables for name in _pg_trigger_names(table)]
                cursor.execute("SELECT count(*) FROM pg_trigger WHERE NOT tgisinternal AND tgname = ANY(%s)",
                               [names])
                expected = len(names)
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
    changed: tuple[int, ...] | None = None  # PostgreSQL, a stale payload: the keys of the requests written since
    # it was read, when only requests' rows were written and not too many (None: read the whole pool again)


CHANGED_AT_MOST = 500  # more changed requests than this: the whole pool is read again (about as fast)


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
            unseen = "NOT pg_visible_in_snapshot({}.xid::text::xid8, c.seen::pg_snapshot)"
            raw.execute(
                f"SELECT c.seen <> '' AND NOT EXISTS (SELECT 1 FROM {CHANGE_TABLE} ch WHERE {unseen.format('ch')}), "
                f"c.token, CASE WHEN c.token <> %s THEN c.payload END, pg_current_snapshot()::text, "
                f"EXISTS (SELECT 1 FROM {CHANGE_TABLE} WHERE xid = pg_current_xact_id_if_assigned()::text::bigint), "
                f"c.seen <> '' AND NOT EXISTS (SELECT 1 FROM {CHANGE_TABLE} ch WHERE ch.whole AND "
                f"{unseen.format('ch')}), CASE WHEN c.seen <> '' THEN ARRAY(SELECT DISTINCT r.request_id "
                f"FROM {CHANGED_REQUEST_TABLE} r WHERE {unseen.format('r')} LIMIT {CHANGED_AT_MOST + 1}) END "
                f"FROM (SELECT 1) one LEFT JOIN {CACHE_TABLE} c ON c.id = {_ROW}", [held_token], binary=True)
            fresh, token, payload, tag, own, by_request, keys = raw.fetchone()
            few = by_request and not fresh and keys is not None and len(keys) <= CHANGED_AT_MOST
            changed = tuple(keys) if few else None
            return State(token is not None, bool(fresh), token or "", payload, tag, bool(own), changed)
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
        for table in (CHANGE_TABLE, CHANGED_REQUEST_TABLE):
            raw.execute(f"DELETE FROM {table} WHERE pg_visible_in_snapshot(xid::text::xid8, %s::pg_snapshot)",
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
