"""Run every benchmark in turn and print its figures (`make bench`).

The database benchmark runs on SQLite, and on PostgreSQL when `scripts/postgres-up` can provide one.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BENCHMARKS = (["bench_ranking.py"], ["bench_assignment.py"], ["bench_rank_db.py"], ["bench_simulate.py"],
              ["bench_import.py"])  # 10,000 requests from a CSV/XLSX file on SQLite (issue 7)


def main() -> int:
    failures = 0
    runs = [list(b) for b in BENCHMARKS]
    postgres = subprocess.run([str(ROOT / "scripts" / "postgres-up")], capture_output=True, text=True, check=False)
    if postgres.returncode == 0:
        runs.append(["bench_rank_db.py", "--database-url", postgres.stdout.strip().splitlines()[-1]])
        runs.append(["bench_import.py", "--database-url", postgres.stdout.strip().splitlines()[-1]])
        runs.append(["bench_api.py"])  # the REST API on its own PostgreSQL database (issue 7)
        runs.append(["bench_monitoring.py"])  # the monitoring dashboards, flanders + 2 years (issue 6)
    else:
        print("PostgreSQL not available; skipping the PostgreSQL run:", postgres.stderr.strip()[-200:])
    for script, *args in runs:
        print(f"\n=== {script} {' '.join(args)}", flush=True)
        failures += subprocess.run([sys.executable, str(ROOT / "bench" / script), *args], check=False).returncode != 0
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
