"""Properties of the ranking engine on random pools and places (D-10, D-11, D-22, D-25, D-26).

The reference below is written to be slow and obvious: one request at a time, plain Python, the default
policy's rules and order read straight from DOMAIN.md and policies/default.toml. The engine (vectorised,
numpy) must agree with it exactly.
"""

from __future__ import annotations

import math
from collections import Counter
from datetime import date, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from plaatsregie.core.policy import load_policy
from plaatsregie.core.pool import RequestPool
from plaatsregie.core.ranking import Ranking, rank
from plaatsregie.core.types import Access, Gender, Location, Need, PlaceProfile, Region, Request, Urgency

FAST = settings(max_examples=100, deadline=None)

# --- the reference: the default policy, by hand ---------------------------------------------------------

IN_SCOPE_MODULES = {"OVBJ", "VEILIG-VERBLIJF", "GEZINSHUIS", "OBC", "GES+", "OIOC", "CIG", "CKG"}
FLANDERS_WIDE = {"OBC", "GES+", "OIOC", "VEILIG-VERBLIJF"}  # default policy, region_by_module
BAND_LIMITS_KM = (25.0, 50.0)
POLICY_RULES = {"module_scope", "module_requested", "age", "gender", "region", "urgency_bound"}
BAR_RULES = ("refused_for_vacancy", "offer_withdrawn")


def is_in_scope(place: PlaceProfile) -> bool:
    """D-1, D-2: the module is in scope, it is not RTJ in a CKG or CIG, Fedasil does not co-finance it."""
    if place.module_type not in IN_SCOPE_MODULES:
        return False
    if place.module_type in {"CKG", "CIG"} and place.access == Access.RTJ:
        return False
    return place.cofinanced_by != "Fedasil"


def age_on(birth: date, day: date) -> int:
    """Completed years on `day`."""
    years = day.year - birth.year
    if (day.month, day.day) < (birth.month, birth.day):
        years -= 1
    return years


def module_ok(place: PlaceProfile, request: Request) -> bool:
    return place.module_type in request.module_types


def age_ok(place: PlaceProfile, request: Request) -> bool:
    return place.age_min <= age_on(request.birth_date, place.available_from) <= place.age_max


def gender_ok(place: PlaceProfile, request: Request) -> bool:
    return request.gender in place.genders


def region_ok(place: PlaceProfile, request: Request) -> bool:
    return place.module_type in FLANDERS_WIDE or request.region == place.region


def reference_rule(place: PlaceProfile, request: Request, barred: dict[str, str], max_urgency: int = 4) -> str | None:
    """The first rule the request fails, or None if it is a candidate."""
    if not is_in_scope(place):
        return "module_scope"
    if not module_ok(place, request):
        return "module_requested"
    if not age_ok(place, request):
        return "age"
    if not gender_ok(place, request):
        return "gender"
    if not region_ok(place, request):
        return "region"
    if request.urgency > max_urgency:
        return "urgency_bound"
    return barred.get(request.id)


def distance_km(a: Location, b: Location) -> float:
    lat1, lon1, lat2, lon2 = map(math.radians, (a.lat, a.lon, b.lat, b.lon))
    h = math.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    return 2 * 6371.0088 * math.asin(math.sqrt(h))


def reference_components(place: PlaceProfile, request: Request) -> dict[str, int]:
    considerations = sum([
        place.facility_id in request.sibling_facility_ids,
        request.internal_transfer_facility_id == place.facility_id,
        request.readmission_facility_id == place.facility_id,
        request.crisis_overflow,
    ])
    if place.location is None or request.home is None:
        band = len(BAND_LIMITS_KM)  # unknown distance: the last band
    else:
        km = distance_km(request.home, place.location)
        band = next((i for i, limit in enumerate(BAND_LIMITS_KM) if km <= limit), len(BAND_LIMITS_KM))
    return {
        "urgency": int(request.urgency),
        "considerations": considerations,
        "distance_band": band,
        "profile_fit": len(request.needs & place.ideal_profile),
        "waiting_days": (place.available_from - request.registered_on).days,
    }


def reference_key(place: PlaceProfile, request: Request, keys: tuple[str, ...]) -> tuple[object, ...]:
    """Smaller sorts first: urgency and band ascending; considerations, fit and waiting descending; then id."""
    c = reference_components(place, request)
    descending = {"considerations", "profile_fit", "waiting_days"}
    return (*(-c[k] if k in descending else c[k] for k in keys), request.id)


