"""Keeping the waiting pool current (D-6, D-19): register, change, confirm, withdraw; stale requests."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

from django.conf import settings
from django.contrib.auth.models import User
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from plaatsregie.accounts.audit import audit
from plaatsregie.accounts.models import Membership
from plaatsregie.accounts.roles import PermissionDenied, facility_ids_of, roles_of
from plaatsregie.accounts.vocabulary import AuditEvent, Role
from plaatsregie.core.errors import DomainError
from plaatsregie.core.lifecycle import IllegalTransition
from plaatsregie.core.types import Gender, Need, Region, Urgency
from plaatsregie.registry.models import Facility, ModuleType
from plaatsregie.waiting.models import (
    Referrer,
    Request,
    RequestChange,
    RequestStatus,
    RequestWithdrawal,
    WithdrawalReason,
    Youth,
)

CHANGE_KINDS = ("escalation", "stabilisation", "changed_context", "new_information")


@dataclass(frozen=True)
class RequestInput:
    """What a referrer registers (D-10)."""

    youth_ref: str
    birth_date: date
    gender: str
    region: str
    module_codes: list[str]
    urgency: int
    home_lat: float | None = None
    home_lon: float | None = None
    needs: list[str] = field(default_factory=list)
    crisis_overflow: bool = False
    internal_transfer_facility_id: int | None = None
    readmission_facility_id: int | None = None
    sibling_facility_ids: list[int] = field(default_factory=list)


def _own_request(actor: User, request_id: int) -> Request:
    request = Request.objects.select_for_update().filter(pk=request_id).first()
    if request is None:
        raise DomainError("Deze aanmelding bestaat niet.")
    roles = roles_of(actor)
    if roles & {Role.PLACEMENT_TEAM, Role.TEAM_LEAD}:
        return request
    referrer = request.referrer_id
    own = referrer is not None and Membership.objects.filter(user_id=actor.pk, referrer_id=referrer).exists()
    if Role.REFERRER in roles and own:
        return request
    raise PermissionDenied("U kunt alleen uw eigen aanmeldingen wijzigen.")


def _validated(data: RequestInput) -> list[ModuleType]:
    if data.gender not in {g.value for g in Gender} or data.region not in {r.value for r in Region}:
        raise DomainError("Kies een geldig geslacht en een geldige regio.")
    if data.urgency not in {u.value for u in Urgency}:
        raise DomainError("De urgentie is 1 (meest urgent) tot 4.")
    if set(data.needs) - {n.value for n in Need}:
        raise DomainError("Onbekende nood in de aanmelding.")
    modules = list(ModuleType.objects.filter(code__in=data.module_codes, scope="in_scope"))
    if not modules or len(modules) != len(set(data.module_codes)):
        raise DomainError("Vraag minstens één module die onder centrale regie valt.")
    return modules


@transaction.atomic
def request_register(*, actor: User, referrer_id: int, data: RequestInput, today: date | None = None) -> Request:
    """A referrer registers a request; a facility raises an RTJ→NRTJ internal transfer as a request (D-19)."""
    referrer = Referrer.objects.filter(pk=referrer_id).first()
    allowed = referrer is not None and (
        roles_of(actor) & {Role.PLACEMENT_TEAM}
        or Membership.objects.filter(user_id=actor.pk, role=Role.REFERRER.value, referrer=referrer).exists()
        or (data.internal_transfer_facility_id in facility_ids_of(actor))
    )
    if not allowed:
        raise PermissionDenied("U kunt alleen aanmelden namens uw eigen dienst of voorziening.")
    modules = _validated(data)
    day = today or timezone.localdate()
    youth, _ = Youth.objects.get_or_create(ref=data.youth_ref, defaults={
        "birth_date": data.birth_date, "gender": data.gender, "region": data.region,
        "home_lat": data.home_lat, "home_lon": data.home_lon})
    if youth.requests.filter(status=RequestStatus.WAITING).exists():
        raise IllegalTransition("Deze jongere heeft al een wachtende aanmelding; wijzig die.")
    from plaatsregie.placement.services.common import next_ref

    request = Request.objects.create(
        ref=next_ref(Request, "AM"), youth=youth, referrer=referrer, urgency=data.urgency, registered_on=day,
        last_confirmed_on=day, needs=sorted(data.needs), crisis_overflow=data.crisis_overflow,
        internal_transfer_facility_id=data.internal_transfer_facility_id,
        readmission_facility_id=data.readmission_facility_id)
    request.module_types.set(modules)
    request.sibling_facilities.set(Facility.objects.filter(pk__in=data.sibling_facility_ids))
    audit(actor, AuditEvent.REQUEST_REGISTERED, request, new={"urgency": data.urgency,
                                                              "modules": sorted(data.module_codes)})
    return request


@transaction.atomic
def request_change(*, actor: User, request_id: int, kind: str, text: str,
                   new_urgency: int | None = None) -> RequestChange:
    """D-6: the referrer passes on escalation, stabilisation, a changed context or new information."""
    request = _own_request(actor, request_id)
    if request.status != RequestStatus.WAITING:
        raise IllegalTransition("Alleen een wachtende aanmelding kan nog wijzigen.")
    if kind not in CHANGE_KINDS or not text.strip():
        raise DomainError("Kies de soort wijziging en licht ze toe.")
    if new_urgency is not None and new_urgency not in {u.value for u in Urgency}:
        raise DomainError("De urgentie is 1 (meest urgent) tot 4.")
    old = request.urgency
    if new_urgency is not None:
        request.urgency = new_urgency
    request.last_confirmed_on = timezone.localdate()
    request.save(update_fields=["urgency", "last_confirmed_on"])
    change = RequestChange.objects.create(request=request, kind=kind, text=text.strip(), old_urgency=old,
                                          new_urgency=new_urgency, by=actor, at=timezone.now())
    audit(actor, AuditEvent.REQUEST_CHANGED, request, old={"urgency": old}, new={"urgency": request.urgency,
                                                                               "kind": kind}, reason=text)
    return change


@transaction.atomic
def request_confirm(*, actor: User, request_id: int) -> Request:
    """D-6: the referrer confirms the request is still current."""
    request = _own_request(actor, request_id)
    request.last_confirmed_on = timezone.localdate()
    request.save(update_fields=["last_confirmed_on"])
    audit(actor, AuditEvent.REQUEST_CONFIRMED, request, new={"on": str(request.last_confirmed_on)})
    return request


@transaction.atomic
def request_withdraw(*, actor: User, request_id: int, reason_code: str, explanation: str = "") -> RequestWithdrawal:
    """D-6: a request leaves the pool with a reason from the list."""
    request = _own_request(actor, request_id)
    if request.status != RequestStatus.WAITING:
        raise IllegalTransition("Alleen een wachtende aanmelding kan worden ingetrokken.")
    reason = WithdrawalReason.objects.filter(code=reason_code, active=True).first()
    if reason is None:
        raise DomainError("Kies de reden van intrekking uit de lijst.")
    request.status = RequestStatus.WITHDRAWN
    request.save(update_fields=["status"])
    withdrawal = RequestWithdrawal.objects.create(request=request, reason=reason, reason_text=reason.label,
                                                  explanation=explanation.strip(), by=actor, at=timezone.now())
    audit(actor, AuditEvent.REQUEST_WITHDRAWN, request, new={"reason": reason.label}, reason=explanation)
    return withdrawal


def stale_requests(today: date | None = None) -> QuerySet[Request]:
    """D-6: waiting requests nobody confirmed within the configured period (default 6 weeks)."""
    day = today or timezone.localdate()
    limit = day - timedelta(days=settings.PLAATSREGIE_STALE_AFTER_DAYS)
    return Request.objects.filter(status=RequestStatus.WAITING, last_confirmed_on__lt=limit)
