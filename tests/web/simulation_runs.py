"""Simulation runs for the web tests: a finished run made directly (no simulation needed), and the settings
that make a started run really run, at once, in the test process (django-tasks' immediate backend)."""

from __future__ import annotations

from pathlib import Path

from django.utils import timezone
from pytest_django.fixtures import Settings

from plaatsregie.simruns.models import RunStatus, SimulationChart, SimulationRun
from tests.web.world import Site

TINY_SCENARIOS = Path(__file__).resolve().parents[1] / "simulation"  # holds tiny.toml
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 16
RESULT = {"years": 1.0, "replications": 2, "seed": 1, "policies": {"default": {"estimates": {
    "occupancy": {"mean": 0.8, "ci95": [0.7, 0.9], "n": 2},
    "wait_median_u1": {"mean": 12.0, "ci95": [None, None], "n": 1}}, "replications": []}}}


def a_done_run(site: Site) -> SimulationRun:
    now = timezone.now()
    run = SimulationRun.objects.create(
        started_by=site.admin, created_at=now, scenario="tiny", years=1, replications=2, seed=1,
        policies=[{"choice": "file:default", "id": "default", "version": 1, "hash": "0" * 64, "title": "t",
                   "text": ""}],
        status=RunStatus.DONE, started_at=now, finished_at=now, done_replications=2, result=RESULT,
        report_html="<!doctype html><title>r</title>")
    SimulationChart.objects.create(run=run, name="wait-median", title="t", png=PNG)
    return run


def run_immediately(settings: Settings) -> None:
    """Started runs run at once in this process on the tiny scenario, in one process (no process pool)."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    settings.PLAATSREGIE_SCENARIO_DIR = TINY_SCENARIOS
    settings.PLAATSREGIE_SIMULATION_WORKERS = 1
