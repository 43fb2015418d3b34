"""Current stays and discharge (D-20), and the facility's own figures (D-18, D-29)."""

from __future__ import annotations

from datetime import date, timedelta

from django.urls import reverse
from django.utils import timezone

from plaatsregie.core.lifecycle import OfferOutcome
from plaatsregie.placement.models import Admission
from plaatsregie.placement.services.offers import offer_answer
from plaatsregie.registry.models import Place
from plaatsregie.web.facility.numbers import vacant_place_days
from tests.integration.factories import a_place, a_request, a_unit, an_admission_of
from tests.web.world import Site, client_as


def _stay(site: Site) -> Admission:
    place = a_place(a_unit(site.facility), status="occupied", available_from=None)
    return an_admission_of(site.people, place, a_request(urgency=1), site.people.facility_user)  # type: ignore[no-any-return]


def test_current_stays_are_listed_and_a_discharge_frees_the_place(site: Site) -> None:
    stay = _stay(site)
    client = client_as(site.people.facility_user)
    assert stay.ref in client.get(reverse("facility:stays")).content.decode()
    assert reverse("facility:discharge", args=[stay.ref]) in client.get(reverse("facility:places")).content.decode()
    response = client.post(reverse("facility:discharge", args=[stay.ref]), {"on": timezone.localdate().isoformat()})
    assert response.status_code == 302
    stay.refresh_from_db()
    assert stay.ended_on == timezone.localdate()
    assert Place.objects.get(pk=stay.place_id).status == "available"


def test_a_discharge_before_the_start_is_refused_next_to_the_date(site: Site) -> None:
    stay = _stay(site)
    before = (stay.start_on - timedelta(days=1)).isoformat()
    response = client_as(site.people.facility_user).post(reverse("facility:discharge", args=[stay.ref]),
                                                         {"on": before})
    assert response.context["form"].errors["on"] == ["Het ontslag valt voor de start van de opname."]


def test_the_stays_page_has_an_empty_state(site: Site) -> None:
    page = client_as(site.people.facility_user).get(reverse("facility:stays")).content.decode()
    assert "geen lopende opnames" in page


def test_figures_show_places_offers_and_refusals_by_reason(site: Site) -> None:
    offer_answer(actor=site.people.facility_user, offer_id=site.offer.pk, outcome=OfferOutcome.REFUSED,
                 reason_code="group_composition", motivation="De groepssamenstelling laat het vandaag niet toe.")
    response = client_as(site.people.facility_user).get(reverse("facility:figures"))
    figures = response.context["figures"]
    assert figures.total_places == 1 and figures.offers["received"] == 1 and figures.offers["refused"] == 1
    assert figures.refusals_by_reason == [("groepssamenstelling", 1)]
    assert figures.average_days_to_answer is not None
    assert "<table" in response.content.decode()


def test_another_facilitys_figures_do_not_count_this_ones_offers(site: Site) -> None:
    figures = client_as(site.people.other_facility_user).get(reverse("facility:figures")).context["figures"]
    assert figures.total_places == 0 and figures.offers["received"] == 0


def test_vacant_place_days_count_the_days_a_place_stood_free(site: Site) -> None:
    place = a_place(a_unit(site.facility), status="occupied", available_from=None)
    history = place.history.get()  # type: ignore[attr-defined]
    today = timezone.localdate()
    history.history_date = timezone.now() - timedelta(days=20)
    history.save()
    place.status = "available"
    place.save()
    freed = place.history.latest()  # type: ignore[attr-defined]
    freed.history_date = timezone.now() - timedelta(days=10)
    freed.save()
    days = vacant_place_days([place.pk], today - timedelta(days=365), today)
    assert days in (10, 11)
    assert vacant_place_days([place.pk], date(2000, 1, 1), date(2000, 12, 31)) == 0
