"""Complexity spread (D-28) and flows (D-19, D-35) on the hand-made January 2026."""

from __future__ import annotations

from datetime import date

from plaatsregie.core import complexity
from plaatsregie.monitoring import indicators as ind
from tests.monitoring.test_supply import rows
from tests.monitoring.world import JANUARY, World


def test_complexity_points_from_needs_not_urgency() -> None:
    """D-28: complexity is measured from needs flags, not urgency."""
    assert complexity.complexity_points(["closed_setting", "psychiatric"]) == 5
    assert complexity.complexity_points(["school_dropout", "parenting_support"]) == 0


def test_age_weight_fades_after_the_full_period() -> None:
    """D-28: older admissions count less after a configurable period."""
    start = date(2024, 1, 1)
    assert complexity.age_weight(start, date(2024, 12, 1), 365, 365) == 1.0
    assert complexity.age_weight(start, date(2025, 7, 2), 365, 365) == 1.0 - 183 / 365
    assert complexity.age_weight(start, date(2027, 1, 1), 365, 365) == 0.0


def test_balance_against_fair_share_by_places(world: World) -> None:
    """D-28: the balance per facility against its fair share by capacity."""
    # Points taken (both stays within a year of 31/1): S1 drugs 2 + S2 closed_setting 3 + psychiatric 2 = 7,
    # all at Alfa. Places: Alfa 2, Bravo 0, Charlie 3 → fair shares 2.8, 0, 4.2.
    table = rows(ind.complexity_balance(JANUARY))
    assert table["Alfa"] == [1, 5.0, 100.0, 2, 7.0, 2.8, 4.2, "meer dan aandeel"]
    assert table["Bravo"] == [0, None, None, 0, 0.0, 0.0, 0.0, "binnen aandeel"]
    assert table["Charlie"][3:] == [3, 0.0, 4.2, -4.2, "minder dan aandeel"]
    # The same balance from the pure function a prioritisation policy can use:
    pure = complexity.balances({"A": 7.0}, {"A": 2, "B": 0, "C": 3})
    assert round(pure["A"].balance, 1) == 4.2 and pure["C"].signal == -1


def test_older_admissions_count_less(world: World) -> None:
    """D-28: the balance with faded older admissions."""
    # With a 30-day full period fading over 60 days: S2 (0 days old) counts 1 × 5; S1 (47 days) 1 - 17/60.
    table = rows(ind.complexity_balance(JANUARY, full_days=30, fade_days=60))
    assert table["Alfa"][4] == round(5 + 2 * (1 - 17 / 60), 1)


def test_complexity_distribution(world: World) -> None:
    """D-28, D-32: the spread of complexity over facilities."""
    assert rows(ind.complexity_distribution(JANUARY))["5"] == [1, 100.0]


def test_inflow_outflow_and_readmissions(world: World) -> None:
    """D-19, D-20, D-35: inflow via central placement vs internal flow, outflow, length of stay, readmissions."""
    assert rows(ind.inflow(JANUARY))["Alfa"] == [1, 0, 0.0]  # S2 central; S1 (internal) started in December
    # S1 ended 11/1 after 27 days, announced; S2 runs at the end.
    assert rows(ind.outflow(JANUARY))["Alfa"] == [1, 27.0, 27.0, 100.0, 1]
    assert rows(ind.length_of_stay(JANUARY)) == {"OVBJ": [1, 27.0, 27.0]}
    # S2: youth Y's previous stay ended 11/1, 20 days before → a readmission.
    assert rows(ind.readmissions(JANUARY))["Alfa"] == [1, 1, 100.0]
    assert rows(ind.readmissions(JANUARY))["Bravo"] == [0, 0, None]


def test_a_stay_that_ended_exactly_the_window_before_counts_on_both_databases(world: World) -> None:
    """D-35: "at most N days before" includes the N-th day — on SQLite as on PostgreSQL, in the query a dashboard
    runs (`_stay_query`) and in the one for another window."""
    from plaatsregie.monitoring.indicators.flows import _stay_query

    # S2 started 31/1, youth Y's previous stay ended 11/1: exactly 20 days before.
    assert rows(ind.readmissions(JANUARY, within_days=20))["Alfa"] == [1, 1, 100.0]
    assert rows(ind.readmissions(JANUARY, within_days=19))["Alfa"] == [1, 0, 0.0]
    for days, expected in ((20, 1), (19, 0)):
        assert sum(row["re_n"] for row in _stay_query(JANUARY, within_days=days).by_facility.values()) == expected


def test_matching_uses_the_balance_monitoring_shows(world: World) -> None:
    """D-28: the balance a prioritisation policy orders by is the dashboard's, per facility, on the same day."""
    from plaatsregie.core.policy import load_policy
    from plaatsregie.monitoring.indicators.complexity import facility_balances
    from plaatsregie.web.management.commands.rank import rank_stored_place

    nothing = complexity.Balance(0.0, 0.0, 0)  # a facility without places that took nothing
    balances = {ref: facility_balances(JANUARY.end).get(ref, nothing) for ref in ("VZ-A", "VZ-B", "VZ-C")}
    table = rows(ind.complexity_balance(JANUARY))
    for ref, name in (("VZ-A", "Alfa"), ("VZ-B", "Bravo"), ("VZ-C", "Charlie")):
        assert round(balances[ref].balance, 1) == table[name][6]
    assert [balances[ref].signal for ref in ("VZ-A", "VZ-B", "VZ-C")] == [1, 0, -1]
    # Ranking a place at Alfa (over its share) under the policy that orders by the balance: the signal is frozen
    # with the place; under the default policy the balance is not even computed.
    balanced, _, _ = rank_stored_place("P2", load_policy("complexity-balance"), JANUARY.end)
    assert balanced.place.complexity_signal == 1
    plain, _, _ = rank_stored_place("P2", load_policy("default"), JANUARY.end)
    assert plain.place.complexity_signal == 0
