"""`plaatsregie seed`: a seeded synthetic Flanders into the database."""

from __future__ import annotations

import time
from argparse import ArgumentParser
from datetime import date
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from plaatsregie.synth import SCALES, generate
from plaatsregie.web.seeding import clear_domain, domain_is_empty, load_world


class Command(BaseCommand):
    help = "Fill the database with a synthetic Flanders (obviously fake data). Same seed, same data."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--scale", choices=sorted(SCALES), default="small")
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument("--today", type=date.fromisoformat, default=None,
                            help="the date the data is generated around (YYYY-MM-DD); default today")
        parser.add_argument("--replace", action="store_true",
                            help="remove existing facilities, places and requests first")

    def handle(self, *args: Any, **options: Any) -> None:
        if not domain_is_empty() and not options["replace"]:
            raise CommandError("the database already holds facilities or requests; use --replace to start over")
        today = options["today"] or timezone.localdate()
        started = time.perf_counter()
        world = generate(scale=options["scale"], seed=options["seed"], today=today)
        generated = time.perf_counter()
        if options["replace"]:
            clear_domain()
        counts = load_world(world)
        written = time.perf_counter()
        summary = ", ".join(f"{count} {name}" for name, count in counts.items())
        self.stdout.write(
            f"Seeded {options['scale']} (seed {options['seed']}, around {today:%d/%m/%Y}): {summary}. "
            f"Generated in {generated - started:.1f} s, written in {written - generated:.1f} s."
        )
