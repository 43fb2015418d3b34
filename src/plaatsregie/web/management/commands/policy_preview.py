"""`plaatsregie policy-preview --policy ID_OR_FILE`: how today's open candidate lists would change under a policy."""

from __future__ import annotations

import json
from argparse import ArgumentParser
from dataclasses import asdict
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from plaatsregie.core.errors import DomainError
from plaatsregie.core.policy import load_policy
from plaatsregie.prioritisation.preview import ListChange, Move, YouthChange, policy_preview, summarise
from plaatsregie.web.management.output import Writer

MOVES = {
    Move.UP: "stijgt {by}",
    Move.DOWN: "daalt {by}",
    Move.NEWLY_ELIGIBLE: "komt nu in aanmerking",
    Move.NO_LONGER_ELIGIBLE: "niet meer in aanmerking: {reason}",
}


def _rank(value: int | None) -> str:
    return "-" if value is None else str(value)


def change_line(change: YouthChange) -> str:
    what = MOVES[change.move].format(by=change.by, reason=change.reason or change.rule)
    return f"  {change.request_id:<12} {_rank(change.old_rank):>5} → {_rank(change.new_rank):<5} {what}\n"


def write_preview(previews: list[ListChange], out: Writer) -> None:
    """Per open list a short table of the changes (or "geen wijziging"), then one summary line."""
    for preview in previews:
        out.write(f"{preview.list_ref} · melding {preview.report_ref} · plaats {preview.place_ref} · "
                  f"gemaakt onder {preview.generated_under}\n")
        if not preview.changed:
            out.write("  geen wijziging\n")
            continue
        out.write(f"  {'dossier':<12} {'was':>5}   {'wordt':<5} wijziging\n")
        for change in preview.changes:
            out.write(change_line(change))
    s = summarise(previews)
    out.write(f"{s['lists_affected']} van {s['lists']} open lijsten wijzigen; {s['moved_up']} stijgen, "
              f"{s['moved_down']} dalen, {s['newly_eligible']} komen in aanmerking, "
              f"{s['no_longer_eligible']} niet meer.\n")


def preview_document(previews: list[ListChange], policy: dict[str, Any]) -> dict[str, Any]:
    return {"policy": policy, "summary": summarise(previews),
            "lists": [asdict(preview) | {"changed": preview.changed} for preview in previews]}


class Command(BaseCommand):
    help = "Show how today's open candidate lists would change under a policy, before it is activated."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--policy", required=True, help="policy file path or shipped policy id")
        parser.add_argument("--json", action="store_true", help="print a JSON document only")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            policy = load_policy(options["policy"])
            previews = policy_preview(policy, today=timezone.localdate())
        except (DomainError, ValueError) as error:
            raise CommandError(str(error)) from None
        if options["json"]:
            document = preview_document(previews, policy.reference)
            self.stdout.write(json.dumps(document, ensure_ascii=False, indent=2))
            return
        self.stdout.write(f"Beleid {policy.id} versie {policy.version} ({policy.hash[:12]}): {policy.title}")
        write_preview(previews, self.stdout)
