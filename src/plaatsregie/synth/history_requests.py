"""Keeping the waiting pool current in a replayed history (D-6): changes the referrer passes on, confirmations,
and requests withdrawn with a reason. Rates are assumed (docs/synthetic-data.md).

A change of urgency ends at the world's urgency: an escalation registers the request one class less urgent,
a stabilisation one class more urgent, so today's pool is exactly the world's.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from plaatsregie.core.types import Request, Urgency, Youth
from plaatsregie.synth.draws import Rng, draw_index
from plaatsregie.synth.history_people import People
from plaatsregie.synth.world import SyntheticFlanders

CHANGE_RATE = 0.25  # share of waiting requests with a change passed on in the window
CONFIRM_RATE = 0.35  # share confirmed as still current in the window
WITHDRAWN_PER_YEAR = 0.15  # requests withdrawn per year, as a share of the size of today's pool
CHANGE_KINDS = ("escalation", "stabilisation", "changed_context", "new_information")
CHANGE_SHARES = (0.3, 0.2, 0.3, 0.2)
CHANGE_TEXTS = {
    "escalation": "De situatie thuis escaleerde; de veiligheid van de jongere is niet langer gegarandeerd.",
    "stabilisation": "Met extra ambulante ondersteuning is de situatie voorlopig gestabiliseerd.",
    "changed_context": "De context wijzigde: de jongere verblijft tijdelijk bij een tante.",
    "new_information": "Nieuw verslag van de school en het CLB toegevoegd aan het A-document.",
}
WITHDRAWAL_TEXTS = {
    "helped_elsewhere": "De jongere vond een plaats in een pleeggezin.",
    "need_ended": "Met de ambulante begeleiding is residentiële hulp niet meer nodig.",
    "family_choice": "Het gezin kiest samen met de jongere voor een ander traject.",
    "moved_away": "Het gezin verhuisde buiten Vlaanderen en Brussel.",
    "came_of_age": "De jongere is meerderjarig en kiest niet voor verlengde hulp.",
}


@dataclass(frozen=True, slots=True)
class RequestChange:
    """D-6: escalation, stabilisation, a changed context or new information; `new_urgency` if it changed."""

    at: datetime
    request_id: str
    kind: str
    text: str
    new_urgency: int | None


@dataclass(frozen=True, slots=True)
class Confirmation:
    at: datetime
    request_id: str


@dataclass(frozen=True, slots=True)
class Withdrawal:
    """D-6: the request leaves the pool with a reason code of the withdrawal catalogue."""

    at: datetime
    request_id: str
    reason: str
    explanation: str


@dataclass(frozen=True)
class RequestEvents:
    events: list[RequestChange | Confirmation | Withdrawal]
    youths: list[Youth]
    requests: list[Request]
    registered_urgency: Mapping[str, Urgency]


def plan_request_events(rng: Rng, world: SyntheticFlanders, people: People, start: date,
                        codes: tuple[str, ...]) -> RequestEvents:
    """Changes and confirmations of the world's requests after `start`, and requests withdrawn since."""
    today = world.today
    events: list[RequestChange | Confirmation | Withdrawal] = []
    registered_urgency: dict[str, Urgency] = {}
    for request in world.requests:
        first = max(request.registered_on, start) + timedelta(days=1)
        if first >= today:
            continue
        if rng.random() < CHANGE_RATE:
            change, old = _change(rng, request, _day(rng, first, today))
            events.append(change)
            if old is not None:
                registered_urgency[request.id] = old
        if rng.random() < CONFIRM_RATE:
            events.append(Confirmation(datetime.combine(_day(rng, first, today), time(13, 30)), request.id))
    count = round(WITHDRAWN_PER_YEAR * len(world.requests) * (today - start).days / 365)
    youths, requests = [], []
    for youth, request, day, reason in people.withdrawn(count, start + timedelta(days=1), today - timedelta(days=1),
                                                        codes):
        youths.append(youth)
        requests.append(request)
        events.append(Withdrawal(datetime.combine(day, time(14, 30)), request.id, reason, WITHDRAWAL_TEXTS[reason]))
    return RequestEvents(events, youths, requests, registered_urgency)


def _day(rng: Rng, first: date, today: date) -> date:
    """A day in [first, today)."""
    return first + timedelta(days=int(rng.integers((today - first).days)))


def _change(rng: Rng, request: Request, day: date) -> tuple[RequestChange, Urgency | None]:
    """The change, and the urgency the request had before it (None when the urgency did not change)."""
    kind = CHANGE_KINDS[int(draw_index(rng, CHANGE_SHARES, 1)[0])]
    urgency = int(request.urgency)
    if (kind == "escalation" and urgency == Urgency.LESS_URGENT) or (kind == "stabilisation" and urgency == 1):
        kind = "changed_context"
    before = {"escalation": urgency + 1, "stabilisation": urgency - 1}.get(kind)
    change = RequestChange(datetime.combine(day, time(13)), request.id, kind, CHANGE_TEXTS[kind],
                           urgency if before is not None else None)
    return change, Urgency(before) if before is not None else None
