"""Shared personas per role (STYLE habit 10): the people a placement scenario needs."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth.models import User

from plaatsregie.accounts.models import Membership
from plaatsregie.accounts.vocabulary import Role
from plaatsregie.registry.models import Facility
from plaatsregie.waiting.models import Referrer


def a_user(username: str, role: Role, **scope: object) -> User:
    user = User.objects.create_user(username, f"{username}@demo.invalid", "not-a-real-password-123")
    Membership.objects.create(user=user, role=role.value, **scope)  # type: ignore[misc]
    return user


@dataclass
class Personas:
    team_member: User
    second_team_member: User
    team_lead: User
    facility_user: User
    other_facility_user: User
    referrer_user: User
    policy_officer: User
    judge: User


def personas(facility: Facility, other_facility: Facility, referrer: Referrer) -> Personas:
    return Personas(
        team_member=a_user("an", Role.PLACEMENT_TEAM, region=facility.region),
        second_team_member=a_user("bert", Role.PLACEMENT_TEAM, region=facility.region),
        team_lead=a_user("chris", Role.TEAM_LEAD, region=facility.region),
        facility_user=a_user("dana", Role.FACILITY, facility=facility),
        other_facility_user=a_user("eli", Role.FACILITY, facility=other_facility),
        referrer_user=a_user("fien", Role.REFERRER, referrer=referrer),
        policy_officer=a_user("gust", Role.POLICY_OFFICER, region=facility.region),
        judge=a_user("hanne", Role.JUDGE),
    )
