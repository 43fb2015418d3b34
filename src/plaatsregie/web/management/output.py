"""Printing a ranking for people (a table) or programs (the JSON contract of docs/rank-file.md)."""

from __future__ import annotations

import json
from argparse import ArgumentParser
from typing import Protocol

from plaatsregie.core.explain import candidates, exclusions, ranking_document
from plaatsregie.core.ranking import Ranking


def add_ranking_arguments(parser: ArgumentParser) -> None:
    """The options `rank` and `rank-file` share: policy, output form, length and language."""
    parser.add_argument("--policy", default="default", help="policy file path or shipped policy id")
    parser.add_argument("--json", action="store_true", help="print the JSON document only")
    parser.add_argument("--limit", type=int, default=None, help="show at most this many candidates")
    parser.add_argument("--lang", choices=["nl", "en"], default="nl")


class Writer(Protocol):
    def write(self, text: str) -> object: ...


def write_ranking(ranking: Ranking, out: Writer, *, as_json: bool, limit: int | None, lang: str) -> None:
    """Write the ranking; JSON lists every candidate unless a limit is given."""
    if as_json:
        out.write(json.dumps(ranking_document(ranking, limit, lang), ensure_ascii=False, indent=2) + "\n")
        return
    place, policy = ranking.place, ranking.policy
    out.write(
        f"Plaats {place.id} · {place.module_type} · {place.region} · vrij vanaf "
        f"{place.available_from:%d/%m/%Y} · {place.age_min}–{place.age_max} jaar\n"
        f"Beleid {policy.id} versie {policy.version} ({policy.hash[:12]}): {policy.title}\n"
    )
    if not ranking.scope.in_scope:
        out.write(f"Geen kandidatenlijst: {ranking.scope.reason}.\n")
        return
    shown = candidates(ranking, limit if limit is not None else 20, lang)
    out.write(f"\n{len(ranking.order)} kandidaten, {len(shown)} getoond:\n")
    for candidate in shown:
        out.write(f"{candidate.rank:>4}. {candidate.request_id}\n      {candidate.explanation}\n")
    excluded = exclusions(ranking, lang)
    counts: dict[str, int] = {}
    for exclusion in excluded:
        counts[exclusion.rule] = counts.get(exclusion.rule, 0) + 1
    summary = ", ".join(f"{rule}: {count}" for rule, count in counts.items())
    out.write(f"\n{len(excluded)} niet in aanmerking ({summary or '-'}).\n")
