"""Read-only questions of the referrer pages, limited to the user's own referrer (need-to-know).

The matching status names the facility an offer went to (the referrer talks to it directly, D-12), never
another youth."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from django.db.models import Case, Q, QuerySet, Value, When
from django.utils.translation import gettext_lazy as _

from plaatsregie.placement.models import PENDING, Admission, CandidateList, CandidateListRevision, Offer
from plaatsregie.waiting.models import Request
from plaatsregie.waiting.services import stale_requests


@dataclass(frozen=True)
class MatchingStatus:
    label: object
    tone: str = ""  # badge class: ok / warn / bad / ""
    facility: str = ""
    on: date | None = None


def requests_of(referrer_ids: Iterable[int]) -> QuerySet[Request]:
    """Own requests, waiting ones first (most urgent first), then admitted, then withdrawn."""
    waiting_first = Case(When(status="waiting", then=Value(0)), When(status="admitted", then=Value(1)),
                         default=Value(2))
    return (Request.objects.filter(referrer_id__in=list(referrer_ids)).select_related("youth")
            .order_by(waiting_first, "urgency", "registered_on", "ref"))


def stale_ids(requests: Iterable[Request], today: date) -> set[int]:
    """D-6: which of these requests nobody confirmed within the configured period (the service decides)."""
    return set(stale_requests(today).filter(pk__in=[r.pk for r in requests]).values_list("pk", flat=True))


def matching_statuses(requests: Iterable[Request]) -> dict[int, MatchingStatus]:
    """Where each request stands in the matching process: admitted, agreed, offered, listed or waiting."""
    rows = list(requests)
    ids = [r.pk for r in rows]
    stays = {a.request_id: a for a in Admission.objects.filter(request_id__in=ids, ended_on__isnull=True)
             .select_related("place__unit__facility")}
    offers = Offer.objects.filter(Q(state="open") | PENDING, request_id__in=ids).select_related("place__unit__facility")
    open_offers = {o.request_id: o for o in offers}
    listed = _on_open_candidate_lists(rows)
    return {r.pk: _status(r, stays.get(r.pk), open_offers.get(r.pk), r.ref in listed) for r in rows}


def _status(request: Request, stay: Admission | None, offer: Offer | None, listed: bool) -> MatchingStatus:
    if stay is not None:
        return MatchingStatus(_("opgenomen"), "ok", stay.place.unit.facility.name, stay.start_on)
    if request.status == "withdrawn":
        return MatchingStatus(_("ingetrokken"))
    if offer is not None and offer.state == "open":
        return MatchingStatus(_("voorgesteld aan een voorziening"), "warn", offer.place.unit.facility.name,
                              offer.respond_by)
    if offer is not None:
        return MatchingStatus(_("akkoord van de voorziening, wacht op de start"), "ok",
                              offer.place.unit.facility.name)
    if listed:
        return MatchingStatus(_("op een kandidatenlijst voor een vrijkomende plaats"), "warn")
    if request.status == "admitted":  # the stay has ended since
        return MatchingStatus(_("opgenomen geweest, het verblijf is beëindigd"))
    return MatchingStatus(_("wachtend, nog niet op een kandidatenlijst"))


def _on_open_candidate_lists(requests: list[Request]) -> set[str]:
    """The request refs in the current order of a candidate list whose capacity report is still open."""
    refs = {r.ref for r in requests if r.status == "waiting"}
    if not refs:
        return set()
    lists = CandidateList.objects.filter(report__closed_at__isnull=True,
                                         entries__request__ref__in=refs).values("pk").distinct()
    latest: dict[int, list[str]] = {}
    revisions = CandidateListRevision.objects.filter(candidate_list__in=lists).order_by("candidate_list", "-number")
    for list_id, order in revisions.values_list("candidate_list_id", "order"):
        latest.setdefault(list_id, order)
    return {ref for order in latest.values() for ref in order if ref in refs}
