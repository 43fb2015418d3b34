"""Set-up for the API tests: fast hashing, no second factor, empty throttle counters, the API world."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from pytest_django.fixtures import Settings

from tests.api.world import ApiSite, build_api_site


@pytest.fixture(autouse=True)
def api_settings(settings: Settings) -> None:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.PLAATSREGIE_SECOND_FACTOR_REQUIRED = False
    cache.clear()  # throttle counters live in the cache


@pytest.fixture
def api(db: None) -> ApiSite:
    return build_api_site()
