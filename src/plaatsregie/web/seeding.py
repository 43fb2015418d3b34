"""Writing a synthetic Flanders (plaatsregie.synth) into the database, all or nothing."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from typing import Any

from django.db import transaction

from plaatsregie.registry import models as registry
from plaatsregie.synth import SyntheticFlanders
from plaatsregie.waiting import models as waiting

BATCH = 2000
# Obviously fake names: identity details exist so the privacy rules have something to protect.
GIVEN_NAMES = ("Aster", "Bo", "Cas", "Dany", "Eli", "Fien", "Gust", "Hanne", "Ilias", "Jo", "Kato", "Lou",
               "Mo", "Noor", "Oscar", "Pien", "Quinn", "Rune", "Sam", "Tuur", "Ulla", "Vic", "Wout", "Zoë")
FAMILY_NAMES = ("Fictief", "Verzonnen", "Voorbeeld", "Testmans", "Demo", "Proefkens", "Nepaert", "Schijnman")


def _pick(names: tuple[str, ...], key: str) -> str:
    return names[int(hashlib.sha256(key.encode()).hexdigest()[:8], 16) % len(names)]


def domain_is_empty() -> bool:
    return not (registry.Facility.objects.exists() or waiting.Request.objects.exists())


def clear_domain() -> None:
    """Remove all facilities, places and requests (never the module catalogue or the users)."""
    waiting.Request.objects.all().delete()
    waiting.YouthIdentity.objects.all().delete()
    waiting.Youth.objects.all().delete()
    waiting.Referrer.objects.all().delete()
    registry.Place.objects.all().delete()
    registry.Unit.objects.all().delete()
    registry.Facility.objects.all().delete()


def _bulk(model: Any, rows: Iterable[Any]) -> list[Any]:
    return list(model.objects.bulk_create(list(rows), batch_size=BATCH))


@transaction.atomic
def load_world(world: SyntheticFlanders) -> dict[str, int]:
    """Write the world; returns how many rows of each kind were written."""
    facilities = {f.ref: f for f in _bulk(registry.Facility, (
        registry.Facility(ref=f.id, name=f.name, region=f.region.value, lat=f.location.lat,
                          lon=f.location.lon, recognition=f.recognition, contact_name=f"Contact {f.name}")
        for f in world.facilities))}
    modules = {m.code: m for m in registry.ModuleType.objects.all()}
    units = {u.ref: u for u in _bulk(registry.Unit, (
        registry.Unit(ref=u.id, facility=facilities[u.facility_id], name=u.name,
                      module_type=modules[u.module_type], access=u.access.value,
                      cofinanced_by=u.cofinanced_by or "")
        for u in world.units))}
    _load_places(world, units)
    _load_requests(world, facilities, modules)
    return {"facilities": len(facilities), "units": len(units), "places": len(world.places),
            "requests": len(world.requests), "referrers": len(world.referrers)}


def _load_places(world: SyntheticFlanders, units: dict[str, registry.Unit]) -> None:
    reasons = {reason.code: reason for reason in registry.UnavailabilityReason.objects.all()}
    _bulk(registry.Place, (
        registry.Place(
            ref=p.profile.id, unit=units[p.profile.unit_id or ""], status=p.status.value,
            available_from=p.profile.available_from if p.status.value in ("freeing", "available") else None,
            age_min=p.profile.age_min, age_max=p.profile.age_max,
            genders="".join(sorted(g.value for g in p.profile.genders)), short_stay=p.profile.short_stay,
            vertical=p.profile.vertical, ideal_profile=sorted(n.value for n in p.profile.ideal_profile),
            unavailable_reason=reasons[p.unavailable_reason] if p.unavailable_reason else None,
            unavailable_until=p.unavailable_until,
        )
        for p in world.places))


def _load_requests(world: SyntheticFlanders, facilities: dict[str, registry.Facility],
                   modules: dict[str, registry.ModuleType]) -> None:
    referrers = {r.ref: r for r in _bulk(waiting.Referrer, (
        waiting.Referrer(ref=r.id, name=r.name, kind=r.kind.value, region=r.region.value)
        for r in world.referrers))}
    waiting_youth_ids = {r.youth_id for r in world.requests}
    youths = {y.ref: y for y in _bulk(waiting.Youth, (
        waiting.Youth(ref=y.id, birth_date=y.birth_date, gender=y.gender.value, region=y.region.value,
                      home_lat=y.home.lat if y.home else None, home_lon=y.home.lon if y.home else None,
                      family_ref=y.family_id or "")
        for y in world.youths if y.id in waiting_youth_ids))}
    _bulk(waiting.YouthIdentity, (
        waiting.YouthIdentity(youth=y, given_name=_pick(GIVEN_NAMES, ref), family_name=_pick(FAMILY_NAMES, ref))
        for ref, y in youths.items()))
    requests = _bulk(waiting.Request, (
        waiting.Request(
            ref=r.id, youth=youths[r.youth_id], referrer=referrers.get(r.referrer_id or ""),
            urgency=int(r.urgency), registered_on=r.registered_on, last_confirmed_on=r.registered_on,
            needs=sorted(n.value for n in r.needs), crisis_overflow=r.crisis_overflow,
            internal_transfer_facility=facilities.get(r.internal_transfer_facility_id or ""),
            readmission_facility=facilities.get(r.readmission_facility_id or ""),
        )
        for r in world.requests))
    module_link = waiting.Request.module_types.through
    sibling_link = waiting.Request.sibling_facilities.through
    _bulk(module_link, (module_link(request=row, moduletype=modules[code])
                        for row, r in zip(requests, world.requests, strict=True) for code in sorted(r.module_types)))
    _bulk(sibling_link, (sibling_link(request=row, facility=facilities[f])
                         for row, r in zip(requests, world.requests, strict=True)
                         for f in sorted(r.sibling_facility_ids)))
