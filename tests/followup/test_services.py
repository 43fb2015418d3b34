"""The follow-up services (D-30): who may raise and follow up, the status flow, append-only history."""

from __future__ import annotations

import pytest
from django.db import DatabaseError, transaction
from django.utils import timezone

from plaatsregie.accounts.models import AppendOnlyError, AuditRecord
from plaatsregie.accounts.roles import PermissionDenied
from plaatsregie.accounts.vocabulary import AuditEvent
from plaatsregie.core.errors import DomainError
from plaatsregie.followup import services
from plaatsregie.followup.models import (
    CheckItem,
    CheckItemHandling,
    FacilityNote,
    FollowUpEntry,
    ItemKind,
    Source,
    Status,
)
from plaatsregie.placement.models import Offer
from tests.followup.history import OCTOBER, build
from tests.web.world import Site

pytestmark = pytest.mark.django_db


def _signal(site: Site, actor: object = None, facility: object = None) -> object:
    return services.item_raise(actor=actor or site.people.facility_user,  # type: ignore[arg-type]
                               facility_id=(facility or site.facility).pk,  # type: ignore[attr-defined]
                               subject="Leefgroep onder druk", description="Draagkracht is laag deze maand.")


def test_a_facility_raises_a_signal_owned_by_its_provinces_policy_officer(site: Site) -> None:
    item = _signal(site)
    assert item.status == Status.OPEN and item.source == Source.FACILITY  # type: ignore[attr-defined]
    assert item.owner == site.people.policy_officer  # type: ignore[attr-defined]
    assert [e.kind for e in FollowUpEntry.objects.filter(item=item)] == ["raised"]
    assert AuditRecord.objects.filter(event=AuditEvent.FOLLOWUP_RAISED.value, object_ref=item.ref).exists()  # type: ignore[attr-defined]


@pytest.mark.parametrize("who", ["other_facility_user", "referrer_user", "judge"])
def test_others_may_not_raise_about_this_facility(site: Site, who: str) -> None:
    with pytest.raises(PermissionDenied):
        _signal(site, actor=getattr(site.people, who))


def test_a_policy_officer_raises_only_about_the_own_province(site: Site) -> None:
    assert _signal(site, actor=site.people.policy_officer).source == Source.POLICY  # type: ignore[attr-defined]
    with pytest.raises(PermissionDenied):
        _signal(site, actor=site.other_policy_officer)


def test_the_status_flow_is_recorded_as_entries(site: Site) -> None:
    item = _signal(site)
    officer = site.people.policy_officer
    services.item_follow_up(actor=officer, item_id=item.pk, status=Status.IN_PROGRESS,  # type: ignore[attr-defined]
                            note="Gebeld met de directie.")
    with pytest.raises(DomainError):  # closing needs a word on how
        services.item_follow_up(actor=officer, item_id=item.pk, status=Status.DONE)  # type: ignore[attr-defined]
    services.item_follow_up(actor=officer, item_id=item.pk, status=Status.DONE,  # type: ignore[attr-defined]
                            note="Plan van aanpak afgesproken.")
    with pytest.raises(DomainError):  # done → open is not a step; reopening goes to "in behandeling"
        services.item_follow_up(actor=officer, item_id=item.pk, status=Status.OPEN)  # type: ignore[attr-defined]
    entries = list(FollowUpEntry.objects.filter(item=item).values_list("kind", "status_from", "status_to"))
    assert entries == [("raised", "", "open"), ("status", "open", "in_progress"), ("status", "in_progress", "done")]
    item.refresh_from_db()  # type: ignore[attr-defined]
    assert item.status == Status.DONE  # type: ignore[attr-defined]


def test_only_the_provinces_policy_officer_follows_up(site: Site) -> None:
    item = _signal(site)
    for actor in (site.people.facility_user, site.people.team_member, site.other_policy_officer):
        with pytest.raises(PermissionDenied):
            services.item_follow_up(actor=actor, item_id=item.pk, status=Status.IN_PROGRESS)  # type: ignore[attr-defined]
    # but the facility and the team may add to it
    services.item_note(actor=site.people.team_member, item_id=item.pk, text="Ook bij ons gemeld.")  # type: ignore[attr-defined]
    with pytest.raises(PermissionDenied):
        services.item_note(actor=site.people.other_facility_user, item_id=item.pk, text="?")  # type: ignore[attr-defined]


def test_entries_are_append_only(site: Site) -> None:
    entry = FollowUpEntry.objects.get(item=_signal(site))
    entry.text = "anders"
    with pytest.raises(AppendOnlyError):
        entry.save()
    with pytest.raises(DatabaseError), transaction.atomic():  # the database refuses too
        FollowUpEntry.objects.filter(pk=entry.pk).update(text="anders")


def test_the_team_asks_to_consult_on_a_non_started_case_only(site: Site) -> None:
    with pytest.raises(DomainError):  # the offer is still open: not a non-started case
        services.item_raise(actor=site.people.team_member, facility_id=site.facility.pk, kind=ItemKind.CONSULT,
                            offer_id=site.offer.pk, subject="Overleg", description="Waarom niet gestart?")
    Offer.objects.filter(pk=site.offer.pk).update(state="refused", closed_at=timezone.now())
    with pytest.raises(PermissionDenied):  # a facility does not ask this of facility policy
        services.item_raise(actor=site.people.facility_user, facility_id=site.facility.pk, kind=ItemKind.CONSULT,
                            offer_id=site.offer.pk, subject="Overleg", description="?")
    item = services.item_raise(actor=site.people.team_member, facility_id=site.facility.pk, kind=ItemKind.CONSULT,
                               offer_id=site.offer.pk, subject="Overleg", description="Waarom niet gestart?")
    assert item.offer == site.offer and item.source == Source.TEAM


def test_facility_notes_are_kept_by_team_and_policy_not_by_the_facility(site: Site) -> None:
    services.facility_note_record(actor=site.people.team_member, facility_id=site.facility.pk, topic="strengths",
                                  text="Sterk in crisisopvang.")
    with pytest.raises(PermissionDenied):
        services.facility_note_record(actor=site.people.facility_user, facility_id=site.facility.pk,
                                      topic="working", text="?")
    assert FacilityNote.objects.count() == 1


def test_check_items_are_handled_by_the_provinces_policy_officer_with_history(site: Site) -> None:
    history = build(site.people.facility_user)
    services.monthly_check_generate(OCTOBER, [history.odd.pk])
    item = CheckItem.objects.filter(monthly_check__facility=history.odd).first()
    assert item is not None
    with pytest.raises(PermissionDenied):
        services.check_item_handle(actor=site.other_policy_officer, item_id=item.pk, action="clarify", note="?")
    with pytest.raises(PermissionDenied):
        services.check_item_handle(actor=site.people.facility_user, item_id=item.pk, action="clarify", note="?")
    services.check_item_handle(actor=site.people.policy_officer, item_id=item.pk, action="clarify",
                               note="Verduidelijking gevraagd.")
    services.check_item_handle(actor=site.people.policy_officer, item_id=item.pk, action="discuss",
                               note="Toch nog bespreken.", handled=False)
    assert list(CheckItemHandling.objects.filter(item=item).values_list("action", "handled")) == [
        ("clarify", True), ("discuss", False)]
