"""The policy officer's pages: the facilities of the own province, their places and signals, no youth data."""

from __future__ import annotations

from datetime import datetime, time, timedelta
from unittest import mock

from django.urls import reverse
from django.utils import timezone

from plaatsregie.accounts.vocabulary import Role
from plaatsregie.core.lifecycle import OfferOutcome
from plaatsregie.placement.models import Offer
from plaatsregie.placement.services.capacity import place_make_unavailable
from plaatsregie.placement.services.objections import objection_answer, objection_raise
from plaatsregie.placement.services.offers import offer_answer
from plaatsregie.waiting.models import YouthIdentity
from tests.integration.factories import a_place, a_unit
from tests.integration.personas import a_user
from tests.web.world import Site, client_as


def _facility_page(site: Site) -> str:
    url = reverse("province:facility", kwargs={"ref": site.facility.ref})
    response = client_as(site.people.policy_officer).get(url)
    assert response.status_code == 200
    return response.content.decode()


def _unavailable_place(site: Site, days_ago: int) -> str:
    """A place the facility made unavailable `days_ago` days ago (the audit trail is append-only: the clock moves)."""
    place = a_place(a_unit(site.facility), status="available", available_from=timezone.localdate())
    noon = datetime.combine(timezone.localdate() - timedelta(days=days_ago), time(12))  # clear of DST and midnight
    with mock.patch("django.utils.timezone.now", return_value=timezone.make_aware(noon)):
        place_make_unavailable(actor=site.people.facility_user, place_id=place.pk, reason_code="staff_shortage",
                               until=timezone.localdate() + timedelta(days=30))
    return place.ref


def test_policy_officer_sees_the_facilities_of_the_own_province_only(site: Site) -> None:
    response = client_as(site.people.policy_officer).get(reverse("province:facilities"))
    content = response.content.decode()
    assert site.facility.name in content
    assert site.other_facility.name not in content
    assert reverse("province:facility", kwargs={"ref": site.facility.ref}) in content


def test_facility_list_counts_places_by_status_and_names_why_places_are_unavailable(site: Site) -> None:
    _unavailable_place(site, days_ago=2)
    response = client_as(site.people.policy_officer).get(reverse("province:facilities"))
    content = response.content.decode()
    assert "Personeelstekort" in content or "personeelstekort" in content
    row = response.context["rows"][0]
    assert row.places.unavailable == 1
    assert row.places.total == 2


def test_province_without_facilities_shows_an_empty_state(site: Site) -> None:
    officer = a_user("kim", Role.POLICY_OFFICER, region="Brussel")
    content = client_as(officer).get(reverse("province:facilities")).content.decode()
    assert "Er zijn geen voorzieningen in uw provincie." in content


def test_facility_of_another_province_does_not_exist_for_the_officer(site: Site) -> None:
    url = reverse("province:facility", kwargs={"ref": site.other_facility.ref})
    assert client_as(site.people.policy_officer).get(url).status_code == 404


def test_unknown_facility_reference_gives_not_found(site: Site) -> None:
    url = reverse("province:facility", kwargs={"ref": "VZ-GEEN"})
    assert client_as(site.people.policy_officer).get(url).status_code == 404


def test_facility_page_shows_units_places_and_status(site: Site) -> None:
    content = _facility_page(site)
    assert site.place.unit.name in content
    assert site.place.ref in content
    assert "bezet" in content


def test_place_unavailable_longer_than_thirty_days_is_a_signal(site: Site) -> None:
    old = _unavailable_place(site, days_ago=45)
    recent = _unavailable_place(site, days_ago=3)
    signals = client_as(site.people.policy_officer).get(
        reverse("province:facility", kwargs={"ref": site.facility.ref})).context["signals"]
    assert [u.place.ref for u in signals.long_unavailable] == [old]
    assert recent not in [u.place.ref for u in signals.long_unavailable]
    assert signals.long_unavailable[0].days == 45


def test_offer_past_its_answer_date_is_a_signal(site: Site) -> None:
    Offer.objects.filter(pk=site.offer.pk).update(respond_by=timezone.localdate() - timedelta(days=2))
    content = _facility_page(site)
    assert "Voorstellen waarop het antwoord te laat is" in content
    assert site.offer.ref in content


def test_refusals_of_the_last_ninety_days_are_counted_per_reason(site: Site) -> None:
    offer_answer(actor=site.people.facility_user, offer_id=site.offer.pk, outcome=OfferOutcome.REFUSED,
                 reason_code="group_composition", motivation="De groep is op dit moment te zwaar belast.")
    signals = client_as(site.people.policy_officer).get(
        reverse("province:facility", kwargs={"ref": site.facility.ref})).context["signals"]
    assert len(signals.refusals_by_reason) == 1
    assert signals.refusals_by_reason[0][1] == 1


def test_open_objection_is_a_signal_with_the_level_that_answers_next(site: Site) -> None:
    objection = objection_raise(actor=site.people.facility_user, facility_id=site.facility.pk,
                                subject="lijst KL-1", text="Wij zijn het niet eens met de volgorde.")
    objection_answer(actor=site.people.team_member, objection_id=objection.pk, answer="Zo beslist.",
                     resolved=False)
    content = _facility_page(site)
    assert objection.ref in content
    assert "de leidinggevende" in content
    assert "Wij zijn het niet eens" not in content  # free text may name people: not shown here


def test_facility_without_signals_says_so(site: Site) -> None:
    assert "Er zijn geen signalen voor deze voorziening." in _facility_page(site)


def test_province_pages_show_no_personal_data_of_youths(site: Site) -> None:
    youth = site.offer.request.youth
    YouthIdentity.objects.create(youth=youth, given_name="Zoë", family_name="Vermeulen-Testnaam")
    Offer.objects.filter(pk=site.offer.pk).update(respond_by=timezone.localdate() - timedelta(days=2))
    officer = client_as(site.people.policy_officer)
    pages = [officer.get(reverse("province:facilities")).content.decode(), _facility_page(site)]
    for content in pages:
        for secret in ("Vermeulen-Testnaam", youth.ref, site.offer.request.ref, youth.birth_date.strftime("%d/%m/%Y")):
            assert secret not in content
