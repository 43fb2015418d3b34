"""Capacity overview: aggregate figures for judges, the team, policy officers and admins."""

from tests.web.matrix import TEAM, case

CASES = {
    "capacity:overview": case(*TEAM, "policy_officer", "other_policy_officer", "judge", "admin"),
}
