"""Keeping the waiting pool current (D-6): registering, escalating, confirming and withdrawing requests; stale
requests; the facility's RTJ→NRTJ internal transfer (D-19); and the change history of places and requests (D-25)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

import pytest
from django.utils import timezone

from plaatsregie.accounts.models import AuditRecord
from plaatsregie.accounts.roles import PermissionDenied
from plaatsregie.accounts.vocabulary import AuditEvent, Role
from plaatsregie.core.errors import DomainError
from plaatsregie.core.lifecycle import IllegalTransition
from plaatsregie.placement.services.candidates import candidate_list_generate
from plaatsregie.placement.services.capacity import place_make_unavailable, place_reactivate
from plaatsregie.registry.models import Facility, Place
from plaatsregie.waiting.models import Referrer, Request, RequestChange, RequestWithdrawal
from plaatsregie.waiting.pool import load_pool
from plaatsregie.waiting.services import (
    RequestInput,
    request_change,
    request_confirm,
    request_register,
    request_withdraw,
    stale_requests,
)
from tests.integration.factories import a_capacity_report, a_facility, a_place, a_request, a_unit
from tests.integration.personas import Personas, a_user, personas
from tests.integration.placement.observe import nothing_changes

pytestmark = pytest.mark.django_db


@dataclass
class World:
    people: Personas
    facility: Facility
    referrer: Referrer
    other_referrer: Referrer


@pytest.fixture
def world() -> World:
    facility = a_facility(name="De Linde (fictief)")
    referrer = Referrer.objects.create(ref="REF-1", name="OCJ Antwerpen (fictief)", kind="OCJ", region="Antwerpen")
    other = Referrer.objects.create(ref="REF-2", name="SDJ Mechelen (fictief)", kind="SDJ", region="Antwerpen")
    return World(personas(facility, a_facility(name="Het Anker (fictief)"), referrer), facility, referrer, other)


def _input(youth_ref: str = "J-NEW-1", **changes) -> RequestInput:
    values = {"youth_ref": youth_ref, "birth_date": date(2011, 3, 14), "gender": "M", "region": "Antwerpen",
              "module_codes": ["OVBJ"], "urgency": 3, "needs": ["trauma"]}
    return RequestInput(**(values | changes))


def _registered(world: World, **changes) -> Request:
    return request_register(actor=world.people.referrer_user, referrer_id=world.referrer.pk, data=_input(**changes))


def _pool_ids() -> set[str]:
    return set(load_pool().ids)


def test_a_referrer_registers_a_request_that_enters_the_pool(world):
    """D-6, D-10: a referrer registers a request for its own service; it waits, is confirmed today and audited."""
    request = _registered(world)
    assert (request.status, request.urgency, request.referrer, request.last_confirmed_on) == (
        "waiting", 3, world.referrer, timezone.localdate())
    assert list(request.module_types.values_list("code", flat=True)) == ["OVBJ"]
    assert request.ref in _pool_ids()
    assert AuditRecord.objects.filter(event=AuditEvent.REQUEST_REGISTERED.value, object_ref=request.ref).exists()


def test_a_referrer_cannot_register_for_another_referrers_service(world):
    """D-6, D-36: a referrer registers only on behalf of its own service."""
    with nothing_changes(), pytest.raises(PermissionDenied, match="eigen dienst"):
        request_register(actor=world.people.referrer_user, referrer_id=world.other_referrer.pk, data=_input())


@pytest.mark.parametrize(("changes", "message"), [
    ({"module_codes": ["CRISISVERBLIJF"]}, "centrale regie"),
    ({"module_codes": []}, "centrale regie"),
    ({"urgency": 7}, "urgentie"),
    ({"gender": "Q"}, "geldig geslacht"),
    ({"needs": ["flying"]}, "Onbekende nood"),
])
def test_an_invalid_request_is_rejected(world, changes, message):
    """D-2, D-10: a request asks for an in-scope module, with a known urgency, gender and needs."""
    with nothing_changes(), pytest.raises(DomainError, match=message):
        _registered(world, **changes)


def test_a_youth_with_a_waiting_request_cannot_get_a_second_one(world):
    """D-6: one waiting request per youth; a change is passed on to the existing request."""
    _registered(world)
    with nothing_changes(), pytest.raises(IllegalTransition, match="al een wachtende aanmelding"):
        _registered(world, urgency=1)


def test_an_escalation_changes_the_urgency_and_keeps_the_change_and_the_history(world):
    """D-6, D-25: the referrer passes on an escalation with a new urgency: the change is recorded with old and new
    urgency, the request's history keeps both versions, and the request counts as confirmed."""
    request = _registered(world)
    Request.objects.filter(pk=request.pk).update(last_confirmed_on=date(2026, 9, 1))  # no history version
    change = request_change(actor=world.people.referrer_user, request_id=request.pk, kind="escalation",
                            text="Thuis escaleert de situatie; de school meldt verwaarlozing.", new_urgency=1)
    request.refresh_from_db()
    assert (change.kind, change.old_urgency, change.new_urgency, change.by) == (
        "escalation", 3, 1, world.people.referrer_user)
    assert (request.urgency, request.last_confirmed_on) == (1, timezone.localdate())
    assert list(request.history.order_by("history_date", "history_id").values_list("urgency", flat=True)) == [3, 1]
    assert AuditRecord.objects.get(event=AuditEvent.REQUEST_CHANGED.value).old == {"urgency": 3}


