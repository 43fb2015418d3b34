"""`plaatsregie seed --history-years` and `plaatsregie demo`: a consistent world, written through the services.

The world is seeded once for the module (twice, to compare), committed, and removed afterwards.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime, time, timedelta
from io import StringIO

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command
from django.db.models import Count, Q
from django.utils import timezone
from pytest_django.fixtures import Settings
from pytest_django.plugin import DjangoDbBlocker

from plaatsregie.accounts.models import AuditRecord, Membership
from plaatsregie.accounts.vocabulary import Role
from plaatsregie.core.types import Access
from plaatsregie.placement.models import (
    Admission,
    CandidateList,
    CandidateListAdoption,
    Offer,
    OfferAnswer,
    RefusalReason,
    RefusalReview,
)
from plaatsregie.registry.mapping import catalogue_from_db
from plaatsregie.registry.models import Place
from plaatsregie.waiting.models import Request, RequestChange, RequestStatus, RequestWithdrawal
from plaatsregie.web.demo_users import DEMO_PASSWORD
from plaatsregie.web.seed_actors import PREFIX
from plaatsregie.web.seeding import clear_domain

TODAY = date(2026, 11, 23)
Fingerprint = tuple[list[tuple[object, ...]], list[tuple[object, ...]]]
AGREED = ("agreed", "agreed_with_conditions")


def fingerprint() -> Fingerprint:
    offers = list(Offer.objects.order_by("ref").values_list(
        "ref", "request__ref", "place__ref", "state", "offered_at", "candidate_list__ref"))
    admissions = list(Admission.objects.order_by("ref").values_list(
        "ref", "place__ref", "request__ref", "offer__ref", "start_on", "ended_on", "discharge_announced"))
    return offers, admissions


def seed() -> None:
    call_command("seed", scale="small", seed=3, today=TODAY, history_years=1, replace=True, stdout=StringIO())


@pytest.fixture(scope="module")
def first_fingerprint(django_db_setup: None, django_db_blocker: DjangoDbBlocker) -> Iterator[Fingerprint]:
    """Seed twice with the same seed; yield the first run's offers and admissions, keep the second run's data."""
    with django_db_blocker.unblock():
        seed()
        first = fingerprint()
        seed()
        yield first
        clear_domain()
        User.objects.filter(username__startswith=PREFIX).delete()


pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("first_fingerprint")]


def in_scope(place: Place) -> bool:
    unit = place.unit
    return catalogue_from_db().scope_of(unit.module_type.code, Access(unit.access), unit.cofinanced_by or None).in_scope


def test_every_occupied_in_scope_place_has_exactly_one_active_admission() -> None:
    """D-1a, D-20: occupied and freeing places hold a stay; out-of-scope places are not placed centrally (D-2)."""
    places = Place.objects.select_related("unit__module_type").annotate(
        active=Count("admissions", filter=Q(admissions__ended_on__isnull=True)))
    checked = 0
    for place in places:
        if not in_scope(place):
            assert place.active == 0, place.ref
        elif place.status in ("occupied", "freeing"):
            assert place.active == 1, place.ref
            checked += 1
        else:
            assert place.active == 0, place.ref
    assert checked > 200


def test_every_admission_has_an_agreed_offer_or_is_internal_flow() -> None:
    """D-1a, D-19: no admission without its agreed offer and the facility's answer."""
    for admission in Admission.objects.select_related("offer__answer"):
        if admission.internal_flow:
            continue
        assert admission.offer is not None, admission.ref
        assert admission.offer.state in AGREED
        assert admission.offer.answer.outcome == admission.offer.state


def test_a_reserved_place_has_one_agreement_waiting_for_its_start() -> None:
    for place in Place.objects.filter(status="reserved").select_related("unit__module_type"):
        if in_scope(place):
            assert place.offers.filter(state__in=AGREED, closed_at__isnull=True).count() == 1, place.ref


