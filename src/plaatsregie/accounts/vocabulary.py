"""Named, stable vocabularies: roles and audit events (STYLE habit 5)."""

from __future__ import annotations

from enum import StrEnum


class Role(StrEnum):
    """DOMAIN.md §1: who uses the system."""

    PLACEMENT_TEAM = "placement_team"
    TEAM_LEAD = "team_lead"
    FACILITY = "facility"
    REFERRER = "referrer"
    POLICY_OFFICER = "policy_officer"
    JUDGE = "judge"
    ADMIN = "admin"


ROLE_LABELS_NL = {
    Role.PLACEMENT_TEAM: "medewerker team jeugdzorg en -bescherming",
    Role.TEAM_LEAD: "leidinggevende",
    Role.FACILITY: "voorziening",
    Role.REFERRER: "aanmelder",
    Role.POLICY_OFFICER: "regionale beleidsmedewerker",
    Role.JUDGE: "jeugdrechter",
    Role.ADMIN: "functioneel beheerder",
}


class AuditEvent(StrEnum):
    """Every recorded change, as `<thing>:<what happened>` (D-25)."""

    PLACE_STATUS_CHANGED = "place:status:changed"
    CAPACITY_REPORTED = "capacity:reported"
    CAPACITY_AGREEMENT_RECORDED = "capacity:agreement:recorded"
    CANDIDATE_LIST_GENERATED = "candidate_list:generated"
    CANDIDATE_LIST_REVISED = "candidate_list:revised"
    CANDIDATE_LIST_APPROVED = "candidate_list:approved"
    CANDIDATE_LIST_ADOPTED = "candidate_list:adopted"
    OFFER_MADE = "offer:made"
    OFFER_ANSWERED = "offer:answered"
    OFFER_WITHDRAWN = "offer:withdrawn"
    REFUSAL_REVIEWED = "refusal:reviewed"
    MANDATE_STEP_DECIDED = "mandate:step:decided"
    COLLECTIVE_CASE_OPENED = "collective_case:opened"
    COLLECTIVE_CONSULTATION_RECORDED = "collective_case:consultation:recorded"
    OBJECTION_RAISED = "objection:raised"
    OBJECTION_ANSWERED = "objection:answered"
    ADMISSION_STARTED = "admission:started"
    STAY_DISCHARGED = "stay:discharged"
    INTERNAL_FLOW_REGISTERED = "internal_flow:registered"
    REQUEST_REGISTERED = "request:registered"
    REQUEST_CHANGED = "request:changed"
    REQUEST_CONFIRMED = "request:confirmed"
    REQUEST_WITHDRAWN = "request:withdrawn"
    PLACE_IMPORTED = "place:imported"  # created or changed by a file import (D-24)
    REQUEST_IMPORTED = "request:imported"
    IMPORT_APPLIED = "interchange:import:applied"  # one per import: file, counts
    TABLE_EXPORTED = "monitoring:table:exported"  # a table with personal data was exported (logged like a view)
    FOLLOWUP_RAISED = "followup:raised"  # a signal or a request to consult (D-30)
    FOLLOWUP_CHANGED = "followup:changed"  # status, owner, due date or a note on a follow-up item
    FACILITY_NOTE_RECORDED = "followup:facility_note:recorded"
    MONTHLY_CHECK_GENERATED = "followup:monthly_check:generated"
    CHECK_ITEM_HANDLED = "followup:check_item:handled"


class Permission(StrEnum):
    """What a page or an API call asks of its user, as `<area>:<thing>:<action>`; rules in `accounts/rules.py`."""

    TEAM_WORK = "placement:work:view"  # work queue, capacity reports, candidate lists, offers, reviews
    TEAM_POOL = "waiting:pool:view"  # the waiting pool with personal data
    TEAM_LEAD_DECIDE = "placement:mandate:decide"
    FACILITY_WORK = "registry:facility:work"  # own places, reports, offers to the own facility
    FACILITY_VIEW = "registry:facility:view"  # object rule: this facility is the user's own
    REFERRER_WORK = "waiting:request:work"  # own requests
    REQUEST_VIEW = "waiting:request:view"  # object rule: this request belongs to the user's referrer
    PROVINCE_VIEW = "registry:province:view"  # facilities of the own province
    PROVINCE_FACILITY_VIEW = "registry:province:facility"  # object rule: facility lies in the own province
    CAPACITY_OVERVIEW = "registry:capacity:overview"  # places per module and region, no personal data
    ACCESS_LOG_VIEW = "accounts:access_log:view"
    INTERCHANGE = "interchange:file:exchange"  # import/export page; per-entity checks in interchange/
    SIMULATION_RUN = "prioritisation:simulation:run"  # start and read policy simulations: admin, policy officer
    POLICY_PREVIEW = "prioritisation:preview:view"  # policy change preview incl. replayed history (pseudonyms): admin
    MONITORING_FLANDERS = "monitoring:flanders:view"  # aggregated figures for all Flanders, no personal data
    MONITORING_PROVINCE = "monitoring:province:view"  # a province's dashboard: its officer, the team, admins
    MONITORING_FACILITY = "monitoring:facility:view"  # a facility's dashboard: its users, officer, team, admins
    MONITORING_VIEW = "monitoring:any:view"  # any monitoring dashboard (the entry page, exports)
    FOLLOWUP_VIEW = "followup:item:view"  # follow-up pages: policy officer, facility, team (followup/rules.py)
    FOLLOWUP_RAISE = "followup:item:raise"  # raise a signal: facility, team, policy officer
    FOLLOWUP_CONSULT = "followup:consult:raise"  # ask facility policy to consult on a non-started case: team
    FOLLOWUP_MANAGE = "followup:item:manage"  # follow an item up, handle monthly-check items: policy officer
    FOLLOWUP_FACILITY = "followup:facility:view"  # object rule: the facility's follow-up is the user's to see
    MONTHLY_CHECK_VIEW = "followup:check:view"  # monthly capacity registration check: policy officer, facility
    MONTHLY_REPORT = "monitoring:report:view"  # object rule on a province ("" = Flanders)
