"""The ranking engine (D-10, D-11, D-22): eligible candidates for one place, in policy order, explained.

Eligibility rules are checked in a fixed order and the first that fails is the one reported:
module_scope, module_requested, age, gender, region, then the rules a policy adds (urgency_bound) and
the bars the placement workflow passes in (e.g. a youth refused for this vacancy).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from functools import cache
from typing import Any, NamedTuple

import numpy as np
import numpy.typing as npt

from plaatsregie.core.complexity import COMPLEXITY_WEIGHTS
from plaatsregie.core.errors import InputError
from plaatsregie.core.modules import ModuleCatalogue, ScopeDecision, default_catalogue
from plaatsregie.core.policy import Consideration, OrderingKey, Policy, RegionScope
from plaatsregie.core.pool import (
    GENDERS,
    NEEDS,
    REGIONS,
    BoolArray,
    IntArray,
    ModuleRows,
    PackedColumns,
    RequestPool,
    SmallArray,
    needs_mask,
)
from plaatsregie.core.types import PlaceProfile, Urgency


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
_LEAST_URGENT = max(Urgency)
_IDENTITY: IntArray = np.arange(2, dtype=np.int64)  # the permutation of one row (sliced: none)
_IDENTITY.flags.writeable = False
_NO_CODES: SmallArray = np.empty(0, dtype=np.int8)  # `rank_order` keeps no rule codes
_RULE_NAMES = np.array([rule.value for rule in RULES], dtype=object)  # indexable by rule code

# Per ordering key, the column it sorts on and whether larger values go first.
_DESCENDING = {
    OrderingKey.URGENCY: False,
    OrderingKey.CONSIDERATIONS: True,
    OrderingKey.DISTANCE_BAND: False,
    OrderingKey.PROFILE_FIT: True,
    OrderingKey.WAITING_DAYS: True,
}
_REGION_INDEX = {region: code for code, region in enumerate(REGIONS)}
_SORTED_BY = {key: (key.value, descending) for key, descending in _DESCENDING.items()}


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
    ranked = _ranked(place, pool, policy, catalogue, barred, explain=True)
    ages, columns, codes = ranked.ages, ranked.columns, ranked.codes
    if codes is None:  # D-2: out-of-scope places never get a candidate list
        rows = np.arange(len(pool), dtype=np.int64)
        empty = columns.all()
        return Ranking(
            place, policy, pool, ranked.scope, rows[:0], empty, rows, (Rule.MODULE_SCOPE.value,) * len(pool), ages
        )
    permutation = ranked.permutation
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
    For callers that rank very often and need only the order, such as the simulator (issue 5). A pool that
    keeps its integer columns packed (a live pool's view) takes `_packed_order`: the same rules and sort keys.
    """
    packed = pool.packed
    if packed is not None:
        return _packed_order(place, pool, packed, policy, catalogue or default_catalogue(), barred)
    return _ranked(place, pool, policy, catalogue, barred, explain=False).order


def _packed_order(
    place: PlaceProfile,
    pool: RequestPool,
    packed: PackedColumns,
    policy: Policy,
    catalogue: ModuleCatalogue,
    barred: Mapping[str, str] | None,
) -> IntArray:
    """`_ranked(..., explain=False).order` for a pool with packed columns, compiled (`core/ranking_kernel.py`).

    The same steps: scope (D-2) and the rows asking for the module here; then, in the kernel, the rules of
    `_passes_after_module`, the bars (which only take rows that pass every rule out: `_apply_bars`) and the
    lexicographic order of the same sort keys, ending on the id rank. The place's and policy's parts become
    numbers and tables here: the gender-region table, the age rule as a range of birth keys, the facility's
    code, the distance bands of the place's location, the profile-fit table.
    """
    if barred:
        _check_bar_codes(barred)
    if not catalogue.scope_of(place.module_type, place.access, place.cofinanced_by).in_scope:
        return np.empty(0, dtype=np.int64)
    asking = pool.rows_asking(place.module_type)
    plan = _kernel_plan(policy)
    same_region = policy.region_scope_for(place.module_type) is RegionScope.SAME_REGION
    table = _gender_region_passes(_REGION_INDEX[place.region] if same_region else -1, place.genders)
    start = place.available_from
    start_key = start.year * 10000 + start.month * 100 + start.day
    too_young, too_old = start_key - place.age_min * 10000, start_key - (place.age_max + 1) * 10000
    barred_rows = _NO_ROWS
    if barred:
        row_of = pool.row_of
        barred_rows = np.array([row_of[r] for r in barred if r in row_of], dtype=np.int64)
    bands = _NO_ROWS
    location = place.location
    if plan.bands and location is not None:
        bands = packed.band_table(math.radians(location.lat), math.radians(location.lon), plan.limits)
    facility, sibling = -2, _NO_FLAGS
    if plan.considerations:
        facility = pool.facility_code.get(place.facility_id, -2)
        if facility in pool.sibling_rows:
            sibling = pool.sibling_flags(place.facility_id)
    weights = plan.weights
    order: IntArray = _kernel().packed_order(
        asking.rows, asking.region_gender, asking.birth, asking.urgency, table, too_old + 1,
        max(too_young - too_old, 0), policy.max_urgency, barred_rows, packed.ints, plan.keys, bands,
        plan.no_location_band, _fit_table(_needs_mask(place.ideal_profile), -1), _complexity_table(),
        place.complexity_signal or 0, facility, weights[0], weights[1], weights[2], weights[3], sibling,
    )
    return order


