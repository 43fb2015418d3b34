"""The web tests' small world (tests/web/world.py) plus what the API needs: a current stay, and tokens for
systems — a facility's with every scope, one with `read` only, and a referrer's."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.contrib.auth.models import User
from rest_framework.test import APIClient

from plaatsregie.api.models import ApiToken, Scope
from plaatsregie.placement.models import Admission
from tests.integration.factories import a_place, a_request, a_unit, an_admission_of
from tests.web.world import ROLES as WEB_ROLES
from tests.web.world import Site, build_site

TOKEN_ROLES = ("facility_token", "readonly_token", "referrer_token")
ROLES = (*WEB_ROLES, *TOKEN_ROLES)


@dataclass
class ApiSite:
    site: Site
    stay: Admission
    tokens: dict[str, str]

    def __getattr__(self, name: str) -> Any:
        return getattr(self.site, name)

    def client(self, role: str) -> APIClient:
        """An API client for `role`: a token's bearer header, or a logged-in session (anonymous: nothing)."""
        client = APIClient()
        if role in self.tokens:
            client.credentials(HTTP_AUTHORIZATION=f"Bearer {self.tokens[role]}")
        elif (user := self.site.user(role)) is not None:
            client.force_login(user)
        return client

    def user(self, role: str) -> User | None:
        return self.site.user(role)


def build_api_site() -> ApiSite:
    site = build_site()
    place = a_place(a_unit(site.facility), status="occupied", available_from=None)
    stay = an_admission_of(site.people, place, a_request(urgency=1), site.people.facility_user)
    every = [s.value for s in Scope]
    tokens = {
        "facility_token": ApiToken.issue(name="EPD De Linde", user=site.people.facility_user,
                                         facility=site.facility, scopes=every)[1],
        "readonly_token": ApiToken.issue(name="Rapportage De Linde", user=site.people.facility_user,
                                         facility=site.facility, scopes=[Scope.READ.value])[1],
        "referrer_token": ApiToken.issue(name="Aanmeldsysteem OCJ", user=site.people.referrer_user,
                                         referrer=site.referrer, scopes=every)[1],
    }
    return ApiSite(site, stay, tokens)
