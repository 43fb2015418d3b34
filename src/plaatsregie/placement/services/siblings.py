"""Siblings offered together (D-10): one joint offer of a sibling group to one facility, over several places.

The rule for which places may carry a sibling offer:

- The offer starts from the team decision on concrete capacity: `list_id` is an adopted candidate list (D-11)
  and its report's place is one of `place_ids` (the anchor place). The youth paired with the anchor place is the
  next youth in the adopted order who can still be offered — the same youth `offer_make` would offer — so a
  sibling offer never jumps the team's order; to offer siblings first, the team orders them first.
- Every other place is in the same facility, in scope, free or freeing, and has its own open capacity report
  (D-7: matching starts from reported capacity). Each offer hangs on the report of its own place, and all offers
  of the group carry the list they were decided on, so none of the siblings is offered again under that list.
- The siblings share a non-empty `Youth.family_ref`, are all waiting and have no open offer elsewhere.

`request_ids[i]` is offered for `place_ids[i]`. The facility answers each offer on its own (`offer_answer`); the
group starts only when every offer is agreed (`admission_start` starts all of them or none).
"""

from __future__ import annotations

from django.db import IntegrityError, transaction

from plaatsregie.accounts.audit import audit
from plaatsregie.accounts.roles import require_role
from plaatsregie.accounts.vocabulary import AuditEvent, Role
from plaatsregie.core.errors import DomainError
from plaatsregie.core.lifecycle import IllegalTransition, OfferState
from plaatsregie.core.types import PlaceStatus
from plaatsregie.placement.models import CandidateList, CapacityReport, Offer, OfferGroup
from plaatsregie.placement.services.common import NotFound, User, locked_place, next_ref, notify, now
from plaatsregie.placement.services.flows import response_deadline
from plaatsregie.placement.services.offers import _next_candidate
from plaatsregie.placement.services.people import facility_users, referrer_users
from plaatsregie.registry.models import Place
from plaatsregie.waiting.models import Request, RequestStatus

OFFERABLE = (PlaceStatus.FREEING.value, PlaceStatus.AVAILABLE.value)  # D-5: a place that can still be reserved


@transaction.atomic
def offer_group_make(*, actor: User, list_id: int, request_ids: list[int], place_ids: list[int],
                     why: str) -> OfferGroup:
    """D-10: offer a sibling group to one facility as one joint offer: one offer per (youth, place)."""
    require_role(actor, Role.PLACEMENT_TEAM)
    if not why.strip():
        raise DomainError("Licht toe waarom deze brussen samen worden voorgesteld.")
    if len(request_ids) != len(place_ids) or len(request_ids) < 2:
        raise DomainError("Een brussenvoorstel koppelt minstens twee jongeren elk aan één plaats.")
    if len(set(request_ids)) != len(request_ids) or len(set(place_ids)) != len(place_ids):
        raise DomainError("Elke jongere en elke plaats komt maar één keer voor in een brussenvoorstel.")
    cl = _open_list(list_id)
    places = _locked_places(place_ids)
    reports = _reports(cl, places)
    requests = _locked_siblings(request_ids)
    _require_team_order(cl, requests[request_ids[place_ids.index(cl.report.place_id)]])
    facility = places[cl.report.place_id].unit.facility
    group = OfferGroup.objects.create(ref=next_ref(OfferGroup, "VG"), facility=facility, at=now())
    offers = [_create_offer(actor, cl, group, requests[r], places[p], reports[p], why.strip())
              for r, p in zip(request_ids, place_ids, strict=True)]
    audit(actor, AuditEvent.OFFER_MADE, group, new={"offers": [o.ref for o in offers],
                                                    "facility": facility.ref}, reason=why)
    notify(facility_users(facility.pk), "voorstel", f"Voorstel {group.ref}: {len(offers)} brussen worden samen "
           f"voorgesteld ({', '.join(o.ref for o in offers)}). Antwoord verwacht tegen "
           f"{offers[0].respond_by:%d/%m/%Y}.", group.ref)
    for offer in offers:
        notify(referrer_users(offer.request.referrer_id), "voorstel",
               f"Aanmelding {offer.request.ref} werd samen met broer(s) of zus(sen) voorgesteld aan een voorziening.",
               offer.request.ref)
    return group


