"""`plaatsregie seed`: a seeded synthetic Flanders into the database, through the services."""

from __future__ import annotations

import time
from argparse import ArgumentParser, ArgumentTypeError
from datetime import date
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from plaatsregie.synth import SCALES, generate
from plaatsregie.web.seed_world import seed_world
from plaatsregie.web.seeding import clear_domain, domain_is_empty


def _years(text: str) -> int:
    years = int(text)
    if years < 0:
        raise ArgumentTypeError("the number of years of history is 0 or more")
    return years


class Command(BaseCommand):
    help = ("Fill the database with a synthetic Flanders (obviously fake data) through the service layer: every "
            "occupied place has an admission from an agreed offer. Same seed, same data.")

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--scale", choices=sorted(SCALES), default="small")
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument("--today", type=date.fromisoformat, default=None,
                            help="the date the data is generated around (YYYY-MM-DD); default today")
        parser.add_argument("--history-years", type=_years, default=0, dest="history_years",
                            help="years of history replayed before today: stays, discharges, candidate lists, "
                                 "offers, refusals, reviews, mandate steps, request changes (default 0)")
        parser.add_argument("--replace", action="store_true",
                            help="remove the existing world (places, requests and everything recorded about them) "
                                 "first")

    def handle(self, *args: Any, **options: Any) -> None:
        if not domain_is_empty() and not options["replace"]:
            raise CommandError("the database already holds facilities or requests; use --replace to start over")
        today = options["today"] or timezone.localdate()
        years = options.get("history_years", 0)
        started = time.perf_counter()
        world = generate(scale=options["scale"], seed=options["seed"], today=today)
        with transaction.atomic():  # all or nothing, the old world included
            if options["replace"]:
                clear_domain()
            counts = seed_world(world, years)
        summary = ", ".join(f"{count} {name}" for name, count in counts.items())
        self.stdout.write(
            f"Seeded {options['scale']} (seed {options['seed']}, around {today:%d/%m/%Y}, {years} year(s) of "
            f"history): {summary}. Took {time.perf_counter() - started:.1f} s."
        )
