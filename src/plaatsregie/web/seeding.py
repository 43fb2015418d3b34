"""Writing a synthetic Flanders (plaatsregie.synth) into the database: the supply in bulk, requests in batches
as they are registered, everything that happens to them through the services (plaatsregie.web.history)."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from django.apps import apps
from django.db import connection, models, transaction
from django.db.models import ForeignKey

from plaatsregie.accounts.append_only import purge_allowed
from plaatsregie.core.modules import ModuleCatalogue
from plaatsregie.core.types import PlaceStatus, Request, Urgency, Youth
from plaatsregie.registry import models as registry
from plaatsregie.synth import SyntheticFlanders
from plaatsregie.waiting import models as waiting

BATCH = 2000
# Obviously fake names: identity details exist so the privacy rules have something to protect.
GIVEN_NAMES = ("Aster", "Bo", "Cas", "Dany", "Eli", "Fien", "Gust", "Hanne", "Ilias", "Jo", "Kato", "Lou",
               "Mo", "Noor", "Oscar", "Pien", "Quinn", "Rune", "Sam", "Tuur", "Ulla", "Vic", "Wout", "Zoë")
FAMILY_NAMES = ("Fictief", "Verzonnen", "Voorbeeld", "Testmans", "Demo", "Proefkens", "Nepaert", "Schijnman")
DOMAIN_APPS = ("followup", "placement", "waiting", "registry", "accounts")
KEPT = {"moduletype", "scopeexclusion", "unavailabilityreason", "refusalreason", "withdrawalreason"}


def _pick(names: tuple[str, ...], key: str) -> str:
    return names[int(hashlib.sha256(key.encode()).hexdigest()[:8], 16) % len(names)]


def domain_is_empty() -> bool:
    return not (registry.Facility.objects.exists() or waiting.Request.objects.exists())


def clear_domain() -> None:
    """Remove the world and everything recorded about it: places, requests, the placement workflow, the audit
    trail, the access log and every role membership (they point at the world). Never the module catalogue, the
    reason catalogues or the users."""
    # plain DELETEs (no per-row signals, no change history), in reference order, all or nothing
    with transaction.atomic(), purge_allowed(), connection.cursor() as cursor:
        for model in _deletion_order():
            cursor.execute(f"DELETE FROM {connection.ops.quote_name(model._meta.db_table)}")


def _deletion_order() -> list[type[models.Model]]:
    """The domain's tables, each before the tables it refers to (the reference tables are kept)."""
    tables = [m for app in DOMAIN_APPS for m in apps.get_app_config(app).get_models(include_auto_created=True)
              if not _kept(m)]
    order: list[type[models.Model]] = []
    remaining = list(tables)
    while remaining:
        referenced = {f.related_model for m in remaining for f in m._meta.get_fields()
                      if isinstance(f, ForeignKey) and f.related_model is not m}
        ready = [m for m in remaining if m not in referenced]
        order += ready or remaining  # a cycle (none today) falls back to the listed order
        remaining = [m for m in remaining if m not in order]
    return order


def _kept(model: type[models.Model]) -> bool:
    """A reference table, or the link table of one (the modules of a scope exclusion, D-2)."""
    owner = model._meta.auto_created  # the model whose many-to-many field made this table, or False
    return model._meta.model_name in KEPT or (isinstance(owner, type) and owner._meta.model_name in KEPT)


def _bulk(model: Any, rows: Iterable[Any]) -> list[Any]:
    return list(model.objects.bulk_create(list(rows), batch_size=BATCH))


@dataclass
class Lookups:
    """Rows the seeding refers to, by reference."""

    facilities: dict[str, registry.Facility]
    modules: dict[str, registry.ModuleType]
    referrers: dict[str, waiting.Referrer]


