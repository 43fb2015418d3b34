"""Places: created or updated by `ref`. Status changes go through the place transition table (`move_place`,
audited); via import only 'niet beschikbaar' (with a reason) and back to 'vrij' — the other transitions belong
to capacity reports, offers, admissions and discharges."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from plaatsregie.accounts.audit import audit
from plaatsregie.accounts.vocabulary import AuditEvent
from plaatsregie.core.lifecycle import PlaceEvent
from plaatsregie.core.types import PlaceStatus
from plaatsregie.interchange.formats import PLACES
from plaatsregie.interchange.importer import Row
from plaatsregie.interchange.report import ImportReport
from plaatsregie.interchange.scope import Scope
from plaatsregie.placement.services.common import move_place
from plaatsregie.registry.models import Place, UnavailabilityReason, Unit

H = {column.name: column.header for column in PLACES.columns}
FIELDS = ("unit_id", "status", "available_from", "age_min", "age_max", "genders", "short_stay", "vertical",
          "contact", "unavailable_reason_id", "unavailable_until")
NEW_STATUSES = {PlaceStatus.OCCUPIED.value, PlaceStatus.AVAILABLE.value, PlaceStatus.UNAVAILABLE.value}
IMPORT_EVENTS = {  # (old, new) → the transition an import may make
    (PlaceStatus.AVAILABLE.value, PlaceStatus.UNAVAILABLE.value): PlaceEvent.MAKE_UNAVAILABLE,
    (PlaceStatus.FREEING.value, PlaceStatus.UNAVAILABLE.value): PlaceEvent.MAKE_UNAVAILABLE,
    (PlaceStatus.OCCUPIED.value, PlaceStatus.UNAVAILABLE.value): PlaceEvent.MAKE_UNAVAILABLE,
    (PlaceStatus.UNAVAILABLE.value, PlaceStatus.AVAILABLE.value): PlaceEvent.REACTIVATE,
}


@dataclass
class PlacePlan:
    actor: Any
    creates: list[dict[str, Any]] = field(default_factory=list)
    updates: list[tuple[Place, dict[str, Any]]] = field(default_factory=list)
    unchanged: int = 0

    @property
    def new(self) -> int:
        return len(self.creates)

    @property
    def changed(self) -> int:
        return len(self.updates)

    def apply(self) -> None:
        for values in self.creates:
            place = Place.objects.create(**values)
            audit(self.actor, AuditEvent.PLACE_IMPORTED, place, new=_loggable(values))
        for place, values in self.updates:
            old = {name: getattr(place, name) for name in values}
            event = IMPORT_EVENTS.get((place.status, values.get("status", place.status)))
            rest = {name: value for name, value in values.items() if name != "status"}
            if event is not None:
                move_place(place, event, actor=self.actor, reason="import", **rest)
            else:
                for name, value in rest.items():
                    setattr(place, name, value)
                place.save()
            audit(self.actor, AuditEvent.PLACE_IMPORTED, place, old=_loggable(old), new=_loggable(values))


def _loggable(values: dict[str, Any]) -> dict[str, Any]:
    return {name: value if isinstance(value, (int, bool, type(None))) else str(value)
            for name, value in values.items()}


def plan(rows: list[Row], scope: Scope, report: ImportReport) -> PlacePlan:
    units = {u.ref: u for u in Unit.objects.filter(ref__in={r.values["unit"] for r in rows})}
    places = {p.ref: p for p in Place.objects.select_related("unit").filter(ref__in={r.values["ref"] for r in rows})}
    reasons = {r.code: r for r in UnavailabilityReason.objects.filter(active=True)}
    result = PlacePlan(scope.actor)
    for row in rows:
        values = _row_values(row, units, reasons, scope, report)
        if values is None:
            continue
        place = places.get(row.values["ref"])
        if place is None:
            if values["status"] not in NEW_STATUSES:
                report.error(row.line, H["status"], "een nieuwe plaats is bezet, vrij of niet beschikbaar; "
                                                    "vrijkomende capaciteit meldt u in Plaatsregie")
                continue
            result.creates.append({"ref": row.values["ref"], **values})
            continue
        if not scope.covers(place.unit.facility_id):
            report.error(row.line, H["ref"], "deze plaats hoort niet bij uw voorziening")
            continue
        changes = {name: value for name, value in values.items() if getattr(place, name) != value}
        if "unit_id" in changes:
            report.error(row.line, H["unit"], "een plaats verhuist niet via import naar een andere leefgroep")
            continue
        if "status" in changes and (place.status, values["status"]) not in IMPORT_EVENTS:
            report.error(row.line, H["status"], f"de status gaat via import niet van '{_nl(place.status)}' naar "
                                                f"'{_nl(values['status'])}'; dat loopt via melding, voorstel, "
                                                "opname of ontslag")
            continue
        if changes:
            result.updates.append((place, changes))
        else:
            result.unchanged += 1
    return result


def _nl(status: str) -> str:
    return dict(PLACES.columns[2].choices)[status]


def _row_values(row: Row, units: dict[str, Unit], reasons: dict[str, UnavailabilityReason], scope: Scope,
                report: ImportReport) -> dict[str, Any] | None:
    v = row.values
    before = len(report.errors)
    unit = units.get(v["unit"])
    if unit is None or not scope.covers(unit.facility_id):
        report.error(row.line, H["unit"], f"onbekende leefgroep '{v['unit']}' of niet van uw voorziening")
    if v["age_min"] is not None and v["age_max"] is not None and v["age_min"] > v["age_max"]:
        report.error(row.line, H["age_min"], "de minimumleeftijd is hoger dan de maximumleeftijd")
    genders = (v["genders"] or "").upper()
    if not genders or set(genders) - {"F", "M", "X"} or len(set(genders)) != len(genders):
        report.error(row.line, H["genders"], "geef een of meer van F, M en X, elk één keer")
    reason = None
    if v["status"] == PlaceStatus.UNAVAILABLE.value:
        reason = reasons.get(v["unavailable_reason"] or "")
        if reason is None:
            report.error(row.line, H["unavailable_reason"], "een plaats die niet beschikbaar is heeft een "
                                                            "geldige reden uit de lijst nodig")
        if v["unavailable_until"] is None:
            report.error(row.line, H["unavailable_until"], "een plaats die niet beschikbaar is heeft een "
                                                           "verwacht einde nodig")
    elif v["unavailable_reason"] or v["unavailable_until"]:
        report.error(row.line, H["unavailable_reason"], "reden en einde van niet-beschikbaarheid blijven leeg "
                                                        "als de plaats niet 'niet beschikbaar' is")
    if len(report.errors) > before or unit is None:
        return None
    return {"unit_id": unit.pk, "status": v["status"], "available_from": v["available_from"],
            "age_min": v["age_min"], "age_max": v["age_max"], "genders": "".join(sorted(genders)),
            "short_stay": v["short_stay"], "vertical": v["vertical"], "contact": v["contact"] or "",
            "unavailable_reason_id": reason.pk if reason else None, "unavailable_until": v["unavailable_until"]}


def export_rows(scope: Scope) -> list[dict[str, Any]]:
    places = Place.objects.select_related("unit", "unavailable_reason").order_by("ref")
    if scope.facility_ids is not None:
        places = places.filter(unit__facility_id__in=scope.facility_ids)
    return [{"ref": p.ref, "unit": p.unit.ref, "status": p.status, "available_from": p.available_from,
             "age_min": p.age_min, "age_max": p.age_max, "genders": p.genders, "short_stay": p.short_stay,
             "vertical": p.vertical, "contact": p.contact,
             "unavailable_reason": p.unavailable_reason.code if p.unavailable_reason else None,
             "unavailable_until": p.unavailable_until} for p in places]
