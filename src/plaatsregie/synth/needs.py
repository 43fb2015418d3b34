"""Support needs of a request and the in-scope modules it asks for, consistent with age, gender and needs.

No public figures give needs or module preferences per request; every rate here is an assumption
(docs/synthetic-data.md). Module weights follow the in-scope supply that accepts the youth's age, so
demand and supply speak about the same modules, then needs and gender tilt them.
"""

from __future__ import annotations

import numpy as np

from plaatsregie.core.modules import ModuleCatalogue
from plaatsregie.core.types import Access, Gender, Need
from plaatsregie.synth.draws import BoolArray, FloatArray, IntArray, Rng, draw_index
from plaatsregie.synth.unit_kinds import UNIT_KINDS

NEEDS: tuple[Need, ...] = tuple(Need)
MAX_AGE = 21
# Age bands (first age of each band) and the rate of each need per band, in the order of `Need`:
# psychiatric, drugs, aggression, closed setting, trauma, intellectual disability, school dropout,
# parenting support.
AGE_BAND_STARTS = (0, 6, 12, 18)
NEED_RATES = np.array([
    [0.03, 0.00, 0.03, 0.00, 0.35, 0.08, 0.00, 0.60],  # 0–5
    [0.12, 0.00, 0.20, 0.01, 0.40, 0.12, 0.05, 0.35],  # 6–11
    [0.22, 0.12, 0.28, 0.06, 0.38, 0.12, 0.25, 0.15],  # 12–17
    [0.25, 0.15, 0.20, 0.03, 0.35, 0.15, 0.30, 0.05],  # 18–21
])
# How much a need raises the weight of a module (assumed): OBC for psychiatric needs, GES+ for
# aggression and a closed setting, OIOC for an intellectual disability, and so on.
NEED_BOOSTS: dict[Need, dict[str, float]] = {
    Need.PSYCHIATRIC: {"OBC": 3.0, "GES+": 2.0},
    Need.AGGRESSION: {"GES+": 2.5, "OIOC": 1.5},
    Need.INTELLECTUAL_DISABILITY: {"OIOC": 3.0},
    Need.CLOSED_SETTING: {"VEILIG-VERBLIJF": 4.0, "GES+": 2.0},
    Need.PARENTING_SUPPORT: {"CKG": 1.5, "CIG": 2.0},
    Need.TRAUMA: {"VEILIG-VERBLIJF": 1.5, "GEZINSHUIS": 1.3},
    Need.DRUGS: {"GES+": 1.5},
}
# Veilig verblijf is mostly asked for girls (assumed factor per gender, in the order of `Gender`).
GENDER_FACTORS: dict[str, tuple[float, float, float]] = {"VEILIG-VERBLIJF": (1.0, 0.2, 0.6)}
MODULE_COUNT_SHARES = (0.55, 0.33, 0.12)  # a request names 1, 2 or 3 modules


def in_scope_codes(catalogue: ModuleCatalogue) -> tuple[str, ...]:
    """The modules a request may ask for: in scope for a regular NRTJ place."""
    return tuple(code for code in catalogue.codes if catalogue.scope_of(code, Access.NRTJ).in_scope)


def draw_needs(rng: Rng, ages: IntArray) -> BoolArray:
    """A row of need flags per request, at the rates of the request's age band."""
    band = np.searchsorted(np.array(AGE_BAND_STARTS), ages, side="right") - 1
    needs: BoolArray = rng.random((len(ages), len(NEEDS))) < NEED_RATES[band]
    return needs


def draw_modules(
    rng: Rng, codes: tuple[str, ...], ages: IntArray, gender: IntArray, needs: BoolArray
) -> BoolArray:
    """1–3 modules per request, without replacement, weighted by supply for the age, needs and gender."""
    log_weight = (
        _log_age_weights(codes)[ages]
        + needs.astype(np.float64) @ _log_need_boosts(codes)
        + _log_gender_factors(codes)[gender]
    )
    keys = log_weight + rng.gumbel(size=log_weight.shape)  # Gumbel top-k: sampling without replacement
    order = np.argsort(-keys, axis=1, kind="stable")
    wanted = 1 + draw_index(rng, MODULE_COUNT_SHARES, len(ages))
    chosen = np.zeros(log_weight.shape, dtype=bool)
    for position in range(len(MODULE_COUNT_SHARES)):
        rows = np.flatnonzero(wanted > position)
        columns = order[rows, position]
        chosen[rows, columns] = np.isfinite(log_weight[rows, columns])
    return chosen


def _log_age_weights(codes: tuple[str, ...]) -> FloatArray:
    """Per age (rows 0..MAX_AGE) and module: the log of the in-scope supply share that accepts that age."""
    weights = np.zeros((MAX_AGE + 1, len(codes)))
    for kind in UNIT_KINDS:
        if kind.module_type not in codes or kind.access is not Access.NRTJ or kind.cofinanced_by:
            continue
        total = sum(r.weight for r in kind.age_ranges)
        for age_range in kind.age_ranges:
            share = kind.share * age_range.weight / total
            weights[age_range.age_min : age_range.age_max + 1, codes.index(kind.module_type)] += share
    with np.errstate(divide="ignore"):
        log_weights: FloatArray = np.log(weights)
    return log_weights


def _log_need_boosts(codes: tuple[str, ...]) -> FloatArray:
    """Per need (rows) and module: the log of the factor the need raises the module's weight by."""
    boosts = np.zeros((len(NEEDS), len(codes)))
    for need, by_module in NEED_BOOSTS.items():
        for code, factor in by_module.items():
            boosts[NEEDS.index(need), codes.index(code)] = np.log(factor)
    return boosts


def _log_gender_factors(codes: tuple[str, ...]) -> FloatArray:
    factors = np.ones((len(Gender), len(codes)))
    for code, by_gender in GENDER_FACTORS.items():
        factors[:, codes.index(code)] = by_gender
    log_factors: FloatArray = np.log(factors)
    return log_factors
