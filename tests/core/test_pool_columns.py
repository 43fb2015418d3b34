"""`RequestPool.from_columns` (the database path) indexes exactly what `RequestPool.of` indexes, and ranks alike."""

from __future__ import annotations

from dataclasses import fields, replace
from datetime import date, timedelta
from typing import Any

import numpy as np
import pytest

from plaatsregie.core import explain
from plaatsregie.core.errors import InputError
from plaatsregie.core.policy import load_policy
from plaatsregie.core.pool import PoolColumns, RequestPool
from plaatsregie.core.ranking import rank
from plaatsregie.core.types import Gender, Location, Need, Region, Request, Urgency
from plaatsregie.synth import generate

TODAY = date(2026, 11, 23)
ARRAYS = (
    "id_rank", "birth_year", "birth_monthday", "gender", "region", "module_bits", "urgency", "registered",
    "home_lat", "home_lon", "crisis_overflow", "internal_transfer_facility", "readmission_facility", "needs",
)


def awkward(requests: tuple[Request, ...]) -> list[Request]:
    """The synthetic requests with the awkward cases added: no home, leap-day birthdays, no needs."""
    changed = list(requests)
    for row in range(0, len(changed), 7):
        changed[row] = replace(changed[row], home=None)
    for row in range(3, len(changed), 11):
        changed[row] = replace(changed[row], birth_date=date(2012, 2, 29), registered_on=date(2024, 2, 29))
    for row in range(5, len(changed), 6):
        changed[row] = replace(changed[row], needs=frozenset())
    return changed


def database_columns(requests: list[Request], dates_as_text: bool) -> PoolColumns:
    """The columns as a database cursor hands them over: plain values, text dates, 0/1 flags, shared sets."""
    shared: dict[frozenset[Any], frozenset[Any]] = {}
    columns = PoolColumns.of(requests)

    def day(value: date) -> date | str:
        return value.isoformat() if dates_as_text else value

    return replace(
        columns,
        ids=tuple(columns.ids),
        birth_dates=[day(d) for d in columns.birth_dates],
        registered_on=[day(d) for d in columns.registered_on],
        genders=[str(g) for g in columns.genders],
        regions=[str(r) for r in columns.regions],
        urgency=[int(u) for u in columns.urgency],
        crisis_overflow=[int(c) for c in columns.crisis_overflow],
        module_types=[shared.setdefault(s, s) for s in columns.module_types],
        needs=[shared.setdefault(s, s) for s in columns.needs],
    )


def assert_same_index(expected: RequestPool, actual: RequestPool) -> None:
    for name in ARRAYS:
        want, got = getattr(expected, name), getattr(actual, name)
        assert want.dtype == got.dtype, name
        assert np.array_equal(want, got, equal_nan=want.dtype.kind == "f"), name
    assert actual.ids == expected.ids
    assert actual.row_of == expected.row_of
    assert actual.module_bit == expected.module_bit
    assert actual.facility_code == expected.facility_code
    assert actual.sibling_rows.keys() == expected.sibling_rows.keys()
    for code, rows in expected.sibling_rows.items():
        assert np.array_equal(actual.sibling_rows[code], rows)
    assert actual.module_rows.keys() == expected.module_rows.keys()
    for module, want in expected.module_rows.items():
        got = actual.module_rows[module]
        for part in ("rows", "urgency", "region", "gender"):
            assert np.array_equal(getattr(got, part), getattr(want, part)), (module, part)
            assert getattr(got, part).dtype == getattr(want, part).dtype


def assert_same_request(expected: Request, actual: Request) -> None:
    assert actual == expected
    for f in fields(Request):
        assert type(getattr(actual, f.name)) is type(getattr(expected, f.name)), f.name


@pytest.fixture(scope="module", params=[(1, False), (2, True), (3, True)], ids=["seed1-dates", "seed2-text",
                                                                                  "seed3-text"])
def world(request: pytest.FixtureRequest) -> tuple[Any, list[Request], RequestPool, RequestPool]:
    seed, dates_as_text = request.param
    synthetic = generate("small", seed, TODAY)
    requests = awkward(synthetic.requests)
    return synthetic, requests, RequestPool.of(requests), RequestPool.from_columns(
        database_columns(requests, dates_as_text)
    )


def test_the_worlds_hold_the_awkward_cases(world: Any) -> None:
    _, requests, _, _ = world
    assert any(r.home is None for r in requests)
    assert any((r.birth_date.month, r.birth_date.day) == (2, 29) for r in requests)
    assert any(not r.needs for r in requests)
    assert any(r.sibling_facility_ids for r in requests)
    assert any(r.internal_transfer_facility_id for r in requests)
    assert any(r.readmission_facility_id for r in requests)
    assert any(r.crisis_overflow for r in requests)


