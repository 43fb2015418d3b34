"""`LivePool`: a pool changed request by request ranks exactly as `RequestPool.of` of the same requests."""

from __future__ import annotations

import random
from dataclasses import replace

import pytest

from plaatsregie.core.errors import InputError
from plaatsregie.core.live_pool import LivePool
from plaatsregie.core.modules import default_catalogue
from plaatsregie.core.policy import load_policy
from plaatsregie.core.pool import RequestPool
from plaatsregie.core.ranking import rank
from plaatsregie.core.types import Urgency
from plaatsregie.synth import generate


def test_adds_removes_and_replacements_rank_like_a_fresh_pool() -> None:
    world = generate("small", 2)
    catalogue = default_catalogue()
    places = [p.profile for p in world.places
              if catalogue.scope_of(p.profile.module_type, p.profile.access, p.profile.cofinanced_by).in_scope]
    policy, rng = load_policy("default"), random.Random(1)
    requests = list(world.requests)
    rng.shuffle(requests)  # ids arrive out of string order too
    live, current = LivePool(requests[:60]), {r.id: r for r in requests[:60]}
    for request in requests[60:]:
        live.add(request)
        current[request.id] = request
        victim = rng.choice(sorted(current))
        if rng.random() < 0.5:
            assert live.remove(victim) == current.pop(victim)
        else:
            current[victim] = replace(current[victim], urgency=Urgency(rng.randint(1, 4)))
            live.replace(current[victim])
        place = rng.choice(places)
        view = live.view()
        assert rank(place, view, policy).candidate_ids == rank(place, RequestPool.of(list(current.values())),
                                                               policy).candidate_ids
        assert sorted(view.ids) == sorted(current) and len(live) == len(current)
        assert all(view.request(view.row_of[i]) == r for i, r in current.items())


def test_a_duplicate_id_is_an_input_error() -> None:
    request = generate("small", 2).requests[0]
    with pytest.raises(InputError, match="more than once"):
        LivePool([request, request])


def test_the_view_columns_read_the_requests() -> None:
    requests = generate("small", 2).requests[:5]
    view = LivePool(requests).view()
    assert list(view.columns.ids) == [r.id for r in requests]
    assert view.columns.request(2) == requests[2]


def test_module_indexes_built_on_demand_follow_changes_of_modules() -> None:
    """A module's index is built when a view first asks for it and kept up to date after: module changes
    (`replace` with other modules), removals that move rows, and modules asked for only later. Facilities
    have codes while a request names them."""
    world = generate("small", 2)
    policy, rng = load_policy("default"), random.Random(2)
    requests = list(world.requests[:120])
    modules = sorted({m for r in requests for m in r.module_types})
    facilities = sorted({p.profile.facility_id for p in world.places})[:3]
    live, current = LivePool(requests[:40]), {r.id: r for r in requests[:40]}
    asked: list[str] = []
    for step, request in enumerate(requests[40:]):
        live.add(request)
        current[request.id] = request
        victim = rng.choice(sorted(current))
        if step % 3 == 0:
            live.remove(victim)
            del current[victim]
        else:
            changed = replace(current[victim], module_types=frozenset(rng.sample(modules, rng.randint(1, 2))),
                              readmission_facility_id=rng.choice([None, *facilities]))
            live.replace(changed)
            current[victim] = changed
        view, fresh = live.view(), RequestPool.of(list(current.values()))
        if step % 5 == 0:
            asked.append(rng.choice(modules))
        for module in asked:
            rows, expected = view.rows_asking(module), fresh.rows_asking(module)
            assert sorted(view.ids[r] for r in rows.rows) == sorted(fresh.ids[r] for r in expected.rows)
            assert sorted(zip(rows.birth.tolist(), rows.urgency.tolist(), rows.region_gender.tolist(), strict=True)) \
                == sorted(zip(expected.birth.tolist(), expected.urgency.tolist(), expected.region_gender.tolist(),
                              strict=True))
        assert set(view.module_rows) == set(fresh.module_rows) and len(view.module_rows) == len(fresh.module_rows)
        assert set(view.facility_code) == set(fresh.facility_code)  # only facilities a request names now
    assert asked
    for place in [p.profile for p in world.places if p.profile.module_type in asked][:20]:
        assert rank(place, live.view(), policy).candidate_ids == rank(
            place, RequestPool.of(list(current.values())), policy).candidate_ids
