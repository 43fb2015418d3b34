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
from plaatsregie.core.pool import GENDERS, REGIONS, BoolArray, IntArray, ModuleRows, RequestPool, SmallArray, needs_mask
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
    ranked = _ranked(place, pool, policy, catalogue, barred)
    ages, columns = ranked.ages, ranked.columns
    if ranked.codes is None:  # D-2: out-of-scope places never get a candidate list
        rows = np.arange(len(pool), dtype=np.int64)
        empty = columns.all()
        return Ranking(
            place, policy, pool, ranked.scope, rows[:0], empty, rows, (Rule.MODULE_SCOPE.value,) * len(pool), ages
        )
    codes, permutation = ranked.codes, ranked.permutation
    components = columns.all()
    excluded = np.flatnonzero(codes != ELIGIBLE)
    names = _RULE_NAMES if not ranked.extra_rules else np.array([*_RULE_NAMES, *ranked.extra_rules], dtype=object)
    return Ranking(
        place=place,
        policy=policy,
        pool=pool,
        scope=ranked.scope,
        order=ranked.order,
        components={name: column[permutation] for name, column in components.items()},
        excluded_rows=excluded,
        excluded_rules=tuple(names[codes[excluded]].tolist()),
        ages=ages,
    )


def rank_order(
    place: PlaceProfile,
    pool: RequestPool,
    policy: Policy,
    *,
    catalogue: ModuleCatalogue | None = None,
    barred: Mapping[str, str] | None = None,
) -> IntArray:
    """The pool rows of the candidates, best first: exactly `rank(...).order`, without the explanation.

    The same code path as `rank` (`_ranked`): the same rules, bars and lexicographic order; it only skips
    what explains the order (the components the policy does not order by, the excluded rows' rule codes).
    For callers that rank very often and need only the order, such as the simulator (issue 5).
    """
    return _ranked(place, pool, policy, catalogue, barred).order


@dataclass(frozen=True, eq=False)
class _Ranked:
    """What `rank` and `rank_order` share: the rule codes and the candidate order."""

    scope: ScopeDecision
    ages: IntArray
    columns: _Columns
    codes: IntArray | None  # None: the place is out of scope
    extra_rules: list[str]
    eligible: IntArray
    permutation: IntArray  # of `eligible`, best first
    order: IntArray  # eligible[permutation]


def _ranked(
    place: PlaceProfile,
    pool: RequestPool,
    policy: Policy,
    catalogue: ModuleCatalogue | None,
    barred: Mapping[str, str] | None,
) -> _Ranked:
    """Eligibility and order of one place: the single implementation behind `rank` and `rank_order`."""
    catalogue = catalogue or default_catalogue()
    _check_bar_codes(barred or {})
    scope = catalogue.scope_of(place.module_type, place.access, place.cofinanced_by)
    reference = place.available_from
    ages = pool.birth_year.copy()
    np.subtract(reference.year, ages, out=ages)
    ages -= pool.birth_monthday > reference.month * 100 + reference.day
    if not scope.in_scope:  # D-2: out-of-scope places never get a candidate list
        none = np.empty(0, dtype=np.int64)
        return _Ranked(scope, ages, _Columns(place, pool, policy, none, ages), None, [], none, none, none)
    codes = _first_failing_rule(place, pool, policy, ages)
    extra_rules = _apply_bars(codes, pool, barred or {})
    eligible = np.flatnonzero(codes == ELIGIBLE)
    columns = _Columns(place, pool, policy, eligible, ages)
    permutation = _lexicographic_order(policy, columns, pool.id_rank[eligible])
    return _Ranked(scope, ages, columns, codes, extra_rules, eligible, permutation, eligible[permutation])


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


class _Columns:
    """The ordering components of the eligible rows, each a column aligned with `rows`, computed on first use.

    `rank` asks for every component (they explain the order); `rank_order` only for those the policy orders by.
    """

    NAMES = (
        "urgency", "considerations", "sibling", "internal_transfer", "readmission", "crisis_overflow",
        "distance_km", "distance_band", "profile_fit", "waiting_days", "age",
    )

    def __init__(self, place: PlaceProfile, pool: RequestPool, policy: Policy, rows: IntArray, ages: IntArray) -> None:
        self.place, self.pool, self.policy, self.rows, self.ages = place, pool, policy, rows, ages
        self.done: dict[str, npt.NDArray[Any]] = {}

    def __getitem__(self, name: str) -> npt.NDArray[Any]:
        column = self.done.get(name)
        if column is None:
            column = self.done[name] = getattr(self, f"_{name}")()
        return column

    def all(self) -> dict[str, npt.NDArray[Any]]:
        return {name: self[name] for name in self.NAMES}

    def _facility(self) -> int:
        return self.pool.facility_code.get(self.place.facility_id, -2)

    def _urgency(self) -> npt.NDArray[Any]:
        return self.pool.urgency[self.rows]

    def _sibling(self) -> npt.NDArray[Any]:
        return self.pool.sibling_flags(self.place.facility_id)[self.rows]

    def _internal_transfer(self) -> npt.NDArray[Any]:
        same: BoolArray = self.pool.internal_transfer_facility[self.rows] == self._facility()
        return same

    def _readmission(self) -> npt.NDArray[Any]:
        same: BoolArray = self.pool.readmission_facility[self.rows] == self._facility()
        return same

    def _crisis_overflow(self) -> npt.NDArray[Any]:
        return self.pool.crisis_overflow[self.rows]

    def _considerations(self) -> npt.NDArray[Any]:
        weights = self.policy.consideration_weights
        considerations: IntArray = (
            weights.get(Consideration.SIBLING, 1) * self["sibling"]
            + weights.get(Consideration.INTERNAL_TRANSFER, 1) * self["internal_transfer"]
            + weights.get(Consideration.READMISSION, 1) * self["readmission"]
            + weights.get(Consideration.CRISIS_OVERFLOW, 1) * self["crisis_overflow"]
        ).astype(np.int64)
        return considerations

    def _distance_km(self) -> npt.NDArray[Any]:
        location, rows = self.place.location, self.rows
        if location is None:
            return np.full(len(rows), np.nan)
        lat, lon = np.radians(location.lat), np.radians(location.lon)
        return haversine_km(self.pool.home_lat[rows], self.pool.home_lon[rows], lat, lon)

    def _distance_band(self) -> npt.NDArray[Any]:
        return np.searchsorted(np.array(self.policy.distance_limits_km), self["distance_km"], side="left")

    def _profile_fit(self) -> npt.NDArray[Any]:
        fit: IntArray = np.bitwise_count(self.pool.needs[self.rows] & needs_mask(self.place.ideal_profile)).astype(
            np.int64
        )
        return fit

    def _waiting_days(self) -> npt.NDArray[Any]:
        return self.place.available_from.toordinal() - self.pool.registered[self.rows]

    def _age(self) -> npt.NDArray[Any]:
        return self.ages[self.rows]


def _lexicographic_order(policy: Policy, components: _Columns, id_rank: IntArray) -> IntArray:
    """Sort key by key as the policy lists them (D-26: lexicographic, no weight can overtake)."""
    keys: list[npt.NDArray[Any]] = [id_rank]
    for key in reversed(policy.ordering):
        column = components[key.value]
        keys.append(-column if _DESCENDING[key] else column)
    permutation: IntArray = np.lexsort(keys)
    return permutation
