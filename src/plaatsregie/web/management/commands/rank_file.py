"""`plaatsregie rank-file`: rank a place against a pool from JSON files, without a database."""

from __future__ import annotations

import json
import sys
import time
from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from plaatsregie.core.contract import place_from_json, pool_from_json
from plaatsregie.core.errors import DomainError
from plaatsregie.core.policy import load_policy
from plaatsregie.core.pool import RequestPool
from plaatsregie.core.ranking import rank
from plaatsregie.web.management.output import add_ranking_arguments, write_ranking


def read_json(path: str, what: str) -> Any:
    """Read a JSON file, turning every failure into a one-line error naming the file."""
    try:
        return json.loads(Path(path).read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise CommandError(f"{what} file not found: {path}") from None
    except (OSError, UnicodeDecodeError) as error:
        raise CommandError(f"cannot read {what} file {path}: {error}") from None
    except json.JSONDecodeError as error:
        raise CommandError(f"{what} file {path} is not valid JSON: {error}") from None


class Command(BaseCommand):
    help = "Rank a place (JSON) against a pool of requests (JSON) under a policy; see docs/rank-file.md."
    requires_system_checks: list[str] = []

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--place", required=True, help="place.json")
        parser.add_argument("--pool", required=True, help="pool.json: a list of requests")
        add_ranking_arguments(parser)

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            place = place_from_json(read_json(options["place"], "place"))
            requests = pool_from_json(read_json(options["pool"], "pool"))
            policy = load_policy(options["policy"])
            started = time.perf_counter()
            ranking = rank(place, RequestPool.of(requests), policy)
            elapsed = time.perf_counter() - started
        except DomainError as error:
            raise CommandError(str(error)) from None
        write_ranking(ranking, self.stdout, as_json=options["json"], limit=options["limit"], lang=options["lang"])
        sys.stderr.write(f"ranked {len(requests)} requests in {elapsed * 1000:.2f} ms (index + rank)\n")
