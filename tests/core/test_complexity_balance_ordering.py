"""D-28 in matching: a policy may order by the facility's complexity balance, the same measure monitoring shows.

A facility that took clearly more than its share of complex situations (signal +1) gets the less complex
candidate first; one that took clearly fewer (signal -1) the more complex one; within its share (0) the balance
plays no part. It never overtakes what the policy lists before it (urgency, considerations: D-26).
"""

from __future__ import annotations

import pytest
from builders import a_place, a_request, ranked

from plaatsregie.core.complexity import complexity_points
from plaatsregie.core.explain import candidate_components, explain_candidate
from plaatsregie.core.policy import load_policy

POLICY = "complexity-balance"
HEAVY = ["closed_setting", "psychiatric", "aggression"]  # 3 + 2 + 2 = 7 points
LIGHT = ["school_dropout"]  # 0 points


def pool(heavy_waits: int = 100, light_waits: int = 10):
    return [a_request("heavy", needs=HEAVY, waiting_days=heavy_waits),
            a_request("light", needs=LIGHT, waiting_days=light_waits)]


def test_over_its_share_the_less_complex_situation_goes_first():
    """Signal +1: the facility took clearly more than its share; the light case overtakes a longer wait."""
    assert ranked(a_place(complexity_signal=1), pool(), POLICY).candidate_ids == ["light", "heavy"]


def test_under_its_share_the_more_complex_situation_goes_first():
    """Signal -1: the facility took clearly fewer than its share; the heavy case goes first."""
    assert ranked(a_place(complexity_signal=-1), pool(heavy_waits=5, light_waits=500), POLICY).candidate_ids == [
        "heavy", "light"]


@pytest.mark.parametrize("light_waits, expected", [(10, ["heavy", "light"]), (500, ["light", "heavy"])])
def test_within_its_share_the_balance_plays_no_part(light_waits, expected):
    """Signal 0: the later keys (here the waiting time) decide, as without the balance."""
    assert ranked(a_place(complexity_signal=0), pool(light_waits=light_waits), POLICY).candidate_ids == expected


def test_the_balance_never_overtakes_urgency():
    """D-26: lexicographic: a more urgent heavy case stays first at a facility over its share."""
    requests = [a_request("heavy-acute", urgency=1, needs=HEAVY), a_request("light", urgency=2, needs=LIGHT)]
    assert ranked(a_place(complexity_signal=1), requests, POLICY).candidate_ids == ["heavy-acute", "light"]


def test_the_default_policy_ignores_the_signal():
    """Only a policy that lists `complexity_balance` looks at the balance."""
    for signal in (-1, 0, 1):
        assert ranked(a_place(complexity_signal=signal), pool(), "default").candidate_ids == ["heavy", "light"]


def test_the_component_is_the_complexity_points_monitoring_counts():
    """The machine-readable component is `core.complexity.complexity_points` of the youth's needs."""
    ranking = ranked(a_place(complexity_signal=1), pool(), POLICY)
    points = {ranking.candidate_ids[i]: candidate_components(ranking, i)["complexity"] for i in range(2)}
    assert points == {"heavy": complexity_points(HEAVY), "light": complexity_points(LIGHT)} == {"heavy": 7,
                                                                                             "light": 0}
    assert "complexity" not in candidate_components(ranked(a_place(), pool(), "default"), 0)


@pytest.mark.parametrize("signal, words", [
    (1, "duidelijk meer complexe situaties op dan haar aandeel, dus minder complexe situaties gaan voor"),
    (-1, "duidelijk minder complexe situaties op dan haar aandeel, dus complexere situaties gaan voor"),
    (0, "binnen haar aandeel complexe situaties, dus dit speelt geen rol"),
])
def test_the_explanation_says_why_in_words(signal, words):
    """D-22: the facility reads why the balance moved a candidate."""
    ranking = ranked(a_place(complexity_signal=signal), pool(), POLICY)
    text = explain_candidate(ranking, 0)
    assert words in text and "complexiteit" in text
    assert "complexity" in explain_candidate(ranking, 0, lang="en")


def test_the_policy_loads():
    assert load_policy(POLICY).id == POLICY
