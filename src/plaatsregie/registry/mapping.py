"""Rows ↔ domain values for the supply side, in one place."""

from __future__ import annotations

from datetime import date

from plaatsregie.core.errors import DomainError
from plaatsregie.core.modules import Flow, ModuleCatalogue, ModuleType, Scope, ScopeExclusion
from plaatsregie.core.types import Access, Gender, Location, Need, PlaceProfile, Region
from plaatsregie.registry import models


class PlaceNotFound(DomainError):
    """No place with the given reference."""


def catalogue_from_db() -> ModuleCatalogue:
    """The module catalogue as the admin maintains it (D-2: scope is data)."""
    modules = {
        code: ModuleType(code, name, Scope(scope), Flow(flow))
        for code, name, scope, flow in models.ModuleType.objects.values_list("code", "name", "scope", "flow")
    }
    exclusions = tuple(
        ScopeExclusion(
            reason=row.reason,
            modules=frozenset(m.code for m in row.modules.all()),
            access=Access(row.access) if row.access else None,
            cofinanced_by=row.cofinanced_by or None,
        )
        for row in models.ScopeExclusion.objects.prefetch_related("modules")
    )
    return ModuleCatalogue(modules, exclusions)


_PLACE_FIELDS = (
    "ref", "unit__facility__ref", "unit__module_type__code", "unit__facility__region", "available_from",
    "age_min", "age_max", "genders", "short_stay", "unit__facility__lat", "unit__facility__lon",
    "unit__access", "unit__cofinanced_by", "unit__ref", "vertical", "ideal_profile",
    "group_composition", "carrying_capacity", "contact",
)


def place_profile(ref: str, today: date) -> PlaceProfile:
    """The profile of the place with this reference; a place without a date is ranked as free today."""
    row = models.Place.objects.filter(ref=ref).values_list(*_PLACE_FIELDS).first()
    if row is None:
        raise PlaceNotFound(f"no place with reference '{ref}'")
    (ref, facility, module, region, available_from, age_min, age_max, genders, short_stay, lat, lon,
     access, cofinanced_by, unit, vertical, ideal_profile, composition, capacity, contact) = row
    return PlaceProfile(
        id=ref,
        facility_id=facility,
        module_type=module,
        region=Region(region),
        available_from=available_from or today,
        age_min=age_min,
        age_max=age_max,
        genders=frozenset(Gender(g) for g in genders),
        short_stay=short_stay,
        location=Location(lat, lon),
        access=Access(access),
        cofinanced_by=cofinanced_by or None,
        unit_id=unit,
        vertical=vertical,
        ideal_profile=frozenset(Need(n) for n in ideal_profile),
        group_composition=composition,
        carrying_capacity=capacity,
        contact=contact,
    )