def test_from_columns_indexes_exactly_what_of_indexes(world: Any) -> None:
    _, _, of, columns = world
    assert_same_index(of, columns)


def test_requests_built_on_demand_equal_the_originals(world: Any) -> None:
    _, requests, of, columns = world
    for row, original in enumerate(requests):
        assert of.request(row) is original
        assert_same_request(original, columns.request(row))
    assert columns.requests == tuple(requests)
    assert columns.requests is columns.requests  # built once
    assert of.requests == tuple(requests)


def test_rankings_and_explanations_are_identical(world: Any) -> None:
    synthetic, _, of, columns = world
    policy, candidates = load_policy("default"), 0
    for place in [p.profile for p in synthetic.places][:60]:
        want, got = rank(place, of, policy), rank(place, columns, policy)
        candidates += len(want.order)
        assert got.candidate_ids == want.candidate_ids
        assert np.array_equal(got.excluded_rows, want.excluded_rows)
        assert got.excluded_rules == want.excluded_rules
        assert np.array_equal(got.ages, want.ages)
        for name, values in want.components.items():
            assert np.array_equal(got.components[name], values, equal_nan=values.dtype.kind == "f"), name
        assert explain.candidates(got, limit=5) == explain.candidates(want, limit=5)
        assert explain.exclusions(got)[:20] == explain.exclusions(want)[:20]
    assert candidates > 0


@pytest.mark.parametrize("as_text", [False, True])
def test_day_columns_match_the_calendar_exactly(as_text: bool) -> None:
    """Year, month-day and ordinal agree with `date` for every day from 1896 to 2104, leap days included."""
    days = [date(1896, 1, 1) + timedelta(days=n) for n in range(0, 76_300)]
    requests = [a_request(f"r{n:06d}", birth_date=d, registered_on=d) for n, d in enumerate(days)]
    pool = RequestPool.from_columns(database_columns(requests, dates_as_text=as_text))
    assert pool.birth_year.tolist() == [d.year for d in days]
    assert pool.birth_monthday.tolist() == [d.month * 100 + d.day for d in days]
    assert pool.registered.tolist() == [d.toordinal() for d in days]


def a_request(request_id: str, **overrides: Any) -> Request:
    values: dict[str, Any] = {
        "id": request_id, "youth_id": f"y-{request_id}", "birth_date": date(2012, 2, 29), "gender": Gender.FEMALE,
        "region": Region.ANTWERPEN, "module_types": frozenset({"OVBJ"}), "urgency": Urgency.URGENT,
        "registered_on": date(2026, 1, 5), "home": Location(51.2, 4.4),
    }
    return Request(**(values | overrides))


def test_a_home_with_one_coordinate_is_no_home() -> None:
    columns = replace(PoolColumns.of([a_request("r1"), a_request("r2")]), home_lat=[51.2, None], home_lon=[4.4, 4.4])
    pool = RequestPool.from_columns(columns)
    assert np.isnan(pool.home_lat[1]) and np.isnan(pool.home_lon[1])
    assert pool.request(1).home is None
    assert pool.request(0).home == Location(51.2, 4.4)


def test_an_empty_pool_from_columns() -> None:
    pool = RequestPool.from_columns(PoolColumns.of([]))
    assert len(pool) == 0 and pool.requests == ()
    assert_same_index(RequestPool.of([]), pool)


def test_columns_of_different_lengths_are_refused() -> None:
    with pytest.raises(InputError, match="differ in length"):
        replace(PoolColumns.of([a_request("r1")]), ids=["r1", "r2"])


def test_duplicate_ids_and_unknown_values_are_input_errors() -> None:
    with pytest.raises(InputError, match="more than once"):
        RequestPool.from_columns(PoolColumns.of([a_request("r1"), a_request("r1")]))
    with pytest.raises(InputError, match="unknown gender 'Q'"):
        RequestPool.from_columns(replace(PoolColumns.of([a_request("r1")]), genders=["Q"]))


def test_needs_and_sets_may_be_shared_or_equal() -> None:
    psychiatric = frozenset({Need.PSYCHIATRIC})
    requests = [a_request("r1", needs=psychiatric), a_request("r2", needs=frozenset({Need.PSYCHIATRIC}))]
    pool = RequestPool.from_columns(PoolColumns.of(requests))
    assert pool.needs.tolist() == [1 << list(Need).index(Need.PSYCHIATRIC)] * 2
