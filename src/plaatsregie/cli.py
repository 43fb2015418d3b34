"""The `plaatsregie` command: Django's management commands under one console script."""

from __future__ import annotations

import os
import sys


def main(argv: list[str] | None = None) -> None:
    """Run a subcommand; `rank-file` and `rank_file` are the same command."""
    argv = list(sys.argv if argv is None else argv)
    if len(argv) > 1 and not argv[1].startswith("-"):
        argv[1] = argv[1].replace("-", "_")
    argv[0] = "plaatsregie"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "plaatsregie.web.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(argv)
