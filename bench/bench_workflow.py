"""Benchmark: the placement workflow's writes on a seeded `flanders` database (D-29: must not slow placement down).

(a) `candidate_list_generate` for a capacity report: rank the waiting pool, freeze the list with its policy,
    place and pool snapshots, entries and explanations (D-10, D-11, D-25) — target ≤ 100 ms median;
(b) `offer_answer`: the facility records its answer — agreed, agreed with conditions, refused in turn (D-13) —
    target ≤ 20 ms median.

Each run reports a place and prepares what the measured call needs, untimed, inside a transaction that is rolled
back afterwards: the database stays as seeded. Seeds `flanders` (seed 1) when the database holds no facilities;
creates its own users (`bench-…`, no usable password) once.

    .venv/bin/python bench/bench_workflow.py                                         # PostgreSQL (default URL)
    .venv/bin/python bench/bench_workflow.py --database-url sqlite:///var/bench.sqlite3
"""

from __future__ import annotations

import argparse
import os
import statistics
import time
from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

from _django_setup import POSTGRES, pool_changed, prepare, setup

TARGETS_MS = {"generate": 100.0, "answer": 20.0}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--database-url", default=POSTGRES)
    parser.add_argument("--runs", type=int, default=30, help="measured runs per figure (at least 20)")
    parser.add_argument("--reseed", action="store_true", help="seed again even if data is there")
    args = parser.parse_args()
    setup(args.database_url)
    prepare(args.reseed)
    bench = Workflow(runs=max(args.runs, 20))
    bench.sizes()
    bench.warm_pool_cache()
    bench.report("generate", "candidate_list_generate (generate + freeze), pool unchanged since it was cached",
                 bench.generate(changed=False))
    bench.report("generate", "candidate_list_generate (generate + freeze), a request changed just before "
                 "(PostgreSQL: the changed requests read again into the cached pool; cached again)",
                 bench.generate(changed=True))
    bench.report("generate", "candidate_list_generate (generate + freeze), a facility renamed just before "
                 "(rare: the whole pool read from the tables; cached again)", bench.generate(changed=True, whole=True))
    bench.report("answer", "offer_answer (agreed / with conditions / refused in turn)", bench.answer())


def _user(username: str, role: Any, **scope: Any) -> Any:
    from django.contrib.auth.models import User

    from plaatsregie.accounts.models import Membership

    user, created = User.objects.get_or_create(username=username, defaults={"email": f"{username}@bench.invalid"})
    if created:
        user.set_unusable_password()
        user.save()
        Membership.objects.create(user=user, role=role.value, **scope)
    return user


