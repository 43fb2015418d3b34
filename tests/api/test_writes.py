"""Writes through the API go through the same services: places (D-5), capacity reports (D-7), requests (D-6),
answers (D-13), admissions and discharges (D-20) — with idempotent creates and If-Match on updates."""

from __future__ import annotations

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from plaatsregie.accounts.models import AuditRecord
from plaatsregie.api.models import IdempotencyRecord
from plaatsregie.placement.models import Admission, CapacityReport
from plaatsregie.registry.models import Place
from plaatsregie.waiting.models import Request
from tests.api.world import ApiSite
from tests.integration.factories import a_place, a_unit

SOON = (timezone.localdate() + timedelta(days=10)).isoformat()


def _etag(client, url: str) -> str:  # type: ignore[no-untyped-def]
    response = client.get(url)
    assert response.status_code == 200
    return response["ETag"]


def test_a_facility_sets_its_place_unavailable_only_with_the_current_etag(api: ApiSite) -> None:
    client = api.client("facility_token")
    url = reverse("api:place-detail", args=[api.place.ref])
    status_url = reverse("api:place-status", args=[api.place.ref])
    body = {"status": "unavailable", "reason": "staff_shortage", "until": SOON, "explanation": "ziekte"}
    tag = _etag(client, url)
    assert client.put(status_url, body, format="json").status_code == 428
    stale = client.put(status_url, body, format="json", HTTP_IF_MATCH='"stale"')
    assert stale.status_code == 412 and stale.json()["code"] == "precondition_failed"
    changed = client.put(status_url, body, format="json", HTTP_IF_MATCH=tag)
    assert changed.status_code == 200, changed.json()
    assert changed.json()["status"] == "unavailable" and changed["ETag"] != tag
    assert AuditRecord.objects.filter(event="place:status:changed", object_ref=api.place.ref).exists()
    again = client.put(status_url, {"status": "available", "available_from": SOON}, format="json", HTTP_IF_MATCH=tag)
    assert again.status_code == 412  # the old ETag no longer matches
    back = client.put(status_url, {"status": "available", "available_from": SOON}, format="json",
                      HTTP_IF_MATCH=changed["ETag"])
    assert back.status_code == 200 and back.json()["status"] == "available"


def test_an_impossible_transition_is_a_conflict(api: ApiSite) -> None:
    client = api.client("facility")
    url = reverse("api:place-detail", args=[api.place.ref])
    response = client.put(reverse("api:place-status", args=[api.place.ref]),
                          {"status": "available", "available_from": SOON}, format="json",
                          HTTP_IF_MATCH=_etag(client, url))
    assert response.status_code == 409 and response.json()["code"] == "state_conflict"


def test_a_retried_capacity_report_is_created_once(api: ApiSite) -> None:
    place = a_place(a_unit(api.facility), status="occupied", available_from=None)
    client = api.client("facility_token")
    body = {"place": place.ref, "expected_free_on": SOON, "age_min": 12, "age_max": 17, "genders": "FM"}
    url = reverse("api:capacity-report-list")
    first = client.post(url, body, format="json", HTTP_IDEMPOTENCY_KEY="epd-42")
    retry = client.post(url, body, format="json", HTTP_IDEMPOTENCY_KEY="epd-42")
    assert first.status_code == retry.status_code == 201, first.json()
    assert first.json() == retry.json() and retry["Idempotent-Replayed"] == "true"
    assert CapacityReport.objects.filter(place=place).count() == 1
    assert IdempotencyRecord.objects.count() == 1
    reused = client.post(url, {**body, "age_max": 16}, format="json", HTTP_IDEMPOTENCY_KEY="epd-42")
    assert reused.status_code == 422 and reused.json()["code"] == "idempotency_key_reused"
    without_key = client.post(url, body, format="json")
    assert without_key.status_code == 409  # D-7: one open report per place, whatever the client does
    assert CapacityReport.objects.filter(place=place).count() == 1


def test_an_expired_idempotency_key_counts_as_new(api: ApiSite) -> None:
    client = api.client("referrer")
    body = {"youth_ref": "J-API-9", "birth_date": "2012-03-04", "gender": "F", "region": "Antwerpen",
            "modules": ["OVBJ"], "urgency": 3}
    assert client.post(reverse("api:request-list"), body, format="json", HTTP_IDEMPOTENCY_KEY="k").status_code == 201
    IdempotencyRecord.objects.update(created_at=timezone.now() - timedelta(days=8))
    again = client.post(reverse("api:request-list"), body, format="json", HTTP_IDEMPOTENCY_KEY="k")
    assert again.status_code == 409  # run afresh: the youth already has a waiting request (natural key)
    assert "Idempotent-Replayed" not in again


