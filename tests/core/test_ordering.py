"""The order of eligible candidates (D-11, D-26): each component of the default policy, key by key."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from builders import FACILITY, a_place, a_request, order, ranked

from plaatsregie.core.policy import load_policy

SHIPPED_DEFAULT = Path(load_policy("default").source)


def weighted_policy(tmp_path: Path, **weights: int) -> str:
    """A copy of the default policy with other consideration weights; returns its path."""
    text = SHIPPED_DEFAULT.read_text(encoding="utf-8").replace('id = "default"', 'id = "weighted"')
    for name, weight in weights.items():
        assert f"{name} = 1" in text
        text = text.replace(f"{name} = 1", f"{name} = {weight}")
    path = tmp_path / "weighted.toml"
    path.write_text(text, encoding="utf-8")
    return str(path)


# --- urgency (D-26) -----------------------------------------------------------------------------------------


def test_higher_urgency_always_first_whatever_the_waiting_time():
    """D-26: scarce capacity goes to the highest urgency, not to waiting time or administrative order."""
    pool = [
        a_request("long-wait", urgency=2, waiting_days=2000),
        a_request("acute", urgency=1, waiting_days=1),
    ]
    assert order(a_place(), pool) == ["acute", "long-wait"]


def test_higher_urgency_first_even_against_every_other_advantage():
    """D-26: urgency is compared first and no later component can overtake it (lexicographic order)."""
    pool = [
        a_request(
            "everything-but-urgency", urgency=3, waiting_days=3000, km=1, needs=["trauma", "drugs"],
            sibling_facility_ids=FACILITY, readmission_facility_id=FACILITY, crisis_overflow=True,
        ),
        a_request("urgent", urgency=2, waiting_days=0, km=80),
    ]
    place = a_place(ideal_profile=["trauma", "drugs"])
    assert order(place, pool) == ["urgent", "everything-but-urgency"]


def test_candidates_come_in_urgency_classes_one_to_four():
    """D-26: every urgency class in order, whatever order the pool lists them in."""
    pool = [a_request(f"U{u}", urgency=u, waiting_days=10 * u) for u in (3, 1, 4, 2)]
    assert order(a_place(), pool) == ["U1", "U2", "U3", "U4"]


# --- considerations of step 3 (D-10) -------------------------------------------------------------------


def test_a_sibling_already_placed_at_the_facility_moves_a_youth_ahead_of_an_equally_urgent_one():
    """D-10: siblings (brussen) placed at this facility count, before distance, fit and waiting time."""
    pool = [
        a_request("waits-longer", waiting_days=900, km=1),
        a_request("has-sibling", sibling_facility_ids=FACILITY, waiting_days=10, km=40),
    ]
    assert order(a_place(), pool) == ["has-sibling", "waits-longer"]


def test_a_sibling_at_another_facility_does_not_count():
    """D-10: the consideration is a sibling at *this* facility."""
    pool = [
        a_request("waits-longer", waiting_days=900),
        a_request("sibling-elsewhere", sibling_facility_ids="F2", waiting_days=10),
    ]
    assert order(a_place(), pool) == ["waits-longer", "sibling-elsewhere"]


@pytest.mark.parametrize(
    "consideration",
    [
        {"internal_transfer_facility_id": FACILITY},
        {"readmission_facility_id": FACILITY},
        {"crisis_overflow": True},
    ],
    ids=["internal_transfer", "readmission", "crisis_overflow"],
)
def test_internal_transfer_readmission_and_crisis_overflow_each_move_a_youth_ahead(consideration):
    """D-10, D-19: an internal RTJ→NRTJ transfer to, a readmission at this facility, or crisis overflow."""
    pool = [
        a_request("waits-longer", waiting_days=900, km=1),
        a_request("special", waiting_days=10, km=40, **consideration),
    ]
    assert order(a_place(), pool) == ["special", "waits-longer"]


@pytest.mark.parametrize(
    "elsewhere",
    [{"internal_transfer_facility_id": "F2"}, {"readmission_facility_id": "F2"}],
    ids=["internal_transfer", "readmission"],
)
def test_a_transfer_or_readmission_to_another_facility_does_not_count(elsewhere):
    """D-10: internal transfer and readmission are tied to the facility that offers the place."""
    pool = [a_request("waits-longer", waiting_days=900), a_request("elsewhere", waiting_days=10, **elsewhere)]
    assert order(a_place(), pool) == ["waits-longer", "elsewhere"]


def test_two_considerations_beat_one():
    """D-10: the default policy counts the special situations that apply: more first."""
    pool = [
        a_request("one", sibling_facility_ids=FACILITY, waiting_days=900),
        a_request("two", crisis_overflow=True, readmission_facility_id=FACILITY, waiting_days=10),
    ]
    assert order(a_place(), pool) == ["two", "one"]


def test_all_four_considerations_beat_three():
    """D-10: four special situations beat three."""
    three = {"sibling_facility_ids": FACILITY, "internal_transfer_facility_id": FACILITY, "crisis_overflow": True}
    pool = [
        a_request("three", waiting_days=900, **three),
        a_request("four", waiting_days=10, readmission_facility_id=FACILITY, **three),
    ]
    assert order(a_place(), pool) == ["four", "three"]


def test_a_weighted_consideration_policy_can_put_one_heavy_situation_before_two_light_ones(tmp_path):
    """D-10: the policy may weight the considerations; readmission weighing 3 beats sibling + crisis (2)."""
    pool = [
        a_request("sibling-and-crisis", sibling_facility_ids=FACILITY, crisis_overflow=True),
        a_request("readmission", readmission_facility_id=FACILITY),
    ]
    assert order(a_place(), pool) == ["sibling-and-crisis", "readmission"]
    assert order(a_place(), pool, weighted_policy(tmp_path, readmission=3)) == ["readmission", "sibling-and-crisis"]


def test_a_consideration_weighted_zero_no_longer_moves_a_youth_ahead(tmp_path):
    """D-10: weight 0 switches a consideration off; waiting time decides again."""
    pool = [a_request("crisis", crisis_overflow=True, waiting_days=10), a_request("waits-longer", waiting_days=900)]
    assert order(a_place(), pool) == ["crisis", "waits-longer"]
    assert order(a_place(), pool, weighted_policy(tmp_path, crisis_overflow=0)) == ["waits-longer", "crisis"]


# --- distance to the context, in bands (D-11) --------------------------------------------------------


def test_distance_bands_24_km_beats_30_km_beats_60_km():
    """D-11: the family's context counts: ≤ 25 km, ≤ 50 km, further — even against longer waiting."""
    pool = [
        a_request("60km", km=60, waiting_days=900),
        a_request("30km", km=30, waiting_days=500),
        a_request("24km", km=24, waiting_days=10),
    ]
    assert order(a_place(), pool) == ["24km", "30km", "60km"]


