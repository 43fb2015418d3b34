"""`rank_order`, the lean entry point the simulator uses, gives exactly the order of `rank` (issue 5).

Both run one implementation (`ranking._ranked`; on a live pool's view, `rank_order` reads the same sort keys
from its packed columns: `_packed_order`, see also test_packed_rank_order.py); these properties check it on
random pools — the hand-built edge cases of test_ranking_properties.py and random draws from a synthetic
Flanders, on `RequestPool.of` and on `LivePool` views — under both shipped policies, with workflow bars.
"""

from __future__ import annotations

import random
from dataclasses import replace
from datetime import date, timedelta
from functools import cache

import numpy as np
import pytest
from builders import a_place, a_request, born_on_birthday
from hypothesis import given, settings
from hypothesis import strategies as st
from test_ranking_properties import cases

from plaatsregie.core.live_pool import LivePool
from plaatsregie.core.policy import Consideration, Policy, load_policy
from plaatsregie.core.pool import RequestPool
from plaatsregie.core.ranking import rank, rank_order
from plaatsregie.core.types import PlaceProfile, Request
from plaatsregie.synth import generate
from plaatsregie.synth.world import SyntheticFlanders


def weighted() -> Policy:
    """`default` with considerations weighted other than 1 (one left out): on a live pool's view `rank_order` sums
    its sort key its own way (`_negated_considerations`)."""
    weights = {Consideration.SIBLING: 2, Consideration.INTERNAL_TRANSFER: 0, Consideration.READMISSION: 3,
               Consideration.CRISIS_OVERFLOW: 2}
    return replace(load_policy("default"), id="weighted", consideration_weights=weights)


POLICIES = st.sampled_from(["default", "waiting-time-first", "weighted"]).map(
    lambda name: weighted() if name == "weighted" else load_policy(name))
FAST = settings(max_examples=150, deadline=None)


def same_order(place: PlaceProfile, pool: RequestPool, policy: Policy, barred: dict[str, str]) -> list[str]:
    """`rank_order` and `rank(...).order` on one pool: equal row for row; returns the candidate ids."""
    lean = rank_order(place, pool, policy, barred=barred or None)
    full = rank(place, pool, policy, barred=barred or None)
    assert lean.dtype == full.order.dtype
    assert np.array_equal(lean, full.order)
    return [pool.ids[row] for row in lean]


@FAST
@given(cases, POLICIES, st.randoms(use_true_random=False))
def test_rank_order_is_the_order_of_rank_on_edge_case_pools(
    case: tuple[PlaceProfile, list[Request], dict[str, str]], policy: Policy, rng: random.Random
) -> None:
    place, requests, barred = case
    expected = same_order(place, RequestPool.of(requests), policy, barred)
    shuffled = list(requests)
    rng.shuffle(shuffled)
    live = LivePool(shuffled)  # another row order, through the simulator's pool
    assert same_order(place, live.view(), policy, barred) == expected


@cache
def flanders() -> SyntheticFlanders:
    return generate("small", 3)


@FAST
@given(POLICIES, st.integers(0, 2**32 - 1))
def test_rank_order_is_the_order_of_rank_on_random_synthetic_pools(policy: Policy, seed: int) -> None:
    world, rng = flanders(), random.Random(seed)
    requests = rng.sample(world.requests, rng.randint(1, min(400, len(world.requests))))
    place = replace(rng.choice(world.places).profile,
                    available_from=world.today + timedelta(days=rng.randint(-30, 400)))
    barred = {r.id: rng.choice(["refused_for_this_vacancy", "offer_withdrawn"])
              for r in rng.sample(requests, min(len(requests), rng.randint(0, 5)))}
    expected = same_order(place, RequestPool.of(requests), policy, barred)
    live = LivePool(requests[: len(requests) // 2])
    for request in requests[len(requests) // 2:]:
        live.add(request)
    for request in rng.sample(requests, len(requests) // 4):  # removed and added again: rows move
        live.remove(request.id)
        live.add(request)
    assert same_order(place, live.view(), policy, barred) == expected


@FAST
@given(POLICIES, st.integers(0, 2**32 - 1))
def test_a_live_pool_changed_in_place_ranks_as_a_fresh_pool(policy: Policy, seed: int) -> None:
    """`LivePool.replace` keeps the per-module index (urgency, region and gender table key, birth date) in step:
    after changed urgencies, birth dates and modules, ranking the view equals ranking a freshly indexed pool."""
    world, rng = flanders(), random.Random(seed)
    requests = rng.sample(world.requests, rng.randint(1, min(300, len(world.requests))))
    place = replace(rng.choice(world.places).profile,
                    available_from=world.today + timedelta(days=rng.randint(-30, 400)))
    live = LivePool(requests)
    current = {r.id: r for r in requests}
    for request in rng.sample(requests, len(requests) // 3):
        change = rng.choice(["urgency", "birth", "modules"])
        if change == "urgency":
            changed = replace(request, urgency=type(request.urgency)(rng.randint(1, 4)))
        elif change == "birth":
            changed = replace(request, birth_date=request.birth_date + timedelta(days=rng.randint(-800, 800)))
        else:
            changed = replace(request, module_types=frozenset({place.module_type}) | request.module_types)
        live.replace(changed)
        current[changed.id] = changed
    fresh = RequestPool.of(sorted(current.values(), key=lambda r: r.id))
    assert same_order(place, live.view(), policy, {}) == same_order(place, fresh, policy, {})


@pytest.mark.parametrize("start", [date(2026, 9, 1), date(2026, 12, 31), date(2027, 1, 1), date(2027, 3, 1)])
def test_rank_order_admits_exactly_the_ages_rank_admits_around_both_age_limits(start: date) -> None:
    """The lean age check (one unsigned comparison, `_passes_after_module`) against the rule codes, for a youth
    born on every day from a week before to a week after each limit's birthday, on a live view and a plain pool."""
    place = a_place(age_min=12, age_max=17, available_from=start)
    requests = [
        a_request(f"R{age:02d}-{shift + 7:02d}", birth_date=born_on_birthday(age, start) + timedelta(days=shift))
        for age in (12, 18) for shift in range(-7, 8)
    ]
    for policy in (load_policy("default"), weighted()):
        admitted = same_order(place, RequestPool.of(requests), policy, {})
        assert same_order(place, LivePool(requests).view(), policy, {}) == admitted
        assert len(admitted) == 8 + 7  # 12 on or before the start; not yet 18 on it
