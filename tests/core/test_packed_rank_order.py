"""`rank_order` on a live pool's view reads its packed columns (`ranking._packed_order`); on any other pool it
runs `_ranked`. Both must give exactly `rank(...).order` (issue 5): these cases drive every sort key of the packed
path — complexity balance in both directions, considerations weighted 0, 1 and 2 for a facility the requests
name, places without a location, bars — and the fallback a view takes once copied (`dataclasses.replace`), whose
columns the view only builds when read.
"""

from __future__ import annotations

import random
from dataclasses import replace
from datetime import timedelta
from functools import cache

import numpy as np
from builders import a_place, a_request
from hypothesis import given, settings
from hypothesis import strategies as st

from plaatsregie.core.live_pool import LivePool
from plaatsregie.core.policy import Consideration, OrderingKey, Policy, load_policy
from plaatsregie.core.pool import PACKED_COLUMNS, RequestPool
from plaatsregie.core.ranking import rank, rank_order
from plaatsregie.core.ranking_kernel import lexicographic
from plaatsregie.core.types import PlaceProfile, Request
from plaatsregie.synth import generate
from plaatsregie.synth.world import SyntheticFlanders


def _weighted(name: str, weights: dict[Consideration, int]) -> Policy:
    return replace(load_policy("complexity-balance"), id=name, consideration_weights=weights)


POLICIES = st.sampled_from([
    load_policy("default"),
    load_policy("waiting-time-first"),
    load_policy("complexity-balance"),
    _weighted("twos", {c: 2 for c in Consideration}),
    _weighted("mixed", {Consideration.SIBLING: 0, Consideration.INTERNAL_TRANSFER: 2,
                        Consideration.READMISSION: 1, Consideration.CRISIS_OVERFLOW: 0}),
    _weighted("none", {c: 0 for c in Consideration}),
    replace(load_policy("default"), id="bounded", max_urgency=2,
            ordering=(OrderingKey.PROFILE_FIT, OrderingKey.DISTANCE_BAND, OrderingKey.URGENCY)),
])
FAST = settings(max_examples=120, deadline=None)


@cache
def flanders() -> SyntheticFlanders:
    return generate("small", 3)


def orders(place: PlaceProfile, requests: list[Request], policy: Policy, barred: dict[str, str]) -> list[str]:
    """The candidate ids of `rank` on a plain pool, asserting the live view (packed path) and a copy of it
    (fallback, lazily built columns) give the same rows as `rank` on that view."""
    plain = RequestPool.of(requests)
    expected = [plain.ids[row] for row in rank(place, plain, policy, barred=barred or None).order]
    live = LivePool(requests[::2])
    for request in requests[1::2]:  # out of id order: the id keys are rebuilt
        live.add(request)
    view = live.view()
    assert view.packed is not None
    packed = rank_order(place, view, policy, barred=barred or None)
    assert packed.dtype == np.int64
    assert np.array_equal(packed, rank(place, view, policy, barred=barred or None).order)
    copied = replace(view)
    assert copied.packed is None
    assert np.array_equal(rank_order(place, copied, policy, barred=barred or None), packed)
    assert [view.ids[row] for row in packed] == expected
    return expected


@FAST
@given(POLICIES, st.integers(0, 2**32 - 1), st.sampled_from([-1, 0, 1]), st.booleans())
def test_the_packed_path_orders_as_rank(policy: Policy, seed: int, signal: int, located: bool) -> None:
    world, rng = flanders(), random.Random(seed)
    requests = rng.sample(world.requests, rng.randint(1, min(300, len(world.requests))))
    place = replace(rng.choice(world.places).profile, complexity_signal=signal,
                    available_from=world.today + timedelta(days=rng.randint(-30, 400)))
    if not located:
        place = replace(place, location=None)
    facility = place.facility_id
    for at in rng.sample(range(len(requests)), len(requests) // 5):  # the place's facility named by requests
        change = rng.choice(["sibling", "transfer", "readmission"])
        request = requests[at]
        if change == "sibling":
            requests[at] = replace(request, sibling_facility_ids=request.sibling_facility_ids | {facility})
        elif change == "transfer":
            requests[at] = replace(request, internal_transfer_facility_id=facility)
        else:
            requests[at] = replace(request, readmission_facility_id=facility)
    barred = {r.id: "refused_for_this_vacancy" for r in rng.sample(requests, min(len(requests), rng.randint(0, 4)))}
    orders(place, requests, policy, barred)


def test_empty_single_and_out_of_scope_pools() -> None:
    policy = load_policy("complexity-balance")
    place = a_place(complexity_signal=1)
    assert len(rank_order(place, LivePool().view(), policy)) == 0
    assert orders(place, [a_request("R1")], policy, {}) == ["R1"]
    assert orders(place, [a_request("R1")], policy, {"R1": "refused_for_this_vacancy"}) == []
    two = [a_request("R2", crisis_overflow=True), a_request("R1", needs=["psychiatric"])]
    assert orders(place, two, policy, {}) == ["R2", "R1"]
    outside = a_place(cofinanced_by="Fedasil")  # D-2: out of scope
    assert orders(outside, two, policy, {}) == []


def test_a_view_reads_its_columns_from_the_packed_array_when_asked() -> None:
    requests = generate("small", 2).requests[:40]
    live = LivePool(requests)
    view = live.view()
    assert view.packed is not None
    ints = view.packed.ints
    assert ints.shape == (len(PACKED_COLUMNS), len(requests))
    plain = RequestPool.of([view.request(row) for row in range(len(view))])  # the same row order
    for name in ("birth_year", "birth_monthday", "gender", "region", "urgency", "registered", "needs"):
        assert np.array_equal(getattr(view, name), getattr(plain, name)), name
        assert np.array_equal(ints[PACKED_COLUMNS.index(name)], getattr(plain, name)), name
    assert np.array_equal(view.crisis_overflow, plain.crisis_overflow)
    assert view.crisis_overflow.dtype == plain.crisis_overflow.dtype == np.bool_
    assert np.array_equal(ints[PACKED_COLUMNS.index("crisis_overflow")], plain.crisis_overflow.astype(np.int64))
    assert np.array_equal(view.home_lat, plain.home_lat, equal_nan=True)
    assert np.array_equal(view.home_lon, plain.home_lon, equal_nan=True)
    assert [view.ids[row] for row in np.argsort(view.id_rank)] == sorted(view.ids)


@FAST
@given(st.integers(1, 5), st.integers(2, 60), st.sampled_from([3, 400, 2**40, 2**62]),
       st.randoms(use_true_random=False))
def test_the_kernel_sorts_keys_as_lexsort(key_count: int, rows: int, spread: int, rng: random.Random) -> None:
    """`ranking_kernel.lexicographic` gives `np.lexsort`'s permutation, by one packed number per row when the keys'
    ranges multiply to less than 2**63 (small spreads) and key by key otherwise (spreads of 2**40 and more), on keys
    ending in a column without ties (the id rank)."""
    values = np.array([[rng.randint(-spread, spread) for _ in range(rows)] for _ in range(key_count)]
                      + [rng.sample(range(10 * rows), rows)], dtype=np.int64)
    assert np.array_equal(lexicographic(values), np.lexsort(values[::-1]))
