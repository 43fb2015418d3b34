"""What the capacity report page shows: the place profile, the candidate list from its frozen snapshot, the
team's changes and approvals, and the offers made from the list (D-4, D-10 … D-13, D-22)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.core.paginator import Page, Paginator
from django.db.models import Count, OuterRef, Subquery

from plaatsregie.placement.models import (
    CandidateEntry,
    CandidateList,
    CandidateListAdoption,
    CandidateListApproval,
    CandidateListRevision,
    CapacityReport,
    Offer,
)
from plaatsregie.placement.services.candidates import approvals_needed
from plaatsregie.web.team.labels import RULES

EXCLUDED_SHOWN = 25
CANDIDATES_SHOWN = 25  # candidates per page of the list: only these are fetched and explained
CANDIDATES_PARAM = "kandidaten"  # the query parameter of the candidate list's page number
ELIGIBLE_PREFIX = "Komt in aanmerking: "
ORDER_MARK = " Volgorde: "


@dataclass(frozen=True)
class Explanation:
    """A stored explanation split into why the youth is eligible and each ordering component (D-22)."""

    eligible: list[str]
    order: list[str]
    text: str


def explanation_of(text: str) -> Explanation:
    """Split the engine's sentence `Komt in aanmerking: …; …. Volgorde: …; ….` into its parts."""
    if not text.startswith(ELIGIBLE_PREFIX) or ORDER_MARK not in text:
        return Explanation([], [], text)
    head, tail = text[len(ELIGIBLE_PREFIX):].split(ORDER_MARK, 1)
    return Explanation(head.rstrip(".").split("; "), tail.rstrip(".").split("; "), text)


@dataclass
class CandidateRow:
    position: int
    entry: CandidateEntry
    explanation: Explanation
    offer: Offer | None

    @property
    def urgency(self) -> int:
        """The urgency the list was ranked on (frozen), else the request's current urgency."""
        return int(self.entry.components.get("urgency") or self.entry.request.urgency)

    @property
    def urgency_changed(self) -> bool:
        return self.urgency != self.entry.request.urgency


@dataclass
class ListView:
    """The candidate list as the team works with it: the current order, who approved it, what was offered."""

    candidate_list: CandidateList
    revision: CandidateListRevision
    rows: list[CandidateRow]
    revisions: list[CandidateListRevision]
    approvals: list[CandidateListApproval]
    adoption: CandidateListAdoption | None
    offers: list[Offer]
    page: Page  # type: ignore[type-arg]  # the page of the current order the rows belong to
    excluded_counts: list[tuple[Any, int]]
    excluded: list[tuple[str, Any]]
    excluded_total: int
    approvals_needed: int  # the report's flow decides (D-3; four eyes for regular matching)
    missing: int = field(init=False)

    def __post_init__(self) -> None:
        self.missing = max(0, self.approvals_needed - len({a.approver_id for a in self.approvals}))

    @property
    def has_open_offer(self) -> bool:
        return any(offer.state == "open" for offer in self.offers)

    @property
    def candidate_count(self) -> int:
        return len(self.revision.order)

    @property
    def pages(self) -> dict[str, Any]:
        """The candidate list's page links, in the shape of `team/_section_pages.html`."""
        return {"page": self.page, "param": CANDIDATES_PARAM}


def latest_list(report: CapacityReport) -> CandidateList | None:
    """The newest list of the report, without its frozen place and pool (the page does not show them)."""
    of_report = (CandidateList.objects.filter(report=OuterRef("report")).order_by().values("report")
                 .annotate(n=Count("pk")).values("n"))
    return (report.candidate_lists.defer("place_snapshot", "pool_snapshot").select_related("adoption")
            .annotate(lists_of_report=Subquery(of_report)).order_by("-generated_at", "-pk").first())


def _adoption(cl: CandidateList) -> CandidateListAdoption | None:
    """The list's adoption (already fetched along with a list from `latest_list`), or None."""
    try:
        return cl.adoption
    except CandidateListAdoption.DoesNotExist:
        return None


def list_view(cl: CandidateList, number: str | None = None) -> ListView:
    """Everything the report page shows about one candidate list, in a handful of queries.

    Only the asked page of the current order (CANDIDATES_SHOWN rows) is fetched and explained; the positions
    stay those in the whole order."""
    revisions = list(cl.revisions.select_related("by", "request").order_by("number"))
    revision = revisions[-1]  # the current version (`current_revision`) is the newest: a list has at least one
    page = Paginator(revision.order, CANDIDATES_SHOWN).get_page(number)
    refs = list(page.object_list)
    entries = {e.request.ref: e for e in cl.entries.filter(request__ref__in=refs).select_related("request")}
    offers = list(cl.offers.select_related("request", "answer__review", "withdrawal").order_by("offered_at"))
    last_offer = {offer.request.ref: offer for offer in offers}
    rows = [CandidateRow(i, entries[ref], explanation_of(entries[ref].explanation), last_offer.get(ref))
            for i, ref in enumerate(refs, start=page.start_index()) if ref in entries]
    counts: dict[str, int] = {}
    for rule in cl.excluded.values():
        counts[rule] = counts.get(rule, 0) + 1
    shown = sorted(cl.excluded.items())[:EXCLUDED_SHOWN]
    return ListView(
        candidate_list=cl, revision=revision, rows=rows,
        revisions=revisions,
        approvals=list(revision.approvals.select_related("approver").order_by("at")),
        adoption=_adoption(cl), offers=offers, page=page,
        excluded_counts=sorted(((RULES.get(rule, rule), n) for rule, n in counts.items()), key=lambda x: -x[1]),
        excluded=[(ref, RULES.get(rule, rule)) for ref, rule in shown], excluded_total=len(cl.excluded),
        approvals_needed=approvals_needed(cl),
    )


def profile_facts(report: CapacityReport) -> dict[str, Any]:
    """D-4: the place profile the capacity dialogue recorded, as shown on the page."""
    profile = report.profile or {}
    place = report.place
    return {
        "age_min": profile.get("age_min", place.age_min), "age_max": profile.get("age_max", place.age_max),
        "genders": profile.get("genders", place.genders), "short_stay": profile.get("short_stay", place.short_stay),
        "vertical": profile.get("vertical", place.vertical), "kind_of_place": profile.get("kind_of_place", ""),
        "ideal_profile": profile.get("ideal_profile", place.ideal_profile) or [],
        "group_composition": profile.get("group_composition", place.group_composition),
        "carrying_capacity": profile.get("carrying_capacity", place.carrying_capacity),
        "internal_candidates": profile.get("internal_candidates", ""),
        "contact": profile.get("contact", place.contact),
    }
