"""Proof that a refused action changed nothing (D-25): every row of the workflow, before and after."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from django.apps import apps

WATCHED_APPS = ("registry", "waiting", "placement", "accounts")


def snapshot() -> dict[str, Any]:
    """Row counts of every model (history and audit included) and the fields that carry state."""
    from plaatsregie.placement.models import Admission, CapacityReport, Offer
    from plaatsregie.registry.models import Place
    from plaatsregie.waiting.models import Request

    counts = {model._meta.label: model._default_manager.count()
              for label in WATCHED_APPS for model in apps.get_app_config(label).get_models()}
    return counts | {
        "places": list(Place.objects.order_by("pk").values_list(
            "ref", "status", "available_from", "unavailable_reason_id", "unavailable_until")),
        "offers": list(Offer.objects.order_by("pk").values_list("ref", "state", "closed_at")),
        "requests": list(Request.objects.order_by("pk").values_list("ref", "status", "urgency", "last_confirmed_on")),
        "reports": list(CapacityReport.objects.order_by("pk").values_list("ref", "closed_at", "outcome")),
        "admissions": list(Admission.objects.order_by("pk").values_list("ref", "ended_on")),
    }


@contextmanager
def nothing_changes() -> Iterator[None]:
    """Wrap a refused action (inside `pytest.raises`): the database is the same afterwards."""
    before = snapshot()
    yield
    assert snapshot() == before
