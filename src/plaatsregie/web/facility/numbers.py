"""A facility's own figures (D-18, D-29, D-30): for dialogue, never a ranking. Own facilities only."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.db.models import Count
from django.utils import timezone

from plaatsregie.core.types import PlaceStatus
from plaatsregie.placement.models import Offer, OfferAnswer
from plaatsregie.registry.models import Place

YEAR = 365


@dataclass
class FacilityFigures:
    since: date
    places_by_status: dict[str, int]
    total_places: int
    offers: dict[str, int]
    refusals_by_reason: list[tuple[str, int]]
    average_days_to_answer: float | None
    vacant_place_days: int

    @property
    def occupied(self) -> int:
        return self.places_by_status.get(PlaceStatus.OCCUPIED.value, 0)

    @property
    def occupancy_percent(self) -> int | None:
        return round(100 * self.occupied / self.total_places) if self.total_places else None


def facility_figures(facility_ids: Iterable[int], today: date) -> FacilityFigures:
    """The figures of the last twelve months for the given facilities."""
    ids = list(facility_ids)
    since = today - timedelta(days=YEAR)
    places = Place.objects.filter(unit__facility_id__in=ids)
    by_status = dict(places.values_list("status").annotate(n=Count("id")).values_list("status", "n"))
    offers = Offer.objects.filter(place__unit__facility_id__in=ids, offered_at__date__gte=since)
    by_state = Counter(dict(offers.values_list("state").annotate(n=Count("id")).values_list("state", "n")))
    answers = OfferAnswer.objects.filter(offer__in=offers).select_related("offer")
    refusals = Counter(a.reason_text or "—" for a in answers if a.outcome == "refused")
    waits = [(a.at - a.offer.offered_at).total_seconds() / 86400 for a in answers]
    return FacilityFigures(
        since=since, places_by_status=by_status, total_places=sum(by_status.values()),
        offers={"received": sum(by_state.values()), **by_state},
        refusals_by_reason=sorted(refusals.items(), key=lambda item: (-item[1], item[0])),
        average_days_to_answer=round(sum(waits) / len(waits), 1) if waits else None,
        vacant_place_days=vacant_place_days(places.values_list("pk", flat=True), since, today),
    )


def vacant_place_days(place_ids: Iterable[int], since: date, today: date) -> int:
    """D-29: days places stood free (status 'vrij') between `since` and today, from the place history."""
    start = timezone.make_aware(datetime.combine(since, time.min))
    end = timezone.make_aware(datetime.combine(today + timedelta(days=1), time.min))
    changes: dict[int, list[tuple[datetime, str]]] = defaultdict(list)
    rows = Place.history.filter(id__in=list(place_ids), history_date__lt=end).order_by("id", "history_date")
    for place_id, at, status in rows.values_list("id", "history_date", "status"):
        changes[place_id].append((at, status))
    seconds = 0.0
    for timeline in changes.values():
        for (at, status), following in zip(timeline, [*timeline[1:], (end, "")], strict=True):
            if status == PlaceStatus.AVAILABLE.value:
                seconds += max(0.0, (min(following[0], end) - max(at, start)).total_seconds())
    return round(seconds / 86400)
