"""The figures of one run (issue 5), measured in the window after the warm-up.

Waiting times count requests that arrived in the window; one still waiting at the horizon counts with its wait
so far (a lower bound), a withdrawn one not at all. Place-days split occupied, vacant (D-29) and unavailable.
"""

from __future__ import annotations

from collections import Counter

import numpy as np
import numpy.typing as npt

from plaatsregie.simulation.ledger import Admission, Ledger, Outcomes
from plaatsregie.simulation.state import PlaceState

ADMITTED, WITHDRAWN = 1, 2


def gini(values: npt.NDArray[np.float64]) -> float:
    """The Gini coefficient of non-negative values: 0 is an even spread, towards 1 all in one place."""
    if len(values) == 0 or values.sum() <= 0:
        return 0.0
    ordered = np.sort(values)
    ranks = np.arange(1, len(ordered) + 1)
    return float((2 * (ranks * ordered).sum()) / (len(ordered) * ordered.sum()) - (len(ordered) + 1) / len(ordered))


def summarise(ledger: Ledger) -> dict[str, float]:
    """Every figure of one run, by name (the names are documented in docs/simulation.md)."""
    assert ledger.outcomes is not None, "close the ledger first"
    years = max(ledger.horizon - ledger.warmup, 1) / 365.0
    figures: dict[str, float] = {}
    figures.update(_waiting(ledger.outcomes, ledger.warmup, ledger.horizon))
    figures.update(_capacity(ledger, years))
    figures.update(_equity(ledger, ledger.outcomes))
    in_window = [a for a in ledger.admissions if a.day >= ledger.warmup]
    figures["admissions_per_year"] = len(in_window) / years
    figures["refusals_per_admission"] = ledger.refusals / max(len(ledger.admissions), 1)
    outcomes = ledger.outcomes
    arrived = outcomes.arrival_day >= ledger.warmup
    threshold = int(ledger.scenario["offers"]["collective_case_refusals"])
    figures["collective_cases_per_year"] = float(np.sum(arrived & (outcomes.refused_by >= threshold))) / years
    figures["withdrawals_per_year"] = float(np.sum(arrived & (outcomes.state == WITHDRAWN))) / years
    figures["waiting_at_end"] = float(np.sum(outcomes.state == 0))
    figures["complexity_gini"] = _complexity_spread(ledger, in_window)
    return figures


def _waits(outcomes: Outcomes, warmup: int, horizon: int) -> tuple[npt.NDArray[np.bool_], npt.NDArray[np.int64]]:
    counted = (outcomes.arrival_day >= warmup) & (outcomes.state != WITHDRAWN)
    return counted, outcomes.end_day - np.maximum(outcomes.arrival_day, 0)


def _waiting(outcomes: Outcomes, warmup: int, horizon: int) -> dict[str, float]:
    counted, waits = _waits(outcomes, warmup, horizon)
    figures: dict[str, float] = {}
    for urgency in (1, 2, 3, 4):
        rows = counted & (outcomes.first_urgency == urgency)
        figures[f"wait_median_u{urgency}"] = float(np.median(waits[rows])) if rows.any() else float("nan")
        figures[f"wait_p90_u{urgency}"] = float(np.percentile(waits[rows], 90)) if rows.any() else float("nan")
    urgent = (outcomes.first_urgency == 1) & (outcomes.arrival_day >= warmup) & (outcomes.arrival_day < horizon - 30)
    placed = outcomes.state == ADMITTED
    for days in (7, 30):
        share = np.mean(placed[urgent] & (waits[urgent] <= days)) if urgent.any() else float("nan")
        figures[f"most_urgent_placed_within_{days}d"] = float(share)
    return figures


def _capacity(ledger: Ledger, years: float) -> dict[str, float]:
    days = ledger.place_days
    total, short_total = days.total(), days.total(short_stay=True)
    return {
        "occupancy": days.total(PlaceState.OCCUPIED) / max(total, 1),
        "vacant_place_days_per_year": days.total(PlaceState.VACANT) / years,
        "unavailable_share": days.total(PlaceState.UNAVAILABLE) / max(total, 1),
        "short_stay_occupancy": days.total(PlaceState.OCCUPIED, short_stay=True) / max(short_total, 1),
        "short_stay_admissions_per_place_year": sum(
            a.short_stay for a in ledger.admissions if a.day >= ledger.warmup
        ) / max(ledger.short_stay_places, 1) / years,
    }


def _complexity_spread(ledger: Ledger, admissions: list[Admission]) -> float:
    """D-28: Gini over facilities of complex admissions per place."""
    complex_from = int(ledger.scenario["complexity"]["complex_from"])
    per_facility = Counter(a.facility_id for a in admissions if a.complexity >= complex_from)
    facilities = sorted(ledger.places_by_facility)
    rates = np.array([per_facility[f] / ledger.places_by_facility[f] for f in facilities], dtype=np.float64)
    return gini(rates)


def _equity(ledger: Ledger, outcomes: Outcomes) -> dict[str, float]:
    """D-34: median wait and placed share of each group against everyone else."""
    counted, waits = _waits(outcomes, ledger.warmup, ledger.horizon)
    arrived = outcomes.arrival_day >= ledger.warmup
    placed = outcomes.state == ADMITTED
    figures: dict[str, float] = {}
    for column, group in enumerate(ledger.scenario.groups):
        member = outcomes.groups[:, column] if outcomes.groups.size else np.zeros(len(waits), dtype=bool)
        for label, rows in ((group.name, member), (f"not_{group.name}", ~member)):
            waited = counted & rows
            figures[f"wait_median_{label}"] = float(np.median(waits[waited])) if waited.any() else float("nan")
            share = np.mean(placed[arrived & rows]) if (arrived & rows).any() else float("nan")
            figures[f"placed_share_{label}"] = float(share)
    return figures
