"""The one-step events of a replayed history, each through the services (D-5, D-6, D-7, D-20).

The seeding path (`seeded_agreement`) is the one place that writes workflow rows itself: a capacity report and
an offer without a candidate list, for stays that began in the synthetic past. A frozen candidate list over the
whole pool costs about half a second per place at `flanders` scale, which the thousands of current stays cannot
afford; the agreement and the admission still go through `offer_answer` and `admission_start`, so no admission
exists without its agreed offer (docs/synthetic-data.md, "Seeding through the services").
"""

from __future__ import annotations

from dataclasses import asdict, replace
from datetime import date, timedelta
from typing import Any

from django.contrib.auth.models import User

from plaatsregie.accounts.audit import audit
from plaatsregie.accounts.vocabulary import AuditEvent
from plaatsregie.core.lifecycle import OfferOutcome
from plaatsregie.placement.models import Admission, CapacityReport, Offer
from plaatsregie.placement.services.capacity import capacity_announce, place_make_unavailable, place_reactivate
from plaatsregie.placement.services.common import next_ref, now
from plaatsregie.placement.services.offers import offer_answer
from plaatsregie.placement.services.stays import admission_start, stay_discharge
from plaatsregie.synth.history import (
    Agreement,
    Announcement,
    Discharge,
    Reactivation,
    Start,
    Unavailability,
)
from plaatsregie.synth.history_requests import Confirmation, RequestChange, Withdrawal
from plaatsregie.waiting.models import Request, RequestStatus
from plaatsregie.waiting.services import request_change, request_confirm, request_withdraw
from plaatsregie.web.history import PENDING_OR_OPEN, PlaceInfo, Replay, once

SEEDING_PATH = "Seedingpad: plaatsing uit de synthetische beginsituatie, vastgelegd zonder kandidatenlijst."
WITHDRAWAL_RETRY = timedelta(days=7)


def seeded_agreement(replay: Replay, event: Agreement) -> int:
    """The seeding path: report and offer written here, the facility's agreement through `offer_answer`."""
    place = replay.places[event.place_id]
    request_pk, request_ref = replay.free_request(event.request_id)
    member = replay.actors.team(place.region)[0]
    report = replay.open_reports.get(place.ref) or _seeded_report(replay, place, event.start_on)
    offer = Offer.objects.create(ref=next_ref(Offer, "VS"), report_id=report, candidate_list=None,
                                 request_id=request_pk, place_id=place.pk, offered_by=member, offered_at=now(),
                                 why=SEEDING_PATH, respond_by=replay.today())
    audit(member, AuditEvent.OFFER_MADE, offer, new={"request": request_ref, "place": place.ref,
                                                     "candidate_list": None}, reason=SEEDING_PATH)
    offer_answer(actor=replay.facility_user(place), offer_id=offer.pk, outcome=OfferOutcome.AGREED)
    replay.agreed[place.ref] = offer.pk
    return offer.pk


def _seeded_report(replay: Replay, place: PlaceInfo, free_on: date) -> int:
    reporter = replay.facility_user(place)
    report = CapacityReport.objects.create(
        ref=next_ref(CapacityReport, "CM"), place_id=place.pk, reported_by=reporter, reported_at=now(),
        expected_free_on=free_on, profile=asdict(place.dialogue), in_scope=place.in_scope,
        scope_reason=place.scope_reason, flow=place.flow)
    audit(reporter, AuditEvent.CAPACITY_REPORTED, report, new={"place": place.ref, "free_on": str(free_on),
                                                               "in_scope": place.in_scope}, reason=SEEDING_PATH)
    replay.open_reports[place.ref] = report.pk
    return report.pk


def start(replay: Replay, event: Start) -> None:
    """D-20: the place's agreed offer starts today; the admission closes the place's open report."""
    place = replay.places[event.place_id]
    admission_start(actor=replay.facility_user(place), offer_id=replay.agreed.pop(place.ref),
                    start_on=replay.today())
    replay.open_reports.pop(place.ref, None)


def discharge(replay: Replay, event: Discharge) -> None:
    place = replay.places[event.place_id]
    admission = Admission.objects.get(place_id=place.pk, ended_on__isnull=True)
    stay_discharge(actor=replay.facility_user(place), admission_id=admission.pk, ended_on=replay.today())


def announce(replay: Replay, event: Announcement) -> None:
    place = replay.places[event.place_id]
    report = capacity_announce(actor=replay.facility_user(place), place_id=place.pk, expected_free_on=event.free_on,
                               dialogue=place.dialogue)
    replay.open_reports[place.ref] = report.pk


def make_unavailable(replay: Replay, event: Unavailability) -> None:
    place = replay.places[event.place_id]
    place_make_unavailable(actor=replay.facility_user(place), place_id=place.pk, reason_code=event.reason,
                           until=event.until)


def reactivate(replay: Replay, event: Reactivation) -> None:
    place = replay.places[event.place_id]
    place_reactivate(actor=replay.facility_user(place), place_id=place.pk, available_from=replay.today())


def _referrer_or_team(replay: Replay, request: Request) -> User:
    """D-6: the referrer passes changes on; for a facility's own request the regional team does."""
    user = replay.actors.referrers.get(request.referrer_id or 0)
    return user or replay.actors.team(request.youth.region)[0]


def change(replay: Replay, event: RequestChange) -> None:
    request = replay.request(event.request_id)
    if request.status == RequestStatus.WAITING:
        request_change(actor=_referrer_or_team(replay, request), request_id=request.pk, kind=event.kind,
                       text=event.text, new_urgency=event.new_urgency)


def confirm(replay: Replay, event: Confirmation) -> None:
    request = replay.request(event.request_id)
    if request.status == RequestStatus.WAITING:
        request_confirm(actor=_referrer_or_team(replay, request), request_id=request.pk)


def withdraw(replay: Replay, event: Withdrawal) -> None:
    """D-6: withdraw a waiting request; one in a running offer or agreement is tried again a week later."""
    request = replay.request(event.request_id)
    if request.status != RequestStatus.WAITING:
        return
    if request.offers.filter(state__in=PENDING_OR_OPEN, closed_at__isnull=True).exists():
        later = event.at + WITHDRAWAL_RETRY
        if later.date() <= replay.plan.today:
            retry = replace(event, at=later)
            replay.spawn(once(later, lambda: withdraw(replay, retry)))
        return
    request_withdraw(actor=_referrer_or_team(replay, request), request_id=request.pk, reason_code=event.reason,
                     explanation=event.explanation)


STEPS: dict[type, Any] = {
    Agreement: seeded_agreement, Start: start, Discharge: discharge, Announcement: announce,
    Unavailability: make_unavailable, Reactivation: reactivate, RequestChange: change, Confirmation: confirm,
    Withdrawal: withdraw,
}
