"""Read-only queries for the team's work queue: what waits for the team, counted and the oldest first."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django.core.paginator import Page, Paginator
from django.db import connections
from django.db.models import Exists, OuterRef, Q, QuerySet, Subquery

from plaatsregie.core.calendar import BelgianHolidays, is_working_day
from plaatsregie.core.lifecycle import OfferState
from plaatsregie.placement.models import (
    CandidateList,
    CandidateListAdoption,
    CandidateListApproval,
    CandidateListRevision,
    CapacityReport,
    CollectiveCase,
    MandateDecision,
    Offer,
    OfferAnswer,
)
from plaatsregie.placement.services.deadlines import offers_due_soon, stalled_offers
from plaatsregie.waiting.models import RequestStatus
from plaatsregie.waiting.services import stale_requests

TOP = 10  # rows per work-queue section; the rest is behind a link or the count
PARAMS = ("meldingen", "lijsten", "voorstellen", "weigeringen", "mandaat", "collectief", "niet-bevestigd")


@dataclass
class Section:
    """One part of the work queue: how many, and the rows of the asked page (TOP per page)."""

    page: Page  # type: ignore[type-arg]
    param: str

    @property
    def count(self) -> int:
        return self.page.paginator.count

    @property
    def rows(self) -> list[Any]:
        return list(self.page.object_list)


def working_days_between(start: date, end: date) -> int:
    """Working days after `start` up to and including `end` (Belgian holidays do not count)."""
    closed = BelgianHolidays()
    days, day = 0, start
    while day < end:
        day += timedelta(days=1)
        days += is_working_day(day, closed)
    return days


def counts(querysets: dict[str, QuerySet[Any]]) -> dict[str, int]:
    """How many rows each queryset has, in one round trip to the database instead of one per queryset."""
    parts: list[str] = []
    params: list[Any] = []
    for i, rows in enumerate(querysets.values()):
        sql, values = rows.order_by().values("pk").query.sql_with_params()
        parts.append(f"(SELECT COUNT(*) FROM ({sql}) counted_{i})")
        params.extend(values)
    first = next(iter(querysets.values()))
    with connections[first.db].cursor() as cursor:
        cursor.execute("SELECT " + ", ".join(parts), params)
        found = cursor.fetchone()
    return {name: int(n) for name, n in zip(querysets, found, strict=True)}


def _section(rows: QuerySet[Any], param: str, number: str | None, count: int | None) -> Section:
    paginator = Paginator(rows, TOP)
    if count is not None:
        paginator.__dict__["count"] = count  # counted beforehand with the other sections (cached_property)
    page = paginator.get_page(number)
    page.object_list = list(page.object_list) if paginator.count else []
    return Section(page, param)


def _reports() -> QuerySet[CapacityReport]:
    adopted = CandidateListAdoption.objects.filter(candidate_list__report=OuterRef("pk"))
    return CapacityReport.objects.filter(closed_at__isnull=True, in_scope=True).filter(~Exists(adopted))


def _lists() -> QuerySet[CandidateList]:
    newer = CandidateList.objects.filter(report=OuterRef("report"), generated_at__gt=OuterRef("generated_at"))
    return CandidateList.objects.filter(report__closed_at__isnull=True, adoption__isnull=True).filter(~Exists(newer))


def _offers() -> QuerySet[Offer]:
    return Offer.objects.filter(state=OfferState.OPEN.value)


def _refusals() -> QuerySet[OfferAnswer]:
    return OfferAnswer.objects.filter(outcome="refused", review__isnull=True)


def _mandates() -> QuerySet[MandateDecision]:
    """The last decision of each (youth, facility) pair of a waiting request."""
    later = MandateDecision.objects.filter(
        Q(at__gt=OuterRef("at")) | Q(at=OuterRef("at"), id__gt=OuterRef("id")),
        request=OuterRef("request"), facility=OuterRef("facility"))
    return MandateDecision.objects.filter(request__status=RequestStatus.WAITING).filter(~Exists(later))


def _collective() -> QuerySet[CollectiveCase]:
    return CollectiveCase.objects.filter(request__status=RequestStatus.WAITING)


def work_queue(today: date, asked: dict[str, str | None]) -> dict[str, Section]:
    """Every section of the work queue (`asked`: section parameter → page number); all counts in one query."""
    n = counts({"meldingen": _reports(), "lijsten": _lists(), "voorstellen": _offers(), "weigeringen": _refusals(),
                "mandaat": _mandates(), "collectief": _collective(), "niet-bevestigd": stale_requests(today),
                "over-tijd": stalled_offers(today)})
    offers = open_offers(today, asked.get("voorstellen"), n["voorstellen"], n["over-tijd"])
    return {
        "reports": reports_without_adopted_list(asked.get("meldingen"), n["meldingen"]),
        "lists": lists_awaiting_adoption(asked.get("lijsten"), n["lijsten"]), "offers": offers,
        "refusals": refusals_to_review(asked.get("weigeringen"), n["weigeringen"]),
        "mandates": mandate_cases(asked.get("mandaat"), n["mandaat"]),
        "collective": collective_cases(asked.get("collectief"), n["collectief"]),
        "stale": stale(today, asked.get("niet-bevestigd"), n["niet-bevestigd"]),
    }


def reports_without_adopted_list(number: str | None = None, count: int | None = None) -> Section:
    """D-7: open in-scope capacity reports for which the team has not adopted a list yet."""
    any_list = CandidateList.objects.filter(report=OuterRef("pk"))
    rows = (_reports().annotate(has_list=Exists(any_list))
            .select_related("place__unit__facility", "place__unit__module_type")
            .only("ref", "expected_free_on", "place__unit__facility__name", "place__unit__module_type__code")
            .order_by("expected_free_on", "ref"))
    return _section(rows, "meldingen", number, count)


def lists_awaiting_adoption(number: str | None = None, count: int | None = None) -> Section:
    """D-11: the newest list of each open report that two team members have not approved yet."""
    newest = CandidateListRevision.objects.filter(candidate_list=OuterRef("pk")).order_by("-number")
    rows = (_lists().annotate(revision=Subquery(newest.values("number")[:1]))
            .select_related("report__place__unit__facility")
            .only("ref", "generated_at", "report__ref", "report__place__unit__facility__name").order_by("generated_at"))
    section = _section(rows, "lijsten", number, count)
    approvals = CandidateListApproval.objects.filter(revision__candidate_list__in=[cl.pk for cl in section.rows])
    counted: dict[tuple[int, int], int] = {}
    for list_id, version in approvals.values_list("revision__candidate_list_id", "revision__number"):
        counted[(list_id, version)] = counted.get((list_id, version), 0) + 1
    for cl in section.rows:
        cl.approval_count = counted.get((cl.pk, cl.revision), 0)
    return section


def open_offers(today: date, number: str | None = None, count: int | None = None,
                overdue: int | None = None) -> Section:
    """D-12: open offers, oldest first, with their age in working days; overdue and due-soon ones marked."""
    rows = (_offers().annotate(overdue=Exists(stalled_offers(today).filter(pk=OuterRef("pk"))),
                               due_soon=Exists(offers_due_soon(today).filter(pk=OuterRef("pk"))))
            .select_related("request", "place__unit__facility", "report")
            .only("ref", "offered_at", "respond_by", "request__ref", "place__unit__facility__name", "report__ref")
            .order_by("offered_at"))
    section = _section(rows, "voorstellen", number, count)
    for offer in section.rows:
        offer.age_working_days = working_days_between(offer.offered_at.date(), today)
    if overdue is None:
        overdue = stalled_offers(today).count() if section.count else 0
    section.overdue = overdue  # type: ignore[attr-defined]
    return section


def refusals_to_review(number: str | None = None, count: int | None = None) -> Section:
    """D-14: refused offers the team has not discussed yet."""
    rows = (_refusals().select_related("offer__request", "offer__place__unit__facility")
            .only("reason_text", "at", "offer__ref", "offer__request__ref", "offer__place__unit__facility__name")
            .order_by("at"))
    return _section(rows, "weigeringen", number, count)


def mandate_cases(number: str | None = None, count: int | None = None) -> Section:
    """D-15: (youth, facility) pairs of waiting requests that stand on the mandate ladder, last step first."""
    rows = (_mandates().select_related("request", "facility").only("step", "at", "request__ref", "facility__name")
            .order_by("-at", "-id"))
    return _section(rows, "mandaat", number, count)


def collective_cases(number: str | None = None, count: int | None = None) -> Section:
    """D-16: collective cases of youths who are still waiting."""
    rows = (_collective().select_related("request").only("opened_at", "refusing_facilities", "request__ref")
            .order_by("opened_at"))
    return _section(rows, "collectief", number, count)


def stale(today: date, number: str | None = None, count: int | None = None) -> Section:
    """D-6: waiting requests nobody confirmed within the stale period, the longest unconfirmed first."""
    rows = stale_requests(today).only("ref", "urgency", "last_confirmed_on").order_by("last_confirmed_on", "ref")
    return _section(rows, "niet-bevestigd", number, count)
