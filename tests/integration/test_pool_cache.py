"""The cached waiting pool (waiting.pool_cache) is never older than what the reader may see.

Every table the pool is read from marks it stale, whoever writes — services, the ORM's bulk paths or plain SQL —
and a process that holds no pool yet reads the stored payload back into exactly the pool the tables give.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from datetime import date

import pytest
from django.db import connection, connections, transaction

from plaatsregie.core.explain import candidate_components
from plaatsregie.core.policy import load_policy
from plaatsregie.core.ranking import rank
from plaatsregie.registry import models as registry
from plaatsregie.registry.mapping import place_profile
from plaatsregie.waiting import models as waiting
from plaatsregie.waiting import pool_cache
from plaatsregie.waiting.pool import forget_held_pool, load_pool_cached, load_pool_from_tables
from tests.integration.factories import a_facility, a_place, a_request

# Committed writes: on PostgreSQL a transaction's own writes keep the cache stale for itself until it commits.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def _fingerprint() -> list[tuple]:
    """Everything the ranking reads of each row, from a cached load."""
    return _rows(load_pool_cached())


def _rows(loaded: pool_cache.Loaded) -> list[tuple]:
    pool = loaded.pool
    return [(pool.request(row), loaded.keys[row]) for row in range(len(pool))]


def _warm() -> pool_cache.Loaded:
    """Load until the cache row holds a fresh payload (the first load on an empty database only creates the row)."""
    for _ in range(3):
        loaded = load_pool_cached()
        state = pool_cache.read_state("")
        if state.fresh:
            return loaded
    raise AssertionError("the pool cache never became fresh")


def test_a_second_load_is_the_held_pool_and_equals_the_tables() -> None:
    a_request(urgency=1)
    a_request(modules=("OVBJ", "CKG"), siblings=(a_facility(),), crisis_overflow=True)
    first = _warm()
    assert load_pool_cached() is first  # held by this process, the cache row unchanged and fresh
    assert _rows(first) == _rows(load_pool_from_tables())


def test_another_process_reads_the_payload_back_into_the_same_ranking() -> None:
    """D-25: the stored payload is the pool snapshot; ranked again it gives the same order and components."""
    facility = a_facility()
    for urgency in (1, 2, 2, 3):
        a_request(urgency=urgency, siblings=(facility,) if urgency == 2 else (), needs=["trauma"])
    a_request(youth={"home_lat": None, "home_lon": None})
    held = _warm()
    forget_held_pool()  # as a new process would start
    again = load_pool_cached()
    assert again is not held and pool_cache.read_state("").fresh
    place = place_profile(a_place().ref, date(2026, 11, 23))
    policy = load_policy("default")
    one, other = rank(place, held.pool, policy), rank(place, again.pool, policy)
    assert one.candidate_ids == other.candidate_ids and len(one.candidate_ids) == 5
    assert [candidate_components(one, i) for i in range(5)] == [candidate_components(other, i) for i in range(5)]
    assert again.snapshot == held.snapshot and again.keys == held.keys


def _raw(sql: str) -> Callable[[waiting.Request], None]:
    def write(request: waiting.Request) -> None:
        with connection.cursor() as cursor:
            cursor.execute(sql, [request.pk])
    return write


WRITES: dict[str, Callable[[waiting.Request], None]] = {
    "urgency through the ORM": lambda r: waiting.Request.objects.filter(pk=r.pk).update(urgency=1),
    "a new request": lambda r: a_request(urgency=4),
    "withdrawn (status)": lambda r: waiting.Request.objects.filter(pk=r.pk).update(status="withdrawn"),
    "deleted": lambda r: (r.module_types.clear(), r.sibling_facilities.clear(), r.delete()),
    "a module added": lambda r: r.module_types.add(registry.ModuleType.objects.get(code="OBC")),
    "a sibling placed": lambda r: r.sibling_facilities.add(a_facility()),
    "the youth's birth date": lambda r: waiting.Youth.objects.filter(pk=r.youth_id).update(
        birth_date=date(2010, 1, 1)),
    "a facility renamed": lambda r: registry.Facility.objects.filter(pk=r.internal_transfer_facility_id).update(
        ref="VZ-NIEUW"),
    "a referrer renamed": lambda r: waiting.Referrer.objects.filter(pk=r.referrer_id).update(ref="VW-NIEUW"),
    "a module renamed": lambda r: registry.ModuleType.objects.filter(code="CKG").update(code="CKG2"),
    "plain SQL": _raw("UPDATE waiting_request SET crisis_overflow = NOT crisis_overflow WHERE id = %s"),
}


@pytest.mark.parametrize("write", WRITES, ids=list(WRITES))
def test_every_write_to_a_table_of_the_pool_makes_the_cache_stale(write: str) -> None:
    referrer = waiting.Referrer.objects.create(ref="VW-1", name="Dienst (fictief)", kind="OCJ", region="Antwerpen")
    request = a_request(modules=("OVBJ", "CKG"), internal_transfer_facility=a_facility(), referrer=referrer)
    a_request()
    before = _fingerprint()
    _warm()
    WRITES[write](request)
    assert not pool_cache.read_state("").fresh
    after = _fingerprint()
    assert after == _rows(load_pool_from_tables()) and after != before


def test_without_its_triggers_the_cache_is_not_used() -> None:
    """A database the triggers are missing from (not migrated by this code) is always read from the tables."""
    a_request()
    _warm()
    table = waiting.Request._meta.db_table
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(f"DROP TRIGGER {table}_pool_update ON {table}")
        else:
            cursor.execute(f"DROP TRIGGER {table}_pool_update")
    pool_cache._guarded.clear()
    try:
        assert not pool_cache.guarded()
        waiting.Request.objects.update(urgency=1)
        assert [r.urgency for r, _ in _fingerprint()] == [1]
    finally:
        pool_cache.install_triggers()
    assert pool_cache.guarded()


@pytest.mark.postgres_only
def test_a_write_committed_while_the_pool_was_read_makes_the_stored_pool_stale() -> None:
    """PostgreSQL: a transaction still running when a reader stored the pool counts as soon as it commits."""
    first, second = a_request(urgency=3), a_request(urgency=3)
    _warm()
    written, stored = threading.Event(), threading.Event()
    failures: list[BaseException] = []

    def writer() -> None:
        try:
            with transaction.atomic():
                waiting.Request.objects.filter(pk=first.pk).update(urgency=1)
                written.set()
                assert stored.wait(20)
        except BaseException as error:  # reported in the main thread
            failures.append(error)
            written.set()
        finally:
            connections.close_all()

    thread = threading.Thread(target=writer)
    thread.start()
    assert written.wait(20)
    waiting.Request.objects.filter(pk=second.pk).update(urgency=2)  # committed: the cache is stale
    loaded = load_pool_cached()  # reads and stores the pool while the writer is still running
    assert pool_cache.read_state("").fresh
    assert {r.id: r.urgency for r, _ in _rows(loaded)} == {first.ref: 3, second.ref: 2}
    stored.set()
    thread.join(20)
    assert not failures
    assert not pool_cache.read_state("").fresh  # the writer's commit counts
    assert {r.id: r.urgency for r, _ in _fingerprint()} == {first.ref: 1, second.ref: 2}


def test_a_pool_read_before_the_stored_one_never_replaces_it() -> None:
    """A slow reader that read the tables before a change must not put its older pool back over a newer one."""
    request = a_request(urgency=3)
    _warm()
    waiting.Request.objects.filter(pk=request.pk).update(urgency=2)
    slow_state, slow_pool = pool_cache.read_state(""), load_pool_from_tables()  # reads, then is slow
    waiting.Request.objects.filter(pk=request.pk).update(urgency=1)
    assert [r.urgency for r, _ in _fingerprint()] == [1]  # a faster reader stores the newer pool
    assert pool_cache.store(slow_state, slow_pool) == ""
    forget_held_pool()
    assert [r.urgency for r, _ in _fingerprint()] == [1]


@pytest.mark.postgres_only
def test_a_transaction_that_changed_the_pool_reads_its_own_pool_and_does_not_store_it() -> None:
    """PostgreSQL: what such a transaction reads is stale for everyone once it commits, so it is not kept."""
    request = a_request(urgency=3)
    _warm()
    stored = pool_cache.read_state("").token
    with transaction.atomic():
        waiting.Request.objects.filter(pk=request.pk).update(urgency=1)
        assert [r.urgency for r, _ in _fingerprint()] == [1]  # its own change, read from the tables
        assert pool_cache.read_state("").token == stored
    assert [r.urgency for r, _ in _fingerprint()] == [1]


def test_a_cache_that_cannot_be_written_never_fails_the_ranking() -> None:
    """The cache is an optimisation: on a database that refuses writes (read-only), the pool still loads."""
    a_request(urgency=2)
    _warm()
    waiting.Request.objects.update(urgency=1)  # the cached pool is stale: the next load must read and store
    forget_held_pool()
    with transaction.atomic(), connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SET TRANSACTION READ ONLY")
        else:
            cursor.execute("PRAGMA query_only = ON")
        try:
            assert [r.urgency for r, _ in _fingerprint()] == [1]
            assert waiting.Request.objects.count() == 1  # the transaction still works
        finally:
            if connection.vendor != "postgresql":
                cursor.execute("PRAGMA query_only = OFF")


def _same_as_the_tables(loaded: pool_cache.Loaded) -> None:
    tables = load_pool_from_tables()
    assert _rows(loaded) == _rows(tables)
    assert loaded.snapshot == tables.snapshot and loaded.keys == tables.keys


REQUEST_WRITES = [name for name in WRITES if "renamed" not in name]


@pytest.mark.postgres_only
@pytest.mark.parametrize("write", REQUEST_WRITES, ids=REQUEST_WRITES)
def test_after_a_write_to_requests_rows_only_those_requests_are_read_again(write: str) -> None:
    """PostgreSQL: the triggers log which requests a statement wrote (the request, its youth, its links); the next
    load reads only those again into the cached pool — and gets exactly the pool the tables give."""
    requests = [a_request(urgency=1 + n % 4, modules=("OVBJ", "CKG") if n % 2 else ("OVBJ",),
                          siblings=(a_facility(),) if n % 3 == 0 else (), internal_transfer_facility=a_facility())
                for n in range(12)]
    _warm()
    key = requests[5].pk
    WRITES[write](requests[5])
    state = pool_cache.read_state("")
    assert not state.fresh and state.changed is not None and len(state.changed) == 1
    assert key in state.changed or write == "a new request"
    loaded = load_pool_cached()
    _same_as_the_tables(loaded)
    assert pool_cache.read_state("").fresh  # and stored for the next reader
    forget_held_pool()
    _same_as_the_tables(load_pool_cached())


@pytest.mark.postgres_only
@pytest.mark.parametrize("write", [name for name in WRITES if "renamed" in name])
def test_after_a_write_to_a_table_of_names_the_whole_pool_is_read_again(write: str) -> None:
    """PostgreSQL: a facility, referrer or module type can be named by any request: no list of requests is kept."""
    referrer = waiting.Referrer.objects.create(ref="VW-1", name="Dienst (fictief)", kind="OCJ", region="Antwerpen")
    request = a_request(modules=("OVBJ", "CKG"), internal_transfer_facility=a_facility(), referrer=referrer)
    _warm()
    WRITES[write](request)
    state = pool_cache.read_state("")
    assert not state.fresh and state.changed is None
    _same_as_the_tables(load_pool_cached())


@pytest.mark.postgres_only
def test_writes_to_a_table_of_names_that_rename_nothing_leave_the_pool_fresh() -> None:
    """PostgreSQL: a facility edited without renaming it, a new facility, referrer or module type — no request
    names anything new, so the cached pool stays as it is (a request that names a new row is itself written)."""
    request = a_request(modules=("OVBJ", "CKG"), internal_transfer_facility=a_facility())
    _warm()
    registry.Facility.objects.filter(pk=request.internal_transfer_facility_id).update(name="Nieuwe naam (fictief)")
    facility = registry.Facility.objects.get(pk=request.internal_transfer_facility_id)
    facility.save()  # every column written, the ref unchanged
    a_facility()
    waiting.Referrer.objects.create(ref="VW-2", name="Dienst (fictief)", kind="OCJ", region="Antwerpen")
    assert pool_cache.read_state("").fresh
    request.sibling_facilities.add(a_facility())  # a request that names a new facility is read again
    assert pool_cache.read_state("").changed == (request.pk,)
    _same_as_the_tables(load_pool_cached())


@pytest.mark.postgres_only
def test_many_changes_in_several_transactions_merge_into_the_pool_the_tables_give() -> None:
    """PostgreSQL: refs that sort between the cached ones, requests that leave, change and come back, a youth's
    home, module and sibling links — over several transactions, partly in this process's own transaction."""
    requests = [a_request(ref=f"AM-{n:03d}", urgency=1 + n % 4) for n in range(0, 40, 2)]
    _warm()
    a_request(ref="AM-007", modules=("CKG",))
    a_request(ref="AM-000A", youth={"home_lat": None, "home_lon": None})
    waiting.Request.objects.filter(pk__in=[r.pk for r in requests[3:6]]).update(status="withdrawn")
    waiting.Request.objects.filter(pk=requests[4].pk).update(status="waiting", urgency=4)
    waiting.Youth.objects.filter(pk=requests[7].youth_id).update(home_lat=50.9, home_lon=3.1, gender="M")
    requests[8].module_types.clear()
    requests[9].sibling_facilities.add(a_facility())
    _same_as_the_tables(load_pool_cached())
    with transaction.atomic():
        waiting.Request.objects.filter(pk=requests[10].pk).update(urgency=4, crisis_overflow=True)
        state = pool_cache.read_state("")
        assert state.own_changes and state.changed == (requests[10].pk,)
        _same_as_the_tables(load_pool_cached())  # its own change included, and not stored
    _same_as_the_tables(load_pool_cached())


@pytest.mark.postgres_only
def test_more_changed_requests_than_the_limit_read_the_whole_pool(monkeypatch: pytest.MonkeyPatch) -> None:
    requests = [a_request(urgency=2) for _ in range(4)]
    _warm()
    monkeypatch.setattr(pool_cache, "CHANGED_AT_MOST", 2)
    waiting.Request.objects.filter(pk__in=[r.pk for r in requests[:3]]).update(urgency=1)
    assert pool_cache.read_state("").changed is None
    waiting.Request.objects.filter(pk__in=[r.pk for r in requests]).update(urgency=1)
    _same_as_the_tables(load_pool_cached())

