"""Small factories for database rows: each test states only what matters to it."""

from __future__ import annotations

from datetime import date
from itertools import count
from typing import Any

from plaatsregie.registry import models as registry
from plaatsregie.waiting import models as waiting

_numbers = count(1)


def _ref(prefix: str) -> str:
    return f"{prefix}-{next(_numbers):05d}"


def a_facility(**fields: Any) -> registry.Facility:
    values: dict[str, Any] = {"ref": _ref("VZ"), "name": "De Linde (fictief)", "region": "Antwerpen",
                              "lat": 51.2194, "lon": 4.4025}
    return registry.Facility.objects.create(**(values | fields))


def a_unit(facility: registry.Facility | None = None, module: str = "OVBJ", **fields: Any) -> registry.Unit:
    return registry.Unit.objects.create(
        ref=_ref("LG"), facility=facility or a_facility(), name="Leefgroep Noord",
        module_type=registry.ModuleType.objects.get(code=module), **fields,
    )


def a_place(unit: registry.Unit | None = None, **fields: Any) -> registry.Place:
    values: dict[str, Any] = {"ref": _ref("PL"), "status": "freeing", "available_from": date(2027, 3, 1),
                              "age_min": 12, "age_max": 17, "genders": "FMX"}
    return registry.Place.objects.create(unit=unit or a_unit(), **(values | fields))


def a_request(modules: tuple[str, ...] = ("OVBJ",), siblings: tuple[registry.Facility, ...] = (),
              youth: dict[str, Any] | None = None, **fields: Any) -> waiting.Request:
    youth_values: dict[str, Any] = {"ref": _ref("J"), "birth_date": date(2012, 5, 1), "gender": "F",
                                    "region": "Antwerpen", "home_lat": 51.2, "home_lon": 4.4}
    person = waiting.Youth.objects.create(**(youth_values | (youth or {})))
    values: dict[str, Any] = {"ref": _ref("AM"), "urgency": 2, "registered_on": date(2026, 1, 1)}
    request = waiting.Request.objects.create(youth=person, **(values | fields))
    request.module_types.set(registry.ModuleType.objects.filter(code__in=modules))
    request.sibling_facilities.set(siblings)
    return request


def a_capacity_report(actor: Any, place: registry.Place, free_on: date | None = None) -> Any:
    """D-7: `actor` reports the place as freeing up (in two weeks unless told), with its own age range."""
    from datetime import timedelta

    from django.utils import timezone

    from plaatsregie.placement.services.capacity import PlaceDialogue, capacity_announce

    return capacity_announce(actor=actor, place_id=place.pk,
                             expected_free_on=free_on or timezone.localdate() + timedelta(days=14),
                             dialogue=PlaceDialogue(age_min=place.age_min, age_max=place.age_max,
                                                    genders=place.genders))


def an_adopted_list(people: Any, report: Any, first: waiting.Request | None = None) -> Any:
    """D-10, D-11: a candidate list for `report`, with `first` put on top by the team, adopted by two members."""
    from plaatsregie.placement.services.candidates import (
        candidate_list_approve,
        candidate_list_generate,
        candidate_list_revise,
        current_revision,
    )

    cl = candidate_list_generate(actor=people.team_member, report_id=report.pk)
    if first is not None and first.ref not in current_revision(cl).order:
        candidate_list_revise(actor=people.team_member, list_id=cl.pk, argument="Door het team toegevoegd.",
                              add=first.ref)
    order = list(current_revision(cl).order)
    if first is not None and order[0] != first.ref:
        candidate_list_revise(actor=people.team_member, list_id=cl.pk, argument="Meest aangewezen match eerst.",
                              order=[first.ref, *(ref for ref in order if ref != first.ref)])
    candidate_list_approve(actor=people.team_member, list_id=cl.pk, argumentation="Urgentie gaat voor.")
    candidate_list_approve(actor=people.second_team_member, list_id=cl.pk, argumentation="Akkoord.")
    return cl


def an_offer_of(people: Any, place: registry.Place, request: waiting.Request) -> Any:
    """D-12: `request` offered for `place` after a fresh report and an adopted list with it on top."""
    from plaatsregie.placement.services.offers import offer_make

    cl = an_adopted_list(people, a_capacity_report(people.team_member, place), first=request)
    return offer_make(actor=people.team_member, list_id=cl.pk, why="Meest aangewezen match.")


def an_admission_of(people: Any, place: registry.Place, request: waiting.Request, facility_user: Any) -> Any:
    """D-20: `request` offered for `place`, agreed by `facility_user` and started today."""
    from django.utils import timezone

    from plaatsregie.core.lifecycle import OfferOutcome
    from plaatsregie.placement.services.offers import offer_answer
    from plaatsregie.placement.services.stays import admission_start

    offer = an_offer_of(people, place, request)
    offer_answer(actor=facility_user, offer_id=offer.pk, outcome=OfferOutcome.AGREED)
    [admission] = admission_start(actor=facility_user, offer_id=offer.pk, start_on=timezone.localdate())
    return admission
