"""After a refusal: the team reviews it (D-14), a team lead climbs the mandate ladder (D-15), and a collective
case gets its consultation (D-16)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from plaatsregie.core.lifecycle import OfferOutcome
from plaatsregie.placement.models import CollectiveCase, MandateDecision, RefusalReview
from plaatsregie.placement.services.offers import offer_answer
from tests.web.world import Site, client_as

MOTIVATION = "De leefgroep draagt vandaag geen bijkomende jongere met deze noden."


@pytest.fixture
def refused(site: Site) -> Site:
    offer_answer(actor=site.people.facility_user, offer_id=site.offer.pk, outcome=OfferOutcome.REFUSED,
                 reason_code="group_composition", motivation=MOTIVATION)
    return site


def _review_url(site: Site, name: str = "review") -> str:
    return reverse(f"team:{name}", args=[site.offer.ref])


def test_a_refusal_is_reviewed_with_lessons_when_the_argument_is_followed(refused: Site) -> None:
    site = refused
    client = client_as(site.people.team_member)
    page = client.get(_review_url(site)).content.decode()
    assert MOTIVATION in page and "Bespreking vastleggen" in page
    missing = client.post(_review_url(site), {"bespreking-verdict": "argument_followed",
                                              "bespreking-attributed_to": "facility_situation"})
    assert missing.status_code == 200
    assert 'id="id_bespreking-lessons_error">Noteer wat we leren uit deze weigering.' in missing.content.decode()
    page = client.post(_review_url(site), {"bespreking-verdict": "argument_followed",
                                           "bespreking-attributed_to": "facility_situation",
                                           "bespreking-lessons": "Groepssamenstelling vooraf bespreken."},
                       follow=True).content.decode()
    assert "De bespreking van de weigering werd vastgelegd." in page
    assert "Naar de lijst: de volgende kandidaat voorstellen" in page
    assert RefusalReview.objects.get().verdict == "argument_followed"


def test_an_offer_that_was_not_refused_has_nothing_to_review(site: Site) -> None:
    client = client_as(site.people.team_member)
    assert "er is geen weigering te bespreken" in client.get(_review_url(site)).content.decode()
    response = client.post(_review_url(site), {"bespreking-verdict": "argument_followed"})
    assert response.status_code == 200 and not RefusalReview.objects.exists()


def test_a_team_lead_climbs_the_mandate_ladder_one_step_at_a_time(refused: Site) -> None:
    site = refused
    lead = client_as(site.people.team_lead)
    assert "Een stap op de mandaatladder beslissen" in lead.get(_review_url(site)).content.decode()
    skipped = lead.post(_review_url(site, "mandate"), {"mandaat-step": "3", "mandaat-justification": "Dringend."})
    assert skipped.status_code == 200
    assert "Het mandaat gaat stap voor stap" in skipped.content.decode()
    done = lead.post(_review_url(site, "mandate"), {"mandaat-step": "1", "mandaat-justification": "Overleg starten."})
    assert done.status_code == 302 and MandateDecision.objects.get().step == "1"
    assert "Een stap op de mandaatladder beslissen" not in client_as(site.people.team_member).get(
        _review_url(site)).content.decode()


def test_a_collective_case_gets_its_consultation_recorded(refused: Site) -> None:
    site = refused
    case = CollectiveCase.objects.create(request=site.request, opened_at=site.offer.offered_at, refusing_facilities=3)
    client = client_as(site.people.team_member)
    empty = client.post(_review_url(site, "consultation"), {"overleg-participants": "", "overleg-outcome": ""})
    assert "Dit veld is verplicht" in empty.content.decode()
    client.post(_review_url(site, "consultation"), {"overleg-participants": "Team, De Linde, OCJ",
                                                    "overleg-outcome": "Gedeelde opname verkennen."})
    assert case.consultations.get().outcome == "Gedeelde opname verkennen."
