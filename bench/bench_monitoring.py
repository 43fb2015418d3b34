"""Benchmark: the monitoring dashboards (issue 6) on PostgreSQL with two years of history.

Computes every table of the Flanders dashboard (12 months, all facilities) and of one facility's dashboard —
the same `plaatsregie.monitoring.dashboards.compute` the web pages call, all aggregation in the database —
and prints the median of `--runs` runs. Targets: `flanders` scale, Flanders ≤ 500 ms and facility ≤ 100 ms;
`10x` scale, Flanders ≤ 3 s.

Each scale has its own database (`plaatsregie_bench_monitoring`, `plaatsregie_bench_monitoring_10x`), created,
migrated and seeded with `--history-years` of replayed history on first use (flanders + 2 years: several
minutes; 10x with history takes much longer — `--history-years` can be lowered for 10x, the figures then say so).

    .venv/bin/python bench/bench_monitoring.py                       # flanders, 2 years
    .venv/bin/python bench/bench_monitoring.py --scale 10x --history-years 1
    .venv/bin/python bench/bench_monitoring.py --scale 10x --replicate  # flanders + 2 years copied ×10

Seeding `10x` replays ~41,000 current stays through the services (~0.1 s each): about an hour even with
`--history-years 0`. `--replicate` is the stand-in for `10x` size with two years of history: a copy of the
`flanders` database (`plaatsregie_bench_monitoring_x10`) with nine more copies of every domain row (ids offset,
references suffixed `~k`): 1,800 facilities, 51,210 places, 159,750 place-history rows.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import time
from io import StringIO

from _django_setup import POSTGRES, REFERENCE_DAY, ROOT, setup

# Issue 6's targets; a facility dashboard at 10x has none (it is reported all the same)
TARGETS_MS = {("flanders", "flanders"): 500.0, ("flanders", "facility"): 100.0, ("10x", "flanders"): 3000.0}


def _database_url(scale: str) -> str:
    server = subprocess.run([str(ROOT / "scripts" / "postgres-up")], capture_output=True, text=True, check=True)
    base = server.stdout.strip().splitlines()[-1].rsplit("/", 1)[0] if server.stdout.strip() else POSTGRES
    name = "plaatsregie_bench_monitoring" + ("" if scale == "flanders" else f"_{scale}")
    import psycopg

    with psycopg.connect(f"{base}/postgres", autocommit=True) as connection:
        if not connection.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            connection.execute(f'CREATE DATABASE "{name}"')
    return f"{base}/{name}"


def _prepare(scale: str, history_years: int, reseed: bool) -> None:
    from django.core.management import call_command

    from plaatsregie.registry.models import Facility

    call_command("migrate", verbosity=0)
    if reseed or not Facility.objects.exists():
        started = time.perf_counter()
        call_command("seed", scale=scale, seed=1, history_years=history_years, today=REFERENCE_DAY, replace=True,
                     stdout=StringIO())
        print(f"seeded {scale} scale ({history_years} years of history) in {time.perf_counter() - started:.1f} s")
        from django.db import connection

        with connection.cursor() as cursor:  # planner statistics now, not when autovacuum gets to the new rows
            cursor.execute("ANALYZE")


def _replicated(source: str, copies: int = 10) -> str:
    """The name of `plaatsregie_bench_monitoring_x10`: the seeded `flanders` database (`source`, Django set up on
    it) with `copies` − 1 more copies of every row of the domain tables (registry, waiting, placement, follow-up;
    the reference catalogues are shared), created on first use."""
    import psycopg

    base, name = source.rsplit("/", 1)
    target = f"{name}_x{copies}"
    with psycopg.connect(f"{base}/postgres", autocommit=True) as connection:
        if connection.execute("SELECT 1 FROM pg_database WHERE datname = %s", [target]).fetchone():
            return target
    _prepare("flanders", 2, reseed=False)
    from django.db import connections

    connections.close_all()
    with psycopg.connect(f"{base}/postgres", autocommit=True) as connection:
        connection.execute(f'CREATE DATABASE "{target}" TEMPLATE "{name}"')
    with psycopg.connect(f"{base}/{target}") as connection:
        for table, columns in _copy_columns().items():
            for k in range(1, copies):
                connection.execute(f"INSERT INTO {table} ({', '.join(c for c, _e in columns)}) "
                                   f"SELECT {', '.join(e.format(k=k, offset=k * OFFSET) for _c, e in columns)} "
                                   f"FROM {table} WHERE {columns[0][0]} < {OFFSET}")
    with psycopg.connect(f"{base}/{target}", autocommit=True) as connection:
        connection.execute("ANALYZE")
    print(f"replicated flanders ×{copies} into {target}")
    return target


OFFSET = 10_000_000
REFERENCE_TABLES = {"moduletype", "scopeexclusion", "unavailabilityreason", "refusalreason", "withdrawalreason"}


def _copy_columns() -> dict[str, list[tuple[str, str]]]:
    """Per domain table: (column, expression of copy k) — primary and foreign keys into copied tables offset by
    k × OFFSET, references suffixed `~k`; the primary key first."""
    from django.apps import apps
    from django.db import connection, models

    copied = [m for app in ("registry", "waiting", "placement", "followup")
              for m in apps.get_app_config(app).get_models(include_auto_created=True)
              if m._meta.model_name not in REFERENCE_TABLES and not m._meta.proxy]
    out: dict[str, list[tuple[str, str]]] = {}
    for model in copied:
        columns = []
        for field in sorted(model._meta.concrete_fields, key=lambda f: f is not model._meta.pk):
            column = connection.ops.quote_name(field.column)
            offset = field.primary_key or (model.__name__.startswith("Historical") and field.name == "id") or (
                isinstance(field, models.ForeignKey) and field.related_model in copied)
            if offset:
                columns.append((column, f"{column} + {{offset}}"))
            elif isinstance(field, models.CharField | models.TextField) and (
                    field.name == "ref" or field.name.endswith("_ref") or field.unique):
                columns.append((column, f"CASE WHEN {column} = '' THEN {column} ELSE {column} || '~{{k}}' END"))
            else:
                columns.append((column, column))
        out[connection.ops.quote_name(model._meta.db_table)] = columns
    return out


def _median_ms(work: object, runs: int) -> tuple[float, float]:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        work()  # type: ignore[operator]
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times), min(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--scale", choices=["flanders", "10x"], default="flanders")
    parser.add_argument("--history-years", type=int, default=2)
    parser.add_argument("--database-url", help="default: a database of its own on scripts/postgres-up's server")
    parser.add_argument("--runs", type=int, default=9)
    parser.add_argument("--reseed", action="store_true")
    parser.add_argument("--replicate", action="store_true",
                        help="with --scale 10x: measure on the flanders database (2 years) copied ×10 instead of "
                             "seeding 10x (see above)")
    args = parser.parse_args()
    if args.replicate:
        source = _database_url("flanders")
        setup(source)
        target = _replicated(source)
        from django.db import connection

        connection.close()
        connection.settings_dict["NAME"] = target  # measure on the copy
        args.history_years = 2
    else:
        setup(args.database_url or _database_url(args.scale))
        _prepare(args.scale, args.history_years, args.reseed)

    from django.db.models import Count

    from plaatsregie.monitoring import dashboards
    from plaatsregie.monitoring.indicators import Scope
    from plaatsregie.registry.models import Facility, Place

    counts = {"facilities": Facility.objects.count(), "places": Place.objects.count(),
              "place history rows": Place.history.count()}  # type: ignore[attr-defined]
    print(f"scale {args.scale}, {args.history_years} years of history: {counts}")
    flanders = Scope.last_months(12, end=REFERENCE_DAY, today=REFERENCE_DAY)
    facility_id = (Facility.objects.annotate(n=Count("units__places")).order_by("-n", "id")
                   .values_list("id", flat=True).first())
    facility = Scope.last_months(12, end=REFERENCE_DAY, today=REFERENCE_DAY, facility_ids=(facility_id,))
    dashboards.compute("flanders", flanders)  # warm the connection and caches once
    for level, scope in (("flanders", flanders), ("facility", facility)):
        median, best = _median_ms(lambda s=scope, lv=level: dashboards.compute(lv, s), args.runs)
        tables = sum(len(section.tables) for section in dashboards.compute(level, scope))
        target = TARGETS_MS.get((args.scale, level))
        verdict = (" (no target)" if target is None else
                   f" (target ≤ {target:.0f} ms) — {'within target' if median <= target else 'OVER target'}")
        print(f"{level} dashboard ({tables} tables): median {median:.0f} ms, best {best:.0f} ms over "
              f"{args.runs} runs{verdict}")


if __name__ == "__main__":
    main()
