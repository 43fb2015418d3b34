"""Benchmark: importing 10,000 requests from a generated CSV file (and XLSX), on a fresh database.

Times the whole `run_import` — read, check every row, write all in one transaction (bulk path, with history
rows and one audit record per request) — then the same file again (idempotent: 0 new, 0 changed) and an XLSX of
the same rows. Target: 10,000 requests ≤ 10 s, on SQLite and on PostgreSQL.

    .venv/bin/python bench/bench_import.py                      # SQLite in var/bench_import.sqlite3 (recreated)
    .venv/bin/python bench/bench_import.py --database-url $(scripts/postgres-up | tail -n 1)
        # PostgreSQL: uses (and recreates) the database plaatsregie_bench_import on that server
"""

from __future__ import annotations

import argparse
import os
import random
import time
from datetime import date, timedelta
from urllib.parse import urlsplit, urlunsplit

from _django_setup import ROOT, setup


def _fresh_database(url: str) -> str:
    if url.startswith("sqlite"):
        path = ROOT / "var" / "bench_import.sqlite3"
        path.parent.mkdir(exist_ok=True)
        path.unlink(missing_ok=True)
        return f"sqlite:///{path}"
    import psycopg

    parts = urlsplit(url)
    name = "plaatsregie_bench_import"
    with psycopg.connect(url, autocommit=True) as connection:
        connection.execute(f"DROP DATABASE IF EXISTS {name}")
        connection.execute(f"CREATE DATABASE {name}")
    return urlunsplit(parts._replace(path=f"/{name}"))


def _rows(count: int, seed: int = 1) -> list[dict[str, object]]:
    from plaatsregie.core.types import Need, Region

    draw = random.Random(seed)
    modules = ["OVBJ", "VEILIG-VERBLIJF", "GEZINSHUIS", "OBC", "CKG"]
    needs = [n.value for n in Need]
    rows = []
    for i in range(count):
        registered = date(2025, 1, 1) + timedelta(days=draw.randrange(600))
        rows.append({"ref": f"VL-{i:06d}", "youth": f"JB-{i:06d}",
                     "birth_date": date(2008, 1, 1) + timedelta(days=draw.randrange(3600)),
                     "gender": draw.choice("FMX"), "region": draw.choice(list(Region)).value,
                     "home_lat": round(draw.uniform(50.7, 51.4), 5), "home_lon": round(draw.uniform(2.6, 5.9), 5),
                     "referrer": f"BR-{i % 40:02d}", "modules": sorted(draw.sample(modules, draw.randint(1, 2))),
                     "urgency": draw.randint(1, 4), "status": "waiting", "registered_on": registered,
                     "last_confirmed_on": registered + timedelta(days=draw.randrange(60)),
                     "needs": sorted(draw.sample(needs, draw.randint(0, 3))), "crisis_overflow": draw.random() < .1,
                     "internal_transfer_facility": None, "readmission_facility": None, "sibling_facilities": []})
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--database-url", default="sqlite")
    parser.add_argument("--requests", type=int, default=10_000)
    args = parser.parse_args()
    url = _fresh_database(args.database_url)
    setup(url)
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    from plaatsregie.interchange.exporter import write_csv, write_xlsx
    from plaatsregie.interchange.formats import REQUESTS
    from plaatsregie.interchange.importer import run_import
    from plaatsregie.waiting.models import Referrer, Request

    Referrer.objects.bulk_create(Referrer(ref=f"BR-{i:02d}", name=f"Dienst {i}", kind="OCJ", region="Antwerpen")
                                 for i in range(40))
    rows = _rows(args.requests)
    csv_data, xlsx_data = write_csv(REQUESTS, rows), write_xlsx(REQUESTS, rows)
    engine = "PostgreSQL" if url.startswith("postgres") else "SQLite"
    print(f"{engine}: {args.requests:,} requests; CSV {len(csv_data) / 1e6:.1f} MB, XLSX {len(xlsx_data) / 1e6:.1f} MB")
    for label, name, data in (("first import (CSV)", "a.csv", csv_data), ("same file again (CSV)", "a.csv", csv_data),
                              ("same rows again (XLSX)", "a.xlsx", xlsx_data)):
        started, cpu = time.perf_counter(), time.process_time()
        report = run_import("requests", name, data, actor=None)
        elapsed, cpu = time.perf_counter() - started, time.process_time() - cpu
        assert report.ok, report.lines()[:5]
        print(f"  {label:24s} {elapsed:6.2f} s wall, {cpu:5.2f} s CPU (this process)   {report.summary}   "
              f"target ≤ 10 s: {'met' if elapsed <= 10 else 'NOT MET'}")
    print(f"  requests in the database: {Request.objects.count():,}; load average {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
