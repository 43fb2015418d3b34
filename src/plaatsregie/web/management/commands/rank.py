"""`plaatsregie rank --place REF`: the ranked, explained candidate list for a place in the database."""

from __future__ import annotations

import sys
import time
from argparse import ArgumentParser
from datetime import date
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.utils import timezone

from plaatsregie.core.errors import DomainError
from plaatsregie.core.policy import Policy, load_policy
from plaatsregie.core.ranking import Ranking, rank
from plaatsregie.placement.services.balance import with_complexity_balance
from plaatsregie.registry.mapping import catalogue_from_db, compile_queries, place_profile, ranking_queries
from plaatsregie.waiting.pool import collector_paused, load_pool
from plaatsregie.web.management.output import add_ranking_arguments, write_ranking
from plaatsregie.web.management.process import seconds_since_process_start


def rank_stored_place(ref: str, policy: Policy, today: date) -> tuple[Ranking, float, float]:
    """The ranking of a stored place against the waiting pool, and the seconds spent querying and ranking.

    The in-process part of `plaatsregie rank --place` (bench/bench_rank_db.py measures exactly this): one query
    for the place, two for the module catalogue, one for the cached pool (or four and a write when a request
    changed since it was cached: waiting.pool_cache); the garbage collector waits meanwhile. The command compiles
    the place and catalogue queries at start-up, before this.
    """
    with collector_paused():
        started = time.perf_counter()
        place = with_complexity_balance(place_profile(ref, today), policy, today)  # D-28, if the policy asks
        catalogue = catalogue_from_db()
        pool = load_pool()
        loaded = time.perf_counter()
        ranking = rank(place, pool, policy, catalogue=catalogue)
        ranked = time.perf_counter()
    return ranking, loaded - started, ranked - loaded


class Command(BaseCommand):
    help = "Rank the waiting pool for one place (by its reference) under a policy."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--place", required=True, help="the place's reference, e.g. PL-000123")
        add_ranking_arguments(parser)

    def handle(self, *args: Any, **options: Any) -> None:
        connection.ensure_connection()  # start-up, like the imports: connect, and compile the queries once
        compile_queries(*ranking_queries())
        try:
            policy = load_policy(options["policy"])
            ranking, query, ranked = rank_stored_place(options["place"], policy, timezone.localdate())
        except DomainError as error:
            raise CommandError(str(error)) from None
        write_ranking(ranking, self.stdout, as_json=options["json"], limit=options["limit"], lang=options["lang"])
        sys.stderr.write(
            f"in-process: query {1000 * query:.1f} ms + rank {1000 * ranked:.2f} ms "
            f"= {1000 * (query + ranked):.1f} ms for {len(ranking.pool)} waiting requests; "
            f"since process start {seconds_since_process_start():.2f} s\n"
        )
