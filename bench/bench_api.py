"""Benchmark: the REST API at `flanders` scale with two years of history, on PostgreSQL (issue 7).

(a) Server time, in-process (DRF's test client: the whole request — middleware, authentication, permission,
    queries, serialisation), of a list page of 100 places: as the placement team (session, every place) and as a
    facility's system (token, its own places); target ≤ 50 ms median;
(b) requests per second of the main read endpoints under gunicorn with 2 sync workers: a closed loop of
    `--threads` client threads per endpoint for `--seconds` seconds each (token or session as the endpoint needs),
    with the median and p95 latency seen by the client.

Uses the database of `bench_web.py` (`plaatsregie_bench_web`, seeded once with `flanders` + 2 years of history).
The rate limits are lifted for the benchmark (PLAATSREGIE_API_*_RATE); the second factor is off (PLAATSREGIE_DEMO).

    .venv/bin/python bench/bench_api.py                 # both parts
    .venv/bin/python bench/bench_api.py --no-load       # server times only
"""

from __future__ import annotations

import argparse
import os
import signal
import statistics
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path

from _django_setup import ROOT, prepare, setup

BIN = Path(sys.executable).parent
TARGET_MEDIAN_MS = 50.0
PORT = 8766
UNLIMITED = "1000000/min"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--database-url", help="default: bench_web.py's database on scripts/postgres-up's server")
    parser.add_argument("--runs", type=int, default=50)
    parser.add_argument("--threads", type=int, default=4, help="client threads per endpoint")
    parser.add_argument("--seconds", type=int, default=10, help="per endpoint")
    parser.add_argument("--no-load", action="store_true")
    parser.add_argument("--reseed", action="store_true")
    args = parser.parse_args()
    os.environ["PLAATSREGIE_DEMO"] = "1"
    for scope in ("TOKEN", "USER", "ANON"):
        os.environ[f"PLAATSREGIE_API_{scope}_RATE"] = UNLIMITED
    if args.database_url:
        url = args.database_url
    else:
        from bench_web import _own_database

        url = _own_database()
    setup(url)
    prepare(args.reseed, history_years=2)
    from plaatsregie.web.demo_users import demo_users_ensure

    demo_users_ensure()
    token, session = _credentials()
    _server_times(token, session, args.runs)
    if not args.no_load:
        _load(token, session, args)


def _credentials() -> tuple[str, str]:
    """A token for the demo facility user (all scopes) and a session of the demo team member."""
    from django.conf import settings
    from django.contrib.auth.models import User
    from django.test import Client

    from plaatsregie.accounts.models import Membership
    from plaatsregie.api.models import ApiToken, Scope

    facility_user = User.objects.get(username="voorziening")
    membership = Membership.objects.get(user=facility_user, role="facility")
    _, token = ApiToken.issue(name="bench_api", user=facility_user, facility_id=membership.facility_id,
                              scopes=[s.value for s in Scope])
    client = Client()
    client.force_login(User.objects.get(username="teamlid1"))
    return token, client.cookies[settings.SESSION_COOKIE_NAME].value


