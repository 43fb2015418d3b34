"""The fast read paths of ranking stay exact: the module catalogue follows every change at once, the pool's rows
keep their primary keys, and a candidate list frozen in the older snapshot format still reads back."""

from __future__ import annotations

import json
from datetime import date

import pytest

from plaatsregie.core.contract import request_to_json
from plaatsregie.core.modules import Scope
from plaatsregie.core.pool import PoolColumns
from plaatsregie.core.snapshot import pool_snapshot, snapshot_requests
from plaatsregie.registry import models as registry
from plaatsregie.registry.mapping import catalogue_from_db, place_profile
from plaatsregie.waiting.models import Request, RequestStatus
from plaatsregie.waiting.pool import load_pool, load_pool_with_keys
from tests.integration.factories import a_facility, a_place, a_request, a_unit

pytestmark = pytest.mark.django_db


def test_the_catalogue_follows_a_change_of_a_module_at_once() -> None:
    """D-2: the catalogue value is shared between calls, yet a changed scope counts from the next call on."""
    assert catalogue_from_db().scope_of("OBC").in_scope
    registry.ModuleType.objects.filter(code="OBC").update(scope=Scope.EXCLUDED.value)  # no signal is sent
    decision = catalogue_from_db().scope_of("OBC")
    assert decision.scope is Scope.EXCLUDED
    registry.ModuleType.objects.filter(code="OBC").update(scope=Scope.IN_SCOPE.value)
    assert catalogue_from_db().scope_of("OBC").in_scope


def test_the_catalogue_follows_a_new_exclusion_and_its_modules() -> None:
    """D-2: an exclusion added, given modules, narrowed and removed counts at once."""
    assert catalogue_from_db().scope_of("OIOC", cofinanced_by="Provincie").in_scope
    exclusion = registry.ScopeExclusion.objects.create(cofinanced_by="Provincie", reason="Provinciaal gefinancierd")
    assert catalogue_from_db().scope_of("OIOC", cofinanced_by="Provincie").reason == "Provinciaal gefinancierd"
    exclusion.modules.set(registry.ModuleType.objects.filter(code="OBC"))  # m2m rows only: no save of the row
    assert catalogue_from_db().scope_of("OIOC", cofinanced_by="Provincie").in_scope
    assert not catalogue_from_db().scope_of("OBC", cofinanced_by="Provincie").in_scope
    exclusion.delete()
    assert catalogue_from_db().scope_of("OBC", cofinanced_by="Provincie").in_scope


def test_a_shared_catalogue_cannot_be_changed_by_a_caller() -> None:
    catalogue = catalogue_from_db()
    with pytest.raises(TypeError):
        catalogue.modules["OBC"] = catalogue.modules["OVBJ"]  # type: ignore[index]


def test_a_place_profile_follows_a_change_of_its_place() -> None:
    """D-4: the compiled place query takes each reference as its argument; nothing of one place sticks."""
    first = a_place(a_unit(a_facility(region="Limburg"), module="CKG"), age_min=0, age_max=6, vertical=None)
    second = a_place(ideal_profile=["trauma", "drugs"], vertical=False, short_stay=True)
    assert place_profile(first.ref, date(2026, 11, 23)).module_type == "CKG"
    profile = place_profile(second.ref, date(2026, 11, 23))
    assert (profile.module_type, profile.vertical, profile.short_stay) == ("OVBJ", False, True)
    assert {need.value for need in profile.ideal_profile} == {"trauma", "drugs"}
    assert place_profile(first.ref, date(2026, 11, 23)).vertical is None
    registry.Place.objects.filter(pk=first.pk).update(age_max=7)
    assert place_profile(first.ref, date(2026, 11, 23)).age_max == 7


def test_each_pool_row_keeps_the_primary_key_of_its_request() -> None:
    """Candidate entries point at the request of their row without asking the database again."""
    home = a_facility()
    requests = [a_request(modules=("OVBJ", "OBC"), siblings=(home,)), a_request(), a_request(modules=())]
    a_request(status=RequestStatus.ADMITTED)
    pool, pks = load_pool_with_keys()
    assert len(pks) == len(pool) == 3
    assert {pool.ids[row]: pk for row, pk in enumerate(pks)} == {r.ref: r.pk for r in requests}
    assert dict(Request.objects.filter(pk__in=pks).values_list("pk", "ref")) == dict(zip(pks, pool.ids, strict=True))
    by_ref = {r.id: r for r in pool.requests}
    assert by_ref[requests[0].ref].module_types == frozenset({"OVBJ", "OBC"})
    assert by_ref[requests[0].ref].sibling_facility_ids == frozenset({home.ref})
    assert by_ref[requests[2].ref].module_types == frozenset()


def test_a_snapshot_in_the_first_format_still_reads_back() -> None:
    """D-25: lists frozen before the compact format (every per-row column a list) read back unchanged."""
    a_request(urgency=1, needs=["trauma"], crisis_overflow=True)
    a_request(youth={"home_lat": None, "home_lon": None})
    pool = load_pool()
    expected = [request_to_json(r) for r in pool.requests]
    current = json.loads(json.dumps(pool_snapshot(pool.columns)))
    first_format = current | {
        "format": "pool-columns/1", "youth_ids": [r["youth_id"] for r in expected],
        "birth_dates": [r["birth_date"] for r in expected], "registered_on": [r["registered_on"] for r in expected],
        "home_lat": [r["home"] and r["home"]["lat"] for r in expected],
        "home_lon": [r["home"] and r["home"]["lon"] for r in expected],
    }
    assert snapshot_requests(first_format) == expected
    assert snapshot_requests(current) == expected


def test_a_snapshot_keeps_text_with_a_line_break_as_a_list() -> None:
    columns = PoolColumns.of(load_pool().requests)
    assert len(columns) == 0
    odd = a_request(youth={"ref": "J-with\nbreak"})
    pool = load_pool()
    snapshot = json.loads(json.dumps(pool_snapshot(pool.columns)))
    assert snapshot["youth_ids"] == ["J-with\nbreak"]
    assert [r["youth_id"] for r in snapshot_requests(snapshot)] == [odd.youth.ref]
