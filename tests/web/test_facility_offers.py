"""Offers to a facility: the A-document only through the access door (D-36, logged), the answer (D-13),
the start of the admission (D-20)."""

from __future__ import annotations

import re
from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from plaatsregie.accounts.models import AccessLogEntry
from plaatsregie.placement.models import Admission, OfferCondition
from plaatsregie.waiting.models import YouthIdentity
from tests.web.world import Site, client_as

MOTIVATION = "De groep telt vandaag drie jongeren in crisis; een veilige start is niet mogelijk."


def _answer(site: Site, **data: str) -> object:
    management = {"voorwaarde-TOTAL_FORMS": "3", "voorwaarde-INITIAL_FORMS": "0"}
    return client_as(site.people.facility_user).post(reverse("facility:offer", args=[site.offer.ref]),
                                                     management | data)


def test_the_offers_page_lists_the_open_offer_with_its_deadline(site: Site) -> None:
    page = client_as(site.people.facility_user).get(reverse("facility:offers")).content.decode()
    assert site.offer.ref in page and "wacht op uw antwoord" in page
    assert f"{site.offer.respond_by:%d/%m/%Y}" in page


def test_another_facility_sees_no_offer_of_this_one(site: Site) -> None:
    page = client_as(site.people.other_facility_user).get(reverse("facility:offers")).content.decode()
    assert site.offer.ref not in page and "Er zijn geen lopende of recente voorstellen" in page


def test_reading_the_offer_shows_the_a_document_and_logs_the_read(site: Site) -> None:
    YouthIdentity.objects.create(youth=site.offer.request.youth, given_name="Lotte", family_name="Fictief")
    page = client_as(site.people.facility_user).get(reverse("facility:offer", args=[site.offer.ref])).content.decode()
    assert "A-document van de voorgestelde jongere" in page and "Lotte Fictief" in page
    entry = AccessLogEntry.objects.get(user=site.people.facility_user)
    assert entry.youth_id == site.offer.request.youth_id and entry.purpose == f"voorstel {site.offer.ref}"


def test_no_url_on_the_offer_pages_carries_personal_data(site: Site) -> None:
    youth = site.offer.request.youth
    YouthIdentity.objects.create(youth=youth, given_name="Lotte", family_name="Fictief")
    client = client_as(site.people.facility_user)
    for url in (reverse("facility:offers"), reverse("facility:offer", args=[site.offer.ref])):
        links = re.findall(r'(?:href|action)="([^"]*)"', client.get(url).content.decode())
        assert links
        for link in links:
            assert "Lotte" not in link and "Fictief" not in link and youth.ref not in link
            assert f"{youth.birth_date:%d/%m/%Y}" not in link and youth.birth_date.isoformat() not in link


def test_a_refusal_without_reason_or_motivation_shows_both_errors_in_dutch(site: Site) -> None:
    response = _answer(site, outcome="refused")
    errors = response.context["answer_form"].errors
    assert errors["reason"] == ["Kies de reden van de weigering uit de lijst."]
    assert errors["motivation"] == ["Een weigering vraagt een inhoudelijke motivering."]
    site.offer.refresh_from_db()
    assert site.offer.state == "open"


def test_a_too_short_motivation_is_refused_by_the_service_next_to_the_motivation(site: Site) -> None:
    response = _answer(site, outcome="refused", reason="situational", motivation="Vol.")
    assert response.status_code == 200
    assert "inhoudelijke motivering" in response.context["answer_form"].errors["motivation"][0]


def test_a_motivated_refusal_is_recorded_and_ends_access_to_the_file(site: Site) -> None:
    assert _answer(site, outcome="refused", reason="situational", motivation=MOTIVATION).status_code == 302
    site.offer.refresh_from_db()
    assert site.offer.state == "refused"
    logged = AccessLogEntry.objects.count()
    page = client_as(site.people.facility_user).get(reverse("facility:offer", args=[site.offer.ref])).content.decode()
    assert "U hebt geen toegang meer tot het dossier" in page and MOTIVATION in page
    assert AccessLogEntry.objects.count() == logged  # no file shown, nothing logged


def test_an_agreement_with_conditions_needs_at_least_one_condition(site: Site) -> None:
    response = _answer(site, outcome="agreed_with_conditions")
    assert response.context["rows"].forms[0].errors["description"] == [
        "Een akkoord met voorwaarden vraagt minstens één voorwaarde."]


def test_an_incomplete_condition_row_shows_what_is_missing(site: Site) -> None:
    response = _answer(site, outcome="agreed_with_conditions", **{"voorwaarde-1-description": "Extra begeleider"})
    errors = response.context["rows"].forms[1].errors
    assert errors["owner"] == ["Zeg wie het doet."] and errors["kind"] == ["Kies de soort voorwaarde."]


def test_an_agreement_with_structured_conditions_is_recorded(site: Site) -> None:
    due = (timezone.localdate() + timedelta(days=7)).isoformat()
    response = _answer(site, outcome="agreed_with_conditions", **{
        "voorwaarde-0-kind": "construction", "voorwaarde-0-construction": "phased_start",
        "voorwaarde-0-description": "Eerst twee dagen per week.", "voorwaarde-0-owner": "de voorziening",
        "voorwaarde-0-due_on": due,
        "voorwaarde-2-kind": "partners", "voorwaarde-2-description": "Afspraak met de K-dienst.",
        "voorwaarde-2-owner": "het team", "voorwaarde-2-due_on": due})
    assert response.status_code == 302
    conditions = OfferCondition.objects.filter(answer__offer=site.offer).order_by("pk")
    assert [(c.kind, c.construction) for c in conditions] == [("construction", "phased_start"), ("partners", "")]
    page = client_as(site.people.facility_user).get(reverse("facility:offer", args=[site.offer.ref])).content.decode()
    assert "gefaseerde start" in page and "Opname starten" in page


def test_after_an_agreement_the_facility_starts_the_admission(site: Site) -> None:
    assert _answer(site, outcome="agreed").status_code == 302
    client = client_as(site.people.facility_user)
    start = client.post(reverse("facility:start", args=[site.offer.ref]), {"on": timezone.localdate().isoformat()})
    assert start.status_code == 302
    admission = Admission.objects.get(offer=site.offer)
    page = client.get(reverse("facility:offer", args=[site.offer.ref])).content.decode()
    assert f"Opname {admission.ref} is gestart op" in page
    assert "A-document van de voorgestelde jongere" in page  # admitted: D-36 (b)


def test_starting_an_offer_that_is_not_agreed_shows_the_services_refusal(site: Site) -> None:
    response = client_as(site.people.facility_user).post(reverse("facility:start", args=[site.offer.ref]),
                                                         {"on": timezone.localdate().isoformat()})
    assert response.status_code == 200
    assert "is niet aanvaard" in response.context["start_form"].errors["on"][0]


def test_another_facility_cannot_answer_an_offer_that_is_not_its_own(site: Site) -> None:
    response = client_as(site.people.other_facility_user).post(
        reverse("facility:offer", args=[site.offer.ref]), {"outcome": "agreed"})
    assert response.status_code == 404
    assert not AccessLogEntry.objects.exists()