def write_supply(world: SyntheticFlanders, catalogue: ModuleCatalogue) -> Lookups:
    """Facilities, living groups, places and referrers. In-scope places start free: what happens to them is
    replayed through the services; out-of-scope places (D-2) are written as they are today."""
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
    _write_places(world, units, catalogue)
    referrers = {r.ref: r for r in _bulk(waiting.Referrer, (
        waiting.Referrer(ref=r.id, name=r.name, kind=r.kind.value, region=r.region.value)
        for r in world.referrers))}
    return Lookups(facilities, modules, referrers)


def _write_places(world: SyntheticFlanders, units: dict[str, registry.Unit], catalogue: ModuleCatalogue) -> None:
    reasons = {reason.code: reason for reason in registry.UnavailabilityReason.objects.all()}
    rows = []
    for p in world.places:
        profile = p.profile
        in_scope = catalogue.scope_of(profile.module_type, profile.access, profile.cofinanced_by).in_scope
        status = PlaceStatus.AVAILABLE if in_scope else p.status
        written_as_is = not in_scope and p.status is PlaceStatus.UNAVAILABLE
        rows.append(registry.Place(
            ref=profile.id, unit=units[profile.unit_id or ""], status=status.value,
            available_from=profile.available_from if p.status in (PlaceStatus.FREEING, PlaceStatus.AVAILABLE) else None,
            age_min=profile.age_min, age_max=profile.age_max,
            genders="".join(sorted(g.value for g in profile.genders)), short_stay=profile.short_stay,
            vertical=profile.vertical, ideal_profile=sorted(n.value for n in profile.ideal_profile),
            group_composition=profile.group_composition, carrying_capacity=profile.carrying_capacity,
            contact=profile.contact,
            unavailable_reason=reasons[p.unavailable_reason] if written_as_is and p.unavailable_reason else None,
            unavailable_until=p.unavailable_until if written_as_is else None,
        ))
    _bulk(registry.Place, rows)


def write_requests(requests: Sequence[Request], youths: Mapping[str, Youth], lookups: Lookups,
                   urgency: Mapping[str, Urgency] | None = None) -> dict[str, int]:
    """Requests (waiting) with their youths and identities; `urgency` overrides the urgency they start with.
    Returns request reference → primary key."""
    urgency = urgency or {}
    written = {y.ref: y for y in _bulk(waiting.Youth, (_youth(youths[r.youth_id]) for r in requests))}
    _bulk(waiting.YouthIdentity, (
        waiting.YouthIdentity(youth=y, given_name=_pick(GIVEN_NAMES, ref), family_name=_pick(FAMILY_NAMES, ref))
        for ref, y in written.items()))
    facilities = lookups.facilities
    rows = _bulk(waiting.Request, (
        waiting.Request(
            ref=r.id, youth=written[r.youth_id], referrer=lookups.referrers.get(r.referrer_id or ""),
            urgency=int(urgency.get(r.id, r.urgency)), registered_on=r.registered_on,
            last_confirmed_on=r.registered_on, needs=sorted(n.value for n in r.needs),
            crisis_overflow=r.crisis_overflow,
            internal_transfer_facility=facilities.get(r.internal_transfer_facility_id or ""),
            readmission_facility=facilities.get(r.readmission_facility_id or ""),
        )
        for r in requests))
    module_link = waiting.Request.module_types.through
    sibling_link = waiting.Request.sibling_facilities.through
    pairs = list(zip(rows, requests, strict=True))
    _bulk(module_link, (module_link(request=row, moduletype=lookups.modules[code])
                        for row, r in pairs for code in sorted(r.module_types)))
    _bulk(sibling_link, (sibling_link(request=row, facility=facilities[f])
                         for row, r in pairs for f in sorted(r.sibling_facility_ids)))
    return {row.ref: row.pk for row in rows}


def _youth(y: Youth) -> waiting.Youth:
    return waiting.Youth(ref=y.id, birth_date=y.birth_date, gender=y.gender.value, region=y.region.value,
                         home_lat=y.home.lat if y.home else None, home_lon=y.home.lon if y.home else None,
                         family_ref=y.family_id or "")
