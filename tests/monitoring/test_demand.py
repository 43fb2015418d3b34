"""Demand indicators on the hand-made January 2026: R1 admitted on the last day, R2 waiting, R3 withdrawn."""

from __future__ import annotations

from plaatsregie.core.stats import wilson_interval
from plaatsregie.monitoring import indicators as ind
from tests.monitoring.test_supply import rows
from tests.monitoring.world import JANUARY, World


def test_pool_at_the_end_of_the_period(world: World) -> None:
    """D-34: the waiting pool by urgency, region, module, age band and gender."""
    # 31/1: R1 was admitted that day (not waiting), R3 withdrawn on 20/1, R0 admitted long ago: only R2.
    assert rows(ind.pool_by(JANUARY, "urgency"))["1 – acuut"] == [1]
    assert sum(r[1] for r in ind.pool_by(JANUARY, "urgency").rows) == 1
    assert rows(ind.pool_by(JANUARY, "region")) == {"Antwerpen": [1]}
    assert rows(ind.pool_by(JANUARY, "module")) == {"OVBJ": [1]}
    assert rows(ind.pool_by(JANUARY, "age_band"))["6-11 jaar"] == [1]  # born 1/6/2014: 11 on 31/1/2026
    assert rows(ind.pool_by(JANUARY, "gender"))["jongen"] == [1]


def test_pool_evolution_counts_the_last_day_of_each_month(world: World) -> None:
    """D-34: the evolution of the waiting pool."""
    from dataclasses import replace
    from datetime import date

    table = ind.pool_evolution(replace(JANUARY, start=date(2025, 11, 1)))
    # 30/11: R0 (urgency 2) waiting; 31/12: R1 (urgency 1; R0 admitted 15/12); 31/1: R2 (urgency 1).
    assert rows(table) == {"11/2025": [0, 1, 0, 0, 1], "12/2025": [1, 0, 0, 0, 1], "01/2026": [1, 0, 0, 0, 1]}


def test_waiting_times(world: World) -> None:
    """D-34: waiting time, median and 90th percentile, admitted and still waiting."""
    acute = rows(ind.waiting_times(JANUARY))["1 – acuut"]
    # R1: registered 1/12/2025, admitted 31/1/2026 via an offer → 61 days; R2 waiting since 1/1 → 30 days.
    assert acute == [1, 61.0, 61.0, 1, 30.0, 30.0]


def test_stale_requests(world: World) -> None:
    """D-34: requests not confirmed for too long."""
    # R2 last confirmed 1/1: 30 days before 31/1, within the 42-day period → not stale.
    assert rows(ind.stale_requests(JANUARY))["1 – acuut"] == [1, 0, 0.0]


def test_equity_with_group_sizes_and_wilson_interval(world: World) -> None:
    """D-34: access equity for flagged groups, with group sizes and confidence."""
    table = rows(ind.equity(JANUARY))
    # Registered in January: R2 (school_dropout) and R3; neither admitted by 31/1.
    assert table["Alle aanmeldingen"] == [2, 0, 0.0, 0.0, 65.8, None]
    assert table["schooluitval"] == [1, 0, 0.0, 0.0, 79.3, None]
    assert table["armoede"] == [0, 0, None, None, None, None]  # not recorded: no figure, no interval


def test_wilson_interval_by_hand() -> None:
    """D-34: the confidence interval that keeps small groups from misleading."""
    low, high = wilson_interval(5, 10) or (0, 0)
    assert round(low, 4) == 0.2366 and round(high, 4) == 0.7634
    assert wilson_interval(0, 0) is None
