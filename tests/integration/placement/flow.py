"""Steps of the placement workflow that many tests need before the step they are about, through the services."""

from __future__ import annotations

from datetime import date, timedelta

from django.utils import timezone

from plaatsregie.placement.models import CandidateList, CapacityReport, Offer
from plaatsregie.placement.services.candidates import candidate_list_approve, candidate_list_generate
from plaatsregie.placement.services.capacity import PlaceDialogue, capacity_announce
from plaatsregie.placement.services.offers import offer_make
from plaatsregie.registry.models import Place
from tests.integration.personas import Personas


def free_on() -> date:
    return timezone.localdate() + timedelta(days=14)


def report(people: Personas, place: Place) -> CapacityReport:
    """D-7: the team records a place that frees up in two weeks (the place's own age range and genders)."""
    return capacity_announce(actor=people.team_member, place_id=place.pk, expected_free_on=free_on(),
                             dialogue=PlaceDialogue(age_min=place.age_min, age_max=place.age_max,
                                                    genders=place.genders))


def adopted_list(people: Personas, place: Place, capacity: CapacityReport | None = None) -> CandidateList:
    """D-10, D-11: a generated list for the place's report, approved by two team members."""
    capacity = capacity or report(people, place)
    cl = candidate_list_generate(actor=people.team_member, report_id=capacity.pk)
    candidate_list_approve(actor=people.team_member, list_id=cl.pk, argumentation="Urgentie gaat voor.")
    candidate_list_approve(actor=people.second_team_member, list_id=cl.pk, argumentation="Akkoord.")
    return cl


def open_offer(people: Personas, place: Place) -> Offer:
    """D-12: the first youth of a freshly adopted list offered for the place."""
    return offer_make(actor=people.team_member, list_id=adopted_list(people, place).pk, why="Meest aangewezen.")
