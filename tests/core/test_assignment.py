"""Batch assignment: urgency classes first, then places filled, then fit; eligibility is the ranking's."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from plaatsregie.core.assignment import Assignment, assign, compare, fill_one_by_one, fit_scores
from plaatsregie.core.errors import InputError
from plaatsregie.core.policy import Policy, load_policy
from plaatsregie.core.pool import RequestPool
from plaatsregie.core.ranking import rank
from plaatsregie.core.types import Gender, Location, Need, PlaceProfile, Region, Request, Urgency

TODAY = date(2026, 11, 23)
DEFAULT = load_policy("default")
WAITING_FIRST = load_policy("waiting-time-first")
GENT = Location(51.05, 3.72)


def a_place(place_id: str, **changes: object) -> PlaceProfile:
    place = PlaceProfile(
        id=place_id,
        facility_id="f-" + place_id,
        module_type="OVBJ",
        region=Region.OOST_VLAANDEREN,
        available_from=TODAY,
        age_min=12,
        age_max=17,
        genders=frozenset(Gender),
        location=GENT,
    )
    return replace(place, **changes)  # type: ignore[arg-type]


def a_request(request_id: str, urgency: int = 2, **changes: object) -> Request:
    request = Request(
        id=request_id,
        youth_id="y-" + request_id,
        birth_date=date(2012, 1, 1),
        gender=Gender.FEMALE,
        region=Region.OOST_VLAANDEREN,
        module_types=frozenset({"OVBJ"}),
        urgency=Urgency(urgency),
        registered_on=TODAY - timedelta(days=100),
        home=GENT,
    )
    return replace(request, **changes)  # type: ignore[arg-type]


def urgency_vector(result: Assignment) -> tuple[int, ...]:
    return tuple(result.placed_by_urgency[u] for u in sorted(result.placed_by_urgency))


def test_the_more_urgent_youth_gets_the_only_place() -> None:
    pool = RequestPool.of([a_request("r-less", urgency=3), a_request("r-acute", urgency=1)])

    result = assign([a_place("p1")], pool, DEFAULT)

    assert result.pairs == (("p1", "r-acute"),)
    assert result.placed_by_urgency == {1: 1, 2: 0, 3: 0, 4: 0}


def test_optimum_fills_both_places_where_one_by_one_fills_only_one() -> None:
    # p-early goes first and takes its best-ranked youth, the only one p-late accepts (boys only).
    boy = a_request("r-boy", gender=Gender.MALE, crisis_overflow=True)
    girl = a_request("r-girl", gender=Gender.FEMALE)
    places = [a_place("p-early"), a_place("p-late", available_from=TODAY + timedelta(days=5),
                                           genders=frozenset({Gender.MALE}))]
    pool = RequestPool.of([boy, girl])

    optimum, baseline = assign(places, pool, DEFAULT), fill_one_by_one(places, pool, DEFAULT)
    diff = compare(optimum, baseline)

    assert baseline.pairs == (("p-early", "r-boy"),)
    assert optimum.pairs == (("p-early", "r-girl"), ("p-late", "r-boy"))
    assert diff.places_filled == (2, 1)
    assert diff.placed_by_urgency[2] == (2, 1)
    assert diff.places_only_filled_by_assignment == ("p-late",)
    assert diff.places_given_another_youth == ("p-early",)
    assert diff.youths_only_placed_by_assignment == ("r-girl",)
    assert diff.youths_only_placed_by_baseline == ()
    assert not diff.identical


def test_a_place_without_eligible_youth_stays_empty() -> None:
    pool = RequestPool.of([a_request("r1", birth_date=date(2022, 1, 1))])  # too young for 12–17
    places = [a_place("p-teen"), a_place("p-crisis", module_type="CRISISVERBLIJF")]  # D-2: out of scope

    result = assign(places, pool, DEFAULT)

    assert result.pairs == ()
    assert result.unfilled_place_ids == ("p-crisis", "p-teen")
    assert result.total_fit == 0


def test_an_empty_pool_or_no_places_is_not_an_error() -> None:
    assert assign([a_place("p1")], RequestPool.of([]), DEFAULT).unfilled_place_ids == ("p1",)
    assert assign([], RequestPool.of([a_request("r1")]), DEFAULT).pairs == ()


def test_urgent_youth_is_placed_where_one_by_one_gives_the_place_to_a_less_urgent_one() -> None:
    # Under a waiting-time-first policy the long-waiting urgency-2 youth heads the candidate list.
    acute = a_request("r-acute", urgency=1, registered_on=TODAY - timedelta(days=10))
    waiting = a_request("r-waiting", urgency=2, registered_on=TODAY - timedelta(days=400))
    pool = RequestPool.of([acute, waiting])

    optimum = assign([a_place("p1")], pool, WAITING_FIRST)
    baseline = fill_one_by_one([a_place("p1")], pool, WAITING_FIRST)

    assert baseline.pairs == (("p1", "r-waiting"),)
    assert optimum.pairs == (("p1", "r-acute"),)
    assert compare(optimum, baseline).placed_by_urgency[1] == (1, 0)


def test_urgency_outweighs_any_fit() -> None:
    far_acute = a_request("r-far", urgency=1, home=Location(50.85, 5.69))  # Maastricht border, > 50 km
    close_fit = a_request("r-close", urgency=2, crisis_overflow=True, needs=frozenset({Need.TRAUMA}))
    place = a_place("p1", ideal_profile=frozenset({Need.TRAUMA}))

    result = assign([place], RequestPool.of([close_fit, far_acute]), DEFAULT)

    assert result.pairs == (("p1", "r-far"),)


def test_among_equally_urgent_youths_the_better_fit_is_placed() -> None:
    plain = a_request("r-plain")
    fitting = a_request("r-fit", needs=frozenset({Need.TRAUMA, Need.AGGRESSION}))
    place = a_place("p1", ideal_profile=frozenset({Need.TRAUMA, Need.AGGRESSION}))

    result = assign([place], RequestPool.of([plain, fitting]), DEFAULT)

    assert result.pairs == (("p1", "r-fit"),)
    assert result.total_fit == 3 + 2  # nearest band, two needs of the ideal profile


def test_fit_counts_only_the_components_the_policy_orders_by() -> None:
    request = a_request("r1", crisis_overflow=True, needs=frozenset({Need.TRAUMA}))
    place = a_place("p1", ideal_profile=frozenset({Need.TRAUMA}))
    pool = RequestPool.of([request])

    assert list(fit_scores(rank(place, pool, DEFAULT))) == [1 + 3 + 1]
    assert list(fit_scores(rank(place, pool, WAITING_FIRST))) == [1 + 3]  # no profile_fit key


def test_comparing_an_assignment_with_itself_shows_no_difference() -> None:
    pool = RequestPool.of([a_request("r1"), a_request("r2", urgency=1)])
    result = assign([a_place("p1"), a_place("p2")], pool, DEFAULT)

    diff = compare(result, result)

    assert diff.identical
    assert diff.places_filled == (2, 2)


def test_the_same_round_in_another_order_gives_the_same_pairs() -> None:
    pool = RequestPool.of([a_request(f"r{i}", urgency=1 + i % 4) for i in range(6)])
    places = [a_place(f"p{i}") for i in range(4)]

    assert assign(places, pool, DEFAULT).pairs == assign(places[::-1], pool, DEFAULT).pairs


def test_a_place_id_given_twice_is_refused() -> None:
    with pytest.raises(InputError, match="p1"):
        assign([a_place("p1"), a_place("p1")], RequestPool.of([]), DEFAULT)


# --- properties on random small rounds -------------------------------------------------------------

MODULES = ("OVBJ", "OBC")
REGIONS = (Region.OOST_VLAANDEREN, Region.ANTWERPEN)
FACILITIES = ("f1", "f2")
locations = st.none() | st.builds(Location, st.floats(50.7, 51.3), st.floats(3.0, 5.5))
needs = st.frozensets(st.sampled_from(list(Need)[:4]), max_size=3)
Round = tuple[list[PlaceProfile], RequestPool, Policy]
Fits = dict[tuple[str, str], int]


@st.composite
def requests(draw: st.DrawFn, count: int) -> list[Request]:
    return [
        Request(
            id=f"r{i}",
            youth_id=f"y{i}",
            birth_date=draw(st.dates(date(2008, 1, 1), date(2018, 12, 31))),
            gender=draw(st.sampled_from(list(Gender))),
            region=draw(st.sampled_from(REGIONS)),
            module_types=draw(st.frozensets(st.sampled_from(MODULES), min_size=1)),
            urgency=draw(st.sampled_from(list(Urgency))),
            registered_on=TODAY - timedelta(days=draw(st.integers(0, 800))),
            home=draw(locations),
            sibling_facility_ids=draw(st.frozensets(st.sampled_from(FACILITIES), max_size=1)),
            crisis_overflow=draw(st.booleans()),
            needs=draw(needs),
        )
        for i in range(count)
    ]


@st.composite
def places(draw: st.DrawFn, count: int) -> list[PlaceProfile]:
    result = []
    for i in range(count):
        age_min = draw(st.integers(6, 13))
        place = PlaceProfile(
            id=f"p{i}",
            facility_id=draw(st.sampled_from(FACILITIES)),
            module_type=draw(st.sampled_from(MODULES)),
            region=draw(st.sampled_from(REGIONS)),
            available_from=TODAY + timedelta(days=draw(st.integers(0, 60))),
            age_min=age_min,
            age_max=age_min + draw(st.integers(3, 8)),
            genders=draw(st.frozensets(st.sampled_from(list(Gender)), min_size=1)),
            location=draw(locations),
            ideal_profile=draw(needs),
        )
        result.append(place)
    return result


@st.composite
def rounds(draw: st.DrawFn, max_places: int, max_requests: int) -> Round:
    round_places = draw(places(draw(st.integers(0, max_places))))
    pool = RequestPool.of(draw(requests(draw(st.integers(0, max_requests)))))
    return round_places, pool, draw(st.sampled_from([DEFAULT, WAITING_FIRST]))


def eligible_fits(round_places: Sequence[PlaceProfile], pool: RequestPool, policy: Policy) -> Fits:
    fits: Fits = {}
    for place in round_places:
        ranking = rank(place, pool, policy)
        for request_id, fit in zip(ranking.candidate_ids, fit_scores(ranking), strict=True):
            fits[place.id, request_id] = int(fit)
    return fits


def objective(pairs: Sequence[tuple[str, str]], pool: RequestPool, fits: Fits) -> tuple[int, ...]:
    urgency = {r.id: int(r.urgency) for r in pool.requests}
    per_class = tuple(sum(urgency[r] == u for _, r in pairs) for u in (1, 2, 3, 4))
    return (*per_class, len(pairs), sum(fits[pair] for pair in pairs))


def brute_force_best(round_: Round) -> tuple[int, ...]:
    round_places, pool, policy = round_
    fits = eligible_fits(round_places, pool, policy)

    def best(index: int, used: frozenset[str], pairs: tuple[tuple[str, str], ...]) -> tuple[int, ...]:
        if index == len(round_places):
            return objective(pairs, pool, fits)
        place_id = round_places[index].id
        options = [best(index + 1, used, pairs)]
        for p, r in fits:
            if p == place_id and r not in used:
                options.append(best(index + 1, used | {r}, (*pairs, (p, r))))
        return max(options)

    return best(0, frozenset(), ())


@settings(max_examples=150, deadline=None)
@given(rounds(max_places=6, max_requests=12))
def test_every_pair_is_eligible_and_nobody_is_used_twice(round_: Round) -> None:
    round_places, pool, policy = round_
    fits = eligible_fits(round_places, pool, policy)
    for result in (assign(round_places, pool, policy), fill_one_by_one(round_places, pool, policy)):
        place_ids = [p for p, _ in result.pairs]
        request_ids = [r for _, r in result.pairs]
        assert all(pair in fits for pair in result.pairs)
        assert len(set(place_ids)) == len(place_ids)
        assert len(set(request_ids)) == len(request_ids)
        assert set(place_ids) | set(result.unfilled_place_ids) == {p.id for p in round_places}
        assert result.total_fit == sum(fits[pair] for pair in result.pairs)


@settings(max_examples=150, deadline=None)
@given(rounds(max_places=6, max_requests=12))
def test_optimum_places_lexicographically_at_least_as_many_urgent_youths_as_one_by_one(round_: Round) -> None:
    round_places, pool, policy = round_
    optimum, baseline = assign(round_places, pool, policy), fill_one_by_one(round_places, pool, policy)

    assert urgency_vector(optimum) >= urgency_vector(baseline)
    assert optimum.places_filled >= baseline.places_filled


@settings(max_examples=200, deadline=None)
@given(rounds(max_places=4, max_requests=6))
def test_optimum_equals_the_brute_force_optimum_on_tiny_rounds(round_: Round) -> None:
    round_places, pool, policy = round_
    fits = eligible_fits(round_places, pool, policy)

    result = assign(round_places, pool, policy)

    assert objective(result.pairs, pool, fits) == brute_force_best(round_)
