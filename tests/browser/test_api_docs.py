"""The API's Swagger UI (issue 7) in a real browser: served from vendored files under the strict content
security policy (no inline script, no CDN), it loads the OpenAPI document and lists the operations; a logged-in
team member can try a read from it."""

from __future__ import annotations

from playwright.sync_api import Page, expect

from plaatsregie.accounts.vocabulary import Role
from tests.browser.conftest import BROWSER_TEST, log_in, shot
from tests.integration.personas import a_user

pytestmark = BROWSER_TEST


def test_the_swagger_ui_shows_the_api_without_breaking_the_content_security_policy(page: Page) -> None:
    problems: list[str] = []
    page.on("console", lambda message: problems.append(message.text) if message.type == "error" else None)
    # what the Swagger UI needs; the browser may abandon its own favicon request when the test ends
    needed = {"document", "script", "stylesheet", "fetch", "xhr"}
    page.on("requestfailed", lambda request: problems.append(f"failed: {request.url}")
            if request.resource_type in needed else None)
    a_user("an", Role.PLACEMENT_TEAM, region="Antwerpen")
    log_in(page, "an")
    page.goto("/api/v1/docs/")
    expect(page.locator(".swagger-ui .info .title")).to_contain_text("Plaatsregie API")
    expect(page.locator(".opblock-summary-path", has_text="/api/v1/places/").first).to_be_visible()
    shot(page, "api-docs")
    assert not [p for p in problems if "Content Security Policy" in p or "failed:" in p], problems
