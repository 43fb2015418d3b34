"""Shared test set-up. Core tests need no database; integration tests run on whichever database
PLAATSREGIE_DATABASE_URL names (the test command runs the suite on SQLite and on PostgreSQL)."""

from __future__ import annotations

import pytest


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """`postgres_only` tests need real row locks and concurrent transactions: skipped on SQLite."""
    try:
        from django.conf import settings

        engine = settings.DATABASES["default"]["ENGINE"]
    except Exception:  # Django not configured (e.g. `-p no:django` for the core alone)
        return
    if "postgresql" in engine:
        return
    skip = pytest.mark.skip(reason="needs PostgreSQL (real concurrent transactions); runs in the PostgreSQL pass")
    for item in items:
        if "postgres_only" in item.keywords:
            item.add_marker(skip)


@pytest.fixture(scope="session")
def django_db_modify_db_settings() -> None:
    """Each test run gets its own PostgreSQL test database, so runs on one server never collide."""
    import os

    from django.conf import settings

    default = settings.DATABASES["default"]
    if "postgresql" in default["ENGINE"]:
        default.setdefault("TEST", {})["NAME"] = f"test_{default['NAME']}_{os.getpid()}"
