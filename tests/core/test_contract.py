"""The JSON exchange format of places and pools (D-24): parsing, errors a person can act on, round trips."""

from __future__ import annotations

import json
from datetime import date
from typing import Any

import pytest
from builders import a_place, a_request
from hypothesis import given, settings
from hypothesis import strategies as st

from plaatsregie.core.contract import (
    place_from_json,
    place_to_json,
    pool_from_json,
    request_to_json,
)
from plaatsregie.core.errors import DomainError, InputError, UnknownModuleError
from plaatsregie.core.types import Access, Gender, Location, Need, PlaceProfile, Region, Request, Urgency


def place_doc(**changes: Any) -> dict[str, Any]:
    """A valid place document; a change to `...` removes the field."""
    doc: dict[str, Any] = {
        "id": "P1",
        "facility_id": "F1",
        "module_type": "OVBJ",
        "region": "Antwerpen",
        "available_from": "2026-09-01",
        "age_min": 12,
        "age_max": 17,
        "genders": ["F", "M"],
    }
    doc.update(changes)
    return {key: value for key, value in doc.items() if value is not ...}


def request_doc(**changes: Any) -> dict[str, Any]:
    """A valid request document; a change to `...` removes the field."""
    doc: dict[str, Any] = {
        "id": "R1",
        "youth_id": "Y1",
        "birth_date": "2012-03-01",
        "gender": "F",
        "region": "Antwerpen",
        "module_types": ["OVBJ"],
        "urgency": 2,
        "registered_on": "2026-05-24",
    }
    doc.update(changes)
    return {key: value for key, value in doc.items() if value is not ...}


# --- places ---------------------------------------------------------------------------------------------


def test_a_minimal_place_parses_with_the_documented_defaults():
    """D-4, D-24: a place needs id, facility, module, region, date, age range and genders."""
    place = place_from_json(place_doc())
    assert place == PlaceProfile(
        id="P1", facility_id="F1", module_type="OVBJ", region=Region.ANTWERPEN,
        available_from=date(2026, 9, 1), age_min=12, age_max=17,
        genders=frozenset({Gender.FEMALE, Gender.MALE}),
    )
    assert place.access is Access.NRTJ and place.cofinanced_by is None
    assert place.location is None and not place.short_stay and place.ideal_profile == frozenset()


def test_a_full_place_parses_every_documented_field():
    """D-2, D-4: access route, co-financing, location, short stay and ideal profile are read."""
    place = place_from_json(place_doc(
        module_type="CKG", access="RTJ", cofinanced_by="Fedasil", short_stay=True,
        location={"lat": 51.05, "lon": 3.72}, ideal_profile=["trauma", "parenting_support"],
        genders=["X"], age_min=0, age_max=6,
    ))
    assert place.access is Access.RTJ and place.cofinanced_by == "Fedasil" and place.short_stay
    assert place.location == Location(51.05, 3.72)
    assert place.ideal_profile == frozenset({Need.TRAUMA, Need.PARENTING_SUPPORT})
    assert place.genders == frozenset({Gender.OTHER})


def test_the_capacity_dialogue_fields_of_a_place_are_read_when_given():
    """D-4: unit, horizontal/vertical, group composition, carrying capacity and contact travel with the place."""
    place = place_from_json(place_doc(
        unit_id="LG-3", vertical=True, group_composition="8 jongens, 2 meisjes",
        carrying_capacity="draagkracht beperkt tot eind maart", contact="Jan (coördinator)",
    ))
    assert (place.unit_id, place.vertical, place.contact) == ("LG-3", True, "Jan (coördinator)")
    assert place.group_composition == "8 jongens, 2 meisjes"
    assert place.carrying_capacity == "draagkracht beperkt tot eind maart"


def test_a_place_without_the_dialogue_fields_has_empty_values():
    """D-4: those fields are optional; vertical stays unknown (None), texts empty."""
    place = place_from_json(place_doc())
    assert place.unit_id is None and place.vertical is None
    assert place.group_composition == place.carrying_capacity == place.contact == ""


def test_a_null_access_and_cofinancing_take_the_defaults():
    """D-2: `access` defaults to NRTJ and `cofinanced_by` may be null."""
    place = place_from_json(place_doc(access=None, cofinanced_by=None))
    assert place.access is Access.NRTJ and place.cofinanced_by is None


@pytest.mark.parametrize("module", ["CRISISVERBLIJF", "TIME-OUT", "KWE", "CBAW"])
def test_an_out_of_scope_place_still_parses(module):
    """D-2: capacity of out-of-scope places may be registered for monitoring; ranking refuses them."""
    assert place_from_json(place_doc(module_type=module)).module_type == module


