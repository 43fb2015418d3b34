"""`LivePool`: a pool changed request by request ranks exactly as `RequestPool.of` of the same requests."""

from __future__ import annotations

import random
from dataclasses import replace
from datetime import date

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


def test_an_urgency_step_writes_what_a_full_replacement_writes() -> None:
    """`replace` of a request that differs only in urgency (every other field the same object) writes one cell;
    the same change with equal but new field objects takes the full path: both give the same columns, indexes
    and candidates."""
    world = generate("small", 2)
    requests = list(world.requests[:80])
    quick, full = LivePool(requests), LivePool(requests)
    module = sorted(requests[0].module_types)[0]
    quick.view().rows_asking(module), full.view().rows_asking(module)  # a module index kept up to date after
    for request in requests[::3]:
        urgency = Urgency(5 - int(request.urgency))
        quick.replace(replace(request, urgency=urgency))
        full.replace(replace(
            request, urgency=urgency, module_types=frozenset(request.module_types), needs=frozenset(request.needs),
            birth_date=date.fromordinal(request.birth_date.toordinal())))
    a, b = quick.view(), full.view()
    for column in ("urgency", "needs", "birth_year", "module_bits", "registered", "crisis_overflow"):
        assert getattr(a, column).tolist() == getattr(b, column).tolist()
    assert a.rows_asking(module).urgency.tolist() == b.rows_asking(module).urgency.tolist()
    policy = load_policy("default")
    for place in world.places[:40]:
        assert rank(place.profile, a, policy).candidate_ids == rank(place.profile, b, policy).candidate_ids
