"""Differentiated flows (D-3): a module's flow or a hub's regional arrangement alters the matching steps — as
data (catalogue/flows.toml), never as special cases in code."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.conf import settings
from django.utils import timezone

from plaatsregie.core.calendar import add_working_days
from plaatsregie.core.errors import DomainError
from plaatsregie.core.flows import OUTSIDE_REGIONAL_AGREEMENT, Candidates, default_flows, flows_from_mapping
from plaatsregie.core.modules import Flow
from plaatsregie.placement.models import CandidateListAdoption
from plaatsregie.placement.services.candidates import candidate_list_approve, candidate_list_generate
from plaatsregie.placement.services.offers import offer_make
from plaatsregie.waiting.models import Referrer
from tests.integration.factories import a_facility, a_place, a_request, a_unit
from tests.integration.personas import personas
from tests.integration.placement.flow import report

HUB = """
[flows.regular]
label = "Reguliere matching"
approvals = 2
agreement = "Centrale matching."

[flows.differentiated]
label = "Gedifferentieerde flow"
approvals = 1
respond_within_working_days = 5
agreement = "Afspraken van het programma."

[flows.hub]
label = "Hub-werking"
approvals = 2
candidates = "region"
agreement = "Regionale afspraak."

[[arrangements]]
name = "Hub Antwerpen (fictief)"
region = "Antwerpen"
modules = ["OBC"]
flow = "hub"
"""


def _people():
    facility = a_facility(region="Antwerpen")
    referrer = Referrer.objects.create(ref="REF-F", name="OCJ Antwerpen (fictief)", kind="OCJ", region="Antwerpen")
    return personas(facility, a_facility(name="Het Anker (fictief)"), referrer), facility


def test_the_shipped_catalogue_keeps_four_eyes_for_regular_matching_and_has_steps_for_every_module_flow():
    flows = default_flows()
    assert flows.steps_of(Flow.REGULAR).approvals == 2
    assert flows.steps_of(Flow.REGULAR).candidates is Candidates.ALL
    assert {flow.value for flow in Flow} <= set(flows.steps)
    assert flows.flow_for("OVBJ", "regular", "Limburg") == "regular"  # no arrangement is active by default


@pytest.mark.parametrize(("broken", "reason"), [
    ({"flows": {"regular": {"label": "r", "approvals": 2, "agreement": "a"}}}, "no steps for module flow"),
    ({"flows": {"regular": {"label": "r", "approvals": 0, "agreement": "a"},
                "differentiated": {"label": "d", "approvals": 1, "agreement": "a"}}}, "at least one approval"),
    ({"flows": {"regular": {"label": "r", "approvals": 2, "agreement": "a"},
                "differentiated": {"label": "d", "approvals": 1, "agreement": "a"}},
      "arrangements": [{"name": "Hub X", "region": "Limburg", "modules": ["OVBJ"], "flow": "hub"}]}, "unknown flow"),
    ({"flows": {"regular": {"label": "r", "approvals": 2, "agreement": "a", "candidates": "everyone"}}}, "invalid"),
])
def test_a_flow_catalogue_that_cannot_work_is_refused_with_its_reason(broken, reason):
    with pytest.raises(DomainError, match=reason):
        flows_from_mapping(broken)


@pytest.mark.django_db
def test_a_differentiated_module_is_adopted_by_one_approval_and_gives_the_facility_its_own_term():
    """D-3: veilig verblijf follows the programme's agreements — one team member confirms, five working days."""
    people, facility = _people()
    place = a_place(a_unit(facility, module="VEILIG-VERBLIJF"), status="occupied", available_from=None)
    a_request(modules=("VEILIG-VERBLIJF",))
    capacity = report(people, place)
    assert capacity.flow == "differentiated"
    cl = candidate_list_generate(actor=people.team_member, report_id=capacity.pk)
    candidate_list_approve(actor=people.team_member, list_id=cl.pk, argumentation="Volgens de programma-afspraak.")
    assert CandidateListAdoption.objects.filter(candidate_list=cl).exists()
    offer = offer_make(actor=people.team_member, list_id=cl.pk, why="Afspraak hulpprogramma.")
    assert offer.respond_by == add_working_days(timezone.localdate(), 5)


@pytest.mark.django_db
def test_a_regular_module_still_needs_two_distinct_approvers_and_the_system_term():
    people, facility = _people()
    place = a_place(a_unit(facility, module="OVBJ"), status="occupied", available_from=None)
    a_request()
    capacity = report(people, place)
    assert capacity.flow == "regular"
    cl = candidate_list_generate(actor=people.team_member, report_id=capacity.pk)
    candidate_list_approve(actor=people.team_member, list_id=cl.pk, argumentation="Urgentie gaat voor.")
    assert not CandidateListAdoption.objects.filter(candidate_list=cl).exists()
    candidate_list_approve(actor=people.second_team_member, list_id=cl.pk, argumentation="Akkoord.")
    offer = offer_make(actor=people.team_member, list_id=cl.pk, why="Meest aangewezen.")
    assert offer.respond_by == add_working_days(timezone.localdate(), settings.PLAATSREGIE_OFFER_RESPONSE_WORKING_DAYS)


@pytest.mark.django_db
def test_a_hubs_regional_arrangement_keeps_youths_from_elsewhere_off_the_list_and_says_why(tmp_path: Path,
                                                                                            settings):
    """D-3: a hub is a regional agreement, not a module type: its places of a module that otherwise recruits
    Flanders-wide (OBC under the default policy) go to youths of its region only."""
    catalogue = tmp_path / "flows.toml"
    catalogue.write_text(HUB, encoding="utf-8")
    settings.PLAATSREGIE_FLOWS_FILE = str(catalogue)
    people, facility = _people()
    place = a_place(a_unit(facility, module="OBC"), status="occupied", available_from=None)
    here = a_request(modules=("OBC",), urgency=3)
    elsewhere = a_request(modules=("OBC",), urgency=1, youth={"region": "Limburg", "home_lat": 50.93, "home_lon": 5.34})
    capacity = report(people, place)
    assert capacity.flow == "hub"
    cl = candidate_list_generate(actor=people.team_member, report_id=capacity.pk)
    assert [e.request.ref for e in cl.entries.order_by("engine_rank")] == [here.ref]
    assert cl.excluded[elsewhere.ref] == OUTSIDE_REGIONAL_AGREEMENT

    other = a_place(a_unit(a_facility(region="Limburg", lat=50.93, lon=5.34), module="OBC"), status="occupied",
                    available_from=None)
    assert report(people, other).flow == "regular"  # the arrangement covers its own region only
