"""`plaatsregie import` and `plaatsregie export`: the report on stdout/stderr, a non-zero exit on errors."""

from __future__ import annotations

from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from plaatsregie.waiting.models import Request
from tests.interchange.conftest import csv_of, request_row
from tests.web.world import Site

pytestmark = pytest.mark.django_db


def test_import_dry_run_then_real_then_again(site: Site, tmp_path: Path) -> None:
    path = tmp_path / "aanmeldingen.csv"
    path.write_bytes(csv_of("requests", [request_row("D-1", "JX-1"), request_row("D-2", "JX-2")]))
    out = StringIO()
    call_command("import", "requests", str(path), "--dry-run", stdout=out)
    assert "zou inlezen" in out.getvalue() and not Request.objects.filter(ref="D-1").exists()
    call_command("import", "requests", str(path), "--as", site.admin.username, stdout=out)
    assert "2 nieuw, 0 gewijzigd, 0 ongewijzigd" in out.getvalue()
    out = StringIO()
    call_command("import", "requests", str(path), stdout=out)
    assert "0 nieuw, 0 gewijzigd, 2 ongewijzigd" in out.getvalue()


def test_errors_give_the_row_report_and_a_non_zero_exit(site: Site, tmp_path: Path) -> None:
    path = tmp_path / "aanmeldingen.csv"
    path.write_bytes(csv_of("requests", [request_row("D-1", "JX-1", referrer="X")]))
    err = StringIO()
    with pytest.raises(CommandError) as raised:
        call_command("import", "requests", str(path), stderr=err)
    assert raised.value.returncode == 2
    assert "regel 2, kolom 'aanmelder': onbekende aanmelder 'X'" in err.getvalue()
    with pytest.raises(CommandError, match="--as"):
        call_command("import", "admissions", str(path))
    with pytest.raises(CommandError, match="niet inlezen"):
        call_command("import", "requests", str(path), "--as", site.people.facility_user.username)


def test_export_round_trip_through_the_command_line(site: Site, tmp_path: Path) -> None:
    for entity, extra in (("places", ["--facility", site.facility.ref]), ("admissions", []),
                          ("requests", ["--as", site.people.team_member.username])):
        path = tmp_path / f"{entity}.xlsx"
        call_command("export", entity, "-o", str(path), *extra, stdout=StringIO())
        if entity == "admissions":
            continue  # imported with --as of a facility user; see test_admissions
        out = StringIO()
        call_command("import", entity, str(path), stdout=out)
        assert "0 nieuw, 0 gewijzigd" in out.getvalue()
    with pytest.raises(CommandError, match="persoonsgegevens"):
        call_command("export", "requests", "-o", str(tmp_path / "r.csv"))
    with pytest.raises(CommandError, match="eigen voorziening"):
        call_command("export", "places", "-o", str(tmp_path / "p.csv"), "--facility", site.other_facility.ref,
                     "--as", site.people.facility_user.username)
