"""Persistence: the catalogue, the row ↔ domain mapping and the pool, on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import date
from importlib import import_module

import pytest

from plaatsregie.core.modules import default_catalogue
from plaatsregie.core.types import Gender, Location, Region, Urgency
from plaatsregie.registry.mapping import PlaceNotFound, catalogue_from_db, place_profile
from plaatsregie.registry.models import ScopeExclusion
from plaatsregie.waiting.models import RequestStatus
from plaatsregie.waiting.pool import load_pool, waiting_requests
from plaatsregie.web.seeding import clear_domain
from tests.integration.factories import a_facility, a_place, a_request, a_unit

pytestmark = pytest.mark.django_db


def test_migrations_install_the_module_catalogue_of_the_seed() -> None:
    """D-1, D-2, D-3: every module's scope and flow, and the access/funding exclusions, are data in the database."""
    stored, shipped = catalogue_from_db(), default_catalogue()
    assert dict(stored.modules) == dict(shipped.modules)
    assert sorted(stored.exclusions, key=lambda e: e.reason) == sorted(shipped.exclusions, key=lambda e: e.reason)
    assert not stored.scope_of("CKG", access="RTJ").in_scope  # type: ignore[arg-type]
    assert stored.scope_of("CKG").in_scope


def test_clearing_the_world_keeps_the_module_catalogue_with_its_exclusions() -> None:
    """D-2: `seed --replace` and the tests' clean-up remove the world, never the catalogue — also not the modules
    an exclusion names (its link table), which once went with the world and put RTJ stays in CKG in scope."""
    clear_domain()
    stored = catalogue_from_db()
    assert sorted(stored.exclusions, key=lambda e: e.reason) == sorted(
        default_catalogue().exclusions, key=lambda e: e.reason)
    assert not stored.scope_of("CKG", access="RTJ").in_scope  # type: ignore[arg-type]


def test_the_repair_migration_gives_an_emptied_shipped_exclusion_its_modules_back() -> None:
    """Databases cleared before that fix: registry 0005 puts the shipped modules back, and only there."""
    from django.apps import apps

    restore = import_module("plaatsregie.registry.migrations.0005_restore_exclusion_modules").restore_modules
    rtj = ScopeExclusion.objects.get(access="RTJ")
    rtj.modules.clear()
    assert catalogue_from_db().scope_of("OVBJ", access="RTJ").in_scope is False  # type: ignore[arg-type]
    restore(apps, None)
    stored = catalogue_from_db()
    assert stored.scope_of("OVBJ", access="RTJ").in_scope  # type: ignore[arg-type]
    assert not stored.scope_of("CKG", access="RTJ").in_scope  # type: ignore[arg-type]
    assert not ScopeExclusion.objects.get(cofinanced_by="Fedasil").modules.exists()  # (names none when shipped)


def test_place_profile_maps_every_field_of_the_capacity_dialogue() -> None:
    """D-4: the place's profile reaches the core as one value."""
    facility = a_facility(region="Limburg", lat=50.93, lon=5.34)
    place = a_place(
        a_unit(facility, module="CKG", access="NRTJ"), age_min=0, age_max=6, genders="FM", short_stay=True,
        vertical=True, ideal_profile=["trauma"], carrying_capacity="Rustige groep", contact="Els (fictief)",
    )
    profile = place_profile(place.ref, today=date(2026, 11, 23))
    assert profile.facility_id == facility.ref
    assert profile.module_type == "CKG"
    assert profile.region is Region.LIMBURG
    assert profile.location == Location(50.93, 5.34)
    assert (profile.age_min, profile.age_max, profile.short_stay, profile.vertical) == (0, 6, True, True)
    assert profile.genders == frozenset({Gender.FEMALE, Gender.MALE})
    assert profile.available_from == date(2027, 3, 1)
    assert profile.carrying_capacity == "Rustige groep"


def test_a_place_without_a_date_is_ranked_as_free_today() -> None:
    place = a_place(status="available", available_from=None)
    assert place_profile(place.ref, today=date(2026, 11, 23)).available_from == date(2026, 11, 23)


def test_an_unknown_place_reference_is_a_clear_error() -> None:
    with pytest.raises(PlaceNotFound, match="no place with reference 'PL-NOPE'"):
        place_profile("PL-NOPE", today=date(2026, 11, 23))


def test_waiting_requests_carry_the_considerations_of_step_three() -> None:
    """D-10: siblings, internal transfer, readmission and crisis overflow survive the round trip."""
    home, other = a_facility(), a_facility()
    request = a_request(
        modules=("OVBJ", "OBC"), siblings=(home,), urgency=1, crisis_overflow=True,
        internal_transfer_facility=home, readmission_facility=other, needs=["trauma", "drugs"],
        youth={"gender": "X", "region": "Brussel", "home_lat": 50.85, "home_lon": 4.35},
    )
    [loaded] = waiting_requests()
    assert loaded.id == request.ref
    assert loaded.module_types == frozenset({"OVBJ", "OBC"})
    assert loaded.sibling_facility_ids == frozenset({home.ref})
    assert (loaded.internal_transfer_facility_id, loaded.readmission_facility_id) == (home.ref, other.ref)
    assert loaded.crisis_overflow and loaded.urgency is Urgency.ACUTE
    assert loaded.gender is Gender.OTHER and loaded.region is Region.BRUSSEL
    assert loaded.home == Location(50.85, 4.35)


def test_only_waiting_requests_are_in_the_pool() -> None:
    """D-6: the pool holds only youths who are really waiting."""
    waiting = a_request()
    a_request(status=RequestStatus.ADMITTED)
    a_request(status=RequestStatus.WITHDRAWN)
    assert load_pool().ids == (waiting.ref,)
