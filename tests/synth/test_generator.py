"""The synthetic Flanders: deterministic, the right size, referentially whole and plausibly spread."""

from __future__ import annotations

import re
from collections import Counter
from datetime import date

import pytest

from plaatsregie.core.errors import InputError
from plaatsregie.core.modules import default_catalogue
from plaatsregie.core.types import PlaceStatus, ReferrerKind, Region, Urgency
from plaatsregie.synth import UNAVAILABLE_REASON_LABELS_NL, SyntheticFlanders, generate
from plaatsregie.synth.geography import BOXES

TODAY = date(2026, 11, 23)
TEAM_KINDS = {ReferrerKind.OCJ, ReferrerKind.SDJ, ReferrerKind.ONE_FAMILY_ONE_PLAN}


@pytest.fixture(scope="module")
def flanders() -> SyntheticFlanders:
    return generate("flanders", seed=1, today=TODAY)


@pytest.fixture(scope="module")
def small() -> SyntheticFlanders:
    return generate("small", seed=1, today=TODAY)


def age_on(birth: date, day: date) -> int:
    return day.year - birth.year - ((day.month, day.day) < (birth.month, birth.day))


def share(count: int, total: int) -> float:
    return count / total


def test_same_seed_gives_identical_world(small: SyntheticFlanders) -> None:
    assert generate("small", seed=1, today=TODAY) == small


def test_different_seeds_give_different_worlds(small: SyntheticFlanders) -> None:
    other = generate("small", seed=2, today=TODAY)
    assert other.requests != small.requests
    assert other.places != small.places


def test_unknown_scale_is_refused() -> None:
    with pytest.raises(InputError, match="unknown scale 'huge'"):
        generate("huge", seed=1, today=TODAY)


def test_small_world_has_the_expected_size(small: SyntheticFlanders) -> None:
    assert len(small.facilities) == 12
    assert 20 <= len(small.units) <= 70
    assert 150 <= len(small.places) <= 600
    assert len(small.requests) == 200


def test_flanders_world_has_the_expected_size(flanders: SyntheticFlanders) -> None:
    teams = [r for r in flanders.referrers if r.kind in TEAM_KINDS]
    assert len(flanders.facilities) == 180
    assert 500 <= len(flanders.units) <= 700
    assert 4_500 <= len(flanders.places) <= 5_600
    assert len(flanders.requests) == 3_000
    assert 50 <= len(teams) <= 70


def test_facilities_follow_the_regional_shares(flanders: SyntheticFlanders) -> None:
    regions = Counter(f.region for f in flanders.facilities)
    expected = {Region.ANTWERPEN: 0.32, Region.OOST_VLAANDEREN: 0.22, Region.WEST_VLAANDEREN: 0.19,
                Region.LIMBURG: 0.12}
    for region, expected_share in expected.items():
        assert share(regions[region], 180) == pytest.approx(expected_share, abs=0.01)
    brabant_and_brussels = regions[Region.VLAAMS_BRABANT] + regions[Region.BRUSSEL]
    assert share(brabant_and_brussels, 180) == pytest.approx(0.15, abs=0.01)


def test_facilities_lie_inside_their_region(flanders: SyntheticFlanders) -> None:
    for facility in flanders.facilities:
        box = BOXES[facility.region]
        assert box.lat_min <= facility.location.lat <= box.lat_max
        assert box.lon_min <= facility.location.lon <= box.lon_max


def test_names_are_marked_fictional(flanders: SyntheticFlanders) -> None:
    assert all(f.name.endswith("(fictief)") for f in flanders.facilities)
    assert len({f.name for f in flanders.facilities}) == len(flanders.facilities)
    assert all(r.name.endswith("(fictief)") for r in flanders.referrers)


def test_every_unit_module_is_in_the_catalogue(flanders: SyntheticFlanders) -> None:
    catalogue = default_catalogue()
    facility_ids = {f.id for f in flanders.facilities}
    for unit in flanders.units:
        catalogue.get(unit.module_type)
        assert unit.facility_id in facility_ids


