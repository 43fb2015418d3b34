"""What follows a refusal: the team's review (D-14), the mandate ladder (D-15), collective cases (D-16) and a
facility's objection (D-17)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

import pytest
from django.utils import timezone

from plaatsregie.accounts.models import AuditRecord
from plaatsregie.accounts.roles import PermissionDenied
from plaatsregie.accounts.vocabulary import AuditEvent, Role
from plaatsregie.core.errors import DomainError
from plaatsregie.core.lifecycle import IllegalTransition, MandateGround, MandateStep, OfferOutcome, PriorEffort
from plaatsregie.placement.models import (
    CollectiveCase,
    CollectiveConsultation,
    MandateDecision,
    Notification,
    ObjectionAnswer,
    OfferAnswer,
)
from plaatsregie.placement.services.bars import EXCLUDED_BY_TEAM_UNTIL, REFUSED_FOR_THIS_VACANCY
from plaatsregie.placement.services.candidates import candidate_list_generate
from plaatsregie.placement.services.collective import collective_consultation_record
from plaatsregie.placement.services.objections import objection_answer, objection_raise
from plaatsregie.placement.services.offers import offer_answer
from plaatsregie.placement.services.reviews import current_mandate_step, mandate_step_decide, refusal_review
from plaatsregie.registry.models import Facility, Place
from plaatsregie.waiting.models import Referrer, Request
from tests.integration.factories import a_capacity_report, a_facility, a_place, a_request, a_unit, an_offer_of
from tests.integration.personas import Personas, a_user, personas
from tests.integration.placement.observe import nothing_changes

pytestmark = pytest.mark.django_db

MOTIVATION = "De jongere heeft nood aan een gesloten setting die wij vandaag niet kunnen bieden."
EVERY_EFFORT = set(PriorEffort)


@dataclass
class World:
    people: Personas
    facilities: list[Facility]
    users: list  # the facility user of each facility, in the same order
    places: list[Place]
    youth: Request
    other: Request


@pytest.fixture
def world() -> World:
    facilities = [a_facility(name=name) for name in ("De Linde (fictief)", "Het Anker (fictief)", "De Boog (fictief)")]
    referrer = Referrer.objects.create(ref="REF-1", name="OCJ Antwerpen (fictief)", kind="OCJ", region="Antwerpen")
    people = personas(facilities[0], facilities[1], referrer)
    users = [people.facility_user, people.other_facility_user, a_user("ilse", Role.FACILITY, facility=facilities[2])]
    places = [a_place(a_unit(facility), status="occupied", available_from=None) for facility in facilities]
    return World(people, facilities, users, places, a_request(urgency=1, referrer=referrer),
                 a_request(urgency=2, referrer=referrer))


def _refused(world: World, index: int = 0, place: Place | None = None) -> OfferAnswer:
    """The youth offered for a place of facility `index` and refused there with a motivation."""
    offer = an_offer_of(world.people, place or world.places[index], world.youth)
    return offer_answer(actor=world.users[index], offer_id=offer.pk, outcome=OfferOutcome.REFUSED,
                        reason_code="closed_setting", motivation=MOTIVATION)


def _not_followed(world: World, answer: OfferAnswer, **fields):
    return refusal_review(actor=world.people.team_member, answer_id=answer.pk, verdict="argument_not_followed",
                          attributed_to="youth_profile", **fields)


def _step(world: World, step: MandateStep, **fields) -> MandateDecision:
    return mandate_step_decide(actor=world.people.team_member, request_id=world.youth.pk,
                               facility_id=world.facilities[0].pk, step=step,
                               justification=f"Stap {step.value}: verantwoording van het team.", **fields)


def _enforced(world: World, review_id: int | None = None, **changes) -> MandateDecision:
    fields = {"efforts": EVERY_EFFORT, "ground": MandateGround.UNMOTIVATED_REFUSAL,
              "instrument": "allocation_mandate", "team_lead_id": world.people.team_lead.pk} | changes
    return _step(world, MandateStep.ENFORCED, review_id=review_id, **fields)


def test_a_refusal_not_followed_walks_the_mandate_ladder_up_to_an_allocation_mandate(world):
    """D-14, D-15, D-25: argument not followed → step 1 → step 2 → step 3 (allocation mandate), each a recorded
    decision with justification; step 3 carries the prior efforts, the ground and the team lead."""
    review = _not_followed(world, _refused(world))
    _step(world, MandateStep.PARTNERSHIP, review_id=review.pk)
    _step(world, MandateStep.ACTION_PLAN, review_id=review.pk)
    decision = _enforced(world, review_id=review.pk)
    assert [d.step for d in MandateDecision.objects.all()] == ["1", "2", "3"]
    assert decision.efforts == sorted(effort.value for effort in PriorEffort)
    assert (decision.ground, decision.instrument, decision.team_lead) == (
        "unmotivated_refusal", "allocation_mandate", world.people.team_lead)
    assert current_mandate_step(world.youth, world.facilities[0]) is MandateStep.ENFORCED
    assert AuditRecord.objects.filter(event=AuditEvent.MANDATE_STEP_DECIDED.value,
                                      object_ref=world.youth.ref).count() == 3
    assert Notification.objects.filter(recipient=world.users[0], kind="mandaat").count() == 3


def test_a_team_lead_deciding_step_three_is_the_team_lead_present(world):
    """D-15: a team lead who decides the step takes part in it; no separate lead is needed."""
    _step(world, MandateStep.PARTNERSHIP)
    _step(world, MandateStep.ACTION_PLAN)
    decision = mandate_step_decide(actor=world.people.team_lead, request_id=world.youth.pk,
                                   facility_id=world.facilities[0].pk, step=MandateStep.ENFORCED,
                                   justification="Acute maatschappelijke nood.", efforts=EVERY_EFFORT,
                                   ground=MandateGround.ACUTE_SOCIETAL_NEED, instrument="process_intervention")
    assert decision.team_lead == world.people.team_lead


@pytest.mark.parametrize(("changes", "missing"), [
    ({"efforts": EVERY_EFFORT - {PriorEffort.REFLECTION}}, ["voorafgaande inspanning: reflection"]),
    ({"efforts": set()}, [f"voorafgaande inspanning: {effort.value}" for effort in PriorEffort]),
    ({"ground": None}, ["een grond voor sturing"]),
    ({"team_lead_id": None}, ["een leidinggevende die mee beslist"]),
    ({"instrument": ""}, ["een instrument"]),
    ({"efforts": set(), "ground": None, "team_lead_id": None, "instrument": "brief"},
     ["voorafgaande inspanning: dialogue", "een grond voor sturing", "een leidinggevende die mee beslist",
      "een instrument"]),
])
def test_step_three_without_what_the_record_must_show_is_refused_and_names_it(world, changes, missing):
    """D-15: enforcement is the ultimum remedium: without the prior efforts, a ground, a team lead and an instrument
    it is refused, the message names what is missing, and nothing is recorded."""
    _step(world, MandateStep.PARTNERSHIP)
    _step(world, MandateStep.ACTION_PLAN)
    with nothing_changes(), pytest.raises(IllegalTransition, match="Stap 3") as refused:
        _enforced(world, **changes)
    for item in missing:
        assert item in str(refused.value)


def test_a_team_lead_who_is_not_one_is_refused(world):
    """D-15: the lead named for step 3 must hold the team-lead role."""
    _step(world, MandateStep.PARTNERSHIP)
    _step(world, MandateStep.ACTION_PLAN)
    with nothing_changes(), pytest.raises(PermissionDenied, match="leidinggevende"):
        _enforced(world, team_lead_id=world.people.second_team_member.pk)


@pytest.mark.parametrize(("done", "requested"), [
    ((), MandateStep.ACTION_PLAN),
    ((), MandateStep.ENFORCED),
    ((MandateStep.PARTNERSHIP,), MandateStep.ENFORCED),
])
def test_skipping_a_mandate_step_is_refused(world, done, requested):
    """D-15: the mandate is built up step by step, never skipped."""
    for step in done:
        _step(world, step)
    with nothing_changes(), pytest.raises(IllegalTransition, match="stap voor stap"):
        _step(world, requested, efforts=EVERY_EFFORT, ground=MandateGround.UNMOTIVATED_REFUSAL,
              instrument="allocation_mandate", team_lead_id=world.people.team_lead.pk)


def test_the_mandate_is_scaled_back_from_three_to_two(world):
    """D-15: the gradations are scaled back per case ("afgeschakeld"), also recorded with a justification."""
    _step(world, MandateStep.PARTNERSHIP)
    _step(world, MandateStep.ACTION_PLAN)
    _enforced(world)
    _step(world, MandateStep.ACTION_PLAN)
    assert current_mandate_step(world.youth, world.facilities[0]) is MandateStep.ACTION_PLAN
    assert current_mandate_step(world.youth, world.facilities[1]) is None  # the ladder is per facility


def test_a_mandate_step_without_justification_is_refused(world):
    """D-15, D-25: each step is recorded with its justification."""
    with nothing_changes(), pytest.raises(DomainError, match="verantwoording"):
        mandate_step_decide(actor=world.people.team_member, request_id=world.youth.pk,
                            facility_id=world.facilities[0].pk, step=MandateStep.PARTNERSHIP, justification=" ")


def test_a_facility_cannot_decide_a_mandate_step(world):
    """D-15: the mandate is the government's (the team's), not the facility's."""
    with nothing_changes(), pytest.raises(PermissionDenied):
        mandate_step_decide(actor=world.users[0], request_id=world.youth.pk, facility_id=world.facilities[0].pk,
                            step=MandateStep.PARTNERSHIP, justification="Wij willen dit.")


