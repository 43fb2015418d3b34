"""Instructions per simulated year at `flanders`: the simulator's cost in a measure this machine's drift cannot move.

Run: `.venv/bin/python bench/count_simulate.py [--years 1] [--source DIR]` (needs valgrind: `apt-get install valgrind`;
takes 5–15 minutes, two processes in parallel). Counts, with valgrind's `callgrind`, the instructions of two processes
that each generate the world and warm up (a replication of a few simulated weeks, which also loads the compiled
ranking kernel); one then simulates `--years`. The difference is the cost of those years, printed in billions.
`--source` counts another checkout (e.g. a `git worktree` of an older commit) with this environment, to compare two
versions side by side: CPU seconds on this machine drift by ±15 % and more from minute to minute, instructions do not.
It counts what the process imports: the simulator compiled or, with `PLAATSREGIE_SIMULATOR_INTERPRETED=1`, its sources.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PROGRAM = """
import sys
source, years = sys.argv[1], float(sys.argv[2])
sys.path[:0] = [source + "/src", source + "/bench"]
import plaatsregie
assert plaatsregie.__file__.startswith(source), plaatsregie.__file__
from bench_simulate import scenario
from plaatsregie.core.policy import load_policy
from plaatsregie.simulation.replicate import run_replication
from plaatsregie.simulation.world import build_world
s = scenario()
build_world(s)
run_replication(s, load_policy("default"), 1, 0, 0.05)
if years:
    run_replication(s, load_policy("default"), 1, 0, years)
"""


# numba keeps compiled code per CPU, and under valgrind the CPU looks different: the kernel would be compiled
# again inside whichever counted process gets there first (billions of instructions, in one of the two only). For
# a generic CPU the code is the same inside valgrind and out, so `main` loads it once outside to fill the cache.
ENVIRONMENT = {**os.environ, "NUMBA_CPU_NAME": "generic"}


def counted(source: Path, years: float, folder: Path) -> subprocess.Popen[bytes]:
    out = folder / f"callgrind.{years:g}.out"
    return subprocess.Popen(
        ["valgrind", "--tool=callgrind", f"--callgrind-out-file={out}", sys.executable, "-c", PROGRAM, str(source),
         str(years)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=ENVIRONMENT)


def total(path: Path) -> int:
    for line in path.read_text().splitlines():
        if line.startswith("totals:"):
            return int(line.split()[1])
    raise SystemExit(f"{path}: no totals line (did valgrind fail?)")


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--years", type=float, default=1.0, help="simulated years to count (default 1)")
    parser.add_argument("--source", type=Path, default=ROOT, help="the checkout to count (default this one)")
    arguments = parser.parse_args()
    if shutil.which("valgrind") is None:
        print("valgrind is not installed: apt-get install valgrind", file=sys.stderr)
        return 2
    source = arguments.source.resolve()
    subprocess.run([sys.executable, "-c", PROGRAM, str(source), "0"], check=True, env=ENVIRONMENT)  # the cache
    with tempfile.TemporaryDirectory() as folder:
        runs = [counted(source, years, Path(folder)) for years in (0.0, arguments.years)]
        if any(run.wait() for run in runs):
            print("valgrind failed", file=sys.stderr)
            return 1
        base, full = (total(Path(folder) / f"callgrind.{years:g}.out") for years in (0.0, arguments.years))
    print(f"{source}: {arguments.years:g} simulated year(s) at flanders: {(full - base) / 1e9:.2f} billion "
          f"instructions (process with them {full / 1e9:.2f}, without {base / 1e9:.2f})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
