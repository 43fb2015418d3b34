"""`plaatsregie demo`: demo data with history and demo users of every role (demo only, never production)."""

from __future__ import annotations

from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand

from plaatsregie.web.demo_users import DEMO_PASSWORD, demo_users_ensure, describe
from plaatsregie.web.seeding import domain_is_empty

DEMO_HISTORY_YEARS = 2


class Command(BaseCommand):
    help = ("Seed a small synthetic Flanders with two years of history if the database is empty, and create or "
            f"reset the demo users of every role (password '{DEMO_PASSWORD}'). Demo only.")

    def handle(self, *args: Any, **options: Any) -> None:
        if domain_is_empty():
            call_command("seed", scale="small", seed=1, history_years=DEMO_HISTORY_YEARS, stdout=self.stdout)
        users = demo_users_ensure()
        self.stdout.write(f"Demo users — demo only, never on a real system — all with password {DEMO_PASSWORD}:")
        for user in users:
            self.stdout.write(f"  {user.username:<15} {describe(user)}")
        from plaatsregie.followup.demo import seed_followup_demo  # signals and monthly checks (D-30)

        self.stdout.write(seed_followup_demo())
