"""Capacity: a facility reports a place that will free up (D-7) and the dialogue records its profile (D-4)."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import date

from django.db import transaction

from plaatsregie.accounts.audit import audit
from plaatsregie.accounts.roles import PermissionDenied, facility_ids_of, require_role, roles_of
from plaatsregie.accounts.vocabulary import AuditEvent, Role
from plaatsregie.core.errors import DomainError
from plaatsregie.core.lifecycle import IllegalTransition, PlaceEvent
from plaatsregie.core.types import Access, PlaceStatus
from plaatsregie.placement.models import CapacityReport, DialogueAgreement
from plaatsregie.placement.services.common import User, locked_place, move_place, next_ref, notify, now
from plaatsregie.placement.services.flows import flow_of_unit
from plaatsregie.placement.services.people import team_users
from plaatsregie.registry.mapping import catalogue_from_db
from plaatsregie.registry.models import Place, UnavailabilityReason


@dataclass(frozen=True)
class PlaceDialogue:
    """D-4: what the capacity dialogue asks about the place (all optional but the dates and ranges)."""

    age_min: int
    age_max: int
    genders: str = "FMX"
    short_stay: bool = False
    vertical: bool | None = None
    kind_of_place: str = ""
    group_composition: str = ""
    carrying_capacity: str = ""
    ideal_profile: list[str] = field(default_factory=list)
    internal_candidates: str = ""
    contact: str = ""


def _require_facility_of(actor: User, place: Place) -> None:
    if Role.PLACEMENT_TEAM in roles_of(actor):
        return
    if place.unit.facility_id not in facility_ids_of(actor):
        raise PermissionDenied("U kunt alleen plaatsen van uw eigen voorziening melden.")


@transaction.atomic
def capacity_announce(*, actor: User, place_id: int, expected_free_on: date,
                      dialogue: PlaceDialogue) -> CapacityReport:
    """D-7: report a place that will free up; in-scope places enter central placement, others are only registered."""
    place = locked_place(place_id)
    _require_facility_of(actor, place)
    open_report = CapacityReport.objects.filter(place=place, closed_at__isnull=True).values_list("ref", flat=True)
    if ref := open_report.first():  # D-7: one open report per place (the database holds it too)
        raise IllegalTransition(f"Voor deze plaats loopt al een melding ({ref}); er kan geen tweede bij.")
    if dialogue.age_min > dialogue.age_max:
        raise DomainError("De minimumleeftijd is hoger dan de maximumleeftijd.")
    if not dialogue.genders or set(dialogue.genders) - {"F", "M", "X"}:
        raise DomainError("Kies minstens één geslacht (F, M of X).")
    unit = place.unit
    decision = catalogue_from_db().scope_of(unit.module_type.code, Access(unit.access), unit.cofinanced_by or None)
    if place.status != PlaceStatus.AVAILABLE.value:  # a place that is already free is reported as it is
        move_place(place, PlaceEvent.ANNOUNCE_FREEING, actor=actor, reason="melding vrijkomende capaciteit",
                   available_from=expected_free_on)
    _apply_dialogue(place, dialogue, expected_free_on)
    report = CapacityReport.objects.create(
        ref=next_ref(CapacityReport, "CM"), place=place, reported_by=actor, reported_at=now(),
        expected_free_on=expected_free_on, profile=asdict(dialogue), in_scope=decision.in_scope,
        scope_reason=decision.reason, flow=flow_of_unit(unit),
    )
    audit(actor, AuditEvent.CAPACITY_REPORTED, report, new={"place": place.ref, "free_on": str(expected_free_on),
                                                            "in_scope": decision.in_scope})
    if decision.in_scope:  # D-2: out-of-scope capacity is registered for monitoring only
        notify(team_users(unit.facility.region), "capaciteit gemeld",
               f"{unit.facility.name} meldt een plaats ({unit.module_type.code}) die vrijkomt op "
               f"{expected_free_on:%d/%m/%Y}.", report.ref)
    return report


def _apply_dialogue(place: Place, dialogue: PlaceDialogue, free_on: date) -> None:
    place.available_from = free_on
    place.age_min, place.age_max = dialogue.age_min, dialogue.age_max
    place.genders = "".join(sorted(set(dialogue.genders)))
    place.short_stay, place.vertical = dialogue.short_stay, dialogue.vertical
    place.group_composition, place.carrying_capacity = dialogue.group_composition, dialogue.carrying_capacity
    place.ideal_profile, place.contact = sorted(dialogue.ideal_profile), dialogue.contact
    place.save()


@transaction.atomic
def capacity_agreement_record(*, actor: User, report_id: int, what: str, owner: str,
                              due_on: date) -> DialogueAgreement:
    """D-4: an agreement of the capacity dialogue: who does what by when."""
    require_role(actor, Role.PLACEMENT_TEAM, Role.FACILITY)
    report = CapacityReport.objects.select_related("place__unit").get(pk=report_id)
    _require_facility_of(actor, report.place)
    if not what.strip() or not owner.strip():
        raise DomainError("Vul in wat er moet gebeuren en wie het doet.")
    agreement = DialogueAgreement.objects.create(report=report, what=what.strip(), owner=owner.strip(),
                                                 due_on=due_on, recorded_by=actor, at=now())
    audit(actor, AuditEvent.CAPACITY_AGREEMENT_RECORDED, report, new={"what": what, "owner": owner,
                                                                      "due_on": str(due_on)})
    return agreement


@transaction.atomic
def place_make_unavailable(*, actor: User, place_id: int, reason_code: str, until: date,
                           explanation: str = "") -> Place:
    """D-5: a place is unavailable only with a reason from the list and an expected end."""
    place = locked_place(place_id)
    _require_facility_of(actor, place)
    reason = UnavailabilityReason.objects.filter(code=reason_code, active=True).first()
    if reason is None:
        raise DomainError("Kies een geldige reden waarom de plaats niet beschikbaar is.")
    move_place(place, PlaceEvent.MAKE_UNAVAILABLE, actor=actor, reason=f"{reason.label}: {explanation}".strip(": "),
               unavailable_reason=reason, unavailable_until=until)
    return place


@transaction.atomic
def place_reactivate(*, actor: User, place_id: int, available_from: date) -> Place:
    """D-5: an unavailable place becomes available again."""
    place = locked_place(place_id)
    _require_facility_of(actor, place)
    move_place(place, PlaceEvent.REACTIVATE, actor=actor, reason="opnieuw beschikbaar",
               unavailable_reason=None, unavailable_until=None, available_from=available_from)
    return place
