"""`plaatsregie simulate`: compare prioritisation policies over simulated years (issue 5); no database needed."""

from __future__ import annotations

import sys
from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from plaatsregie.core.errors import DomainError
from plaatsregie.core.policy import load_policy
from plaatsregie.simulation.replicate import ReplicationResult, run_experiment
from plaatsregie.simulation.report import table, write_csv, write_html, write_json
from plaatsregie.simulation.scenario import load_scenario


class Command(BaseCommand):
    help = "Simulate years of demand through the ranking engine under one or more policies (docs/simulation.md)."
    requires_system_checks: list[str] = []

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--scenario", required=True, help="scenario TOML file, e.g. scenarios/flanders.toml")
        parser.add_argument("--policy", action="append", required=True, help="policy id or file (repeatable)")
        parser.add_argument("--years", type=float, default=10.0)
        parser.add_argument("--replications", type=int, default=10)
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument("--workers", type=int, default=None, help="processes (default: all cores)")
        parser.add_argument("--json", dest="json_path", default=None, help="write the figures as JSON")
        parser.add_argument("--csv", dest="csv_path", default=None, help="write the estimates as CSV")
        parser.add_argument("--report", default=None, help="write a self-contained HTML report with charts")
        parser.add_argument("--no-progress", action="store_true", help="no progress bar")

    def handle(self, *args: Any, **options: Any) -> None:
        years, replications = options["years"], options["replications"]
        if years <= 0 or replications < 1:
            raise CommandError("--years must be > 0 and --replications ≥ 1")
        if options["workers"] is not None and options["workers"] < 1:
            raise CommandError("--workers must be ≥ 1")
        try:
            scenario = load_scenario(options["scenario"])
            policies = [load_policy(name) for name in options["policy"]]
        except DomainError as error:
            raise CommandError(str(error)) from None
        if len({p.id for p in policies}) != len(policies):
            raise CommandError("a policy is named twice: give each policy once")
        total = len(policies) * replications
        bar = tqdm(total=total, desc="replications", unit="run", file=sys.stderr,
                   disable=options["no_progress"] or None)

        def advance(result: ReplicationResult) -> None:
            bar.update(1)

        try:
            experiment = run_experiment(scenario, policies, years=years, replications=replications,
                                        seed=options["seed"], workers=options["workers"], progress=advance)
        except DomainError as error:
            raise CommandError(str(error)) from None
        finally:
            bar.close()
        self.stdout.write(table(experiment))
        self._write_files(experiment, options, scenario.source)

    def _write_files(self, experiment: Any, options: dict[str, Any], source: str) -> None:
        writers = ((options["json_path"], write_json), (options["csv_path"], write_csv))
        try:
            for path, write in writers:
                if path:
                    write(experiment, Path(path))
            if options["report"]:
                write_html(experiment, Path(options["report"]), source)
        except OSError as error:
            raise CommandError(f"cannot write output: {error}") from None