def test_a_refusal_is_reviewed_once(world):
    """D-14, D-25: a review is a decision; a correction is a new decision, not a second review."""
    answer = _refused(world)
    _not_followed(world, answer)
    with nothing_changes(), pytest.raises(IllegalTransition, match="al besproken"):
        refusal_review(actor=world.people.team_member, answer_id=answer.pk, verdict="argument_followed",
                       attributed_to="facility_situation", lessons="Toch gevolgd.")


def test_a_followed_refusal_needs_the_lessons_learned(world):
    """D-14: if the argument is followed, the lessons are recorded."""
    answer = _refused(world)
    with nothing_changes(), pytest.raises(DomainError, match="leren"):
        refusal_review(actor=world.people.team_member, answer_id=answer.pk, verdict="argument_followed",
                       attributed_to="facility_situation", lessons="")


def test_a_youth_refused_by_three_facilities_becomes_a_collective_case(world):
    """D-16: the third distinct facility's refusal opens a collective case, the team is told, and a collective
    consultation is recorded as the instrument to act from mandate."""
    _refused(world, 0)
    _refused(world, 1)
    assert not CollectiveCase.objects.exists()
    _refused(world, 2)
    case = CollectiveCase.objects.get(request=world.youth)
    assert case.refusing_facilities == 3
    opened = AuditRecord.objects.filter(event=AuditEvent.COLLECTIVE_CASE_OPENED.value, object_ref=world.youth.ref)
    assert opened.count() == 1
    assert Notification.objects.filter(recipient=world.people.team_member, kind="collectief dossier").exists()
    consultation = collective_consultation_record(
        actor=world.people.team_lead, case_id=case.pk,
        participants="De Linde, Het Anker, De Boog, OCJ, leidinggevende",
        outcome="Gedeelde opname met extra ondersteuning door De Boog.")
    assert CollectiveConsultation.objects.get(case=case) == consultation
    assert AuditRecord.objects.filter(event=AuditEvent.COLLECTIVE_CONSULTATION_RECORDED.value).exists()