class _KernelPlan(NamedTuple):
    """What `_packed_order` hands the kernel of a policy: the same for every ranking under it."""

    policy: Policy
    keys: IntArray  # ordering key codes of `ranking_kernel`, most significant first
    weights: tuple[int, int, int, int]  # crisis overflow, internal transfer, readmission, sibling
    limits: npt.NDArray[np.float64]
    bands: bool  # whether the policy orders by distance band
    considerations: bool  # whether it orders by considerations
    no_location_band: int  # the band of every row for a place without location (its distances are NaN)


_KERNEL_PLANS: dict[int, _KernelPlan] = {}
_NO_ROWS: IntArray = np.empty(0, dtype=np.int64)
_NO_FLAGS: BoolArray = np.empty(0, dtype=np.bool_)


def _kernel_plan(policy: Policy) -> _KernelPlan:
    """The policy's `_KernelPlan`, made once (a policy holds a mapping, so it cannot key a cache itself)."""
    plan = _KERNEL_PLANS.get(id(policy))
    if plan is not None and plan.policy is policy:
        return plan
    kernel = _kernel()
    codes = {
        OrderingKey.URGENCY: kernel.URGENCY, OrderingKey.CONSIDERATIONS: kernel.CONSIDERATIONS,
        OrderingKey.DISTANCE_BAND: kernel.DISTANCE_BAND, OrderingKey.PROFILE_FIT: kernel.PROFILE_FIT,
        OrderingKey.WAITING_DAYS: kernel.WAITING_DAYS, OrderingKey.COMPLEXITY_BALANCE: kernel.COMPLEXITY_BALANCE,
    }
    weights = policy.consideration_weights
    limits = _limits(policy.distance_limits_km)
    keys = np.array([codes[key] for key in policy.ordering], dtype=np.int64)
    keys.flags.writeable = False
    plan = _KernelPlan(
        policy, keys,
        tuple(weights.get(c, 1) for c in (Consideration.CRISIS_OVERFLOW, Consideration.INTERNAL_TRANSFER,
                                          Consideration.READMISSION, Consideration.SIBLING)),  # type: ignore[arg-type]
        limits, OrderingKey.DISTANCE_BAND in policy.ordering, OrderingKey.CONSIDERATIONS in policy.ordering,
        int(limits.searchsorted(np.nan, side="left")),
    )
    if len(_KERNEL_PLANS) >= 64:  # a web process loads a policy per request: keep only the recent ones
        _KERNEL_PLANS.clear()
    _KERNEL_PLANS[id(policy)] = plan
    return plan


@cache
def _kernel() -> Any:
    """`core.ranking_kernel`, imported when a live pool is first ranked: importing numba takes a third of a
    second, which no web request or command that never ranks a live pool should pay."""
    from plaatsregie.core import ranking_kernel

    return ranking_kernel


class _Ranked(NamedTuple):
    """What `rank` and `rank_order` share: the rule codes and the candidate order (a tuple: `rank_order`, which
    the simulator calls tens of thousands of times, builds one per call)."""

    scope: ScopeDecision
    columns: _Columns
    asking: ModuleRows | None  # the rows asking for the place's module; None: the place is out of scope
    asking_codes: SmallArray  # rule code (or ELIGIBLE) per row of `asking`; empty for `rank_order` without bars
    extra_rules: list[str]
    eligible: IntArray
    permutation: IntArray  # of `eligible`, best first
    order: IntArray  # eligible[permutation]

    @property
    def ages(self) -> IntArray:
        """Completed years on the place's start date, for every pool row (only `rank` explains with them)."""
        return _ages(self.columns.pool, self.columns.place.available_from)

    @property
    def codes(self) -> SmallArray | None:
        """Rule code per pool row (None: out of scope); rows not asking for the module fail `module_requested`."""
        if self.asking is None:
            return None
        codes: SmallArray = np.full(len(self.columns.pool), _MODULE_REQUESTED, dtype=np.int16)
        codes[self.asking.rows] = self.asking_codes
        return codes


