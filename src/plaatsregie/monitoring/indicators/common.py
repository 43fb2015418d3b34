"""Small shared pieces of the indicators: the facilities in scope (alphabetical), percentages, month labels."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db.models import Count
from django.utils.formats import date_format

from plaatsregie.monitoring.indicators.intervals import once_per_batch
from plaatsregie.monitoring.indicators.scope import Scope


@dataclass(frozen=True)
class FacilityRow:
    id: int
    name: str
    ref: str


def facilities_in(scope: Scope) -> list[FacilityRow]:
    """The facilities in scope, alphabetically: figures are for dialogue, never a ranking (D-27a). Within
    `intervals.batch()` read once per scope (a dashboard's per-facility tables all list them)."""
    return [FacilityRow(id, name, ref) for id, name, ref, _region in _facilities(scope)]


def _facilities(scope: Scope) -> list[tuple[int, str, str, str]]:
    return once_per_batch("facilities", scope, lambda: list(
        scope.facilities().values_list("id", "name", "ref", "region")))


def places_now(scope: Scope) -> list[tuple[int, str, int]]:
    """(facility, status, places) for the places in scope as they are now; within `intervals.batch()` read once
    per scope (places by status, and the places behind the complexity fair share)."""
    return once_per_batch("places_now", scope, lambda: list(
        scope.places().values_list("unit__facility_id", "status").annotate(n=Count("id")).order_by()))


def facility_rows(scope: Scope, cells: Callable[[FacilityRow], list[Any]]) -> tuple[list[list[Any]], list[str]]:
    """One table row per facility in scope, alphabetically (D-27a): its name, then `cells(facility)`; and each
    row's facility reference (the table's `row_keys`, for click-through)."""
    facilities = facilities_in(scope)
    return [[facility.name, *cells(facility)] for facility in facilities], [facility.ref for facility in facilities]


def percent(part: float | int | None, whole: float | int | None, digits: int = 1) -> float | None:
    if not whole or part is None:
        return None
    return round(100.0 * float(part) / float(whole), digits)


def month_label(first: date) -> str:
    return date_format(first, "m/Y")


def days(value: float | int | None, digits: int = 1) -> float | None:
    return None if value is None else round(float(value), digits)


@dataclass(frozen=True)
class Group:
    """A row of a per-facility indicator: one facility, or (`group="province"`) all facilities of a province."""

    label: str
    key: str  # facility ref, or the province
    facility_ids: tuple[int, ...]


def groups_in(scope: Scope, group: str = "facility") -> list[Group]:
    """The rows of a per-facility indicator, alphabetically: facilities, or provinces with their facilities."""
    if group == "facility":
        return [Group(f.name, f.ref, (f.id,)) for f in facilities_in(scope)]
    if group != "province":
        raise ValueError(group)
    members: dict[str, list[int]] = {}
    for facility_id, _name, _ref, region in _facilities(scope):
        members.setdefault(region, []).append(facility_id)
    return [Group(region, region, tuple(ids)) for region, ids in sorted(members.items())]


def summed(values: dict[int, dict[str, float]] | dict[int, float], ids: tuple[int, ...], field: str = "") -> float:
    """The sum over the facilities `ids` of a per-facility figure (or of one `field` of it)."""
    total = 0.0
    for facility_id in ids:
        value = values.get(facility_id)
        if isinstance(value, dict):
            total += float(value.get(field, 0) or 0)
        elif value is not None:
            total += float(value)
    return total