DEFAULT_KEYS = ("urgency", "considerations", "distance_band", "profile_fit", "waiting_days")
WAITING_FIRST_KEYS = ("waiting_days", "urgency", "considerations", "distance_band")


def reference_ranking(
    place: PlaceProfile, requests: list[Request], barred: dict[str, str], keys: tuple[str, ...] = DEFAULT_KEYS
) -> tuple[list[str], dict[str, str]]:
    rules = {r.id: reference_rule(place, r, barred) for r in requests}
    eligible = [r for r in requests if rules[r.id] is None]
    ordered = sorted(eligible, key=lambda r: reference_key(place, r, keys))
    return [r.id for r in ordered], {i: rule for i, rule in rules.items() if rule is not None}


# --- strategies --------------------------------------------------------------------------------------------

FACILITIES = ("F1", "F2", "F3")
START_DATES = (date(2026, 9, 1), date(2024, 2, 29), date(2025, 2, 28), date(2025, 3, 1), date(2026, 1, 1))
# Mostly in scope; out-of-scope modules, RTJ CKG/CIG and Fedasil places now and then.
PLACE_MODULES = (*["OVBJ", "OBC", "CKG", "CIG", "GES+", "OIOC"] * 3, "KWE", "TIME-OUT", "CRISISVERBLIJF")
REQUEST_MODULES = ("OVBJ", "OBC", "CKG", "CIG", "GES+")
IDS = st.text("0123456789aAbB", min_size=1, max_size=3)


CENTRE = Location(51.0, 4.4)
HOME_OFFSETS = st.tuples(st.floats(-0.8, 0.8), st.floats(-1.0, 1.0))  # degrees: 0 to ~130 km
# Distances from home to place, in km, around the default band limits (25, 50), and a compass bearing.
HOME_KM = st.sampled_from([1, 10, 24.9, 25.1, 30, 49.9, 50.1, 80]) | st.floats(0, 120)
BEARINGS = st.integers(0, 359)  # degrees


def _anniversary(day: date, years: int, shift: int) -> date:
    try:
        birthday = day.replace(year=day.year - years)
    except ValueError:  # 29 February in a common year
        birthday = date(day.year - years, 3, 1)
    return birthday + timedelta(days=shift)


places = st.builds(
    lambda module, access, fedasil, facility, region, start, ages, genders, offset, ideal: PlaceProfile(
        id="P", facility_id=facility, module_type=module, region=region, available_from=start,
        age_min=min(ages), age_max=max(ages), genders=genders,
        location=None if offset is None else Location(CENTRE.lat + offset[0] / 4, CENTRE.lon + offset[1] / 4),
        access=access, cofinanced_by="Fedasil" if fedasil else None, ideal_profile=ideal,
    ),
    st.sampled_from(PLACE_MODULES),
    st.sampled_from([*[Access.NRTJ] * 5, Access.RTJ]),
    st.sampled_from([*[False] * 14, True]),  # co-financed by Fedasil now and then
    st.sampled_from(FACILITIES),
    st.sampled_from(Region),
    st.sampled_from(START_DATES),
    st.tuples(st.integers(0, 18), st.integers(0, 21)),  # sorted into age_min ≤ age_max
    st.frozensets(st.sampled_from(Gender), min_size=1),
    HOME_OFFSETS | st.none(),
    st.frozensets(st.sampled_from(Need), max_size=3),
)

SAME = "<the place's>"  # a request seed refers to the place's module or region with this marker
facility_or_none = st.sampled_from([None, None, None, None, *FACILITIES])
# How a youth's age relates to the place's range: mostly inside or on an edge, sometimes just outside.
AGE_EDGES = (*["inside"] * 8, "lowest", "highest", "one_day_too_young", "one_day_too_old", "anywhere")
request_seeds = st.fixed_dictionaries({
    "age_edge": st.sampled_from(AGE_EDGES),
    "age_fraction": st.integers(0, 100),
    "birth_shift": st.sampled_from([-1, 0, 0, 1]),
    "birth_anywhere": st.integers(0, 9000),  # days before the start
    "gender_fits": st.sampled_from([True, True, True, False]),
    "gender": st.sampled_from(Gender),
    "region": st.sampled_from([SAME, SAME, SAME, SAME, SAME, *Region]),
    "modules": st.sampled_from([SAME, SAME, SAME, SAME, None]),
    "other_modules": st.frozensets(st.sampled_from(REQUEST_MODULES), max_size=2),
    "urgency": st.sampled_from(Urgency),
    "waiting": st.sampled_from([10, 100, 100, 365]) | st.integers(-30, 900),
    "home": st.tuples(HOME_KM, BEARINGS) | st.none(),
    "siblings": st.sampled_from([frozenset(), frozenset(), frozenset({"F1"}), frozenset({"F2", "F1"})]),
    "transfer": facility_or_none,
    "readmission": facility_or_none,
    "crisis": st.sampled_from([False, False, False, True]),
    "needs": st.frozensets(st.sampled_from(Need), max_size=3),
})


