"""Every write of the follow-up by facility policy (D-30), each audited in the same transaction (D-25).

- `item_raise`: a facility, the team or a policy officer raises a signal about a facility; the team asks to
  consult on a non-started case (an offer on the facility's place that closed without a start).
- `item_follow_up`: the policy officer moves the status (open → in behandeling → afgehandeld, or back when it
  turns out not to be done), changes owner or due date, adds a note; each change is an entry.
- `item_note`: whoever may see the item adds to its follow-up (the facility answers, the team adds context).
- `facility_note_record`: what the team learns about a facility across cases (D-30).
- `monthly_check_generate`: the month's check per facility; running it again adds only what is new.
- `check_item_handle`: the policy officer marks a check item handled (or reopens it) with a note and an action.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from django.contrib.auth.models import User
from django.db import transaction
from django.utils import timezone

from plaatsregie.accounts.audit import audit
from plaatsregie.accounts.models import Membership
from plaatsregie.accounts.roles import PermissionDenied
from plaatsregie.accounts.rules import can, memberships_of
from plaatsregie.accounts.vocabulary import AuditEvent, Permission, Role
from plaatsregie.core.errors import DomainError
from plaatsregie.followup import checks
from plaatsregie.followup.models import (
    Action,
    CheckItem,
    CheckItemHandling,
    EntryKind,
    FacilityNote,
    FollowUpEntry,
    FollowUpItem,
    ItemKind,
    MonthlyCheck,
    NoteTopic,
    Source,
    Status,
)
from plaatsregie.placement.models import Offer
from plaatsregie.placement.services.common import next_ref
from plaatsregie.registry.models import Facility

# D-30: the status flow of an item; "afgehandeld" can be reopened (in behandeling) when it was not done after all.
STATUS_FLOW: dict[str, set[str]] = {
    Status.OPEN: {Status.IN_PROGRESS, Status.DONE},
    Status.IN_PROGRESS: {Status.DONE, Status.OPEN},
    Status.DONE: {Status.IN_PROGRESS},
}


def _facility(facility_id: int) -> Facility:
    found = Facility.objects.filter(pk=facility_id).first()
    if found is None:
        raise DomainError("Deze voorziening bestaat niet.")
    return found


def _require(actor: User, permission: Permission, obj: object = None) -> None:
    if not can(actor, permission, obj):
        raise PermissionDenied("U hebt niet de rol die deze handeling vraagt.")


def _source_of(actor: User) -> Source:
    roles = {m.role for m in memberships_of(actor)}
    if Role.POLICY_OFFICER.value in roles:
        return Source.POLICY
    if roles & {Role.PLACEMENT_TEAM.value, Role.TEAM_LEAD.value}:
        return Source.TEAM
    return Source.FACILITY


def policy_officer_for(facility: Facility) -> User | None:
    """The (first) regional policy officer of the facility's province: the default owner of its items."""
    membership = (Membership.objects.filter(role=Role.POLICY_OFFICER.value, region=facility.region)
                  .select_related("user").order_by("user__username").first())
    return membership.user if membership else None


def non_started_offers(facility: Facility) -> list[Offer]:
    """The facility's offers that closed without a start (refused, withdrawn, agreed but not started)."""
    return list(Offer.objects.filter(place__unit__facility=facility, closed_at__isnull=False,
                                     state__in=checks.NOT_STARTED_STATES, admission__isnull=True)
                .select_related("place").order_by("-closed_at", "-id"))


