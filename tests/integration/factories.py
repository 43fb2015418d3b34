"""Small factories for database rows: each test states only what matters to it."""

from __future__ import annotations

from datetime import date
from itertools import count
from typing import Any

from plaatsregie.registry import models as registry
from plaatsregie.waiting import models as waiting

_numbers = count(1)


def _ref(prefix: str) -> str:
    return f"{prefix}-{next(_numbers):05d}"


def a_facility(**fields: Any) -> registry.Facility:
    values: dict[str, Any] = {"ref": _ref("VZ"), "name": "De Linde (fictief)", "region": "Antwerpen",
                              "lat": 51.2194, "lon": 4.4025}
    return registry.Facility.objects.create(**(values | fields))


def a_unit(facility: registry.Facility | None = None, module: str = "OVBJ", **fields: Any) -> registry.Unit:
    return registry.Unit.objects.create(
        ref=_ref("LG"), facility=facility or a_facility(), name="Leefgroep Noord",
        module_type=registry.ModuleType.objects.get(code=module), **fields,
    )


def a_place(unit: registry.Unit | None = None, **fields: Any) -> registry.Place:
    values: dict[str, Any] = {"ref": _ref("PL"), "status": "freeing", "available_from": date(2027, 3, 1),
                              "age_min": 12, "age_max": 17, "genders": "FMX"}
    return registry.Place.objects.create(unit=unit or a_unit(), **(values | fields))


def a_request(modules: tuple[str, ...] = ("OVBJ",), siblings: tuple[registry.Facility, ...] = (),
              youth: dict[str, Any] | None = None, **fields: Any) -> waiting.Request:
    youth_values: dict[str, Any] = {"ref": _ref("J"), "birth_date": date(2012, 5, 1), "gender": "F",
                                    "region": "Antwerpen", "home_lat": 51.2, "home_lon": 4.4}
    person = waiting.Youth.objects.create(**(youth_values | (youth or {})))
    values: dict[str, Any] = {"ref": _ref("AM"), "urgency": 2, "registered_on": date(2026, 1, 1)}
    request = waiting.Request.objects.create(youth=person, **(values | fields))
    request.module_types.set(registry.ModuleType.objects.filter(code__in=modules))
    request.sibling_facilities.set(siblings)
    return request
