"""The monthly capacity registration check (D-30) on a hand-made October 2026."""

from __future__ import annotations

from datetime import date

import pytest

from plaatsregie.followup import checks
from plaatsregie.followup.models import CheckItem, CheckKind, MonthlyCheck
from plaatsregie.followup.services import monthly_check_generate
from tests.followup.history import OCTOBER, build
from tests.web.world import Site

pytestmark = pytest.mark.django_db


def test_a_clean_facility_has_nothing_to_check(site: Site) -> None:
    history = build(site.people.facility_user)
    assert checks.findings(OCTOBER, [history.clean.pk]) == []


def test_each_anomaly_kind_is_found(site: Site) -> None:
    history = build(site.people.facility_user)
    found = {(f.kind, f.subject_ref): f for f in checks.findings(OCTOBER, [history.odd.pk])}
    p = {name: place.ref for name, place in history.places.items()}
    expected = {
        (CheckKind.UNAVAILABLE_TOO_LONG, p["long"]),
        (CheckKind.UNAVAILABLE_NO_VALID_REASON, p["retired"]),
        (CheckKind.UNAVAILABLE_NO_VALID_REASON, p["expired"]),
        (CheckKind.OCCUPIED_WITHOUT_ADMISSION, p["ghost"]),
        (CheckKind.ADMISSION_ON_FREE, p["free_but_stay"]),
        (CheckKind.ADMISSION_ON_UNAVAILABLE, p["unavailable_but_stay"]),
        (CheckKind.LOW_OCCUPANCY, history.odd.ref),
    }
    assert set(found) == expected
    # 1/8 → 31/10: 91 days unavailable; November's reactivation does not count for October
    assert found[(CheckKind.UNAVAILABLE_TOO_LONG, p["long"])].figures["days"] == 91
    # two stays run all October: 2 × 31 occupied place-days over 6 places × 31 days
    assert found[(CheckKind.LOW_OCCUPANCY, history.odd.ref)].figures["occupancy"] == round(62 / 186, 3)


def test_a_place_unavailable_for_exactly_the_limit_is_not_structural(site: Site, settings: object) -> None:
    history = build(site.people.facility_user)
    settings.PLAATSREGIE_CHECK_UNAVAILABLE_DAYS = 91  # type: ignore[attr-defined]
    kinds = {f.kind for f in checks.findings(OCTOBER, [history.odd.pk])}
    assert CheckKind.UNAVAILABLE_TOO_LONG not in kinds


def test_non_started_offers_of_the_month_are_one_item_per_facility(site: Site) -> None:
    history = build(site.people.facility_user, refused_offer=site.offer)
    found = [f for f in checks.findings(OCTOBER, [site.facility.pk, history.odd.pk])
             if f.kind is CheckKind.NOT_STARTED]
    assert [(f.subject_ref, f.figures["offers"]) for f in found] == [(site.facility.ref, [site.offer.ref])]
    september = checks.findings(date(2026, 9, 1), [site.facility.pk])
    assert all(f.kind is not CheckKind.NOT_STARTED for f in september)


def test_generating_twice_adds_nothing_and_keeps_what_was_found(site: Site) -> None:
    history = build(site.people.facility_user)
    ids = [history.clean.pk, history.odd.pk]
    first = monthly_check_generate(OCTOBER, ids)
    items = set(CheckItem.objects.values_list("pk", "kind", "subject_ref"))
    again = monthly_check_generate(OCTOBER, ids)
    assert [c.pk for c in first] == [c.pk for c in again]
    assert set(CheckItem.objects.values_list("pk", "kind", "subject_ref")) == items
    assert MonthlyCheck.objects.count() == 2 and len(items) == 7
    assert not CheckItem.objects.filter(monthly_check__facility=history.clean).exists()
