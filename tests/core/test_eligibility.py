"""Who may be a candidate for a place at all (D-1, D-2, D-10): every eligibility rule and their order."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest
from builders import (
    START,
    a_place,
    a_request,
    born_on_birthday,
    excluded,
    order,
    ranked,
)

from plaatsregie.core.errors import UnknownModuleError
from plaatsregie.core.policy import load_policy
from plaatsregie.core.types import Access, Region

SHIPPED_DEFAULT = Path(load_policy("default").source)


def policy_file(tmp_path: Path, old: str, new: str) -> Path:
    """A copy of the default policy with one line changed."""
    text = SHIPPED_DEFAULT.read_text(encoding="utf-8")
    assert old in text
    path = tmp_path / "variant.toml"
    path.write_text(text.replace(old, new).replace('id = "default"', 'id = "variant"'), encoding="utf-8")
    return path


# --- module scope (D-1, D-2) ------------------------------------------------------------------------------


@pytest.mark.parametrize("module", ["CRISISVERBLIJF", "TIME-OUT"])
def test_an_out_of_scope_module_gives_no_candidates_and_excludes_everyone_under_module_scope(module):
    """D-2: crisis stays and time-outs are filled by their own logic: no candidate list, all excluded."""
    place = a_place(module_type=module)
    pool = [a_request("R1", module_types=module), a_request("R2", module_types="OVBJ")]
    ranking = ranked(place, pool)
    assert ranking.candidate_ids == []
    assert ranking.excluded_rule_by_id() == {"R1": "module_scope", "R2": "module_scope"}
    assert not ranking.scope.in_scope


@pytest.mark.parametrize("module", ["CKG", "CIG"])
def test_an_rtj_place_in_a_ckg_or_cig_is_out_of_scope(module):
    """D-2: RTJ verblijf in CKG and CIG is out of scope, decided by module and access route together."""
    pool = [a_request("R1", module_types=module, age=3), a_request("R2", module_types=module, age=4)]
    place = a_place(module_type=module, access=Access.RTJ, age_min=0, age_max=12)
    assert order(place, pool) == []
    assert excluded(place, pool) == {"R1": "module_scope", "R2": "module_scope"}


@pytest.mark.parametrize("module", ["CKG", "CIG"])
def test_an_nrtj_place_in_a_ckg_or_cig_is_in_scope(module):
    """D-1: NRTJ CKG and CIG are in scope; only their RTJ places are not (D-2)."""
    pool = [a_request("R1", module_types=module, age=3)]
    place = a_place(module_type=module, access=Access.NRTJ, age_min=0, age_max=12)
    assert order(place, pool) == ["R1"]


def test_an_rtj_place_in_another_in_scope_module_stays_in_scope():
    """D-2: the RTJ exclusion is data for CKG and CIG only; an RTJ OVBJ place is still centrally placed."""
    assert order(a_place(access=Access.RTJ), [a_request("R1")]) == ["R1"]


@pytest.mark.parametrize("module", ["OVBJ", "OBC", "CKG"])
def test_a_place_cofinanced_by_fedasil_is_out_of_scope_whatever_its_module(module):
    """D-2: places co-financed by Fedasil are out of scope, whatever the module."""
    place = a_place(module_type=module, cofinanced_by="Fedasil", age_min=0, age_max=17)
    pool = [a_request("R1", module_types=module)]
    assert order(place, pool) == []
    assert excluded(place, pool) == {"R1": "module_scope"}


@pytest.mark.parametrize("module", ["KWE", "CBAW"])
def test_a_non_residential_module_gives_no_candidates(module):
    """D-2: KWE and CBAW are not residential forms: no central placement, everyone excluded."""
    place = a_place(module_type=module)
    pool = [a_request("R1", module_types=module), a_request("R2")]
    assert order(place, pool) == []
    assert excluded(place, pool) == {"R1": "module_scope", "R2": "module_scope"}


def test_an_out_of_scope_place_reports_module_scope_even_for_requests_failing_later_rules():
    """D-2: scope is the first rule; a too old boy from another region is still excluded under module_scope."""
    place = a_place(module_type="TIME-OUT", genders="F")
    pool = [a_request("R1", age=19, gender="M", region=Region.LIMBURG, urgency=4)]
    assert excluded(place, pool) == {"R1": "module_scope"}


def test_an_out_of_scope_place_with_an_empty_pool_gives_an_empty_ranking():
    """D-2: no candidates and nothing to exclude."""
    ranking = ranked(a_place(module_type="KWE"), [])
    assert ranking.candidate_ids == [] and ranking.excluded_rule_by_id() == {}


def test_an_unknown_module_code_on_the_place_is_an_error_naming_it():
    """D-1: the system must know the scope per module; an unknown code is refused, by name."""
    with pytest.raises(UnknownModuleError, match="'RESIDENTIEEL-X'"):
        ranked(a_place(module_type="RESIDENTIEEL-X"), [a_request("R1")])


# --- module requested (D-10) ------------------------------------------------------------------------------


def test_a_request_for_another_module_is_excluded_under_module_requested():
    """D-10: only youths who asked for the place's module qualify."""
    pool = [a_request("R1", module_types="OBC"), a_request("R2", module_types=["OBC", "OVBJ"])]
    place = a_place()
    assert order(place, pool) == ["R2"]
    assert excluded(place, pool) == {"R1": "module_requested"}


