"""End to end through the service layer: one freed place from report to admission (seed 002 §3.5)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.utils import timezone

from plaatsregie.accounts.access import access_youth_for_user
from plaatsregie.accounts.models import AccessLogEntry, AuditRecord
from plaatsregie.accounts.roles import PermissionDenied
from plaatsregie.core.lifecycle import OfferOutcome
from plaatsregie.placement.models import Admission, Notification
from plaatsregie.placement.services.candidates import candidate_list_approve, candidate_list_generate
from plaatsregie.placement.services.capacity import PlaceDialogue, capacity_agreement_record, capacity_announce
from plaatsregie.placement.services.offers import Condition, offer_answer, offer_make
from plaatsregie.placement.services.reviews import refusal_review
from plaatsregie.placement.services.stays import admission_start
from plaatsregie.registry.models import Place
from plaatsregie.waiting.models import Referrer, RequestStatus
from tests.integration.factories import a_facility, a_place, a_request, a_unit
from tests.integration.personas import personas

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    facility, other = a_facility(name="De Linde (fictief)"), a_facility(name="Het Anker (fictief)")
    referrer = Referrer.objects.create(ref="REF-1", name="OCJ Antwerpen (fictief)", kind="OCJ", region="Antwerpen")
    people = personas(facility, other, referrer)
    place = a_place(a_unit(facility), status="occupied", available_from=None)
    first = a_request(urgency=1, referrer=referrer, registered_on=date(2026, 6, 1))
    second = a_request(urgency=2, referrer=referrer, registered_on=date(2025, 6, 1))
    return people, place, first, second


def test_a_freed_place_walks_from_report_to_admission(world):
    """D-7, D-4, D-10, D-11, D-12, D-13, D-14, D-20, D-25, D-36: report → dialogue → list → adoption →
    offer 1 refused (argument followed) → offer 2 agreed with conditions → admission."""
    people, place, first, second = world
    free_on = timezone.localdate() + timedelta(days=14)
    report = capacity_announce(actor=people.facility_user, place_id=place.pk, expected_free_on=free_on,
                               dialogue=PlaceDialogue(age_min=12, age_max=17, carrying_capacity="stabiele groep"))
    assert Place.objects.get(pk=place.pk).status == "freeing"
    capacity_agreement_record(actor=people.team_member, report_id=report.pk, what="Kennismaking plannen",
                              owner="Dana", due_on=free_on)
    cl = candidate_list_generate(actor=people.team_member, report_id=report.pk)
    assert [e.request.ref for e in cl.entries.order_by("engine_rank")] == [first.ref, second.ref]
    candidate_list_approve(actor=people.team_member, list_id=cl.pk, argumentation="Urgentie 1 gaat voor.")
    candidate_list_approve(actor=people.second_team_member, list_id=cl.pk, argumentation="Akkoord.")
    assert Notification.objects.filter(recipient=people.referrer_user, kind="matching gestart").count() == 2

    offer1 = offer_make(actor=people.team_member, list_id=cl.pk, why="Meest aangewezen match.")
    assert offer1.request == first
    access_youth_for_user(people.facility_user, first.youth_id)  # D-36: open offer gives access, logged
    assert AccessLogEntry.objects.filter(user=people.facility_user, youth=first.youth).exists()
    answer = offer_answer(actor=people.facility_user, offer_id=offer1.pk, outcome=OfferOutcome.REFUSED,
                          reason_code="group_composition",
                          motivation="De groep telt vandaag drie jongeren met gelijkaardige noden.")
    with pytest.raises(PermissionDenied):  # D-36: after a refusal the access ends
        access_youth_for_user(people.facility_user, first.youth_id)
    refusal_review(actor=people.team_member, answer_id=answer.pk, verdict="argument_followed",
                   attributed_to="facility_situation", lessons="Groepssamenstelling vooraf bevragen.")

    offer2 = offer_make(actor=people.team_member, list_id=cl.pk, why="Volgende in de volgorde.")
    assert offer2.request == second
    offer_answer(actor=people.facility_user, offer_id=offer2.pk, outcome=OfferOutcome.AGREED_WITH_CONDITIONS,
                 conditions=[Condition(kind="construction", construction="phased_start",
                                       description="Gefaseerde opstart over twee weken", owner="Dana",
                                       due_on=free_on)])
    assert Place.objects.get(pk=place.pk).status == "reserved"
    [admission] = admission_start(actor=people.facility_user, offer_id=offer2.pk, start_on=free_on)
    assert Place.objects.get(pk=place.pk).status == "occupied"
    second.refresh_from_db()
    assert second.status == RequestStatus.ADMITTED
    assert Admission.objects.get(pk=admission.pk).offer == offer2
    events = list(AuditRecord.objects.order_by("id").values_list("event", flat=True))
    for expected in ("capacity:reported", "candidate_list:adopted", "offer:made", "offer:answered",
                     "refusal:reviewed", "admission:started"):
        assert expected in events
