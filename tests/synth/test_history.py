"""The history plan: deterministic, in time order, and consistent with the world's today (no database)."""

from __future__ import annotations

from collections import Counter
from datetime import date, datetime, time, timedelta

import pytest

from plaatsregie.core.modules import default_catalogue
from plaatsregie.core.types import Need, PlaceStatus
from plaatsregie.synth import SyntheticFlanders, generate
from plaatsregie.synth.history import (
    Agreement,
    Announcement,
    Discharge,
    HistoryPlan,
    Start,
    Unavailability,
    Vacancy,
    plan_history,
)
from plaatsregie.synth.history_decisions import MAX_OFFERS, Outcome, answer_to_offer, draw_offer_draws
from plaatsregie.synth.history_requests import Withdrawal

TODAY = date(2026, 11, 23)


@pytest.fixture(scope="module")
def world() -> SyntheticFlanders:
    return generate("small", seed=1, today=TODAY)


@pytest.fixture(scope="module")
def plan(world: SyntheticFlanders) -> HistoryPlan:
    return plan_history(world, years=1)


def in_scope(world: SyntheticFlanders) -> dict[str, bool]:
    catalogue = default_catalogue()
    return {p.profile.id: catalogue.scope_of(p.profile.module_type, p.profile.access,
                                             p.profile.cofinanced_by).in_scope for p in world.places}


def test_same_world_and_years_give_the_same_plan(world: SyntheticFlanders, plan: HistoryPlan) -> None:
    assert plan_history(world, years=1) == plan


def test_events_are_in_time_order_and_never_after_today(plan: HistoryPlan) -> None:
    moments = [event.at for event in plan.events]
    assert moments == sorted(moments)
    assert moments[-1] < datetime.combine(TODAY + timedelta(days=1), time())


def test_every_occupied_in_scope_place_gets_a_stay_and_out_of_scope_places_none(world: SyntheticFlanders) -> None:
    """D-1a, D-2: current stays come from an agreement; out-of-scope places are filled by their own logic."""
    plan = plan_history(world, years=0)
    scope = in_scope(world)
    started = Counter(e.place_id for e in plan.events if isinstance(e, Start))
    for place in world.places:
        expected = 1 if scope[place.profile.id] and place.status in (PlaceStatus.OCCUPIED, PlaceStatus.FREEING) else 0
        assert started[place.profile.id] == expected, place.profile.id


def test_a_planned_request_is_registered_before_its_agreement(plan: HistoryPlan) -> None:
    registered = {r.id: r.registered_on for r in plan.requests}
    for event in plan.events:
        if isinstance(event, Agreement):
            assert registered[event.request_id] <= event.at.date()


def test_a_place_is_free_before_its_next_agreement(world: SyntheticFlanders, plan: HistoryPlan) -> None:
    """D-5: a stay ends (discharge) before the place is agreed again; unavailable places are empty. A replayed
    vacancy may start matching before the place is free (D-7), but the first answer comes later."""
    occupied: dict[str, bool] = {}
    vacancies: dict[str, datetime] = {}
    for event in plan.events:
        if isinstance(event, Agreement):
            assert not occupied.get(event.place_id), event
        if isinstance(event, Vacancy) and occupied.get(event.place_id):
            vacancies[event.place_id] = event.at
        if isinstance(event, Start):
            occupied[event.place_id] = True
        elif isinstance(event, Discharge):
            occupied[event.place_id] = False
            if event.place_id in vacancies:
                assert event.at - vacancies.pop(event.place_id) < timedelta(days=3), event
        elif isinstance(event, Unavailability):
            assert not occupied.get(event.place_id), event


def test_history_replays_vacancies_and_withdraws_requests(plan: HistoryPlan) -> None:
    kinds = Counter(type(event) for event in plan.events)
    assert kinds[Vacancy] == 40 and kinds[Withdrawal] > 0 and kinds[Announcement] > 0 and kinds[Discharge] > 0


def test_without_history_the_plan_only_makes_today_consistent(world: SyntheticFlanders) -> None:
    plan = plan_history(world, years=0)
    assert plan.start == TODAY
    assert not any(isinstance(e, Vacancy | Withdrawal | Discharge) for e in plan.events)


def test_the_last_possible_offer_is_never_refused() -> None:
    """D-12: offers are not optional; the planned answers end in an agreement."""
    import numpy as np

    rng = np.random.default_rng(5)
    heavy = frozenset({Need.DRUGS, Need.PSYCHIATRIC, Need.AGGRESSION, Need.CLOSED_SETTING})
    for _ in range(200):
        answer = answer_to_offer(draw_offer_draws(rng), MAX_OFFERS - 1, heavy, 80.0)
        assert answer.outcome is not Outcome.REFUSED


def test_a_refusal_carries_a_catalogue_reason_that_fits_the_youth() -> None:
    """D-13: a drug-related reason only for a youth with a drug need; every refusal is motivated."""
    import numpy as np

    rng = np.random.default_rng(7)
    for _ in range(300):
        answer = answer_to_offer(draw_offer_draws(rng), 0, frozenset({Need.TRAUMA}), 10.0)
        if answer.outcome is Outcome.REFUSED:
            assert answer.reason not in {"drugs", "psychiatric", "closed_setting", "distance_to_context"}
            assert len(answer.motivation) >= 20
            assert bool(answer.lessons) == (answer.verdict == "argument_followed")