def test_a_request_without_any_module_is_excluded_under_module_requested():
    """D-10: a request that names no module cannot match any place."""
    assert excluded(a_place(), [a_request("R1", module_types=[])]) == {"R1": "module_requested"}


def test_when_nobody_asks_for_the_module_everyone_is_excluded_under_module_requested():
    """D-10: a pool without a single request for the place's module."""
    pool = [a_request("R1", module_types="OBC"), a_request("R2", module_types="GES+")]
    assert excluded(a_place(module_type="CIG"), pool) == {"R1": "module_requested", "R2": "module_requested"}


# --- age (D-4, D-10), in completed years on available_from, bounds inclusive ---------------------------------


def test_a_youth_who_turns_12_on_the_day_the_place_is_available_fits_12_to_17():
    """D-4: age is in completed years on available_from; the lower bound is inclusive."""
    pool = [a_request("R1", birth_date=born_on_birthday(12))]
    assert order(a_place(age_min=12, age_max=17), pool) == ["R1"]


def test_a_youth_who_turns_12_the_day_after_is_excluded_under_age():
    """D-4: one day too young is too young."""
    pool = [a_request("R1", birth_date=born_on_birthday(12) + timedelta(days=1))]
    assert excluded(a_place(age_min=12, age_max=17), pool) == {"R1": "age"}


def test_a_youth_who_turns_18_on_the_day_the_place_is_available_does_not_fit_12_to_17():
    """D-4: on the 18th birthday the youth is 18, outside 12–17."""
    pool = [a_request("R1", birth_date=born_on_birthday(18))]
    assert excluded(a_place(age_min=12, age_max=17), pool) == {"R1": "age"}


def test_a_youth_who_turns_18_the_day_after_still_fits_12_to_17():
    """D-4: the upper bound is inclusive: 17 years and 364 days is 17."""
    pool = [a_request("R1", birth_date=born_on_birthday(18) + timedelta(days=1))]
    assert order(a_place(age_min=12, age_max=17), pool) == ["R1"]


def test_age_is_taken_on_the_available_from_date_not_today():
    """D-4, D-7: a place announced for later is matched on the age the youth will have then."""
    birth = date(2014, 12, 1)  # 11 until 30 November 2026, 12 from 1 December 2026
    pool = [a_request("R1", birth_date=birth)]
    assert order(a_place(available_from=date(2026, 12, 1)), pool) == ["R1"]
    assert excluded(a_place(available_from=date(2026, 11, 30)), pool) == {"R1": "age"}


def test_a_single_age_range_admits_exactly_that_age():
    """D-4: a range 6–6 admits six-year-olds only."""
    pool = [a_request("five", age=5), a_request("six", age=6), a_request("seven", age=7)]
    place = a_place(age_min=6, age_max=6)
    assert order(place, pool) == ["six"]
    assert excluded(place, pool) == {"five": "age", "seven": "age"}


def test_a_leap_day_child_turns_12_on_the_leap_day_of_a_leap_year():
    """D-4: born 29 February 2012, the youth is 12 on 29 February 2024."""
    pool = [a_request("R1", birth_date=date(2012, 2, 29))]
    assert order(a_place(available_from=date(2024, 2, 29)), pool) == ["R1"]
    assert excluded(a_place(available_from=date(2024, 2, 28)), pool) == {"R1": "age"}


