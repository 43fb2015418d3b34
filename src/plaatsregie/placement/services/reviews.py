"""Refusal review (D-14) and the mandate ladder (D-15)."""

from __future__ import annotations

from datetime import date

from django.db import transaction

from plaatsregie.accounts.audit import audit
from plaatsregie.accounts.roles import PermissionDenied, require_role, roles_of
from plaatsregie.accounts.vocabulary import AuditEvent, Role
from plaatsregie.core.errors import DomainError
from plaatsregie.core.lifecycle import (
    IllegalTransition,
    MandateGround,
    MandateStep,
    PriorEffort,
    mandate_step_allowed,
    missing_for_enforcement,
)
from plaatsregie.placement.models import MandateDecision, OfferAnswer, RefusalReview
from plaatsregie.placement.services.common import NotFound, User, notify, now
from plaatsregie.placement.services.people import facility_users, referrer_users
from plaatsregie.registry.models import Facility
from plaatsregie.waiting.models import Request

VERDICTS = ("argument_followed", "argument_not_followed")
ATTRIBUTIONS = ("facility_situation", "youth_profile")
INSTRUMENTS = ("allocation_mandate", "process_intervention")


@transaction.atomic
def refusal_review(*, actor: User, answer_id: int, verdict: str, attributed_to: str, lessons: str = "",
                   excluded_until: date | None = None) -> RefusalReview:
    """D-14: the team follows the refusal's argument (next candidate; lessons) or not (the mandate ladder)."""
    require_role(actor, Role.PLACEMENT_TEAM, Role.TEAM_LEAD)
    answer = OfferAnswer.objects.select_related("offer__place__unit__facility", "offer__request").filter(
        pk=answer_id, outcome="refused").first()
    if answer is None:
        raise NotFound("Deze weigering bestaat niet.")
    if RefusalReview.objects.filter(answer=answer).exists():
        raise IllegalTransition("Deze weigering werd al besproken; een correctie is een nieuwe beslissing.")
    if verdict not in VERDICTS or attributed_to not in ATTRIBUTIONS:
        raise DomainError("Kies of het argument gevolgd wordt en waaraan de weigering toe te schrijven is.")
    if verdict == "argument_followed" and not lessons.strip():
        raise DomainError("Noteer wat we leren uit deze weigering.")
    review = RefusalReview.objects.create(answer=answer, verdict=verdict, attributed_to=attributed_to,
                                          lessons=lessons.strip(), excluded_until=excluded_until,
                                          decided_by=actor, at=now())
    offer = answer.offer
    audit(actor, AuditEvent.REFUSAL_REVIEWED, offer, new={"verdict": verdict, "attributed_to": attributed_to,
                                                          "excluded_until": str(excluded_until or "")},
          reason=lessons)
    notify(facility_users(offer.place.unit.facility_id), "weigering besproken",
           f"Het team besprak de weigering van voorstel {offer.ref}: {verdict}.", offer.ref)
    notify(referrer_users(offer.request.referrer_id), "weigering besproken",
           f"De weigering voor aanmelding {offer.request.ref} werd besproken.", offer.request.ref)
    return review


def current_mandate_step(request: Request, facility: Facility) -> MandateStep | None:
    last = MandateDecision.objects.filter(request=request, facility=facility).order_by("-at", "-id").first()
    return MandateStep(last.step) if last else None


@transaction.atomic
def mandate_step_decide(*, actor: User, request_id: int, facility_id: int, step: MandateStep, justification: str,
                        efforts: set[PriorEffort] | None = None, ground: MandateGround | None = None,
                        instrument: str = "", team_lead_id: int | None = None,
                        review_id: int | None = None) -> MandateDecision:
    """D-15: build the mandate up or scale it back one step, as a recorded team decision with justification."""
    require_role(actor, Role.PLACEMENT_TEAM, Role.TEAM_LEAD)
    request = Request.objects.select_for_update().filter(pk=request_id).first()
    facility = Facility.objects.filter(pk=facility_id).first()
    if request is None or facility is None:
        raise NotFound("Deze aanmelding of voorziening bestaat niet.")
    if not justification.strip():
        raise DomainError("Elke stap van het mandaat vraagt een verantwoording.")
    if review_id is not None and not RefusalReview.objects.filter(
            pk=review_id, answer__offer__request=request, answer__offer__place__unit__facility=facility).exists():
        raise DomainError("Deze bespreking hoort niet bij deze jongere en voorziening.")
    mandate_step_allowed(current_mandate_step(request, facility), step)
    team_lead = _team_lead(actor, team_lead_id)
    if step is MandateStep.ENFORCED:
        missing = missing_for_enforcement(efforts or set(), ground, team_lead is not None)
        if instrument not in INSTRUMENTS:
            missing.append("een instrument: toewijzingsmandaat of procesinterventie")
        if missing:
            raise IllegalTransition("Stap 3 (zorggarantie afdwingen) vraagt nog: " + "; ".join(missing) + ".")
    decision = MandateDecision.objects.create(
        request=request, facility=facility, review_id=review_id, step=step.value, justification=justification.strip(),
        efforts=sorted(e.value for e in efforts or set()), ground=ground.value if ground else "",
        instrument=instrument, decided_by=actor, team_lead=team_lead, at=now())
    audit(actor, AuditEvent.MANDATE_STEP_DECIDED, request, new={"facility": facility.ref, "step": step.value,
                                                                "instrument": instrument}, reason=justification)
    notify(facility_users(facility.pk), "mandaat", f"Het team besliste over aanmelding {request.ref}: "
           f"mandaat stap {step.value}.", request.ref)
    return decision


def _team_lead(actor: User, team_lead_id: int | None) -> User | None:
    if team_lead_id is None:
        return actor if Role.TEAM_LEAD in roles_of(actor) else None
    from django.contrib.auth import get_user_model

    lead = get_user_model().objects.filter(pk=team_lead_id).first()
    if lead is None or Role.TEAM_LEAD not in roles_of(lead):
        raise PermissionDenied("De opgegeven leidinggevende heeft die rol niet.")
    return lead
