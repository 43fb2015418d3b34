"""Time-driven reminders: offers waiting for an answer (D-12) and requests nobody confirmed lately (D-6).

An open offer expects an answer by its `respond_by` date (a number of Belgian working days after the offer, the
setting `PLAATSREGIE_OFFER_RESPONSE_WORKING_DAYS`). The day before and on that date the facility is reminded;
after it, the placement team is told the offer stalled. A request nobody confirmed for the stale period
(`PLAATSREGIE_STALE_AFTER_DAYS`) makes its referrer be asked to confirm or update it.

The notifications are their own record: a reminder of one kind about one object (`Notification.kind` and
`object_ref`) goes out at most once per calendar day (offers) or per seven days (requests). The days are counted
on the real clock, so a second run, or a run with another `today`, never sends a person the same reminder twice.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from plaatsregie.core.calendar import add_working_days
from plaatsregie.core.lifecycle import OfferState
from plaatsregie.placement.models import Notification, Offer
from plaatsregie.placement.services.common import User, notify, now
from plaatsregie.placement.services.people import facility_users, referrer_users, team_users
from plaatsregie.waiting.models import Request
from plaatsregie.waiting.services import stale_requests

OFFER_REMINDER = "herinnering voorstel"
OFFER_STALLED = "voorstel zonder antwoord"
CONFIRMATION_ASKED = "bevestig aanmelding"
CONFIRMATION_INTERVAL_DAYS = 7  # D-6: a referrer is asked at most once a week per request


@dataclass(frozen=True)
class Sent:
    """One kind of reminder in one run: the objects it went out about, and those with nobody to tell."""

    kind: str
    refs: list[str]
    unreachable: list[str]


def stalled_offers(today: date) -> QuerySet[Offer]:
    """D-12: open offers whose answer was expected before `today`."""
    return Offer.objects.filter(state=OfferState.OPEN.value, respond_by__lt=today)


def offers_due_soon(today: date) -> QuerySet[Offer]:
    """D-12: open offers whose answer is expected today or on the next working day."""
    return Offer.objects.filter(state=OfferState.OPEN.value, respond_by__gte=today,
                                respond_by__lte=add_working_days(today, 1))


@transaction.atomic
def offer_reminders_send(today: date) -> list[Sent]:
    """D-12: remind facilities of answers due soon; tell the placement team about stalled offers."""
    since = _start_of_day(0)
    due = _unsent(_locked(offers_due_soon(today)), OFFER_REMINDER, since)
    stalled = _unsent(_locked(stalled_offers(today)), OFFER_STALLED, since)
    return [_send(OFFER_REMINDER, due, _remind_facility), _send(OFFER_STALLED, stalled, _tell_team)]


@transaction.atomic
def stale_request_reminders_send(today: date) -> Sent:
    """D-6: ask the referrers of requests nobody confirmed lately whether they are still current."""
    since = _start_of_day(CONFIRMATION_INTERVAL_DAYS - 1)
    stale = stale_requests(today).select_for_update(of=("self",)).order_by("ref")
    already = _sent_about(CONFIRMATION_ASKED, since)
    users: dict[int | None, list[User]] = {}
    refs: list[str] = []
    unreachable: list[str] = []
    for request in stale:
        if request.ref in already:
            continue
        if request.referrer_id not in users:
            users[request.referrer_id] = list(referrer_users(request.referrer_id))
        people = users[request.referrer_id]
        (refs if people else unreachable).append(request.ref)
        notify(people, CONFIRMATION_ASKED, _confirmation_text(request), request.ref)
    return Sent(CONFIRMATION_ASKED, refs, unreachable)


def _start_of_day(days_ago: int) -> datetime:
    """Midnight (local time) of the real day `days_ago` days back."""
    midnight = timezone.localtime(now()).replace(hour=0, minute=0, second=0, microsecond=0)
    return midnight - timedelta(days=days_ago)


def _locked(offers: QuerySet[Offer]) -> QuerySet[Offer]:
    """The offers locked (only their own rows) so two runs at once do not both send; in reference order."""
    return offers.select_for_update(of=("self",)).select_related("place__unit__facility").order_by("ref")


def _sent_about(kind: str, since: datetime) -> set[str]:
    return set(Notification.objects.filter(kind=kind, created_at__gte=since).values_list("object_ref", flat=True))


def _unsent(offers: QuerySet[Offer], kind: str, since: datetime) -> list[Offer]:
    already = _sent_about(kind, since)
    return [offer for offer in offers if offer.ref not in already]


def _send(kind: str, offers: Iterable[Offer], tell: Callable[[Offer], bool]) -> Sent:
    refs: list[str] = []
    unreachable: list[str] = []
    for offer in offers:
        (refs if tell(offer) else unreachable).append(offer.ref)
    return Sent(kind, refs, unreachable)


def _remind_facility(offer: Offer) -> bool:
    people = list(facility_users(offer.place.unit.facility_id))
    notify(people, OFFER_REMINDER, f"Herinnering: voorstel {offer.ref} voor plaats {offer.place.ref} wacht op uw "
           f"antwoord, verwacht tegen {offer.respond_by:%d/%m/%Y}.", offer.ref)
    return bool(people)


def _tell_team(offer: Offer) -> bool:
    facility = offer.place.unit.facility
    people = list(team_users(facility.region))
    notify(people, OFFER_STALLED, f"Voorstel {offer.ref} aan {facility.name} (plaats {offer.place.ref}) is nog niet "
           f"beantwoord; het antwoord was verwacht tegen {offer.respond_by:%d/%m/%Y}.", offer.ref)
    return bool(people)


def _confirmation_text(request: Request) -> str:
    since = f" sinds {request.last_confirmed_on:%d/%m/%Y}" if request.last_confirmed_on else ""
    return (f"Aanmelding {request.ref} werd{since} niet meer bevestigd. Is ze nog actueel? Bevestig ze, of geef "
            "door wat er veranderde.")
