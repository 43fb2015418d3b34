"""Matching indicators on the hand-made January 2026 (tests/monitoring/world.py)."""

from __future__ import annotations

from plaatsregie.monitoring import indicators as ind
from tests.monitoring.test_supply import rows
from tests.monitoring.world import JANUARY, World


def test_report_to_admission_and_vacancy(world: World) -> None:
    """D-29: time from capacity report to admission, and vacant days after the free date."""
    # K1 reported 17/1, S2 started 31/1 → 14 days; K1 said free on 20/1 → 11 days vacant.
    assert rows(ind.report_to_admission(JANUARY))["Alfa"] == [1, 14.0, 14.0]
    assert rows(ind.report_to_admission(JANUARY))["Bravo"] == [0, None, None]
    vacancy = rows(ind.vacancy_after_free(JANUARY))
    # Place-days 'vrij' in January: P2 from 10/1 = 22 (Alfa); P4 + P5 = 62 (Charlie).
    assert vacancy["Alfa"] == [1, 11.0, 11.0, 22]
    assert vacancy["Charlie"] == [0, None, None, 62]


def test_report_lead_time(world: World) -> None:
    """D-33: how proactively places are reported (lead time)."""
    # K2: 5/1 for 25/1 → 20 days (≥ 14, proactive); K1: 17/1 for 20/1 → 3 days. Median 11.5, 50 % ahead.
    assert rows(ind.report_lead_time(JANUARY))["Alfa"] == [2, 11.5, 50.0]


def test_offers_per_admission(world: World) -> None:
    """D-29, D-33: offers per admission."""
    # Offers in January: O0, O1 → 2; one admission via an offer; K1 needed one offer.
    assert rows(ind.offers_per_admission(JANUARY))["Alfa"] == [2, 1, 1.0, 2.0]


def test_refusals(world: World) -> None:
    """D-32, D-33: refusal rate and reasons per facility and module, and repeated same-reason patterns."""
    assert rows(ind.refusals(JANUARY))["Alfa"] == [2, 1, 50.0, "ernstige drugproblematiek", 1]
    assert rows(ind.refusals(JANUARY))["Charlie"] == [0, 0, None, "—", 0]
    assert rows(ind.refusal_reasons(JANUARY)) == {"ernstige drugproblematiek": [1, 100.0]}
    assert rows(ind.refusals_by_module(JANUARY)) == {"OVBJ": [2, 1, 50.0]}
    assert rows(ind.refusal_trend(JANUARY)) == {"01/2026": [2, 1, 50.0]}
    assert ind.refusal_patterns(JANUARY).rows == []
    assert [list(r) for r in ind.refusal_patterns(JANUARY, min_count=1).rows] == [
        ["Alfa", "ernstige drugproblematiek", 1, 0]]


def test_conditions_collective_cases_and_mandate(world: World) -> None:
    """D-15, D-16, D-32: conditions asked, collective cases, mandate use per step."""
    assert rows(ind.conditions(JANUARY)) == {"ondersteuning": ["—", 1]}
    assert rows(ind.collective_cases(JANUARY)) == {"01/2026": [1, 0]}
    assert rows(ind.mandate_use(JANUARY))["1 – partnerschap en overleg"] == [1, 1, 0, 0]