@transaction.atomic
def item_raise(*, actor: User, facility_id: int, subject: str, description: str, kind: str = ItemKind.SIGNAL,
               offer_id: int | None = None, due_on: date | None = None) -> FollowUpItem:
    """A signal (facility: about itself; team; policy officer: own province) or a request to consult (team)."""
    facility = _facility(facility_id)
    _require(actor, Permission.FOLLOWUP_RAISE)
    _require(actor, Permission.FOLLOWUP_FACILITY, facility)
    if not subject.strip() or not description.strip():
        raise DomainError("Geef een onderwerp en een toelichting.")
    offer = None
    if kind == ItemKind.CONSULT:
        _require(actor, Permission.FOLLOWUP_CONSULT)
        offer = next((o for o in non_started_offers(facility) if o.pk == offer_id), None)
        if offer is None:
            raise DomainError("Kies een voorstel van deze voorziening dat niet tot een opstart leidde.")
    elif kind != ItemKind.SIGNAL:
        raise DomainError("Onbekende soort opvolgpunt.")
    at = timezone.now()
    item = FollowUpItem.objects.create(
        ref=next_ref(FollowUpItem, "OV"), facility=facility, kind=kind, source=_source_of(actor),
        subject=subject.strip(), description=description.strip(), offer=offer, raised_by=actor, raised_at=at,
        owner=policy_officer_for(facility), due_on=due_on, status=Status.OPEN)
    FollowUpEntry.objects.create(item=item, kind=EntryKind.RAISED, text=item.description, status_to=Status.OPEN,
                                 by=actor, at=at)
    audit(actor, AuditEvent.FOLLOWUP_RAISED, item, new={"facility": facility.ref, "kind": kind,
                                                         "subject": item.subject, "offer": offer.ref if offer else ""})
    return item


def _item_for(actor: User, item_id: int) -> FollowUpItem:
    item = FollowUpItem.objects.select_for_update(of=("self",)).select_related("facility").filter(pk=item_id).first()
    if item is None or not can(actor, Permission.FOLLOWUP_VIEW) or not can(actor, Permission.FOLLOWUP_FACILITY,
                                                                           item.facility):
        raise PermissionDenied("Dit opvolgpunt bestaat niet of is niet voor u.")
    return item


@transaction.atomic
def item_follow_up(*, actor: User, item_id: int, note: str = "", status: str = "", owner_id: int | None = None,
                   due_on: date | None = None) -> FollowUpItem:
    """The policy officer of the facility's province follows an item up: status, owner, due date, a note."""
    item = _item_for(actor, item_id)
    _require(actor, Permission.FOLLOWUP_MANAGE)
    at = timezone.now()
    old: dict[str, object] = {}
    new: dict[str, object] = {}
    if status and status != item.status:
        if status not in STATUS_FLOW[item.status]:
            raise DomainError("Deze statuswijziging kan niet.")
        if status == Status.DONE and not note.strip():
            raise DomainError("Zeg kort hoe het punt is afgehandeld.")
        FollowUpEntry.objects.create(item=item, kind=EntryKind.STATUS, text=note.strip(), status_from=item.status,
                                     status_to=status, by=actor, at=at)
        old["status"], new["status"] = item.status, status
        item.status = status
        note = ""  # the note went with the status change
    if owner_id is not None and owner_id != item.owner_id:
        owner = User.objects.filter(pk=owner_id, memberships__role=Role.POLICY_OFFICER.value,
                                    memberships__region=item.facility.region).first()
        if owner is None:
            raise DomainError("De opvolger is een beleidsmedewerker van de provincie van de voorziening.")
        FollowUpEntry.objects.create(item=item, kind=EntryKind.OWNER, text=owner.get_username(), by=actor, at=at)
        old["owner"], new["owner"] = item.owner_id, owner.pk
        item.owner = owner
    if due_on is not None and due_on != item.due_on:
        FollowUpEntry.objects.create(item=item, kind=EntryKind.DUE, text=f"{due_on:%d/%m/%Y}", by=actor, at=at)
        old["due_on"], new["due_on"] = str(item.due_on or ""), str(due_on)
        item.due_on = due_on
    if note.strip():
        FollowUpEntry.objects.create(item=item, kind=EntryKind.NOTE, text=note.strip(), by=actor, at=at)
        new["note"] = True
    if not new:
        raise DomainError("Er is niets gewijzigd.")
    item.save(update_fields=["status", "owner", "due_on"])
    audit(actor, AuditEvent.FOLLOWUP_CHANGED, item, old=old, new=new)
    return item


@transaction.atomic
def item_note(*, actor: User, item_id: int, text: str) -> FollowUpEntry:
    """Anyone who may see the item adds to its follow-up (append-only)."""
    item = _item_for(actor, item_id)
    if not text.strip():
        raise DomainError("Schrijf een tekst.")
    entry = FollowUpEntry.objects.create(item=item, kind=EntryKind.NOTE, text=text.strip(), by=actor,
                                         at=timezone.now())
    audit(actor, AuditEvent.FOLLOWUP_CHANGED, item, new={"note": True})
    return entry


