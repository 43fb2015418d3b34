"""Who may see and do what in the follow-up by facility policy (D-30); autodiscovered by `rules`.

The team follows all facilities (it places Flanders-wide); a facility sees its own items and check; a policy
officer the facilities of their province. A monthly report is for a province ("") or for Flanders ("")."""

from __future__ import annotations

from typing import Any

import rules

from plaatsregie.accounts.rules import (
    Actor,
    is_admin,
    is_facility,
    is_in_own_province,
    is_own_facility,
    is_policy_officer,
    is_team,
    provinces_of,
)
from plaatsregie.accounts.vocabulary import Permission


def _may_report(user: Actor, province: Any) -> bool:
    """Flanders ("" or None as object: any report page at all) for team and admin; a province also for its
    policy officer."""
    if is_team(user) or is_admin(user):
        return True
    if province is None:
        return bool(is_policy_officer(user))
    return bool(province) and province in provinces_of(user)


FOLLOWUP_RULES = {
    Permission.FOLLOWUP_VIEW: is_policy_officer | is_facility | is_team,
    Permission.FOLLOWUP_RAISE: is_policy_officer | is_facility | is_team,
    Permission.FOLLOWUP_CONSULT: is_team,
    Permission.FOLLOWUP_MANAGE: is_policy_officer,
    Permission.FOLLOWUP_FACILITY: (is_policy_officer & is_in_own_province) | (is_facility & is_own_facility) | is_team,
    Permission.MONTHLY_CHECK_VIEW: is_policy_officer | is_facility,
    Permission.MONTHLY_REPORT: rules.Predicate(_may_report),
}
for _permission, _predicate in FOLLOWUP_RULES.items():
    rules.set_rule(_permission.value, _predicate)
