"""Which indicators each dashboard shows, in which sections (issue 6): facility, province, Flanders.

`facility(scope)`, `province(scope)` and `flanders(scope)` compute every table of the dashboard inside one
`intervals.batch()`, so the place-history and stay queries run once per dashboard. The web pages, the benchmark
and the monthly report call these.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from plaatsregie.monitoring import indicators as ind
from plaatsregie.monitoring.indicators.intervals import batch
from plaatsregie.monitoring.indicators.scope import Scope
from plaatsregie.monitoring.tables import Table

Indicator = Callable[[Scope], Table]


@dataclass(frozen=True)
class Section:
    title: str | Promise
    tables: list[Table]


def _pool(dimension: str) -> Indicator:
    return lambda scope: ind.pool_by(scope, dimension)


def _by_province(indicator: Callable[..., Table]) -> Indicator:
    return lambda scope: indicator(scope, group="province")


SUPPLY = _("Aanbod")
DEMAND = _("Vraag")
MATCHING = _("Matching")
COMPLEXITY = _("Spreiding van complexiteit")
FLOWS = _("Stromen")

FACILITY: list[tuple[str | Promise, list[Indicator]]] = [
    (SUPPLY, [ind.occupancy, ind.occupancy_trend, ind.places_by_status, ind.unavailable_reasons,
              ind.structurally_unavailable, ind.short_stay]),
    (MATCHING, [ind.report_to_admission, ind.vacancy_after_free, ind.report_lead_time, ind.offers_per_admission,
                ind.refusals, ind.refusal_reasons, ind.refusal_trend, ind.conditions]),
    (COMPLEXITY, [ind.complexity_balance, ind.complexity_distribution]),
    (FLOWS, [ind.inflow, ind.outflow, ind.readmissions, ind.length_of_stay]),
]
PROVINCE: list[tuple[str | Promise, list[Indicator]]] = [
    (SUPPLY, [ind.occupancy, ind.occupancy_trend, ind.places_by_status, ind.unavailable_reasons,
              ind.structurally_unavailable, ind.short_stay]),
    (DEMAND, [ind.pool_evolution, _pool("urgency"), _pool("module"), _pool("age_band"), _pool("gender"),
              ind.waiting_times, ind.stale_requests, ind.equity]),
    (MATCHING, [ind.report_to_admission, ind.vacancy_after_free, ind.report_lead_time, ind.offers_per_admission,
                ind.refusals, ind.refusal_reasons, ind.refusal_trend, ind.refusal_patterns, ind.conditions,
                ind.collective_cases, ind.mandate_use]),
    (COMPLEXITY, [ind.complexity_balance, ind.complexity_distribution]),
    (FLOWS, [ind.inflow, ind.outflow, ind.readmissions, ind.length_of_stay]),
]
FLANDERS: list[tuple[str | Promise, list[Indicator]]] = [
    (SUPPLY, [_by_province(ind.occupancy), ind.occupancy_trend, _by_province(ind.places_by_status),
              ind.unavailable_reasons, ind.short_stay]),
    (DEMAND, [ind.pool_evolution, _pool("urgency"), _pool("region"), _pool("module"), _pool("age_band"),
              _pool("gender"), ind.waiting_times, ind.stale_requests, ind.equity]),
    (MATCHING, [_by_province(ind.refusals), ind.refusal_reasons, ind.refusals_by_module, ind.refusal_trend,
                ind.refusal_patterns, ind.conditions, ind.collective_cases, ind.mandate_use]),
    (COMPLEXITY, [ind.complexity_distribution, ind.complexity_balance]),
    (FLOWS, [_by_province(ind.inflow), ind.length_of_stay]),
]
LEVELS = {"facility": FACILITY, "province": PROVINCE, "flanders": FLANDERS}


def compute(level: str, scope: Scope) -> list[Section]:
    """Every table of the dashboard `level` for `scope`, by section."""
    with batch(large=scope.facility_ids is None or len(scope.facility_ids) > 1):
        return [Section(title, [indicator(scope) for indicator in indicators])
                for title, indicators in LEVELS[level]]


def facility(scope: Scope) -> list[Section]:
    return compute("facility", scope)


def province(scope: Scope) -> list[Section]:
    return compute("province", scope)


def flanders(scope: Scope) -> list[Section]:
    return compute("flanders", scope)


def tables(level: str, scope: Scope) -> list[Table]:
    return [table for section in compute(level, scope) for table in section.tables]
