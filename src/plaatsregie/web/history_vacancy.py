"""A vacancy replayed in full through the services (seed 002 §3.5): capacity report and dialogue (D-7, D-4), a
frozen candidate list adopted by two team members (D-10, D-11), offers one at a time (D-12), the facility's
answers (D-13), the team's review of each refusal (D-14), the mandate ladder when the argument is not followed
(D-15), a collective consultation once several facilities refused the youth (D-16), and the start (D-20)."""

from __future__ import annotations

from collections.abc import Generator
from datetime import date, datetime, timedelta

from plaatsregie.core.lifecycle import IllegalTransition, MandateGround, MandateStep, OfferOutcome, PriorEffort
from plaatsregie.core.types import Location, Need
from plaatsregie.placement.models import CandidateList, CollectiveCase, Offer
from plaatsregie.placement.services.candidates import (
    approvals_needed,
    candidate_list_approve,
    candidate_list_generate,
)
from plaatsregie.placement.services.capacity import capacity_agreement_record, capacity_announce
from plaatsregie.placement.services.collective import collective_consultation_record
from plaatsregie.placement.services.offers import Condition, offer_answer, offer_make, offer_withdraw
from plaatsregie.placement.services.reviews import mandate_step_decide, refusal_review
from plaatsregie.placement.services.stays import admission_start
from plaatsregie.registry.models import Place
from plaatsregie.synth.history import Agreement, Event, Start, Vacancy, at
from plaatsregie.synth.history_decisions import (
    MANDATE_GROUND_OTHERWISE,
    MANDATE_GROUNDS,
    MANDATE_JUSTIFICATIONS,
    MAX_OFFERS,
    SCALED_BACK,
    Answer,
    Outcome,
    answer_to_offer,
    distance_km,
)
from plaatsregie.web.history import Process, Replay, once
from plaatsregie.web.history_steps import STEPS, seeded_agreement, start

Steps = Generator[datetime, None, Offer | None]
DIALOGUE = "Kennismaking met de leefgroep plannen en de draagkracht van de groep bespreken."
ADOPTION = ("Urgentie eerst volgens het beleid; bij gelijke urgentie de bijzondere situaties, daarna de nabijheid "
            "van de context en het profiel dat de voorziening zoekt.")
SECOND_APPROVAL = "Akkoord met de volgorde en de argumentatie van het team."
WHY = "Meest aangewezen match in de vastgelegde volgorde; het team lichtte de afweging toe aan de voorziening."
WITHDRAWN = "De situatie van de jongere wijzigde; het team trekt het voorstel in."
AGREED_ELSEWHERE = "De jongere werd intussen door een andere voorziening aanvaard."
PARTICIPANTS = "Team jeugdhulpregie, leidinggevende, de voorzieningen die weigerden en de aanmelder (fictief)."
CONSULTATION = "Gedeelde analyse van wat nodig is; een constructie met gedeelde opname en extra steun wordt uitgewerkt."
DAY = timedelta(days=1)


def process_for(replay: Replay, event: Event) -> Process:
    """The process that replays one planned event."""
    if isinstance(event, Vacancy):
        return vacancy(replay, event)
    step = STEPS[type(event)]
    return once(event.at, lambda: step(replay, event))


def vacancy(replay: Replay, event: Vacancy) -> Process:
    yield event.at
    place = replay.place(event.place_id)
    member, second = replay.actors.team(place.unit.facility.region)
    report = replay.open_reports.get(place.ref)
    if report is None:
        report = replay.open_reports[place.ref] = capacity_announce(
            actor=replay.facility_user(place), place_id=place.pk, expected_free_on=replay.today(),
            dialogue=replay.places[place.ref].dialogue).pk
    day = replay.today()
    capacity_agreement_record(actor=member, report_id=report, what=DIALOGUE, owner=place.contact or "voorziening",
                              due_on=day + 3 * DAY)
    yield at(day, 10)
    replay.register_until(day)  # the list sees the pool as it is today
    candidates = candidate_list_generate(actor=member, report_id=report)
    if candidates.entries.exists():
        yield at(day, 11)
        candidate_list_approve(actor=member, list_id=candidates.pk, argumentation=ADOPTION)
        if approvals_needed(candidates) > 1:  # a D-3 flow may adopt on one approval
            yield at(day, 14)
            candidate_list_approve(actor=second, list_id=candidates.pk, argumentation=SECOND_APPROVAL)
        agreed = yield from _offers(replay, event, candidates, place, day + DAY)
        if agreed is not None:
            yield at(event.start_on, 9)
            admission_start(actor=replay.facility_user(place), offer_id=agreed.pk, start_on=event.start_on)
            replay.open_reports.pop(place.ref, None)
            return
    yield from _fallback(replay, event)


