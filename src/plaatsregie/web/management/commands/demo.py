"""`plaatsregie demo`: demo data and demo users on an empty database (demo only, never production)."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import BaseCommand

from plaatsregie.web.seeding import domain_is_empty

DEMO_PASSWORD = "demo-plaatsregie"  # demo only, printed on purpose
DEMO_USERS = (("beheerder", "Functioneel beheerder (admin)"),)


class Command(BaseCommand):
    help = "Seed a small synthetic Flanders and create the demo users, if the database is empty."

    def handle(self, *args: Any, **options: Any) -> None:
        if domain_is_empty():
            call_command("seed", scale="small", seed=1, stdout=self.stdout)
        users = get_user_model()
        for username, role in DEMO_USERS:
            if not users.objects.filter(username=username).exists():
                users.objects.create_superuser(username, f"{username}@demo.invalid", DEMO_PASSWORD)
            self.stdout.write(f"Demo user {username} / {DEMO_PASSWORD}: {role}")
