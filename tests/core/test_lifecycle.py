"""The placement lifecycles as transition tables (D-5, D-12 … D-15, D-20) and offer deadlines in working days."""

from __future__ import annotations

from datetime import date
from itertools import product

import pytest

from plaatsregie.core.calendar import add_working_days
from plaatsregie.core.errors import DomainError
from plaatsregie.core.lifecycle import (
    PLACE_EVENT_NL,
    PLACE_STATUS_NL,
    PLACE_TRANSITIONS,
    IllegalTransition,
    MandateGround,
    MandateStep,
    OfferOutcome,
    OfferState,
    PlaceEvent,
    PriorEffort,
    mandate_step_allowed,
    missing_for_enforcement,
    offer_transition,
    place_transition,
)
from plaatsregie.core.types import PlaceStatus

ALL_PAIRS = list(product(PlaceStatus, PlaceEvent))
ALLOWED = [pair for pair in ALL_PAIRS if pair in PLACE_TRANSITIONS]
FORBIDDEN = [pair for pair in ALL_PAIRS if pair not in PLACE_TRANSITIONS]
CLOSED = [state for state in OfferState if state is not OfferState.OPEN]


def _label(pair: tuple[PlaceStatus, PlaceEvent]) -> str:
    return f"{pair[0].value}-{pair[1].value}"


def test_the_place_table_allows_some_pairs_and_forbids_others():
    """D-5: the table is neither empty nor total; every forbidden pair below is a real test."""
    assert ALLOWED
    assert FORBIDDEN
    assert len(ALLOWED) + len(FORBIDDEN) == len(PlaceStatus) * len(PlaceEvent)


@pytest.mark.parametrize("pair", ALLOWED, ids=_label)
def test_an_allowed_place_transition_reaches_the_tables_target(pair):
    """D-5, D-7, D-20: an allowed (status, event) pair leads to the status the table names."""
    status, event = pair
    assert place_transition(status, event) is PLACE_TRANSITIONS[pair]


@pytest.mark.parametrize("pair", FORBIDDEN, ids=_label)
def test_a_forbidden_place_transition_is_refused_in_dutch(pair):
    """D-5: a pair outside the table raises IllegalTransition naming the status and the action in Dutch."""
    status, event = pair
    with pytest.raises(IllegalTransition) as refused:
        place_transition(status, event)
    message = str(refused.value)
    assert f"'{PLACE_STATUS_NL[status]}'" in message
    assert PLACE_EVENT_NL[event] in message
    assert message.startswith("Een plaats met status")


def test_an_illegal_transition_is_a_domain_error():
    """D-25: every refused action is a DomainError, so callers can show its message."""
    assert issubclass(IllegalTransition, DomainError)


def test_a_reservation_leads_to_admission_and_discharge_frees_the_place():
    """D-5, D-20: freeing → reserved → occupied → available is a path through the table."""
    status = PlaceStatus.OCCUPIED
    for event in (PlaceEvent.ANNOUNCE_FREEING, PlaceEvent.RESERVE, PlaceEvent.ADMIT, PlaceEvent.DISCHARGE):
        status = place_transition(status, event)
    assert status is PlaceStatus.AVAILABLE


@pytest.mark.parametrize("outcome", list(OfferOutcome))
def test_an_open_offer_takes_each_answer_once(outcome):
    """D-13: an open offer moves to the state of its answer."""
    assert offer_transition(OfferState.OPEN, outcome) is OfferState(outcome.value)


def test_an_open_offer_can_be_withdrawn():
    """D-12, D-36: the team withdraws an open offer."""
    assert offer_transition(OfferState.OPEN, "withdraw") is OfferState.WITHDRAWN


@pytest.mark.parametrize(("state", "outcome"), list(product(CLOSED, OfferOutcome)),
                         ids=lambda value: value.value)
def test_an_answered_or_withdrawn_offer_cannot_be_answered_again(state, outcome):
    """D-13: an offer is answered once; the message says it is closed."""
    with pytest.raises(IllegalTransition, match="al afgesloten"):
        offer_transition(state, outcome)


@pytest.mark.parametrize("state", CLOSED, ids=lambda value: value.value)
def test_an_answered_offer_cannot_be_withdrawn(state):
    """D-12, D-13: only an open offer can be withdrawn."""
    with pytest.raises(IllegalTransition, match=state.value):
        offer_transition(state, "withdraw")


