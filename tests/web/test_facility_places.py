"""Facility places: status per place, announce a freeing place (D-7, D-4), unavailable with a reason and back."""

from __future__ import annotations

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from plaatsregie.placement.models import CapacityReport
from plaatsregie.registry.models import Place
from tests.integration.factories import a_place, a_unit
from tests.web.world import Site, client_as


def _occupied_place(site: Site) -> Place:
    return a_place(a_unit(site.facility), status="occupied", available_from=None)


def _announce(site: Site, place: Place, **overrides: object) -> object:
    free_on = timezone.localdate() + timedelta(days=10)
    data = {"expected_free_on": free_on.isoformat(), "age_min": "12", "age_max": "17", "genders": ["F", "M"],
            "vertical": "no", "carrying_capacity": "Rustige groep.", "contact": "Sara, 03 000 00 00"} | overrides
    return client_as(site.people.facility_user).post(reverse("facility:announce", args=[place.ref]), data)


def test_places_page_shows_each_place_with_its_status_and_fitting_actions(site: Site) -> None:
    place = _occupied_place(site)
    page = client_as(site.people.facility_user).get(reverse("facility:places")).content.decode()
    assert place.ref in page and site.place.ref in page
    assert reverse("facility:announce", args=[place.ref]) in page
    assert reverse("facility:announce", args=[site.place.ref]) not in page  # it has an open report already
    assert "melding CM-" in page


def test_places_page_of_a_facility_shows_no_place_of_another(site: Site) -> None:
    page = client_as(site.people.other_facility_user).get(reverse("facility:places")).content.decode()
    assert site.place.ref not in page
    assert "nog geen leefgroepen" in page


def test_announcing_a_freeing_place_reports_it_with_its_profile(site: Site) -> None:
    place = _occupied_place(site)
    response = _announce(site, place)
    assert response.status_code == 302
    place.refresh_from_db()
    assert place.status == "freeing" and place.genders == "FM" and place.vertical is False
    report = CapacityReport.objects.get(place=place)
    assert report.profile["carrying_capacity"] == "Rustige groep."


def test_announcing_without_a_date_shows_the_error_next_to_the_field_in_dutch(site: Site) -> None:
    response = _announce(site, _occupied_place(site), expected_free_on="")
    assert response.status_code == 200
    assert response.context["form"].errors["expected_free_on"] == ["Dit veld is verplicht."]
    assert 'id="id_expected_free_on_error"' in response.content.decode()


def test_an_age_range_the_service_refuses_is_shown_next_to_the_ages(site: Site) -> None:
    response = _announce(site, _occupied_place(site), age_min="17", age_max="12")
    assert response.context["form"].errors["age_max"] == ["De minimumleeftijd is hoger dan de maximumleeftijd."]


def test_a_second_report_for_a_place_is_refused_with_the_services_message(site: Site) -> None:
    response = _announce(site, site.place)
    assert response.status_code == 200
    assert "Voor deze plaats loopt al een melding" in response.content.decode()


def test_another_facility_cannot_announce_a_place_that_is_not_its_own(site: Site) -> None:
    client = client_as(site.people.other_facility_user)
    response = client.post(reverse("facility:announce", args=[site.place.ref]), {"expected_free_on": "2030-01-01"})
    assert response.status_code == 404


def test_a_place_is_made_unavailable_only_with_a_reason_and_made_available_again(site: Site) -> None:
    place = _occupied_place(site)
    client = client_as(site.people.facility_user)
    url = reverse("facility:unavailable", args=[place.ref])
    until = (timezone.localdate() + timedelta(days=30)).isoformat()
    missing = client.post(url, {"reason": "", "until": until})
    assert missing.context["form"].errors["reason"] == ["Dit veld is verplicht."]
    done = client.post(url, {"reason": "staff_shortage", "until": until, "explanation": "Twee zieken."})
    assert done.status_code == 302
    place.refresh_from_db()
    assert place.status == "unavailable" and place.unavailable_reason.code == "staff_shortage"  # type: ignore[union-attr]
    assert "personeelstekort" in client.get(reverse("facility:places")).content.decode()
    back = client.post(reverse("facility:reactivate", args=[place.ref]),
                       {"available_from": timezone.localdate().isoformat()})
    assert back.status_code == 302
    place.refresh_from_db()
    assert place.status == "available" and place.unavailable_reason is None


def test_reactivating_a_place_that_is_not_unavailable_shows_why_not(site: Site) -> None:
    response = client_as(site.people.facility_user).post(
        reverse("facility:reactivate", args=[_occupied_place(site).ref]),
        {"available_from": timezone.localdate().isoformat()})
    assert response.status_code == 200
    assert "laat niet toe" in response.content.decode()
