"""The monthly PDF report: it renders, names its province, holds the charts and no personal data."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.urls import reverse
from weasyprint import HTML

from plaatsregie.followup.services import monthly_check_generate
from plaatsregie.monitoring.report import chart_png, followup_tables, render_html, render_pdf
from plaatsregie.monitoring.tables import Column, Table
from tests.followup.history import OCTOBER, build
from tests.web.world import Site, client_as

pytestmark = pytest.mark.django_db


def _texts(box: object) -> list[str]:
    found = [box.text] if hasattr(box, "text") else []  # type: ignore[attr-defined]
    for child in getattr(box, "children", None) or []:
        found += _texts(child)
    return found


def _text_of(html: str) -> str:
    document = HTML(string=html).render()
    return " ".join(t for page in document.pages for t in _texts(page._page_box))


@pytest.mark.parametrize("kind", ["bar", "line", "stacked"])
def test_a_table_becomes_a_png_chart(kind: str) -> None:
    table = Table(key="t", title="T", definition="d", columns=[Column("m", "Maand"), Column("a", "A"),
                                                                Column("b", "B")],
                  rows=[("09/2026", 3, 1), ("10/2026", 5, None)], chart=kind, series=("a", "b"))  # type: ignore[arg-type]
    assert (chart_png(table) or b"")[:8] == b"\x89PNG\r\n\x1a\n"
    empty = Table(key="n", title="N", definition="", columns=[Column("a", "A")], rows=[], chart="none")
    assert chart_png(empty) is None


def test_the_province_report_renders_with_the_check_and_no_personal_data(site: Site) -> None:
    history = build(site.people.facility_user)
    monthly_check_generate(OCTOBER, [history.odd.pk, history.clean.pk])
    html = render_html(OCTOBER, "Antwerpen", followup_tables(OCTOBER, "Antwerpen"))
    text = _text_of(html)
    assert "Maandrapport Antwerpen" in text and "Scheef (fictief)" in text and "structureel niet beschikbaar" in text
    assert "data:image/png;base64," in html
    assert site.request.youth.ref not in html and site.request.ref not in html
    pdf = render_pdf(OCTOBER, "Antwerpen", followup_tables(OCTOBER, "Antwerpen"))
    assert pdf.startswith(b"%PDF") and len(pdf) > 5000


def test_the_flanders_report_with_the_indicators_and_the_command(site: Site, tmp_path: object) -> None:
    target = tmp_path / "vlaanderen.pdf"  # type: ignore[operator]
    call_command("monthly_report", month="2026-10", output=str(target))
    assert target.read_bytes().startswith(b"%PDF")
    assert "Maandrapport Vlaanderen" in _text_of(render_html(OCTOBER, "", []))


def test_the_report_download_is_the_own_province_for_a_policy_officer(site: Site) -> None:
    officer = client_as(site.people.policy_officer)
    response = officer.get(reverse("followup:report"), {"maand": "2026-10"})
    assert response["Content-Type"] == "application/pdf" and response.content[:4] == b"%PDF"
    assert "antwerpen" in response["Content-Disposition"]
    assert officer.get(reverse("followup:report"), {"maand": "2026-10", "provincie": "Limburg"}).status_code == 404
    team = client_as(site.people.team_member).get(reverse("followup:report"), {"maand": "2026-10"})
    assert "vlaanderen" in team["Content-Disposition"]


def test_the_monthly_check_command_is_idempotent(site: Site) -> None:
    from io import StringIO

    build(site.people.facility_user)
    out = StringIO()
    call_command("monthly_check", month="2026-10", stdout=out)
    call_command("monthly_check", month="2026-10", stdout=out)
    first, second = out.getvalue().strip().splitlines()
    assert "(7 new)" in first or "new)" in first
    assert second.endswith("(0 new).")
