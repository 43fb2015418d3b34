"""The people who act in a seeded history: per region two placement-team members (four eyes, D-11) and a team
lead, a user per facility and per referral team. They are accounts without a usable password (nobody logs in
as them); they are kept when the world is replaced, their memberships are made again."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import User

from plaatsregie.accounts.models import Membership
from plaatsregie.accounts.vocabulary import Role
from plaatsregie.core.types import ReferrerKind, Region
from plaatsregie.registry.models import Facility
from plaatsregie.synth.referrers import REGION_CODES
from plaatsregie.waiting.models import Referrer

PREFIX = "seed-"


@dataclass(frozen=True)
class SeedActors:
    members: dict[str, tuple[User, User]]  # region → two placement-team members
    leads: dict[str, User]  # region → team lead
    facilities: dict[int, User]  # facility pk → facility user
    referrers: dict[int, User]  # referrer pk → referrer user (regional teams only)

    def team(self, region: str) -> tuple[User, User]:
        return self.members[region]


def seed_actors_ensure(facilities: Iterable[Facility], referrers: Iterable[Referrer], joined: datetime) -> SeedActors:
    """The actors of a seeded world, created if missing, each with one membership."""
    scopes: dict[str, tuple[Role, dict[str, object]]] = {}
    for region in Region:
        code = REGION_CODES[region].lower()
        scopes[f"{PREFIX}team-{code}-1"] = (Role.PLACEMENT_TEAM, {"region": region.value})
        scopes[f"{PREFIX}team-{code}-2"] = (Role.PLACEMENT_TEAM, {"region": region.value})
        scopes[f"{PREFIX}lead-{code}"] = (Role.TEAM_LEAD, {"region": region.value})
    for facility in facilities:
        scopes[f"{PREFIX}{facility.ref.lower()}"] = (Role.FACILITY, {"facility": facility})
    for referrer in referrers:
        if referrer.kind != ReferrerKind.FACILITY.value:
            scopes[f"{PREFIX}{referrer.ref.lower()}"] = (Role.REFERRER, {"referrer": referrer})
    users = _users(list(scopes), joined)
    Membership.objects.filter(user__in=users.values()).delete()
    Membership.objects.bulk_create(Membership(user=users[name], role=role.value, **scope)
                                   for name, (role, scope) in scopes.items())
    return _actors(users, scopes)


def _users(names: list[str], joined: datetime) -> dict[str, User]:
    existing = {u.username: u for u in User.objects.filter(username__in=names)}
    unusable = make_password(None)
    User.objects.bulk_create(User(username=name, password=unusable, date_joined=joined)
                             for name in names if name not in existing)
    return {u.username: u for u in User.objects.filter(username__in=names)}


def _actors(users: dict[str, User], scopes: dict[str, tuple[Role, dict[str, object]]]) -> SeedActors:
    members: dict[str, list[User]] = {}
    leads: dict[str, User] = {}
    facilities: dict[int, User] = {}
    referrers: dict[int, User] = {}
    for name, (role, scope) in scopes.items():
        user = users[name]
        if role is Role.PLACEMENT_TEAM:
            members.setdefault(str(scope["region"]), []).append(user)
        elif role is Role.TEAM_LEAD:
            leads[str(scope["region"])] = user
        elif role is Role.FACILITY and isinstance(scope["facility"], Facility):
            facilities[scope["facility"].pk] = user
        elif role is Role.REFERRER and isinstance(scope["referrer"], Referrer):
            referrers[scope["referrer"].pk] = user
    return SeedActors({r: (pair[0], pair[1]) for r, pair in members.items()}, leads, facilities, referrers)
