"""Read-only questions the facility pages ask, always limited to the user's own facilities (need-to-know)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.db.models import Prefetch, Q, QuerySet
from django.utils import timezone

from plaatsregie.core.types import PlaceStatus
from plaatsregie.placement.models import Admission, CapacityReport, Offer
from plaatsregie.registry.models import Place, Unit

RECENT_DAYS = 60  # answered offers stay on the offers page this long


@dataclass
class PlaceRow:
    place: Place
    report: CapacityReport | None
    stay: Admission | None

    @property
    def can_announce(self) -> bool:
        return self.report is None and self.place.status in {PlaceStatus.OCCUPIED, PlaceStatus.UNAVAILABLE,
                                                             PlaceStatus.AVAILABLE}

    @property
    def can_make_unavailable(self) -> bool:
        return self.place.status in {PlaceStatus.OCCUPIED, PlaceStatus.FREEING, PlaceStatus.AVAILABLE}

    @property
    def can_reactivate(self) -> bool:
        return self.place.status == PlaceStatus.UNAVAILABLE


@dataclass
class UnitRows:
    unit: Unit
    rows: list[PlaceRow] = field(default_factory=list)


def units_with_places(facility_ids: Iterable[int]) -> list[UnitRows]:
    """The facility's living groups with each place, its open capacity report and its current stay."""
    places = Place.objects.select_related("unavailable_reason").order_by("ref")
    units = (Unit.objects.filter(facility_id__in=facility_ids).select_related("facility", "module_type")
             .prefetch_related(Prefetch("places", queryset=places)).order_by("facility__name", "name"))
    place_ids = Place.objects.filter(unit__facility_id__in=facility_ids).values("pk")
    reports = {r.place_id: r for r in CapacityReport.objects.filter(place_id__in=place_ids, closed_at__isnull=True)}
    stays = {a.place_id: a for a in Admission.objects.filter(place_id__in=place_ids, ended_on__isnull=True)}
    return [UnitRows(unit, [PlaceRow(p, reports.get(p.pk), stays.get(p.pk)) for p in unit.places.all()])
            for unit in units]


def offers_to(facility_ids: Iterable[int], today: date) -> QuerySet[Offer]:
    """Open offers to the facility, agreements waiting for their start, and offers answered recently."""
    since = today - timedelta(days=RECENT_DAYS)
    recent = Q(state="open") | Q(closed_at__isnull=True) | Q(offered_at__date__gte=since)
    return (Offer.objects.filter(recent, place__unit__facility_id__in=facility_ids)
            .select_related("place__unit__module_type", "request", "answer")
            .order_by("-offered_at", "-pk"))


def current_stays(facility_ids: Iterable[int]) -> QuerySet[Admission]:
    return (Admission.objects.filter(place__unit__facility_id__in=facility_ids, ended_on__isnull=True)
            .select_related("place__unit", "request").order_by("start_on", "ref"))


def today() -> date:
    return timezone.localdate()
