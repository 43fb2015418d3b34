"""Requests from the Flemish application: the bulk path.

Ten thousand requests are written with bulk inserts instead of `request_register` one by one. The bulk path keeps
the service's rules — the same checks as `waiting.services._validated` (gender, region, urgency, needs, modules
under central placement), one waiting request per youth, a referrer that exists — and writes what the service
writes: the youth, the request with its modules and sibling facilities, the request's history rows
(simple-history) and one audit record per request (`request:registered` for a new one, `request:imported`
with old and new values for a changed one). Unlike the service it keeps the file's dossier number as `ref`.
The status never changes through an import: withdrawal and admission have their own services.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from types import SimpleNamespace
from typing import Any

from django.utils import timezone
from simple_history.utils import bulk_update_with_history

from plaatsregie.accounts.models import AuditRecord
from plaatsregie.accounts.vocabulary import AuditEvent
from plaatsregie.interchange.bulk import insert
from plaatsregie.interchange.formats import REQUEST_STATUS_CHOICES, REQUESTS
from plaatsregie.interchange.importer import Row
from plaatsregie.interchange.report import ImportReport
from plaatsregie.interchange.scope import Scope
from plaatsregie.registry.models import Facility, ModuleType
from plaatsregie.waiting.models import Referrer, Request, RequestStatus, Youth

H = {column.name: column.header for column in REQUESTS.columns}
YOUTH_FIELDS = ("birth_date", "gender", "region", "home_lat", "home_lon")
REQUEST_FIELDS = ("referrer_id", "urgency", "registered_on", "last_confirmed_on", "needs", "crisis_overflow",
                  "internal_transfer_facility_id", "readmission_facility_id")
STATUS_NL = dict(REQUEST_STATUS_CHOICES)


@dataclass
class Wanted:
    """One row, resolved to database ids."""

    row: Row
    youth: dict[str, Any]
    fields: dict[str, Any]
    modules: set[int]
    siblings: set[int]


@dataclass
class RequestPlan:
    actor: Any
    creates: list[Wanted] = field(default_factory=list)
    updates: list[tuple[Request, Wanted, dict[str, Any]]] = field(default_factory=list)
    youth_updates: dict[str, dict[str, Any]] = field(default_factory=dict)
    unchanged: int = 0
    module_codes: dict[int, str] = field(default_factory=dict)

    @property
    def new(self) -> int:
        return len(self.creates)

    @property
    def changed(self) -> int:
        return len(self.updates)

    def apply(self) -> None:
        at = timezone.now()
        actor_id = self.actor.pk if self.actor is not None else None
        youth_ids = self._create_youths()
        self._update_youths()
        rows = [(w.row.values["ref"], youth_ids[w.row.values["youth"]], RequestStatus.WAITING.value,
                 *(w.fields[name] for name in REQUEST_FIELDS)) for w in self.creates]
        ids = _inserted(Request, ("ref", "youth", "status", *_names(REQUEST_FIELDS)), rows)
        insert(Request.history.model, ("id", "ref", "youth", "status", *_names(REQUEST_FIELDS), "history_date",
                                       "history_change_reason", "history_type", "history_user"),
               [(ids[row[0]], *row, at, "import", "+", actor_id) for row in rows])
        updated = []
        for request, _wanted, changes in self.updates:
            for name, (_old, value) in changes.items():
                if name in REQUEST_FIELDS:
                    setattr(request, name, value)
            updated.append(request)
        if updated:
            bulk_update_with_history(updated, Request, list(REQUEST_FIELDS), batch_size=2000,
                                     default_user=self.actor, default_change_reason="import")
        modules, siblings = Request.module_types.through, Request.sibling_facilities.through
        relinked = [r.pk for r, _w, c in self.updates if "modules" in c]
        modules.objects.filter(request_id__in=relinked).delete()
        resibled = [r.pk for r, _w, c in self.updates if "siblings" in c]
        siblings.objects.filter(request_id__in=resibled).delete()
        links = [(ids[w.row.values["ref"]], w) for w in self.creates]
        insert(modules, ("request", "moduletype"),
               [(pk, m) for pk, w in links + [(r.pk, w) for r, w, c in self.updates if "modules" in c]
                for m in sorted(w.modules)])
        insert(siblings, ("request", "facility"),
               [(pk, f) for pk, w in links + [(r.pk, w) for r, w, c in self.updates if "siblings" in c]
                for f in sorted(w.siblings)])
        audit_names = ("actor", "at", "event", "object_type", "object_ref", "old", "new", "reason")
        records: list[tuple[Any, ...]] = [
            (actor_id, at, AuditEvent.REQUEST_REGISTERED.value, "Request", w.row.values["ref"], {},
             {"urgency": w.fields["urgency"], "modules": sorted(w.row.values["modules"]), "via": "import"}, "")
            for w in self.creates]
        records += [(actor_id, at, AuditEvent.REQUEST_IMPORTED.value, "Request", r.ref,
                     {k: _plain(v[0]) for k, v in c.items()}, {k: _plain(v[1]) for k, v in c.items()}, "import")
                    for r, _w, c in self.updates]
        insert(AuditRecord, audit_names, records)

    def _create_youths(self) -> dict[str, int]:
        """Youths of the new requests that are not in the database yet; the ids of all of them."""
        wanted = {w.row.values["youth"]: w.youth for w in self.creates}
        known = dict(_in_chunks(Youth.objects, "ref", list(wanted), "ref", "pk"))
        return known | _inserted(Youth, ("ref", *YOUTH_FIELDS, "family_ref"),
                                 [(ref, *(values[name] for name in YOUTH_FIELDS), "")
                                  for ref, values in wanted.items() if ref not in known])

    def _update_youths(self) -> None:
        youths = {y.ref: y for y in Youth.objects.filter(ref__in=list(self.youth_updates))}
        for ref, values in self.youth_updates.items():
            for name, value in values.items():
                setattr(youths[ref], name, value)
        Youth.objects.bulk_update(list(youths.values()), list(YOUTH_FIELDS), batch_size=2000)


def _inserted(model: Any, names: tuple[str, ...], rows: list[tuple[Any, ...]]) -> dict[str, int]:
    """Insert rows whose first value is the unique `ref`; their ids by ref (one query: the ids above the
    highest id before the insert; rows other transactions add meanwhile are ignored by ref)."""
    if not rows:
        return {}
    before = model.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    insert(model, names, rows)
    wanted = {row[0] for row in rows}
    return {ref: pk for ref, pk in model.objects.filter(pk__gt=before).values_list("ref", "pk") if ref in wanted}


def _names(fields: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(name.removesuffix("_id") for name in fields)


def _in_chunks(manager: Any, field: str, values: list[Any], *columns: str) -> list[tuple[Any, ...]]:
    found: list[tuple[Any, ...]] = []
    for chunk in _chunks(values):
        found += manager.filter(**{f"{field}__in": chunk}).values_list(*columns)
    return found


def _plain(value: Any) -> Any:
    if isinstance(value, (set, frozenset, list, tuple)):
        return sorted(str(v) for v in value)
    return value if isinstance(value, (int, float, bool, type(None))) else str(value)


def plan(rows: list[Row], scope: Scope, report: ImportReport) -> RequestPlan:
    referrers = dict(Referrer.objects.values_list("ref", "pk"))
    modules = dict(ModuleType.objects.filter(scope="in_scope").values_list("code", "pk"))
    facilities = dict(Facility.objects.values_list("ref", "pk"))
    result = RequestPlan(scope.actor, module_codes={pk: code for code, pk in modules.items()})
    refs = [r.values["ref"] for r in rows]
    existing: dict[str, Any] = {}  # light records, not model instances: 10,000 of those cost seconds
    youth_columns = [f"youth__{name}" for name in ("ref", *YOUTH_FIELDS)]
    for chunk in _chunks(refs):
        for record in Request.objects.filter(ref__in=chunk).values("pk", "ref", "status", *REQUEST_FIELDS,
                                                                    *youth_columns):
            known_youth = SimpleNamespace(**{name.removeprefix("youth__"): record.pop(name) for name in youth_columns})
            existing[record["ref"]] = SimpleNamespace(**record, youth=known_youth)
    module_sets: dict[int, set[int]] = defaultdict(set)
    sibling_sets: dict[int, set[int]] = defaultdict(set)
    ids = [r.pk for r in existing.values()]
    for chunk in _chunks(ids):
        for request_id, module_id in Request.module_types.through.objects.filter(
                request_id__in=chunk).values_list("request_id", "moduletype_id"):
            module_sets[request_id].add(module_id)
        for request_id, facility_id in Request.sibling_facilities.through.objects.filter(
                request_id__in=chunk).values_list("request_id", "facility_id"):
            sibling_sets[request_id].add(facility_id)
    youth_refs = {r.values["youth"] for r in rows}
    youths: dict[str, Any] = {}
    for chunk in _chunks(list(youth_refs)):
        youths |= {y["ref"]: SimpleNamespace(**y) for y in Youth.objects.filter(ref__in=chunk).values(
            "ref", *YOUTH_FIELDS)}
    waiting_elsewhere: dict[str, set[str]] = defaultdict(set)  # youth ref → waiting request refs not in file
    in_file = set(refs)
    for chunk in _chunks(list(youth_refs)):
        for youth_ref, request_ref in Request.objects.filter(youth__ref__in=chunk, status=RequestStatus.WAITING) \
                .values_list("youth__ref", "ref"):
            if request_ref not in in_file:
                waiting_elsewhere[youth_ref].add(request_ref)
    youth_seen: dict[str, tuple[int, dict[str, Any]]] = {}
    waiting_rows: dict[str, int] = {}
    for row in rows:
        v = row.values
        before = len(report.errors)
        referrer = referrers.get(v["referrer"])
        if referrer is None:
            report.error(row.line, H["referrer"], f"onbekende aanmelder '{v['referrer']}'")
        unknown = [code for code in v["modules"] if code not in modules]
        if unknown:
            report.error(row.line, H["modules"], f"onbekende module of buiten centrale regie: {', '.join(unknown)}")
        facility_ids: dict[str, int | None] = {}
        for name in ("internal_transfer_facility", "readmission_facility"):
            facility_ids[name] = facilities.get(v[name]) if v[name] else None
            if v[name] and facility_ids[name] is None:
                report.error(row.line, H[name], f"onbekende voorziening '{v[name]}'")
        missing = [ref for ref in v["sibling_facilities"] if ref not in facilities]
        if missing:
            report.error(row.line, H["sibling_facilities"], f"onbekende voorziening(en): {', '.join(missing)}")
        if v["last_confirmed_on"] is not None and v["last_confirmed_on"] < v["registered_on"]:
            report.error(row.line, H["last_confirmed_on"], "de laatste bevestiging valt voor de aanmelding")
        youth_values = {name: v[name] for name in YOUTH_FIELDS}
        earlier = youth_seen.get(v["youth"])
        if earlier is not None and earlier[1] != youth_values:
            report.error(row.line, H["youth"], f"dezelfde jongere heeft op regel {earlier[0]} een andere "
                                               "geboortedatum, geslacht, regio of ligging")
        youth_seen.setdefault(v["youth"], (row.line, youth_values))
        request = existing.get(v["ref"])
        if request is None and v["status"] != RequestStatus.WAITING:
            report.error(row.line, H["status"], "een nieuwe aanmelding is wachtend; intrekking en opname "
                                                "lopen niet via import")
        if request is not None and request.status != v["status"]:
            report.error(row.line, H["status"], f"de status verandert niet via import (nu "
                                                f"'{STATUS_NL[request.status]}')")
        if request is not None and request.youth.ref != v["youth"]:
            report.error(row.line, H["youth"], "de jongere van een bestaande aanmelding verandert niet")
        if v["status"] == RequestStatus.WAITING:
            if waiting_elsewhere.get(v["youth"]):
                report.error(row.line, H["youth"], "deze jongere heeft al een andere wachtende aanmelding")
            elif v["youth"] in waiting_rows:
                report.error(row.line, H["youth"], f"deze jongere heeft al een wachtende aanmelding op regel "
                                                   f"{waiting_rows[v['youth']]}")
            waiting_rows.setdefault(v["youth"], row.line)
        if len(report.errors) > before:
            continue
        fields = {"referrer_id": referrer, "urgency": v["urgency"], "registered_on": v["registered_on"],
                  "last_confirmed_on": v["last_confirmed_on"], "needs": sorted(v["needs"]),
                  "crisis_overflow": v["crisis_overflow"], **{f"{k}_id": i for k, i in facility_ids.items()}}
        wanted = Wanted(row, youth_values, fields, {modules[c] for c in v["modules"]},
                        {facilities[r] for r in v["sibling_facilities"]})
        youth = youths.get(v["youth"])
        if youth is not None:
            youth_changes = {k: val for k, val in youth_values.items() if getattr(youth, k) != val}
            if youth_changes:
                result.youth_updates[youth.ref] = youth_changes
        if request is None:
            result.creates.append(wanted)
            continue
        changes: dict[str, Any] = {k: val for k, val in fields.items() if getattr(request, k) != val}
        if module_sets[request.pk] != wanted.modules:
            changes["modules"] = wanted.modules
        if sibling_sets[request.pk] != wanted.siblings:
            changes["siblings"] = wanted.siblings
        if youth is not None and youth.ref in result.youth_updates:
            changes |= result.youth_updates[youth.ref]
        if changes:
            result.updates.append((request, wanted, changes))
        else:
            result.unchanged += 1
    for request, _wanted, changes in result.updates:  # keep old values for the audit record
        for name in list(changes):
            old = (getattr(request, name) if name in REQUEST_FIELDS else
                   getattr(request.youth, name) if name in YOUTH_FIELDS else
                   module_sets[request.pk] if name == "modules" else sibling_sets[request.pk])
            changes[name] = (old, changes[name])
    instances = Request.objects.in_bulk([request.pk for request, _w, _c in result.updates])
    result.updates = [(instances[request.pk], wanted, changes) for request, wanted, changes in result.updates]
    return result


def _chunks(items: list[Any], size: int = 900) -> list[list[Any]]:
    return [items[i:i + size] for i in range(0, len(items), size)] or [[]]


def export_rows(scope: Scope) -> list[dict[str, Any]]:
    requests = list(Request.objects.select_related("youth", "referrer", "internal_transfer_facility",
                                                   "readmission_facility")
                    .prefetch_related("module_types", "sibling_facilities").order_by("ref"))
    return [{"ref": r.ref, "youth": r.youth.ref, "birth_date": r.youth.birth_date, "gender": r.youth.gender,
             "region": r.youth.region, "home_lat": r.youth.home_lat, "home_lon": r.youth.home_lon,
             "referrer": r.referrer.ref if r.referrer else None,
             "modules": [m.code for m in r.module_types.all()], "urgency": r.urgency, "status": r.status,
             "registered_on": r.registered_on, "last_confirmed_on": r.last_confirmed_on, "needs": list(r.needs),
             "crisis_overflow": r.crisis_overflow,
             "internal_transfer_facility": (r.internal_transfer_facility.ref if r.internal_transfer_facility
                                            else None),
             "readmission_facility": r.readmission_facility.ref if r.readmission_facility else None,
             "sibling_facilities": [f.ref for f in r.sibling_facilities.all()],
             "_youth_id": r.youth_id} for r in requests]