def test_units_are_mostly_in_scope_with_some_out_of_scope_groups(flanders: SyntheticFlanders) -> None:
    catalogue = default_catalogue()
    scopes = [catalogue.scope_of(u.module_type, u.access, u.cofinanced_by) for u in flanders.units]
    modules = Counter(u.module_type for u, s in zip(flanders.units, scopes, strict=True) if s.in_scope)
    assert share(sum(s.in_scope for s in scopes), len(scopes)) > 0.75
    assert modules.most_common(1)[0][0] == "OVBJ"
    out_of_scope = {u.module_type for u, s in zip(flanders.units, scopes, strict=True) if not s.in_scope}
    assert {"CRISISVERBLIJF", "TIME-OUT", "CKG", "OVBJ"} <= out_of_scope  # CKG via RTJ, OVBJ via Fedasil


def test_every_place_belongs_to_an_existing_unit_of_its_facility(flanders: SyntheticFlanders) -> None:
    units = {u.id: u for u in flanders.units}
    facilities = {f.id: f for f in flanders.facilities}
    for place in flanders.places:
        unit = units[place.profile.unit_id or ""]
        assert unit.facility_id == place.profile.facility_id
        assert unit.module_type == place.profile.module_type
        assert facilities[unit.facility_id].region == place.profile.region
    assert len({p.profile.id for p in flanders.places}) == len(flanders.places)


def test_places_are_mostly_occupied(flanders: SyntheticFlanders) -> None:
    statuses = Counter(p.status for p in flanders.places)
    assert 0.80 <= share(statuses[PlaceStatus.OCCUPIED], len(flanders.places)) <= 0.90
    assert all(statuses[status] > 0 for status in PlaceStatus)


def test_freeing_places_are_announced_for_the_next_sixty_days(flanders: SyntheticFlanders) -> None:
    for place in flanders.places:
        if place.status is PlaceStatus.FREEING:
            assert 1 <= (place.profile.available_from - TODAY).days <= 60
        if place.status is PlaceStatus.AVAILABLE:
            assert place.profile.available_from == TODAY


def test_only_unavailable_places_carry_a_known_reason(flanders: SyntheticFlanders) -> None:
    for place in flanders.places:
        if place.status is PlaceStatus.UNAVAILABLE:
            assert place.unavailable_reason in UNAVAILABLE_REASON_LABELS_NL
            assert place.unavailable_until is None or place.unavailable_until > TODAY
        else:
            assert place.unavailable_reason is None and place.unavailable_until is None


def test_every_occupied_place_has_its_own_occupant(flanders: SyntheticFlanders) -> None:
    youths = {y.id for y in flanders.youths}
    occupants = [p.occupant_youth_id for p in flanders.places if p.occupant_youth_id]
    for place in flanders.places:
        has_occupant = place.status in (PlaceStatus.OCCUPIED, PlaceStatus.RESERVED)
        assert (place.occupant_youth_id is not None) == has_occupant
    assert set(occupants) <= youths
    assert len(set(occupants)) == len(occupants)


def test_occupants_fit_the_age_range_and_gender_of_their_place(flanders: SyntheticFlanders) -> None:
    youths = {y.id: y for y in flanders.youths}
    for place in flanders.places:
        if place.occupant_youth_id:
            youth = youths[place.occupant_youth_id]
            assert place.profile.age_min <= age_on(youth.birth_date, TODAY) <= place.profile.age_max
            assert youth.gender in place.profile.genders


def test_every_request_names_an_existing_youth_and_referrer(flanders: SyntheticFlanders) -> None:
    youths = {y.id: y for y in flanders.youths}
    referrers = {r.id for r in flanders.referrers}
    for request in flanders.requests:
        youth = youths[request.youth_id]
        assert (youth.birth_date, youth.gender, youth.region) == (request.birth_date, request.gender, request.region)
        assert request.referrer_id in referrers


def test_ids_are_unique_and_pseudonyms_look_fake(flanders: SyntheticFlanders) -> None:
    assert len({r.id for r in flanders.requests}) == len(flanders.requests)
    assert len({r.youth_id for r in flanders.requests}) == len(flanders.requests)
    assert len({y.id for y in flanders.youths}) == len(flanders.youths)
    assert len({y.pseudonym for y in flanders.youths}) == len(flanders.youths)
    assert all(re.fullmatch(r"J-[2-9A-HJ-NP-Z]{6}", y.pseudonym) for y in flanders.youths)


def test_no_youth_in_the_waiting_pool_occupies_a_place(flanders: SyntheticFlanders) -> None:
    occupants = {p.occupant_youth_id for p in flanders.places if p.occupant_youth_id}
    assert not occupants & {r.youth_id for r in flanders.requests}


