"""A small placement world every web test can stand on: two facilities in two provinces, two referrers, a place
with an open offer, the personas of every role — all made through the services."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth.models import User
from django.test import Client

from plaatsregie.accounts.vocabulary import Role
from plaatsregie.placement.models import Offer
from plaatsregie.registry.models import Facility, Place
from plaatsregie.waiting.models import Referrer, Request
from tests.integration.factories import a_facility, a_place, a_request, a_unit
from tests.integration.personas import Personas, a_user, personas
from tests.integration.placement.flow import open_offer

PASSWORD = "not-a-real-password-123"  # the personas' password (tests.integration.personas)


@dataclass
class Site:
    people: Personas
    facility: Facility
    other_facility: Facility
    referrer: Referrer
    other_referrer: Referrer
    place: Place
    request: Request
    offer: Offer
    admin: User
    other_referrer_user: User
    other_policy_officer: User

    def user(self, role: str) -> User | None:
        """The persona playing `role` in the authorisation matrix (None: anonymous)."""
        return {
            "anonymous": None,
            "team": self.people.team_member,
            "team_lead": self.people.team_lead,
            "facility": self.people.facility_user,
            "other_facility": self.people.other_facility_user,
            "referrer": self.people.referrer_user,
            "other_referrer": self.other_referrer_user,
            "policy_officer": self.people.policy_officer,
            "other_policy_officer": self.other_policy_officer,
            "judge": self.people.judge,
            "admin": self.admin,
        }[role]


ROLES = ("anonymous", "team", "team_lead", "facility", "other_facility", "referrer", "other_referrer",
         "policy_officer", "other_policy_officer", "judge", "admin")


def build_site() -> Site:
    facility = a_facility(name="De Linde (fictief)", region="Antwerpen")
    other_facility = a_facility(name="Het Anker (fictief)", region="Limburg", lat=50.93, lon=5.33)
    referrer = Referrer.objects.create(ref="REF-1", name="OCJ Antwerpen (fictief)", kind="OCJ", region="Antwerpen")
    other_referrer = Referrer.objects.create(ref="REF-2", name="SDJ Hasselt (fictief)", kind="SDJ", region="Limburg")
    people = personas(facility, other_facility, referrer)
    place = a_place(a_unit(facility), status="occupied", available_from=None)
    request = a_request(urgency=1, referrer=referrer)
    offer = open_offer(people, place)
    admin = a_user("beheer", Role.ADMIN)
    admin.is_staff = admin.is_superuser = True
    admin.save()
    return Site(people, facility, other_facility, referrer, other_referrer, place, request, offer, admin,
                a_user("ivo", Role.REFERRER, referrer=other_referrer),
                a_user("jo", Role.POLICY_OFFICER, region="Limburg"))


def client_as(user: User | None) -> Client:
    """A test client logged in as `user` (anonymous for None)."""
    client = Client()
    if user is not None:
        client.force_login(user)
    return client
