"""The JSON exchange format of places and pools (docs/rank-file.md): parsing with errors a person can act on."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from datetime import date
from typing import Any

from plaatsregie.core.errors import InputError
from plaatsregie.core.modules import ModuleCatalogue, default_catalogue
from plaatsregie.core.types import Access, Gender, Location, Need, PlaceProfile, Region, Request, Urgency

_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


class _Reader:
    """Reads typed fields from one JSON object, naming the object and field in every error."""

    def __init__(self, data: object, where: str) -> None:
        if not isinstance(data, Mapping):
            raise InputError(f"{where}: expected a JSON object")
        self.data, self.where = data, where

    def fail(self, key: str, problem: str) -> InputError:
        return InputError(f"{self.where}: field '{key}' {problem}")

    def raw(self, key: str, default: Any = ...) -> Any:
        if key not in self.data or self.data[key] is None:
            if default is ...:
                raise self.fail(key, "is missing")
            return default
        return self.data[key]

    def text(self, key: str) -> str:
        value = self.raw(key)
        if isinstance(value, bool) or not isinstance(value, str | int):
            raise self.fail(key, "must be a string")
        return str(value)

    def optional_id(self, key: str) -> str | None:
        value = self.raw(key, None)
        return None if value is None else self.text(key)

    def optional_text(self, key: str) -> str:
        return "" if self.raw(key, None) is None else self.text(key)

    def optional_boolean(self, key: str) -> bool | None:
        return None if self.raw(key, None) is None else self.boolean(key)

    def integer(self, key: str) -> int:
        value = self.raw(key)
        if isinstance(value, bool) or not isinstance(value, int):
            raise self.fail(key, f"must be a whole number, not {value!r}")
        return value

    def boolean(self, key: str, default: bool = False) -> bool:
        value = self.raw(key, default)
        if not isinstance(value, bool):
            raise self.fail(key, "must be true or false")
        return value

    def day(self, key: str) -> date:
        value = self.raw(key)
        try:
            if not isinstance(value, str) or not _DATE.fullmatch(value):
                raise ValueError(value)
            return date.fromisoformat(value)
        except ValueError:
            raise self.fail(key, f"must be a date as YYYY-MM-DD, not {value!r}") from None

    def choice(self, key: str, enum: Any, default: Any = ...) -> Any:
        value = self.raw(key, default)
        try:
            return enum(value)
        except ValueError:
            known = ", ".join(str(member.value) for member in enum)
            raise self.fail(key, f"has '{value}', expected one of: {known}") from None

    def strings(self, key: str) -> list[str]:
        value = self.raw(key, [])
        if not isinstance(value, list) or not all(isinstance(v, str | int) for v in value):
            raise self.fail(key, "must be a list of strings")
        return [str(v) for v in value]

    def location(self, key: str) -> Location | None:
        value = self.raw(key, None)
        if value is None:
            return None
        inner = _Reader(value, f"{self.where}.{key}")
        lat, lon = inner.raw("lat"), inner.raw("lon")
        if isinstance(lat, bool) or isinstance(lon, bool) or not all(isinstance(v, int | float) for v in (lat, lon)):
            raise self.fail(key, "must have numeric 'lat' and 'lon'")
        if not (-90 <= lat <= 90 and -180 <= lon <= 180):
            raise self.fail(key, "has a latitude or longitude out of range")
        return Location(float(lat), float(lon))


def place_from_json(data: object, catalogue: ModuleCatalogue | None = None) -> PlaceProfile:
    """Parse one place; an unknown module code is an error naming it."""
    catalogue = catalogue or default_catalogue()
    r = _Reader(data, "place")
    module = r.text("module_type")
    catalogue.get(module)
    age_min, age_max = r.integer("age_min"), r.integer("age_max")
    if not 0 <= age_min <= age_max:
        raise InputError(f"place: age range {age_min}–{age_max} is not a valid range")
    genders = r.strings("genders")
    if not genders:
        raise r.fail("genders", "must name at least one of F, M, X")
    return PlaceProfile(
        id=r.text("id"),
        facility_id=r.text("facility_id"),
        module_type=module,
        region=r.choice("region", Region),
        available_from=r.day("available_from"),
        age_min=age_min,
        age_max=age_max,
        genders=frozenset(_Reader({"genders": g}, "place").choice("genders", Gender) for g in genders),
        short_stay=r.boolean("short_stay"),
        location=r.location("location"),
        access=r.choice("access", Access, "NRTJ"),
        cofinanced_by=r.optional_id("cofinanced_by"),
        ideal_profile=frozenset(_need(r, n) for n in r.strings("ideal_profile")),
        unit_id=r.optional_id("unit_id"),
        vertical=r.optional_boolean("vertical"),
        group_composition=r.optional_text("group_composition"),
        carrying_capacity=r.optional_text("carrying_capacity"),
        contact=r.optional_text("contact"),
        complexity_signal=_signal(r),
    )


def _signal(reader: _Reader) -> int:
    value = reader.raw("complexity_signal", 0)
    if value not in (-1, 0, 1) or isinstance(value, bool):
        raise reader.fail("complexity_signal", "must be -1, 0 or 1 (the facility's complexity balance signal)")
    return int(value)


def _need(reader: _Reader, value: str) -> Need:
    try:
        return Need(value)
    except ValueError:
        known = ", ".join(need.value for need in Need)
        raise InputError(f"{reader.where}: need '{value}' is unknown (known: {known})") from None


def request_from_json(data: object, where: str, catalogue: ModuleCatalogue) -> Request:
    """Parse one request of a pool; `where` names it in errors (e.g. 'pool[3]')."""
    r = _Reader(data, where)
    modules = r.strings("module_types")
    for module in modules:
        catalogue.get(module)
    urgency = r.integer("urgency")
    if urgency not in (1, 2, 3, 4):
        raise r.fail("urgency", f"must be 1, 2, 3 or 4 (1 = most urgent), not {urgency}")
    return Request(
        id=r.text("id"),
        youth_id=r.text("youth_id"),
        birth_date=r.day("birth_date"),
        gender=r.choice("gender", Gender),
        region=r.choice("region", Region),
        module_types=frozenset(modules),
        urgency=Urgency(urgency),
        registered_on=r.day("registered_on"),
        home=r.location("home"),
        sibling_facility_ids=frozenset(r.strings("sibling_facility_ids")),
        internal_transfer_facility_id=r.optional_id("internal_transfer_facility_id"),
        readmission_facility_id=r.optional_id("readmission_facility_id"),
        crisis_overflow=r.boolean("crisis_overflow"),
        needs=frozenset(_need(r, n) for n in r.strings("needs")),
        referrer_id=r.optional_id("referrer_id"),
    )


def pool_from_json(data: object, catalogue: ModuleCatalogue | None = None) -> list[Request]:
    """Parse a pool: a JSON list of requests."""
    catalogue = catalogue or default_catalogue()
    if not isinstance(data, Sequence) or isinstance(data, str | bytes):
        raise InputError("pool: expected a JSON list of requests")
    requests = [request_from_json(item, f"pool[{i}]", catalogue) for i, item in enumerate(data)]
    seen: set[str] = set()
    for i, request in enumerate(requests):
        if request.id in seen:
            raise InputError(f"pool[{i}]: request id '{request.id}' appears more than once")
        seen.add(request.id)
    return requests


def place_to_json(place: PlaceProfile) -> dict[str, Any]:
    """The inverse of `place_from_json`, for exporting what-if inputs."""
    return {
        "id": place.id, "facility_id": place.facility_id, "module_type": place.module_type,
        "region": place.region.value, "available_from": place.available_from.isoformat(),
        "age_min": place.age_min, "age_max": place.age_max, "genders": sorted(g.value for g in place.genders),
        "short_stay": place.short_stay, "access": place.access.value, "cofinanced_by": place.cofinanced_by,
        "location": None if place.location is None else {"lat": place.location.lat, "lon": place.location.lon},
        "ideal_profile": sorted(n.value for n in place.ideal_profile),
        "unit_id": place.unit_id, "vertical": place.vertical, "group_composition": place.group_composition,
        "carrying_capacity": place.carrying_capacity, "contact": place.contact,
        "complexity_signal": place.complexity_signal,
    }


def request_to_json(request: Request) -> dict[str, Any]:
    """The inverse of `request_from_json`."""
    home = request.home
    return {
        "id": request.id, "youth_id": request.youth_id, "birth_date": request.birth_date.isoformat(),
        "gender": request.gender.value, "region": request.region.value,
        "module_types": sorted(request.module_types), "urgency": int(request.urgency),
        "registered_on": request.registered_on.isoformat(),
        "sibling_facility_ids": sorted(request.sibling_facility_ids),
        "internal_transfer_facility_id": request.internal_transfer_facility_id,
        "readmission_facility_id": request.readmission_facility_id,
        "crisis_overflow": request.crisis_overflow,
        "home": None if home is None else {"lat": home.lat, "lon": home.lon},
        "needs": sorted(n.value for n in request.needs),
        "referrer_id": request.referrer_id,
    }
