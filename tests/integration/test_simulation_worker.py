"""The real background path of a web simulation run: enqueued on django-tasks' database backend (the configured
one), waiting until a worker runs it, then run by `plaatsregie db_worker --batch` (what `make demo` starts)."""

from __future__ import annotations

import signal
from collections.abc import Iterator
from io import StringIO

import pytest
from django.core.management import call_command
from django_tasks_db.models import DBTaskResult
from pytest_django.fixtures import Settings

from plaatsregie.accounts.roles import PermissionDenied
from plaatsregie.accounts.vocabulary import Role
from plaatsregie.simruns.models import RunStatus, SimulationRun
from plaatsregie.simruns.services import run_start
from tests.integration.personas import a_user
from tests.web.simulation_runs import TINY_SCENARIOS

# The worker checks its connections like a request does, which would end a test wrapped in one transaction.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture
def tiny(settings: Settings) -> None:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.PLAATSREGIE_SCENARIO_DIR = TINY_SCENARIOS
    settings.PLAATSREGIE_SIMULATION_WORKERS = 1


@pytest.fixture
def signals_restored() -> Iterator[None]:
    """The worker installs its own SIGINT/SIGTERM handlers: give pytest its own back."""
    saved = {s: signal.getsignal(s) for s in (signal.SIGINT, signal.SIGTERM, signal.SIGQUIT)}
    yield
    for s, handler in saved.items():
        signal.signal(s, handler)


def test_a_run_waits_for_the_worker_and_the_worker_runs_it(tiny: None, signals_restored: None,
                                                           settings: Settings) -> None:
    assert settings.TASKS["default"]["BACKEND"] == "django_tasks_db.DatabaseBackend"
    officer = a_user("beleid", Role.POLICY_OFFICER, region="Antwerpen")
    run = run_start(actor=officer, scenario="tiny", policies=["file:default"], years=1, replications=2, seed=3)
    assert run.status == RunStatus.WAITING and DBTaskResult.objects.filter(id=run.task_id).exists()
    call_command("db_worker", batch=True, startup_delay=False, reload=False, interval=0, stdout=StringIO())
    run.refresh_from_db()
    assert (run.status, run.done_replications, run.error) == (RunStatus.DONE, 2, "")
    assert run.started_at is not None and run.finished_at is not None and run.result is not None
    assert DBTaskResult.objects.get(id=run.task_id).status == "SUCCESSFUL"


@pytest.mark.django_db
def test_only_admins_and_policy_officers_start_runs(tiny: None) -> None:
    judge = a_user("rechter", Role.JUDGE)
    with pytest.raises(PermissionDenied):
        run_start(actor=judge, scenario="tiny", policies=["file:default"], years=1, replications=1, seed=1)
    assert not SimulationRun.objects.exists()
