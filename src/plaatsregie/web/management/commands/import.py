"""`plaatsregie import places|requests|admissions FILE [--as USERNAME] [--dry-run]` (D-24)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.contrib.auth.models import User
from django.core.management.base import BaseCommand, CommandError, CommandParser

from plaatsregie.accounts.roles import PermissionDenied
from plaatsregie.interchange.formats import FORMATS
from plaatsregie.interchange.importer import run_import


class Command(BaseCommand):
    help = ("Read places, requests or admissions from a .csv or .xlsx file: every row is checked first, "
            "then all rows are written or none (docs/import-export.md).")

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("entity", choices=sorted(FORMATS))
        parser.add_argument("file")
        parser.add_argument("--as", dest="username", help="act as this user (their role and facility apply)")
        parser.add_argument("--dry-run", action="store_true", help="check and count, write nothing")

    def handle(self, *args: Any, **options: Any) -> None:
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(f"Bestand niet gevonden: {path}")
        actor = None
        if options["username"]:
            actor = User.objects.filter(username=options["username"], is_active=True).first()
            if actor is None:
                raise CommandError(f"Onbekende gebruiker: {options['username']}")
        try:
            report = run_import(options["entity"], path.name, path.read_bytes(), actor=actor,
                                dry_run=options["dry_run"])
        except PermissionDenied as denied:
            raise CommandError(str(denied)) from None
        if not report.ok:
            for line in report.lines():
                self.stderr.write(line)
            raise CommandError(f"{len(report.errors)} fout(en); er is niets ingelezen.", returncode=2)
        for line in report.lines():
            self.stdout.write(line)