def birth_for(place: PlaceProfile, seed: dict) -> date:
    """A birth date placing the youth's age on start inside, on, or just across the place's age bounds."""
    start, edge = place.available_from, seed["age_edge"]
    if edge == "anywhere":
        return start - timedelta(days=seed["birth_anywhere"])
    if edge == "inside":  # within the range, one day either side of a birthday
        years = place.age_min + round(seed["age_fraction"] / 100 * (place.age_max - place.age_min))
        return _anniversary(start, years, min(seed["birth_shift"], 0) if years == place.age_min else
                            seed["birth_shift"] if years < place.age_max else min(seed["birth_shift"], 0))
    years, shift = {
        "lowest": (place.age_min, 0),  # turns age_min on the start day
        "one_day_too_young": (place.age_min, 1),  # turns age_min the day after
        "highest": (place.age_max + 1, 1),  # turns age_max + 1 the day after
        "one_day_too_old": (place.age_max + 1, 0),  # turns age_max + 1 on the start day
    }[edge]
    return min(_anniversary(start, years, shift), start)


def request_for(place: PlaceProfile, request_id: str, seed: dict) -> Request:
    """A request built from a seed, relative to the place (so that eligibility and boundaries are common)."""
    start = place.available_from
    centre = place.location or CENTRE
    home = None
    if seed["home"] is not None:
        km, bearing = seed["home"][0], math.radians(seed["home"][1])
        degrees = math.degrees(km / 6371.0088)
        home = Location(centre.lat + degrees * math.cos(bearing),
                        centre.lon + degrees * math.sin(bearing) / math.cos(math.radians(centre.lat)))
    genders = sorted(place.genders)
    gender = genders[list(Gender).index(seed["gender"]) % len(genders)] if seed["gender_fits"] else seed["gender"]
    modules = seed["other_modules"] | ({place.module_type} if seed["modules"] == SAME else set())
    return Request(
        id=request_id,
        youth_id=f"Y{request_id}",
        birth_date=birth_for(place, seed),
        gender=gender,
        region=place.region if seed["region"] == SAME else seed["region"],
        module_types=frozenset(modules),
        urgency=seed["urgency"],
        registered_on=start - timedelta(days=seed["waiting"]),
        home=home,
        sibling_facility_ids=seed["siblings"],
        internal_transfer_facility_id=seed["transfer"],
        readmission_facility_id=seed["readmission"],
        crisis_overflow=seed["crisis"],
        needs=seed["needs"],
    )


def build_case(place: PlaceProfile, seeds: list, bars: list) -> tuple[PlaceProfile, list[Request], dict[str, str]]:
    requests = [request_for(place, request_id, seed) for request_id, seed in seeds]
    barred = {requests[i % len(requests)].id: rule for i, rule in bars} if requests else {}
    return place, requests, barred


def clear_of_band_limits(case: tuple[PlaceProfile, list[Request], dict[str, str]]) -> bool:
    """Stay clear of floating-point ties exactly on a band limit."""
    place, requests, _ = case
    return all(
        abs(distance_km(r.home, place.location) - limit) > 1e-6
        for r in requests if place.location is not None and r.home is not None
        for limit in BAND_LIMITS_KM
    )


cases = st.builds(
    build_case,
    places,
    st.lists(st.tuples(IDS, request_seeds), unique_by=lambda pair: pair[0], min_size=1, max_size=12),
    st.lists(st.tuples(st.integers(0, 11), st.sampled_from(BAR_RULES)), max_size=3),
).filter(clear_of_band_limits)


DEFAULT = load_policy("default")
WAITING_FIRST = load_policy("waiting-time-first")


def run(place: PlaceProfile, requests: list[Request], barred: dict[str, str], policy=DEFAULT) -> Ranking:
    return rank(place, RequestPool.of(requests), policy, barred=barred)


# --- properties ----------------------------------------------------------------------------------------


