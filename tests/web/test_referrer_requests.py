"""Referrer pages: own requests with their matching status (D-6, D-9), register (D-10), keep current, withdraw."""

from __future__ import annotations

import re
from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from plaatsregie.accounts.models import AccessLogEntry
from plaatsregie.waiting.models import Request
from tests.integration.factories import a_request
from tests.web.world import Site, client_as


def _register(site: Site, **overrides: object) -> object:
    data = {"referrer": str(site.referrer.pk), "youth_ref": "OCJ-2026-0042", "birth_date": "2011-04-03",
            "gender": "M", "region": "Antwerpen", "module_codes": ["OVBJ"], "urgency": "2",
            "needs": ["trauma"], "crisis_overflow": "on"} | overrides
    return client_as(site.people.referrer_user).post(reverse("referrer:register"), data)


def test_the_list_shows_own_requests_with_the_matching_status(site: Site) -> None:
    assert site.offer.request_id == site.request.pk
    page = client_as(site.people.referrer_user).get(reverse("referrer:requests")).content.decode()
    assert site.request.ref in page and "voorgesteld aan een voorziening" in page and site.facility.name in page


def test_a_request_nobody_confirmed_for_weeks_is_flagged(site: Site) -> None:
    old = timezone.localdate() - timedelta(days=100)
    stale = a_request(referrer=site.referrer, registered_on=old, last_confirmed_on=old)
    fresh = a_request(referrer=site.referrer, registered_on=old, last_confirmed_on=timezone.localdate())
    response = client_as(site.people.referrer_user).get(reverse("referrer:requests"))
    flags = {req.ref: flag for req, _, flag in response.context["rows"]}
    assert flags[stale.ref] is True and flags[fresh.ref] is False
    assert "te bevestigen" in response.content.decode()


def test_another_referrer_sees_none_of_these_requests(site: Site) -> None:
    page = client_as(site.other_referrer_user).get(reverse("referrer:requests")).content.decode()
    assert site.request.ref not in page and "U hebt nog geen aanmeldingen" in page


def test_registering_a_request_puts_it_in_the_pool(site: Site) -> None:
    response = _register(site)
    assert response.status_code == 302
    request = Request.objects.get(youth__ref="OCJ-2026-0042")
    assert request.referrer == site.referrer and request.crisis_overflow and request.needs == ["trauma"]
    assert response["Location"] == reverse("referrer:request", args=[request.ref])


def test_missing_fields_are_shown_next_to_the_fields_in_dutch(site: Site) -> None:
    response = _register(site, birth_date="", module_codes=[], urgency="")
    errors = response.context["form"].errors
    assert errors["birth_date"] == errors["module_codes"] == errors["urgency"] == ["Dit veld is verplicht."]
    assert 'id="id_birth_date_error"' in response.content.decode()


def test_a_youth_who_is_already_waiting_is_refused_next_to_the_pseudonym(site: Site) -> None:
    response = _register(site, youth_ref=site.request.youth.ref)
    assert response.context["form"].errors["youth_ref"] == [
        "Deze jongere heeft al een wachtende aanmelding; wijzig die."]


def test_the_request_page_reads_the_youths_file_through_the_logged_door(site: Site) -> None:
    youth = site.request.youth
    response = client_as(site.people.referrer_user).get(reverse("referrer:request", args=[site.request.ref]))
    page = response.content.decode()
    assert f"{youth.birth_date:%d/%m/%Y}" in page
    entry = AccessLogEntry.objects.get(user=site.people.referrer_user)
    assert entry.youth == youth and entry.purpose == f"aanmelding {site.request.ref}"
    for link in re.findall(r'(?:href|action)="([^"]*)"', page):
        assert youth.ref not in link and youth.birth_date.isoformat() not in link


def test_a_change_with_a_new_urgency_is_recorded(site: Site) -> None:
    request = a_request(referrer=site.referrer, urgency=3)
    response = client_as(site.people.referrer_user).post(
        reverse("referrer:change", args=[request.ref]),
        {"kind": "escalation", "text": "Thuis escaleert het conflict.", "new_urgency": "1"})
    assert response.status_code == 302
    request.refresh_from_db()
    assert request.urgency == 1 and request.changes.get().kind == "escalation"


def test_a_change_without_text_shows_the_error_next_to_the_text(site: Site) -> None:
    response = client_as(site.people.referrer_user).post(reverse("referrer:change", args=[site.request.ref]),
                                                         {"kind": "escalation", "text": ""})
    assert response.context["change_form"].errors["text"] == ["Dit veld is verplicht."]


def test_confirming_a_request_sets_today_as_last_confirmed(site: Site) -> None:
    old = timezone.localdate() - timedelta(days=100)
    request = a_request(referrer=site.referrer, registered_on=old, last_confirmed_on=old)
    response = client_as(site.people.referrer_user).post(reverse("referrer:confirm", args=[request.ref]))
    assert response.status_code == 302
    request.refresh_from_db()
    assert request.last_confirmed_on == timezone.localdate()


def test_withdrawing_needs_a_reason_from_the_list(site: Site) -> None:
    request = a_request(referrer=site.referrer)
    client = client_as(site.people.referrer_user)
    url = reverse("referrer:withdraw", args=[request.ref])
    assert client.post(url, {"reason": ""}).context["withdraw_form"].errors["reason"] == ["Dit veld is verplicht."]
    assert client.post(url, {"reason": "helped_elsewhere", "explanation": "Pleegzorg gevonden."}).status_code == 302
    request.refresh_from_db()
    assert request.status == "withdrawn"
    again = client.post(url, {"reason": "helped_elsewhere"})
    assert again.status_code == 200
    assert "Alleen een wachtende aanmelding kan worden ingetrokken." in again.content.decode()


def test_another_referrer_cannot_change_confirm_or_withdraw_a_request(site: Site) -> None:
    client = client_as(site.other_referrer_user)
    for name in ("referrer:change", "referrer:confirm", "referrer:withdraw"):
        response = client.post(reverse(name, args=[site.request.ref]), {"kind": "escalation", "text": "x"})
        assert response.status_code == 404
    assert not AccessLogEntry.objects.exists()
