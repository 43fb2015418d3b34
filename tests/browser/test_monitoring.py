"""The monitoring charts render in a real browser under the strict CSP: a canvas per chart, drawn by Chart.js,
and no console errors (a CSP violation would show as one)."""

from __future__ import annotations

from playwright.sync_api import ConsoleMessage, Page, expect

from plaatsregie.accounts.vocabulary import Role
from tests.browser.conftest import BROWSER_TEST, log_in, shot
from tests.integration.personas import a_user
from tests.monitoring.world import build

pytestmark = BROWSER_TEST


def test_the_province_dashboard_draws_its_charts(page: Page) -> None:
    build()
    a_user("beleid", Role.POLICY_OFFICER, region="Antwerpen")
    errors: list[str] = []
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    page.on("pageerror", lambda error: errors.append(str(error)))
    log_in(page, "beleid")
    page.get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name="Monitoring").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Monitoring van de provincie")
    page.goto("/monitoring/provincie/?van=2026-01-01&tot=2026-01-31")
    canvas = page.locator("canvas#grafiek-occupancy")
    expect(canvas).to_have_attribute("data-drawn", "true")
    assert page.locator("canvas[data-chart]").count() >= 10
    assert page.locator('canvas[data-drawn="true"]').count() == page.locator("canvas[data-chart]").count()
    box = canvas.bounding_box()
    assert box is not None and box["height"] > 100
    shot(page, "70-monitoring-province")
    assert errors == [], errors


def _is_error(message: ConsoleMessage) -> bool:
    return message.type == "error"