def test_inside_the_same_distance_band_waiting_time_decides():
    """D-11: distance counts in bands, not kilometres: 24 km and 5 km are both near."""
    pool = [a_request("5km", km=5, waiting_days=10), a_request("24km", km=24, waiting_days=300)]
    assert order(a_place(), pool) == ["24km", "5km"]


def test_inside_the_farthest_band_waiting_time_decides():
    """D-11: 60 km and 200 km are both in the last band."""
    pool = [a_request("60km", km=60, waiting_days=10), a_request("200km", km=200, waiting_days=300)]
    assert order(a_place(), pool) == ["200km", "60km"]


def test_the_band_limit_belongs_to_the_nearer_band():
    """D-11: the bands are ≤ 25 km and ≤ 50 km: just under 25 km is near, just over is not."""
    pool = [a_request("25.01km", km=25.01, waiting_days=300), a_request("24.99km", km=24.99, waiting_days=10)]
    assert order(a_place(), pool) == ["24.99km", "25.01km"]


def test_an_unknown_home_counts_as_the_farthest_band():
    """D-11: without a known context location the youth gets no distance advantage (last band)."""
    pool = [a_request("unknown", km=None, waiting_days=300), a_request("60km", km=60, waiting_days=10)]
    assert order(a_place(), pool) == ["unknown", "60km"]
    pool = [a_request("unknown", km=None, waiting_days=300), a_request("30km", km=30, waiting_days=10)]
    assert order(a_place(), pool) == ["30km", "unknown"]


def test_a_place_without_location_puts_everyone_in_one_band():
    """D-11: without the place's location distance cannot decide; waiting time does."""
    pool = [a_request("near", km=1, waiting_days=10), a_request("far", km=90, waiting_days=300)]
    assert order(a_place(location=None), pool) == ["far", "near"]


