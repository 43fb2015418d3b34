"""Siblings offered together to one facility (D-10): one joint offer, answered per youth, admitted all or none."""

from __future__ import annotations

from datetime import date

import pytest
from django.conf import settings
from django.utils import timezone

from plaatsregie.accounts.models import AuditRecord
from plaatsregie.accounts.roles import PermissionDenied
from plaatsregie.core.calendar import add_working_days
from plaatsregie.core.errors import DomainError
from plaatsregie.core.lifecycle import IllegalTransition, OfferOutcome
from plaatsregie.placement.models import Admission, CapacityReport, Notification, Offer, OfferGroup, OfferWithdrawal
from plaatsregie.placement.services.offers import offer_answer
from plaatsregie.placement.services.siblings import offer_group_make
from plaatsregie.placement.services.stays import admission_start
from plaatsregie.registry.models import Place
from plaatsregie.waiting.models import Referrer, Request, RequestStatus
from tests.integration.factories import a_facility, a_place, a_request, a_unit
from tests.integration.personas import personas
from tests.integration.placement.flow import adopted_list, free_on, report

pytestmark = pytest.mark.django_db

REFUSAL = "De groep kan vandaag geen tweede jongere met deze noden dragen, dat is besproken."


@pytest.fixture
def family():
    """Two sibling youths and one unrelated youth waiting; a facility with two places freeing up."""
    facility, other = a_facility(name="De Linde (fictief)"), a_facility(name="Het Anker (fictief)")
    referrer = Referrer.objects.create(ref="REF-1", name="OCJ Antwerpen (fictief)", kind="OCJ", region="Antwerpen")
    people = personas(facility, other, referrer)
    unit = a_unit(facility)
    first_place = a_place(unit, status="occupied", available_from=None)
    second_place = a_place(unit, status="occupied", available_from=None, age_min=10)
    elder = a_request(urgency=1, referrer=referrer, youth={"family_ref": "GZ-1"})
    younger = a_request(urgency=3, referrer=referrer, youth={"family_ref": "GZ-1", "birth_date": date(2014, 2, 1)})
    unrelated = a_request(urgency=2, referrer=referrer)
    cl = adopted_list(people, first_place)
    report(people, second_place)
    return people, cl, (first_place, second_place), (elder, younger, unrelated)


def _group(family) -> OfferGroup:
    people, cl, (first_place, second_place), (elder, younger, _) = family
    return offer_group_make(actor=people.team_member, list_id=cl.pk, request_ids=[elder.pk, younger.pk],
                            place_ids=[first_place.pk, second_place.pk], why="Brussen samen houden (D-10).")


def _status(model, obj) -> str:
    return model.objects.get(pk=obj.pk).status


def test_siblings_are_offered_together_as_one_group_over_several_places(family):
    """D-10, D-12: one group, one offer per (youth, place), each on its own place's report, one notice."""
    people, cl, places, (elder, younger, _) = family
    group = _group(family)
    offers = list(group.offers.order_by("pk"))
    assert [(o.request, o.place) for o in offers] == [(elder, places[0]), (younger, places[1])]
    assert {o.state for o in offers} == {"open"}
    assert [o.report for o in offers] == [CapacityReport.objects.get(place=p, closed_at__isnull=True) for p in places]
    assert {o.candidate_list for o in offers} == {cl}
    deadline = add_working_days(timezone.localdate(), settings.PLAATSREGIE_OFFER_RESPONSE_WORKING_DAYS)
    assert {o.respond_by for o in offers} == {deadline}
    assert group.facility == places[0].unit.facility
    assert Notification.objects.filter(recipient=people.facility_user, object_ref=group.ref).count() == 1
    assert AuditRecord.objects.filter(event="offer:made").count() == 3  # the group and its two offers


def test_a_group_starts_only_when_every_sibling_is_agreed(family):
    """D-10, D-13, D-20: answers are per offer; one agreement alone starts nobody, both agreements start both."""
    people, _, places, (elder, younger, _) = family
    first, second = _group(family).offers.order_by("pk")
    offer_answer(actor=people.facility_user, offer_id=first.pk, outcome=OfferOutcome.AGREED)
    assert Offer.objects.get(pk=second.pk).state == "open"
    with pytest.raises(IllegalTransition, match=second.ref):
        admission_start(actor=people.facility_user, offer_id=first.pk, start_on=free_on())
    assert not Admission.objects.exists()
    assert (_status(Place, places[0]), _status(Place, places[1])) == ("reserved", "freeing")
    assert {_status(Request, elder), _status(Request, younger)} == {RequestStatus.WAITING}

    offer_answer(actor=people.facility_user, offer_id=second.pk, outcome=OfferOutcome.AGREED)
    admissions = admission_start(actor=people.facility_user, offer_id=second.pk, start_on=free_on())
    assert sorted(a.request_id for a in admissions) == sorted([elder.pk, younger.pk])
    assert {_status(Place, p) for p in places} == {"occupied"}
    assert {_status(Request, r) for r in (elder, younger)} == {RequestStatus.ADMITTED}
    assert not CapacityReport.objects.filter(place__in=places, closed_at__isnull=True).exists()


