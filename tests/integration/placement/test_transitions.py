"""Impossible actions through the services: each raises a domain error a person understands and changes nothing
(D-25: the audit trail, the history and every status stay as they were)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from plaatsregie.accounts.audit import audit
from plaatsregie.accounts.models import AccessLogEntry, AppendOnlyError, AuditRecord
from plaatsregie.accounts.roles import PermissionDenied
from plaatsregie.accounts.vocabulary import AuditEvent
from plaatsregie.core.errors import DomainError
from plaatsregie.core.lifecycle import IllegalTransition, OfferOutcome
from plaatsregie.placement.models import (
    Admission,
    CandidateList,
    CandidateListApproval,
    CapacityReport,
    Offer,
    OfferAnswer,
    RefusalReview,
)
from plaatsregie.placement.services.candidates import (
    candidate_list_approve,
    candidate_list_generate,
    candidate_list_revise,
)
from plaatsregie.placement.services.capacity import place_make_unavailable
from plaatsregie.placement.services.offers import Condition, offer_answer, offer_make, offer_withdraw
from plaatsregie.placement.services.reviews import refusal_review
from plaatsregie.placement.services.stays import admission_start, internal_flow_register, stay_discharge
from plaatsregie.registry.models import Facility, Place, UnavailabilityReason
from plaatsregie.waiting.models import Referrer, Request
from tests.integration.factories import (
    a_capacity_report,
    a_facility,
    a_place,
    a_request,
    a_unit,
    an_admission_of,
    an_adopted_list,
    an_offer_of,
)
from tests.integration.personas import Personas, personas
from tests.integration.placement.observe import nothing_changes

pytestmark = pytest.mark.django_db

MOTIVATION = "De groep telt vandaag drie jongeren met gelijkaardige noden en weinig draagkracht."


@dataclass
class World:
    people: Personas
    facility: Facility
    other: Facility
    place: Place
    first: Request
    second: Request


@pytest.fixture
def world() -> World:
    facility, other = a_facility(name="De Linde (fictief)"), a_facility(name="Het Anker (fictief)")
    referrer = Referrer.objects.create(ref="REF-1", name="OCJ Antwerpen (fictief)", kind="OCJ", region="Antwerpen")
    place = a_place(a_unit(facility), status="occupied", available_from=None)
    return World(personas(facility, other, referrer), facility, other, place,
                 a_request(urgency=1, referrer=referrer), a_request(urgency=2, referrer=referrer))


def _refuse(world: World, offer: Offer) -> OfferAnswer:
    return offer_answer(actor=world.people.facility_user, offer_id=offer.pk, outcome=OfferOutcome.REFUSED,
                        reason_code="group_composition", motivation=MOTIVATION)


def test_answering_an_offer_twice_is_refused(world):
    """D-13: an offer is answered once; a second answer changes nothing."""
    offer = an_offer_of(world.people, world.place, world.first)
    _refuse(world, offer)
    with nothing_changes(), pytest.raises(IllegalTransition, match="al afgesloten"):
        offer_answer(actor=world.people.facility_user, offer_id=offer.pk, outcome=OfferOutcome.AGREED)


def test_a_facility_cannot_answer_another_facilitys_offer(world):
    """D-13, D-36: only the facility of the place answers its offer."""
    offer = an_offer_of(world.people, world.place, world.first)
    with nothing_changes(), pytest.raises(PermissionDenied, match="voorziening van de plaats"):
        offer_answer(actor=world.people.other_facility_user, offer_id=offer.pk, outcome=OfferOutcome.AGREED)
    assert Offer.objects.get(pk=offer.pk).state == "open"


@pytest.mark.parametrize(("reason_code", "motivation", "message"), [
    (None, MOTIVATION, "reden van de weigering"),
    ("no_such_reason", MOTIVATION, "reden van de weigering"),
    ("group_composition", "", "inhoudelijke motivering"),
    ("group_composition", "Past niet.", "inhoudelijke motivering"),
    ("group_composition", "   Te kort,  echt.      ", "inhoudelijke motivering"),
])
def test_refusal_without_reason_or_motivation_is_rejected(world, reason_code, motivation, message):
    """D-13: a refusal needs a reason from the list and a substantive motivation (at least 20 characters)."""
    offer = an_offer_of(world.people, world.place, world.first)
    with nothing_changes(), pytest.raises(DomainError, match=message):
        offer_answer(actor=world.people.facility_user, offer_id=offer.pk, outcome=OfferOutcome.REFUSED,
                     reason_code=reason_code, motivation=motivation)


def test_a_retired_refusal_reason_cannot_be_chosen(world):
    """D-13: reasons are retired, never deleted; a retired reason is no longer offered."""
    from plaatsregie.placement.models import RefusalReason

    RefusalReason.objects.filter(code="situational").update(active=False)
    offer = an_offer_of(world.people, world.place, world.first)
    with nothing_changes(), pytest.raises(DomainError, match="reden van de weigering"):
        offer_answer(actor=world.people.facility_user, offer_id=offer.pk, outcome=OfferOutcome.REFUSED,
                     reason_code="situational", motivation=MOTIVATION)


@pytest.mark.parametrize("conditions", [None, [], [Condition(kind="construction", construction="teleport",
                                                                description="x", owner="y",
                                                                due_on=date(2027, 1, 4))],
                                        [Condition(kind="support", description=" ", owner="Dana",
                                                   due_on=date(2027, 1, 4))]])
def test_agreement_with_conditions_without_valid_conditions_is_rejected(world, conditions):
    """D-13: an agreement with conditions names at least one known condition: what, by whom; the place stays
    unreserved."""
    offer = an_offer_of(world.people, world.place, world.first)
    with nothing_changes(), pytest.raises(DomainError, match="voorwaarde"):
        offer_answer(actor=world.people.facility_user, offer_id=offer.pk,
                     outcome=OfferOutcome.AGREED_WITH_CONDITIONS, conditions=conditions)
    assert Place.objects.get(pk=world.place.pk).status == "freeing"


def test_offering_before_the_list_is_adopted_is_refused(world):
    """D-11, D-12: an offer follows a team decision; one approval is not enough."""
    report = a_capacity_report(world.people.team_member, world.place)
    cl = candidate_list_generate(actor=world.people.team_member, report_id=report.pk)
    candidate_list_approve(actor=world.people.team_member, list_id=cl.pk, argumentation="Urgentie gaat voor.")
    with nothing_changes(), pytest.raises(IllegalTransition, match="twee teamleden"):
        offer_make(actor=world.people.team_member, list_id=cl.pk, why="Meest aangewezen match.")


def test_the_same_member_approving_twice_does_not_adopt_the_list(world):
    """D-11, D-25: four eyes: a second approval by the same member is refused; the list stays unadopted."""
    report = a_capacity_report(world.people.team_member, world.place)
    cl = candidate_list_generate(actor=world.people.team_member, report_id=report.pk)
    candidate_list_approve(actor=world.people.team_member, list_id=cl.pk, argumentation="Urgentie gaat voor.")
    with nothing_changes(), pytest.raises(DomainError, match="tweede teamlid"):
        candidate_list_approve(actor=world.people.team_member, list_id=cl.pk, argumentation="Nogmaals akkoord.")
    assert not hasattr(CandidateList.objects.get(pk=cl.pk), "adoption")
    assert CandidateListApproval.objects.filter(revision__candidate_list=cl).count() == 1


def test_a_facility_user_cannot_approve_a_candidate_list(world):
    """D-11: selection and order are a placement-team decision."""
    report = a_capacity_report(world.people.team_member, world.place)
    cl = candidate_list_generate(actor=world.people.team_member, report_id=report.pk)
    with nothing_changes(), pytest.raises(PermissionDenied):
        candidate_list_approve(actor=world.people.facility_user, list_id=cl.pk, argumentation="Graag deze.")


def test_an_adopted_list_cannot_be_revised(world):
    """D-11, D-25: the adopted order is a recorded team decision; it no longer changes."""
    cl = an_adopted_list(world.people, a_capacity_report(world.people.team_member, world.place))
    with nothing_changes(), pytest.raises(IllegalTransition, match="teambeslissing"):
        candidate_list_revise(actor=world.people.team_member, list_id=cl.pk, argument="Toch anders.",
                              order=[world.second.ref, world.first.ref])


@pytest.mark.parametrize("argument", ["", "   "])
def test_a_revision_without_argument_is_rejected(world, argument):
    """D-11: every change to the order needs a written argument."""
    report = a_capacity_report(world.people.team_member, world.place)
    cl = candidate_list_generate(actor=world.people.team_member, report_id=report.pk)
    with nothing_changes(), pytest.raises(DomainError, match="geschreven argumentatie"):
        candidate_list_revise(actor=world.people.team_member, list_id=cl.pk, argument=argument,
                              order=[world.second.ref, world.first.ref])


def test_a_youth_admitted_elsewhere_meanwhile_is_skipped_with_the_reason_recorded(world):
    """D-12, D-25: the next offer skips a youth who no longer waits, and the audit record says why."""
    cl = an_adopted_list(world.people, a_capacity_report(world.people.team_member, world.place))
    elsewhere = a_place(a_unit(world.other), status="occupied", available_from=None)
    an_admission_of(world.people, elsewhere, world.first, world.people.other_facility_user)
    offer = offer_make(actor=world.people.team_member, list_id=cl.pk, why="Volgende in de volgorde.")
    assert offer.request == world.second
    made = AuditRecord.objects.get(event=AuditEvent.OFFER_MADE.value, object_ref=offer.ref)
    assert made.new["skipped"] == [f"{world.first.ref} wacht niet meer"]


def test_a_youth_agreed_elsewhere_meanwhile_is_not_offered_again(world):
    """D-12, D-36: a youth whose start elsewhere is agreed is skipped: no second facility gets the file."""
    cl = an_adopted_list(world.people, a_capacity_report(world.people.team_member, world.place))
    elsewhere = an_offer_of(world.people, a_place(a_unit(world.other), status="occupied", available_from=None),
                            world.first)
    offer_answer(actor=world.people.other_facility_user, offer_id=elsewhere.pk, outcome=OfferOutcome.AGREED)
    offer = offer_make(actor=world.people.team_member, list_id=cl.pk, why="Volgende in de volgorde.")
    assert offer.request == world.second
    made = AuditRecord.objects.get(event=AuditEvent.OFFER_MADE.value, object_ref=offer.ref)
    assert made.new["skipped"] == [f"{world.first.ref} heeft elders een akkoord dat wacht op de start"]


def test_offering_when_every_candidate_was_admitted_elsewhere_is_refused(world):
    """D-12: when nobody on the adopted list can still be offered, the team is told to seek an alternative."""
    Request.objects.filter(pk=world.second.pk).update(status="withdrawn")
    cl = an_adopted_list(world.people, a_capacity_report(world.people.team_member, world.place))
    elsewhere = a_place(a_unit(world.other), status="occupied", available_from=None)
    an_admission_of(world.people, elsewhere, world.first, world.people.other_facility_user)
    with nothing_changes(), pytest.raises(IllegalTransition, match="geen kandidaat meer"):
        offer_make(actor=world.people.team_member, list_id=cl.pk, why="Volgende in de volgorde.")


def test_a_second_offer_while_one_is_open_for_the_place_is_refused(world):
    """D-12: one youth at a time: a place has at most one open offer."""
    offer = an_offer_of(world.people, world.place, world.first)
    with nothing_changes(), pytest.raises(IllegalTransition, match="al een voorstel"):
        offer_make(actor=world.people.team_member, list_id=offer.candidate_list_id, why="Nog iemand.")


@pytest.mark.parametrize(("module", "unit_fields", "reason"), [
    ("CRISISVERBLIJF", {}, "Crisisverblijf"),
    ("CKG", {"access": "RTJ"}, "RTJ-verblijf in een CKG of CIG"),
    ("OVBJ", {"cofinanced_by": "Fedasil"}, "Fedasil"),
])
def test_an_out_of_scope_place_is_registered_but_gets_no_candidate_list(world, module, unit_fields, reason):
    """D-2: out-of-scope capacity is registered for monitoring; central placement refuses to run for it."""
    place = a_place(a_unit(world.facility, module=module, **unit_fields), status="occupied", available_from=None,
                    age_min=0, age_max=17)
    report = a_capacity_report(world.people.facility_user, place)
    assert not report.in_scope
    assert reason in report.scope_reason
    assert Place.objects.get(pk=place.pk).status == "freeing"
    assert not world.people.team_member.notifications.filter(object_ref=report.ref).exists()
    with nothing_changes(), pytest.raises(IllegalTransition, match="Geen kandidatenlijst") as refused:
        candidate_list_generate(actor=world.people.team_member, report_id=report.pk)
    assert reason in str(refused.value)
    assert not CandidateList.objects.filter(report=report).exists()


@pytest.mark.parametrize("status", ["occupied", "available"])
def test_a_second_open_capacity_report_for_a_place_is_refused(world, status):
    """D-7: a place has one open capacity report; a second report is a clear domain error, not a crash."""
    place = a_place(a_unit(world.facility), status=status, available_from=None)
    a_capacity_report(world.people.facility_user, place)
    with nothing_changes(), pytest.raises(IllegalTransition, match="loopt al een melding"):
        a_capacity_report(world.people.facility_user, place)
    assert CapacityReport.objects.filter(place=place).count() == 1


def test_a_facility_cannot_report_another_facilitys_place(world):
    """D-7: a facility reports its own capacity."""
    with nothing_changes(), pytest.raises(PermissionDenied):
        a_capacity_report(world.people.other_facility_user, world.place)


@pytest.mark.parametrize("answer", ["open", "refused", "withdrawn"])
def test_an_admission_starts_only_from_an_agreed_offer(world, answer):
    """D-1a, D-20: an open, refused or withdrawn offer does not start an admission."""
    offer = an_offer_of(world.people, world.place, world.first)
    if answer == "refused":
        _refuse(world, offer)
    elif answer == "withdrawn":
        offer_withdraw(actor=world.people.team_member, offer_id=offer.pk, reason="De jongere verhuisde.")
    with nothing_changes(), pytest.raises(IllegalTransition, match="niet aanvaard"):
        admission_start(actor=world.people.facility_user, offer_id=offer.pk, start_on=timezone.localdate())
    assert not Admission.objects.exists()


def test_an_offer_starts_only_once(world):
    """D-20: a started offer is closed; a second start is refused."""
    admission = an_admission_of(world.people, world.place, world.first, world.people.facility_user)
    with nothing_changes(), pytest.raises(IllegalTransition, match="al opgestart"):
        admission_start(actor=world.people.facility_user, offer_id=admission.offer_id,
                        start_on=timezone.localdate())


def test_a_withdrawal_without_reason_is_refused(world):
    """D-12, D-25: the team says why it withdraws an offer."""
    offer = an_offer_of(world.people, world.place, world.first)
    with nothing_changes(), pytest.raises(DomainError, match="ingetrokken"):
        offer_withdraw(actor=world.people.team_member, offer_id=offer.pk, reason="  ")


def test_discharging_twice_is_refused(world):
    """D-20: a stay ends once; the second discharge changes nothing."""
    admission = an_admission_of(world.people, world.place, world.first, world.people.facility_user)
    stay_discharge(actor=world.people.facility_user, admission_id=admission.pk, ended_on=timezone.localdate())
    assert Place.objects.get(pk=world.place.pk).status == "available"
    with nothing_changes(), pytest.raises(IllegalTransition, match="al beëindigd"):
        stay_discharge(actor=world.people.facility_user, admission_id=admission.pk,
                       ended_on=timezone.localdate() + timedelta(days=1))


def test_internal_flow_between_two_facilities_is_refused(world):
    """D-19: internal flow stays within one facility; a move to another facility goes through central placement."""
    admission = an_admission_of(world.people, world.place, world.first, world.people.facility_user)
    target = a_place(a_unit(world.other), status="available", available_from=None)
    with nothing_changes(), pytest.raises(IllegalTransition, match="binnen dezelfde voorziening"):
        internal_flow_register(actor=world.people.team_member, admission_id=admission.pk, to_place_id=target.pk,
                               start_on=timezone.localdate())


def test_internal_flow_from_an_rtj_unit_is_refused(world):
    """D-19: RTJ→NRTJ within a facility is not internal flow: the facility raises it as a request."""
    source = a_place(a_unit(world.facility, access="RTJ"), status="occupied", available_from=None)
    admission = an_admission_of(world.people, source, world.first, world.people.facility_user)
    target = a_place(a_unit(world.facility), status="available", available_from=None)
    with nothing_changes(), pytest.raises(IllegalTransition, match="RTJ naar NRTJ"):
        internal_flow_register(actor=world.people.facility_user, admission_id=admission.pk, to_place_id=target.pk,
                               start_on=timezone.localdate())


def test_internal_nrtj_flow_within_a_facility_moves_the_youth_without_an_offer(world):
    """D-19, D-1a: NRTJ→NRTJ within one facility needs no offer; it is registered as internal flow and audited."""
    admission = an_admission_of(world.people, world.place, world.first, world.people.facility_user)
    target = a_place(a_unit(world.facility), status="available", available_from=None)
    offers = Offer.objects.count()
    moved = internal_flow_register(actor=world.people.facility_user, admission_id=admission.pk,
                                   to_place_id=target.pk, start_on=timezone.localdate())
    assert (moved.internal_flow, moved.offer, moved.place) == (True, None, target)
    assert Offer.objects.count() == offers
    assert Admission.objects.get(pk=admission.pk).ended_on == timezone.localdate()
    assert Place.objects.get(pk=world.place.pk).status == "available"
    assert Place.objects.get(pk=target.pk).status == "occupied"
    assert AuditRecord.objects.filter(event=AuditEvent.INTERNAL_FLOW_REGISTERED.value, object_ref=moved.ref).exists()


def test_the_database_refuses_an_admission_without_offer_or_internal_flow(world):
    """D-1a: whatever the application does, the Admission table refuses a stay that has no central offer and is
    not internal flow."""
    with pytest.raises(IntegrityError), transaction.atomic():
        Admission.objects.create(ref="OP-X", place=world.place, request=world.first, offer=None,
                                 internal_flow=False, start_on=timezone.localdate(),
                                 recorded_by=world.people.facility_user)
    assert not Admission.objects.exists()


@pytest.mark.parametrize("reason_code", ["", "no_such_reason", "staff_shortage_retired"])
def test_making_a_place_unavailable_without_a_valid_reason_is_refused(world, reason_code):
    """D-5: an unavailable place has a reason from the maintained list (a retired reason no longer counts)."""
    UnavailabilityReason.objects.create(code="staff_shortage_retired", label="oud personeelstekort", active=False)
    with nothing_changes(), pytest.raises(DomainError, match="geldige reden"):
        place_make_unavailable(actor=world.people.facility_user, place_id=world.place.pk, reason_code=reason_code,
                               until=timezone.localdate() + timedelta(days=30))


def test_making_a_place_unavailable_with_a_listed_reason_keeps_the_reason(world):
    """D-5, D-30: with a listed reason and an expected end the place becomes unavailable."""
    place_make_unavailable(actor=world.people.facility_user, place_id=world.place.pk, reason_code="staff_shortage",
                           until=date(2027, 1, 31), explanation="Twee begeleiders langdurig ziek.")
    place = Place.objects.get(pk=world.place.pk)
    assert (place.status, place.unavailable_reason.code, place.unavailable_until) == (
        "unavailable", "staff_shortage", date(2027, 1, 31))


def test_the_database_refuses_an_unavailable_place_without_reason(world):
    """D-5: the Place table refuses the status 'unavailable' without a reason."""
    with pytest.raises(IntegrityError), transaction.atomic():
        Place.objects.filter(pk=world.place.pk).update(status="unavailable", unavailable_reason=None)
    assert Place.objects.get(pk=world.place.pk).status == "occupied"


def _append_only_rows(world: World) -> list[object]:
    offer = an_offer_of(world.people, world.place, world.first)
    from plaatsregie.accounts.access import access_youth_for_user

    access_youth_for_user(world.people.facility_user, world.first.youth_id)
    answer = _refuse(world, offer)
    review = refusal_review(actor=world.people.team_member, answer_id=answer.pk, verdict="argument_followed",
                            attributed_to="facility_situation", lessons="Groep vooraf bevragen.")
    record = audit(world.people.team_member, AuditEvent.OFFER_MADE, offer, new={"x": 1})
    return [record, answer, review, AccessLogEntry.objects.get(), CandidateListApproval.objects.first()]


def test_append_only_records_refuse_to_change(world):
    """D-25: decisions, the audit trail and the access log are never changed: corrections are new records."""
    for row in _append_only_rows(world):
        before = type(row).objects.filter(pk=row.pk).values().get()
        with pytest.raises(AppendOnlyError, match="append-only"):
            row.save()
        assert type(row).objects.filter(pk=row.pk).values().get() == before


def test_append_only_records_refuse_to_be_deleted(world):
    """D-25: nothing is deleted."""
    for row in _append_only_rows(world):
        with pytest.raises(AppendOnlyError, match="never deleted"):
            row.delete()
        assert type(row).objects.filter(pk=row.pk).exists()
    assert RefusalReview.objects.count() == 1
