"""`plaatsregie monthly-check --month YYYY-MM`: generate the monthly capacity registration check (D-30)."""

from __future__ import annotations

from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from plaatsregie.followup.checks import parse_month
from plaatsregie.followup.models import CheckItem
from plaatsregie.followup.services import monthly_check_generate
from plaatsregie.registry.models import Facility


class Command(BaseCommand):
    help = ("Generate the monthly check of the capacity registrations for every facility (or one province): "
            "one checklist per facility and month. Running it again adds only anomalies not found before.")

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--month", default="", help="YYYY-MM (default: the running month)")
        parser.add_argument("--province", default="", help="only the facilities of this province")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            month = parse_month(options["month"]) if options["month"] else timezone.localdate().replace(day=1)
        except ValueError:
            raise CommandError("--month is YYYY-MM") from None
        facilities = Facility.objects.all()
        if options["province"]:
            facilities = facilities.filter(region=options["province"])
        before = CheckItem.objects.filter(monthly_check__month=month).count()
        checks = monthly_check_generate(month, list(facilities.values_list("pk", flat=True)))
        after = CheckItem.objects.filter(monthly_check__month=month).count()
        self.stdout.write(f"Monthly check {month:%m/%Y}: {len(checks)} facilities, {after} items "
                          f"({after - before} new).")
