"""Offers (D-12, D-13): one youth at a time, in the adopted order; the facility agrees, agrees with conditions
or refuses with a reason and a motivation. An offer is answered once."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db import IntegrityError, transaction

from plaatsregie.accounts.audit import audit
from plaatsregie.accounts.roles import PermissionDenied, facility_ids_of, require_role
from plaatsregie.accounts.vocabulary import AuditEvent, Role
from plaatsregie.core.errors import DomainError
from plaatsregie.core.lifecycle import IllegalTransition, OfferOutcome, OfferState, PlaceEvent, offer_transition
from plaatsregie.placement.models import (
    PENDING,
    CandidateList,
    Offer,
    OfferAnswer,
    OfferCondition,
    OfferWithdrawal,
    RefusalReason,
)
from plaatsregie.placement.services.candidates import adopted_order
from plaatsregie.placement.services.collective import collective_case_check
from plaatsregie.placement.services.common import (
    NotFound,
    User,
    locked_place,
    move_place,
    next_ref,
    notify,
    notify_each,
    now,
)
from plaatsregie.placement.services.flows import response_deadline
from plaatsregie.placement.services.people import facility_users, referrer_users, team_users
from plaatsregie.waiting.models import Request, RequestStatus

CONSTRUCTIONS = ("shared_admission", "extra_support", "phased_start")
CONDITION_KINDS = ("support", "partners", "construction", "action")


@dataclass(frozen=True)
class Condition:
    """D-13: what must happen for a start, by whom, by when."""

    kind: str
    description: str
    owner: str
    due_on: date
    construction: str = ""


@transaction.atomic
def offer_make(*, actor: User, list_id: int, why: str) -> Offer:
    """D-12: offer the next youth of the adopted order who can still be offered to this place."""
    require_role(actor, Role.PLACEMENT_TEAM)
    if not why.strip():
        raise DomainError("Licht toe waarom deze jongere wordt voorgesteld.")
    cl = CandidateList.objects.select_related("report").filter(pk=list_id).first()
    if cl is None:
        raise NotFound("Deze kandidatenlijst bestaat niet.")
    report = cl.report
    if report.closed_at is not None:
        raise IllegalTransition("Deze melding is afgesloten; er kunnen geen voorstellen meer volgen.")
    place = locked_place(report.place_id)
    if Offer.objects.filter(place=place, state=OfferState.OPEN.value).exists():
        raise IllegalTransition("Er loopt al een voorstel voor deze plaats; wacht op het antwoord.")
    request, skipped = _next_candidate(cl)
    offer = _create_offer(actor, cl, request, why.strip(), skipped)
    notify(facility_users(place.unit.facility_id), "voorstel", f"Voorstel {offer.ref}: een jongere wordt voorgesteld "
           f"voor plaats {place.ref}. Antwoord verwacht tegen {offer.respond_by:%d/%m/%Y}.", offer.ref)
    notify(referrer_users(request.referrer_id), "voorstel",
           f"Aanmelding {request.ref} werd voorgesteld aan een voorziening.", request.ref)
    return offer


def _next_candidate(cl: CandidateList) -> tuple[Request, list[str]]:
    """The first youth in the adopted order not yet offered under this list who is still waiting and free."""
    offered = set(cl.offers.values_list("request__ref", flat=True))
    skipped: list[str] = []
    for ref in adopted_order(cl):
        if ref in offered:
            continue
        request = Request.objects.select_for_update().get(ref=ref)
        if request.status != RequestStatus.WAITING:
            skipped.append(f"{ref} wacht niet meer")
        elif request.offers.filter(state=OfferState.OPEN.value).exists():
            skipped.append(f"{ref} heeft een lopend voorstel elders")
        elif request.offers.filter(PENDING).exists():  # D-36: no file for a second facility
            skipped.append(f"{ref} heeft elders een akkoord dat wacht op de start")
        else:
            return request, skipped
    raise IllegalTransition("Er is geen kandidaat meer op de lijst die nog kan worden voorgesteld; "
                            "genereer een nieuwe lijst of zoek een alternatieve match.")


def _create_offer(actor: User, cl: CandidateList, request: Request, why: str, skipped: list[str]) -> Offer:
    respond_by = response_deadline(cl.report)  # D-3: a flow may give the facility its own term
    try:
        with transaction.atomic():
            offer = Offer.objects.create(
                ref=next_ref(Offer, "VS"), report=cl.report, candidate_list=cl, request=request,
                place_id=cl.report.place_id, offered_by=actor, offered_at=now(), why=why, respond_by=respond_by,
            )
    except IntegrityError:  # D-12: the database keeps one open offer per youth and per place
        raise IllegalTransition("Deze jongere of deze plaats heeft intussen al een lopend voorstel.") from None
    audit(actor, AuditEvent.OFFER_MADE, offer, new={"request": request.ref, "place": cl.report.place.ref,
                                                    "skipped": skipped}, reason=why)
    return offer


def _locked_offer_for_facility(actor: User, offer_id: int) -> Offer:
    """The offer with its place and request, locked (its facility is read along, not locked)."""
    locked = Offer.objects.select_for_update(of=("self", "place", "request"))
    offer = locked.select_related("place__unit__facility", "request").filter(pk=offer_id).first()
    if offer is None:
        raise NotFound("Dit voorstel bestaat niet.")
    if offer.place.unit.facility_id not in facility_ids_of(actor):
        raise PermissionDenied("Alleen de voorziening van de plaats beantwoordt dit voorstel.")
    return offer


def _validated_refusal(reason_code: str | None, motivation: str) -> RefusalReason:
    reason = RefusalReason.objects.filter(code=reason_code or "", active=True).first()
    if reason is None:
        raise DomainError("Kies de reden van de weigering uit de lijst.")
    if len(motivation.strip()) < 20:  # D-13: a refusal is exceptional and needs a substantive motivation
        raise DomainError("Een weigering vraagt een inhoudelijke motivering (minstens enkele zinnen).")
    return reason


def _validated_conditions(conditions: list[Condition]) -> None:
    if not conditions:
        raise DomainError("Een akkoord met voorwaarden vraagt minstens één voorwaarde.")
    for condition in conditions:
        if condition.kind not in CONDITION_KINDS or (condition.construction and
                                                     condition.construction not in CONSTRUCTIONS):
            raise DomainError("Onbekende soort voorwaarde of constructie.")
        if not condition.description.strip() or not condition.owner.strip():
            raise DomainError("Elke voorwaarde zegt wat er moet gebeuren en wie het doet.")


@transaction.atomic
def offer_answer(*, actor: User, offer_id: int, outcome: OfferOutcome, reason_code: str | None = None,
                 motivation: str = "", conditions: list[Condition] | None = None) -> OfferAnswer:
    """D-13: the facility's answer. A refusal needs a listed reason and a motivation; conditions are structured."""
    offer = _locked_offer_for_facility(actor, offer_id)
    new_state = offer_transition(OfferState(offer.state), outcome)
    reason = _validated_refusal(reason_code, motivation) if outcome is OfferOutcome.REFUSED else None
    if outcome is OfferOutcome.AGREED_WITH_CONDITIONS:
        _validated_conditions(conditions or [])
    offer.state = new_state.value
    if outcome is OfferOutcome.REFUSED:
        offer.closed_at = now()
        offer.save(update_fields=["state", "closed_at"])
    else:
        _reserve(actor, offer)  # writes the new state
    answer = OfferAnswer.objects.create(offer=offer, outcome=outcome.value, reason=reason,
                                        reason_text=reason.label if reason else "", motivation=motivation.strip(),
                                        answered_by=actor, at=now())
    OfferCondition.objects.bulk_create(OfferCondition(answer=answer, kind=c.kind, construction=c.construction,
                                                      description=c.description.strip(), owner=c.owner.strip(),
                                                      due_on=c.due_on) for c in conditions or [])
    audit(actor, AuditEvent.OFFER_ANSWERED, offer, old={"state": "open"},
          new={"state": offer.state, "reason": answer.reason_text}, reason=motivation)
    notify_each(
        (team_users(offer.place.unit.facility.region), "antwoord op voorstel",
         f"Voorstel {offer.ref}: {outcome.value}.", offer.ref),
        (referrer_users(offer.request.referrer_id), "antwoord op voorstel",
         f"Aanmelding {offer.request.ref}: de voorziening antwoordde ({outcome.value}).", offer.request.ref),
    )
    if outcome is OfferOutcome.REFUSED:
        if offer.group_id:
            _lapse_group(actor, offer)
        collective_case_check(actor, offer.request)
    return answer