@pytest.mark.parametrize(
    "field", ["id", "facility_id", "module_type", "region", "available_from", "age_min", "age_max"]
)
def test_a_place_missing_a_required_field_is_an_input_error_naming_it(field):
    """D-24: the error names the object and the field."""
    with pytest.raises(InputError, match=f"place: field '{field}' is missing"):
        place_from_json(place_doc(**{field: ...}))


def test_a_place_with_null_for_a_required_field_is_reported_as_missing():
    """D-24: null is not a value for a required field."""
    with pytest.raises(InputError, match="field 'available_from' is missing"):
        place_from_json(place_doc(available_from=None))


@pytest.mark.parametrize("bad", ["2026-02-30", "01/09/2026", "2026-9-1", "", 20260901, None])
def test_a_bad_date_is_an_input_error_naming_the_field(bad):
    """D-24: dates are YYYY-MM-DD."""
    with pytest.raises(InputError, match="available_from"):
        place_from_json(place_doc(available_from=bad))


@pytest.mark.parametrize("bad", ["20260901", "2026-W36-2"])
def test_a_date_in_another_iso_form_is_refused(bad):
    """D-24: only YYYY-MM-DD is the documented form; other forms are likely mistakes in an import."""
    with pytest.raises(InputError, match="available_from"):
        place_from_json(place_doc(available_from=bad))


def test_an_unknown_module_code_on_a_place_is_an_error_naming_it():
    """D-1: the system must know every module; the code is named."""
    with pytest.raises(UnknownModuleError, match="'OVBJJ'"):
        place_from_json(place_doc(module_type="OVBJJ"))


def test_an_unknown_module_error_is_a_domain_error_listing_the_known_codes():
    """D-1: the person fixing the input sees what is known."""
    with pytest.raises(DomainError, match=r"known: .*OVBJ"):
        place_from_json(place_doc(module_type="X"))


@pytest.mark.parametrize(
    ("field", "bad"),
    [
        ("age_min", "12"), ("age_max", 17.5), ("age_min", True), ("genders", "F"), ("genders", [{"g": "F"}]),
        ("region", "Gent"), ("region", 3), ("access", "rtj"), ("short_stay", "yes"), ("location", [51, 4]),
        ("location", {"lat": "51", "lon": 4}), ("location", {"lat": 91, "lon": 4}), ("id", ["P1"]),
        ("facility_id", True), ("module_type", None), ("vertical", "ja"), ("contact", ["Jan"]),
    ],
)
def test_a_place_field_of_the_wrong_type_or_value_is_an_input_error_naming_it(field, bad):
    """D-24: wrong types are refused, with the field named."""
    with pytest.raises(InputError, match=rf"^place\b.*\b{field}\b"):
        place_from_json(place_doc(**{field: bad}))


def test_a_bad_gender_is_an_input_error_naming_the_choices():
    """D-4: genders are F, M, X."""
    with pytest.raises(InputError, match=r"'V'.*F, M, X"):
        place_from_json(place_doc(genders=["F", "V"]))


@pytest.mark.parametrize("genders", [[], ...])
def test_a_place_must_accept_at_least_one_gender(genders):
    """D-4: a place for nobody is a mistake."""
    with pytest.raises(InputError, match="genders"):
        place_from_json(place_doc(genders=genders))


@pytest.mark.parametrize(("age_min", "age_max"), [(18, 12), (-1, 5)])
def test_an_impossible_age_range_is_an_input_error(age_min, age_max):
    """D-4: the age range must be 0 ≤ min ≤ max."""
    with pytest.raises(InputError, match="age range"):
        place_from_json(place_doc(age_min=age_min, age_max=age_max))


def test_an_unknown_need_in_the_ideal_profile_is_named():
    """D-4: needs are a fixed vocabulary."""
    with pytest.raises(InputError, match=r"'sport'.*known:.*trauma"):
        place_from_json(place_doc(ideal_profile=["sport"]))


@pytest.mark.parametrize("data", [[], "place", None, 3])
def test_a_place_that_is_not_an_object_is_an_input_error(data):
    """D-24: a place is a JSON object."""
    with pytest.raises(InputError, match="place: expected a JSON object"):
        place_from_json(data)


# --- pools ----------------------------------------------------------------------------------------------


