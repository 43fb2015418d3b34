"""The background task that runs a simulation (django-tasks; the database backend's worker is `db_worker`)."""

from __future__ import annotations

import logging
import tempfile
from pathlib import Path

from django.conf import settings
from django.db.models import F
from django.utils import timezone
from django_tasks import task

from plaatsregie.core.errors import DomainError
from plaatsregie.core.policy import policy_from_bytes
from plaatsregie.simruns.charts import CHARTS, chart_png
from plaatsregie.simruns.models import RunStatus, SimulationChart, SimulationRun
from plaatsregie.simruns.services import scenarios
from plaatsregie.simulation.replicate import ReplicationResult, run_experiment
from plaatsregie.simulation.report import document, write_html
from plaatsregie.simulation.scenario import load_scenario

logger = logging.getLogger(__name__)


@task()
def run_simulation(run_id: int) -> str:
    """Run a recorded simulation and store its report; returns the run's final status."""
    return execute(run_id)


def execute(run_id: int) -> str:
    """Claim the waiting run, run every policy × replication, store figures, HTML report and charts.

    A run that is not waiting (already taken by another worker, or done) is left alone. A failure is recorded on
    the run with a message that names no personal data (runs hold none); unexpected errors are logged in full.
    """
    claimed = SimulationRun.objects.filter(pk=run_id, status=RunStatus.WAITING).update(
        status=RunStatus.RUNNING, started_at=timezone.now())
    if not claimed:
        return "skipped"
    run = SimulationRun.objects.get(pk=run_id)
    try:
        _run(run)
    except DomainError as error:
        _fail(run_id, str(error))
        return RunStatus.FAILED
    except Exception as error:  # recorded on the run; the worker keeps going
        logger.exception("simulation run %s failed", run_id)
        _fail(run_id, f"Onverwachte fout ({type(error).__name__}); zie het logboek van de achtergrondverwerking.")
        return RunStatus.FAILED
    return RunStatus.DONE


def _run(run: SimulationRun) -> None:
    path = scenarios().get(run.scenario)
    if path is None:
        raise DomainError(f"Het scenario '{run.scenario}' bestaat niet meer.")
    scenario = load_scenario(path)
    policies = [policy_from_bytes(p["text"].encode("utf-8"), f"{p['id']} v{p['version']}") for p in run.policies]

    def advance(_result: ReplicationResult) -> None:
        SimulationRun.objects.filter(pk=run.pk).update(done_replications=F("done_replications") + 1)

    experiment = run_experiment(scenario, policies, years=float(run.years), replications=run.replications,
                                seed=run.seed, workers=settings.PLAATSREGIE_SIMULATION_WORKERS, progress=advance)
    figures = document(experiment)
    with tempfile.TemporaryDirectory() as directory:
        report = Path(directory) / "report.html"
        write_html(experiment, report, f"{run.scenario}.toml")
        html = report.read_text(encoding="utf-8")
    charts = [SimulationChart(run=run, name=name, title=title, png=chart_png(figures, pattern, title))
              for name, pattern, title in CHARTS]
    SimulationChart.objects.filter(run=run).delete()
    SimulationChart.objects.bulk_create(charts)
    SimulationRun.objects.filter(pk=run.pk).update(status=RunStatus.DONE, finished_at=timezone.now(), result=figures,
                                                    report_html=html, done_replications=len(experiment.results))


def _fail(run_id: int, message: str) -> None:
    SimulationRun.objects.filter(pk=run_id).update(status=RunStatus.FAILED, finished_at=timezone.now(),
                                                    error=message)
