"""The capacity report page: the place profile, the candidate list with its explanations, and the team's
decisions on it — generate, revise with an argument, approve with four eyes, offer, withdraw (D-4, D-10 … D-12)."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from plaatsregie.placement.models import CandidateList, CapacityReport, Offer
from plaatsregie.placement.services.candidates import current_revision
from plaatsregie.waiting.models import YouthIdentity
from tests.integration.factories import a_place, a_request, a_unit
from tests.integration.placement.flow import report as announce
from tests.web.world import Site, client_as


@pytest.fixture
def fresh(site: Site) -> CapacityReport:
    """A second place of the Antwerp facility, reported free, with two more youths waiting."""
    a_request(urgency=2, referrer=site.referrer)
    a_request(urgency=3, referrer=site.referrer)
    return announce(site.people, a_place(a_unit(site.facility), status="occupied", available_from=None))


def _url(name: str, ref: str) -> str:
    return reverse(f"team:{name}", args=[ref])


def _generate(site: Site, report: CapacityReport) -> CandidateList:
    response = client_as(site.people.team_member).post(_url("list_generate", report.ref))
    assert response.status_code == 302
    return CandidateList.objects.get(report=report)


def test_the_report_page_shows_the_place_profile_and_offers_to_make_a_list(site: Site, fresh: CapacityReport) -> None:
    page = client_as(site.people.team_member).get(_url("report", fresh.ref)).content.decode()
    assert "Profiel van de plaats" in page and "12 tot 17 jaar" in page
    assert "Voor deze melding is nog geen kandidatenlijst gemaakt." in page
    assert "Kandidatenlijst maken" in page


def test_generating_a_list_shows_the_candidates_by_dossier_number_with_their_explanation(
        site: Site, fresh: CapacityReport) -> None:
    client = client_as(site.people.team_member)
    response = client.post(_url("list_generate", fresh.ref), follow=True)
    page = response.content.decode()
    assert "De kandidatenlijst werd gemaakt." in page
    cl = CandidateList.objects.get(report=fresh)
    for ref in current_revision(cl).order:
        assert ref in page
    assert "Komt in aanmerking:" in page and "<details>" in page
    assert "Waarom anderen niet in aanmerking komen" in page
    for identity in YouthIdentity.objects.all():
        assert identity.family_name not in page


def test_a_list_is_adopted_only_after_two_different_team_members_approve_it(site: Site, fresh: CapacityReport) -> None:
    cl = _generate(site, fresh)
    first = client_as(site.people.team_member)
    page = first.post(_url("list_approve", cl.ref), {"goedkeuren-argumentation": "Urgentie gaat voor."},
                      follow=True).content.decode()
    assert "Een tweede teamlid moet de volgorde nog goedkeuren." in page
    assert "U keurde deze volgorde al goed." in page
    assert not hasattr(CandidateList.objects.get(pk=cl.pk), "adoption")
    second = client_as(site.people.second_team_member)
    page = second.post(_url("list_approve", cl.ref), {"goedkeuren-argumentation": "Akkoord."},
                       follow=True).content.decode()
    assert "vastgelegd als teambeslissing" in page
    assert "Voorstel doen aan de voorziening" in page


def test_the_same_member_approving_twice_sees_the_refusal_next_to_the_form(site: Site, fresh: CapacityReport) -> None:
    cl = _generate(site, fresh)
    client = client_as(site.people.team_member)
    client.post(_url("list_approve", cl.ref), {"goedkeuren-argumentation": "Urgentie gaat voor."})
    response = client.post(_url("list_approve", cl.ref), {"goedkeuren-argumentation": "Nog eens."})
    assert response.status_code == 200
    assert "U keurde deze volgorde al goed; een tweede teamlid moet ze goedkeuren." in response.content.decode()


def test_an_approval_without_argumentation_is_refused_in_dutch_next_to_the_field(
        site: Site, fresh: CapacityReport) -> None:
    cl = _generate(site, fresh)
    response = client_as(site.people.team_member).post(_url("list_approve", cl.ref), {"goedkeuren-argumentation": ""})
    page = response.content.decode()
    assert response.status_code == 200
    assert re.search(r'id="id_goedkeuren-argumentation_error">Dit veld is verplicht', page)


def test_reordering_needs_an_argument_and_makes_a_new_version(site: Site, fresh: CapacityReport) -> None:
    cl = _generate(site, fresh)
    order = list(current_revision(cl).order)
    client = client_as(site.people.team_member)
    last = order[-1]
    missing = client.post(_url("list_reorder", cl.ref), {"volgorde-candidate": last, "volgorde-position": "1",
                                                         "volgorde-argument": ""})
    assert "Dit veld is verplicht" in missing.content.decode()
    assert current_revision(cl).number == 1
    done = client.post(_url("list_reorder", cl.ref), {"volgorde-candidate": last, "volgorde-position": "1",
                                                      "volgorde-argument": "Broer in deze voorziening."})
    assert done.status_code == 302
    assert current_revision(cl).order == [last, *order[:-1]]


def test_adding_an_unknown_dossier_shows_the_services_message_at_the_field(site: Site, fresh: CapacityReport) -> None:
    cl = _generate(site, fresh)
    response = client_as(site.people.team_member).post(
        _url("list_add", cl.ref), {"toevoegen-ref": "AM-BESTAAT-NIET", "toevoegen-argument": "Nodig."})
    assert response.status_code == 200
    assert "Er is geen aanmelding met dossiernummer AM-BESTAAT-NIET." in response.content.decode()


def test_removing_a_candidate_with_an_argument(site: Site, fresh: CapacityReport) -> None:
    cl = _generate(site, fresh)
    gone = current_revision(cl).order[0]
    response = client_as(site.people.team_member).post(
        _url("list_remove", cl.ref), {"schrappen-candidate": gone, "schrappen-argument": "Wacht op een CKG-plaats."},
        follow=True)
    assert "De kandidaat werd van de lijst geschrapt." in response.content.decode()
    assert gone not in current_revision(cl).order


def test_an_offer_follows_the_adopted_order_and_can_be_withdrawn_with_a_reason(
        site: Site, fresh: CapacityReport) -> None:
    cl = _generate(site, fresh)
    client_as(site.people.team_member).post(_url("list_approve", cl.ref), {"goedkeuren-argumentation": "Ja."})
    client_as(site.people.second_team_member).post(_url("list_approve", cl.ref), {"goedkeuren-argumentation": "Ja."})
    client = client_as(site.people.team_member)
    missing = client.post(_url("offer_make", cl.ref), {"voorstel-why": ""})
    assert "Dit veld is verplicht" in missing.content.decode()
    page = client.post(_url("offer_make", cl.ref), {"voorstel-why": "Meest aangewezen match."},
                       follow=True).content.decode()
    assert "Het voorstel werd aan de voorziening bezorgd." in page
    offer = Offer.objects.get(candidate_list=cl)
    assert offer.request.ref != site.request.ref  # the first youth already has an open offer elsewhere
    assert "Voorstel intrekken" in page
    empty = client.post(_url("offer_withdraw", offer.ref), {"intrekken-reason": ""})
    assert "Dit veld is verplicht" in empty.content.decode()
    client.post(_url("offer_withdraw", offer.ref), {"intrekken-reason": "De plaats komt later vrij."})
    assert Offer.objects.get(pk=offer.pk).state == "withdrawn"


def test_a_team_lead_sees_the_list_but_not_the_members_decision_forms(site: Site) -> None:
    page = client_as(site.people.team_lead).get(_url("report", site.offer.report.ref)).content.decode()
    assert site.request.ref in page
    assert "Volgorde goedkeuren" not in page and "Voorstel doen aan de voorziening" not in page


def test_an_unknown_report_is_not_found(site: Site) -> None:
    assert client_as(site.people.team_member).get(_url("report", "CM-999999")).status_code == 404


def test_the_excluded_page_explains_each_youth_from_the_frozen_pool(site: Site, fresh: CapacityReport) -> None:
    far = a_request(urgency=1, referrer=site.referrer, modules=("OBC",))
    cl = _generate(site, fresh)
    page = client_as(site.people.team_member).get(_url("excluded", cl.ref)).content.decode()
    assert far.ref in page and "Vraagt OVBJ niet aan (vraagt: OBC)." in page


def test_a_long_list_shows_its_candidates_25_per_page_with_their_place_in_the_whole_order(
        site: Site, fresh: CapacityReport) -> None:
    for _ in range(30):
        a_request(urgency=3, referrer=site.referrer)
    cl = _generate(site, fresh)
    order = list(current_revision(cl).order)
    assert len(order) > 25
    client = client_as(site.people.team_member)
    first = client.get(_url("report", fresh.ref)).content.decode()
    second = client.get(_url("report", fresh.ref) + "?kandidaten=2").content.decode()
    rows = r'<td class="num">(\d+)</td><th scope="row"><a href="[^"]+">([^<]+)</a>'
    shown = re.findall(rows, first) + re.findall(rows, second)
    assert [(int(n), ref) for n, ref in shown] == list(enumerate(order, start=1))  # every candidate, in order
    assert len(re.findall(rows, first)) == 25 and first.count("Komt in aanmerking:") == 25
    assert f"{len(order)} kandidaten; u ziet plaats 1 tot 25." in first and "Pagina 1 van 2" in first
    assert "?kandidaten=2#kandidaten" in first and "Pagina 2 van 2" in second
