"""A youth's file for the team: opened only through the logged door (D-36), and no personal data in any link."""

from __future__ import annotations

import re

from django.urls import reverse

from plaatsregie.accounts.models import AccessLogEntry
from plaatsregie.core.lifecycle import OfferOutcome
from plaatsregie.placement.services.offers import offer_answer
from plaatsregie.waiting.models import YouthIdentity
from tests.web.world import Site, client_as


def test_reading_a_youths_file_is_logged_and_shows_the_identity(site: Site) -> None:
    YouthIdentity.objects.create(youth=site.request.youth, given_name="Zoë", family_name="Vandermeersch")
    page = client_as(site.people.team_member).get(reverse("team:youth", args=[site.request.ref])).content.decode()
    assert "Zoë Vandermeersch" in page and site.offer.ref in page and site.offer.candidate_list.ref in page
    entry = AccessLogEntry.objects.get(youth=site.request.youth)
    assert entry.user == site.people.team_member and entry.purpose == "team"


def test_no_team_page_puts_a_youths_name_or_birth_date_in_a_link(site: Site) -> None:
    offer_answer(actor=site.people.facility_user, offer_id=site.offer.pk, outcome=OfferOutcome.REFUSED,
                 reason_code="group_composition", motivation="De leefgroep draagt vandaag geen bijkomende jongere.")
    YouthIdentity.objects.create(youth=site.request.youth, given_name="Zoë", family_name="Vandermeersch")
    client = client_as(site.people.team_member)
    birth = site.request.youth.birth_date
    for url in (reverse("team:workqueue"), reverse("team:pool"), reverse("team:review", args=[site.offer.ref]),
                reverse("team:report", args=[site.offer.report.ref]), reverse("team:youth", args=[site.request.ref])):
        page = client.get(url).content.decode()
        for link in re.findall(r'(?:href|action|hx-get)="([^"]*)"', page):
            for secret in ("Vandermeersch", "Zo%C3%AB", birth.isoformat(), birth.strftime("%d/%m/%Y")):
                assert secret not in link, (url, link)


def test_a_youth_file_of_an_unknown_dossier_is_not_found_and_not_logged(site: Site) -> None:
    assert client_as(site.people.team_member).get(reverse("team:youth", args=["AM-ONBEKEND"])).status_code == 404
    assert not AccessLogEntry.objects.exists()


def test_other_roles_never_reach_the_file_and_leave_no_log(site: Site) -> None:
    url = reverse("team:youth", args=[site.request.ref])
    for user in (site.people.facility_user, site.people.referrer_user, site.people.judge):
        assert client_as(user).get(url).status_code == 403
    assert not AccessLogEntry.objects.exists()