def _offers(replay: Replay, event: Vacancy, candidates: CandidateList, place: Place, day: date) -> Steps:
    """D-12, D-13: offer the next youth until one is agreed; None when the list runs out first."""
    member = replay.actors.team(place.unit.facility.region)[0]
    for index in range(MAX_OFFERS):
        yield at(day, 10)
        try:
            offer = offer_make(actor=member, list_id=candidates.pk, why=WHY)
        except IllegalTransition:  # nobody left on the list who can still be offered
            return None
        replay.offered.add(offer.request.ref)
        collective = CollectiveCase.objects.filter(request_id=offer.request_id).exists()
        answer = answer_to_offer(event.draws, index, _needs(offer), _distance(offer, place), collective)
        if answer.outcome is Outcome.WITHDRAWN:
            yield at(day + DAY, 9)
            offer_withdraw(actor=member, offer_id=offer.pk, reason=WITHDRAWN)
            day += 2 * DAY
            continue
        yield at(day + 2 * DAY, 14)
        if answer.outcome is Outcome.REFUSED:
            yield from _refusal(replay, offer, answer, day + 3 * DAY)
            day += 4 * DAY
        elif _agree(replay, offer, answer, event.start_on):
            return offer
        else:
            day += 3 * DAY
    return None


def _agree(replay: Replay, offer: Offer, answer: Answer, start_on: date) -> bool:
    """The facility agrees; if the youth was agreed elsewhere meanwhile, the team withdraws the offer."""
    conditions = None
    if answer.condition is not None:
        kind, construction, description = answer.condition
        conditions = [Condition(kind=kind, description=description, owner=offer.place.contact or "voorziening",
                                due_on=start_on, construction=construction)]
    try:
        offer_answer(actor=replay.facility_user(offer.place), offer_id=offer.pk,
                     outcome=OfferOutcome(answer.outcome.value), conditions=conditions)
    except IllegalTransition:
        offer_withdraw(actor=replay.actors.team(offer.place.unit.facility.region)[0], offer_id=offer.pk,
                       reason=AGREED_ELSEWHERE)
        return False
    return True


def _refusal(replay: Replay, offer: Offer, answer: Answer, review_day: date) -> Generator[datetime, None, None]:
    """D-13, D-14: a motivated refusal, reviewed by the team the next day; D-15, D-16 follow when they apply."""
    place = offer.place
    refused = offer_answer(actor=replay.facility_user(place), offer_id=offer.pk, outcome=OfferOutcome.REFUSED,
                           reason_code=answer.reason, motivation=answer.motivation)
    yield at(review_day, 11)
    region = place.unit.facility.region
    excluded = review_day + timedelta(days=answer.excluded_days) if answer.excluded_days else None
    review = refusal_review(actor=replay.actors.team(region)[0], answer_id=refused.pk, verdict=answer.verdict,
                            attributed_to=answer.attributed_to, lessons=answer.lessons, excluded_until=excluded)
    if answer.mandate:
        replay.spawn(_mandate(replay, offer, review.pk, answer, at(review_day + DAY, 15)))
    case = CollectiveCase.objects.filter(request_id=offer.request_id).first()
    if case is not None and case.pk not in replay.consulted:
        replay.consulted.add(case.pk)
        lead = replay.actors.leads[region]
        replay.spawn(once(at(review_day + 7 * DAY, 14), lambda: collective_consultation_record(
            actor=lead, case_id=case.pk, participants=PARTICIPANTS, outcome=CONSULTATION)))


def _mandate(replay: Replay, offer: Offer, review_id: int, answer: Answer, first: datetime) -> Process:
    """D-15: the ladder step by step, a week apart; built up, sometimes scaled back one step."""
    region = offer.place.unit.facility.region
    member, lead = replay.actors.team(region)[0], replay.actors.leads[region]
    ground = MandateGround(MANDATE_GROUNDS.get(answer.reason, MANDATE_GROUND_OTHERWISE))
    moment, previous = first, 0
    for step in answer.mandate:
        yield moment
        enforced = step == 3
        try:
            mandate_step_decide(
                actor=lead if enforced else member, request_id=offer.request_id,
                facility_id=offer.place.unit.facility_id, step=MandateStep(str(step)),
                justification=MANDATE_JUSTIFICATIONS[step] if step > previous else SCALED_BACK,
                efforts=set(PriorEffort) if enforced else None, ground=ground if enforced else None,
                instrument="allocation_mandate" if enforced else "", review_id=review_id)
        except IllegalTransition:  # a ladder for this youth and facility already stands: it is not restarted
            return
        moment, previous = moment + 7 * DAY, step


def _fallback(replay: Replay, event: Vacancy) -> Process:
    """Nobody on the list could be placed: the team places the youth it had in mind through the seeding path."""
    agreed = max(at(event.start_on - 2 * DAY, 15), replay.clock.local() + timedelta(minutes=1))
    yield agreed
    replay.add_request(event.fallback, event.fallback_youth)
    seeded_agreement(replay, Agreement(agreed, event.place_id, event.fallback.id, event.start_on))
    yield max(at(event.start_on, 9), agreed + timedelta(minutes=1))
    start(replay, Start(at(event.start_on, 9), event.place_id))


def _needs(offer: Offer) -> frozenset[Need]:
    return frozenset(Need(n) for n in offer.request.needs)


def _distance(offer: Offer, place: Place) -> float | None:
    youth, facility = offer.request.youth, place.unit.facility
    home = Location(youth.home_lat, youth.home_lon) if youth.home_lat is not None and youth.home_lon is not None \
        else None
    return distance_km(home, Location(facility.lat, facility.lon))
