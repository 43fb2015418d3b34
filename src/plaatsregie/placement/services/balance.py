"""D-28 in matching: a policy may order candidates by the facility's complexity balance.

The balance is monitoring's own (`monitoring.indicators.complexity.facility_balances`, defined in
`core.complexity`), so what a facility sees on its dashboard is what the ranking used. It is computed only when
the policy orders by it, and frozen with the place in the candidate list's snapshot (D-25).
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from plaatsregie.core.policy import OrderingKey, Policy
from plaatsregie.core.types import PlaceProfile


def with_complexity_balance(place: PlaceProfile, policy: Policy, on: date) -> PlaceProfile:
    """The place with its facility's complexity signal on `on` if the policy orders by the balance."""
    if OrderingKey.COMPLEXITY_BALANCE not in policy.ordering:
        return place
    from plaatsregie.monitoring.indicators.complexity import facility_balances  # only when a policy asks

    balance = facility_balances(on).get(place.facility_id)
    return replace(place, complexity_signal=balance.signal if balance else 0)
