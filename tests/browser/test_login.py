"""Logging in through the real form in a real browser: the start page of the role, a wrong password told in
Dutch, and the second factor when it is required."""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect
from pytest_django.fixtures import Settings

from plaatsregie.accounts.vocabulary import Role
from tests.browser.conftest import BROWSER_TEST, log_in, shot
from tests.integration.personas import a_user

pytestmark = BROWSER_TEST


def test_a_judge_who_mistypes_the_password_is_told_so_then_lands_on_the_capacity_overview(page: Page) -> None:
    a_user("hanne", Role.JUDGE)
    page.goto("/aanmelden/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Aanmelden")
    shot(page, "00-login")
    page.get_by_label("Gebruikersnaam").fill("hanne")
    page.get_by_label("Wachtwoord").fill("niet-het-wachtwoord")
    page.get_by_role("button", name="Aanmelden").click()
    expect(page.get_by_role("alert")).to_contain_text("Gebruikersnaam of wachtwoord klopt niet")
    log_in(page, "hanne")
    expect(page).to_have_url(re.compile(r"/capaciteit/$"))
    expect(page.get_by_role("heading", level=1)).to_contain_text("Capaciteit")


def test_a_team_member_is_asked_the_second_factor_when_it_is_required(page: Page, settings: Settings) -> None:
    settings.PLAATSREGIE_SECOND_FACTOR_REQUIRED = True
    a_user("an", Role.PLACEMENT_TEAM, region="Antwerpen")
    log_in(page, "an")
    expect(page).to_have_url(re.compile(r"/tweede-factor/$"))
    expect(page.get_by_label("Code uit uw authenticator-app")).to_be_visible()
    shot(page, "00-second-factor")
    page.goto("/team/")
    expect(page).to_have_url(re.compile(r"/tweede-factor/$"))