def _open_list(list_id: int) -> CandidateList:
    cl = CandidateList.objects.select_related("report").filter(pk=list_id).first()
    if cl is None:
        raise NotFound("Deze kandidatenlijst bestaat niet.")
    if cl.report.closed_at is not None:
        raise IllegalTransition("Deze melding is afgesloten; er kunnen geen voorstellen meer volgen.")
    return cl


def _locked_places(place_ids: list[int]) -> dict[int, Place]:
    """The places, locked in id order (two concurrent group offers never wait on each other in a cycle)."""
    places = {pk: locked_place(pk) for pk in sorted(place_ids)}
    if len({place.unit.facility_id for place in places.values()}) != 1:
        raise DomainError("Een brussenvoorstel gaat naar één voorziening: alle plaatsen horen bij dezelfde.")
    for place in places.values():
        if place.status not in OFFERABLE:
            raise IllegalTransition(f"Plaats {place.ref} is niet vrij en komt niet vrij; ze kan niet worden "
                                    "voorgesteld.")
    if Offer.objects.filter(place_id__in=place_ids, state=OfferState.OPEN.value).exists():
        raise IllegalTransition("Voor een van deze plaatsen loopt al een voorstel; wacht op het antwoord.")
    return places


def _reports(cl: CandidateList, places: dict[int, Place]) -> dict[int, CapacityReport]:
    """Per place its open, in-scope capacity report; the list's own report for the anchor place (D-7)."""
    if cl.report.place_id not in places:
        raise DomainError("De plaats van de kandidatenlijst hoort bij het brussenvoorstel.")
    reports = {cl.report.place_id: cl.report}
    others = CapacityReport.objects.filter(place_id__in=places, closed_at__isnull=True, in_scope=True)
    for report in others.exclude(place_id=cl.report.place_id):
        reports[report.place_id] = report
    missing = [places[pk].ref for pk in places if pk not in reports]
    if missing:
        raise IllegalTransition(f"Geen open melding onder centrale regie voor plaats {', '.join(missing)}; "
                                "meld de capaciteit eerst (D-7).")
    return reports


def _locked_siblings(request_ids: list[int]) -> dict[int, Request]:
    """The requests, locked in id order; they must be waiting siblings without an open offer."""
    requests = {r.pk: r for r in Request.objects.select_for_update(of=("self",)).select_related("youth")
                .filter(pk__in=request_ids).order_by("pk")}
    if len(requests) != len(request_ids):
        raise NotFound("Een van deze aanmeldingen bestaat niet.")
    families = {r.youth.family_ref for r in requests.values()}
    if len(families) != 1 or "" in families or len({r.youth_id for r in requests.values()}) != len(requests):
        raise DomainError("Alleen brussen (jongeren uit hetzelfde gezin) worden samen voorgesteld.")
    for request in requests.values():
        if request.status != RequestStatus.WAITING:
            raise IllegalTransition(f"{request.ref} wacht niet meer en kan niet worden voorgesteld.")
    if Offer.objects.filter(request_id__in=request_ids, state=OfferState.OPEN.value).exists():
        raise IllegalTransition("Een van deze brussen heeft al een lopend voorstel.")
    return requests


def _require_team_order(cl: CandidateList, anchor: Request) -> None:
    """D-11: the youth on the list's own place is the one the adopted order puts next."""
    expected, _ = _next_candidate(cl)
    if expected.pk != anchor.pk:
        raise IllegalTransition(f"Volgens de vastgelegde volgorde is {expected.ref} aan de beurt voor deze plaats, "
                                f"niet {anchor.ref}; pas de volgorde aan met argumentatie.")


def _create_offer(actor: User, cl: CandidateList, group: OfferGroup, request: Request, place: Place,
                  report: CapacityReport, why: str) -> Offer:
    respond_by = response_deadline(report)  # D-3: a flow may give the facility its own term
    try:
        with transaction.atomic():
            offer = Offer.objects.create(
                ref=next_ref(Offer, "VS"), report=report, candidate_list=cl, request=request, place=place,
                group=group, offered_by=actor, offered_at=now(), why=why, respond_by=respond_by)
    except IntegrityError:  # D-12: the database keeps one open offer per youth and per place
        raise IllegalTransition("Een van deze jongeren of plaatsen heeft intussen al een lopend voorstel.") from None
    audit(actor, AuditEvent.OFFER_MADE, offer, new={"request": request.ref, "place": place.ref,
                                                    "group": group.ref}, reason=why)
    return offer