def test_considerations_come_before_distance():
    """D-10, D-11: a sibling at the facility outweighs a nearer home under the default policy."""
    pool = [a_request("near", km=1), a_request("far-sibling", km=90, sibling_facility_ids=FACILITY)]
    assert order(a_place(), pool) == ["far-sibling", "near"]


# --- profile fit (D-4, D-11) -------------------------------------------------------------------------


def test_more_needs_matching_the_ideal_profile_come_first():
    """D-4, D-11: the profile the facility would ideally see: more matching needs first."""
    place = a_place(ideal_profile=["trauma", "school_dropout"])
    pool = [
        a_request("none", needs=["drugs"], waiting_days=900),
        a_request("one", needs=["trauma", "drugs"], waiting_days=500),
        a_request("two", needs=["trauma", "school_dropout"], waiting_days=10),
    ]
    assert order(place, pool) == ["two", "one", "none"]


def test_distance_comes_before_profile_fit():
    """D-11: under the default policy a nearer band beats a better fit."""
    place = a_place(ideal_profile=["trauma"])
    pool = [a_request("fits-far", needs="trauma", km=40), a_request("near", km=10)]
    assert order(place, pool) == ["near", "fits-far"]


def test_a_place_without_ideal_profile_lets_waiting_time_decide():
    """D-4: with no ideal profile, every request fits equally (0)."""
    pool = [a_request("needs", needs=["trauma"], waiting_days=10), a_request("waits", waiting_days=300)]
    assert order(a_place(), pool) == ["waits", "needs"]


# --- waiting time and the final tie-break -------------------------------------------------------


def test_waiting_time_breaks_a_tie_on_every_other_component():
    """D-26: waiting time only breaks ties; the longer wait goes first."""
    pool = [a_request("R1", waiting_days=10), a_request("R2", waiting_days=300), a_request("R3", waiting_days=50)]
    assert order(a_place(), pool) == ["R2", "R3", "R1"]


def test_waiting_time_is_counted_up_to_the_day_the_place_is_available():
    """D-7, D-26: waiting time is measured on available_from (a place announced ahead counts ahead)."""
    pool = [a_request("R1", registered_on=date(2026, 1, 1))]
    ranking = ranked(a_place(available_from=date(2026, 3, 1)), pool)
    assert ranking.components["waiting_days"].tolist() == [59]


def test_the_final_tie_break_compares_ids_as_strings():
    """D-25: the order is deterministic; on a complete tie the id decides as a string: "10" < "9"."""
    pool = [a_request("9"), a_request("10"), a_request("100"), a_request("11")]
    assert order(a_place(), pool) == ["10", "100", "11", "9"]


def test_the_tie_break_does_not_depend_on_the_pool_order():
    """D-25: the same pool listed in another order gives the same ranking."""
    pool = [a_request("b"), a_request("a"), a_request("C"), a_request("c")]
    assert order(a_place(), pool) == order(a_place(), list(reversed(pool))) == ["C", "a", "b", "c"]


# --- other policies (D-26: the choice is explicit and visible) ------------------------------------


def test_the_waiting_time_first_policy_orders_differently_from_the_default_on_the_same_input():
    """D-26: the waiting-time-first policy puts the longest wait first; the default puts urgency first."""
    pool = [a_request("acute", urgency=1, waiting_days=10), a_request("long-wait", urgency=3, waiting_days=700)]
    assert order(a_place(), pool, "default") == ["acute", "long-wait"]
    assert order(a_place(), pool, "waiting-time-first") == ["long-wait", "acute"]


def test_the_waiting_time_first_policy_uses_urgency_on_equal_waiting_time():
    """D-26: in the classic waiting list, urgency decides only on an equal wait."""
    pool = [a_request("U3", urgency=3, waiting_days=100), a_request("U2", urgency=2, waiting_days=100)]
    assert order(a_place(), pool, "waiting-time-first") == ["U2", "U3"]


def test_the_waiting_time_first_policy_ignores_profile_fit():
    """D-26: profile_fit is not one of its keys; the id decides after distance."""
    place = a_place(ideal_profile=["trauma"])
    pool = [a_request("b-fits", needs="trauma"), a_request("a-plain")]
    assert order(place, pool, "default") == ["b-fits", "a-plain"]
    assert order(place, pool, "waiting-time-first") == ["a-plain", "b-fits"]
