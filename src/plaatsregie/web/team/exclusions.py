"""Why each excluded youth was not a candidate (D-22), in the engine's own words.

The words are rebuilt from the list's frozen snapshot (the place, the pool and the policy it was ranked on, D-25),
so they describe the situation at generation time, not today's. When the policy file changed since, the exact
words cannot be rebuilt and the page falls back to the rule in plain words.
"""

from __future__ import annotations

from plaatsregie.core.contract import place_from_json, pool_from_json
from plaatsregie.core.errors import DomainError
from plaatsregie.core.explain import exclusions
from plaatsregie.core.policy import load_policy
from plaatsregie.core.pool import RequestPool
from plaatsregie.core.ranking import rank
from plaatsregie.core.snapshot import snapshot_requests
from plaatsregie.placement.models import CandidateList
from plaatsregie.placement.services.bars import EXCLUDED_BY_TEAM_UNTIL, REFUSED_FOR_THIS_VACANCY
from plaatsregie.registry.mapping import catalogue_from_db

BARS = (REFUSED_FOR_THIS_VACANCY, EXCLUDED_BY_TEAM_UNTIL)


def exclusion_texts(cl: CandidateList) -> dict[str, str] | None:
    """dossier number → explanation, ranked again from the snapshot; None when that cannot be exact."""
    try:
        policy = load_policy(cl.policy_id)
        if policy.hash != cl.policy_hash:
            return None
        catalogue = catalogue_from_db()
        place = place_from_json(cl.place_snapshot, catalogue)
        pool = RequestPool.of(pool_from_json(snapshot_requests(cl.pool_snapshot), catalogue))
    except (DomainError, ValueError):
        return None
    barred = {ref: rule for ref, rule in cl.excluded.items() if rule in BARS}
    ranking = rank(place, pool, policy, catalogue=catalogue, barred=barred)
    return {e.request_id: e.explanation for e in exclusions(ranking)}
