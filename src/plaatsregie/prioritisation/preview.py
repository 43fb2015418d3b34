"""Policy change preview (issue 5): how today's open candidate lists would change under a candidate policy.

Before an admin activates a policy version, the placement team can see, per open candidate list, who would move
up or down, who would become a candidate and who would no longer be one. Only reads: nothing is stored.

Each list is ranked again from its own frozen snapshot (the place and the pool as they were at generation, D-25),
with the team bars recorded on the list, exactly as the team's "excluded" page does
(plaatsregie.web.team.exclusions). The "before" side is the engine order stored with the list (the candidate
entries' engine ranks and the recorded exclusions): the order under the policy it was generated with, whether or
not that policy file still exists. Youths only appear by dossier number (request ref), never by name.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum

from django.db.models import Exists, OuterRef

from plaatsregie.core.contract import place_from_json, pool_from_json
from plaatsregie.core.explain import exclusions
from plaatsregie.core.policy import Policy
from plaatsregie.core.pool import RequestPool
from plaatsregie.core.ranking import rank
from plaatsregie.core.snapshot import snapshot_requests
from plaatsregie.placement.models import Admission, CandidateEntry, CandidateList
from plaatsregie.placement.services.bars import EXCLUDED_BY_TEAM_UNTIL, REFUSED_FOR_THIS_VACANCY
from plaatsregie.registry.mapping import catalogue_from_db

BARS = (REFUSED_FOR_THIS_VACANCY, EXCLUDED_BY_TEAM_UNTIL)


class Move(StrEnum):
    UP = "up"
    DOWN = "down"
    NEWLY_ELIGIBLE = "newly_eligible"
    NO_LONGER_ELIGIBLE = "no_longer_eligible"


@dataclass(frozen=True)
class YouthChange:
    """One youth whose place on a list would change; `by` is the number of ranks moved (0 for eligibility)."""

    request_id: str
    move: Move
    old_rank: int | None
    new_rank: int | None
    by: int = 0
    rule: str = ""  # for NO_LONGER_ELIGIBLE: the rule code that excludes the youth under the candidate policy
    reason: str = ""  # ... and that rule in words (core/explain.py)


@dataclass(frozen=True)
class ListChange:
    """The preview of one open candidate list."""

    list_ref: str
    report_ref: str
    place_ref: str
    generated_under: str  # "id vN" of the policy the list was generated with
    changes: list[YouthChange] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        return bool(self.changes)


def compare_orders(old: Sequence[str], new: Sequence[str],
                   new_exclusions: Mapping[str, tuple[str, str]]) -> list[YouthChange]:
    """The changes from the old candidate order to the new one (pure).

    `new_exclusions`: request ref → (rule, explanation) under the new policy, for the youths no longer eligible.
    Changes come in the new order, then the youths that dropped off in their old order.
    """
    old_rank = {ref: i + 1 for i, ref in enumerate(old)}
    changes: list[YouthChange] = []
    for i, ref in enumerate(new):
        rank_now, rank_before = i + 1, old_rank.get(ref)
        if rank_before is None:
            changes.append(YouthChange(ref, Move.NEWLY_ELIGIBLE, None, rank_now))
        elif rank_now != rank_before:
            move = Move.UP if rank_now < rank_before else Move.DOWN
            changes.append(YouthChange(ref, move, rank_before, rank_now, abs(rank_before - rank_now)))
    still = set(new)
    for ref in old:
        if ref not in still:
            rule, reason = new_exclusions.get(ref, ("", ""))
            changes.append(YouthChange(ref, Move.NO_LONGER_ELIGIBLE, old_rank[ref], None, rule=rule, reason=reason))
    return changes


def summarise(previews: Sequence[ListChange]) -> dict[str, int]:
    """Counts over all previewed lists (pure)."""
    moves = [change.move for preview in previews for change in preview.changes]
    return {
        "lists": len(previews),
        "lists_affected": sum(preview.changed for preview in previews),
        "moved_up": moves.count(Move.UP),
        "moved_down": moves.count(Move.DOWN),
        "newly_eligible": moves.count(Move.NEWLY_ELIGIBLE),
        "no_longer_eligible": moves.count(Move.NO_LONGER_ELIGIBLE),
    }


def open_candidate_lists(today: date) -> list[CandidateList]:
    """The candidate lists still in play today.

    A list is open when it is the latest list generated (on or before `today`) for its capacity report, that
    report is not closed (`closed_at` empty), and no admission started from an offer made for that report.
    Older lists of the same report are superseded by the newest one and are not previewed.
    """
    admitted = Admission.objects.filter(offer__report_id=OuterRef("report_id"))
    lists = (CandidateList.objects.filter(report__closed_at__isnull=True, generated_at__date__lte=today)
             .exclude(Exists(admitted)).select_related("report", "report__place").order_by("-generated_at", "-id"))
    latest: dict[int, CandidateList] = {}
    for cl in lists:
        latest.setdefault(cl.report_id, cl)
    return sorted(latest.values(), key=lambda cl: cl.ref)


def stored_engine_order(cl: CandidateList) -> list[str]:
    """The list's candidates in the engine's order at generation (team additions, without a rank, left out)."""
    entries = (CandidateEntry.objects.filter(candidate_list=cl, engine_rank__isnull=False)
               .order_by("engine_rank").values_list("request__ref", flat=True))
    return list(entries)


def preview_list(cl: CandidateList, candidate: Policy) -> ListChange:
    """Rank one list's frozen place and pool again under `candidate` and compare with its stored engine order.

    Approximations: the module catalogue is today's (the list does not store it; it only matters if the admin
    changed a module's scope since). Team bars are the ones recorded on the list; a youth who was barred but
    also failed an eligibility rule of the old policy is recorded under that rule only, so a bar on them is not
    known and they may show as newly eligible.
    """
    catalogue = catalogue_from_db()
    place = place_from_json(cl.place_snapshot, catalogue)
    pool = RequestPool.of(pool_from_json(snapshot_requests(cl.pool_snapshot), catalogue))
    barred = {ref: rule for ref, rule in cl.excluded.items() if rule in BARS}
    ranking = rank(place, pool, candidate, catalogue=catalogue, barred=barred)
    old_order, new_order = stored_engine_order(cl), ranking.candidate_ids
    dropped = set(old_order) - set(new_order)
    words = {e.request_id: (e.rule, e.explanation) for e in exclusions(ranking) if e.request_id in dropped}
    changes = compare_orders(old_order, new_order, words)
    return ListChange(cl.ref, cl.report.ref, cl.report.place.ref, f"{cl.policy_id} v{cl.policy_version}", changes)


def policy_preview(candidate: Policy, *, today: date) -> list[ListChange]:
    """For every open candidate list today (see `open_candidate_lists`), the changes `candidate` would bring."""
    return [preview_list(cl, candidate) for cl in open_candidate_lists(today)]

