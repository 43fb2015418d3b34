"""The waiting pool: filters, search, pagination, flags, no names — and one query per page, whatever its size."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from plaatsregie.waiting.models import Request, YouthIdentity
from tests.integration.factories import a_request
from tests.web.world import Site, client_as

URL = reverse("team:pool")


def _page(site: Site, query: str = "") -> str:
    return client_as(site.people.team_member).get(f"{URL}{query}").content.decode()


def test_the_pool_lists_waiting_requests_by_dossier_number_without_names(site: Site) -> None:
    YouthIdentity.objects.create(youth=site.request.youth, given_name="Zoë", family_name="Vandermeersch")
    page = _page(site)
    assert site.request.ref in page
    assert "Vandermeersch" not in page and site.request.youth.birth_date.strftime("%d/%m/%Y") not in page
    assert site.request.registered_on.strftime("%d/%m/%Y") in page


def test_filters_narrow_the_pool(site: Site) -> None:
    limburg = a_request(urgency=3, youth={"region": "Limburg"}, modules=("OBC",))
    young = a_request(urgency=2, youth={"birth_date": timezone.localdate() - timedelta(days=365 * 4)})
    assert limburg.ref in _page(site, "?region=Limburg") and site.request.ref not in _page(site, "?region=Limburg")
    assert limburg.ref in _page(site, "?module=OBC") and site.request.ref not in _page(site, "?module=OBC")
    assert limburg.ref not in _page(site, "?urgency=1") and site.request.ref in _page(site, "?urgency=1")
    assert young.ref in _page(site, "?age_band=0-5") and site.request.ref not in _page(site, "?age_band=0-5")
    assert limburg.ref in _page(site, f"?search={limburg.ref.lower()}")
    assert site.request.ref not in _page(site, f"?search={limburg.ref}")


def test_stale_and_collective_flags_show_and_filter(site: Site) -> None:
    Request.objects.filter(pk=site.request.pk).update(last_confirmed_on=date(2020, 1, 1))
    other = a_request(urgency=3, last_confirmed_on=timezone.localdate())
    page = _page(site, "?stale=on")
    assert site.request.ref in page and other.ref not in page and "niet recent bevestigd" in page
    assert "Geen wachtende aanmeldingen voor deze keuze." in _page(site, "?collective=on")


def test_an_unknown_filter_value_shows_everything_instead_of_an_error(site: Site) -> None:
    assert site.request.ref in _page(site, "?urgency=9&region=Mars")


def test_htmx_gets_only_the_table(site: Site) -> None:
    response = client_as(site.people.team_member).get(URL, HTTP_HX_REQUEST="true")
    page = response.content.decode()
    assert 'id="wachtpool-resultaat"' in page and "<html" not in page


@pytest.mark.parametrize("extra", [5, 40])
def test_a_page_of_the_pool_costs_the_same_few_queries_however_many_wait(
        site: Site, extra: int, django_assert_max_num_queries) -> None:  # type: ignore[no-untyped-def]
    # session, user, memberships and the session refresh (6), then modules, count, rows, their modules (4)
    for _ in range(extra):
        a_request(urgency=2, youth={"family_ref": "GEZIN-1"})
    client = client_as(site.people.team_member)
    with django_assert_max_num_queries(10):
        page = client.get(f"{URL}?region=Antwerpen").content.decode()
    assert "brussen" in page
    if extra > 25:
        assert "Pagina 1 van 2" in page
