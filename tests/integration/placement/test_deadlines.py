"""Offer deadlines (D-12) and confirmation of stale requests (D-6): the daily reminders and `plaatsregie tick`."""

from __future__ import annotations

from datetime import date, timedelta
from io import StringIO

import pytest
from django.core.management import call_command

from plaatsregie.core.lifecycle import OfferOutcome
from plaatsregie.placement.models import Notification, Offer
from plaatsregie.placement.services.deadlines import (
    CONFIRMATION_ASKED,
    OFFER_REMINDER,
    OFFER_STALLED,
    offer_reminders_send,
    offers_due_soon,
    stale_request_reminders_send,
    stalled_offers,
)
from plaatsregie.placement.services.offers import offer_answer
from plaatsregie.waiting.models import Referrer
from tests.integration.factories import a_facility, a_place, a_request, a_unit
from tests.integration.personas import personas
from tests.integration.placement.flow import open_offer

pytestmark = pytest.mark.django_db

DEADLINE = date(2026, 12, 28)  # a Monday; Friday 25 December is a Belgian public holiday
CHRISTMAS_EVE, WEDNESDAY, TUESDAY = date(2026, 12, 24), date(2026, 12, 23), date(2026, 12, 29)


@pytest.fixture
def world():
    facility = a_facility(name="De Linde (fictief)")
    referrer = Referrer.objects.create(ref="REF-1", name="OCJ Antwerpen (fictief)", kind="OCJ", region="Antwerpen")
    people = personas(facility, a_facility(name="Het Anker (fictief)"), referrer)
    a_request(urgency=1, referrer=referrer)
    offer = open_offer(people, a_place(a_unit(facility), status="occupied", available_from=None))
    Offer.objects.filter(pk=offer.pk).update(respond_by=DEADLINE)
    return people, offer, referrer


def _received(user, kind: str) -> int:
    return Notification.objects.filter(recipient=user, kind=kind).count()


def _a_day_passes() -> None:
    for notification in Notification.objects.all():
        Notification.objects.filter(pk=notification.pk).update(created_at=notification.created_at - timedelta(days=1))


@pytest.mark.parametrize(("today", "due_soon", "stalled"), [
    (WEDNESDAY, False, False),  # two working days left
    (CHRISTMAS_EVE, True, False),  # the next working day (after the holiday and the weekend) is the deadline
    (DEADLINE, True, False),  # the deadline itself
    (TUESDAY, False, True),  # past it
])
def test_an_offer_is_due_soon_on_the_working_day_before_its_deadline_and_stalls_after_it(world, today, due_soon,
                                                                                         stalled):
    """D-12: deadlines count Belgian working days."""
    _, offer, _ = world
    assert (offer in offers_due_soon(today), offer in stalled_offers(today)) == (due_soon, stalled)


def test_the_facility_is_reminded_before_the_deadline_and_the_team_is_told_after_it(world):
    """D-12: a reminder to the facility users; a stalled offer goes to the placement team of the region."""
    people, offer, _ = world
    reminded, told = offer_reminders_send(CHRISTMAS_EVE)
    assert (reminded.refs, told.refs) == ([offer.ref], [])
    assert _received(people.facility_user, OFFER_REMINDER) == 1
    assert _received(people.other_facility_user, OFFER_REMINDER) == 0
    reminded, told = offer_reminders_send(TUESDAY)
    assert (reminded.refs, told.refs) == ([], [offer.ref])
    assert [_received(p, OFFER_STALLED) for p in (people.team_member, people.second_team_member)] == [1, 1]
    assert _received(people.facility_user, OFFER_STALLED) == 0


def test_a_reminder_goes_out_at_most_once_per_offer_per_day(world):
    """D-12: running the reminders again the same day sends nothing; the next day they go out again."""
    people, _, _ = world
    offer_reminders_send(TUESDAY)
    reminded, told = offer_reminders_send(TUESDAY)
    assert (reminded.refs, told.refs) == ([], [])
    assert _received(people.team_member, OFFER_STALLED) == 1
    _a_day_passes()
    offer_reminders_send(TUESDAY)
    assert _received(people.team_member, OFFER_STALLED) == 2


def test_an_answered_offer_is_not_reminded(world):
    """D-12, D-13: only open offers wait for an answer."""
    people, offer, _ = world
    offer_answer(actor=people.facility_user, offer_id=offer.pk, outcome=OfferOutcome.AGREED)
    assert [sent.refs for sent in offer_reminders_send(TUESDAY)] == [[], []]


def test_referrers_are_asked_to_confirm_a_stale_request_once_a_week(world):
    """D-6: a request nobody confirmed for the stale period; its referrer is asked at most once per 7 days."""
    people, _, referrer = world
    today = date(2026, 12, 1)
    stale = a_request(referrer=referrer, last_confirmed_on=today - timedelta(days=60))
    a_request(referrer=referrer, last_confirmed_on=today - timedelta(days=3))
    assert stale_request_reminders_send(today).refs == [stale.ref]
    assert Notification.objects.filter(kind=CONFIRMATION_ASKED).values_list("recipient", "object_ref").get() == (
        people.referrer_user.pk, stale.ref)
    for _ in range(6):
        _a_day_passes()
        assert stale_request_reminders_send(today).refs == []
    _a_day_passes()
    assert stale_request_reminders_send(today).refs == [stale.ref]


def test_a_stale_request_without_a_referrer_user_is_reported_as_unreachable(world):
    """D-6: nobody can be asked; the run says so instead of pretending."""
    today = date(2026, 12, 1)
    lonely = Referrer.objects.create(ref="REF-2", name="Sociale dienst (fictief)", kind="SDJ", region="Limburg")
    stale = a_request(referrer=lonely, last_confirmed_on=today - timedelta(days=60))
    sent = stale_request_reminders_send(today)
    assert (sent.refs, sent.unreachable) == ([], [stale.ref])


def test_tick_sends_offer_reminders_and_confirmation_requests_once(world):
    """D-12, D-6: `plaatsregie tick --today` does both; a second run the same day sends nothing new."""
    people, offer, referrer = world
    stale = a_request(referrer=referrer, last_confirmed_on=date(2026, 10, 1))
    out = StringIO()
    call_command("tick", "--today", TUESDAY.isoformat(), stdout=out)
    assert "Tick for 2026-12-29" in out.getvalue()
    assert f"placement team told (offer past its answer date): 1 ({offer.ref})" in out.getvalue()
    assert f"referrers asked to confirm (request not confirmed lately): 1 ({stale.ref})" in out.getvalue()
    assert _received(people.referrer_user, CONFIRMATION_ASKED) == 1
    again = StringIO()
    call_command("tick", "--today", TUESDAY.isoformat(), stdout=again)
    assert "placement team told (offer past its answer date): 0" in again.getvalue()
    assert (_received(people.team_member, OFFER_STALLED), _received(people.referrer_user, CONFIRMATION_ASKED)) == (1, 1)
