"""Demo users of every role for `plaatsregie demo`, on the seeded world. Demo only: never on a real system.

They share one region: the region of the seeded facility with the most replayed placement history, so the
placement team, the team lead, the policy officer and the referrer see that facility's cases.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth.models import User
from django.db import transaction
from django.db.models import Count, Q

from plaatsregie.accounts.models import Membership
from plaatsregie.accounts.vocabulary import ROLE_LABELS_NL, Role
from plaatsregie.core.errors import DomainError
from plaatsregie.core.types import ReferrerKind
from plaatsregie.registry.models import Facility
from plaatsregie.waiting.models import Referrer, RequestStatus

DEMO_PASSWORD = "demo-plaatsregie"  # demo only, printed on purpose


@dataclass(frozen=True)
class DemoUser:
    username: str
    role: Role
    scope: str  # the facility, referrer or region the role applies to ("" for all)


@transaction.atomic
def demo_users_ensure() -> list[DemoUser]:
    """Create or reset the demo users (password DEMO_PASSWORD) with one membership each."""
    facility = _demo_facility()
    region = facility.region
    referrer = _demo_referrer(region)
    users: list[tuple[DemoUser, dict[str, object]]] = [
        (DemoUser("beheerder", Role.ADMIN, ""), {}),
        (DemoUser("voorziening", Role.FACILITY, facility.name), {"facility": facility}),
        (DemoUser("teamlid1", Role.PLACEMENT_TEAM, region), {"region": region}),
        (DemoUser("teamlid2", Role.PLACEMENT_TEAM, region), {"region": region}),
        (DemoUser("leidinggevende", Role.TEAM_LEAD, region), {"region": region}),
        (DemoUser("aanmelder", Role.REFERRER, referrer.name), {"referrer": referrer}),
        (DemoUser("beleid", Role.POLICY_OFFICER, region), {"region": region}),
        (DemoUser("jeugdrechter", Role.JUDGE, ""), {}),
    ]
    for demo, scope in users:
        _ensure(demo, scope)
    return [demo for demo, _ in users]


def _ensure(demo: DemoUser, scope: dict[str, object]) -> None:
    user, _ = User.objects.get_or_create(username=demo.username)
    user.email = f"{demo.username}@demo.invalid"
    user.is_staff = user.is_superuser = demo.role is Role.ADMIN
    user.set_password(DEMO_PASSWORD)
    user.save()
    Membership.objects.filter(user=user).delete()
    Membership.objects.create(user=user, role=demo.role.value, **scope)


def _demo_facility() -> Facility:
    """The facility with the most offers from candidate lists, then the most offers, then the first by reference."""
    listed = Q(units__places__offers__candidate_list__isnull=False)
    facility = (Facility.objects.annotate(listed=Count("units__places__offers", filter=listed),
                                          offers=Count("units__places__offers"))
                .order_by("-listed", "-offers", "ref").first())
    if facility is None:
        raise DomainError("Er is nog geen voorziening: seed eerst een synthetisch Vlaanderen.")
    return facility


def _demo_referrer(region: str) -> Referrer:
    """A regional referral team of the region, the one with the most waiting requests."""
    waiting = Q(requests__status=RequestStatus.WAITING)
    teams = Referrer.objects.filter(region=region).exclude(kind=ReferrerKind.FACILITY.value)
    referrer = teams.annotate(waiting=Count("requests", filter=waiting)).order_by("-waiting", "ref").first()
    if referrer is None:
        raise DomainError(f"Er is geen aanmelder in {region}.")
    return referrer


def describe(demo: DemoUser) -> str:
    """The role in Dutch, with what it applies to."""
    label = ROLE_LABELS_NL[demo.role]
    return f"{label} ({demo.scope})" if demo.scope else label
