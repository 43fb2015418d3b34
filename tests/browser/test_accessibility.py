"""Accessibility smoke check of the main pages with axe-core (vendored from the npm registry, runs offline):
labels on inputs, names of buttons and links, headings, colour contrast, language and title."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.urls import NoReverseMatch, reverse
from playwright.sync_api import Page, expect

from tests.browser.conftest import BROWSER_TEST, NewContext, log_in, shot
from tests.web.world import Site, build_site

pytestmark = BROWSER_TEST

AXE = Path(__file__).parent / "vendor" / "axe-core" / "axe.min.js"
RULES = [
    # labels and accessible names
    "label", "select-name", "button-name", "input-button-name", "link-name", "form-field-multiple-labels",
    "aria-input-field-name",
    # headings and page structure
    "page-has-heading-one", "heading-order", "empty-heading", "document-title", "html-has-lang",
    "html-lang-valid", "landmark-one-main", "duplicate-id-aria", "th-has-data-cells", "td-headers-attr",
    # contrast
    "color-contrast",
]
FAILING_IMPACTS = {"serious", "critical"}
STRICT_RULES = {"heading-order", "page-has-heading-one"}  # moderate in axe, but headings in order is our rule

# persona of build_site() -> (screenshot name, url name) of the start pages of that role
PAGES = {
    "judge": [("a11y-capacity-overview", "capacity:overview")],
    "team": [("a11y-team-workqueue", "team:workqueue"), ("a11y-team-pool", "team:pool")],
    "facility": [("a11y-facility-places", "facility:places"), ("a11y-facility-offers", "facility:offers")],
    "referrer": [("a11y-referrer-requests", "referrer:requests")],
    "policy_officer": [("a11y-province-facilities", "province:facilities")],
}


def axe_violations(page: Page) -> list[dict[str, Any]]:
    """Run axe-core on the page (its context must bypass the CSP so the checker may be injected)."""
    page.add_script_tag(path=str(AXE))
    result: dict[str, Any] = page.evaluate(
        "rules => axe.run(document, {runOnly: {type: 'rule', values: rules}, resultTypes: ['violations']})",
        RULES)
    return list(result["violations"])


def blocking(violations: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [v for v in violations if v["impact"] in FAILING_IMPACTS or v["id"] in STRICT_RULES]


def readable(url: str, violations: list[dict[str, Any]]) -> str:
    """The violations as a person reads them: rule, impact, help text, and the offending elements."""
    lines = [f"{len(violations)} accessibility problem(s) on {url}:"]
    for v in violations:
        lines.append(f"- [{v['impact']}] {v['id']}: {v['help']} ({v['helpUrl']})")
        for node in v["nodes"][:8]:
            lines.append(f"    {' '.join(node['target'])}: {node['failureSummary'].splitlines()[-1].strip()}")
            lines.append(f"      {node['html'][:160]}")
    return "\n".join(lines)


def check(page: Page, name: str) -> None:
    shot(page, name)
    violations = axe_violations(page)
    problems = blocking(violations)
    if others := [v for v in violations if v not in problems]:
        print(readable(page.url, others))  # minor ones are shown with -s, they do not fail the check
    assert not problems, readable(page.url, problems)


@pytest.fixture
def site(transactional_db: None) -> Site:
    return build_site()


def test_the_login_page_and_the_start_page_of_every_role_pass_the_accessibility_check(
        site: Site, new_context: NewContext) -> None:
    """One world, one log-in per role, every start page checked; all problems are reported together."""
    failures = login_page_problems(new_context(bypass_csp=True).new_page())
    for role, pages in PAGES.items():
        user = site.user(role)
        page = new_context(bypass_csp=True).new_page()  # the checker is injected: the context bypasses the CSP
        if user is not None:
            log_in(page, user.get_username())
        for name, url_name in pages:
            failures.extend(problems_of(page, name, url_name))
        page.context.close()
    assert not failures, "\n\n".join(failures)


def login_page_problems(page: Page) -> list[str]:
    """The login page, empty and with its field errors."""
    failures = problems_of(page, "a11y-login", "login")
    page.get_by_role("button", name="Aanmelden").click()
    expect(page.get_by_text("Dit veld is verplicht.").first).to_be_visible()
    try:
        check(page, "a11y-login-error")
    except AssertionError as problem:
        failures.append(str(problem))
    page.context.close()
    return failures


def problems_of(page: Page, name: str, url_name: str) -> list[str]:
    try:
        url = reverse(url_name)
    except NoReverseMatch:
        return [f"{url_name}: the page does not exist (yet)"]
    response = page.goto(url)
    try:
        assert response is not None and response.status == 200, f"{url_name} answered {response and response.status}"
        check(page, name)
    except AssertionError as problem:
        return [str(problem)]
    return []