def test_a_report_for_another_facilitys_place_is_refused_without_saying_it_exists(api: ApiSite) -> None:
    theirs = a_place(a_unit(api.other_facility), status="occupied", available_from=None)
    body = {"place": theirs.ref, "expected_free_on": SOON, "age_min": 12, "age_max": 17}
    response = api.client("facility").post(reverse("api:capacity-report-list"), body, format="json")
    assert response.status_code == 400 and response.json()["field"] == "place"
    assert not CapacityReport.objects.filter(place=theirs).exists()


def test_a_service_refusal_names_the_field(api: ApiSite) -> None:
    place = a_place(a_unit(api.facility), status="occupied", available_from=None)
    body = {"place": place.ref, "expected_free_on": SOON, "age_min": 17, "age_max": 12}
    response = api.client("facility").post(reverse("api:capacity-report-list"), body, format="json")
    assert response.status_code == 400
    assert response.json()["code"] == "invalid_input" and response.json()["field"] == "age_max"


def test_a_referrer_registers_a_request_once_and_keeps_it_current(api: ApiSite) -> None:
    client = api.client("referrer_token")
    body = {"youth_ref": "J-API-1", "birth_date": "2012-03-04", "gender": "M", "region": "Antwerpen",
            "modules": ["OVBJ"], "urgency": 2, "needs": ["trauma"]}
    url = reverse("api:request-list")
    first = client.post(url, body, format="json", HTTP_IDEMPOTENCY_KEY="aanvraag-1")
    retry = client.post(url, body, format="json", HTTP_IDEMPOTENCY_KEY="aanvraag-1")
    assert first.status_code == retry.status_code == 201, first.json()
    assert Request.objects.filter(youth__ref="J-API-1").count() == 1
    again = client.post(url, body, format="json", HTTP_IDEMPOTENCY_KEY="aanvraag-2")
    assert again.status_code == 409  # the youth already has a waiting request
    ref = first.json()["ref"]
    detail = reverse("api:request-detail", args=[ref])
    change = client.post(reverse("api:request-change", args=[ref]), {"kind": "escalation", "text": "Crisis.",
                                                                     "urgency": 1},
                         format="json", HTTP_IF_MATCH=_etag(client, detail))
    assert change.status_code == 200 and change.json()["urgency"] == 1
    withdraw = client.post(reverse("api:request-withdraw", args=[ref]), {"reason": "helped_elsewhere"},
                           format="json", HTTP_IF_MATCH=change["ETag"])
    assert withdraw.status_code == 200 and withdraw.json()["status"] == "withdrawn"


def test_an_offer_is_answered_once(api: ApiSite) -> None:
    client = api.client("facility_token")
    url = reverse("api:offer-answer", args=[api.offer.ref])
    refusal = {"outcome": "refused", "reason": "group_composition",
               "motivation": "De groep telt nu al drie jongeren met dezelfde noden; dat gaat niet."}
    assert client.post(url, {"outcome": "refused", "reason": "group_composition", "motivation": "kort"},
                       format="json").json()["field"] == "motivation"
    answered = client.post(url, refusal, format="json")
    assert answered.status_code == 200 and answered.json()["state"] == "refused"
    assert answered.json()["answer"]["reason"] == "group_composition"
    twice = client.post(url, refusal, format="json")
    assert twice.status_code == 409 and twice.json()["code"] == "state_conflict"


def test_an_agreed_offer_starts_and_the_stay_ends_with_if_match(api: ApiSite) -> None:
    client = api.client("facility_token")
    agreed = client.post(reverse("api:offer-answer", args=[api.offer.ref]), {"outcome": "agreed"}, format="json")
    assert agreed.status_code == 200, agreed.json()
    today = timezone.localdate().isoformat()
    started = client.post(reverse("api:admission-list"), {"offer": api.offer.ref, "start_on": today}, format="json",
                          HTTP_IDEMPOTENCY_KEY="start-1")
    assert started.status_code == 201, started.json()
    replay = client.post(reverse("api:admission-list"), {"offer": api.offer.ref, "start_on": today}, format="json",
                         HTTP_IDEMPOTENCY_KEY="start-1")
    assert replay.json() == started.json() and Admission.objects.filter(offer=api.offer).count() == 1
    ref = started.json()["ref"]
    discharge = client.post(reverse("api:admission-discharge", args=[ref]), {"ended_on": today}, format="json",
                            HTTP_IF_MATCH=started["ETag"])
    assert discharge.status_code == 200 and discharge.json()["ended_on"] == today
    assert Place.objects.get(pk=api.place.pk).status == "available"
