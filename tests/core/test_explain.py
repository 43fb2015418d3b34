"""Every ranking shows why each youth is where it is (D-22, D-25): explanations and the ranking document."""

from __future__ import annotations

import hashlib
import json
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest
from builders import FACILITY, a_place, a_request, ranked

from plaatsregie.core.errors import InputError
from plaatsregie.core.explain import candidates, exclusions, explain_candidate, ranking_document
from plaatsregie.core.policy import Consideration, load_policy
from plaatsregie.core.types import Region


def only_candidate_explanation(place, request, under="default", lang="nl") -> str:
    ranking = ranked(place, [request], under)
    assert ranking.candidate_ids == [request.id]
    return explain_candidate(ranking, 0, lang)


def exclusion_explanation(place, request, under="default", barred=None) -> str:
    (exclusion,) = exclusions(ranked(place, [request], under, barred))
    return exclusion.explanation


# --- candidates -------------------------------------------------------------------------------------------


def test_a_candidate_explanation_names_each_ordering_component_with_its_value():
    """D-22: the Dutch text names urgency, special situations, distance, profile fit and waiting time."""
    place = a_place(ideal_profile=["trauma", "drugs"])
    request = a_request(
        "R1", urgency=2, sibling_facility_ids=FACILITY, km=24, needs=["trauma", "drugs", "aggression"],
        waiting_days=100,
    )
    text = only_candidate_explanation(place, request)
    assert "urgentie 2 (zeer urgent)" in text
    assert "1 bijzondere situatie: broer of zus in deze voorziening" in text
    assert "afstand tot de context 24,0 km (tot 25 km)" in text
    assert "2 van de noden uit het profiel dat de voorziening zoekt" in text
    assert "wacht 100 dagen" in text
    assert "dossiernummer" in text  # the final tie-break is named too


def test_a_candidate_explanation_lists_the_components_in_policy_order():
    """D-22, D-26: the text follows the order in which the policy compares."""
    text = only_candidate_explanation(a_place(), a_request("R1"))
    positions = [text.index(part) for part in ("urgentie", "bijzondere situaties", "afstand", "noden", "wacht")]
    assert positions == sorted(positions)
    text = only_candidate_explanation(a_place(), a_request("R1"), "waiting-time-first")
    assert text.index("wacht") < text.index("urgentie")
    assert "noden" not in text  # profile_fit is not a key of that policy


def test_a_candidate_explanation_says_why_the_youth_is_eligible():
    """D-22: module, age on the start date against the range, gender, region."""
    text = only_candidate_explanation(a_place(), a_request("R1", age=14))
    assert text.startswith("Komt in aanmerking: ")
    assert "vraagt OVBJ" in text
    assert "is 14 jaar op 01/09/2026 (plaats: 12–17 jaar)" in text
    assert "meisje wordt aanvaard" in text
    assert "woont in Antwerpen, de regio van de plaats" in text


def test_a_candidate_for_a_flanders_wide_module_is_told_so():
    """D-10, D-22: a youth from another region is a candidate because the module recruits Flanders-wide."""
    text = only_candidate_explanation(a_place(module_type="OBC"), a_request("R1", module_types="OBC",
                                                                            region=Region.LIMBURG))
    assert "OBC werft in heel Vlaanderen en Brussel (woont in Limburg)" in text


def test_several_special_situations_are_counted_and_named():
    """D-10, D-22: each consideration that applies is named."""
    request = a_request("R1", crisis_overflow=True, readmission_facility_id=FACILITY)
    text = only_candidate_explanation(a_place(), request)
    assert "2 bijzondere situaties: heropname binnen het jaar in deze voorziening, overloop vanuit crisis" in text


def test_no_special_situation_is_said_explicitly():
    """D-22: the absence of considerations is shown too."""
    assert "geen bijzondere situaties" in only_candidate_explanation(a_place(), a_request("R1"))


