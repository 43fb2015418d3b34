"""Set-up for the web tests: fast hashing, no second factor unless a test asks for it, one small world."""

from __future__ import annotations

import pytest
from pytest_django.fixtures import Settings

from tests.web.world import Site, build_site


@pytest.fixture(autouse=True)
def web_settings(settings: Settings) -> None:
    """A cheap hasher (passwords are not what these tests are about) and the second factor off;
    tests of the second factor switch it back on."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.PLAATSREGIE_SECOND_FACTOR_REQUIRED = False


@pytest.fixture
def site(db: None) -> Site:
    return build_site()
