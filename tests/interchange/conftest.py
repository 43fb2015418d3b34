"""A small world for import/export tests: the web tests' site (two facilities, personas, an open offer)."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from pytest_django.fixtures import Settings

from plaatsregie.interchange.exporter import write_csv
from plaatsregie.interchange.formats import FORMATS
from tests.web.world import Site, build_site


@pytest.fixture(autouse=True)
def fast_settings(settings: Settings) -> None:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.PLAATSREGIE_SECOND_FACTOR_REQUIRED = False


@pytest.fixture
def site(db: None) -> Site:
    return build_site()


def request_row(ref: str, youth: str, **fields: Any) -> dict[str, Any]:
    """One request row in the file format (values as the exporter holds them)."""
    values: dict[str, Any] = {"ref": ref, "youth": youth, "birth_date": date(2011, 3, 4), "gender": "F",
                              "region": "Antwerpen", "home_lat": 51.21, "home_lon": 4.41, "referrer": "REF-1",
                              "modules": ["OVBJ"], "urgency": 2, "status": "waiting",
                              "registered_on": date(2026, 2, 1), "last_confirmed_on": date(2026, 3, 1),
                              "needs": ["trauma"], "crisis_overflow": False, "internal_transfer_facility": None,
                              "readmission_facility": None, "sibling_facilities": []}
    return values | fields


def csv_of(entity: str, rows: list[dict[str, Any]]) -> bytes:
    return write_csv(FORMATS[entity], rows)


def place_row(ref: str, unit: str, **fields: Any) -> dict[str, Any]:
    values: dict[str, Any] = {"ref": ref, "unit": unit, "status": "occupied", "available_from": None,
                              "age_min": 12, "age_max": 17, "genders": "FMX", "short_stay": False,
                              "vertical": None, "contact": "", "unavailable_reason": None,
                              "unavailable_until": None}
    return values | fields
