"""`seed_world`: a synthetic Flanders and its planned history into the database, all or nothing."""

from __future__ import annotations

from datetime import datetime, time

from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone

from plaatsregie.core.lifecycle import OfferState
from plaatsregie.placement import models as placement
from plaatsregie.registry import models as registry
from plaatsregie.registry.mapping import catalogue_from_db
from plaatsregie.synth import SyntheticFlanders
from plaatsregie.synth.history import plan_history
from plaatsregie.waiting import models as waiting
from plaatsregie.web.history import Replay
from plaatsregie.web.history_vacancy import process_for
from plaatsregie.web.seed_actors import seed_actors_ensure
from plaatsregie.web.seed_clock import seed_clock
from plaatsregie.web.seeding import write_supply


@transaction.atomic
def seed_world(world: SyntheticFlanders, history_years: int = 0) -> dict[str, int]:
    """Write the world, replay its plan through the services and return what was written, by kind."""
    catalogue = catalogue_from_db()
    plan = plan_history(world, history_years, catalogue)
    lookups = write_supply(world, catalogue)
    first = plan.events[0].at if plan.events else datetime.combine(plan.today, time(8))
    _places_exist_since(first)
    with seed_clock(first) as clock:
        actors = seed_actors_ensure(lookups.facilities.values(), lookups.referrers.values(), joined=clock.now())
        Replay(world, plan, lookups, actors, clock, catalogue).run(process_for)
    return summary()


def _places_exist_since(first: datetime) -> None:
    """A creation record ('+') in each place's change history at the start of the replay (bulk writes skip the
    history): monitoring reads a place's status per day from that history (issue 6)."""
    at = timezone.make_aware(first) if timezone.is_naive(first) else first
    registry.Place.history.bulk_history_create(
        list(registry.Place.objects.all()), default_date=at, batch_size=1000)


def summary() -> dict[str, int]:
    """Counts of what the database holds, for the command's report."""
    offers = placement.Offer.objects.aggregate(
        offers=Count("id"), refused=Count("id", filter=Q(state=OfferState.REFUSED.value)),
        from_lists=Count("id", filter=Q(candidate_list__isnull=False)))
    return {
        "facilities": registry.Facility.objects.count(),
        "places": registry.Place.objects.count(),
        "requests": waiting.Request.objects.count(),
        "waiting": waiting.Request.objects.filter(status=waiting.RequestStatus.WAITING).count(),
        "withdrawn": waiting.Request.objects.filter(status=waiting.RequestStatus.WITHDRAWN).count(),
        "request changes": waiting.RequestChange.objects.count(),
        "capacity reports": placement.CapacityReport.objects.count(),
        "candidate lists": placement.CandidateList.objects.count(),
        "offers": offers["offers"],
        "offers from a list": offers["from_lists"],
        "refusals": offers["refused"],
        "reviews": placement.RefusalReview.objects.count(),
        "mandate steps": placement.MandateDecision.objects.count(),
        "collective cases": placement.CollectiveCase.objects.count(),
        "admissions": placement.Admission.objects.count(),
        "current stays": placement.Admission.objects.filter(ended_on__isnull=True).count(),
    }
