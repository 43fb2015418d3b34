"""Monitoring dashboards (issue 6): a facility its own; policy officers their province; team, team leads and
admins all; judges the Flanders aggregates only; referrers none. Exports follow the dashboard they export."""

from tests.web.matrix import TEAM, case

FACILITY_SEERS = (*TEAM, "facility", "other_facility", "policy_officer", "other_policy_officer", "admin")

CASES = {
    "monitoring:index": case(*FACILITY_SEERS, "judge", ok=302),
    "monitoring:facility": case(*FACILITY_SEERS),
    "monitoring:province": case(*TEAM, "policy_officer", "other_policy_officer", "admin"),
    "monitoring:flanders": case(*TEAM, "policy_officer", "other_policy_officer", "judge", "admin"),
    "monitoring:export": case(*TEAM, "policy_officer", "other_policy_officer", "judge", "admin",
                              kwargs=lambda site: {"level": "vlaanderen", "key": "occupancy", "fmt": "csv"},
                              hidden=()),
}
