"""Who may do what, as `rules` predicates over roles and scopes (need-to-know, DOMAIN.md §7).

Pages and the API ask `can(user, Permission.X, obj)`. A youth's file is never opened through these rules:
it has one door, `access.access_youth_for_user` (D-36), which also writes the access log.
"""

from __future__ import annotations

from typing import Any

import rules
from django.contrib.auth.models import AnonymousUser, User

from plaatsregie.accounts.models import Membership
from plaatsregie.accounts.vocabulary import Permission, Role

Actor = User | AnonymousUser


def memberships_of(user: Actor) -> list[Membership]:
    """The user's memberships, read once per request (cached on the user object)."""
    if not user.is_authenticated:
        return []
    cached: list[Membership] | None = getattr(user, "_plaatsregie_memberships", None)
    if cached is None:
        cached = list(Membership.objects.filter(user_id=user.pk))
        setattr(user, "_plaatsregie_memberships", cached)  # noqa: B010 - a per-request cache on the user
    return cached


def _holds(*roles: Role) -> Any:
    wanted = {role.value for role in roles}

    def holds(user: Actor) -> bool:
        return any(m.role in wanted for m in memberships_of(user))

    return rules.Predicate(holds, name="holds_" + "_or_".join(sorted(wanted)))


is_team = _holds(Role.PLACEMENT_TEAM, Role.TEAM_LEAD)
is_team_lead = _holds(Role.TEAM_LEAD)
is_facility = _holds(Role.FACILITY)
is_referrer = _holds(Role.REFERRER)
is_policy_officer = _holds(Role.POLICY_OFFICER)
is_judge = _holds(Role.JUDGE)
is_admin = _holds(Role.ADMIN)


def _is_own_facility(user: Actor, facility: Any) -> bool:
    """The facility (or a place/unit/offer of it, by `facility_id`) is one the user acts for."""
    facility_id = getattr(facility, "facility_id", None) or getattr(facility, "pk", None)
    return any(m.role == Role.FACILITY.value and m.facility_id == facility_id for m in memberships_of(user))


def _is_own_request(user: Actor, request: Any) -> bool:
    """The request was registered by the referrer the user acts for."""
    return any(m.role == Role.REFERRER.value and m.referrer_id == request.referrer_id for m in memberships_of(user))


def _is_in_own_province(user: Actor, facility: Any) -> bool:
    """The facility lies in the province (region) of the policy officer."""
    return any(m.role == Role.POLICY_OFFICER.value and m.region == facility.region for m in memberships_of(user))


is_own_facility = rules.Predicate(_is_own_facility)
is_own_request = rules.Predicate(_is_own_request)
is_in_own_province = rules.Predicate(_is_in_own_province)


def provinces_of(user: Actor) -> set[str]:
    """The provinces a policy officer follows."""
    return {m.region for m in memberships_of(user) if m.role == Role.POLICY_OFFICER.value and m.region}


def referrer_ids_of(user: Actor) -> set[int]:
    """The referrers a referrer user acts for."""
    return {m.referrer_id for m in memberships_of(user) if m.role == Role.REFERRER.value and m.referrer_id}


def own_facility_ids(user: Actor) -> set[int]:
    """The facilities a facility user acts for."""
    return {m.facility_id for m in memberships_of(user) if m.role == Role.FACILITY.value and m.facility_id}


def can(user: Actor, permission: Permission, obj: Any = None) -> bool:
    """Whether the user may do this (to this object). Superuser status grants nothing here: need-to-know."""
    return bool(rules.test_rule(permission.value, user, obj))


RULES = {
    Permission.TEAM_WORK: is_team,
    Permission.TEAM_POOL: is_team,
    Permission.TEAM_LEAD_DECIDE: is_team_lead,
    Permission.FACILITY_WORK: is_facility,
    Permission.FACILITY_VIEW: is_facility & is_own_facility,
    Permission.REFERRER_WORK: is_referrer,
    Permission.REQUEST_VIEW: is_referrer & is_own_request,
    Permission.PROVINCE_VIEW: is_policy_officer,
    Permission.PROVINCE_FACILITY_VIEW: is_policy_officer & is_in_own_province,
    Permission.CAPACITY_OVERVIEW: is_judge | is_team | is_policy_officer | is_admin,
    Permission.ACCESS_LOG_VIEW: is_admin,
    Permission.INTERCHANGE: is_admin | is_facility | is_team,
    Permission.SIMULATION_RUN: is_admin | is_policy_officer,
    Permission.POLICY_PREVIEW: is_admin,
    Permission.MONITORING_FLANDERS: is_team | is_policy_officer | is_admin | is_judge,
    Permission.MONITORING_PROVINCE: is_team | is_policy_officer | is_admin,
    Permission.MONITORING_FACILITY: is_team | is_policy_officer | is_admin | is_facility,
    Permission.MONITORING_VIEW: is_team | is_policy_officer | is_admin | is_facility | is_judge,
}
for _permission, _predicate in RULES.items():
    rules.add_rule(_permission.value, _predicate)
