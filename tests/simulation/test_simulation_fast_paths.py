"""The simulator's shortcuts leave every candidate order as production's: each ranking of a run, as `rank` ranks it.

A run ranks through `LivePool` views that share one table of home distances (`HomeDistances`), need no module
index (a partition's requests all ask for its module), reuse one profile object per place and remember scope
decisions (`engine.Run`); none of that may change an order.
"""

from __future__ import annotations

import math
from dataclasses import replace
from typing import Any

import numpy as np
import pytest

from plaatsregie.core.geo import haversine_km
from plaatsregie.core.live_pool import HomeDistances
from plaatsregie.core.modules import default_catalogue
from plaatsregie.core.policy import load_policy
from plaatsregie.core.pool import RequestPool
from plaatsregie.core.ranking import rank
from plaatsregie.core.types import Location
from plaatsregie.simulation import vacancies
from plaatsregie.simulation.engine import Run
from plaatsregie.simulation.scenario import Scenario
from plaatsregie.simulation.streams import Streams
from plaatsregie.simulation.world import build_world


@pytest.mark.parametrize("policy_id", ["default", "complexity-balance"])
def test_every_ranking_of_a_run_is_the_production_ranking(
    small: Scenario, policy_id: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    policy, catalogue = load_policy(policy_id), default_catalogue()
    original, checked = vacancies.rank_order, []

    def checked_rank_order(place: Any, pool: RequestPool, *args: Any, **kwargs: Any) -> Any:
        order = original(place, pool, *args, **kwargs)
        production = rank(replace(place), RequestPool.of(pool.given or ()), policy, catalogue=catalogue,
                          barred=kwargs.get("barred"))
        assert [pool.ids[row] for row in order.tolist()] == production.candidate_ids
        checked.append(len(order))
        return order

    monkeypatch.setattr(vacancies, "rank_order", checked_rank_order)
    run = Run(small, policy, build_world(small), Streams.of(3, 0), 0.5)
    run.run()
    assert len(checked) == run.rank_calls > 50 and sum(checked) > 0


def test_home_distances_are_the_doubles_ranking_computes() -> None:
    rng = np.random.default_rng(5)
    homes: list[Location | None] = [Location(float(lat), float(lon)) for lat, lon in zip(
        np.round(rng.uniform(50.7, 51.4, 300), 5), np.round(rng.uniform(2.6, 5.8, 300), 5), strict=True)]
    homes[7] = None
    table = HomeDistances(homes[:200])
    point = (math.radians(51.05), math.radians(3.72))
    table.column(*point)  # a column exists before the next homes arrive
    indices = np.array([table.home(home) for home in homes], dtype=np.int64)
    lat = np.array([math.nan if h is None else math.radians(h.lat) for h in homes])
    lon = np.array([math.nan if h is None else math.radians(h.lon) for h in homes])
    for to in (point, (math.radians(50.85), math.radians(4.35))):
        expected = haversine_km(lat, lon, *to)
        assert np.array_equal(table.column(*to)[indices], expected, equal_nan=True)
        rows = rng.permutation(len(homes))[:40]
        assert np.array_equal(table.column(*to)[indices[rows]], haversine_km(lat[rows], lon[rows], *to),
                              equal_nan=True)
    assert np.isnan(table.column(*point)[table.home(None)]) and len(table) == 300
