"""Replayed history: candidate orders the simulator's incremental pool gives for a sequence of moments.

Given (day, place, pool) steps, the pool is carried from step to step as the simulator carries it (requests
added, changed and removed one by one in live pools, partitioned by module and recruiting region) and each
place is ranked by `core.ranking.rank` on its partition. The agreement test checks that this gives the same
candidate orders as ranking the whole pool afresh (`RequestPool.of`), as production does.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import date

from plaatsregie.core.live_pool import LivePool
from plaatsregie.core.policy import Policy
from plaatsregie.core.ranking import rank
from plaatsregie.core.types import PlaceProfile, Request
from plaatsregie.simulation.state import PartitionKey, partition_key


@dataclass(frozen=True)
class ReplayStep:
    """One moment of history: on `day`, `place` frees up while `pool` is waiting."""

    day: date
    place: PlaceProfile
    pool: Sequence[Request]


def replay(steps: Iterable[ReplayStep], policy: Policy) -> list[list[str]]:
    """The candidate order (request ids, best first) of each step, through the simulator's live pools."""
    pools: dict[PartitionKey, LivePool] = {}
    current: dict[str, Request] = {}
    orders: list[list[str]] = []
    for step in steps:
        wanted = {request.id: request for request in step.pool}
        for request_id in sorted(set(current) - set(wanted)):
            _apply(pools, policy, current.pop(request_id), remove=True)
        for request_id, request in wanted.items():
            if request_id in current and current[request_id] == request:
                continue
            if request_id in current:
                _apply(pools, policy, current.pop(request_id), remove=True)
            _apply(pools, policy, request, remove=False)
            current[request_id] = request
        place = replace(step.place, available_from=step.day)
        live = pools.get(partition_key(policy, place.module_type, place.region))
        orders.append(rank(place, live.view(), policy).candidate_ids if live is not None and len(live) else [])
    return orders


def _apply(pools: dict[PartitionKey, LivePool], policy: Policy, request: Request, *, remove: bool) -> None:
    for module in request.module_types:
        key = partition_key(policy, module, request.region)
        if remove:
            pools[key].remove(request.id)
        else:
            pools.setdefault(key, LivePool()).add(request)