def _ranked(
    place: PlaceProfile,
    pool: RequestPool,
    policy: Policy,
    catalogue: ModuleCatalogue | None,
    barred: Mapping[str, str] | None,
    *,
    explain: bool,
) -> _Ranked:
    """Eligibility and order of one place: the single implementation behind `rank` and `rank_order`.

    Rows not asking for the place's module fail `module_requested` whatever else holds, so the later rules
    and the bars are only checked on the rows that ask for it (the pool's per-module index).
    """
    catalogue = catalogue or default_catalogue()
    if barred:
        _check_bar_codes(barred)
    scope = catalogue.scope_of(place.module_type, place.access, place.cofinanced_by)
    if not scope.in_scope:  # D-2: out-of-scope places never get a candidate list
        none = np.empty(0, dtype=np.int64)
        return _Ranked(scope, _Columns(place, pool, policy, none), None, none.astype(np.int8), [], none, none, none)
    asking = pool.rows_asking(place.module_type)
    extra_rules: list[str] = []
    if not explain and not barred:  # only who passes matters, not which rule fails first: `_passes_after_module`
        codes = _NO_CODES
        eligible = asking.rows[_passes_after_module(place, policy, asking)]
    else:
        codes = _rules_after_module(place, policy, asking)
        if barred:
            codes = codes.astype(np.int16)
            extra_rules = _apply_bars(codes, asking.rows, pool, barred)
        eligible = asking.rows[codes == ELIGIBLE]
    columns = _Columns(place, pool, policy, eligible)
    if len(eligible) > 1:
        permutation = _lexicographic_order(policy, columns, pool.id_rank[eligible])
    else:  # nothing to sort (one in five of the simulator's rankings finds nobody)
        permutation = _IDENTITY[: len(eligible)]
    return _Ranked(scope, columns, asking, codes, extra_rules, eligible, permutation, eligible[permutation])


def _ages(pool: RequestPool, reference: date) -> IntArray:
    """Completed years on `reference` of every pool row."""
    ages = pool.birth_year.copy()
    np.subtract(reference.year, ages, out=ages)
    ages -= pool.birth_monthday > reference.month * 100 + reference.day
    return ages


def _rules_after_module(place: PlaceProfile, policy: Policy, asking: ModuleRows) -> SmallArray:
    """The first failing rule among age, gender, region and urgency bound, for rows asking for the module.

    Gender and region come from one table per (region scope, place region, genders), indexed by the rows'
    `region_gender`; the age rule overwrites them, and the urgency bound, the last rule, applies only to rows
    that pass every other. The age rule compares birth dates as year * 10000 + month * 100 + day with the
    place's start date: completed years `(start - birth) // 10000` (the month-day part is less than 10000
    apart) are below `age_min` exactly when `birth > start - age_min * 10000`, above `age_max` exactly when
    `birth <= start - (age_max + 1) * 10000`.
    """
    same_region = policy.region_scope_for(place.module_type) is RegionScope.SAME_REGION
    table = _gender_region_table(_REGION_INDEX[place.region] if same_region else -1, place.genders)
    codes: SmallArray = table[asking.region_gender]
    start = place.available_from
    start_key = start.year * 10000 + start.month * 100 + start.day
    birth = asking.birth
    wrong_age = (birth > start_key - place.age_min * 10000) | (birth <= start_key - (place.age_max + 1) * 10000)
    codes[wrong_age] = _AGE
    if policy.max_urgency < _LEAST_URGENT:  # no request is beyond the least urgent class
        over = asking.urgency > policy.max_urgency
        if over.any():
            codes[over & (codes == ELIGIBLE)] = _URGENCY_BOUND
    return codes