@pytest.mark.parametrize(("current", "requested"), [
    (None, MandateStep.PARTNERSHIP),
    (MandateStep.PARTNERSHIP, MandateStep.ACTION_PLAN),
    (MandateStep.ACTION_PLAN, MandateStep.ENFORCED),
    (MandateStep.ACTION_PLAN, MandateStep.PARTNERSHIP),
    (MandateStep.ENFORCED, MandateStep.ACTION_PLAN),
])
def test_the_mandate_is_built_up_or_scaled_back_one_step(current, requested):
    """D-15: one step up or one step down is allowed ("gefaseerd opgebouwd of afgeschakeld")."""
    assert mandate_step_allowed(current, requested) is None


@pytest.mark.parametrize(("current", "requested", "options"), [
    (None, MandateStep.ACTION_PLAN, "van stap geen kan alleen naar stap 1"),
    (None, MandateStep.ENFORCED, "van stap geen kan alleen naar stap 1"),
    (MandateStep.PARTNERSHIP, MandateStep.ENFORCED, "van stap 1 kan alleen naar stap 2"),
    (MandateStep.ENFORCED, MandateStep.PARTNERSHIP, "van stap 3 kan alleen naar stap 2"),
    (MandateStep.ACTION_PLAN, MandateStep.ACTION_PLAN, "van stap 2 kan alleen naar stap 1 of 3"),
])
def test_a_mandate_step_is_never_skipped_or_repeated(current, requested, options):
    """D-15: skipping a step (or repeating one) is refused, and the message names the possible steps."""
    with pytest.raises(IllegalTransition) as refused:
        mandate_step_allowed(current, requested)
    assert options in str(refused.value)
    assert f"niet naar stap {requested.value}" in str(refused.value)


def test_enforcement_with_every_effort_a_ground_and_a_team_lead_misses_nothing():
    """D-15: step 3 may be taken when the record shows all prior efforts, a ground and a team lead."""
    assert missing_for_enforcement(set(PriorEffort), MandateGround.ACUTE_SOCIETAL_NEED, True) == []


def test_enforcement_without_anything_names_everything_missing():
    """D-15: each missing prior effort, the ground and the team lead are named."""
    missing = missing_for_enforcement(set(), None, False)
    assert missing == [*(f"voorafgaande inspanning: {effort.value}" for effort in PriorEffort),
                       "een grond voor sturing", "een leidinggevende die mee beslist"]


def test_enforcement_names_only_the_efforts_still_missing():
    """D-15: with some efforts recorded, only the others are named."""
    done = {PriorEffort.DIALOGUE, PriorEffort.ALTERNATIVES}
    missing = missing_for_enforcement(done, MandateGround.UNMOTIVATED_REFUSAL, True)
    assert missing == [f"voorafgaande inspanning: {effort.value}" for effort in PriorEffort if effort not in done]


@pytest.mark.parametrize(("start", "days", "expected"), [
    (date(2026, 12, 24), 1, date(2026, 12, 28)),  # Thursday; Christmas Friday, then the weekend
    (date(2026, 12, 24), 3, date(2026, 12, 30)),
    (date(2026, 12, 31), 1, date(2027, 1, 4)),  # New Year's Day is a Friday holiday
    (date(2026, 11, 20), 1, date(2026, 11, 23)),  # Friday → Monday over the weekend
    (date(2026, 11, 10), 1, date(2026, 11, 12)),  # Armistice Day, Wednesday 11/11
    (date(2026, 11, 23), 3, date(2026, 11, 26)),  # an ordinary week
    (date(2026, 11, 23), 0, date(2026, 11, 23)),
])
def test_offer_deadlines_skip_weekends_and_belgian_holidays(start, days, expected):
    """D-12: the response deadline counts working days; weekends and Belgian public holidays do not count."""
    assert add_working_days(start, days) == expected


def test_offer_deadlines_can_count_other_closing_days():
    """D-12: a caller may pass its own closing days (e.g. a regional holiday)."""
    assert add_working_days(date(2026, 11, 23), 1, closed={date(2026, 11, 24)}) == date(2026, 11, 25)