@pytest.mark.parametrize(("km", "band"), [(10, "tot 25 km"), (30, "tot 50 km"), (60, "verder dan 50 km")])
def test_the_distance_band_is_named(km, band):
    """D-11, D-22: the band in words, with the kilometres."""
    assert f"km ({band})" in only_candidate_explanation(a_place(), a_request("R1", km=km))


def test_an_unknown_distance_is_said_to_be_unknown():
    """D-11, D-22: no home location: distance unknown, not a made-up number."""
    assert "afstand tot de context onbekend" in only_candidate_explanation(a_place(), a_request("R1", km=None))


def test_the_explanation_has_an_english_twin():
    """D-22: the interface may follow the user's language."""
    text = only_candidate_explanation(a_place(), a_request("R1", urgency=1, km=30, waiting_days=7), lang="en")
    assert "urgency 1 (acute)" in text and "up to 50 km" in text and "waiting 7 days" in text
    assert "30.0 km" in text


def test_under_weighted_considerations_the_explanation_counts_situations_and_shows_the_score():
    """D-10, D-22: one sibling is one special situation whatever its weight; the weighted score is shown apart."""
    weighted = replace(load_policy("default"), consideration_weights={c: 3 for c in Consideration})
    text = only_candidate_explanation(a_place(), a_request("R1", sibling_facility_ids=FACILITY), weighted)
    assert "3 bijzondere situaties" not in text
    assert "1 bijzondere situatie: broer of zus in deze voorziening (gewogen score 3)" in text


def test_under_the_default_weights_no_weighted_score_is_shown():
    """D-22: with every weight 1 the count is the score; no extra words."""
    text = only_candidate_explanation(a_place(), a_request("R1", sibling_facility_ids=FACILITY, crisis_overflow=True))
    assert "gewogen" not in text


# --- exclusions ---------------------------------------------------------------------------------------------


def test_an_age_exclusion_mentions_the_age_and_the_range():
    """D-22: 'Is 18 jaar op 01/09/2026; de plaats is voor 12–17 jaar.'"""
    text = exclusion_explanation(a_place(), a_request("R1", birth_date=date(2008, 9, 1)))
    assert text == "Is 18 jaar op 01/09/2026; de plaats is voor 12–17 jaar."


def test_a_module_requested_exclusion_names_the_place_module_and_what_was_requested():
    """D-22: the youth asked for something else."""
    text = exclusion_explanation(a_place(), a_request("R1", module_types=["OBC", "GES+"]))
    assert text == "Vraagt OVBJ niet aan (vraagt: GES+, OBC)."


def test_a_gender_exclusion_names_the_gender_and_what_is_accepted():
    """D-22: which gender, which are accepted."""
    text = exclusion_explanation(a_place(genders="F"), a_request("R1", gender="M"))
    assert text == "jongen wordt op deze plaats niet aanvaard (aanvaard: meisje)."


def test_a_region_exclusion_names_both_regions():
    """D-10, D-22: where the youth lives and where the module recruits."""
    text = exclusion_explanation(a_place(), a_request("R1", region=Region.LIMBURG))
    assert text == "Woont in Limburg; OVBJ werft in de regio Antwerpen."


def test_an_urgency_bound_exclusion_names_the_urgency_and_the_bound():
    """D-10, D-22: the policy's bounded pool."""
    bounded = replace(load_policy("default"), max_urgency=2)
    text = exclusion_explanation(a_place(), a_request("R1", urgency=3), bounded)
    assert text == "Urgentie 3 valt buiten de poule van dit beleid (tot urgentie 2)."


@pytest.mark.parametrize(
    ("place", "reason"),
    [
        (a_place(cofinanced_by="Fedasil"), "Fedasil"),
        (a_place(module_type="CKG", access="RTJ"), "RTJ-verblijf in een CKG of CIG"),
        (a_place(module_type="KWE"), "geen verblijfsvorm"),
        (a_place(module_type="CRISISVERBLIJF"), "buiten centrale regie"),
    ],
)
def test_a_module_scope_exclusion_gives_the_scope_reason(place, reason):
    """D-2, D-22: why this place has no candidate list."""
    text = exclusion_explanation(place, a_request("R1"))
    assert text.startswith("Geen kandidatenlijst: ") and reason in text