def test_a_leap_day_child_completes_a_year_on_1_march_in_a_common_year():
    """D-4: in a common year a 29 February birthday is completed on 1 March (not on 28 February)."""
    pool = [a_request("R1", birth_date=date(2012, 2, 29))]
    assert excluded(a_place(age_min=13, available_from=date(2025, 2, 28)), pool) == {"R1": "age"}
    assert order(a_place(age_min=13, available_from=date(2025, 3, 1)), pool) == ["R1"]


def test_a_leap_day_child_leaves_an_upper_bound_on_1_march_in_a_common_year():
    """D-4: born 29 February 2008, the youth is still 17 on 28 February 2026 and 18 on 1 March 2026."""
    pool = [a_request("R1", birth_date=date(2008, 2, 29))]
    assert order(a_place(available_from=date(2026, 2, 28)), pool) == ["R1"]
    assert excluded(a_place(available_from=date(2026, 3, 1)), pool) == {"R1": "age"}


# --- gender (D-4) -------------------------------------------------------------------------------------------


def test_a_gender_the_place_does_not_accept_is_excluded_under_gender():
    """D-4: a place for girls excludes boys and gender-diverse youths."""
    pool = [a_request("girl", gender="F"), a_request("boy", gender="M"), a_request("x", gender="X")]
    place = a_place(genders="F")
    assert order(place, pool) == ["girl"]
    assert excluded(place, pool) == {"boy": "gender", "x": "gender"}


def test_a_place_accepting_several_genders_admits_each_of_them():
    """D-4: a mixed place for boys and gender-diverse youths."""
    pool = [a_request("girl", gender="F"), a_request("boy", gender="M"), a_request("x", gender="X")]
    place = a_place(genders="MX")
    assert sorted(order(place, pool)) == ["boy", "x"]
    assert excluded(place, pool) == {"girl": "gender"}


# --- region (D-10) -------------------------------------------------------------------------------------------


def test_a_regional_module_such_as_ovbj_requires_the_same_region():
    """D-10: the team determines which urgent youths *in the region* qualify; OVBJ recruits regionally."""
    pool = [a_request("here", region=Region.ANTWERPEN), a_request("there", region=Region.LIMBURG)]
    place = a_place(region=Region.ANTWERPEN)
    assert order(place, pool) == ["here"]
    assert excluded(place, pool) == {"there": "region"}


@pytest.mark.parametrize("module", ["CIG", "CKG"])
def test_cig_and_ckg_recruit_regionally_under_the_default_policy(module):
    """D-10: the default policy lists only OBC, GES+, OIOC and veilig verblijf as Flanders-wide."""
    pool = [a_request("there", module_types=module, region=Region.BRUSSEL, age=2)]
    assert excluded(a_place(module_type=module, age_min=0, age_max=6), pool) == {"there": "region"}


@pytest.mark.parametrize("module", ["OBC", "GES+", "OIOC"])
def test_a_flanders_wide_module_admits_youths_from_every_region_under_the_default_policy(module):
    """D-10: which modules recruit more widely is policy data; the default policy opens OBC, GES+, OIOC."""
    pool = [a_request(region.value, module_types=module, region=region) for region in Region]
    place = a_place(module_type=module, region=Region.WEST_VLAANDEREN)
    assert sorted(order(place, pool)) == sorted(region.value for region in Region)
    assert excluded(place, pool) == {}


def test_a_policy_may_make_a_regional_module_flanders_wide(tmp_path):
    """D-10: region scope per module is data: a policy listing OVBJ as flanders admits other regions."""
    path = policy_file(tmp_path, 'OBC = "flanders"', 'OBC = "flanders"\nOVBJ = "flanders"')
    pool = [a_request("there", region=Region.LIMBURG)]
    assert order(a_place(), pool, load_policy(str(path))) == ["there"]
    assert excluded(a_place(), pool) == {"there": "region"}


# --- urgency bound (policy rule, D-10) --------------------------------------------------------------------


