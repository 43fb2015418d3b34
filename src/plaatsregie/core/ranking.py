"""The ranking engine (D-10, D-11, D-22): eligible candidates for one place, in policy order, explained.

Eligibility rules are checked in a fixed order and the first that fails is the one reported:
module_scope, module_requested, age, gender, region, then the rules a policy adds (urgency_bound) and
the bars the placement workflow passes in (e.g. a youth refused for this vacancy).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

import numpy as np
import numpy.typing as npt

from plaatsregie.core.errors import InputError
from plaatsregie.core.geo import haversine_km
from plaatsregie.core.modules import ModuleCatalogue, ScopeDecision, default_catalogue
from plaatsregie.core.policy import Consideration, OrderingKey, Policy, RegionScope
from plaatsregie.core.pool import GENDERS, REGIONS, IntArray, ModuleRows, RequestPool, SmallArray, needs_mask
from plaatsregie.core.types import PlaceProfile


class Rule(StrEnum):
    """Eligibility rules, in the order they are checked."""

    MODULE_SCOPE = "module_scope"
    MODULE_REQUESTED = "module_requested"
    AGE = "age"
    GENDER = "gender"
    REGION = "region"
    URGENCY_BOUND = "urgency_bound"


RULES: tuple[Rule, ...] = tuple(Rule)
_RULE_VALUES = frozenset(rule.value for rule in Rule)
ELIGIBLE = -1
_MODULE_REQUESTED, _AGE, _GENDER, _REGION, _URGENCY_BOUND = (
    RULES.index(rule) for rule in (Rule.MODULE_REQUESTED, Rule.AGE, Rule.GENDER, Rule.REGION, Rule.URGENCY_BOUND)
)
_RULE_NAMES = np.array([rule.value for rule in RULES], dtype=object)  # indexable by rule code

# Per ordering key, the column it sorts on and whether larger values go first.
_DESCENDING = {
    OrderingKey.URGENCY: False,
    OrderingKey.CONSIDERATIONS: True,
    OrderingKey.DISTANCE_BAND: False,
    OrderingKey.PROFILE_FIT: True,
    OrderingKey.WAITING_DAYS: True,
}


@dataclass(frozen=True, eq=False)
class Ranking:
    """The outcome of ranking one place: arrays first, people-readable views on demand."""

    place: PlaceProfile
    policy: Policy
    pool: RequestPool
    scope: ScopeDecision
    order: IntArray  # pool rows of the candidates, best first
    components: Mapping[str, npt.NDArray[Any]]  # per component, aligned with `order`
    excluded_rows: IntArray
    excluded_rules: tuple[str, ...]  # rule code per excluded row
    ages: IntArray  # completed years on the place's start date, for every pool row

    @property
    def candidate_ids(self) -> list[str]:
        return [self.pool.ids[row] for row in self.order]

    def excluded_rule_by_id(self) -> dict[str, str]:
        return {self.pool.ids[row]: rule for row, rule in zip(self.excluded_rows, self.excluded_rules, strict=True)}


def rank(
    place: PlaceProfile,
    pool: RequestPool,
    policy: Policy,
    *,
    catalogue: ModuleCatalogue | None = None,
    barred: Mapping[str, str] | None = None,
) -> Ranking:
    """Rank the pool for one place under a policy. Deterministic: ties end on the request id."""
    catalogue = catalogue or default_catalogue()
    _check_bar_codes(barred or {})
    scope = catalogue.scope_of(place.module_type, place.access, place.cofinanced_by)
    reference = place.available_from
    ages = pool.birth_year.copy()
    np.subtract(reference.year, ages, out=ages)
    ages -= pool.birth_monthday > reference.month * 100 + reference.day
    if not scope.in_scope:  # D-2: out-of-scope places never get a candidate list
        rows = np.arange(len(pool), dtype=np.int64)
        empty = _components(place, pool, policy, rows[:0], ages)
        return Ranking(place, policy, pool, scope, rows[:0], empty, rows, (Rule.MODULE_SCOPE.value,) * len(pool), ages)
    codes = _first_failing_rule(place, pool, policy, ages)
    extra_rules = _apply_bars(codes, pool, barred or {})
    eligible = np.flatnonzero(codes == ELIGIBLE)
    components = _components(place, pool, policy, eligible, ages)
    permutation = _lexicographic_order(policy, components, pool.id_rank[eligible])
    excluded = np.flatnonzero(codes != ELIGIBLE)
    names = _RULE_NAMES if not extra_rules else np.array([*_RULE_NAMES, *extra_rules], dtype=object)
    return Ranking(
        place=place,
        policy=policy,
        pool=pool,
        scope=scope,
        order=eligible[permutation],
        components={name: column[permutation] for name, column in components.items()},
        excluded_rows=excluded,
        excluded_rules=tuple(names[codes[excluded]].tolist()),
        ages=ages,
    )


def _first_failing_rule(place: PlaceProfile, pool: RequestPool, policy: Policy, ages: IntArray) -> IntArray:
    """Rule index per row, or ELIGIBLE; the earliest failing rule wins.

    Rows not asking for the place's module fail `module_requested` whatever else holds, so the later
    rules are only checked on the rows that ask for it (the pool's per-module index).
    """
    codes = np.full(len(pool), _MODULE_REQUESTED, dtype=np.int64)
    asking = pool.rows_asking(place.module_type)
    codes[asking.rows] = _rules_after_module(place, policy, asking, ages[asking.rows])
    return codes


def _rules_after_module(place: PlaceProfile, policy: Policy, asking: ModuleRows, ages: IntArray) -> SmallArray:
    """The first failing rule among age, gender, region and urgency bound, for rows asking for the module.

    Later rules are applied first, so an earlier rule overwrites them; branch-free `where` is faster
    than masked assignment on unpredictable masks.
    """
    codes: SmallArray = np.where(asking.urgency > policy.max_urgency, _URGENCY_BOUND, ELIGIBLE).astype(np.int8)
    if policy.region_scope_for(place.module_type) is RegionScope.SAME_REGION:
        codes = np.where(asking.region != REGIONS.index(place.region), _REGION, codes)
    accepted = np.array([gender in place.genders for gender in GENDERS])
    if not accepted.all():
        codes = np.where(accepted[asking.gender], codes, _GENDER)
    return np.where((ages < place.age_min) | (ages > place.age_max), _AGE, codes)


def _check_bar_codes(barred: Mapping[str, str]) -> None:
    """A workflow bar has its own code, so no explanation can confuse it with an eligibility rule (D-22)."""
    for rule in set(barred.values()):
        if rule in _RULE_VALUES:
            raise InputError(f"a bar may not use the eligibility rule code '{rule}'")


def _apply_bars(codes: IntArray, pool: RequestPool, barred: Mapping[str, str]) -> list[str]:
    """Workflow bars (e.g. refused for this vacancy) apply only to rows that pass every policy rule."""
    extra: list[str] = []
    if not barred:
        return extra
    for request_id, rule in sorted(barred.items()):
        row = pool.row_of.get(request_id)
        if row is None or codes[row] != ELIGIBLE:
            continue
        if rule not in extra:
            extra.append(rule)
        codes[row] = len(RULES) + extra.index(rule)
    return extra


def _components(
    place: PlaceProfile, pool: RequestPool, policy: Policy, rows: IntArray, ages: IntArray
) -> dict[str, npt.NDArray[Any]]:
    """The ordering components of the eligible rows, each a column aligned with `rows`."""
    facility = pool.facility_code.get(place.facility_id, -2)
    sibling = pool.sibling_flags(place.facility_id)[rows]
    transfer = pool.internal_transfer_facility[rows] == facility
    readmission = pool.readmission_facility[rows] == facility
    crisis = pool.crisis_overflow[rows]
    weights = policy.consideration_weights
    considerations = (
        weights.get(Consideration.SIBLING, 1) * sibling
        + weights.get(Consideration.INTERNAL_TRANSFER, 1) * transfer
        + weights.get(Consideration.READMISSION, 1) * readmission
        + weights.get(Consideration.CRISIS_OVERFLOW, 1) * crisis
    ).astype(np.int64)
    if place.location is None:
        distance = np.full(len(rows), np.nan)
    else:
        lat, lon = np.radians(place.location.lat), np.radians(place.location.lon)
        distance = haversine_km(pool.home_lat[rows], pool.home_lon[rows], lat, lon)
    return {
        "urgency": pool.urgency[rows],
        "considerations": considerations,
        "sibling": sibling,
        "internal_transfer": transfer,
        "readmission": readmission,
        "crisis_overflow": crisis,
        "distance_km": distance,
        "distance_band": np.searchsorted(np.array(policy.distance_limits_km), distance, side="left"),
        "profile_fit": np.bitwise_count(pool.needs[rows] & needs_mask(place.ideal_profile)).astype(np.int64),
        "waiting_days": place.available_from.toordinal() - pool.registered[rows],
        "age": ages[rows],
    }


def _lexicographic_order(
    policy: Policy, components: Mapping[str, npt.NDArray[Any]], id_rank: IntArray
) -> IntArray:
    """Sort key by key as the policy lists them (D-26: lexicographic, no weight can overtake)."""
    keys: list[npt.NDArray[Any]] = [id_rank]
    for key in reversed(policy.ordering):
        column = components[key.value]
        keys.append(-column if _DESCENDING[key] else column)
    permutation: IntArray = np.lexsort(keys)
    return permutation