def _passes_after_module(place: PlaceProfile, policy: Policy, asking: ModuleRows) -> BoolArray:
    """Which rows asking for the module pass age, gender, region and the urgency bound: exactly the rows
    `_rules_after_module` leaves ELIGIBLE, in fewer array operations. The age rule as one comparison: a birth
    key passes when `too_old < birth <= too_young`, i.e. when `birth - (too_old + 1)`, read as unsigned, is
    below `too_young - too_old` (a birth before the bound wraps around to a huge unsigned number)."""
    same_region = policy.region_scope_for(place.module_type) is RegionScope.SAME_REGION
    table = _gender_region_passes(_REGION_INDEX[place.region] if same_region else -1, place.genders)
    passes: BoolArray = table[asking.region_gender]
    start = place.available_from
    start_key = start.year * 10000 + start.month * 100 + start.day
    too_young, too_old = start_key - place.age_min * 10000, start_key - (place.age_max + 1) * 10000
    if too_young <= too_old:  # an empty age range: nobody passes
        passes[:] = False
        return passes
    birth: IntArray = asking.birth if asking.birth.dtype == np.int64 else asking.birth.astype(np.int64)
    passes &= (birth - (too_old + 1)).view(np.uint64) < too_young - too_old
    if policy.max_urgency < _LEAST_URGENT:
        passes &= asking.urgency <= policy.max_urgency
    return passes


@cache
def _gender_region_passes(region: int, genders: frozenset[str]) -> BoolArray:
    """`_gender_region_table(region, genders) == ELIGIBLE`."""
    passes: BoolArray = _gender_region_table(region, genders) == ELIGIBLE
    passes.flags.writeable = False
    return passes


@cache
def _gender_region_table(region: int, genders: frozenset[str]) -> SmallArray:
    """Per `region * len(GENDERS) + gender`: GENDER, REGION (when `region` >= 0: same region only) or ELIGIBLE."""
    table = np.full((len(REGIONS), len(GENDERS)), ELIGIBLE, dtype=np.int8)
    if region >= 0:
        table[[r for r in range(len(REGIONS)) if r != region], :] = _REGION
    table[:, [g for g, gender in enumerate(GENDERS) if gender not in genders]] = _GENDER
    table.flags.writeable = False
    return table.reshape(-1)


def _check_bar_codes(barred: Mapping[str, str]) -> None:
    """A workflow bar has its own code, so no explanation can confuse it with an eligibility rule (D-22)."""
    for rule in set(barred.values()):
        if rule in _RULE_VALUES:
            raise InputError(f"a bar may not use the eligibility rule code '{rule}'")


def _drop_bars(passes: BoolArray, rows: IntArray, pool: RequestPool, barred: Mapping[str, str]) -> None:
    """`_apply_bars` when only who stays eligible matters: a barred row that passes every rule no longer does."""
    for request_id in barred:
        row = pool.row_of.get(request_id)
        if row is not None:
            passes[rows == row] = False


def _apply_bars(codes: SmallArray, rows: IntArray, pool: RequestPool, barred: Mapping[str, str]) -> list[str]:
    """Workflow bars (e.g. refused for this vacancy) apply only to rows that pass every policy rule.

    `codes` are aligned with `rows` (the rows asking for the module: any other row fails a rule already).
    """
    extra: list[str] = []
    for request_id, rule in sorted(barred.items()):
        row = pool.row_of.get(request_id)
        if row is None:
            continue
        at = np.flatnonzero(rows == row)
        if len(at) == 0 or codes[at[0]] != ELIGIBLE:
            continue
        if rule not in extra:
            extra.append(rule)
        codes[at[0]] = len(RULES) + extra.index(rule)
    return extra