def test_a_barred_request_is_explained_as_a_team_decision_naming_the_rule():
    """D-14, D-22: a workflow bar is a team decision."""
    text = exclusion_explanation(a_place(), a_request("R1"), barred={"R1": "refused_for_vacancy"})
    assert text == "Uitgesloten door een beslissing van het team (refused_for_vacancy)."


def test_a_hubs_regional_agreement_is_explained_with_both_regions():
    """D-3, D-22: a youth a hub's regional agreement leaves out reads where they live and whom the place is for."""
    place = a_place(module_type="OBC", region="Antwerpen")
    request = a_request("R1", module_types="OBC", region="Limburg")
    text = exclusion_explanation(place, request, barred={"R1": "outside_regional_agreement"})
    assert text == ("Woont in Limburg; deze plaats wordt volgens een regionale afspraak (hub) alleen aan jongeren "
                    "uit Antwerpen toegewezen.")


@pytest.mark.parametrize("rule", ["urgency", "waiting", "distance", "eligible", "tie"])
def test_a_bar_named_like_a_phrase_is_still_explained_as_a_team_decision(rule):
    """D-22: the workflow chooses the bar's rule code; any code must render as a team decision."""
    text = exclusion_explanation(a_place(), a_request("R1"), barred={"R1": rule})
    assert text == f"Uitgesloten door een beslissing van het team ({rule})."


@pytest.mark.parametrize("rule", ["module_scope", "age", "region", "urgency_bound"])
def test_a_bar_may_not_use_an_eligibility_rule_code(rule):
    """D-22, D-25: a bar coded 'age' would be explained as an age exclusion of a youth who fits the range."""
    with pytest.raises(InputError, match=f"'{rule}'"):
        ranked(a_place(), [a_request("R1", age=14)], barred={"R1": rule})


# --- the ranking document (the JSON contract) ---------------------------------------------------------------


def a_ranking():
    pool = [
        a_request("R1", urgency=1, km=30),
        a_request("R2", urgency=2, sibling_facility_ids=FACILITY),
        a_request("R3", age=19),
        a_request("R4", region=Region.BRUSSEL),
    ]
    return ranked(a_place(), pool)


def test_the_ranking_document_has_the_contract_shape():
    """D-22, D-25: policy {id, version, hash}, candidates [{request_id, rank, components, explanation}],
    excluded [{request_id, rule, explanation}]."""
    document = ranking_document(a_ranking())
    assert set(document) >= {"policy", "candidates", "excluded"}
    assert set(document["policy"]) == {"id", "version", "hash"}
    for candidate in document["candidates"]:
        assert set(candidate) == {"request_id", "rank", "eligible_by", "components", "explanation"}
        assert candidate["eligible_by"] == ["module_scope", "module_requested", "age", "gender", "region",
                                            "urgency_bound"]
    for exclusion in document["excluded"]:
        assert set(exclusion) == {"request_id", "rule", "explanation"}


def test_the_ranking_document_names_the_policy_by_id_version_and_file_hash():
    """D-25: every ranking records the policy version it was made under."""
    document_policy = ranking_document(a_ranking())["policy"]
    policy = load_policy("default")
    assert document_policy == {
        "id": "default", "version": 1, "hash": hashlib.sha256(Path(policy.source).read_bytes()).hexdigest()
    }


def test_the_ranking_document_ranks_from_1_in_order_and_lists_exclusions_with_rules():
    """D-11, D-22: rank starts at 1; every excluded request has its rule and reason."""
    document = ranking_document(a_ranking())
    assert [(c["request_id"], c["rank"]) for c in document["candidates"]] == [("R1", 1), ("R2", 2)]
    assert {e["request_id"]: e["rule"] for e in document["excluded"]} == {"R3": "age", "R4": "region"}
    assert all(e["explanation"] for e in document["excluded"])