@transaction.atomic
def facility_note_record(*, actor: User, facility_id: int, topic: str, text: str) -> FacilityNote:
    """D-30: what the team (or the province's policy officer) learns about a facility across cases."""
    facility = _facility(facility_id)
    if not (can(actor, Permission.FOLLOWUP_CONSULT) or can(actor, Permission.FOLLOWUP_MANAGE)):
        raise PermissionDenied("Alleen het team en voorzieningenbeleid houden notities over een voorziening bij.")
    _require(actor, Permission.FOLLOWUP_FACILITY, facility)
    if topic not in NoteTopic.values or not text.strip():
        raise DomainError("Kies een onderwerp en schrijf een notitie.")
    note = FacilityNote.objects.create(facility=facility, topic=topic, text=text.strip(), by=actor,
                                       at=timezone.now())
    audit(actor, AuditEvent.FACILITY_NOTE_RECORDED, facility, new={"topic": topic})
    return note


def monthly_check_generate(month: date, facility_ids: Iterable[int] | None = None, *,
                           actor: User | None = None) -> list[MonthlyCheck]:
    """The month's check for the facilities (default all): one check per facility and month, one item per
    anomaly. Idempotent: what was found before stays (with its handling), only new anomalies are added."""
    month = checks.first_of(month)
    ids = sorted(facility_ids) if facility_ids is not None else list(Facility.objects.values_list("pk", flat=True))
    found = checks.findings(month, ids)
    with transaction.atomic():
        at = timezone.now()
        existing = {c.facility_id: c for c in MonthlyCheck.objects.filter(month=month, facility_id__in=ids)}
        new_checks = [MonthlyCheck(facility_id=pk, month=month, generated_at=at) for pk in ids if pk not in existing]
        # ignore_conflicts: generated at the same moment by someone else (two first visits) — keep theirs
        MonthlyCheck.objects.bulk_create(new_checks, ignore_conflicts=True)
        by_facility = {c.facility_id: c for c in MonthlyCheck.objects.filter(month=month, facility_id__in=ids)}
        known = set(CheckItem.objects.filter(monthly_check__in=by_facility.values())
                    .values_list("monthly_check_id", "kind", "subject_ref"))
        items = []
        for f in found:
            check = by_facility[f.facility_id]
            if (check.pk, f.kind.value, f.subject_ref) in known:
                continue
            known.add((check.pk, f.kind.value, f.subject_ref))
            items.append(CheckItem(monthly_check=check, kind=f.kind.value, subject_ref=f.subject_ref,
                                   detail=f.detail, figures=f.figures, found_at=at))
        CheckItem.objects.bulk_create(items, ignore_conflicts=True)
        if new_checks or items:
            audit(actor, AuditEvent.MONTHLY_CHECK_GENERATED, _MonthRef(f"{month:%Y-%m}"),
                  new={"facilities": len(ids), "new_checks": len(new_checks), "new_items": len(items)})
    return sorted(by_facility.values(), key=lambda c: c.facility_id)


class _MonthRef:
    """What the audit record names for a generated month."""

    pk = None

    def __init__(self, ref: str) -> None:
        self.ref = ref


@transaction.atomic
def check_item_handle(*, actor: User, item_id: int, action: str, note: str,
                      handled: bool = True) -> CheckItemHandling:
    """The province's policy officer marks a check item handled (or reopens it) with a note and an action."""
    item = CheckItem.objects.select_related("monthly_check__facility").filter(pk=item_id).first()
    if item is None or not can(actor, Permission.FOLLOWUP_MANAGE) or not can(
            actor, Permission.FOLLOWUP_FACILITY, item.monthly_check.facility):
        raise PermissionDenied("Dit punt bestaat niet of is niet voor u.")
    if action not in Action.values:
        raise DomainError("Kies een actie.")
    if not note.strip():
        raise DomainError("Schrijf een korte notitie.")
    handling = CheckItemHandling.objects.create(item=item, action=action, note=note.strip(), handled=handled,
                                                by=actor, at=timezone.now())
    audit(actor, AuditEvent.CHECK_ITEM_HANDLED, item,
          new={"item": item.pk, "kind": item.kind, "subject": item.subject_ref, "action": action,
               "handled": handled})
    return handling
