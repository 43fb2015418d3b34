"""A policy officer opens the monthly capacity registration check of a facility and marks an item handled
(seed 002 Stap 7, D-30)."""

from __future__ import annotations

from playwright.sync_api import expect

from plaatsregie.accounts.vocabulary import Role
from plaatsregie.followup.models import CheckItem, CheckItemHandling
from plaatsregie.followup.services import monthly_check_generate
from tests.browser.conftest import BROWSER_TEST, NewContext, log_in, shot
from tests.browser.test_accessibility import check
from tests.followup.history import OCTOBER, build
from tests.integration.personas import a_user

pytestmark = BROWSER_TEST


def test_a_policy_officer_marks_a_check_item_handled(new_context: NewContext) -> None:
    page = new_context(bypass_csp=True).new_page()  # bypass: the accessibility checker is injected
    history = build(a_user("an", Role.PLACEMENT_TEAM))
    a_user("beleid", Role.POLICY_OFFICER, region="Antwerpen")
    monthly_check_generate(OCTOBER, [history.odd.pk])
    item = CheckItem.objects.get(kind="unavailable_long")
    log_in(page, "beleid")
    page.get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name="Maandcontrole").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Maandcontrole")
    page.goto("/opvolging/maandcontrole/?maand=2026-10")
    page.get_by_role("link", name="Scheef (fictief)").click()
    check(page, "a11y-followup-check")
    card = page.locator(f"#punt-{item.pk}")
    expect(card).to_contain_text("structureel niet beschikbaar")
    card.get_by_label("Actie").select_option("reactivate")
    card.get_by_label("Notitie").fill("Plan tot heractivering tegen januari afgesproken.")
    card.get_by_role("button", name="Markeer als afgehandeld").click()
    expect(page.get_by_text("Het punt is bijgewerkt.")).to_be_visible()
    expect(page.locator(f"#punt-{item.pk}")).to_contain_text("Plan tot heractivering tegen januari afgesproken.")
    expect(page.locator(f"#punt-{item.pk} .badge")).to_have_text("afgehandeld")
    shot(page, "60-monthly-check-handled")
    page.goto("/opvolging/")
    check(page, "a11y-followup-items")
    assert CheckItemHandling.objects.filter(item=item, action="reactivate", handled=True).exists()
