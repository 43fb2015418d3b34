"""The upload page: check first (line-numbered errors), confirm, all-or-nothing; downloads; need-to-know."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from plaatsregie.accounts.models import AccessLogEntry
from plaatsregie.registry.models import Place
from plaatsregie.waiting.models import Request
from tests.integration.factories import a_place, a_unit
from tests.interchange.conftest import csv_of, place_row, request_row
from tests.web.world import Site, client_as

pytestmark = pytest.mark.django_db
INDEX = "/uitwisseling/"


def upload(client, entity: str, data: bytes, name: str = "f.csv"):  # type: ignore[no-untyped-def]
    return client.post(INDEX, {"entity": entity, "file": SimpleUploadedFile(name, data)})


def test_check_then_confirm_writes_and_a_second_upload_changes_nothing(site: Site) -> None:
    client = client_as(site.people.facility_user)
    data = csv_of("places", [place_row("PL-W1", site.place.unit.ref)])
    page = upload(client, "places", data)
    assert page.status_code == 200 and "1 nieuw, 0 gewijzigd, 0 ongewijzigd" in page.content.decode()
    assert not Place.objects.filter(ref="PL-W1").exists()  # the check writes nothing
    token = client.session["plaatsregie_interchange_upload"]["token"]
    assert token not in page.wsgi_request.get_full_path()
    done = client.post(reverse("interchange:confirm"), {"token": token}, follow=True)
    assert "1 nieuw" in done.content.decode() and Place.objects.filter(ref="PL-W1").exists()
    again = upload(client, "places", data)
    assert "0 nieuw, 0 gewijzigd, 1 ongewijzigd" in again.content.decode()
    assert "Bevestigen" not in again.content.decode()


def test_a_facility_cannot_import_another_facilitys_place(site: Site) -> None:
    other = a_place(a_unit(site.other_facility), age_max=17)
    rows = [place_row("PL-W1", site.place.unit.ref), place_row(other.ref, other.unit.ref, age_max=15)]
    page = upload(client_as(site.people.facility_user), "places", csv_of("places", rows))
    text = page.content.decode()
    assert "er is niets ingelezen" in text and "<td>3</td>" in text and "Bevestigen" not in text
    assert Place.objects.get(pk=other.pk).age_max == 17 and not Place.objects.filter(ref="PL-W1").exists()


def test_errors_are_listed_by_line_and_column(site: Site) -> None:
    rows = [request_row("D-1", "JX-1"), request_row("D-2", "JX-2", referrer="NERGENS")]
    page = upload(client_as(site.admin), "requests", csv_of("requests", rows))
    text = page.content.decode()
    assert "<td>3</td><td>aanmelder</td>" in text and not Request.objects.filter(ref="D-1").exists()


def test_the_entities_offered_follow_the_role(site: Site) -> None:
    facility = client_as(site.people.facility_user).get(INDEX).content.decode()
    assert 'value="places"' in facility and 'value="admissions"' in facility and 'value="requests"' not in facility
    team = client_as(site.people.team_member).get(INDEX).content.decode()
    assert 'value="admissions"' in team and 'value="places"' not in team and 'value="requests"' not in team
    judge = client_as(site.people.judge).get(INDEX)
    assert judge.status_code == 403
    assert reverse("interchange:export", args=["requests", "csv"]) in team
    refused = upload(client_as(site.people.facility_user), "requests", csv_of("requests", [request_row("D", "J")]))
    assert "Bestand inlezen" in refused.content.decode() and not Request.objects.filter(ref="D").exists()


def test_downloads_and_the_access_log(site: Site) -> None:
    facility = client_as(site.people.facility_user)
    places = facility.get(reverse("interchange:export", args=["places", "csv"]))
    assert places.status_code == 200 and places["Content-Disposition"].startswith("attachment")
    assert facility.get(reverse("interchange:export", args=["requests", "csv"])).status_code == 403
    assert facility.get(reverse("interchange:export", args=["nothing", "csv"])).status_code == 404
    before = AccessLogEntry.objects.count()
    team = client_as(site.people.team_member).get(reverse("interchange:export", args=["requests", "xlsx"]))
    assert team.status_code == 200 and AccessLogEntry.objects.count() > before
    sheet = facility.get(reverse("interchange:template", args=["requests", "csv"]))
    assert sheet.content.decode("utf-8-sig").startswith("dossiernummer;jongere;")


def test_a_latin1_file_is_refused_with_its_reason(site: Site) -> None:
    data = csv_of("places", [place_row("PL-Zoë", site.place.unit.ref)]).decode("utf-8-sig").encode("latin-1")
    text = upload(client_as(site.admin), "places", data).content.decode()
    assert "niet in UTF-8" in text and not Place.objects.filter(ref="PL-Zoë").exists()


def test_confirm_without_a_checked_file_writes_nothing(site: Site) -> None:
    page = client_as(site.admin).post(reverse("interchange:confirm"), {"token": "x"}, follow=True)
    assert "opnieuw op" in page.content.decode()
