"""`plaatsregie export places|requests|admissions -o FILE.csv|FILE.xlsx [--facility REF] [--as USERNAME]`."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.contrib.auth.models import User
from django.core.management.base import BaseCommand, CommandError, CommandParser

from plaatsregie.accounts.roles import PermissionDenied
from plaatsregie.interchange.exporter import export, template
from plaatsregie.interchange.formats import FORMATS
from plaatsregie.registry.models import Facility


class Command(BaseCommand):
    help = "Write places, requests or admissions in the import format (.csv or .xlsx), or an empty template."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("entity", choices=sorted(FORMATS))
        parser.add_argument("-o", "--output", required=True, help="FILE.csv or FILE.xlsx")
        parser.add_argument("--facility", help="only this facility's places or admissions (its ref)")
        parser.add_argument("--as", dest="username", help="act as this user; required for requests (team)")
        parser.add_argument("--template", action="store_true", help="write only the column names")

    def handle(self, *args: Any, **options: Any) -> None:
        path = Path(options["output"])
        fmt = path.suffix.lower().lstrip(".")
        if fmt not in ("csv", "xlsx"):
            raise CommandError("Het uitvoerbestand eindigt op .csv of .xlsx.")
        if options["template"]:
            path.write_bytes(template(options["entity"], fmt))
            self.stdout.write(f"Sjabloon geschreven: {path}")
            return
        actor = None
        if options["username"]:
            actor = User.objects.filter(username=options["username"], is_active=True).first()
            if actor is None:
                raise CommandError(f"Onbekende gebruiker: {options['username']}")
        facility_id = None
        if options["facility"]:
            facility_id = Facility.objects.filter(ref=options["facility"]).values_list("pk", flat=True).first()
            if facility_id is None:
                raise CommandError(f"Onbekende voorziening: {options['facility']}")
        try:
            data = export(options["entity"], fmt, actor=actor, facility_id=facility_id)
        except PermissionDenied as denied:
            raise CommandError(str(denied)) from None
        path.write_bytes(data)
        self.stdout.write(f"{path}: {len(data):,} bytes geschreven.".replace(",", "."))