class _Columns:
    """The ordering components of the eligible rows, each a column aligned with `rows`, computed on first use.

    `rank` asks for every component (they explain the order); `rank_order` only for those the policy orders by.
    """

    NAMES = (
        "urgency", "considerations", "sibling", "internal_transfer", "readmission", "crisis_overflow",
        "distance_km", "distance_band", "profile_fit", "waiting_days", "age",
    )

    def __init__(self, place: PlaceProfile, pool: RequestPool, policy: Policy, rows: IntArray) -> None:
        self.place, self.pool, self.policy, self.rows = place, pool, policy, rows
        self.done: dict[str, npt.NDArray[Any]] = {}

    def __getitem__(self, name: str) -> npt.NDArray[Any]:
        column = self.done.get(name)
        if column is None:
            column = self.done[name] = _COMPUTE[name](self)
        return column

    def all(self) -> dict[str, npt.NDArray[Any]]:
        names: tuple[str, ...] = self.NAMES
        if OrderingKey.COMPLEXITY_BALANCE in self.policy.ordering:
            names = (*names, "complexity")
        return {name: self[name] for name in names}

    def sort_key(self, key: OrderingKey) -> npt.NDArray[Any]:
        """A column that sorts ascending as the policy orders `key`: the component, negated if larger goes first;
        for waiting days the registration day (the same order without two array operations)."""
        if key is OrderingKey.WAITING_DAYS:
            registered: IntArray = self.pool.registered[self.rows]
            return registered
        if key is OrderingKey.COMPLEXITY_BALANCE:  # D-28: its direction follows the facility's balance
            signal = self.place.complexity_signal
            complexity: IntArray = self["complexity"]
            return complexity * signal if signal else np.zeros(len(self.rows), dtype=np.int64)
        name, descending = _SORTED_BY[key]
        column = self[name]
        return -column if descending else column

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
        """The weighted count of considerations, as integers: a term of weight 0 is left out, one of weight 1
        added without multiplying, and a facility the pool names nowhere (code -2) gives no sibling, internal
        transfer or readmission. Integer sums in any order, so always the same values."""
        weights = self.policy.consideration_weights
        weight = weights.get(Consideration.CRISIS_OVERFLOW, 1)
        crisis = self["crisis_overflow"]
        considerations: IntArray = crisis.astype(np.int64) if weight == 1 else (weight * crisis).astype(np.int64)
        code = self._facility()
        if code < 0:
            return considerations
        terms = [(Consideration.INTERNAL_TRANSFER, "internal_transfer"), (Consideration.READMISSION, "readmission")]
        if code in self.pool.sibling_rows:
            terms.append((Consideration.SIBLING, "sibling"))
        for consideration, name in terms:
            weight = weights.get(consideration, 1)
            if weight == 1:
                considerations += self[name]
            elif weight:
                considerations += weight * self[name]
        return considerations

    def _distance_km(self) -> npt.NDArray[Any]:
        location, rows = self.place.location, self.rows
        if location is None:
            return np.full(len(rows), np.nan)
        lat, lon = math.radians(location.lat), math.radians(location.lon)  # the same double as np.radians
        return self.pool.distances_km(lat, lon, rows)

    def _distance_band(self) -> npt.NDArray[Any]:
        return _limits(self.policy.distance_limits_km).searchsorted(self["distance_km"], side="left")

    def _profile_fit(self) -> npt.NDArray[Any]:
        fit: IntArray = _fit_table(_needs_mask(self.place.ideal_profile))[self.pool.needs[self.rows]]
        return fit

    def _waiting_days(self) -> npt.NDArray[Any]:
        return self.place.available_from.toordinal() - self.pool.registered[self.rows]

    def _complexity(self) -> npt.NDArray[Any]:
        """Complexity points from the needs flags (core.complexity), the same measure monitoring uses (D-28)."""
        points: IntArray = _complexity_table()[self.pool.needs[self.rows]]
        return points

    def _age(self) -> npt.NDArray[Any]:
        return _ages(self.pool, self.place.available_from)[self.rows]


_COMPUTE: dict[str, Callable[[_Columns], npt.NDArray[Any]]] = {
    name: getattr(_Columns, f"_{name}") for name in (*_Columns.NAMES, "complexity")
}


@cache
def _limits(limits_km: tuple[float, ...]) -> npt.NDArray[np.float64]:
    return np.array(limits_km)


@cache
def _needs_mask(needs: frozenset[Any]) -> int:
    return needs_mask(needs)


@cache
def _fit_table(ideal: int, sign: int = 1) -> IntArray:
    """Per needs mask (every combination of `NEEDS`): how many of the needs are in the ideal profile (times
    `sign`: -1 gives the sort key of a descending order)."""
    table: IntArray = sign * np.bitwise_count(np.arange(1 << len(NEEDS), dtype=np.int64) & ideal).astype(np.int64)
    table.flags.writeable = False
    return table


@cache
def _complexity_table() -> IntArray:
    """Per needs mask (every combination of `NEEDS`): its complexity points (core.complexity.complexity_points)."""
    weights = np.array([COMPLEXITY_WEIGHTS.get(need.value, 0) for need in NEEDS], dtype=np.int64)
    masks = np.arange(1 << len(NEEDS), dtype=np.int64)
    bits = (masks[:, None] >> np.arange(len(NEEDS), dtype=np.int64)) & 1
    table: IntArray = bits @ weights
    table.flags.writeable = False
    return table


def _lexicographic_order(policy: Policy, components: _Columns, id_rank: IntArray) -> IntArray:
    """Sort key by key as the policy lists them (D-26: lexicographic, no weight can overtake)."""
    keys: list[npt.NDArray[Any]] = [id_rank]
    for key in reversed(policy.ordering):
        keys.append(components.sort_key(key))
    permutation: IntArray = np.lexsort(keys)
    return permutation
