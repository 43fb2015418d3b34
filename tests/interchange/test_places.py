"""Places: a facility imports only its own places; status changes only through the allowed transitions."""

from __future__ import annotations

from datetime import date

import pytest

from plaatsregie.accounts.models import AuditRecord
from plaatsregie.accounts.roles import PermissionDenied
from plaatsregie.interchange.exporter import export
from plaatsregie.interchange.importer import run_import
from plaatsregie.registry.models import Place
from tests.integration.factories import a_place, a_unit
from tests.interchange.conftest import csv_of, place_row
from tests.web.world import Site

pytestmark = pytest.mark.django_db


def state() -> tuple[int, int, list[tuple[str, str, int]]]:
    return (Place.objects.count(), AuditRecord.objects.count(),
            list(Place.objects.values_list("ref", "status", "age_max")))


def test_a_facility_creates_and_updates_its_own_places(site: Site) -> None:
    unit = site.place.unit.ref
    user = site.people.facility_user
    report = run_import("places", "p.csv", csv_of("places", [place_row("PL-N1", unit), place_row("PL-N2", unit)]),
                        actor=user)
    assert report.summary == "2 nieuw, 0 gewijzigd, 0 ongewijzigd"
    rows = [place_row("PL-N1", unit, age_max=16, contact="Sam"), place_row("PL-N2", unit)]
    report = run_import("places", "p.csv", csv_of("places", rows), actor=user)
    assert report.summary == "0 nieuw, 1 gewijzigd, 1 ongewijzigd"
    assert Place.objects.get(ref="PL-N1").age_max == 16
    record = AuditRecord.objects.filter(object_ref="PL-N1", event="place:imported").first()
    assert record is not None and record.old == {"age_max": 17, "contact": ""} and record.actor == user


def test_a_row_for_another_facilitys_place_or_unit_is_a_row_error(site: Site) -> None:
    other_unit = a_unit(site.other_facility)
    other_place = a_place(other_unit)
    rows = [place_row("PL-N1", site.place.unit.ref), place_row("PL-N2", other_unit.ref),
            place_row(other_place.ref, site.place.unit.ref)]
    before = state()
    report = run_import("places", "p.csv", csv_of("places", rows), actor=site.people.facility_user)
    assert [(e.line, e.column) for e in report.errors] == [(3, "leefgroep"), (4, "plaats")]
    assert state() == before


def test_status_goes_only_to_unavailable_and_back_through_the_transition_table(site: Site) -> None:
    unit, user = site.place.unit.ref, site.people.facility_user
    run_import("places", "p.csv", csv_of("places", [place_row("PL-N1", unit, status="available")]), actor=user)
    to_unavailable = place_row("PL-N1", unit, status="unavailable", unavailable_reason="infrastructure_works",
                               unavailable_until=date(2027, 1, 1))
    report = run_import("places", "p.csv", csv_of("places", [to_unavailable]), actor=user)
    assert report.ok, report.lines()
    assert Place.objects.get(ref="PL-N1").status == "unavailable"
    assert AuditRecord.objects.filter(object_ref="PL-N1", event="place:status:changed").exists()
    report = run_import("places", "p.csv", csv_of("places", [place_row("PL-N1", unit, status="reserved")]),
                        actor=user)
    assert [e.column for e in report.errors] == ["status"]
    report = run_import("places", "p.csv", csv_of("places", [place_row("PL-N1", unit, status="available")]),
                        actor=user)
    assert report.ok and Place.objects.get(ref="PL-N1").status == "available"


def test_row_rules(site: Site) -> None:
    unit = site.place.unit.ref
    rows = [place_row("PL-1", unit, age_min=18, age_max=12), place_row("PL-2", unit, genders="FQ"),
            place_row("PL-3", unit, status="unavailable"), place_row("PL-4", unit, status="freeing"),
            place_row("PL-5", unit, unavailable_until=date(2027, 1, 1)), place_row("PL-6", "LG-ONBEKEND")]
    report = run_import("places", "p.csv", csv_of("places", rows), actor=site.admin)
    assert {(e.line, e.column) for e in report.errors} >= {
        (2, "minimumleeftijd"), (3, "geslacht"), (4, "reden niet beschikbaar"), (4, "niet beschikbaar tot"),
        (5, "status"), (6, "reden niet beschikbaar"), (7, "leefgroep")}
    assert not Place.objects.filter(ref__in=["PL-1", "PL-2"]).exists()


def test_round_trip_and_scope_of_the_export(site: Site) -> None:
    a_place(a_unit(site.other_facility), ref="PL-ANDER")
    own = export("places", "csv", actor=site.people.facility_user).decode("utf-8-sig")
    assert site.place.ref in own and "PL-ANDER" not in own
    for fmt in ("csv", "xlsx"):
        before = state()
        report = run_import("places", f"p.{fmt}", export("places", fmt, actor=site.admin), actor=site.admin)
        assert report.ok, report.lines()
        assert report.unchanged == Place.objects.count() and report.new == report.changed == 0
        assert state() == before
    with pytest.raises(PermissionDenied):
        export("places", "csv", actor=site.people.facility_user, facility_id=site.other_facility.pk)
    with pytest.raises(PermissionDenied):
        run_import("places", "p.csv", export("places", "csv", actor=None), actor=site.people.team_member)
