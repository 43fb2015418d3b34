"""Who is told what: the users behind a facility, a referrer and the placement team (D-12)."""

from __future__ import annotations

from django.contrib.auth.models import User
from django.db.models import QuerySet

from plaatsregie.accounts.vocabulary import Role


def facility_users(facility_id: int) -> QuerySet[User]:
    return User.objects.filter(memberships__role=Role.FACILITY.value,
                                           memberships__facility_id=facility_id).distinct()


def referrer_users(referrer_id: int | None) -> QuerySet[User]:
    if referrer_id is None:
        return User.objects.none()
    return User.objects.filter(memberships__role=Role.REFERRER.value,
                                           memberships__referrer_id=referrer_id).distinct()


def team_users(region: str | None = None) -> QuerySet[User]:
    users = User.objects.filter(memberships__role=Role.PLACEMENT_TEAM.value)
    if region:
        users = users.filter(memberships__region__in=[region, ""])
    return users.distinct()