def test_no_request_is_both_waiting_and_admitted() -> None:
    """D-6: the waiting pool holds only youths who are really waiting."""
    assert not Request.objects.filter(status=RequestStatus.WAITING, admissions__isnull=False).exists()
    active = Admission.objects.filter(ended_on__isnull=True).values_list("request_id", flat=True)
    assert not Request.objects.filter(pk__in=active).exclude(status=RequestStatus.ADMITTED).exists()
    assert Request.objects.filter(status=RequestStatus.WAITING).count() > 150


def test_history_has_adopted_lists_motivated_refusals_and_reviews() -> None:
    """D-11, D-13, D-14: lists adopted by two members, refusals with a catalogue reason, each one reviewed."""
    assert CandidateList.objects.count() >= 30
    listed = CandidateList.objects.filter(entries__isnull=False).values("pk").distinct()  # (json has no equality)
    assert CandidateListAdoption.objects.count() == listed.count()
    assert Offer.objects.filter(candidate_list__isnull=False, admission__isnull=False).count() >= 20
    refusals = OfferAnswer.objects.filter(outcome="refused")
    assert refusals.count() >= 5
    codes = set(RefusalReason.objects.values_list("code", flat=True))
    for refusal in refusals:
        assert refusal.reason is not None and refusal.reason.code in codes
        assert len(refusal.motivation) >= 20
    assert RefusalReview.objects.count() == refusals.count()
    assert RefusalReview.objects.filter(verdict="argument_followed").count() > RefusalReview.objects.filter(
        verdict="argument_not_followed").count()


def test_history_keeps_the_pool_current_and_frees_places() -> None:
    """D-6, D-20: changes, withdrawals with a reason, and discharges, announced or not."""
    assert RequestChange.objects.exists()
    assert RequestWithdrawal.objects.exclude(reason_text="").exists()
    ended = Admission.objects.filter(ended_on__isnull=False)
    assert ended.filter(discharge_announced=True).exists() and ended.filter(discharge_announced=False).exists()


def test_every_recorded_moment_comes_from_the_plan_not_the_wall_clock() -> None:
    """The services ran on the seeding clock: nothing is stamped after the chosen today."""
    end = timezone.make_aware(datetime.combine(TODAY + timedelta(days=1), time()))
    assert not AuditRecord.objects.filter(at__gte=end).exists()
    assert not Offer.objects.filter(offered_at__gte=end).exists()
    assert AuditRecord.objects.filter(at__lt=end - timedelta(days=300)).exists()


def test_the_same_seed_gives_the_same_offers_and_admissions(first_fingerprint: Fingerprint) -> None:
    assert fingerprint() == first_fingerprint


def test_demo_creates_a_user_for_every_role(settings: Settings) -> None:
    """The demo users: one per role, the facility's team, lead and policy officer in its region."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    out = StringIO()
    call_command("demo", stdout=out)
    roles = {m.user.username: m for m in Membership.objects.select_related("user", "facility", "referrer")
             if not m.user.username.startswith(PREFIX)}
    assert {name: m.role for name, m in roles.items()} == {
        "beheerder": Role.ADMIN, "voorziening": Role.FACILITY, "teamlid1": Role.PLACEMENT_TEAM,
        "teamlid2": Role.PLACEMENT_TEAM, "leidinggevende": Role.TEAM_LEAD, "aanmelder": Role.REFERRER,
        "beleid": Role.POLICY_OFFICER, "jeugdrechter": Role.JUDGE,
    }
    region = roles["voorziening"].facility.region  # type: ignore[union-attr]
    for name in ("teamlid1", "teamlid2", "leidinggevende", "beleid"):
        assert roles[name].region == region
    assert roles["aanmelder"].referrer.region == region  # type: ignore[union-attr]
    assert User.objects.get(username="beheerder").is_superuser
    assert User.objects.get(username="teamlid1").check_password(DEMO_PASSWORD)
    assert DEMO_PASSWORD in out.getvalue()
