"""Browser tests: Playwright (Python) driving Debian's Chromium headless against a live Django server.

No browser is ever downloaded: the tests use the Chromium of the operating system at CHROMIUM (installed by
`scripts/chromium-up`). Playwright already starts it with `--headless` (the new headless mode, the only one
left in Chromium ≥ 132), `--no-sandbox` and `--disable-dev-shm-usage`; see docs/browser-tests.md."""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, expect, sync_playwright
from pytest_django.fixtures import Settings

CHROMIUM = Path(os.environ.get("PLAATSREGIE_CHROMIUM", "/usr/bin/chromium"))
SCREENSHOTS = Path(__file__).resolve().parents[2] / "var" / "screenshots"
PASSWORD = "not-a-real-password-123"  # the personas' password (tests.integration.personas)
TIMEOUT_MS = 10_000  # for actions and for expect(): generous, a CI machine may be busy

expect.set_options(timeout=TIMEOUT_MS)


NewContext = Callable[..., BrowserContext]  # new_context(**options) -> a fresh browser context


# Every browser test: the marker, and a live server on a transactional database. The flush after each test
# would also wipe the catalogue the data migrations seed (module types, reasons): it is restored afterwards.
BROWSER_TEST = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]



@pytest.fixture(autouse=True)
def browser_settings(settings: Settings) -> None:
    """A cheap hasher and no second factor, for the live server thread too (it reads the same settings)."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.PLAATSREGIE_SECOND_FACTOR_REQUIRED = False
    settings.PLAATSREGIE_DEMO = False


@pytest.fixture(scope="package", autouse=True)
def synchronous_orm_beside_playwright() -> Iterator[None]:
    """Playwright's sync API leaves its asyncio loop marked as running in this thread, so Django would refuse
    the ORM calls a test makes between two browser steps (SynchronousOnlyOperation). They are synchronous in
    fact: allow them, for the browser tests only (the package scope ends with the last browser test)."""
    before = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    yield
    if before is None:
        del os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"]
    else:
        os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = before


@pytest.fixture(scope="package")
def browser() -> Iterator[Browser]:
    """One headless Chromium for the browser tests; stopped after them, so Playwright's event loop does not
    outlive them. A missing browser fails the run (CI installs it): never skipped, never downloaded."""
    if not CHROMIUM.exists():
        pytest.fail(f"Chromium not found at {CHROMIUM}: run scripts/chromium-up (installs Debian's chromium). "
                    "The browser tests never download a browser.", pytrace=False)
    serialized = _serialized_catalogue()
    with sync_playwright() as playwright:
        _keep_serialized_catalogue(serialized)
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True)
        yield browser
        browser.close()


def _serialized_catalogue() -> dict[str, str]:
    """What the test database held after its migrations (module types, reasons …), per database alias."""
    from django.db import connections

    return {alias: contents for alias in connections
            if (contents := getattr(connections[alias], "_test_serialized_contents", None)) is not None}


def _keep_serialized_catalogue(serialized: dict[str, str]) -> None:
    """Once Playwright's event loop runs in this thread, Django's connection handler (an asgiref Local) hands
    this thread fresh connection objects, which lack the serialized catalogue `serialized_rollback` restores
    after each flush: give it back to them, or every test after the first would find no module types."""
    from django.db import connections

    for alias, contents in serialized.items():
        connections[alias]._test_serialized_contents = contents  # type: ignore[attr-defined]


@pytest.fixture
def new_context(browser: Browser, live_server: object) -> Iterator[NewContext]:
    """Make fresh browser contexts (one per person in the test: separate cookies), closed after the test."""
    contexts: list[BrowserContext] = []

    def make(**options: Any) -> BrowserContext:
        context = browser.new_context(base_url=str(live_server), locale="nl-BE", timezone_id="Europe/Brussels",
                                      viewport={"width": 1280, "height": 900}, **options)
        context.set_default_timeout(TIMEOUT_MS)
        contexts.append(context)
        return context

    yield make
    for context in contexts:
        context.close()


@pytest.fixture
def page(new_context: NewContext) -> Page:
    """A page in a fresh context of its own."""
    return new_context().new_page()


def log_in(page: Page, username: str, password: str = PASSWORD) -> None:
    """Log in through the real login form, as a person would; wait until the start page is shown."""
    page.goto("/aanmelden/")
    page.get_by_label("Gebruikersnaam").fill(username)
    page.get_by_label("Wachtwoord").fill(password)
    page.get_by_role("button", name="Aanmelden").click()
    page.wait_for_url(lambda url: "/aanmelden/" not in url)


def shot(page: Page, name: str) -> Path:
    """A full-page screenshot under var/screenshots/ (the folder the README names)."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{re.sub(r'[^a-z0-9-]+', '-', name.lower())}.png"
    page.screenshot(path=str(path), full_page=True)
    return path
