"""The team's work queue: each part with a count, its rows and an empty state (D-6, D-7, D-11 … D-16)."""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from plaatsregie.core.lifecycle import OfferOutcome
from plaatsregie.placement.models import MandateDecision, Offer
from plaatsregie.placement.services.offers import offer_answer
from plaatsregie.waiting.models import Request
from plaatsregie.web.team.queries import counts
from tests.web.world import Site, client_as


def test_the_work_queue_shows_the_open_offer_and_its_empty_sections(site: Site) -> None:
    page = client_as(site.people.team_member).get(reverse("team:workqueue")).content.decode()
    assert site.offer.ref in page and "Werkdagen open" in page
    assert "Er zijn geen weigeringen die nog besproken moeten worden." in page
    assert "Er lopen geen stappen op de mandaatladder." in page


def test_the_work_queue_lists_a_refusal_to_review_and_a_stale_request(site: Site) -> None:
    offer_answer(actor=site.people.facility_user, offer_id=site.offer.pk, outcome=OfferOutcome.REFUSED,
                 reason_code="group_composition", motivation="De leefgroep draagt vandaag geen bijkomende jongere.")
    Request.objects.filter(pk=site.request.pk).update(last_confirmed_on=date(2020, 1, 1))
    page = client_as(site.people.team_member).get(reverse("team:workqueue")).content.decode()
    assert reverse("team:review", args=[site.offer.ref]) in page
    assert "Er lopen geen voorstellen." in page
    assert site.request.ref in page.split('id="niet-bevestigd"')[1]


def test_the_counts_in_one_query_match_counting_each_queryset(site: Site) -> None:
    querysets = {"open": Offer.objects.filter(state="open"), "waiting": Request.objects.filter(status="waiting"),
                 "none": Request.objects.filter(ref="AM-BESTAAT-NIET")}
    assert counts(querysets) == {name: rows.count() for name, rows in querysets.items()}


def test_the_mandate_section_shows_the_last_step_per_youth_and_facility(site: Site) -> None:
    at = timezone.make_aware(datetime(2026, 3, 2, 10, 0))
    for step, later in (("1", 0), ("2", 1), ("2", 2)):
        MandateDecision.objects.create(request=site.request, facility=site.facility, step=step, justification="-",
                                       decided_by=site.people.team_lead, at=at + timedelta(days=later))
    MandateDecision.objects.create(request=site.request, facility=site.facility, step="3", justification="-",
                                   decided_by=site.people.team_lead, at=at + timedelta(days=2))  # same moment, later
    MandateDecision.objects.create(request=site.request, facility=site.other_facility, step="1", justification="-",
                                   decided_by=site.people.team_lead, at=at)
    page = client_as(site.people.team_member).get(reverse("team:workqueue")).content.decode()
    mandates = page.split("<h3>Mandaat")[1].split("<h3>")[0]
    assert '<span class="badge">2</span>' in mandates
    steps = {name: step for name, step in re.findall(r'<td>([^<]+)</td><td class="num">(\d)</td>', mandates)}
    assert steps == {site.facility.name: "3", site.other_facility.name: "1"}


def test_the_work_queue_fetches_each_section_once_without_a_query_per_row(site: Site) -> None:
    offer_answer(actor=site.people.facility_user, offer_id=site.offer.pk, outcome=OfferOutcome.REFUSED,
                 reason_code="group_composition", motivation="De leefgroep draagt vandaag geen bijkomende jongere.")
    Request.objects.filter(pk=site.request.pk).update(last_confirmed_on=date(2020, 1, 1))
    client = client_as(site.people.team_member)
    client.get(reverse("team:workqueue"))
    with CaptureQueriesContext(connection) as captured:
        page = client.get(reverse("team:workqueue")).content.decode()
    assert site.offer.ref in page and site.request.ref in page
    selects = [q["sql"] for q in captured.captured_queries if q["sql"].startswith("SELECT")]
    assert len(selects) == len(set(selects)), "a query repeated per row"
    assert sum("COUNT(*)" in sql for sql in selects) == 1  # every section's count in one query
