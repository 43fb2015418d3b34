"""Admissions from a facility's own registration: through the services, row by row.

A new admission starts only from an agreed central offer (D-1a) — `admission_start` — and a discharge date
ends it — `stay_discharge`. A row without an admission reference is matched by its offer, so re-importing
the same file finds the admission the first import started. Place, dossier, offer and start of an existing
admission never change through an import; internal flow (D-19) and sibling groups are registered on the
Opnames page, where the services check their extra rules.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from plaatsregie.core.errors import DomainError
from plaatsregie.interchange.formats import ADMISSIONS
from plaatsregie.interchange.importer import Row, RowFailed
from plaatsregie.interchange.report import ImportReport
from plaatsregie.interchange.scope import Scope
from plaatsregie.placement.models import Admission, Offer
from plaatsregie.placement.services.stays import AGREED, admission_start, stay_discharge
from plaatsregie.registry.models import Place
from plaatsregie.waiting.models import Request

H = {column.name: column.header for column in ADMISSIONS.columns}


@dataclass
class AdmissionPlan:
    actor: Any
    starts: list[tuple[Row, Offer]] = field(default_factory=list)
    discharges: list[tuple[Row, Admission, date]] = field(default_factory=list)
    unchanged: int = 0

    @property
    def new(self) -> int:
        return len(self.starts)

    @property
    def changed(self) -> int:
        return len(self.discharges)

    def apply(self) -> None:
        for row, offer in self.starts:
            try:
                started = admission_start(actor=self.actor, offer_id=offer.pk, start_on=row.values["start_on"])
                if row.values["ended_on"] is not None:
                    stay_discharge(actor=self.actor, admission_id=started[0].pk, ended_on=row.values["ended_on"])
            except DomainError as error:
                raise RowFailed(row.line, H["offer"], str(error)) from None
        for row, admission, ended_on in self.discharges:
            try:
                stay_discharge(actor=self.actor, admission_id=admission.pk, ended_on=ended_on)
            except DomainError as error:
                raise RowFailed(row.line, H["ended_on"], str(error)) from None


def plan(rows: list[Row], scope: Scope, report: ImportReport) -> AdmissionPlan:
    places = {p.ref: p for p in Place.objects.select_related("unit").filter(
        ref__in={r.values["place"] for r in rows})}
    requests = dict(Request.objects.filter(ref__in={r.values["request"] for r in rows}).values_list("ref", "pk"))
    offers = {o.ref: o for o in Offer.objects.filter(ref__in={r.values["offer"] for r in rows if r.values["offer"]})}
    existing = {a.ref: a for a in Admission.objects.select_related("place__unit", "request", "offer").filter(
        ref__in={r.values["ref"] for r in rows if r.values["ref"]})}
    by_offer = {a.offer_id: a for a in Admission.objects.select_related("place__unit", "request", "offer").filter(
        offer__in=[o.pk for o in offers.values()])}
    result = AdmissionPlan(scope.actor)
    offers_seen: dict[str, int] = {}
    for row in rows:
        v = row.values
        place = places.get(v["place"])
        if place is None or not scope.covers(place.unit.facility_id):
            report.error(row.line, H["place"], f"onbekende plaats '{v['place']}' of niet van uw voorziening")
            continue
        if v["request"] not in requests:
            report.error(row.line, H["request"], f"onbekend dossiernummer '{v['request']}'")
            continue
        if v["offer"]:
            if v["offer"] in offers_seen:
                report.error(row.line, H["offer"], f"voorstel '{v['offer']}' komt dubbel voor (ook op regel "
                                                   f"{offers_seen[v['offer']]})")
                continue
            offers_seen[v["offer"]] = row.line
        if v["ended_on"] is not None and v["ended_on"] < v["start_on"]:
            report.error(row.line, H["ended_on"], "het ontslag valt voor de start van de opname")
            continue
        offer = offers.get(v["offer"]) if v["offer"] else None
        admission = existing.get(v["ref"]) if v["ref"] else (by_offer.get(offer.pk) if offer else None)
        if v["ref"] and admission is None:
            report.error(row.line, H["ref"], f"onbekende opname '{v['ref']}'; laat de referentie leeg voor een "
                                             "nieuwe opname uit een voorstel")
            continue
        if admission is not None:
            _existing(row, admission, place, scope, report, result)
            continue
        if v["internal_flow"] or offer is None:
            report.error(row.line, H["offer"], "een nieuwe opname start uit een aanvaard centraal voorstel "
                                               "(D-1a); interne doorstroom registreert u op het scherm Opnames")
            continue
        if offer.place_id != place.pk or offer.request_id != requests[v["request"]]:
            report.error(row.line, H["offer"], "dit voorstel gaat over een andere plaats of een ander dossier")
        elif offer.state not in AGREED or offer.closed_at is not None:
            report.error(row.line, H["offer"], "dit voorstel is niet aanvaard of al opgestart")
        elif offer.group_id is not None:
            report.error(row.line, H["offer"], "dit voorstel hoort bij een groep brussen die samen start; "
                                               "registreer die opname op het scherm Voorstellen")
        else:
            result.starts.append((row, offer))
    return result


def _existing(row: Row, admission: Admission, place: Place, scope: Scope, report: ImportReport,
              result: AdmissionPlan) -> None:
    v = row.values
    if not scope.covers(admission.place.unit.facility_id):
        report.error(row.line, H["ref"], "deze opname hoort niet bij uw voorziening")
        return
    fixed = {"place": (admission.place.ref, v["place"]), "request": (admission.request.ref, v["request"]),
             "offer": (admission.offer.ref if admission.offer else None, v["offer"] or None),
             "internal_flow": (admission.internal_flow, v["internal_flow"]),
             "start_on": (admission.start_on, v["start_on"])}
    for name, (old, new) in fixed.items():
        if old != new:
            report.error(row.line, H[name], "verandert niet via import voor een bestaande opname")
            return
    if admission.ended_on == v["ended_on"]:
        result.unchanged += 1
    elif admission.ended_on is None:
        result.discharges.append((row, admission, v["ended_on"]))
    else:
        report.error(row.line, H["ended_on"], "een geregistreerd ontslag verandert niet via import")


def export_rows(scope: Scope) -> list[dict[str, Any]]:
    admissions = Admission.objects.select_related("place", "request", "offer").order_by("ref")
    if scope.facility_ids is not None:
        admissions = admissions.filter(place__unit__facility_id__in=scope.facility_ids)
    return [{"ref": a.ref, "place": a.place.ref, "request": a.request.ref, "offer": a.offer.ref if a.offer else None,
             "internal_flow": a.internal_flow, "start_on": a.start_on, "ended_on": a.ended_on,
             "discharge_announced": a.discharge_announced} for a in admissions]
