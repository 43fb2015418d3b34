"""A hand-made history for the monthly check of October 2026: one clean facility and one with every anomaly."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from django.contrib.auth.models import User
from django.utils import timezone

from plaatsregie.placement.models import Admission, Offer
from plaatsregie.registry.models import Facility, Place, UnavailabilityReason
from tests.integration.factories import a_facility, a_place, a_request, a_unit

OCTOBER = date(2026, 10, 1)


def moment(day: date) -> datetime:
    return timezone.make_aware(datetime(day.year, day.month, day.day, 12, 0))


def registered(place: Place, day: date, **changes: Any) -> Place:
    """Change the place's registration as it happened at noon on `day` (its change history says so)."""
    for name, value in changes.items():
        setattr(place, name, value)
    place._history_date = moment(day)  # type: ignore[attr-defined] - simple-history's hook for the date
    place.save()
    return place


def a_stay(place: Place, start: date, user: User, ended: date | None = None) -> Admission:
    return Admission.objects.create(ref=f"OP-{place.ref}", place=place, request=a_request(), internal_flow=True,
                                    start_on=start, ended_on=ended, recorded_by=user)


def reason(code: str, active: bool = True) -> UnavailabilityReason:
    found, _ = UnavailabilityReason.objects.get_or_create(code=code, defaults={"label": code, "active": active})
    if found.active != active:
        UnavailabilityReason.objects.filter(pk=found.pk).update(active=active)
        found.refresh_from_db()
    return found


@dataclass
class History:
    clean: Facility
    odd: Facility
    places: dict[str, Place]


def place_at(unit: Any, day: date, **fields: Any) -> Place:
    place = a_place(unit)
    return registered(place, day, **fields)


def build(user: User, refused_offer: Offer | None = None) -> History:
    clean = a_facility(name="Klaar (fictief)", region="Antwerpen")
    odd = a_facility(name="Scheef (fictief)", region="Antwerpen")
    unit = a_unit(clean)
    for _ in range(2):
        p = place_at(unit, date(2026, 8, 1), status="occupied", available_from=None)
        a_stay(p, date(2026, 8, 1), user)
    unit = a_unit(odd)
    staff = reason("staff_test")
    places = {
        "long": place_at(unit, date(2026, 8, 1), status="unavailable", unavailable_reason=staff,
                         unavailable_until=date(2026, 12, 31)),
        "retired": place_at(unit, date(2026, 10, 20), status="unavailable",
                            unavailable_reason=reason("retired_test", active=False),
                            unavailable_until=date(2026, 12, 31)),
        "expired": place_at(unit, date(2026, 10, 25), status="unavailable", unavailable_reason=staff,
                            unavailable_until=date(2026, 10, 28)),
        "ghost": place_at(unit, date(2026, 9, 1), status="occupied", available_from=None),
        "free_but_stay": place_at(unit, date(2026, 9, 1), status="available", available_from=date(2026, 9, 1)),
        "unavailable_but_stay": place_at(unit, date(2026, 9, 1), status="occupied", available_from=None),
    }
    a_stay(places["free_but_stay"], date(2026, 9, 15), user)
    a_stay(places["unavailable_but_stay"], date(2026, 9, 1), user)
    registered(places["unavailable_but_stay"], date(2026, 10, 30), status="unavailable", unavailable_reason=staff,
               unavailable_until=date(2026, 12, 31))
    # after the month: changes in November do not count for October
    registered(places["long"], date(2026, 11, 10), status="available", unavailable_reason=None,
               unavailable_until=None, available_from=date(2026, 11, 10))
    if refused_offer is not None:
        Offer.objects.filter(pk=refused_offer.pk).update(state="refused", closed_at=moment(date(2026, 10, 15)))
    return History(clean, odd, places)
