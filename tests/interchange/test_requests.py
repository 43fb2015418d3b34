"""Requests: bulk import by admins, idempotent by dossier number, all-or-nothing, audited; export is logged."""

from __future__ import annotations

from datetime import date

import pytest

from plaatsregie.accounts.models import AccessLogEntry, AuditRecord
from plaatsregie.accounts.roles import PermissionDenied
from plaatsregie.interchange.exporter import export
from plaatsregie.interchange.importer import run_import
from plaatsregie.waiting.models import Request, Youth
from tests.interchange.conftest import csv_of, request_row
from tests.web.world import Site

pytestmark = pytest.mark.django_db


def counts() -> tuple[int, int, int]:
    return Request.objects.count(), Youth.objects.count(), AuditRecord.objects.count()


def test_new_requests_are_written_with_modules_and_audit(site: Site) -> None:
    data = csv_of("requests", [request_row("D-1", "JX-1"), request_row("D-2", "JX-2", modules=["OVBJ", "CKG"],
                                                                       sibling_facilities=[site.facility.ref])])
    report = run_import("requests", "a.csv", data, actor=site.admin)
    assert report.ok, report.lines()
    assert (report.new, report.changed, report.unchanged) == (2, 0, 0)
    second = Request.objects.get(ref="D-2")
    assert {m.code for m in second.module_types.all()} == {"OVBJ", "CKG"}
    assert list(second.sibling_facilities.all()) == [site.facility]
    assert second.youth.birth_date == date(2011, 3, 4) and second.history.count() == 1
    assert AuditRecord.objects.filter(object_ref="D-2", event="request:registered", actor=site.admin).exists()
    assert AuditRecord.objects.filter(event="interchange:import:applied").count() == 1


def test_reimporting_the_same_file_changes_nothing(site: Site) -> None:
    data = csv_of("requests", [request_row("D-1", "JX-1"), request_row("D-2", "JX-2")])
    run_import("requests", "a.csv", data, actor=site.admin)
    before = counts()
    report = run_import("requests", "a.csv", data, actor=site.admin)
    assert report.ok and report.summary == "0 nieuw, 0 gewijzigd, 2 ongewijzigd"
    assert counts() == before


def test_a_changed_row_is_counted_and_audited_with_old_and_new(site: Site) -> None:
    run_import("requests", "a.csv", csv_of("requests", [request_row("D-1", "JX-1")]), actor=site.admin)
    data = csv_of("requests", [request_row("D-1", "JX-1", urgency=1, modules=["CKG"], home_lat=51.3)])
    report = run_import("requests", "b.csv", data, actor=site.admin)
    assert report.summary == "0 nieuw, 1 gewijzigd, 0 ongewijzigd"
    request = Request.objects.get(ref="D-1")
    assert request.urgency == 1 and [m.code for m in request.module_types.all()] == ["CKG"]
    assert request.youth.home_lat == 51.3
    record = AuditRecord.objects.get(object_ref="D-1", event="request:imported")
    assert record.old["urgency"] == 2 and record.new["urgency"] == 1 and record.new["modules"]


def test_round_trip_export_import_is_the_identity(site: Site) -> None:
    run_import("requests", "a.csv", csv_of("requests", [request_row("D-1", "JX-1", home_lat=51.123456789)]),
               actor=site.admin)
    for fmt in ("csv", "xlsx"):
        data = export("requests", fmt, actor=site.people.team_member)
        before = counts()
        report = run_import("requests", f"export.{fmt}", data, actor=site.admin)
        assert report.ok, report.lines()
        assert report.new == report.changed == 0 and report.unchanged == Request.objects.count()
        assert counts() == before


def test_one_bad_row_means_nothing_is_written(site: Site) -> None:
    rows = [request_row(f"D-{i}", f"JX-{i}") for i in range(1, 30)]
    rows[17] = request_row("D-18", "JX-18", referrer="ONBEKEND")
    before = counts()
    report = run_import("requests", "a.csv", csv_of("requests", rows), actor=site.admin)
    assert not report.ok and not report.written
    assert [(e.line, e.column) for e in report.errors] == [(19, "aanmelder")]
    assert counts() == before


def test_rules_of_the_service_hold_on_the_bulk_path(site: Site) -> None:
    rows = [request_row("D-1", "JX-1", modules=["ONBEKEND"]),
            request_row("D-2", "JX-2", status="withdrawn"),
            request_row("D-3", "JX-3"), request_row("D-4", "JX-3"),  # two waiting requests, one youth
            request_row("D-5", "JX-5", last_confirmed_on=date(2020, 1, 1)),
            request_row("D-6", "JX-6", sibling_facilities=["NERGENS"]),
            request_row("D-7", "JX-3", birth_date=date(2010, 1, 1), status="waiting")]
    report = run_import("requests", "a.csv", csv_of("requests", rows), actor=site.admin)
    got = {(e.line, e.column) for e in report.errors}
    assert {(2, "modules"), (3, "status"), (5, "jongere"), (6, "laatst bevestigd op"),
            (7, "brussen geplaatst in"), (8, "jongere")} <= got
    assert Request.objects.filter(ref__startswith="D-").count() == 0


def test_a_youth_with_a_waiting_request_in_the_database_gets_no_second(site: Site) -> None:
    youth = site.request.youth.ref
    report = run_import("requests", "a.csv", csv_of("requests", [request_row("D-9", youth)]), actor=site.admin)
    assert [e.column for e in report.errors] == ["jongere"]


def test_the_status_does_not_change_through_an_import(site: Site) -> None:
    data = export("requests", "csv", actor=site.people.team_member).decode("utf-8-sig")
    changed = data.replace(";wachtend;", ";ingetrokken;", 1)
    report = run_import("requests", "a.csv", changed.encode(), actor=site.admin)
    assert report.errors and report.errors[0].column == "status"


def test_only_admins_and_the_command_line_import_requests(site: Site) -> None:
    data = csv_of("requests", [request_row("D-1", "JX-1")])
    for user in (site.people.team_member, site.people.facility_user, site.people.referrer_user):
        with pytest.raises(PermissionDenied):
            run_import("requests", "a.csv", data, actor=user)
    assert run_import("requests", "a.csv", data, actor=None).new == 1


def test_a_request_export_is_for_the_team_and_logged_per_youth(site: Site) -> None:
    for user in (site.admin, site.people.facility_user, site.people.referrer_user, site.people.judge, None):
        with pytest.raises(PermissionDenied):
            export("requests", "csv", actor=user)
    before = AccessLogEntry.objects.count()
    export("requests", "xlsx", actor=site.people.team_member)
    youths = Youth.objects.filter(requests__isnull=False).distinct().count()
    logged = AccessLogEntry.objects.filter(user=site.people.team_member, channel="export")
    assert AccessLogEntry.objects.count() - before == youths == logged.count()


def test_dry_run_counts_and_writes_nothing(site: Site) -> None:
    before = counts()
    report = run_import("requests", "a.csv", csv_of("requests", [request_row("D-1", "JX-1")]), actor=site.admin,
                        dry_run=True)
    assert report.ok and report.new == 1 and not report.written
    assert counts() == before