def test_a_policy_with_max_urgency_excludes_less_urgent_requests_under_urgency_bound(tmp_path):
    """D-10: a bounded pool of youths assessed as urgent; max_urgency 2 keeps urgency 1 and 2 only."""
    bounded = load_policy(str(policy_file(tmp_path, "max_urgency = 4", "max_urgency = 2")))
    pool = [a_request(f"U{u}", urgency=u) for u in (1, 2, 3, 4)]
    assert order(a_place(), pool, bounded) == ["U1", "U2"]
    assert excluded(a_place(), pool, bounded) == {"U3": "urgency_bound", "U4": "urgency_bound"}


def test_the_default_policy_admits_every_urgency_class():
    """D-10: the default policy's max_urgency is 4: nobody is excluded for urgency."""
    pool = [a_request(f"U{u}", urgency=u) for u in (1, 2, 3, 4)]
    assert order(a_place(), pool) == ["U1", "U2", "U3", "U4"]


# --- workflow bars (D-14) -------------------------------------------------------------------------------


def test_a_barred_request_is_excluded_under_the_rule_the_workflow_gives():
    """D-14: a youth refused for this vacancy is not offered again; the bar's rule code is reported."""
    pool = [a_request("R1"), a_request("R2"), a_request("R3")]
    barred = {"R2": "refused_for_vacancy"}
    assert ranked(a_place(), pool, barred=barred).candidate_ids == ["R1", "R3"]
    assert excluded(a_place(), pool, barred=barred) == {"R2": "refused_for_vacancy"}


def test_several_bars_with_different_rules_are_each_reported():
    """D-14: each barred request keeps its own rule code."""
    pool = [a_request("R1"), a_request("R2"), a_request("R3")]
    barred = {"R3": "offer_withdrawn", "R1": "refused_for_vacancy"}
    assert excluded(a_place(), pool, barred=barred) == barred


def test_a_bar_comes_after_every_policy_rule():
    """D-14, D-22: a barred request that is also too old is reported under age, the first failing rule."""
    pool = [a_request("R1", age=19)]
    assert excluded(a_place(), pool, barred={"R1": "refused_for_vacancy"}) == {"R1": "age"}


def test_a_bar_for_a_request_not_in_the_pool_changes_nothing():
    """D-14: a stale bar is harmless."""
    assert ranked(a_place(), [a_request("R1")], barred={"R9": "refused_for_vacancy"}).candidate_ids == ["R1"]


def test_an_out_of_scope_place_reports_module_scope_for_a_barred_request():
    """D-2: scope comes before any bar."""
    assert excluded(a_place(module_type="KWE"), [a_request("R1")], barred={"R1": "refused"}) == {
        "R1": "module_scope"
    }


# --- rule order (D-22: the first failing rule is the one reported) --------------------------------------


@pytest.mark.parametrize(
    ("failing", "reported"),
    [
        ({"module_types": "OBC", "age": 19, "gender": "M", "region": Region.LIMBURG, "urgency": 4},
         "module_requested"),
        ({"age": 19, "gender": "M", "region": Region.LIMBURG, "urgency": 4}, "age"),
        ({"age": 9, "gender": "M", "region": Region.LIMBURG}, "age"),
        ({"gender": "M", "region": Region.LIMBURG, "urgency": 4}, "gender"),
        ({"region": Region.LIMBURG, "urgency": 4}, "region"),
        ({"urgency": 4}, "urgency_bound"),
    ],
)
def test_a_request_failing_several_rules_reports_the_first_in_the_fixed_order(tmp_path, failing, reported):
    """D-22: rules are checked module_scope, module_requested, age, gender, region, urgency_bound."""
    bounded = load_policy(str(policy_file(tmp_path, "max_urgency = 4", "max_urgency = 3")))
    place = a_place(genders="F")
    assert excluded(place, [a_request("R1", **failing)], bounded) == {"R1": reported}


def test_eligibility_does_not_depend_on_the_other_requests_in_the_pool():
    """D-10: each request is judged on its own; adding others changes no verdict."""
    alone = excluded(a_place(), [a_request("old", age=18)])
    crowd = excluded(a_place(), [a_request("old", age=18), *(a_request(f"R{i}") for i in range(5))])
    assert alone == crowd == {"old": "age"}


def test_the_reference_date_is_the_place_start_not_the_registration_date():
    """D-4: a youth registered at 11 who is 12 when the place frees up fits 12–17."""
    pool = [a_request("R1", birth_date=born_on_birthday(12), registered_on=START - timedelta(days=400))]
    assert order(a_place(), pool) == ["R1"]
