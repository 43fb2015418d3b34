"""`plaatsregie policy-preview --policy ID_OR_FILE`: how today's open candidate lists would change under a policy."""

from __future__ import annotations

import json
from argparse import ArgumentParser
from dataclasses import asdict
from datetime import date
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from plaatsregie.core.errors import DomainError
from plaatsregie.core.policy import load_policy
from plaatsregie.prioritisation.preview import (
    Actual,
    ListChange,
    Move,
    ReplayedVacancy,
    YouthChange,
    policy_preview,
    replay_history,
    replay_summary,
    summarise,
)
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


ACTUAL = {Actual.OFFER: "voorstel", Actual.ADOPTED_LIST: "vastgelegde lijst", Actual.ENGINE: "motor"}


def replay_line(v: ReplayedVacancy, policy_id: str) -> str:
    """`dd/mm/jjjj · plaats PL-… · melding CM-… · aangeboden: JO-… (voorstel) · onder B: JO-… · …`"""
    moves = f"{v.moved_up} stijgen, {v.moved_down} dalen"
    if v.newly_eligible or v.no_longer_eligible:
        moves += f", {v.newly_eligible} erbij, {v.no_longer_eligible} eraf"
    return (f"{v.on:%d/%m/%Y} · plaats {v.place_ref} · melding {v.report_ref} · aangeboden: "
            f"{v.actual_youth or '-'} ({ACTUAL[v.actual_source]}) · onder {policy_id}: {v.policy_youth or '-'}"
            f" · {moves}\n")


def write_replay(vacancies: list[ReplayedVacancy], policy_id: str, out: Writer) -> None:
    """One line per vacancy where the candidate policy would have offered the place to another youth."""
    for vacancy in vacancies:
        if vacancy.differs:
            out.write(replay_line(vacancy, policy_id))
    s = replay_summary(vacancies)
    out.write(f"{s['different_offer']} van {s['vacancies']} vacatures zouden onder {policy_id} aan een andere "
              f"jongere aangeboden zijn; {s['moved_up']} stijgen, {s['moved_down']} dalen, {s['newly_eligible']} "
              f"komen in aanmerking, {s['no_longer_eligible']} niet meer.\n")


def parse_period(text: str) -> tuple[date, date]:
    """`JJJJ-MM-DD:JJJJ-MM-DD` (both days included)."""
    start, sep, end = text.partition(":")
    try:
        first, last = date.fromisoformat(start), date.fromisoformat(end)
    except ValueError:
        raise CommandError("--history verwacht VAN:TOT als JJJJ-MM-DD:JJJJ-MM-DD") from None
    if not sep or last < first:
        raise CommandError("--history verwacht VAN:TOT met VAN niet na TOT")
    return first, last


def preview_document(previews: list[ListChange], policy: dict[str, Any]) -> dict[str, Any]:
    return {"policy": policy, "summary": summarise(previews),
            "lists": [asdict(preview) | {"changed": preview.changed} for preview in previews]}


class Command(BaseCommand):
    help = "Show how today's open candidate lists would change under a policy, before it is activated."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--policy", required=True, help="policy file path or shipped policy id")
        parser.add_argument("--json", action="store_true", help="print a JSON document only")
        parser.add_argument("--history", metavar="FROM:TO", default=None,
                            help="replay the vacancies of this period (YYYY-MM-DD:YYYY-MM-DD) under the policy: "
                                 "who would have been offered each place instead of today's open lists")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["history"]:
            self._replay(options, *parse_period(options["history"]))
            return
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

    def _replay(self, options: dict[str, Any], start: date, end: date) -> None:
        try:
            policy = load_policy(options["policy"])
            vacancies = replay_history(policy, start=start, end=end)
        except (DomainError, ValueError) as error:
            raise CommandError(str(error)) from None
        if options["json"]:
            document = {"policy": policy.reference, "history": {"from": start.isoformat(), "to": end.isoformat()},
                        "summary": replay_summary(vacancies),
                        "vacancies": [asdict(v) | {"on": v.on.isoformat(), "differs": v.differs} for v in vacancies]}
            self.stdout.write(json.dumps(document, ensure_ascii=False, indent=2))
            return
        self.stdout.write(f"Beleid {policy.id} versie {policy.version} ({policy.hash[:12]}) over de vacatures van "
                          f"{start:%d/%m/%Y} tot {end:%d/%m/%Y}")
        write_replay(vacancies, policy.id, self.stdout)
