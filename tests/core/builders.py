"""Tiny factories for core values: a place and a request that match each other unless told otherwise.

The defaults describe an OVBJ place in Antwerpen for girls and boys aged 12–17, free on 1 September 2026,
and a 14-year-old girl from Antwerpen asking OVBJ, urgency 2, waiting 100 days, living 10 km away.
Every test states only what matters to it.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import replace
from datetime import date, timedelta
from typing import Any

from plaatsregie.core.policy import Policy, load_policy
from plaatsregie.core.pool import RequestPool
from plaatsregie.core.ranking import Ranking, rank
from plaatsregie.core.types import Access, Gender, Location, Need, PlaceProfile, Region, Request, Urgency

START = date(2026, 9, 1)
FACILITY = "F1"
ANTWERP = Location(51.2194, 4.4025)
EARTH_RADIUS_KM = 6371.0088


def km_north_of(origin: Location, km: float) -> Location:
    """A point `km` kilometres due north of `origin` (great-circle distance along the meridian)."""
    return Location(origin.lat + math.degrees(km / EARTH_RADIUS_KM), origin.lon)


def born_on_birthday(age: int, on: date = START) -> date:
    """The birth date of someone who turns `age` exactly on `on`."""
    return on.replace(year=on.year - age)


def _frozen(values: Any, convert: Any) -> frozenset[Any]:
    if isinstance(values, str):
        values = [values]
    return frozenset(convert(v) for v in values)


def a_place(**overrides: Any) -> PlaceProfile:
    """An in-scope OVBJ place; `genders` may be a string like "FM", `ideal_profile` a list of needs."""
    defaults: dict[str, Any] = {
        "id": "P1",
        "facility_id": FACILITY,
        "module_type": "OVBJ",
        "region": Region.ANTWERPEN,
        "available_from": START,
        "age_min": 12,
        "age_max": 17,
        "genders": frozenset(Gender),
        "location": ANTWERP,
    }
    defaults.update(overrides)
    if isinstance(defaults["genders"], str):
        defaults["genders"] = frozenset(Gender(g) for g in defaults["genders"])
    defaults["region"] = Region(defaults["region"])
    defaults["access"] = Access(defaults.get("access", Access.NRTJ))
    defaults["ideal_profile"] = _frozen(defaults.get("ideal_profile", ()), Need)
    return PlaceProfile(**defaults)


def a_request(id: str = "R1", **overrides: Any) -> Request:
    """A request matching `a_place()`; `module_types`, `needs`, `sibling_facility_ids` accept a str or list.

    `age=n` sets the birth date so the youth is n years old on START (birthday on 1 March);
    `waiting_days=n` sets `registered_on` n days before START; `km=d` puts the home d km from ANTWERP.
    """
    age = overrides.pop("age", 14)
    waiting = overrides.pop("waiting_days", 100)
    km = overrides.pop("km", 10.0)
    defaults: dict[str, Any] = {
        "id": id,
        "youth_id": f"Y-{id}",
        "birth_date": date(START.year - age, 3, 1),  # birthday half a year before START
        "gender": Gender.FEMALE,
        "region": Region.ANTWERPEN,
        "module_types": frozenset({"OVBJ"}),
        "urgency": Urgency.VERY_URGENT,
        "registered_on": START - timedelta(days=waiting),
        "home": None if km is None else km_north_of(ANTWERP, km),
    }
    defaults.update(overrides)
    defaults["module_types"] = _frozen(defaults["module_types"], str)
    defaults["needs"] = _frozen(defaults.get("needs", ()), Need)
    defaults["sibling_facility_ids"] = _frozen(defaults.get("sibling_facility_ids", ()), str)
    defaults["urgency"] = Urgency(defaults["urgency"])
    defaults["gender"] = Gender(defaults["gender"])
    defaults["region"] = Region(defaults["region"])
    return Request(**defaults)


def policy(name: str = "default", **overrides: Any) -> Policy:
    """A shipped policy, optionally with fields replaced (for tests of one policy knob)."""
    return replace(load_policy(name), **overrides)


def ranked(
    place: PlaceProfile,
    requests: Iterable[Request],
    under: Policy | str = "default",
    barred: dict[str, str] | None = None,
) -> Ranking:
    chosen = load_policy(under) if isinstance(under, str) else under
    return rank(place, RequestPool.of(list(requests)), chosen, barred=barred)


def order(place: PlaceProfile, requests: Sequence[Request], under: Policy | str = "default") -> list[str]:
    """The candidate ids, best first."""
    return ranked(place, requests, under).candidate_ids


def excluded(
    place: PlaceProfile,
    requests: Sequence[Request],
    under: Policy | str = "default",
    barred: dict[str, str] | None = None,
) -> dict[str, str]:
    """Rule code per excluded request id."""
    return ranked(place, requests, under, barred).excluded_rule_by_id()
