"""`plaatsregie tick [--today YYYY-MM-DD]`: the daily reminders of the placement workflow (D-12, D-6)."""

from __future__ import annotations

from argparse import ArgumentParser
from datetime import date
from typing import Any

from django.core.management.base import BaseCommand
from django.utils import timezone

from plaatsregie.placement.services.deadlines import (
    CONFIRMATION_ASKED,
    OFFER_REMINDER,
    OFFER_STALLED,
    Sent,
    offer_reminders_send,
    stale_request_reminders_send,
)

LABELS = {
    OFFER_REMINDER: "facilities reminded (answer due today or next working day)",
    OFFER_STALLED: "placement team told (offer past its answer date)",
    CONFIRMATION_ASKED: "referrers asked to confirm (request not confirmed lately)",
}
SHOWN = 10  # references printed per line


class Command(BaseCommand):
    help = (
        "Send the daily reminders; run once a day (e.g. from cron). "
        "(1) D-12: the users of a facility are reminded of each open offer whose answer is expected today or on "
        "the next Belgian working day; the placement team of the facility's region is told of each open offer "
        "past its answer date (respond_by, set PLAATSREGIE_OFFER_RESPONSE_WORKING_DAYS working days after the "
        "offer). At most once per offer per day. "
        "(2) D-6: the referrer users of each waiting request nobody confirmed for PLAATSREGIE_STALE_AFTER_DAYS "
        "days are asked to confirm or update it. At most once per request per seven days. "
        "Sent reminders are in-app notifications (and e-mail). The limits count real days, so a second run on the "
        "same day, with or without another --today, sends nothing twice. "
        "Prints what was sent and which offers or requests had nobody to tell."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--today", type=date.fromisoformat, default=None,
                            help="the date to judge deadlines and staleness against (YYYY-MM-DD); default today")

    def handle(self, *args: Any, **options: Any) -> None:
        today = options["today"] or timezone.localdate()
        runs = [*offer_reminders_send(today), stale_request_reminders_send(today)]
        self.stdout.write(f"Tick for {today:%Y-%m-%d}:")
        for sent in runs:
            self.stdout.write(_line(sent))


def _line(sent: Sent) -> str:
    line = f"  {LABELS[sent.kind]}: {len(sent.refs)}{_refs(sent.refs)}"
    if sent.unreachable:
        line += f"; nobody to tell for {len(sent.unreachable)}{_refs(sent.unreachable)}"
    return line


def _refs(refs: list[str]) -> str:
    if not refs:
        return ""
    more = f", … {len(refs) - SHOWN} more" if len(refs) > SHOWN else ""
    return f" ({', '.join(refs[:SHOWN])}{more})"
