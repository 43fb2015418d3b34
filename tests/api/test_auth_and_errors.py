"""Tokens (hashed, scoped, revocable, rate-limited), the session with CSRF, and the JSON error format."""

from __future__ import annotations

import pytest
from django.urls import reverse
from pytest_django.fixtures import Settings
from rest_framework.test import APIClient

from plaatsregie.api.models import ApiToken, Scope
from tests.api.world import ApiSite


def test_a_token_is_stored_hashed_and_works_until_revoked(api: ApiSite) -> None:
    token = ApiToken.objects.get(name="EPD De Linde")
    text = api.tokens["facility_token"]
    assert text.split("_", 2)[2] not in token.secret_hash and len(token.secret_hash) == 64
    client = api.client("facility_token")
    assert client.get(reverse("api:place-list")).status_code == 200
    token.refresh_from_db()
    assert token.last_used_at is not None
    token.revoke()
    refused = client.get(reverse("api:place-list"))
    assert refused.status_code == 401 and refused.json()["code"] == "authentication_failed"
    assert refused["WWW-Authenticate"].startswith("Bearer")


def test_a_wrong_secret_is_refused(api: ApiSite) -> None:
    prefix, key_id, _ = api.tokens["facility_token"].split("_", 2)
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {prefix}_{key_id}_wrong")
    assert client.get(reverse("api:place-list")).status_code == 401


def test_a_token_without_the_scope_is_refused(api: ApiSite) -> None:
    response = api.client("readonly_token").post(reverse("api:offer-answer", args=[api.offer.ref]),
                                                 {"outcome": "agreed"}, format="json")
    assert response.status_code == 403 and response.json()["code"] == "scope_missing"


def test_a_token_acts_only_for_its_own_organisation(api: ApiSite) -> None:
    """The user also works for the other facility; the token for De Linde still sees only De Linde."""
    from plaatsregie.accounts.models import Membership

    Membership.objects.create(user=api.people.facility_user, role="facility", facility=api.other_facility)
    facilities = api.client("facility_token").get(reverse("api:facility-list")).json()["results"]
    assert [f["ref"] for f in facilities] == [api.facility.ref]


def test_a_token_must_belong_to_an_organisation_its_user_acts_for(api: ApiSite) -> None:
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        ApiToken.issue(name="x", user=api.people.facility_user, facility=api.other_facility, scopes=["read"])
    with pytest.raises(ValidationError):
        ApiToken.issue(name="x", user=api.people.facility_user, facility=api.facility, scopes=["admin"])


def test_the_rate_limit_is_per_token(api: ApiSite, settings: Settings) -> None:
    token = ApiToken.objects.get(name="Rapportage De Linde")
    token.rate = "3/min"
    token.save()
    client, url = api.client("readonly_token"), reverse("api:facility-list")
    answers = [client.get(url).status_code for _ in range(4)]
    assert answers == [200, 200, 200, 429]
    limited = client.get(url)
    assert limited.json()["code"] == "rate_limited" and "Retry-After" in limited
    assert api.client("facility_token").get(url).status_code == 200  # another token has its own budget


def test_the_browser_session_needs_the_csrf_token(api: ApiSite) -> None:
    client = APIClient(enforce_csrf_checks=True)
    client.force_login(api.people.facility_user)
    assert client.get(reverse("api:place-list")).status_code == 200
    response = client.post(reverse("api:offer-answer", args=[api.offer.ref]), {"outcome": "agreed"}, format="json")
    assert response.status_code == 403 and response.json()["code"] == "permission_denied"


@pytest.mark.parametrize("scope", [s.value for s in Scope])
def test_every_scope_is_documented(scope: str) -> None:
    from pathlib import Path

    assert f"`{scope}`" in (Path(__file__).parents[2] / "docs" / "api.md").read_text()


def test_errors_have_a_stable_code_two_languages_and_the_field(api: ApiSite) -> None:
    response = api.client("referrer").post(reverse("api:request-list"), {"youth_ref": "J-1"}, format="json")
    body = response.json()
    assert response.status_code == 400 and body["code"] == "validation_error"
    assert body["message"]["nl"] and body["message"]["en"] and body["field"] == "birth_date"
    assert api.client("anonymous").get(reverse("api:place-list")).json()["code"] == "not_authenticated"
    assert api.client("referrer").get(reverse("api:place-list")).json()["code"] == "permission_denied"
    missing = api.client("team").get(reverse("api:place-detail", args=["PL-NOPE"])).json()
    assert missing == {"code": "not_found", "field": None, "message": missing["message"]}
    broken = api.client("facility").generic("POST", reverse("api:offer-answer", args=[api.offer.ref]), "{nope",
                                            content_type="application/json")
    assert broken.status_code == 400 and broken.json()["code"] == "parse_error"


def test_an_admin_creates_a_token_sees_its_secret_once_and_revokes_it(api: ApiSite) -> None:
    from django.test import Client

    admin = Client()
    admin.force_login(api.admin)
    response = admin.post(reverse("admin:api_apitoken_add"), {
        "name": "EPD test", "user": api.people.facility_user.pk, "facility": api.facility.pk, "referrer": "",
        "scopes": ["read", "places:write"], "rate": ""}, follow=True)
    assert response.status_code == 200
    [shown] = [str(m) for m in response.context["messages"] if "plr_" in str(m)]
    text = shown.split(": ", 1)[1].split(" ")[0]
    token = ApiToken.objects.get(name="EPD test")
    assert ApiToken.authenticate(text) == token and token.scopes == ["read", "places:write"]
    assert text not in admin.get(reverse("admin:api_apitoken_change", args=[token.pk])).content.decode()
    admin.post(reverse("admin:api_apitoken_changelist"), {"action": "revoke", "_selected_action": [token.pk]})
    token.refresh_from_db()
    assert token.revoked_at is not None and ApiToken.authenticate(text) is None


def test_a_method_the_endpoint_lacks_is_405_and_an_unknown_address_a_json_404(api: ApiSite) -> None:
    client = api.client("facility")
    deleted = client.delete(reverse("api:place-detail", args=[api.place.ref]))
    assert deleted.status_code == 405 and deleted.json()["code"] == "method_not_allowed"
    missing = client.get("/api/v1/nothing/here/")
    assert missing.status_code == 404 and missing.json()["code"] == "not_found"