def test_sibling_transfer_and_readmission_facilities_exist(flanders: SyntheticFlanders) -> None:
    facility_ids = {f.id for f in flanders.facilities}
    for request in flanders.requests:
        assert request.sibling_facility_ids <= facility_ids
        assert request.internal_transfer_facility_id in facility_ids | {None}
        assert request.readmission_facility_id in facility_ids | {None}


def test_a_placed_sibling_is_an_occupant_of_the_same_family_there(flanders: SyntheticFlanders) -> None:
    youths = {y.id: y for y in flanders.youths}
    placed_families = {
        (youths[p.occupant_youth_id].family_id, p.profile.facility_id)
        for p in flanders.places if p.occupant_youth_id and youths[p.occupant_youth_id].family_id
    }
    with_sibling = [r for r in flanders.requests if r.sibling_facility_ids]
    assert with_sibling
    for request in with_sibling:
        family = youths[request.youth_id].family_id
        assert family is not None
        assert all((family, facility) in placed_families for facility in request.sibling_facility_ids)


def test_internal_transfers_are_raised_by_the_facility(flanders: SyntheticFlanders) -> None:
    referrers = {r.id: r for r in flanders.referrers}
    transfers = [r for r in flanders.requests if r.internal_transfer_facility_id]
    assert transfers
    for request in transfers:
        referrer = referrers[request.referrer_id or ""]
        assert referrer.kind is ReferrerKind.FACILITY
        assert referrer.id == f"REF-{request.internal_transfer_facility_id}"


def test_special_situations_occur_at_plausible_rates(flanders: SyntheticFlanders) -> None:
    requests, total = flanders.requests, len(flanders.requests)
    assert 0.04 <= share(sum(bool(r.sibling_facility_ids) for r in requests), total) <= 0.08
    assert 0.01 <= share(sum(bool(r.internal_transfer_facility_id) for r in requests), total) <= 0.05
    assert 0.07 <= share(sum(bool(r.readmission_facility_id) for r in requests), total) <= 0.13
    assert 0.05 <= share(sum(r.crisis_overflow for r in requests), total) <= 0.11


def test_requests_ask_for_in_scope_modules_that_accept_their_age(flanders: SyntheticFlanders) -> None:
    catalogue = default_catalogue()
    accepting: Counter[tuple[str, int]] = Counter()  # (module, age) pairs some in-scope place accepts
    for place in flanders.places:
        if catalogue.scope_of(place.profile.module_type, place.profile.access, place.profile.cofinanced_by).in_scope:
            for age in range(place.profile.age_min, place.profile.age_max + 1):
                accepting[place.profile.module_type, age] += 1
    for request in flanders.requests:
        assert 1 <= len(request.module_types) <= 3
        age = age_on(request.birth_date, TODAY)
        assert all(accepting[module, age] for module in request.module_types)


def test_ages_are_mostly_twelve_to_seventeen(flanders: SyntheticFlanders) -> None:
    ages = [age_on(r.birth_date, TODAY) for r in flanders.requests]
    total = len(ages)
    assert min(ages) >= 0 and max(ages) <= 21
    assert 0.50 <= share(sum(12 <= a <= 17 for a in ages), total) <= 0.66
    assert 0.25 <= share(sum(a < 12 for a in ages), total) <= 0.40
    assert 0.06 <= share(sum(a < 6 for a in ages), total) <= 0.18
    assert 0.05 <= share(sum(a >= 18 for a in ages), total) <= 0.15


def test_gender_and_urgency_are_plausibly_spread(flanders: SyntheticFlanders) -> None:
    genders = Counter(r.gender.value for r in flanders.requests)
    urgencies = Counter(r.urgency for r in flanders.requests)
    total = len(flanders.requests)
    assert 0.40 <= share(genders["F"], total) <= 0.50
    assert 0.48 <= share(genders["M"], total) <= 0.58
    assert 0.005 <= share(genders["X"], total) <= 0.04
    assert share(urgencies[Urgency.ACUTE], total) < 0.12
    assert share(urgencies[Urgency.VERY_URGENT] + urgencies[Urgency.URGENT], total) > 0.6


def test_registration_dates_lie_in_the_past_with_a_long_tail(flanders: SyntheticFlanders) -> None:
    waits = sorted((TODAY - r.registered_on).days for r in flanders.requests)
    assert all(r.birth_date <= r.registered_on <= TODAY for r in flanders.requests)
    assert 120 <= waits[len(waits) // 2] <= 300
    assert waits[int(len(waits) * 0.9)] > 365
    assert waits[-1] <= 3 * 365
