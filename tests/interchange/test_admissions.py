"""Admissions: started from an agreed offer through the services, discharged by a date, idempotent."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.utils import timezone

from plaatsregie.accounts.roles import PermissionDenied
from plaatsregie.core.lifecycle import OfferOutcome
from plaatsregie.interchange.exporter import export
from plaatsregie.interchange.importer import run_import
from plaatsregie.placement.models import Admission
from plaatsregie.placement.services.offers import offer_answer
from plaatsregie.registry.models import Place
from tests.integration.factories import a_place, a_unit
from tests.interchange.conftest import csv_of
from tests.web.world import Site

pytestmark = pytest.mark.django_db


def row(site: Site, **fields: object) -> dict[str, object]:
    values = {"ref": None, "place": site.place.ref, "request": site.offer.request.ref, "offer": site.offer.ref,
              "internal_flow": False, "start_on": timezone.localdate() + timedelta(days=14), "ended_on": None}
    return values | fields


def agree(site: Site) -> None:
    offer_answer(actor=site.people.facility_user, offer_id=site.offer.pk, outcome=OfferOutcome.AGREED)


def test_an_agreed_offer_starts_an_admission_and_reimport_changes_nothing(site: Site) -> None:
    agree(site)
    data = csv_of("admissions", [row(site)])
    report = run_import("admissions", "o.csv", data, actor=site.people.facility_user)
    assert report.ok and report.new == 1, report.lines()
    assert Place.objects.get(pk=site.place.pk).status == "occupied"
    again = run_import("admissions", "o.csv", data, actor=site.people.facility_user)
    assert again.summary == "0 nieuw, 0 gewijzigd, 1 ongewijzigd"
    assert Admission.objects.count() == 1


def test_a_discharge_date_ends_the_stay_and_the_round_trip_is_the_identity(site: Site) -> None:
    agree(site)
    start = timezone.localdate() + timedelta(days=14)
    run_import("admissions", "o.csv", csv_of("admissions", [row(site, start_on=start)]),
               actor=site.people.facility_user)
    ref = Admission.objects.get().ref
    ended = csv_of("admissions", [row(site, ref=ref, start_on=start, ended_on=start + timedelta(days=30))])
    report = run_import("admissions", "o.csv", ended, actor=site.people.facility_user)
    assert report.summary == "0 nieuw, 1 gewijzigd, 0 ongewijzigd"
    assert Admission.objects.get().ended_on == start + timedelta(days=30)
    for fmt in ("csv", "xlsx"):
        data = export("admissions", fmt, actor=site.people.facility_user)
        report = run_import("admissions", f"o.{fmt}", data, actor=site.people.facility_user)
        assert report.summary == "0 nieuw, 0 gewijzigd, 1 ongewijzigd", report.lines()


def test_no_admission_without_an_agreed_offer_and_never_on_another_facilitys_place(site: Site) -> None:
    other = a_place(a_unit(site.other_facility))
    rows = [row(site), row(site, place=other.ref, offer=None), row(site, offer=None, internal_flow=True),
            row(site, ref="OP-999999", offer=None)]
    report = run_import("admissions", "o.csv", csv_of("admissions", rows), actor=site.people.facility_user)
    assert [(e.line, e.column) for e in report.errors] == [(2, "voorstel"), (3, "plaats"), (4, "voorstel"),
                                                           (5, "opname")]
    assert not Admission.objects.exists()


def test_who_imports_admissions(site: Site) -> None:
    data = csv_of("admissions", [row(site)])
    for user in (site.admin, site.people.referrer_user, None):
        with pytest.raises(PermissionDenied):
            run_import("admissions", "o.csv", data, actor=user)
    other = run_import("admissions", "o.csv", data, actor=site.people.other_facility_user)
    assert other.errors[0].column == "plaats"


def test_fixed_fields_of_an_existing_admission_do_not_change(site: Site) -> None:
    agree(site)
    run_import("admissions", "o.csv", csv_of("admissions", [row(site)]), actor=site.people.facility_user)
    ref = Admission.objects.get().ref
    report = run_import("admissions", "o.csv", csv_of("admissions", [row(site, ref=ref, start_on=date(2020, 1, 1))]),
                        actor=site.people.facility_user)
    assert [e.column for e in report.errors] == ["start"]
