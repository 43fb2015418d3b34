"""Seeding replays the planned history through the services; a step may need a request the plan registers later
(seen with `seed --scale 10x`): it is written at once, and not a second time when its registration day comes."""

from __future__ import annotations

from datetime import date, datetime, time

import pytest

from plaatsregie.registry.mapping import catalogue_from_db
from plaatsregie.synth import generate
from plaatsregie.synth.history import plan_history
from plaatsregie.waiting.models import Request
from plaatsregie.web.history import Replay
from plaatsregie.web.seed_actors import seed_actors_ensure
from plaatsregie.web.seed_clock import seed_clock
from plaatsregie.web.seeding import write_supply

pytestmark = pytest.mark.django_db


def test_a_request_needed_before_its_registration_day_is_written_once() -> None:
    world = generate("small", 1, date(2026, 11, 23))
    catalogue = catalogue_from_db()
    plan = plan_history(world, 0, catalogue)
    lookups = write_supply(world, catalogue)
    first = plan.events[0].at if plan.events else datetime.combine(plan.today, time(8))
    with seed_clock(first) as clock:
        actors = seed_actors_ensure(lookups.facilities.values(), lookups.referrers.values(), joined=clock.now())
        replay = Replay(world, plan, lookups, actors, clock, catalogue)
        latest = replay.pending[-1]
        assert latest.registered_on > replay.today()  # not due yet on the replay's clock
        pk = replay.pk_of(latest.id)
        assert Request.objects.get(pk=pk).ref == latest.id
        replay.register_until(plan.today)
    assert Request.objects.filter(ref=latest.id).count() == 1
    assert Request.objects.count() == len(replay.pending)
