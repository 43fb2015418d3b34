"""A policy officer starts a policy simulation from the web page and reads its report. The run goes through
django-tasks; here its immediate backend runs it at once in the live server (the database backend and its
worker are tested in tests/integration/test_simulation_worker.py)."""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect
from pytest_django.fixtures import Settings

from plaatsregie.accounts.vocabulary import Role
from tests.browser.conftest import BROWSER_TEST, log_in, shot
from tests.integration.personas import a_user
from tests.web.simulation_runs import run_immediately

pytestmark = BROWSER_TEST
RUNNING_MS = 90_000  # the immediate backend runs the simulation inside the request (charts too): a busy machine
# An image's width once loaded (0 if it failed): visible is not loaded yet, and a chart takes the server a moment.
LOADED_WIDTH = """img => img.complete ? img.naturalWidth : new Promise(done => {
    img.addEventListener("load", () => done(img.naturalWidth));
    img.addEventListener("error", () => done(0));
})"""


def test_a_policy_officer_starts_a_simulation_and_sees_the_report(page: Page, settings: Settings) -> None:
    run_immediately(settings)
    a_user("beleid", Role.POLICY_OFFICER, region="Antwerpen")
    log_in(page, "beleid")
    page.get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name="Simulatie").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Beleidssimulaties")
    page.get_by_role("link", name="Nieuwe simulatie starten").click()
    page.get_by_label("Scenario").select_option("tiny")
    page.get_by_role("checkbox", name=re.compile(r"^default versie")).check()
    page.get_by_role("checkbox", name=re.compile(r"^waiting-time-first versie")).check()
    page.get_by_label("Aantal gesimuleerde jaren").fill("11")
    page.get_by_role("button", name="Simulatie starten").click()
    expect(page.get_by_text("Hoogstens 10 jaar.")).to_be_visible()
    page.get_by_label("Aantal gesimuleerde jaren").fill("1")
    page.get_by_label("Aantal herhalingen").fill("2")
    page.get_by_role("button", name="Simulatie starten").click(timeout=RUNNING_MS)
    expect(page).to_have_url(re.compile(r"/simulatie/\d+/$"), timeout=RUNNING_MS)
    expect(page.get_by_text("klaar", exact=True)).to_be_visible()
    table = page.get_by_role("table", name="Cijfers per beleid")
    expect(table.get_by_role("columnheader", name="waiting-time-first")).to_be_visible()
    expect(table.get_by_role("rowheader", name="Bezetting", exact=True)).to_be_visible()
    chart = page.get_by_role("img", name=re.compile("Mediane wachttijd"))
    expect(chart).to_be_visible()
    assert chart.evaluate(LOADED_WIDTH) > 0
    shot(page, "50-simulation-report")
    page.get_by_role("link", name="Terug naar de simulaties").click()
    expect(page.get_by_role("table", name="Simulaties, nieuwste eerst")).to_contain_text("klaar")
