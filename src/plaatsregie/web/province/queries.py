"""What a policy officer reads about the facilities of their province: places, statuses and signals.

Aggregates and opaque references only: nothing here names a youth, shows a dossier number or a birth date.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from plaatsregie.accounts.models import AuditRecord
from plaatsregie.accounts.vocabulary import AuditEvent
from plaatsregie.core.lifecycle import OfferOutcome
from plaatsregie.core.types import PlaceStatus
from plaatsregie.placement.models import DialogueAgreement, Objection, Offer, OfferAnswer
from plaatsregie.placement.services.deadlines import stalled_offers
from plaatsregie.placement.services.objections import LEVELS
from plaatsregie.registry.models import Facility, Place, Unit

LONG_UNAVAILABLE_DAYS = 30  # a place unavailable this long deserves a question (D-5)
REFUSAL_WINDOW_DAYS = 90  # refusals looked back on (D-13, D-14)
STATUSES = (PlaceStatus.AVAILABLE, PlaceStatus.FREEING, PlaceStatus.RESERVED, PlaceStatus.OCCUPIED,
            PlaceStatus.UNAVAILABLE)


@dataclass
class StatusCounts:
    """Places per status; `count(status)` and `total` for the templates."""

    counts: dict[str, int] = field(default_factory=dict)

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    @property
    def available(self) -> int:
        return self.counts.get(PlaceStatus.AVAILABLE.value, 0)

    @property
    def freeing(self) -> int:
        return self.counts.get(PlaceStatus.FREEING.value, 0)

    @property
    def reserved(self) -> int:
        return self.counts.get(PlaceStatus.RESERVED.value, 0)

    @property
    def occupied(self) -> int:
        return self.counts.get(PlaceStatus.OCCUPIED.value, 0)

    @property
    def unavailable(self) -> int:
        return self.counts.get(PlaceStatus.UNAVAILABLE.value, 0)


@dataclass
class FacilityRow:
    facility: Facility
    places: StatusCounts
    units: int
    unavailable_reasons: dict[str, int]


@dataclass
class UnavailablePlace:
    place: Place
    since: date | None

    @property
    def days(self) -> int | None:
        return (timezone.localdate() - self.since).days if self.since else None

    @property
    def long(self) -> bool:
        return self.days is not None and self.days > LONG_UNAVAILABLE_DAYS


@dataclass
class OpenObjection:
    objection: Objection
    waits_for: str  # the level that answers next (D-17)


@dataclass
class Signals:
    """What needs attention at one facility, from the data as it is today."""

    long_unavailable: list[UnavailablePlace]
    overdue_offers: list[Offer]
    refusals_by_reason: list[tuple[str, int]]
    open_objections: list[OpenObjection]
    overdue_agreements: list[DialogueAgreement]

    @property
    def count(self) -> int:
        return (len(self.long_unavailable) + len(self.overdue_offers) + sum(n for _, n in self.refusals_by_reason)
                + len(self.open_objections) + len(self.overdue_agreements))


def facilities_in(provinces: set[str], *, region: str = "") -> QuerySet[Facility]:
    """The facilities of the given provinces (optionally one of them), by name."""
    facilities = Facility.objects.filter(region__in=provinces)
    return facilities.filter(region=region) if region else facilities


def facility_rows(facilities: list[Facility]) -> list[FacilityRow]:
    """One row per facility: its number of units, places per status and why places are unavailable."""
    ids = [f.pk for f in facilities]
    counts: dict[int, StatusCounts] = {pk: StatusCounts() for pk in ids}
    for item in Place.objects.filter(unit__facility_id__in=ids).values("unit__facility_id", "status").annotate(
            n=Count("id")):
        counts[item["unit__facility_id"]].counts[item["status"]] = item["n"]
    reasons: dict[int, dict[str, int]] = {pk: {} for pk in ids}
    unavailable = Place.objects.filter(unit__facility_id__in=ids, status=PlaceStatus.UNAVAILABLE.value)
    for item in unavailable.values("unit__facility_id", "unavailable_reason__label").annotate(n=Count("id")):
        reasons[item["unit__facility_id"]][item["unavailable_reason__label"] or "—"] = item["n"]
    units = dict(Unit.objects.filter(facility_id__in=ids).values("facility_id").annotate(n=Count("id"))
                 .values_list("facility_id", "n"))
    return [FacilityRow(f, counts[f.pk], units.get(f.pk, 0), reasons[f.pk]) for f in facilities]


def units_with_places(facility: Facility) -> list[tuple[Unit, list[Place]]]:
    """The facility's units, each with its places (reference, status, availability; no occupant)."""
    units = list(facility.units.select_related("module_type").order_by("name", "ref"))
    places: dict[int, list[Place]] = {unit.pk: [] for unit in units}
    for place in Place.objects.filter(unit__facility=facility).select_related("unavailable_reason").order_by("ref"):
        places[place.unit_id].append(place)
    return [(unit, places[unit.pk]) for unit in units]


