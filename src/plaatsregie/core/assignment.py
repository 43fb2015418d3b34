"""Batch assignment for a matching round, as a what-if: many places, one pool, one policy.

The optimum is lexicographic (D-26: scarce capacity goes to the highest urgency first):
1. the number of urgency-1 youths placed, then urgency-2, … (1 is most urgent);
2. then the number of places filled;
3. then the total fit (`fit_scores`).
Eligibility is exactly the ranking engine's (`rank` per place), so no pair is proposed that a
candidate list would not show.

Weights. A pair of a youth of urgency class at level `k` (1 for the least urgent class present,
L for the most urgent) weighs `k * G + fit`, with `G = M * F + 1`, where M bounds the number of
pairs (min of places and youths with an eligible pair) and F is the largest fit of any pair.
Why this is exact: if matching X is lexicographically better than a maximum-weight matching Y,
some alternating path of X △ Y is lexicographically better on its own; such a path adds one youth,
or swaps one youth for a less urgent one, so applying it to Y gains at least G in urgency weight
and loses at most M * F in fit: Y was not maximal. The same exchange argument (placeable youth
sets form a transversal matroid) shows that objective 2 follows from objective 1: every
lexicographically optimal matching is a maximum matching, so it needs no weight of its own.
The largest weight is about 4 * M * F (F ≤ 9), and the solver's total cost stays below
`places * (largest weight + 1)`; that must stay below 2**53 for float64 to be exact, which holds
up to millions of places. Beyond that `AssignmentTooLargeError` is raised.

The solver is scipy's LAPJVsp (`min_weight_full_bipartite_matching`) on costs `ceiling - weight`,
with one dummy column per place at cost `ceiling` (weight 0, "stays empty"), so a full matching
always exists and every stored cost is ≥ 1 (scipy may read an explicit zero as a missing edge).
Equal optima are broken by the solver; the same input gives the same pairs.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from scipy.sparse import csr_array
from scipy.sparse.csgraph import min_weight_full_bipartite_matching

from plaatsregie.core.errors import DomainError, InputError
from plaatsregie.core.modules import ModuleCatalogue
from plaatsregie.core.policy import OrderingKey, Policy
from plaatsregie.core.pool import IntArray, RequestPool
from plaatsregie.core.ranking import Ranking, rank
from plaatsregie.core.types import PlaceProfile, Urgency

URGENCY_CLASSES: tuple[int, ...] = tuple(int(u) for u in Urgency)
FIT_CAP = 3  # each fit component contributes 0..FIT_CAP
EXACT_LIMIT = 2**53  # integers up to here are exact in float64, the solver's number type


class AssignmentTooLargeError(DomainError):
    """A round too large for exact lexicographic weights in float64."""


@dataclass(frozen=True, slots=True)
class Assignment:
    """Who goes where in one round, with the figures a what-if compares."""

    pairs: tuple[tuple[str, str], ...]  # (place id, request id), by place id
    unfilled_place_ids: tuple[str, ...]
    placed_by_urgency: dict[int, int]  # every urgency class, 0 when none placed
    total_fit: int
    rank_seconds: float  # building eligibility: `rank` per place
    solver_seconds: float  # choosing the pairs (the scipy call, or the greedy loop)
    total_seconds: float

    @property
    def places_filled(self) -> int:
        return len(self.pairs)


@dataclass(frozen=True, slots=True)
class AssignmentComparison:
    """How an assignment differs from a baseline; tuples are (assignment, baseline)."""

    places_filled: tuple[int, int]
    placed_by_urgency: dict[int, tuple[int, int]]
    total_fit: tuple[int, int]
    places_only_filled_by_assignment: tuple[str, ...]
    places_only_filled_by_baseline: tuple[str, ...]
    places_given_another_youth: tuple[str, ...]
    youths_only_placed_by_assignment: tuple[str, ...]
    youths_only_placed_by_baseline: tuple[str, ...]

    @property
    def identical(self) -> bool:
        return not (
            self.places_only_filled_by_assignment
            or self.places_only_filled_by_baseline
            or self.places_given_another_youth
        )


@dataclass(frozen=True, slots=True)
class _Eligibility:
    """Per place (in the given order): eligible pool rows in policy order and the fit of each."""

    places: tuple[PlaceProfile, ...]
    rows: tuple[IntArray, ...]
    fits: tuple[IntArray, ...]
    seconds: float


def fit_scores(ranking: Ranking) -> IntArray:
    """Fit of each candidate of a ranking (aligned with `.order`): an integer in 0..9.

    The sum, over the fit components the policy orders by, of a score capped at FIT_CAP:
    considerations (weighted special situations, D-10), nearness (FIT_CAP minus the distance band;
    an unknown distance is the last band) and profile fit (needs in the facility's ideal profile, D-4).
    Urgency and waiting time are not fit (D-26).
    """
    components, keys = ranking.components, ranking.policy.ordering
    fit = np.zeros(len(ranking.order), dtype=np.int64)
    if not fit.size:  # an out-of-scope ranking has no component columns at all
        return fit
    if OrderingKey.CONSIDERATIONS in keys:
        fit += np.minimum(components["considerations"], FIT_CAP)
    if OrderingKey.DISTANCE_BAND in keys:
        fit += np.maximum(FIT_CAP - components["distance_band"], 0)
    if OrderingKey.PROFILE_FIT in keys:
        fit += np.minimum(components["profile_fit"], FIT_CAP)
    return fit


def assign(
    places: Sequence[PlaceProfile],
    pool: RequestPool,
    policy: Policy,
    *,
    catalogue: ModuleCatalogue | None = None,
) -> Assignment:
    """The lexicographically optimal assignment: urgency classes first, then places filled, then fit."""
    start = time.perf_counter()
    eligibility = _eligibility(sorted(places, key=lambda p: p.id), pool, policy, catalogue)
    counts = np.array([len(rows) for rows in eligibility.rows], dtype=np.int64)
    if not counts.sum():
        return _result(eligibility, [], pool, 0.0, start)
    place_of_edge = np.repeat(np.arange(len(counts)), counts)
    row_of_edge = np.concatenate(eligibility.rows)
    fit_of_edge = np.concatenate(eligibility.fits)
    weight = _pair_weights(pool.urgency[row_of_edge], fit_of_edge, _max_pairs(place_of_edge, row_of_edge))
    chosen, solver_seconds = _solve(place_of_edge, row_of_edge, weight, len(counts))
    triples = [(int(place_of_edge[e]), int(row_of_edge[e]), int(fit_of_edge[e])) for e in chosen]
    return _result(eligibility, triples, pool, solver_seconds, start)


def fill_one_by_one(
    places: Sequence[PlaceProfile],
    pool: RequestPool,
    policy: Policy,
    *,
    catalogue: ModuleCatalogue | None = None,
) -> Assignment:
    """The baseline: places by available_from (then id), each taking its best-ranked youth still free."""
    start = time.perf_counter()
    in_order = sorted(places, key=lambda p: (p.available_from, p.id))
    eligibility = _eligibility(in_order, pool, policy, catalogue)
    loop_start = time.perf_counter()
    taken = np.zeros(len(pool), dtype=bool)
    triples: list[tuple[int, int, int]] = []
    for index, (rows, fits) in enumerate(zip(eligibility.rows, eligibility.fits, strict=True)):
        free = np.flatnonzero(~taken[rows])
        if free.size:
            position = int(free[0])  # D-11: the best-ranked candidate still waiting
            taken[rows[position]] = True
            triples.append((index, int(rows[position]), int(fits[position])))
    return _result(eligibility, triples, pool, time.perf_counter() - loop_start, start)


def compare(assignment: Assignment, baseline: Assignment) -> AssignmentComparison:
    """How `assignment` differs from `baseline`: the figures and the places and youths that differ."""
    mine, theirs = dict(assignment.pairs), dict(baseline.pairs)
    classes = sorted(assignment.placed_by_urgency.keys() | baseline.placed_by_urgency.keys())
    return AssignmentComparison(
        places_filled=(len(mine), len(theirs)),
        placed_by_urgency={
            u: (assignment.placed_by_urgency.get(u, 0), baseline.placed_by_urgency.get(u, 0)) for u in classes
        },
        total_fit=(assignment.total_fit, baseline.total_fit),
        places_only_filled_by_assignment=tuple(sorted(mine.keys() - theirs.keys())),
        places_only_filled_by_baseline=tuple(sorted(theirs.keys() - mine.keys())),
        places_given_another_youth=tuple(sorted(p for p in mine.keys() & theirs if mine[p] != theirs[p])),
        youths_only_placed_by_assignment=tuple(sorted(set(mine.values()) - set(theirs.values()))),
        youths_only_placed_by_baseline=tuple(sorted(set(theirs.values()) - set(mine.values()))),
    )


def _eligibility(
    places: Sequence[PlaceProfile], pool: RequestPool, policy: Policy, catalogue: ModuleCatalogue | None
) -> _Eligibility:
    """Rank every place once; out-of-scope places get no rows (D-2)."""
    ids = [place.id for place in places]
    if len(set(ids)) != len(ids):
        duplicate = next(i for i in ids if ids.count(i) > 1)
        raise InputError(f"place id '{duplicate}' appears more than once in the round")
    start = time.perf_counter()
    rankings = [rank(place, pool, policy, catalogue=catalogue) for place in places]
    return _Eligibility(
        places=tuple(places),
        rows=tuple(ranking.order for ranking in rankings),
        fits=tuple(fit_scores(ranking) for ranking in rankings),
        seconds=time.perf_counter() - start,
    )


def _max_pairs(place_of_edge: IntArray, row_of_edge: IntArray) -> int:
    """An upper bound on the number of pairs in any matching."""
    return min(len(np.unique(place_of_edge)), len(np.unique(row_of_edge)))


def _pair_weights(urgency: IntArray, fit: IntArray, max_pairs: int) -> IntArray:
    """Weight per pair: level of its urgency class times G, plus fit (see the module docstring)."""
    classes = np.unique(urgency)  # ascending: the most urgent class first
    level = len(classes) - np.searchsorted(classes, urgency)  # D-26: urgency first
    gap = max_pairs * int(fit.max()) + 1
    weight: IntArray = level * gap + fit
    return weight


def _solve(
    place_of_edge: IntArray, row_of_edge: IntArray, weight: IntArray, n_places: int
) -> tuple[IntArray, float]:
    """Indices of the edges in a maximum-weight matching, and the solver's seconds."""
    columns, column_of_edge = np.unique(row_of_edge, return_inverse=True)
    ceiling = int(weight.max()) + 1
    if n_places * ceiling >= EXACT_LIMIT:
        raise AssignmentTooLargeError(
            f"{n_places} places with pair weights up to {ceiling - 1} exceed exact float64 costs (2**53)"
        )
    dummies = np.arange(n_places)
    cost = np.concatenate([ceiling - weight, np.full(n_places, ceiling)]).astype(np.float64)
    rows = np.concatenate([place_of_edge, dummies])
    cols = np.concatenate([column_of_edge, len(columns) + dummies])
    matrix = csr_array((cost, (rows, cols)), shape=(n_places, len(columns) + n_places))
    start = time.perf_counter()
    matched_rows, matched_columns = min_weight_full_bipartite_matching(matrix)
    seconds = time.perf_counter() - start
    real = matched_columns < len(columns)
    width = len(columns) + n_places
    edge_keys = place_of_edge * width + column_of_edge
    by_key = np.argsort(edge_keys)
    wanted = np.asarray(matched_rows[real], dtype=np.int64) * width + matched_columns[real]
    chosen: IntArray = by_key[np.searchsorted(edge_keys, wanted, sorter=by_key)]
    return chosen, seconds


def _result(
    eligibility: _Eligibility,
    triples: list[tuple[int, int, int]],
    pool: RequestPool,
    solver: float,
    start: float,
) -> Assignment:
    """Assemble an Assignment from (place index, pool row, fit) triples."""
    places = eligibility.places
    filled = {index for index, _, _ in triples}
    placed = {u: 0 for u in URGENCY_CLASSES}
    for _, row, _ in triples:
        placed[int(pool.urgency[row])] += 1
    pairs = sorted((places[index].id, pool.ids[row]) for index, row, _ in triples)
    return Assignment(
        pairs=tuple(pairs),
        unfilled_place_ids=tuple(sorted(p.id for i, p in enumerate(places) if i not in filled)),
        placed_by_urgency=placed,
        total_fit=sum(fit for _, _, fit in triples),
        rank_seconds=eligibility.seconds,
        solver_seconds=solver,
        total_seconds=time.perf_counter() - start,
    )
