"""The monitoring indicators (issue 6, D-27 … D-35): one function per indicator, each returning a `Table` with
its definition, computed in the database for a `Scope` (facilities, period, module and region filters).

The dashboards (web/monitoring), exports and the monthly report call these; their signatures are stable:
`indicator(scope: Scope, **options) -> Table`.
"""

from plaatsregie.monitoring.indicators.complexity import complexity_balance, complexity_distribution
from plaatsregie.monitoring.indicators.demand import (
    equity,
    pool_by,
    pool_evolution,
    stale_requests,
    waiting_times,
)
from plaatsregie.monitoring.indicators.flows import inflow, length_of_stay, outflow, readmissions
from plaatsregie.monitoring.indicators.matching import (
    collective_cases,
    conditions,
    mandate_use,
    offers_per_admission,
    refusal_patterns,
    refusal_reasons,
    refusal_trend,
    refusals,
    refusals_by_module,
    report_lead_time,
    report_to_admission,
    vacancy_after_free,
)
from plaatsregie.monitoring.indicators.scope import Scope
from plaatsregie.monitoring.indicators.supply import (
    occupancy,
    occupancy_trend,
    places_by_status,
    short_stay,
    structurally_unavailable,
    unavailable_reasons,
)

__all__ = [
    "Scope", "collective_cases", "complexity_balance", "complexity_distribution", "conditions", "equity",
    "inflow", "length_of_stay", "mandate_use", "occupancy", "occupancy_trend", "offers_per_admission",
    "outflow", "places_by_status", "pool_by", "pool_evolution", "readmissions", "refusal_patterns",
    "refusal_reasons", "refusal_trend", "refusals", "refusals_by_module", "report_lead_time",
    "report_to_admission", "short_stay", "stale_requests", "structurally_unavailable", "unavailable_reasons",
    "vacancy_after_free", "waiting_times",
]