def test_the_collective_case_threshold_is_a_setting_and_counts_facilities_not_refusals(world, settings):
    """D-16: the number of refusing facilities is configurable; two refusals by one facility count once."""
    settings.PLAATSREGIE_COLLECTIVE_CASE_REFUSALS = 2
    _refused(world, 0)
    _refused(world, 0, place=a_place(a_unit(world.facilities[0]), status="occupied", available_from=None))
    assert not CollectiveCase.objects.exists()
    _refused(world, 1)
    assert CollectiveCase.objects.get(request=world.youth).refusing_facilities == 2


def test_a_collective_consultation_without_participants_or_outcome_is_refused(world):
    """D-16, D-25: a consultation records who took part and what came out of it."""
    case = CollectiveCase.objects.create(request=world.youth, opened_at=timezone.now(), refusing_facilities=3)
    with nothing_changes(), pytest.raises(DomainError, match="deelnam"):
        collective_consultation_record(actor=world.people.team_member, case_id=case.pk, participants=" ",
                                       outcome="Iets.")
    with nothing_changes(), pytest.raises(PermissionDenied):
        collective_consultation_record(actor=world.users[0], case_id=case.pk, participants="Wij",
                                       outcome="Iets.")


def test_exclusion_until_a_date_bars_the_youth_from_that_facilitys_next_list(world):
    """D-14, D-22: a review that excludes the youth from the facility until a date keeps it off the facility's next
    candidate list, and the list names the bar; another facility's list still holds the youth."""
    answer = _refused(world)
    report = answer.offer.report
    _not_followed(world, answer, excluded_until=report.expected_free_on + timedelta(days=90))
    next_place = a_place(a_unit(world.facilities[0]), status="occupied", available_from=None)
    cl = candidate_list_generate(actor=world.people.team_member,
                                 report_id=a_capacity_report(world.people.team_member, next_place).pk)
    assert cl.excluded[world.youth.ref] == EXCLUDED_BY_TEAM_UNTIL
    assert not cl.entries.filter(request=world.youth).exists()
    elsewhere = candidate_list_generate(actor=world.people.team_member,
                                        report_id=a_capacity_report(world.people.team_member, world.places[1]).pk)
    assert elsewhere.entries.filter(request=world.youth).exists()


