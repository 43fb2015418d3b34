"""The one door to a youth's file (D-36, DOMAIN.md §7): need-to-know per role, and every granted read logged with
its ground; a refused read leaves no trace in the access log."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from django.contrib.auth.models import AnonymousUser
from django.utils import timezone

from plaatsregie.accounts.access import access_youth_for_user
from plaatsregie.accounts.models import AccessLogEntry
from plaatsregie.accounts.roles import PermissionDenied
from plaatsregie.accounts.vocabulary import Role
from plaatsregie.core.lifecycle import OfferOutcome
from plaatsregie.placement.models import Offer
from plaatsregie.placement.services.offers import offer_answer, offer_withdraw
from plaatsregie.placement.services.stays import stay_discharge
from plaatsregie.registry.models import Place
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
from tests.integration.personas import Personas, a_user, personas

pytestmark = pytest.mark.django_db


@dataclass
class World:
    people: Personas
    place: Place
    youth: Request
    outsider_referrer_user: object


@pytest.fixture
def world() -> World:
    facility = a_facility(name="De Linde (fictief)")
    referrer = Referrer.objects.create(ref="REF-1", name="OCJ Antwerpen (fictief)", kind="OCJ", region="Antwerpen")
    other = Referrer.objects.create(ref="REF-2", name="SDJ Mechelen (fictief)", kind="SDJ", region="Antwerpen")
    people = personas(facility, a_facility(name="Het Anker (fictief)"), referrer)
    return World(people, a_place(a_unit(facility), status="occupied", available_from=None),
                 a_request(urgency=1, referrer=referrer), a_user("ivo", Role.REFERRER, referrer=other))


def _granted(user, request: Request, ground: str) -> None:
    """The read succeeds and writes exactly one log entry: who, which youth, on which ground."""
    before = AccessLogEntry.objects.count()
    assert access_youth_for_user(user, request.youth_id, channel="api") == request.youth
    assert AccessLogEntry.objects.count() == before + 1
    entry = AccessLogEntry.objects.order_by("-id").first()
    assert (entry.user, entry.youth, entry.purpose, entry.channel) == (user, request.youth, ground, "api")


def _refused(user, request: Request) -> None:
    """The read is refused and the access log is untouched."""
    before = list(AccessLogEntry.objects.values_list("id", flat=True))
    with pytest.raises(PermissionDenied, match="geen toegang"):
        access_youth_for_user(user, request.youth_id)
    assert list(AccessLogEntry.objects.values_list("id", flat=True)) == before


@pytest.mark.parametrize("member", ["team_member", "team_lead"])
def test_the_placement_team_sees_the_file_and_the_read_is_logged(world, member):
    """D-36, §7: the team (members and leads) has need-to-know for every waiting youth; each read is logged."""
    _granted(getattr(world.people, member), world.youth, "team")


def test_a_facility_never_sees_the_file_before_an_offer(world):
    """D-36: being on an adopted candidate list gives a facility no access."""
    cl = an_adopted_list(world.people, a_capacity_report(world.people.facility_user, world.place))
    assert cl.adoption.revision.order == [world.youth.ref]
    _refused(world.people.facility_user, world.youth)


def test_a_facility_sees_the_file_while_its_offer_is_open_with_the_offer_as_ground(world):
    """D-12, D-36: an open offer to the facility is the ground for access, logged with the offer's reference;
    another facility has none."""
    offer = an_offer_of(world.people, world.place, world.youth)
    _granted(world.people.facility_user, world.youth, f"voorstel {offer.ref}")
    _refused(world.people.other_facility_user, world.youth)


def test_access_ends_when_the_facility_refuses(world):
    """D-36: after a refusal the facility no longer sees the file."""
    offer = an_offer_of(world.people, world.place, world.youth)
    offer_answer(actor=world.people.facility_user, offer_id=offer.pk, outcome=OfferOutcome.REFUSED,
                 reason_code="target_group", motivation="Past niet bij de doelgroep van deze leefgroep vandaag.")
    _refused(world.people.facility_user, world.youth)


def test_access_ends_when_the_team_withdraws_the_offer(world):
    """D-36: after a withdrawn offer the facility no longer sees the file."""
    offer = an_offer_of(world.people, world.place, world.youth)
    offer_withdraw(actor=world.people.team_member, offer_id=offer.pk, reason="De jongere verhuisde.")
    _refused(world.people.facility_user, world.youth)


def test_a_facility_sees_the_file_while_the_youth_is_admitted_there_and_not_after(world):
    """D-20, D-36: the admission is the ground while the stay runs; after discharge access ends."""
    admission = an_admission_of(world.people, world.place, world.youth, world.people.facility_user)
    assert Offer.objects.get(pk=admission.offer_id).state == "agreed"
    _granted(world.people.facility_user, world.youth, f"opname {admission.ref}")
    _refused(world.people.other_facility_user, world.youth)
    stay_discharge(actor=world.people.facility_user, admission_id=admission.pk, ended_on=timezone.localdate())
    _refused(world.people.facility_user, world.youth)


@pytest.mark.parametrize("role", ["judge", "policy_officer"])
def test_a_judge_or_policy_officer_never_sees_a_youths_file(world, role):
    """D-36, §1: judges see available places and policy officers figures, never a youth's personal data, not even
    while the youth has an open offer or is admitted."""
    user = getattr(world.people, role)
    _refused(user, world.youth)
    an_admission_of(world.people, world.place, world.youth, world.people.facility_user)
    _refused(user, world.youth)


def test_a_referrer_sees_only_its_own_requests(world):
    """D-36, §7: the referrer of the request has need-to-know, with the request as ground; another referrer not."""
    _granted(world.people.referrer_user, world.youth, f"aanmelding {world.youth.ref}")
    _refused(world.outsider_referrer_user, world.youth)
    _refused(world.outsider_referrer_user, a_request(referrer=None))


def test_an_anonymous_user_or_an_unknown_youth_gets_no_file(world):
    """D-36: no login, no file; an unknown youth is refused like a forbidden one (nothing to probe)."""
    _refused(AnonymousUser(), world.youth)
    before = AccessLogEntry.objects.count()
    with pytest.raises(PermissionDenied, match="geen toegang"):
        access_youth_for_user(world.people.team_member, 10**9)
    assert AccessLogEntry.objects.count() == before


def test_a_facility_keeps_the_file_between_its_agreement_and_the_start(world):
    """D-36, D-12: an agreed offer stays the ground until the stay starts, so the facility can prepare the start."""
    offer = an_offer_of(world.people, world.place, world.youth)
    offer_answer(actor=world.people.facility_user, offer_id=offer.pk, outcome=OfferOutcome.AGREED)
    _granted(world.people.facility_user, world.youth, f"voorstel {offer.ref}")
    _refused(world.people.other_facility_user, world.youth)