def test_a_pool_parses_into_requests_in_the_given_order():
    """D-6, D-24: a pool is a JSON list of requests."""
    pool = pool_from_json([
        request_doc(id="R2", urgency=1, sibling_facility_ids=["F1"], crisis_overflow=True,
                    internal_transfer_facility_id="F1", readmission_facility_id="F2",
                    home={"lat": 51.2, "lon": 4.4}, needs=["drugs"], module_types=["OVBJ", "OBC"]),
        request_doc(id="R1"),
    ])
    assert [r.id for r in pool] == ["R2", "R1"]
    first = pool[0]
    assert first.urgency is Urgency.ACUTE and first.crisis_overflow
    assert first.sibling_facility_ids == frozenset({"F1"})
    assert (first.internal_transfer_facility_id, first.readmission_facility_id) == ("F1", "F2")
    assert first.home == Location(51.2, 4.4) and first.needs == frozenset({Need.DRUGS})
    assert first.module_types == frozenset({"OVBJ", "OBC"})
    second = pool[1]
    assert second == Request(
        id="R1", youth_id="Y1", birth_date=date(2012, 3, 1), gender=Gender.FEMALE, region=Region.ANTWERPEN,
        module_types=frozenset({"OVBJ"}), urgency=Urgency.VERY_URGENT, registered_on=date(2026, 5, 24),
    )


def test_a_request_may_name_its_referrer():
    """D-6: the referrer is reachable when a place frees up; the id travels with the request."""
    (request,) = pool_from_json([request_doc(referrer_id="OCJ-ANT")])
    assert request.referrer_id == "OCJ-ANT"
    (request,) = pool_from_json([request_doc()])
    assert request.referrer_id is None


def test_numeric_ids_are_read_as_strings():
    """D-24 (docs/rank-file.md): ids are strings; numbers are read as strings."""
    (request,) = pool_from_json([request_doc(id=10, youth_id=7)])
    assert (request.id, request.youth_id) == ("10", "7")
    with pytest.raises(InputError, match=r"request id '10' appears more than once"):
        pool_from_json([request_doc(id=10), request_doc(id="10")])


def test_an_empty_pool_is_valid():
    """D-6: an empty waiting pool is a pool."""
    assert pool_from_json([]) == []


@pytest.mark.parametrize("data", [{"R1": {}}, "[]", None, 3])
def test_a_pool_that_is_not_a_list_is_an_input_error(data):
    """D-24: a pool is a JSON list."""
    with pytest.raises(InputError, match="pool: expected a JSON list"):
        pool_from_json(data)


def test_a_request_that_is_not_an_object_is_named_by_its_position():
    """D-24: the error points at the entry."""
    with pytest.raises(InputError, match=r"pool\[1\]: expected a JSON object"):
        pool_from_json([request_doc(), ["R2"]])


@pytest.mark.parametrize("field", ["id", "youth_id", "birth_date", "gender", "region", "urgency", "registered_on"])
def test_a_request_missing_a_required_field_is_named_with_its_position(field):
    """D-24: the error names pool[i] and the field."""
    with pytest.raises(InputError, match=rf"pool\[1\]: field '{field}' is missing"):
        pool_from_json([request_doc(id="R0"), request_doc(**{field: ...})])


@pytest.mark.parametrize("urgency", [5, 0, -1])
def test_an_urgency_outside_1_to_4_is_an_input_error_naming_it(urgency):
    """D-10: urgency classes are 1 (most urgent) to 4."""
    with pytest.raises(InputError, match=rf"field 'urgency' must be 1, 2, 3 or 4.*not {urgency}"):
        pool_from_json([request_doc(urgency=urgency)])


@pytest.mark.parametrize("urgency", ["1", 1.0, True])
def test_an_urgency_that_is_not_a_whole_number_is_an_input_error(urgency):
    """D-10: urgency is a whole number, not text, a float or a boolean."""
    with pytest.raises(InputError, match="urgency"):
        pool_from_json([request_doc(urgency=urgency)])


def test_an_unknown_module_code_in_a_request_is_an_error_naming_it():
    """D-1: every requested module must be known."""
    with pytest.raises(UnknownModuleError, match="'GES'"):
        pool_from_json([request_doc(module_types=["OVBJ", "GES"])])


def test_duplicate_request_ids_are_an_input_error_naming_the_id_and_position():
    """D-6, D-24: ids are unique in a pool."""
    with pytest.raises(InputError, match=r"pool\[2\]: request id 'R1' appears more than once"):
        pool_from_json([request_doc(id="R1"), request_doc(id="R2"), request_doc(id="R1")])


@pytest.mark.parametrize(
    ("field", "bad"),
    [
        ("birth_date", "12/03/2012"), ("gender", "female"), ("region", "Gent"), ("module_types", "OVBJ"),
        ("crisis_overflow", 1), ("sibling_facility_ids", "F1"), ("home", {"lat": 51}),
        ("internal_transfer_facility_id", ["F1"]), ("urgency", None), ("registered_on", "2026-13-01"),
    ],
)
def test_a_request_field_of_the_wrong_type_or_value_is_an_input_error_naming_it(field, bad):
    """D-24: wrong types are refused, with the field and the entry named."""
    with pytest.raises(InputError, match=rf"^pool\[0\].*\b{field}\b"):
        pool_from_json([request_doc(**{field: bad})])


