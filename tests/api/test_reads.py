"""Reads: pagination, filters and ordering; ETags; the youth's data only through the logged door (D-36)."""

from __future__ import annotations

from django.urls import reverse

from plaatsregie.accounts.models import AccessLogEntry
from tests.api.world import ApiSite
from tests.integration.factories import a_place, a_unit


def test_lists_are_paginated_filtered_and_ordered(api: ApiSite) -> None:
    for _ in range(3):
        a_place(a_unit(api.facility), status="available")
    client = api.client("team")
    url = reverse("api:place-list")
    page = client.get(url, {"page_size": 2, "ordering": "-ref"}).json()
    assert page["count"] >= 5 and len(page["results"]) == 2 and page["next"]
    refs = [p["ref"] for p in client.get(url, {"page_size": 200, "ordering": "-ref"}).json()["results"]]
    assert refs == sorted(refs, reverse=True)
    available = client.get(url, {"status": "available", "facility": api.facility.ref}).json()["results"]
    assert len(available) == 3 and {p["status"] for p in available} == {"available"}


def test_the_fast_place_list_has_the_documented_shape(api: ApiSite) -> None:
    from plaatsregie.api.serializers import PlaceSerializer
    from plaatsregie.registry.models import Place

    client = api.client("team")
    [row] = client.get(reverse("api:place-list"), {"unit": api.place.unit.ref}).json()["results"]
    detail = client.get(reverse("api:place-detail", args=[api.place.ref])).json()
    assert row == detail == dict(PlaceSerializer(Place.objects.get(pk=api.place.pk)).data)


def test_bad_list_parameters_are_400_with_the_parameter(api: ApiSite) -> None:
    client = api.client("team")
    url = reverse("api:place-list")
    for params, field in [({"status": "kapot"}, "status"), ({"ordering": "secret"}, "ordering"),
                          ({"page_size": "5000"}, "page_size"), ({"page": "x"}, "page"),
                          ({"short_stay": "misschien"}, "short_stay")]:
        response = client.get(url, params)
        assert response.status_code == 400 and response.json()["field"] == field, (params, response.json())


def test_a_facility_lists_only_its_own_places(api: ApiSite) -> None:
    a_place(a_unit(api.other_facility), status="available")
    facilities = {p["facility"] for p in api.client("facility_token").get(reverse("api:place-list")).json()["results"]}
    assert facilities == {api.facility.ref}


def test_a_detail_carries_an_etag_and_honours_if_none_match(api: ApiSite) -> None:
    client = api.client("facility")
    url = reverse("api:place-detail", args=[api.place.ref])
    tag = client.get(url)["ETag"]
    assert client.get(url, HTTP_IF_NONE_MATCH=tag).status_code == 304


def test_the_offered_youth_is_shown_to_the_facility_through_the_logged_door(api: ApiSite) -> None:
    url = reverse("api:offer-detail", args=[api.offer.ref])
    before = AccessLogEntry.objects.count()
    detail = api.client("facility_token").get(url).json()
    assert detail["youth"]["ref"] == api.offer.request.youth.ref
    entry = AccessLogEntry.objects.order_by("-id").first()
    assert AccessLogEntry.objects.count() == before + 1
    assert entry is not None and entry.channel == "api" and entry.user == api.people.facility_user
    assert entry.purpose == f"voorstel {api.offer.ref}"


def test_after_a_refusal_the_facility_keeps_its_answer_but_loses_the_youth(api: ApiSite) -> None:
    client = api.client("facility")
    client.post(reverse("api:offer-answer", args=[api.offer.ref]),
                {"outcome": "refused", "reason": "group_composition",
                 "motivation": "De groep telt nu al drie jongeren met dezelfde noden; dat gaat niet."}, format="json")
    before = AccessLogEntry.objects.count()
    detail = client.get(reverse("api:offer-detail", args=[api.offer.ref])).json()
    assert detail["youth"] is None and detail["answer"]["outcome"] == "refused"
    assert AccessLogEntry.objects.count() == before  # no file, no log entry


def test_lists_carry_no_personal_data_and_write_no_log(api: ApiSite) -> None:
    before = AccessLogEntry.objects.count()
    offers = api.client("facility").get(reverse("api:offer-list")).json()["results"]
    requests = api.client("team").get(reverse("api:request-list")).json()["results"]
    assert offers and requests
    assert all("youth" not in row and "why" not in row for row in offers + requests)
    assert AccessLogEntry.objects.count() == before


def test_reading_a_request_logs_the_access(api: ApiSite) -> None:
    url = reverse("api:request-detail", args=[api.request.ref])
    for role, user in [("team", api.people.team_member), ("referrer_token", api.people.referrer_user)]:
        detail = api.client(role).get(url).json()
        assert detail["youth"]["birth_date"]
        entry = AccessLogEntry.objects.order_by("-id").first()
        assert entry is not None and entry.user == user and entry.channel == "api"


def test_candidate_lists_name_requests_by_ref_only(api: ApiSite) -> None:
    detail = api.client("team").get(reverse("api:candidate-list-detail",
                                            args=[api.offer.candidate_list.ref])).json()
    assert detail["adopted"] is True and api.offer.request.ref in detail["order"]


def test_indicators_are_aggregates(api: ApiSite) -> None:
    client = api.client("judge")
    assert {"key": "capacity"} in client.get(reverse("api:indicator-list")).json()
    table = client.get(reverse("api:indicator-detail", args=["capacity"]), {"region": "Antwerpen"}).json()
    assert table["columns"][0]["key"] == "module" and all(row[1] == "Antwerpen" for row in table["rows"])
    assert client.get(reverse("api:indicator-detail", args=["nope"])).status_code == 404


def test_every_indicator_is_served_as_a_table(api: ApiSite) -> None:
    client = api.client("policy_officer")
    keys = [row["key"] for row in client.get(reverse("api:indicator-list")).json()]
    assert len(keys) >= 2  # capacity, and the monitoring indicators
    for key in keys:
        for region in ("", "Limburg"):
            response = client.get(reverse("api:indicator-detail", args=[key]), {"region": region} if region else {})
            assert response.status_code == 200, (key, response.content[:300])
            table = response.json()
            assert table["key"] and table["columns"] and all(len(r) == len(table["columns"]) for r in table["rows"])
