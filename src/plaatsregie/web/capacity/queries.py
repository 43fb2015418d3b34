"""Counts of places by module type, region and status. Aggregates only: nothing here names a youth."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Count

from plaatsregie.core.types import PlaceStatus
from plaatsregie.registry.models import ModuleType, Place

SHOWN = (PlaceStatus.AVAILABLE, PlaceStatus.FREEING, PlaceStatus.RESERVED, PlaceStatus.OCCUPIED,
         PlaceStatus.UNAVAILABLE)


@dataclass
class CapacityRow:
    module: str
    module_name: str
    region: str
    counts: dict[str, int] = field(default_factory=dict)

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    def count(self, status: PlaceStatus) -> int:
        return self.counts.get(status.value, 0)

    @property
    def available(self) -> int:
        return self.count(PlaceStatus.AVAILABLE)

    @property
    def freeing(self) -> int:
        return self.count(PlaceStatus.FREEING)


def capacity_by_module_and_region(*, region: str = "", module: str = "") -> list[CapacityRow]:
    """One row per (module type, region) with the number of places in each status."""
    places = Place.objects.all()
    if region:
        places = places.filter(unit__facility__region=region)
    if module:
        places = places.filter(unit__module_type__code=module)
    names = dict(ModuleType.objects.values_list("code", "name"))
    rows: dict[tuple[str, str], CapacityRow] = {}
    grouped = places.values("unit__module_type__code", "unit__facility__region", "status").annotate(n=Count("id"))
    for item in grouped:
        key = (item["unit__module_type__code"], item["unit__facility__region"])
        row = rows.setdefault(key, CapacityRow(key[0], names.get(key[0], key[0]), key[1]))
        row.counts[item["status"]] = item["n"]
    return sorted(rows.values(), key=lambda r: (r.module, r.region))
