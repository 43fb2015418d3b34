"""Agreement with production: the simulator's live, partitioned pools give the candidate orders `rank` gives."""

from __future__ import annotations

import random
from dataclasses import replace
from datetime import timedelta

import pytest

from plaatsregie.core.modules import default_catalogue
from plaatsregie.core.policy import load_policy
from plaatsregie.core.pool import RequestPool
from plaatsregie.core.ranking import rank
from plaatsregie.core.types import Urgency
from plaatsregie.simulation.replay import ReplayStep, replay
from plaatsregie.synth import generate


@pytest.mark.parametrize("policy_id", ["default", "waiting-time-first"])
def test_replayed_history_gives_the_production_candidate_orders(policy_id: str) -> None:
    world = generate("small", 5)
    catalogue = default_catalogue()
    places = [p.profile for p in world.places
              if catalogue.scope_of(p.profile.module_type, p.profile.access, p.profile.cofinanced_by).in_scope]
    rng = random.Random(policy_id)
    pool = list(world.requests[:150])
    waiting = list(world.requests[150:])
    steps = []
    for step in range(40):
        if waiting and rng.random() < 0.5:
            pool.append(waiting.pop())
        if rng.random() < 0.4:
            pool.pop(rng.randrange(len(pool)))
        row = rng.randrange(len(pool))
        pool[row] = replace(pool[row], urgency=Urgency(rng.randint(1, 4)))
        steps.append(ReplayStep(world.today + timedelta(days=7 * step), rng.choice(places), tuple(pool)))
    policy = load_policy(policy_id)
    expected = [
        rank(replace(s.place, available_from=s.day), RequestPool.of(s.pool), policy).candidate_ids for s in steps
    ]
    assert replay(steps, policy) == expected
    assert any(expected)
