"""A small hand-made history for the indicator tests: January 2026 (31 days), three facilities, with
every date chosen so the expected figures can be worked out by hand (see each test).

Facility A "Alfa" (Antwerpen), unit OVBJ:
  P1  exists from 1/12/2025. Stay S1 (youth Y, request R0, internal flow) 15/12/2025 → 11/1/2026; stay S2 (youth Y,
      request R1, via offer O1 on report K1) starts 31/1/2026 (the last day of the period) and runs on.
  P2  exists from 1/12/2025; unavailable ("staff") from 20/12/2025 until 10/1/2026 00:00 (across the start of
      the period): 9 unavailable days in January. Offer O0 (R2) on report K2, refused 14/1 ("drugs").
Facility B "Bravo" (Limburg): no places at all (the empty facility).
Facility C "Charlie" (Antwerpen):
  P3  OVBJ, unavailable ("infrastructure") since 1/9/2025 — structurally unavailable.
  P4  KWE (not residential), available from 1/12/2025.
  P5  OVBJ, short stay, available from 1/12/2025.
Requests: R0 (youth Y, urgency 2, needs drugs, registered 1/11/2025), R1 (youth Y, urgency 1, needs psychiatric +
closed_setting, registered 1/12/2025, admitted 31/1), R2 (urgency 1, needs school_dropout, registered 1/1/2026,
still waiting; last confirmed 1/1), R3 (urgency 3, registered 10/1/2026, withdrawn 20/1/2026).
K1 reported 17/1 for 20/1, O1 offered 22/1, agreed with one condition 24/1. K2 reported 5/1 for 25/1.
Mandate step 1 for R2 at A on 25/1; collective case for R2 opened 26/1.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time

from django.contrib.auth.models import User
from django.utils import timezone

from plaatsregie.monitoring.indicators import Scope
from plaatsregie.placement.models import (
    Admission,
    CapacityReport,
    CollectiveCase,
    MandateDecision,
    Offer,
    OfferAnswer,
    OfferCondition,
    RefusalReason,
)
from plaatsregie.registry.models import Facility, ModuleType, Place, UnavailabilityReason, Unit
from plaatsregie.waiting.models import Request, RequestWithdrawal, WithdrawalReason, Youth

JANUARY = Scope(start=date(2026, 1, 1), end=date(2026, 1, 31), today=date(2026, 1, 31))


def at(day: date, hour: int = 0) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour)))


@dataclass
class World:
    a: Facility
    b: Facility
    c: Facility
    places: dict[str, Place]
    requests: dict[str, Request]


def _place(ref: str, unit: Unit, since: date, status: str = "available", **fields: object) -> Place:
    place = Place(ref=ref, unit=unit, status=status, age_min=12, age_max=17, **fields)  # type: ignore[arg-type]
    place._history_date = at(since)  # type: ignore[attr-defined]
    place.save()
    return place


def _change(place: Place, moment: datetime, **fields: object) -> None:
    for name, value in fields.items():
        setattr(place, name, value)
    place._history_date = moment  # type: ignore[attr-defined]
    place.save()


def _request(ref: str, youth: Youth, urgency: int, registered: date, needs: list[str]) -> Request:
    request = Request.objects.create(ref=ref, youth=youth, urgency=urgency, registered_on=registered,
                                     last_confirmed_on=registered, needs=needs)
    request.module_types.set(ModuleType.objects.filter(code="OVBJ"))
    return request


def build() -> World:
    user = User.objects.create(username="monitor")
    staff = UnavailabilityReason.objects.create(code="t-staff", label="Personeelstekort (test)")
    building = UnavailabilityReason.objects.create(code="t-building", label="Infrastructuur (test)")
    a = Facility.objects.create(ref="VZ-A", name="Alfa", region="Antwerpen", lat=51.2, lon=4.4)
    b = Facility.objects.create(ref="VZ-B", name="Bravo", region="Limburg", lat=50.9, lon=5.3)
    c = Facility.objects.create(ref="VZ-C", name="Charlie", region="Antwerpen", lat=51.1, lon=4.5)
    ovbj, kwe = ModuleType.objects.get(code="OVBJ"), ModuleType.objects.get(code="KWE")
    unit_a = Unit.objects.create(ref="LG-A", facility=a, name="Noord", module_type=ovbj)
    unit_c = Unit.objects.create(ref="LG-C", facility=c, name="Zuid", module_type=ovbj)
    unit_c2 = Unit.objects.create(ref="LG-C2", facility=c, name="Thuis", module_type=kwe)
    p1 = _place("P1", unit_a, date(2025, 12, 1), status="occupied")
    p2 = _place("P2", unit_a, date(2025, 12, 1))
    _change(p2, at(date(2025, 12, 20)), status="unavailable", unavailable_reason=staff)
    _change(p2, at(date(2026, 1, 10)), status="available", unavailable_reason=None)
    p3 = _place("P3", unit_c, date(2025, 9, 1), status="unavailable", unavailable_reason=building)
    p4 = _place("P4", unit_c2, date(2025, 12, 1))
    p5 = _place("P5", unit_c, date(2025, 12, 1), short_stay=True)

    youth = Youth.objects.create(ref="Y", birth_date=date(2011, 6, 1), gender="F", region="Antwerpen")
    other = Youth.objects.create(ref="Y2", birth_date=date(2014, 6, 1), gender="M", region="Antwerpen")
    third = Youth.objects.create(ref="Y3", birth_date=date(2009, 6, 1), gender="M", region="Limburg")
    r0 = _request("R0", youth, 2, date(2025, 11, 1), ["drugs"])
    r1 = _request("R1", youth, 1, date(2025, 12, 1), ["closed_setting", "psychiatric"])
    r2 = _request("R2", other, 1, date(2026, 1, 1), ["school_dropout"])
    r3 = _request("R3", third, 3, date(2026, 1, 10), [])
    RequestWithdrawal.objects.create(request=r3, reason=WithdrawalReason.objects.first()
                                     or WithdrawalReason.objects.create(code="t", label="t"),
                                     reason_text="t", by=user, at=at(date(2026, 1, 20), 10))

    Admission.objects.create(ref="S1", place=p1, request=r0, internal_flow=True, start_on=date(2025, 12, 15),
                             ended_on=date(2026, 1, 11), discharge_announced=True, recorded_by=user)
    k1 = CapacityReport.objects.create(ref="K1", place=p1, reported_by=user, reported_at=at(date(2026, 1, 17), 10),
                                       expected_free_on=date(2026, 1, 20), in_scope=True, scope_reason="",
                                       flow="regular")
    k2 = CapacityReport.objects.create(ref="K2", place=p2, reported_by=user, reported_at=at(date(2026, 1, 5), 10),
                                       expected_free_on=date(2026, 1, 25), in_scope=True, scope_reason="",
                                       flow="regular")
    o0 = Offer.objects.create(ref="O0", report=k2, request=r2, place=p2, offered_by=user,
                              offered_at=at(date(2026, 1, 12), 10), why="-", respond_by=date(2026, 1, 15),
                              state="refused", closed_at=at(date(2026, 1, 14), 10))
    drugs = RefusalReason.objects.filter(code="drugs").first() or RefusalReason.objects.create(code="drugs",
                                                                                                label="drugs")
    OfferAnswer.objects.create(offer=o0, outcome="refused", reason=drugs, reason_text="ernstige drugproblematiek",
                               answered_by=user, at=at(date(2026, 1, 14), 10))
    o1 = Offer.objects.create(ref="O1", report=k1, request=r1, place=p1, offered_by=user,
                              offered_at=at(date(2026, 1, 22), 10), why="-", respond_by=date(2026, 1, 25),
                              state="agreed_with_conditions", closed_at=at(date(2026, 1, 31), 10))
    answer = OfferAnswer.objects.create(offer=o1, outcome="agreed_with_conditions", answered_by=user,
                                        at=at(date(2026, 1, 24), 10))
    OfferCondition.objects.create(answer=answer, kind="support", description="-", owner="-",
                                  due_on=date(2026, 1, 30))
    Admission.objects.create(ref="S2", place=p1, request=r1, offer=o1, start_on=date(2026, 1, 31), recorded_by=user)
    MandateDecision.objects.create(request=r2, facility=a, step="1", justification="-", decided_by=user,
                                   at=at(date(2026, 1, 25), 10))
    CollectiveCase.objects.create(request=r2, opened_at=at(date(2026, 1, 26), 10), refusing_facilities=2)
    return World(a, b, c, {p.ref: p for p in (p1, p2, p3, p4, p5)}, {r.ref: r for r in (r0, r1, r2, r3)})
