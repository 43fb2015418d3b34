"""`plaatsregie monthly-report --month YYYY-MM [--province X] -o FILE.pdf`: the monthly report as PDF."""

from __future__ import annotations

from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from plaatsregie.core.types import Region
from plaatsregie.followup.checks import parse_month


class Command(BaseCommand):
    help = "Write the monthly report of a province (or of Flanders) as PDF: key figures, charts, monthly check."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--month", default="", help="YYYY-MM (default: the running month)")
        parser.add_argument("--province", default="", choices=["", *[r.value for r in Region]],
                            help="a province; default: all of Flanders")
        parser.add_argument("-o", "--output", required=True, help="the PDF file to write")

    def handle(self, *args: Any, **options: Any) -> None:
        from plaatsregie.monitoring.report import render_pdf

        try:
            month = parse_month(options["month"]) if options["month"] else timezone.localdate().replace(day=1)
        except ValueError:
            raise CommandError("--month is YYYY-MM") from None
        pdf = render_pdf(month, options["province"])
        Path(options["output"]).write_bytes(pdf)
        self.stdout.write(f"Wrote {options['output']} ({len(pdf) // 1024} kB): {options['province'] or 'Vlaanderen'}, "
                          f"{month:%m/%Y}.")
