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