def test_a_refused_sibling_keeps_the_whole_group_from_starting(family):
    """D-10, D-13: when one offer of the group is refused, starting any member admits nobody."""
    people, _, _, (elder, younger, _) = family
    first, second = _group(family).offers.order_by("pk")
    offer_answer(actor=people.facility_user, offer_id=first.pk, outcome=OfferOutcome.AGREED)
    offer_answer(actor=people.facility_user, offer_id=second.pk, outcome=OfferOutcome.REFUSED,
                 reason_code="group_composition", motivation=REFUSAL)
    for member in (first, second):
        with pytest.raises(IllegalTransition):
            admission_start(actor=people.team_member, offer_id=member.pk, start_on=free_on())
    assert not Admission.objects.exists()
    assert not AuditRecord.objects.filter(event="admission:started").exists()
    assert {_status(Request, r) for r in (elder, younger)} == {RequestStatus.WAITING}


def test_a_refused_sibling_lets_the_joint_offer_lapse_and_releases_the_reserved_place(family):
    """D-10: siblings are offered together — one refusal withdraws the agreed sibling's offer and frees its place."""
    people, _, places, _ = family
    first, second = _group(family).offers.order_by("pk")
    offer_answer(actor=people.facility_user, offer_id=first.pk, outcome=OfferOutcome.AGREED)
    assert _status(Place, places[0]) == "reserved"
    offer_answer(actor=people.facility_user, offer_id=second.pk, outcome=OfferOutcome.REFUSED,
                 reason_code="group_composition", motivation=REFUSAL)
    first.refresh_from_db()
    assert first.state == "withdrawn"
    assert _status(Place, places[0]) == "available"
    assert "brussenvoorstel vervallen" in OfferWithdrawal.objects.get(offer=first).reason
    assert AuditRecord.objects.filter(event="offer:withdrawn", object_ref=first.ref).exists()


def test_a_refused_sibling_withdraws_the_offers_still_open(family):
    """D-10: an open offer of the group is withdrawn too; the facility's access to that file ends (D-36)."""
    people, _, _, _ = family
    first, second = _group(family).offers.order_by("pk")
    offer_answer(actor=people.facility_user, offer_id=second.pk, outcome=OfferOutcome.REFUSED,
                 reason_code="group_composition", motivation=REFUSAL)
    first.refresh_from_db()
    assert first.state == "withdrawn"
    with pytest.raises(IllegalTransition):
        offer_answer(actor=people.facility_user, offer_id=first.pk, outcome=OfferOutcome.AGREED)


def test_only_siblings_are_offered_together(family):
    """D-10: youths of different families are offered one by one."""
    people, cl, places, (elder, _, unrelated) = family
    with pytest.raises(DomainError, match="brussen"):
        offer_group_make(actor=people.team_member, list_id=cl.pk, request_ids=[elder.pk, unrelated.pk],
                         place_ids=[p.pk for p in places], why="Samen.")
    assert not OfferGroup.objects.exists() and not Offer.objects.exists()


def test_a_group_goes_to_one_facility(family):
    """D-10: the places of a sibling offer belong to one facility."""
    people, cl, places, (elder, younger, _) = family
    elsewhere = a_place(a_unit(a_facility(name="Elders (fictief)")), status="occupied", available_from=None)
    report(people, elsewhere)
    with pytest.raises(DomainError, match="één voorziening"):
        offer_group_make(actor=people.team_member, list_id=cl.pk, request_ids=[elder.pk, younger.pk],
                         place_ids=[places[0].pk, elsewhere.pk], why="Samen.")
    assert not Offer.objects.exists()


def test_every_place_of_a_group_needs_reported_capacity(family):
    """D-7, D-10: a place nobody reported as freeing up cannot carry a sibling offer."""
    people, cl, places, (elder, younger, _) = family
    unreported = a_place(places[0].unit, status="available", available_from=None)
    with pytest.raises(IllegalTransition, match="meld de capaciteit"):
        offer_group_make(actor=people.team_member, list_id=cl.pk, request_ids=[elder.pk, younger.pk],
                         place_ids=[places[0].pk, unreported.pk], why="Samen.")
    assert not Offer.objects.exists()


def test_a_group_offer_follows_the_adopted_order(family):
    """D-11: the youth on the list's place is the one the team's order puts next, not a sibling further down."""
    people, cl, places, (elder, younger, _) = family
    with pytest.raises(IllegalTransition, match=f"{elder.ref} aan de beurt"):
        offer_group_make(actor=people.team_member, list_id=cl.pk, request_ids=[younger.pk, elder.pk],
                         place_ids=[p.pk for p in places], why="Samen.")
    assert not OfferGroup.objects.exists()


def test_only_the_placement_team_offers_siblings(family):
    """D-12: offers are a team decision."""
    people, cl, places, (elder, younger, _) = family
    with pytest.raises(PermissionDenied):
        offer_group_make(actor=people.facility_user, list_id=cl.pk, request_ids=[elder.pk, younger.pk],
                         place_ids=[p.pk for p in places], why="Samen.")