def test_a_change_without_urgency_keeps_the_urgency(world):
    """D-6: a stabilisation or new information is kept without touching the urgency."""
    request = _registered(world)
    request_change(actor=world.people.referrer_user, request_id=request.pk, kind="new_information",
                   text="Nieuw verslag van het CLB toegevoegd.")
    request.refresh_from_db()
    assert request.urgency == 3
    assert RequestChange.objects.get(request=request).new_urgency is None


@pytest.mark.parametrize(("kind", "text", "urgency"), [("gossip", "Iets.", None), ("escalation", " ", 1),
                                                       ("escalation", "Erger.", 9)])
def test_a_change_needs_a_known_kind_an_explanation_and_a_valid_urgency(world, kind, text, urgency):
    """D-6: a change says what kind it is and explains itself."""
    request = _registered(world)
    with nothing_changes(), pytest.raises(DomainError):
        request_change(actor=world.people.referrer_user, request_id=request.pk, kind=kind, text=text,
                       new_urgency=urgency)


def test_another_referrer_cannot_change_or_confirm_a_request(world):
    """D-6, D-36: only the request's own referrer (or the team) keeps it current."""
    request = _registered(world)
    outsider = a_user("ivo", Role.REFERRER, referrer=world.other_referrer)
    with nothing_changes(), pytest.raises(PermissionDenied, match="eigen aanmeldingen"):
        request_change(actor=outsider, request_id=request.pk, kind="escalation", text="Erger.", new_urgency=1)
    with nothing_changes(), pytest.raises(PermissionDenied, match="eigen aanmeldingen"):
        request_confirm(actor=outsider, request_id=request.pk)
    with nothing_changes(), pytest.raises(PermissionDenied):
        request_confirm(actor=world.people.facility_user, request_id=request.pk)


def test_a_request_unconfirmed_for_six_weeks_is_stale_until_confirmed(world):
    """D-6: the system surfaces waiting requests nobody confirmed for six weeks; a confirmation clears it."""
    today = timezone.localdate()
    old = _registered(world, youth_ref="J-OLD")
    fresh = _registered(world, youth_ref="J-FRESH")
    Request.objects.filter(pk=old.pk).update(last_confirmed_on=today - timedelta(weeks=6, days=1))
    Request.objects.filter(pk=fresh.pk).update(last_confirmed_on=today - timedelta(weeks=6))
    assert list(stale_requests(today)) == [old]
    request_confirm(actor=world.people.referrer_user, request_id=old.pk)
    assert not stale_requests(today).exists()
    assert AuditRecord.objects.filter(event=AuditEvent.REQUEST_CONFIRMED.value, object_ref=old.ref).exists()


def test_a_request_that_no_longer_waits_is_never_stale(world):
    """D-6: only requests that really wait are in the pool, so only they can be stale."""
    request = _registered(world)
    Request.objects.filter(pk=request.pk).update(last_confirmed_on=date(2025, 1, 1), status="admitted")
    assert not stale_requests().exists()


def test_the_stale_period_is_a_setting(world, settings):
    """D-6: the period after which a request counts as stale is configurable."""
    settings.PLAATSREGIE_STALE_AFTER_DAYS = 7
    request = _registered(world)
    Request.objects.filter(pk=request.pk).update(last_confirmed_on=timezone.localdate() - timedelta(days=8))
    assert list(stale_requests()) == [request]


