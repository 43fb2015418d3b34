"""Rows ↔ domain values for the supply side, in one place.

The queries here run for every ranking (`plaatsregie rank --place`, every candidate list), so they are compiled by
the ORM once per database vendor and their rows read straight from the cursor (`fetch`): building and compiling a
queryset costs more than running these small queries. The waiting pool (`plaatsregie.waiting.pool`) reads its
rows the same way.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from datetime import date
from functools import cache, lru_cache
from types import MappingProxyType
from typing import Any

from django.db import connection
from django.db.models import QuerySet, TextField
from django.db.models.functions import Cast

from plaatsregie.core.errors import DomainError
from plaatsregie.core.modules import Flow, ModuleCatalogue, ModuleType, Scope, ScopeExclusion
from plaatsregie.core.types import Access, Gender, Location, Need, PlaceProfile, Region
from plaatsregie.registry import models

Query = Callable[[], QuerySet[Any, Any]]


class PlaceNotFound(DomainError):
    """No place with the given reference."""


def argument(position: int) -> str:
    """A placeholder value for a query compiled once: `fetch` puts the caller's argument in its place."""
    return f"\x00argument {position}\x00"


@cache
def _compiled(query: Query, vendor: str) -> tuple[str, tuple[Any, ...], tuple[tuple[int, int], ...]]:
    """A query's SQL and parameters, compiled once per database vendor, and where its `argument`s go."""
    sql, params = query().query.sql_with_params()
    placeholders = {argument(position): position for position in range(8)}
    slots = tuple((index, placeholders[value]) for index, value in enumerate(params)
                  if isinstance(value, str) and value in placeholders)
    return sql, tuple(params), slots


def compiled(query: Query) -> tuple[str, tuple[Any, ...]]:
    """A query without `argument`s as SQL and parameters for the current database (compiled once)."""
    sql, params, _ = _compiled(query, connection.vendor)
    return sql, params


def compile_queries(*queries: Query) -> None:
    """Compile these queries for the current database now (once per process, part of a command's start-up)."""
    for query in queries:
        _compiled(query, connection.vendor)


def ranking_queries() -> tuple[Query, ...]:
    """The queries ranking a stored place runs: its place and the module catalogue."""
    return _place_row, _module_rows, _exclusion_rows


def fetch(query: Query, *arguments: Any) -> list[tuple[Any, ...]]:
    """The rows of a `values_list` query straight from the cursor (no per-row ORM work, no converters).

    `query` builds the queryset (called once per vendor); `argument(n)` in it stands for `arguments[n]`. Values
    come as the database driver gives them: JSON is best cast to text, and SQLite gives text for text casts.
    """
    sql, params, slots = _compiled(query, connection.vendor)
    if slots:
        values = list(params)
        for index, position in slots:
            values[index] = arguments[position]
        params = tuple(values)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows: list[tuple[Any, ...]] = cursor.fetchall()
        return rows


def _module_rows() -> QuerySet[Any, Any]:
    return models.ModuleType.objects.order_by("code").values_list("code", "name", "scope", "flow")


def _exclusion_rows() -> QuerySet[Any, Any]:
    """One row per exclusion and module (a NULL module for an exclusion of every module), in the admin's order."""
    return models.ScopeExclusion.objects.order_by("pk", "modules__code").values_list(
        "pk", "reason", "access", "cofinanced_by", "modules__code")


def catalogue_from_db() -> ModuleCatalogue:
    """The module catalogue as the admin maintains it (D-2: scope is data).

    Always read from the database, so a change made anywhere (another process, the admin) counts at once; the
    catalogue value is only rebuilt when the rows differ from those of a recent call.
    """
    return _catalogue(tuple(fetch(_module_rows)), tuple(fetch(_exclusion_rows)))


@lru_cache(maxsize=8)
def _catalogue(module_rows: tuple[tuple[Any, ...], ...],
               exclusion_rows: tuple[tuple[Any, ...], ...]) -> ModuleCatalogue:
    """The catalogue of these rows; shared between calls, so its mappings are read-only."""
    modules = {code: ModuleType(code, name, Scope(scope), Flow(flow)) for code, name, scope, flow in module_rows}
    grouped: dict[int, tuple[str, str, str, list[str]]] = {}
    for pk, reason, access, cofinanced_by, module in exclusion_rows:
        codes = grouped.setdefault(pk, (reason, access, cofinanced_by, []))[3]
        if module is not None:
            codes.append(module)
    exclusions = tuple(
        ScopeExclusion(
            reason=reason,
            modules=frozenset(codes),
            access=Access(access) if access else None,
            cofinanced_by=cofinanced_by or None,
        )
        for reason, access, cofinanced_by, codes in grouped.values()
    )
    return ModuleCatalogue(MappingProxyType(modules), exclusions)


_PLACE_FIELDS = (
    "ref", "unit__facility__ref", "unit__module_type__code", "unit__facility__region", "available_from",
    "age_min", "age_max", "genders", "short_stay", "unit__facility__lat", "unit__facility__lon",
    "unit__access", "unit__cofinanced_by", "unit__ref", "vertical", "ideal_profile_text",
    "group_composition", "carrying_capacity", "contact",
)


def _place_row() -> QuerySet[Any, Any]:
    """The fields of the place with the reference `argument(0)`; its ideal profile as JSON text."""
    places = models.Place.objects.filter(ref=argument(0)).order_by()
    return places.annotate(ideal_profile_text=Cast("ideal_profile", TextField())).values_list(*_PLACE_FIELDS)


def place_profile(ref: str, today: date) -> PlaceProfile:
    """The profile of the place with this reference; a place without a date is ranked as free today."""
    rows = fetch(_place_row, ref)
    if not rows:
        raise PlaceNotFound(f"no place with reference '{ref}'")
    (ref, facility, module, region, available_from, age_min, age_max, genders, short_stay, lat, lon,
     access, cofinanced_by, unit, vertical, ideal_profile, composition, capacity, contact) = rows[0]
    return PlaceProfile(
        id=ref,
        facility_id=facility,
        module_type=module,
        region=Region(region),
        available_from=_day(available_from) or today,
        age_min=age_min,
        age_max=age_max,
        genders=frozenset(Gender(g) for g in genders),
        short_stay=bool(short_stay),
        location=Location(lat, lon),
        access=Access(access),
        cofinanced_by=cofinanced_by or None,
        unit_id=unit,
        vertical=None if vertical is None else bool(vertical),
        ideal_profile=frozenset(Need(n) for n in _json_list(ideal_profile)),
        group_composition=composition,
        carrying_capacity=capacity,
        contact=contact,
    )


def _day(value: date | str | None) -> date | None:
    """A date column as the driver gives it (a date, or ISO text where a driver leaves it so)."""
    return date.fromisoformat(value) if isinstance(value, str) else value


def _json_list(value: str | Sequence[str] | None) -> Sequence[str]:
    """A JSON array column cast to text (or already decoded by the driver)."""
    if value is None:
        return ()
    return json.loads(value) if isinstance(value, str) else value
