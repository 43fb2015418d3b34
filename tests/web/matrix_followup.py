"""The follow-up pages (D-30): the team follows every facility, a policy officer the province's, a facility
itself; another province's or facility's object is 404."""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from plaatsregie.followup.services import item_raise
from plaatsregie.placement.models import Offer
from tests.web.matrix import TEAM, case
from tests.web.world import Site

FOLLOWERS = (*TEAM, "facility", "other_facility", "policy_officer", "other_policy_officer")


def _item(site: Site) -> dict[str, Any]:
    item = item_raise(actor=site.people.facility_user, facility_id=site.facility.pk, subject="Personeelstekort",
                      description="Twee plaatsen tijdelijk dicht.")
    return {"ref": item.ref}


def _not_started(site: Site) -> dict[str, Any]:
    Offer.objects.filter(pk=site.offer.pk).update(state="refused", closed_at=timezone.now())
    return {"ref": site.offer.ref}


CASES = {
    "followup:items": case(*FOLLOWERS),
    "followup:raise": case(*FOLLOWERS),
    "followup:intensive": case(*FOLLOWERS),
    "followup:not_started": case(*TEAM),
    "followup:consult": case(*TEAM, kwargs=_not_started),
    "followup:item": case(*TEAM, "facility", "policy_officer", kwargs=_item,
                          hidden=("other_facility", "other_policy_officer")),
    "followup:facility": case(*TEAM, "facility", "policy_officer", kwargs=lambda site: {"ref": site.facility.ref},
                              hidden=("other_facility", "other_policy_officer")),
    "followup:checks": case("facility", "other_facility", "policy_officer", "other_policy_officer"),
    "followup:check": case("facility", "policy_officer",
                           kwargs=lambda site: {"ref": site.facility.ref, "month": f"{timezone.localdate():%Y-%m}"},
                           hidden=("other_facility", "other_policy_officer")),
    "followup:handle": case("policy_officer", "other_policy_officer", kwargs=lambda site: {"pk": 1}, ok=405),
    "followup:report": case(*TEAM, "policy_officer", "other_policy_officer", "admin"),
}
