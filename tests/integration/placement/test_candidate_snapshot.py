"""A generated candidate list freezes the waiting pool it was ranked on (D-25), compactly, and gives it back."""

from __future__ import annotations

import pytest

from plaatsregie.core.contract import request_to_json
from plaatsregie.core.snapshot import snapshot_requests
from plaatsregie.placement.models import CandidateList
from plaatsregie.waiting.models import Referrer
from plaatsregie.waiting.pool import load_pool
from tests.integration.factories import a_facility, a_place, a_request, a_unit
from tests.integration.personas import personas
from tests.integration.placement.flow import adopted_list

pytestmark = pytest.mark.django_db


def test_a_candidate_list_keeps_the_pool_it_was_ranked_on():
    """D-25: the stored snapshot reads back as the pool's rank-file rows, whichever database stored it."""
    facility = a_facility()
    referrer = Referrer.objects.create(ref="REF-1", name="OCJ Antwerpen (fictief)", kind="OCJ", region="Antwerpen")
    people = personas(facility, a_facility(), referrer)
    a_request(urgency=1, referrer=referrer, needs=["trauma"], crisis_overflow=True, siblings=(facility,))
    a_request(urgency=3, youth={"home_lat": None, "home_lon": None})
    a_request(modules=("OBC", "OVBJ"), urgency=2)
    expected = [request_to_json(r) for r in load_pool().requests]
    cl = adopted_list(people, a_place(a_unit(facility), status="occupied", available_from=None))
    assert snapshot_requests(CandidateList.objects.get(pk=cl.pk).pool_snapshot) == expected