def test_the_components_of_a_candidate_are_plain_values_with_the_ordering_inputs():
    """D-22: machine-readable components: urgency, considerations and each situation, distance, fit, wait, age."""
    document = ranking_document(a_ranking())
    second = document["candidates"][1]["components"]
    assert second == {
        "urgency": 2, "considerations": 1, "sibling": True, "internal_transfer": False, "readmission": False,
        "crisis_overflow": False, "distance_km": 10.0, "distance_band": 0, "profile_fit": 0,
        "waiting_days": 100, "age": 14,
    }
    first = document["candidates"][0]["components"]
    assert first["distance_km"] == 30.0 and first["distance_band"] == 1


def test_the_ranking_document_is_json_serialisable_as_is():
    """D-24, D-25: no numpy values leak into the document; it survives json.dumps unchanged."""
    document = ranking_document(a_ranking())
    assert json.loads(json.dumps(document)) == document


def test_an_unknown_distance_is_null_in_the_components():
    """D-22: unknown is null, not NaN (NaN is not JSON)."""
    document = ranking_document(ranked(a_place(), [a_request("R1", km=None)]))
    assert document["candidates"][0]["components"]["distance_km"] is None
    json.dumps(document, allow_nan=False)


def test_a_limit_renders_only_the_first_candidates_but_every_exclusion():
    """D-22: the top of the list is shown; exclusions are all accounted for."""
    document = ranking_document(a_ranking(), limit=1)
    assert [c["request_id"] for c in document["candidates"]] == ["R1"]
    assert len(document["excluded"]) == 2


def test_an_out_of_scope_ranking_document_has_no_candidates_and_says_why():
    """D-2, D-22: the scope and its reason are in the document."""
    document = ranking_document(ranked(a_place(module_type="TIME-OUT"), [a_request("R1")]))
    assert document["candidates"] == []
    assert document["excluded"][0]["rule"] == "module_scope"
    assert document["scope"]["in_scope"] is False and document["scope"]["reason"]


def test_candidates_carry_rank_and_components_like_the_document():
    """D-22: the Candidate view and the document agree."""
    ranking = a_ranking()
    views = candidates(ranking)
    document = ranking_document(ranking)
    assert [(v.request_id, v.rank, v.components, v.explanation) for v in views] == [
        (c["request_id"], c["rank"], c["components"], c["explanation"]) for c in document["candidates"]
    ]


def test_a_team_bar_is_explained_in_words_of_the_decision():
    """D-14, D-22: a youth refused for this vacancy is listed as excluded with the team's decision in words."""
    text = exclusion_explanation(a_place(), a_request("R1"), barred={"R1": "refused_for_this_vacancy"})
    assert text.startswith("Werd voor deze vacature al aan deze voorziening voorgesteld en geweigerd")


def test_the_candidates_list_renders_what_each_candidate_renders_alone():
    """D-22: `candidates` converts the columns once for all candidates; the result is the per-candidate one."""
    from datetime import date as _date

    from plaatsregie.core.explain import candidate_components, candidates, explain_candidate
    from plaatsregie.core.policy import load_policy as _load
    from plaatsregie.core.pool import RequestPool
    from plaatsregie.core.ranking import rank as _rank
    from plaatsregie.synth import generate

    world = generate("small", 2, _date(2026, 11, 23))
    pool = RequestPool.of(list(world.requests))
    checked = 0
    for place in [p.profile for p in world.places][:25]:
        ranking = _rank(place, pool, _load("default"))
        for lang in ("nl", "en"):
            listed = candidates(ranking, limit=10, lang=lang)
            assert [c.components for c in listed] == [candidate_components(ranking, i) for i in range(len(listed))]
            assert [c.explanation for c in listed] == [explain_candidate(ranking, i, lang) for i in range(len(listed))]
            checked += len(listed)
    assert checked > 50