def test_an_exclusion_that_ends_before_the_place_frees_up_does_not_bar(world):
    """D-14: the exclusion holds until its date; a place freeing up later is open to the youth again."""
    answer = _refused(world)
    _not_followed(world, answer, excluded_until=answer.offer.report.expected_free_on)
    next_place = a_place(a_unit(world.facilities[0]), status="occupied", available_from=None)
    later = a_capacity_report(world.people.team_member, next_place,
                              free_on=answer.offer.report.expected_free_on + timedelta(days=1))
    cl = candidate_list_generate(actor=world.people.team_member, report_id=later.pk)
    assert cl.entries.filter(request=world.youth).exists()


def test_the_default_consequence_bars_the_youth_only_for_that_vacancy(world):
    """D-14: without an exclusion date the youth is not proposed again for this vacancy (a new list for the same
    report names the bar), but stays a candidate for the facility's other places."""
    answer = _refused(world)
    _not_followed(world, answer)
    again = candidate_list_generate(actor=world.people.team_member, report_id=answer.offer.report_id)
    assert again.excluded[world.youth.ref] == REFUSED_FOR_THIS_VACANCY
    assert [e.request for e in again.entries.all()] == [world.other]
    next_place = a_place(a_unit(world.facilities[0]), status="occupied", available_from=None)
    other_vacancy = candidate_list_generate(actor=world.people.team_member,
                                            report_id=a_capacity_report(world.people.team_member, next_place).pk)
    assert other_vacancy.entries.filter(request=world.youth).exists()
    assert world.youth.ref not in other_vacancy.excluded


def _objection(world: World):
    return objection_raise(actor=world.users[0], facility_id=world.facilities[0].pk, subject="mandaat stap 2",
                           text="Wij zijn het niet eens met de beslissing: de groep kan dit vandaag niet dragen.")


def test_an_objection_climbs_from_team_member_to_team_lead_to_policy_officer(world):
    """D-17: a facility's objection is answered team member → team lead → regional policy officer."""
    objection = _objection(world)
    objection_answer(actor=world.people.team_member, objection_id=objection.pk, answer="Wij handhaven.",
                     resolved=False)
    objection_answer(actor=world.people.team_lead, objection_id=objection.pk, answer="Ook de leiding handhaaft.",
                     resolved=False)
    objection_answer(actor=world.people.policy_officer, objection_id=objection.pk,
                     answer="Overleg gepland; bezwaar afgehandeld.", resolved=True)
    levels = list(ObjectionAnswer.objects.filter(objection=objection).order_by("id").values_list("level", "resolved"))
    assert levels == [("team_member", False), ("team_lead", False), ("policy_officer", True)]
    assert Notification.objects.filter(recipient=world.users[0], kind="antwoord op bezwaar").count() == 3


@pytest.mark.parametrize(("answered", "wrong"), [(0, "team_lead"), (0, "policy_officer"), (1, "team_member"),
                                                 (1, "policy_officer"), (2, "team_lead")])
def test_the_wrong_role_at_an_objection_level_is_refused(world, answered, wrong):
    """D-17: each level answers in turn; another role gets PermissionDenied and nothing is recorded."""
    objection = _objection(world)
    for actor in (world.people.team_member, world.people.team_lead)[:answered]:
        objection_answer(actor=actor, objection_id=objection.pk, answer="Wij handhaven.", resolved=False)
    with nothing_changes(), pytest.raises(PermissionDenied, match="ligt nu bij"):
        objection_answer(actor=getattr(world.people, wrong), objection_id=objection.pk, answer="Antwoord.",
                         resolved=True)


def test_a_resolved_objection_cannot_be_answered_again(world):
    """D-17, D-25: once resolved, the objection is closed."""
    objection = _objection(world)
    objection_answer(actor=world.people.team_member, objection_id=objection.pk, answer="Aangepast.", resolved=True)
    with nothing_changes(), pytest.raises(IllegalTransition, match="afgehandeld"):
        objection_answer(actor=world.people.team_lead, objection_id=objection.pk, answer="Nog iets.",
                         resolved=False)


def test_a_facility_cannot_object_for_another_facility(world):
    """D-17: a facility objects to decisions about itself."""
    with nothing_changes(), pytest.raises(PermissionDenied):
        objection_raise(actor=world.users[1], facility_id=world.facilities[0].pk, subject="mandaat",
                        text="Wij zijn het niet eens met deze beslissing.")