class Workflow:
    """The places, people and steps the benchmark uses; every measured run is rolled back."""

    def __init__(self, runs: int) -> None:
        from plaatsregie.accounts.vocabulary import Role
        from plaatsregie.registry.models import Place

        self.team = [_user(f"bench-team-{n}", Role.PLACEMENT_TEAM) for n in (1, 2)]
        free = Place.objects.filter(status__in=["occupied", "available"],
                                    unit__module_type__scope="in_scope", unit__cofinanced_by="",
                                    capacity_reports__isnull=True, unit__access="NRTJ")
        self.places = list(free.select_related("unit__facility").order_by("ref")[:runs])
        self.facility_users = {p.unit.facility_id: _user(f"bench-facility-{p.unit.facility.ref}", Role.FACILITY,
                                                         facility=p.unit.facility) for p in self.places}
        self.free_on = date.today() + timedelta(days=14)

    def sizes(self) -> None:
        from django.db import connection

        from plaatsregie.registry.models import Facility, Place
        from plaatsregie.waiting.models import Request

        print(f"database: {connection.vendor}; {Facility.objects.count()} facilities, {Place.objects.count()} "
              f"places, {Request.objects.filter(status='waiting').count()} waiting requests; "
              f"{len(self.places)} places × 1 run each; load average {os.getloadavg()[0]:.2f} "
              f"on {os.cpu_count()} CPUs (other work on the machine inflates the figures)")

    def _report(self, place: Any) -> Any:
        from plaatsregie.placement.services.capacity import PlaceDialogue, capacity_announce

        return capacity_announce(actor=self.team[0], place_id=place.pk, expected_free_on=self.free_on,
                                 dialogue=PlaceDialogue(age_min=place.age_min, age_max=place.age_max,
                                                        genders=place.genders))

    def _adopted(self, place: Any) -> Any:
        from plaatsregie.placement.services.candidates import (
            approvals_needed,
            candidate_list_approve,
            candidate_list_generate,
        )

        cl = candidate_list_generate(actor=self.team[0], report_id=self._report(place).pk)
        for member in self.team[:approvals_needed(cl)]:  # a D-3 flow may adopt a list on one approval
            candidate_list_approve(actor=member, list_id=cl.pk, argumentation="Benchmark.")
        return cl

    def warm_pool_cache(self) -> None:
        """Load the waiting pool once, committed, so the cache row holds it (waiting.pool_cache)."""
        from plaatsregie.waiting.pool import load_pool_cached

        load_pool_cached()
        load_pool_cached()

    def generate(self, changed: bool, whole: bool = False) -> list[tuple[float, int, Any]]:
        """`changed`: a waiting request is written just before (untimed, committed), so the cached pool is stale —
        what follows an offer, an answer or a new request; the call reads the requests changed since the pool was
        cached (each run is rolled back, so they add up over the runs) and stores it again. `whole`: a facility is
        renamed instead, and the whole pool is read from the tables."""
        from plaatsregie.placement.services.candidates import candidate_list_generate

        def run(place: Any) -> Callable[[], Any]:
            report = self._report(place)
            return lambda: candidate_list_generate(actor=self.team[0], report_id=report.pk)

        return self._each_place(run, lambda cl: cl.entries.count(),
                                before=(lambda: pool_changed(whole)) if changed else None)

    def answer(self) -> list[tuple[float, int, Any]]:
        from plaatsregie.core.lifecycle import OfferOutcome
        from plaatsregie.placement.services.offers import Condition, offer_answer, offer_make

        condition = Condition(kind="support", description="Extra begeleiding de eerste maand", owner="Voorziening",
                              due_on=self.free_on)
        answers: list[dict[str, Any]] = [
            {"outcome": OfferOutcome.AGREED},
            {"outcome": OfferOutcome.AGREED_WITH_CONDITIONS, "conditions": [condition]},
            {"outcome": OfferOutcome.REFUSED, "reason_code": "group_composition",
             "motivation": "De groep draagt vandaag geen bijkomende jongere met deze noden."},
        ]

        def run(place: Any) -> Callable[[], Any]:
            offer = offer_make(actor=self.team[0], list_id=self._adopted(place).pk, why="Benchmark.")
            answer = answers[self.places.index(place) % len(answers)]
            user = self.facility_users[place.unit.facility_id]
            return lambda: offer_answer(actor=user, offer_id=offer.pk, **answer)

        return self._each_place(run, lambda answer: answer.outcome)

    def _each_place(self, prepare: Callable[[Any], Callable[[], Any]], describe: Callable[[Any], Any],
                    before: Callable[[], None] | None = None) -> list[tuple[float, int, Any]]:
        """One rolled-back run per place (after `before`, committed); a place whose preparation the workflow
        refuses (no candidate) is left out."""
        from plaatsregie.core.errors import DomainError

        runs = []
        for place in self.places:
            if before is not None:
                before()
            try:
                runs.append(self._rolled_back(prepare, place, describe))
            except DomainError as error:
                print(f"  skipped {place.ref}: {error}")
        return runs

    def _rolled_back(self, prepare: Callable[[Any], Callable[[], Any]], place: Any,
                     describe: Callable[[Any], Any]) -> tuple[float, int, Any]:
        """Prepare (untimed), time the call and count its queries, describe its result; then roll it all back."""
        from django.db import connection, transaction

        queries = []

        def count(execute: Callable[..., Any], *args: Any) -> Any:
            queries.append(1)
            return execute(*args)

        with transaction.atomic():
            call = prepare(place)
            with connection.execute_wrapper(count):
                started = time.perf_counter()
                result = call()
                elapsed = (time.perf_counter() - started) * 1000
            description = describe(result)
            transaction.set_rollback(True)
        return elapsed, len(queries), description

    def report(self, key: str, title: str, runs: list[tuple[float, int, Any]]) -> None:
        times = [ms for ms, _, _ in runs]
        median, target = statistics.median(times), TARGETS_MS[key]
        verdict = "met" if median <= target else "MISSED"
        print(f"{title}: median {median:.1f} ms, p90 {_p90(times):.1f} ms over {len(times)} runs; "
              f"{statistics.median(q for _, q, _ in runs):.0f} queries per call (median); "
              f"target ≤ {target:.0f} ms median: {verdict}")
        labels = sorted({label for _, _, label in runs}, key=lambda label: (str(type(label)), label))
        if all(isinstance(label, int) for label in labels):
            print(f"  candidates per list: {labels[0]}–{labels[-1]}")
        else:
            medians = (f"{label} {statistics.median(ms for ms, _, x in runs if x == label):.1f} ms" for label in labels)
            print(f"  median per outcome: {', '.join(medians)}")


def _p90(values: list[float]) -> float:
    return sorted(values)[int(0.9 * (len(values) - 1))]


if __name__ == "__main__":
    main()