def test_an_unknown_need_in_a_request_is_named():
    """D-10: needs are a fixed vocabulary."""
    with pytest.raises(InputError, match=r"pool\[0\]: need 'anxiety' is unknown"):
        pool_from_json([request_doc(needs=["anxiety"])])


# --- round trips ----------------------------------------------------------------------------------------


def test_a_place_survives_a_round_trip_through_json():
    """D-24: export and import give the same place (the fields of the exchange format)."""
    place = a_place(access=Access.RTJ, cofinanced_by="Fedasil", short_stay=True, ideal_profile=["trauma"],
                    unit_id="LG-1", vertical=False, group_composition="tien jongeren", contact="Ann")
    text = json.dumps(place_to_json(place))
    assert place_from_json(json.loads(text)) == place


def test_a_place_without_location_survives_a_round_trip():
    """D-24: a null location stays null."""
    place = a_place(location=None)
    assert place_from_json(json.loads(json.dumps(place_to_json(place)))) == place


def test_a_request_survives_a_round_trip_through_json():
    """D-24: export and import give the same request."""
    request = a_request(
        "R7", sibling_facility_ids=["F1", "F2"], internal_transfer_facility_id="F1",
        readmission_facility_id="F3", crisis_overflow=True, needs=["drugs", "trauma"], module_types=["OVBJ", "OBC"],
        referrer_id="OCJ-1",
    )
    text = json.dumps([request_to_json(request)])
    assert pool_from_json(json.loads(text)) == [request]


def test_a_request_without_home_survives_a_round_trip():
    """D-24: an unknown home stays unknown."""
    request = a_request("R8", km=None)
    assert pool_from_json([request_to_json(request)]) == [request]


locations = st.none() | st.builds(
    Location, st.floats(-90, 90, allow_nan=False), st.floats(-180, 180, allow_nan=False)
)
ids = st.text(st.characters(codec="utf-8", exclude_categories=["Cs"]), min_size=1, max_size=8)
dates = st.dates(date(1990, 1, 1), date(2040, 12, 31))


@settings(max_examples=100, deadline=None)
@given(
    st.builds(
        Request, id=ids, youth_id=ids, birth_date=dates, gender=st.sampled_from(Gender),
        region=st.sampled_from(Region), module_types=st.frozensets(st.sampled_from(["OVBJ", "OBC", "GES+", "CKG"])),
        urgency=st.sampled_from(Urgency), registered_on=dates, home=locations,
        sibling_facility_ids=st.frozensets(ids, max_size=3),
        internal_transfer_facility_id=st.none() | ids, readmission_facility_id=st.none() | ids,
        crisis_overflow=st.booleans(), needs=st.frozensets(st.sampled_from(Need)), referrer_id=st.none() | ids,
    )
)
def test_any_request_survives_a_round_trip_through_json(request):
    """D-24: request_to_json is the inverse of the parser for every request in the exchange format."""
    assert pool_from_json(json.loads(json.dumps([request_to_json(request)]))) == [request]


@settings(max_examples=100, deadline=None)
@given(
    st.builds(
        PlaceProfile, id=ids, facility_id=ids,
        module_type=st.sampled_from(["OVBJ", "OBC", "GES+", "OIOC", "CIG", "CKG", "KWE", "TIME-OUT"]),
        region=st.sampled_from(Region), available_from=dates,
        age_min=st.integers(0, 10), age_max=st.integers(10, 25),
        genders=st.frozensets(st.sampled_from(Gender), min_size=1),
        short_stay=st.booleans(), location=locations, access=st.sampled_from(Access),
        cofinanced_by=st.none() | st.just("Fedasil"), ideal_profile=st.frozensets(st.sampled_from(Need)),
        unit_id=st.none() | ids, vertical=st.none() | st.booleans(), group_composition=st.text(max_size=20),
        carrying_capacity=st.text(max_size=20), contact=st.text(max_size=20),
    )
)
def test_any_place_survives_a_round_trip_through_json(place):
    """D-24: place_to_json is the inverse of the parser for every place in the exchange format."""
    assert place_from_json(json.loads(json.dumps(place_to_json(place)))) == place


def test_a_place_keeps_its_complexity_signal_and_refuses_another_value():
    """D-28, D-25: the facility's balance signal a ranking used is frozen with the place and read back."""
    data = place_to_json(a_place(complexity_signal=-1))
    assert place_from_json(data).complexity_signal == -1
    assert place_from_json({k: v for k, v in data.items() if k != "complexity_signal"}).complexity_signal == 0
    with pytest.raises(InputError, match="complexity_signal"):
        place_from_json({**data, "complexity_signal": 2})