def status_counts(facility: Facility) -> StatusCounts:
    rows = Place.objects.filter(unit__facility=facility).values("status").annotate(n=Count("id"))
    return StatusCounts({row["status"]: row["n"] for row in rows})


def unavailable_places(facility: Facility) -> list[UnavailablePlace]:
    """The facility's unavailable places with the day they became unavailable, from the audit trail (D-25)."""
    places = list(Place.objects.filter(unit__facility=facility, status=PlaceStatus.UNAVAILABLE.value)
                  .select_related("unit", "unavailable_reason").order_by("ref"))
    records = (AuditRecord.objects.filter(event=AuditEvent.PLACE_STATUS_CHANGED.value, object_type="Place",
                                          object_ref__in=[p.ref for p in places],
                                          new__status=PlaceStatus.UNAVAILABLE.value)
               .order_by("object_ref", "-at").values_list("object_ref", "at"))
    since: dict[str, datetime] = {}
    for ref, at in records:
        since.setdefault(ref, at)
    return [UnavailablePlace(p, timezone.localdate(since[p.ref]) if p.ref in since else None) for p in places]


def signals(facility: Facility, *, today: date | None = None) -> Signals:
    """Places unavailable over 30 days, offers past their answer date, recent refusals by reason, objections
    still open, and capacity-dialogue agreements past their date."""
    today = today or timezone.localdate()
    overdue = (stalled_offers(today).filter(place__unit__facility=facility).select_related("place")
               .order_by("respond_by", "ref"))
    return Signals(
        long_unavailable=[u for u in unavailable_places(facility) if u.long],
        overdue_offers=list(overdue),
        refusals_by_reason=refusals_by_reason(facility, since=today - timedelta(days=REFUSAL_WINDOW_DAYS)),
        open_objections=open_objections(facility),
        overdue_agreements=list(DialogueAgreement.objects.filter(
            report__place__unit__facility=facility, report__closed_at__isnull=True, due_on__lt=today,
        ).select_related("report__place").order_by("due_on", "id")),
    )


def refusals_by_reason(facility: Facility, *, since: date) -> list[tuple[str, int]]:
    """D-13: how often the facility refused an offer since `since`, per reason (the text as it was then)."""
    rows = (OfferAnswer.objects.filter(offer__place__unit__facility=facility, outcome=OfferOutcome.REFUSED.value,
                                       at__date__gte=since)
            .values("reason_text").annotate(n=Count("id")).order_by("-n", "reason_text"))
    return [(row["reason_text"] or "—", row["n"]) for row in rows]


def open_objections(facility: Facility) -> list[OpenObjection]:
    """D-17: the facility's objections not yet resolved, with the level that answers next."""
    objections = (Objection.objects.filter(facility=facility)
                  .annotate(answered=Count("answers"), resolved=Count("answers", filter=Q(answers__resolved=True)))
                  .filter(resolved=0, answered__lt=len(LEVELS)).order_by("at", "id"))
    return [OpenObjection(o, LEVELS[o.answered][0]) for o in objections]