def _server_times(token: str, session: str, runs: int) -> None:
    from django.conf import settings
    from rest_framework.test import APIClient

    from plaatsregie.registry.models import Place

    team = APIClient(HTTP_HOST="localhost")
    team.cookies[settings.SESSION_COOKIE_NAME] = session
    system = APIClient(HTTP_HOST="localhost", HTTP_AUTHORIZATION=f"Bearer {token}")
    middle = max(1, Place.objects.count() // 200)
    cases = {
        "team: places, page 1 of 100": (team, "/api/v1/places/?page_size=100"),
        f"team: places, page {middle} of 100": (team, f"/api/v1/places/?page_size=100&page={middle}"),
        "team: available places of a module, 100": (team, "/api/v1/places/?page_size=100&status=available"
                                                          "&ordering=available_from"),
        "facility token: own places, 100": (system, "/api/v1/places/?page_size=100"),
    }
    print(f"\n(a) server time, in-process, {runs} runs each (target ≤ {TARGET_MEDIAN_MS:.0f} ms median); "
          f"{Place.objects.count()} places")
    for label, (client, url) in cases.items():
        samples, cpu, size = [], [], 0
        for _ in range(runs + 3):
            started, cpu_started = time.perf_counter(), time.process_time()
            response = client.get(url)
            samples.append((time.perf_counter() - started) * 1000)
            cpu.append((time.process_time() - cpu_started) * 1000)
            assert response.status_code == 200, f"{url}: {response.status_code} {response.content[:200]!r}"
            size = len(response.json()["results"])
        samples, cpu = samples[3:], cpu[3:]
        median, p95 = statistics.median(samples), statistics.quantiles(samples, n=20)[-1]
        verdict = "OK" if median <= TARGET_MEDIAN_MS else "MISSED"
        print(f"  {label:42s} {size:3d} rows  median {median:6.1f} ms   p95 {p95:6.1f} ms   "
              f"(Python CPU {statistics.median(cpu):5.1f} ms)   {verdict}")
    print(f"  machine load {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores (other jobs share the machine)")


def _endpoints(token: str, session: str) -> dict[str, tuple[str, dict[str, str]]]:
    from django.conf import settings

    from plaatsregie.registry.models import Place

    bearer = {"Authorization": f"Bearer {token}"}
    cookie = {"Cookie": f"{settings.SESSION_COOKIE_NAME}={session}"}
    place = Place.objects.order_by("ref").values_list("ref", flat=True)[Place.objects.count() // 2]
    return {
        "places (team, 100 per page)": ("/api/v1/places/?page_size=100", cookie),
        "place detail (team)": (f"/api/v1/places/{place}/", cookie),
        "own places (facility token)": ("/api/v1/places/", bearer),
        "capacity reports (team)": ("/api/v1/capacity-reports/", cookie),
        "offers (facility token)": ("/api/v1/offers/", bearer),
        "admissions (facility token)": ("/api/v1/admissions/?current=true", bearer),
        "requests (team)": ("/api/v1/requests/?status=waiting", cookie),
        "indicator: capacity (team)": ("/api/v1/indicators/capacity/", cookie),
    }


def _load(token: str, session: str, args: argparse.Namespace) -> None:
    from bench_web import _server_cpu_seconds

    print(f"\n(b) requests/second under gunicorn (2 sync workers), {args.threads} client threads per endpoint, "
          f"{args.seconds} s each")
    endpoints = _endpoints(token, session)
    server = subprocess.Popen([str(BIN / "gunicorn"), "plaatsregie.web.wsgi", "--bind", f"127.0.0.1:{PORT}",
                               "--workers", "2", "--log-level", "warning"], env=dict(os.environ), cwd=ROOT)
    try:
        _wait_for_server()
        for path, headers in endpoints.values():  # warm up both workers
            for _ in range(6):
                _get(path, headers)
        for label, (path, headers) in endpoints.items():
            cpu_before = _server_cpu_seconds(server.pid)
            count, errors, latencies, wall = _closed_loop(path, headers, args.threads, args.seconds)
            cpu = _server_cpu_seconds(server.pid) - cpu_before
            median, p95 = statistics.median(latencies), statistics.quantiles(latencies, n=20)[-1]
            print(f"  {label:32s} {count / wall:6.1f} req/s  n={count:5d}  errors={errors:3d}  "
                  f"median {median:6.1f} ms  p95 {p95:6.1f} ms  {1000 * cpu / max(count, 1):5.1f} ms CPU/request")
        print(f"  machine load {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores (other jobs share the machine)")
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=30)


def _get(path: str, headers: dict[str, str]) -> int:
    request = urllib.request.Request(f"http://127.0.0.1:{PORT}{path}", headers=headers)
    with urllib.request.urlopen(request, timeout=60) as response:
        response.read()
        return int(response.status)


def _closed_loop(path: str, headers: dict[str, str], threads: int, seconds: int) -> tuple[int, int, list[float], float]:
    """Each thread sends the next request as soon as the previous answer is in, until the time is up."""
    latencies: list[float] = []
    errors = [0]
    lock = threading.Lock()
    stop = time.perf_counter() + seconds

    def worker() -> None:
        while time.perf_counter() < stop:
            started = time.perf_counter()
            try:
                ok = _get(path, headers) == 200
            except OSError:
                ok = False
            elapsed = (time.perf_counter() - started) * 1000
            with lock:
                latencies.append(elapsed)
                errors[0] += 0 if ok else 1

    started = time.perf_counter()
    pool = [threading.Thread(target=worker) for _ in range(threads)]
    for thread in pool:
        thread.start()
    for thread in pool:
        thread.join()
    return len(latencies), errors[0], latencies or [0.0], time.perf_counter() - started


def _wait_for_server() -> None:
    for _ in range(60):
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{PORT}/api/v1/schema/", timeout=5).read()
            return
        except OSError:
            time.sleep(0.5)
    raise SystemExit("gunicorn did not start")


if __name__ == "__main__":
    main()