def test_a_withdrawn_request_leaves_the_pool(world):
    """D-6: a withdrawal with a reason from the list takes the request out of the waiting pool, audited."""
    request = _registered(world)
    withdrawal = request_withdraw(actor=world.people.referrer_user, request_id=request.pk,
                                  reason_code="helped_elsewhere", explanation="Opgenomen in een pleeggezin.")
    assert withdrawal.reason_text == "elders geholpen"
    assert Request.objects.get(pk=request.pk).status == "withdrawn"
    assert request.ref not in _pool_ids()
    assert AuditRecord.objects.filter(event=AuditEvent.REQUEST_WITHDRAWN.value, object_ref=request.ref).exists()
    with nothing_changes(), pytest.raises(IllegalTransition, match="wachtende"):
        request_withdraw(actor=world.people.referrer_user, request_id=request.pk, reason_code="need_ended")


@pytest.mark.parametrize("reason_code", ["", "bored"])
def test_a_withdrawal_without_a_listed_reason_is_refused(world, reason_code):
    """D-6: a request leaves the pool only with a reason from the maintained list."""
    request = _registered(world)
    with nothing_changes(), pytest.raises(DomainError, match="reden van intrekking"):
        request_withdraw(actor=world.people.referrer_user, request_id=request.pk, reason_code=reason_code)
    assert request.ref in _pool_ids()
    assert not RequestWithdrawal.objects.exists()


def test_a_facility_raises_an_rtj_to_nrtj_transfer_as_a_request_in_the_pool(world):
    """D-19, D-10: a facility raises an RTJ→NRTJ internal transfer as a request; it enters the pool, weighed against
    the other urgent requests, and the special situation counts on the facility's own NRTJ place."""
    request = request_register(actor=world.people.facility_user, referrer_id=world.referrer.pk,
                               data=_input(youth_ref="J-RTJ", urgency=2,
                                           internal_transfer_facility_id=world.facility.pk))
    equal = a_request(urgency=2, registered_on=date(2025, 1, 1), referrer=world.referrer)
    pool = load_pool()
    assert request.ref in set(pool.ids)
    assert pool.requests[list(pool.ids).index(request.ref)].internal_transfer_facility_id == world.facility.ref
    place = a_place(a_unit(world.facility), status="occupied", available_from=None)
    cl = candidate_list_generate(actor=world.people.team_member,
                                 report_id=a_capacity_report(world.people.team_member, place).pk)
    assert [e.request for e in cl.entries.order_by("engine_rank")] == [request, equal]


def test_a_facility_cannot_raise_an_internal_transfer_for_another_facility(world):
    """D-19: a facility raises requests only for its own internal transfers."""
    other = Facility.objects.exclude(pk=world.facility.pk).get()
    with nothing_changes(), pytest.raises(PermissionDenied):
        request_register(actor=world.people.facility_user, referrer_id=world.referrer.pk,
                         data=_input(internal_transfer_facility_id=other.pk))
    with nothing_changes(), pytest.raises(PermissionDenied):
        request_register(actor=world.people.facility_user, referrer_id=world.referrer.pk, data=_input())


def test_the_place_history_records_every_status_change_made_by_the_services(world):
    """D-5, D-25: django-simple-history keeps each version of a place: the report, unavailability and reactivation."""
    place = a_place(a_unit(world.facility), status="occupied", available_from=None)
    a_capacity_report(world.people.facility_user, place)
    place_make_unavailable(actor=world.people.facility_user, place_id=place.pk, reason_code="infrastructure_works",
                           until=date(2027, 2, 1))
    place_reactivate(actor=world.people.facility_user, place_id=place.pk, available_from=date(2027, 2, 1))
    versions = list(Place.history.filter(id=place.pk).order_by("history_date", "history_id")
                    .values_list("status", "unavailable_reason__code"))
    changes = [version for before, version in zip([None, *versions], versions, strict=False) if version != before]
    assert changes == [("occupied", None), ("freeing", None), ("unavailable", "infrastructure_works"),
                        ("available", None)]
    assert AuditRecord.objects.filter(event=AuditEvent.PLACE_STATUS_CHANGED.value, object_ref=place.ref).count() == 3
