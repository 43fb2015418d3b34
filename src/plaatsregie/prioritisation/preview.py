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
from django.utils import timezone

from plaatsregie.core.contract import place_from_json, pool_from_json
from plaatsregie.core.explain import exclusions
from plaatsregie.core.modules import ModuleCatalogue
from plaatsregie.core.policy import Policy
from plaatsregie.core.pool import RequestPool
from plaatsregie.core.ranking import Ranking, rank
from plaatsregie.core.snapshot import snapshot_requests
from plaatsregie.placement.models import Admission, CandidateEntry, CandidateList, CandidateListAdoption, Offer
from plaatsregie.placement.services.balance import with_complexity_balance
from plaatsregie.placement.services.bars import EXCLUDED_BY_TEAM_UNTIL, REFUSED_FOR_THIS_VACANCY
from plaatsregie.registry.mapping import catalogue_from_db
from plaatsregie.waiting.models import Request

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
    lists = (CandidateList.objects.defer(None).filter(report__closed_at__isnull=True, generated_at__date__lte=today)
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
    ranking = rerank(cl, candidate, catalogue_from_db())
    old_order, new_order = stored_engine_order(cl), ranking.candidate_ids
    dropped = set(old_order) - set(new_order)
    words = {e.request_id: (e.rule, e.explanation) for e in exclusions(ranking) if e.request_id in dropped}
    changes = compare_orders(old_order, new_order, words)
    return ListChange(cl.ref, cl.report.ref, cl.report.place.ref, f"{cl.policy_id} v{cl.policy_version}", changes)


def rerank(cl: CandidateList, candidate: Policy, catalogue: ModuleCatalogue) -> Ranking:
    """The list's frozen place and pool ranked under `candidate` by the production ranking function, with the
    team bars recorded on the list (refused for this vacancy, excluded by the team). A candidate policy that
    orders by the complexity balance sees the facility's balance on the day the list was generated (D-28)."""
    place = with_complexity_balance(place_from_json(cl.place_snapshot, catalogue), candidate,
                                    timezone.localtime(cl.generated_at).date())
    pool = RequestPool.of(pool_from_json(snapshot_requests(cl.pool_snapshot), catalogue))
    barred = {ref: rule for ref, rule in cl.excluded.items() if rule in BARS}
    return rank(place, pool, candidate, catalogue=catalogue, barred=barred)


def policy_preview(candidate: Policy, *, today: date) -> list[ListChange]:
    """For every open candidate list today (see `open_candidate_lists`), the changes `candidate` would bring."""
    return [preview_list(cl, candidate) for cl in open_candidate_lists(today)]



# --- Replayed history: "under policy B, youth X would have been offered place Y on date Z" -------------------


class Actual(StrEnum):
    """Where the youth who was in fact first for a vacancy comes from."""

    OFFER = "offer"  # the first offer made for the capacity report
    ADOPTED_LIST = "adopted_list"  # no offer: first on the list the team adopted
    ENGINE = "engine"  # neither: first in the engine order the list was generated with


@dataclass(frozen=True)
class ReplayedVacancy:
    """One past vacancy (capacity report) with a frozen candidate list, replayed under the candidate policy.

    Youths appear by pseudonym (Youth.ref) only. `actual_youth` is who was offered the place (or first on the
    adopted list, or first in the engine order), `policy_youth` who would have been first under the candidate
    policy, `engine_youth` who was first in the engine order of the policy the list was made under: when it
    differs from `actual_youth` the team deviated from the engine (D-11), not the policy.
    """

    on: date
    list_ref: str
    report_ref: str
    place_ref: str
    generated_under: str
    actual_youth: str | None
    actual_source: Actual
    engine_youth: str | None
    policy_youth: str | None
    moved_up: int
    moved_down: int
    newly_eligible: int
    no_longer_eligible: int

    @property
    def differs(self) -> bool:
        """The candidate policy would have offered the place to another youth than was offered, and not merely
        because the team deviated from the engine: its first differs from the actual one and from the first
        under the list's own policy (the same policy therefore never differs)."""
        return self.policy_youth not in (self.actual_youth, self.engine_youth)


def replay_summary(vacancies: Sequence[ReplayedVacancy]) -> dict[str, int]:
    """Counts over a replayed history (pure)."""
    return {
        "vacancies": len(vacancies),
        "different_offer": sum(v.differs for v in vacancies),
        "team_deviated": sum(v.actual_youth != v.engine_youth for v in vacancies),
        "moved_up": sum(v.moved_up for v in vacancies),
        "moved_down": sum(v.moved_down for v in vacancies),
        "newly_eligible": sum(v.newly_eligible for v in vacancies),
        "no_longer_eligible": sum(v.no_longer_eligible for v in vacancies),
    }


def replayed_lists(start: date, end: date) -> list[tuple[CandidateList, Offer | None]]:
    """Per capacity report with a candidate list generated from `start` to `end` (inclusive), the list that
    decided it and the report's first offer: the list that first offer was made from, else the adopted list,
    else the newest list. In the order of the vacancies (date, then list reference)."""
    lists = list(CandidateList.objects.defer(None).filter(generated_at__date__gte=start, generated_at__date__lte=end)
                 .select_related("report", "report__place").order_by("generated_at", "id"))
    by_pk = {cl.pk: cl for cl in lists}
    first_offer: dict[int, Offer] = {}
    for made in (Offer.objects.filter(report_id__in={cl.report_id for cl in lists})
                 .select_related("request__youth").order_by("offered_at", "id")):
        first_offer.setdefault(made.report_id, made)
    adopted = set(CandidateListAdoption.objects.filter(candidate_list_id__in=by_pk)
                  .values_list("candidate_list_id", flat=True))
    chosen: dict[int, CandidateList] = {}
    for cl in lists:  # oldest first: a later adopted or newer list replaces an earlier one
        offer = first_offer.get(cl.report_id)
        current = chosen.get(cl.report_id)
        if offer is not None and offer.candidate_list_id in by_pk:
            chosen[cl.report_id] = by_pk[offer.candidate_list_id]
        elif current is None or cl.pk in adopted or current.pk not in adopted:
            chosen[cl.report_id] = cl
    picked = [(cl, first_offer.get(report_id)) for report_id, cl in chosen.items()]
    return sorted(picked, key=lambda pair: (_vacancy_day(*pair), pair[0].ref))


def _vacancy_day(cl: CandidateList, offer: Offer | None) -> date:
    moment = offer.offered_at if offer is not None else cl.generated_at
    return timezone.localdate(moment)


def replay_history(candidate: Policy, *, start: date, end: date) -> list[ReplayedVacancy]:
    """Every past vacancy with a frozen list from `start` to `end`, ranked again under `candidate` with the same
    ranking function production uses (`rerank`). Approximation: the frozen pool is the pool at generation, so
    a youth first under `candidate` may meanwhile have been offered or placed elsewhere; the module catalogue is
    today's."""
    catalogue = catalogue_from_db()
    pairs = replayed_lists(start, end)
    adopted_orders = dict(CandidateListAdoption.objects.filter(candidate_list_id__in=[cl.pk for cl, _o in pairs])
                          .values_list("candidate_list_id", "revision__order"))
    replayed: list[tuple[CandidateList, Offer | None, list[str], list[str], list[YouthChange]]] = []
    refs: set[str] = set()
    for cl, offer in pairs:
        old_order, new_order = stored_engine_order(cl), rerank(cl, candidate, catalogue).candidate_ids
        changes = compare_orders(old_order, new_order, {})
        replayed.append((cl, offer, old_order, new_order, changes))
        refs.update(old_order[:1] + new_order[:1] + list(adopted_orders.get(cl.pk) or [])[:1])
    youth_of = dict(Request.objects.filter(ref__in=refs).values_list("ref", "youth__ref"))
    vacancies = []
    for cl, offer, old_order, new_order, changes in replayed:
        adopted_order = list(adopted_orders.get(cl.pk) or [])
        actual: str | None
        if offer is not None:
            actual, source = offer.request.youth.ref, Actual.OFFER
        elif adopted_order:
            actual, source = youth_of.get(adopted_order[0]), Actual.ADOPTED_LIST
        else:
            actual, source = (youth_of.get(old_order[0]) if old_order else None), Actual.ENGINE
        moves = [change.move for change in changes]
        vacancies.append(ReplayedVacancy(
            on=_vacancy_day(cl, offer), list_ref=cl.ref, report_ref=cl.report.ref, place_ref=cl.report.place.ref,
            generated_under=f"{cl.policy_id} v{cl.policy_version}", actual_youth=actual, actual_source=source,
            engine_youth=youth_of.get(old_order[0]) if old_order else None,
            policy_youth=youth_of.get(new_order[0]) if new_order else None,
            moved_up=moves.count(Move.UP), moved_down=moves.count(Move.DOWN),
            newly_eligible=moves.count(Move.NEWLY_ELIGIBLE), no_longer_eligible=moves.count(Move.NO_LONGER_ELIGIBLE),
        ))
    return vacancies
