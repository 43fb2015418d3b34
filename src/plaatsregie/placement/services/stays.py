"""Admission, stay and discharge (D-20), and internal NRTJ→NRTJ flow (D-19).

Only an agreed central offer starts an in-scope stay (D-1a); the only exception is internal NRTJ→NRTJ flow.
"""

from __future__ import annotations

from datetime import date

from django.db import IntegrityError, transaction
from django.db.models import Q

from plaatsregie.accounts.audit import audit
from plaatsregie.accounts.roles import PermissionDenied, facility_ids_of, roles_of
from plaatsregie.accounts.vocabulary import AuditEvent, Role
from plaatsregie.core.lifecycle import IllegalTransition, OfferState, PlaceEvent
from plaatsregie.core.types import Access, PlaceStatus
from plaatsregie.placement.models import PENDING, Admission, CapacityReport, Offer
from plaatsregie.placement.services.common import NotFound, User, locked_place, move_place, next_ref, notify, now
from plaatsregie.placement.services.people import facility_users, referrer_users, team_users
from plaatsregie.registry.models import Place
from plaatsregie.waiting.models import Request, RequestStatus

AGREED = (OfferState.AGREED.value, OfferState.AGREED_WITH_CONDITIONS.value)


def _require_team_or_facility(actor: User, place: Place) -> None:
    if roles_of(actor) & {Role.PLACEMENT_TEAM, Role.TEAM_LEAD}:
        return
    if place.unit.facility_id not in facility_ids_of(actor):
        raise PermissionDenied("Alleen de voorziening van de plaats of het team registreert dit.")


def _start(actor: User, place: Place, request: Request, start_on: date, *, offer: Offer | None) -> Admission:
    move_place(place, PlaceEvent.ADMIT, actor=actor, reason=f"opname van {request.ref}", available_from=None)
    try:
        with transaction.atomic():
            admission = Admission.objects.create(
                ref=next_ref(Admission, "OP"), place=place, request=request, offer=offer,
                internal_flow=offer is None, start_on=start_on, recorded_by=actor)
    except IntegrityError:  # the database holds one stay per place and per youth
        raise IllegalTransition("Deze plaats of deze jongere heeft al een lopende opname.") from None
    Request.objects.filter(pk=request.pk).update(status=RequestStatus.ADMITTED)
    CapacityReport.objects.filter(place=place, closed_at__isnull=True).update(closed_at=now(), outcome="admitted")
    audit(actor, AuditEvent.ADMISSION_STARTED, admission, new={"place": place.ref, "request": request.ref,
                                                               "start_on": str(start_on)})
    text = f"Opname {admission.ref}: aanmelding {request.ref} start op {start_on:%d/%m/%Y} in plaats {place.ref}."
    notify([*facility_users(place.unit.facility_id), *referrer_users(request.referrer_id),
            *team_users(place.unit.facility.region)], "opname", text, admission.ref)
    return admission


@transaction.atomic
def admission_start(*, actor: User, offer_id: int, start_on: date) -> list[Admission]:
    """D-20: an agreed offer becomes an admission; a sibling group starts all together or not at all (D-10)."""
    first = Offer.objects.select_for_update().filter(pk=offer_id).first()
    if first is None:
        raise NotFound("Dit voorstel bestaat niet.")
    offers = list(Offer.objects.select_for_update().filter(group=first.group)) if first.group_id else [first]
    admissions = []
    for offer in sorted(offers, key=lambda o: o.pk):
        place = locked_place(offer.place_id)
        _require_team_or_facility(actor, place)
        if offer.state not in AGREED or offer.closed_at is not None:
            raise IllegalTransition(f"Voorstel {offer.ref} is niet aanvaard of al opgestart; "
                                    "een opname start alleen uit een aanvaard centraal voorstel.")
        request = Request.objects.select_for_update().get(pk=offer.request_id)
        admissions.append(_start(actor, place, request, start_on, offer=offer))
        Offer.objects.filter(pk=offer.pk).update(closed_at=now())
    return admissions


@transaction.atomic
def stay_discharge(*, actor: User, admission_id: int, ended_on: date) -> Admission:
    """D-20: the stay ends and the place frees up; records whether it was announced beforehand (D-33)."""
    admission = Admission.objects.select_for_update().filter(pk=admission_id, ended_on__isnull=True).first()
    if admission is None:
        raise IllegalTransition("Deze opname bestaat niet of is al beëindigd.")
    place = locked_place(admission.place_id)
    _require_team_or_facility(actor, place)
    if ended_on < admission.start_on:
        raise IllegalTransition("Het ontslag valt voor de start van de opname.")
    admission.discharge_announced = place.status == PlaceStatus.FREEING.value
    admission.ended_on = ended_on
    admission.save(update_fields=["ended_on", "discharge_announced"])
    move_place(place, PlaceEvent.DISCHARGE, actor=actor, reason=f"ontslag {admission.ref}", available_from=ended_on)
    audit(actor, AuditEvent.STAY_DISCHARGED, admission, new={"ended_on": str(ended_on),
                                                             "announced": admission.discharge_announced})
    return admission


@transaction.atomic
def internal_flow_register(*, actor: User, admission_id: int, to_place_id: int, start_on: date) -> Admission:
    """D-19: NRTJ→NRTJ within one facility moves a youth without central placement, registered and monitored."""
    current = Admission.objects.select_for_update().filter(pk=admission_id, ended_on__isnull=True).first()
    if current is None:
        raise IllegalTransition("Deze opname bestaat niet of is al beëindigd.")
    source, target = locked_place(current.place_id), locked_place(to_place_id)
    _require_team_or_facility(actor, target)
    if source.unit.facility_id != target.unit.facility_id:
        raise IllegalTransition("Interne doorstroom kan alleen binnen dezelfde voorziening.")
    if Access.NRTJ.value not in {source.unit.access} or target.unit.access != Access.NRTJ.value:
        raise IllegalTransition("Alleen doorstroom van NRTJ naar NRTJ loopt buiten centrale regie; "
                                "RTJ naar NRTJ wordt een aanmelding door de voorziening (D-19).")
    if Offer.objects.filter(Q(state=OfferState.OPEN.value) | PENDING, place=target).exists():
        raise IllegalTransition("Voor deze plaats loopt een centraal voorstel; interne doorstroom kan daar niet.")
    stay_discharge(actor=actor, admission_id=current.pk, ended_on=start_on)
    request = Request.objects.select_for_update().get(pk=current.request_id)
    admission = _start(actor, target, request, start_on, offer=None)
    audit(actor, AuditEvent.INTERNAL_FLOW_REGISTERED, admission, new={"from": source.ref, "to": target.ref})
    return admission