def _lapse_group(actor: User, refused: Offer) -> None:
    """D-10: the siblings' joint offer lapses when one of them is refused: the other offers of the group are
    withdrawn and the places reserved for them are released, so they go back to matching."""
    reason = f"brussenvoorstel vervallen: voorstel {refused.ref} werd geweigerd"
    others = Offer.objects.select_for_update().filter(group_id=refused.group_id).exclude(pk=refused.pk)
    for other in others.exclude(state__in=(OfferState.REFUSED.value, OfferState.WITHDRAWN.value)).order_by("pk"):
        was = other.state
        other.state = offer_transition(OfferState(was), "lapse").value
        other.closed_at = now()
        other.save(update_fields=["state", "closed_at"])
        OfferWithdrawal.objects.create(offer=other, reason=reason, by=actor, at=now())
        if was != OfferState.OPEN.value:
            move_place(locked_place(other.place_id), PlaceEvent.RELEASE, actor=actor, reason=reason)
        audit(actor, AuditEvent.OFFER_WITHDRAWN, other, old={"state": was}, new={"state": other.state}, reason=reason)


def _reserve(actor: User, offer: Offer) -> None:
    """Agreement reserves the place until the start (D-5); the database refuses a second pending agreement."""
    place = offer.place  # locked with the offer
    try:
        with transaction.atomic():
            move_place(place, PlaceEvent.RESERVE, actor=actor, reason=f"akkoord op voorstel {offer.ref}")
            Offer.objects.filter(pk=offer.pk).update(state=offer.state)  # agreed (with or without conditions)
    except IntegrityError:
        raise IllegalTransition("Deze jongere werd intussen al door een andere voorziening aanvaard.") from None


@transaction.atomic
def offer_withdraw(*, actor: User, offer_id: int, reason: str) -> OfferWithdrawal:
    """The team withdraws an open offer (the facility's access to the file ends, D-36)."""
    require_role(actor, Role.PLACEMENT_TEAM)
    offer = Offer.objects.select_for_update().filter(pk=offer_id).first()
    if offer is None:
        raise NotFound("Dit voorstel bestaat niet.")
    offer.state = offer_transition(OfferState(offer.state), "withdraw").value
    if not reason.strip():
        raise DomainError("Geef aan waarom het voorstel wordt ingetrokken.")
    offer.closed_at = now()
    offer.save(update_fields=["state", "closed_at"])
    withdrawal = OfferWithdrawal.objects.create(offer=offer, reason=reason.strip(), by=actor, at=now())
    audit(actor, AuditEvent.OFFER_WITHDRAWN, offer, old={"state": "open"}, new={"state": offer.state}, reason=reason)
    notify(facility_users(offer.place.unit.facility_id), "voorstel ingetrokken",
           f"Voorstel {offer.ref} werd ingetrokken.", offer.ref)
    return withdrawal