@FAST
@given(cases, st.randoms(use_true_random=False))
def test_the_same_input_gives_the_same_ranking_whatever_the_order_of_the_pool(case, random):
    """D-25: deterministic and independent of administrative order: shuffling the pool changes nothing."""
    place, requests, barred = case
    first = run(place, requests, barred)
    again = run(place, requests, barred)
    shuffled = list(requests)
    random.shuffle(shuffled)
    other = run(place, shuffled, barred)
    assert first.candidate_ids == again.candidate_ids == other.candidate_ids
    assert first.excluded_rule_by_id() == again.excluded_rule_by_id() == other.excluded_rule_by_id()
    for name, column in first.components.items():
        assert nan_as_none(column.tolist()) == nan_as_none(other.components[name].tolist()), name


def nan_as_none(values: list[object]) -> list[object]:
    """NaN never equals itself; compare unknown distances as None."""
    return [None if isinstance(v, float) and math.isnan(v) else v for v in values]


@FAST
@given(cases)
def test_every_candidate_passes_every_eligibility_rule(case):
    """D-2, D-10: each rule checked on its own, in plain Python, for every returned candidate."""
    place, requests, barred = case
    by_id = {r.id: r for r in requests}
    ranking = run(place, requests, barred)
    if ranking.candidate_ids:
        assert is_in_scope(place)
    for request_id in ranking.candidate_ids:
        request = by_id[request_id]
        assert module_ok(place, request), request_id
        assert age_ok(place, request), request_id
        assert gender_ok(place, request), request_id
        assert region_ok(place, request), request_id
        assert request_id not in barred


@FAST
@given(cases)
def test_every_request_is_either_a_candidate_or_excluded_exactly_once_with_a_rule(case):
    """D-22: nobody disappears: each request is ranked once or excluded once, under a known rule code."""
    place, requests, barred = case
    ranking = run(place, requests, barred)
    excluded = ranking.excluded_rule_by_id()
    seen = Counter(ranking.candidate_ids) + Counter(ranking.pool.ids[row] for row in ranking.excluded_rows)
    assert seen == Counter(r.id for r in requests)
    assert len(ranking.excluded_rules) == len(ranking.excluded_rows)
    assert set(excluded.values()) <= POLICY_RULES | set(BAR_RULES)


@FAST
@given(cases)
def test_urgency_never_increases_along_the_list_under_the_default_policy(case):
    """D-26: lexicographic urgency first: no later component lets a less urgent youth overtake."""
    place, requests, barred = case
    ranking = run(place, requests, barred)
    urgencies = ranking.components.get("urgency")
    values = [] if urgencies is None else urgencies.tolist()
    assert values == sorted(values)
    by_id = {r.id: r for r in requests}
    assert [int(by_id[i].urgency) for i in ranking.candidate_ids] == values


@FAST
@given(cases)
def test_the_engine_gives_the_same_order_and_exclusions_as_a_plain_python_reference(case):
    """D-10, D-11, D-26: the default policy by hand: same candidates, same order, same exclusion rules."""
    place, requests, barred = case
    ranking = run(place, requests, barred)
    expected_order, expected_excluded = reference_ranking(place, requests, barred)
    assert ranking.candidate_ids == expected_order
    assert ranking.excluded_rule_by_id() == expected_excluded


@FAST
@given(cases)
def test_the_components_equal_the_reference_values(case):
    """D-22: the components shown with each candidate are the values the order was made on."""
    place, requests, barred = case
    ranking = run(place, requests, barred)
    by_id = {r.id: r for r in requests}
    for position, request_id in enumerate(ranking.candidate_ids):
        expected = reference_components(place, by_id[request_id])
        actual = {name: int(ranking.components[name][position]) for name in expected}
        assert actual == expected, request_id


@FAST
@given(cases)
def test_the_waiting_time_first_policy_matches_its_reference_too(case):
    """D-26: the comparison policy: waiting time, urgency, considerations, distance band, then id."""
    place, requests, barred = case
    ranking = run(place, requests, barred, WAITING_FIRST)
    expected_order, expected_excluded = reference_ranking(place, requests, barred, WAITING_FIRST_KEYS)
    assert ranking.candidate_ids == expected_order
    assert ranking.excluded_rule_by_id() == expected_excluded


@FAST
@given(cases)
def test_lifting_a_bar_never_removes_a_candidate(case):
    """D-14: bars only ever take candidates away; the others keep their relative order."""
    place, requests, barred = case
    with_bars = run(place, requests, barred).candidate_ids
    without = run(place, requests, {}).candidate_ids
    assert set(with_bars) <= set(without)
    assert [i for i in without if i in set(with_bars)] == with_bars
    assert set(without) - set(with_bars) <= set(barred)
