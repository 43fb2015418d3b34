"""`plaatsregie calibrate`: a simulator scenario fitted to this database's history (issue 5)."""

from __future__ import annotations

from argparse import ArgumentParser
from datetime import date
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from plaatsregie.core.errors import DomainError
from plaatsregie.simruns.calibration import calibrated_scenario
from plaatsregie.simulation.calibration import FITTED, KEPT


class Command(BaseCommand):
    help = ("Fit the simulator's rates to the history in the database and write them as a scenario file "
            "(docs/simulation.md, 'Calibrating to the database'). Only aggregates are written.")

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("-o", "--output", required=True, help="the scenario file to write, e.g. FILE.toml")
        parser.add_argument("--years", type=float, default=2.0, help="the window: this many years up to --until")
        parser.add_argument("--until", type=date.fromisoformat, default=None,
                            help="the window's last day, YYYY-MM-DD (default: today)")
        parser.add_argument("--scale", choices=["small", "flanders", "10x"], default="flanders",
                            help="the synthetic world the scenario starts from (default: flanders)")
        parser.add_argument("--force", action="store_true", help="overwrite an existing file")

    def handle(self, *args: Any, **options: Any) -> None:
        years = options["years"]
        if not 0 < years <= 20:
            raise CommandError("--years must be more than 0 and at most 20")
        output = Path(options["output"])
        if output.suffix != ".toml":
            raise CommandError("--output must be a .toml file")
        if output.exists() and not options["force"]:
            raise CommandError(f"{output} exists already: choose another name, or add --force to overwrite it")
        try:
            text, result, recorded, sizes = calibrated_scenario(years, options["until"], options["scale"])
        except DomainError as error:  # (a fitted value the scenario refuses: a defect, reported in one line)
            raise CommandError(str(error)) from None
        try:
            output.write_text(text, encoding="utf-8")
        except OSError as error:
            raise CommandError(f"cannot write {output}: {error.strerror}") from None
        fitted, kept = result.paths(FITTED), result.paths(KEPT)
        self.stdout.write(
            f"{output}: {recorded.start.isoformat()} to {recorded.end.isoformat()}, {len(recorded.requests):,} "
            f"requests, {len(recorded.stays):,} stays, {len(recorded.reports):,} capacity reports, "
            f"{len(recorded.offers):,} offers")
        self.stdout.write(f"fitted ({len(fitted)}): " + ", ".join(fitted))
        self.stdout.write(f"defaults kept ({len(kept)}): " + ", ".join(kept))
        if sizes.differ():
            self.stderr.write(
                f"warning: this database has {sizes.database:,} in-scope places and the synthetic {options['scale']} "
                f"world {sizes.world:,}: flows fitted to one do not suit the other; choose --scale to match")
        self.stdout.write(f"run it: plaatsregie simulate --scenario {output} --policy default --years 10")
