"""The monitoring dashboards (issue 6): who sees which dashboard, the chart data, the definitions, click-through
only where the records are the user's to see, and the CSV/XLSX exports."""

from __future__ import annotations

import json
import re
from html import unescape

import pytest

from plaatsregie.accounts.models import AccessLogEntry, AuditRecord
from plaatsregie.accounts.vocabulary import Role
from plaatsregie.monitoring.tables import Table
from tests.integration.personas import a_user
from tests.monitoring.world import World, build
from tests.web.world import client_as

PERIOD = "van=2026-01-01&tot=2026-01-31"


@pytest.fixture
def world(db: None) -> World:
    return build()


def _charts(html: str) -> dict[str, dict]:  # type: ignore[type-arg]
    found = re.findall(r'<canvas id="(grafiek-[\w-]+)" data-chart="([^"]*)"', html)
    return {key: json.loads(unescape(body)) for key, body in found}


def test_a_facility_sees_its_own_dashboard_with_charts_tables_and_definitions(world: World) -> None:
    user = a_user("alfa", Role.FACILITY, facility=world.a)
    response = client_as(user).get(f"/monitoring/voorziening/?{PERIOD}")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Monitoring van de voorziening" in html and "Alfa" in html
    charts = _charts(html)
    assert charts["grafiek-occupancy"]["labels"] == ["Alfa"]
    assert charts["grafiek-occupancy"]["datasets"][0]["data"] == [20.8]
    assert "Bezette plaatsdagen gedeeld door beschikbare plaatsdagen" in html  # the definition is shown
    assert "/monitoring/export/voorziening/occupancy.csv?" in html
    assert 'href="/voorziening/plaatsen/"' in html or "/voorziening/" in html  # own places: click-through
    assert "<script>" not in html and " style=" not in html  # CSP: no inline script or style


def test_a_facility_cannot_open_another_facility(world: World) -> None:
    user = a_user("alfa", Role.FACILITY, facility=world.a)
    assert client_as(user).get("/monitoring/voorziening/?voorziening=VZ-C").status_code == 404
    assert client_as(user).get("/monitoring/vlaanderen/").status_code == 403


def test_a_policy_officer_sees_the_province_side_by_side_and_only_its_facilities(world: World) -> None:
    """D-31: the province dashboard, its facilities side by side."""
    officer = a_user("beleid", Role.POLICY_OFFICER, region="Antwerpen")
    response = client_as(officer).get(f"/monitoring/provincie/?{PERIOD}")
    assert response.status_code == 200
    charts = _charts(response.content.decode())
    assert charts["grafiek-occupancy"]["labels"] == ["Alfa", "Charlie"]  # alphabetical, never ranked
    assert "grafiek-pool_evolution" in charts
    html = response.content.decode()
    assert "/monitoring/voorziening/?voorziening=VZ-A" in html  # click-through to the facility's dashboard
    assert client_as(officer).get("/monitoring/provincie/?provincie=Limburg").status_code == 404
    assert client_as(officer).get("/monitoring/voorziening/?voorziening=VZ-B").status_code == 404
    assert client_as(officer).get("/monitoring/voorziening/?voorziening=VZ-C").status_code == 200


def test_the_team_gets_click_through_to_the_waiting_pool(world: World) -> None:
    member = a_user("team", Role.PLACEMENT_TEAM)
    html = client_as(member).get(f"/monitoring/vlaanderen/?{PERIOD}").content.decode()
    assert "/team/wachtpool/?urgency=1" in html
    assert "/monitoring/provincie/?provincie=Antwerpen" in html


def test_a_judge_sees_flanders_aggregates_without_click_through(world: World) -> None:
    """D-32: the Flanders dashboard; judges see aggregates, no personal data."""
    judge = a_user("rechter", Role.JUDGE)
    response = client_as(judge).get(f"/monitoring/vlaanderen/?{PERIOD}")
    assert response.status_code == 200
    html = response.content.decode()
    assert "/team/wachtpool/" not in html and "?voorziening=" not in html and "?provincie=" not in html
    assert client_as(judge).get("/monitoring/provincie/").status_code == 403


def test_filters_and_an_invalid_period(world: World) -> None:
    member = a_user("team", Role.PLACEMENT_TEAM)
    client = client_as(member)
    html = client.get(f"/monitoring/vlaanderen/?{PERIOD}&module=KWE").content.decode()
    assert _charts(html)["grafiek-occupancy"]["datasets"][0]["data"] == [0.0, None]  # only P4 (KWE) counts
    assert client.get("/monitoring/vlaanderen/?van=2026-02-01&tot=2026-01-01").status_code == 200


def test_exports_csv_and_xlsx(world: World) -> None:
    officer = a_user("beleid", Role.POLICY_OFFICER, region="Antwerpen")
    client = client_as(officer)
    response = client.get(f"/monitoring/export/provincie/occupancy.csv?{PERIOD}")
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    lines = response.content.decode("utf-8-sig").splitlines()
    assert lines[1] == "Alfa;53;11;20.8;20.8;9"
    assert "attachment" in response["Content-Disposition"]
    everything = client.get(f"/monitoring/export/provincie/alle.xlsx?{PERIOD}")
    assert everything.status_code == 200 and everything.content[:2] == b"PK"
    assert client.get("/monitoring/export/provincie/onbekend.csv").status_code == 404
    assert client.get("/monitoring/export/provincie/alle.csv").status_code == 404


def test_a_personal_table_is_refused_to_others_and_its_export_is_logged(world: World, rf) -> None:
    from plaatsregie.monitoring.export import export_response

    table = Table(key="persoonlijk", title="t", definition="d", columns=[], rows=[], personal=True,
                  youth_ids=[world.requests["R2"].youth_id])
    judge, member = a_user("rechter", Role.JUDGE), a_user("team", Role.PLACEMENT_TEAM)
    request = rf.get("/")
    request.user = judge
    assert export_response(request, table, "csv", "x").status_code == 403
    request.user = member
    assert export_response(request, table, "csv", "x").status_code == 200
    assert AccessLogEntry.objects.filter(user=member, channel="export", youth_id=table.youth_ids[0]).exists()
    assert AuditRecord.objects.filter(event="monitoring:table:exported", object_ref="persoonlijk").exists()
