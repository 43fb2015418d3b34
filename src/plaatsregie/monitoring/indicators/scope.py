"""`Scope`: which facilities, which period and which filters an indicator computes over."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date, datetime, time, timedelta

from django.db.models import Q, QuerySet
from django.utils import timezone

from plaatsregie.registry.models import Facility, Place

DAY = timedelta(days=1)


@dataclass(frozen=True)
class Scope:
    """Facilities (None = all of Flanders, or all of `province`), the period `start`…`end` (both days included)
    and the dashboard filters: module codes (empty = all) and the region of the youth's context (demand side).

    `province` limits the facilities to one province; `region` filters the demand (the youth's region) and, when
    no province is given, the facilities too."""

    start: date
    end: date
    facility_ids: tuple[int, ...] | None = None
    province: str = ""
    modules: tuple[str, ...] = ()
    region: str = ""
    today: date | None = field(default=None, compare=False)

    @classmethod
    def last_months(cls, months: int = 12, *, end: date | None = None, **filters: object) -> Scope:
        """The `months` full months before `end` (default: today) plus the running month up to `end`."""
        last = end or timezone.localdate()
        year, month = last.year, last.month - months
        while month < 1:
            year, month = year - 1, month + 12
        return cls(start=date(year, month, 1), end=last, **filters)  # type: ignore[arg-type]

    def with_facilities(self, ids: tuple[int, ...] | None) -> Scope:
        return replace(self, facility_ids=ids)

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    @property
    def end_exclusive(self) -> date:
        return self.end + DAY

    @property
    def reference_day(self) -> date:
        """'Today' for figures about the present (the current status of places, the pool now)."""
        return min(self.today or timezone.localdate(), self.end)

    def start_moment(self) -> datetime:
        return timezone.make_aware(datetime.combine(self.start, time.min))

    def end_moment(self) -> datetime:
        """The first moment after the period."""
        return timezone.make_aware(datetime.combine(self.end_exclusive, time.min))

    def facility_q(self, prefix: str = "") -> Q:
        """The facilities in scope, as a filter on `prefix` + facility fields."""
        q = Q()
        if self.facility_ids is not None:
            q &= Q(**{f"{prefix}id__in": self.facility_ids})
        region = self.province or self.region
        if region:
            q &= Q(**{f"{prefix}region": region})
        return q

    def place_q(self, prefix: str = "") -> Q:
        """The places in scope (facility and module filters), as a filter on `prefix` + place fields."""
        q = self.facility_q(f"{prefix}unit__facility__")
        if self.modules:
            q &= Q(**{f"{prefix}unit__module_type__code__in": self.modules})
        return q

    def facilities(self) -> QuerySet[Facility]:
        """The facilities in scope, alphabetically (never ranked: D-27a)."""
        return Facility.objects.filter(self.facility_q()).order_by("name", "id")

    def places(self) -> QuerySet[Place]:
        return Place.objects.filter(self.place_q())

    def is_filtered_on_places(self) -> bool:
        return bool(self.facility_ids is not None or self.province or self.region or self.modules)

    def months(self) -> list[tuple[date, date]]:
        """The calendar months of the period, each clipped to it: (first day, last day)."""
        out: list[tuple[date, date]] = []
        first = self.start
        while first <= self.end:
            following = date(first.year + (first.month == 12), first.month % 12 + 1, 1)
            out.append((first, min(self.end, following - DAY)))
            first = following
        return out
