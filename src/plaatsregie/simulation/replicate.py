"""Replications: a replication is a pure function (scenario, policy, seed, replication) -> result.

Nothing is shared between replications but their inputs, so any executor can run them: here a local
`ProcessPoolExecutor`; a Ray or Dask cluster can map the same `run_replication` over the same task tuples
(docs/simulation.md). Policies share the random streams of a replication (common random numbers).
"""

from __future__ import annotations

import math
import os
import time
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass, field

import numpy as np
from scipy import stats

from plaatsregie.core.policy import Policy
from plaatsregie.simulation.engine import CollectorOff, Run
from plaatsregie.simulation.ledger import Admission, Outcomes
from plaatsregie.simulation.metrics import summarise
from plaatsregie.simulation.scenario import Scenario
from plaatsregie.simulation.streams import Streams
from plaatsregie.simulation.world import build_world


@dataclass(frozen=True)
class ReplicationResult:
    """The figures of one replication of one policy, with run counts; the full record when traced."""

    policy_id: str
    replication: int
    metrics: dict[str, float]
    events: int
    rank_calls: int
    seconds: float
    admissions: tuple[Admission, ...] = ()
    discharges: tuple[tuple[int, str], ...] = ()
    outcomes: Outcomes | None = None


@dataclass(frozen=True)
class Estimate:
    """Mean over replications with a 95% confidence interval (Student t); NaN-free replications only."""

    mean: float
    low: float
    high: float
    n: int


@dataclass
class Experiment:
    """Every replication of every policy, and the per-policy estimates of each figure."""

    policies: tuple[str, ...]
    years: float
    replications: int
    seed: int
    results: list[ReplicationResult] = field(default_factory=list)

    def of(self, policy_id: str) -> list[ReplicationResult]:
        return sorted((r for r in self.results if r.policy_id == policy_id), key=lambda r: r.replication)

    def metric_names(self) -> list[str]:
        return list(self.results[0].metrics) if self.results else []

    def estimates(self, policy_id: str) -> dict[str, Estimate]:
        """Per figure: mean and 95% interval over this policy's replications."""
        runs = self.of(policy_id)
        return {name: estimate([r.metrics[name] for r in runs]) for name in self.metric_names()}


def estimate(values: Sequence[float]) -> Estimate:
    """Mean and 95% t-interval of the finite values (a single value has no interval)."""
    finite = np.array([v for v in values if math.isfinite(v)], dtype=np.float64)
    if len(finite) == 0:
        return Estimate(float("nan"), float("nan"), float("nan"), 0)
    mean = float(finite.mean())
    if len(finite) == 1:
        return Estimate(mean, float("nan"), float("nan"), 1)
    half = float(stats.t.ppf(0.975, len(finite) - 1) * finite.std(ddof=1) / math.sqrt(len(finite)))
    return Estimate(mean, mean - half, mean + half, len(finite))


def run_replication(
    scenario: Scenario, policy: Policy, seed: int, replication: int, years: float, trace: bool = False
) -> ReplicationResult:
    """One replication: the same (scenario, policy, seed, replication, years) always gives the same result."""
    started = time.perf_counter()
    # The collector stays off until the run is summed up and dropped (`Run.run`): switched on with the run still
    # alive, its first collections would scan every request, case and log entry the run made, ~3 % of a run.
    with CollectorOff():
        run = Run(scenario, policy, build_world(scenario), Streams.of(seed, replication), years)
        ledger = run.run()
        result = ReplicationResult(
            policy_id=policy.id, replication=replication, metrics=summarise(ledger), events=ledger.events,
            rank_calls=run.rank_calls, seconds=time.perf_counter() - started,
            admissions=tuple(ledger.admissions) if trace else (),
            discharges=tuple(ledger.discharges) if trace else (), outcomes=ledger.outcomes if trace else None,
        )
        del run, ledger  # freed by reference counting: a run makes no reference cycles
    return result


def default_workers() -> int:
    """All cores."""
    return os.cpu_count() or 1


def run_experiment(
    scenario: Scenario,
    policies: Sequence[Policy],
    *,
    years: float,
    replications: int,
    seed: int,
    workers: int | None = None,
    progress: Callable[[ReplicationResult], None] | None = None,
) -> Experiment:
    """Every policy × replication, in parallel on `workers` processes (1: in this process)."""
    experiment = Experiment(tuple(p.id for p in policies), years, replications, seed)
    tasks = [(scenario, policy, seed, r, years) for r in range(replications) for policy in policies]
    workers = default_workers() if workers is None else workers
    if workers <= 1:
        for task in tasks:
            _record(experiment, run_replication(*task), progress)
    else:
        _run_parallel(experiment, tasks, workers, progress)
    experiment.results.sort(key=lambda r: (experiment.policies.index(r.policy_id), r.replication))
    return experiment


def _run_parallel(
    experiment: Experiment, tasks: list[tuple[Scenario, Policy, int, int, float]], workers: int,
    progress: Callable[[ReplicationResult], None] | None,
) -> None:
    with ProcessPoolExecutor(max_workers=min(workers, len(tasks))) as executor:
        futures = [executor.submit(run_replication, *task) for task in tasks]
        for future in as_completed(futures):
            _record(experiment, future.result(), progress)


def _record(
    experiment: Experiment, result: ReplicationResult, progress: Callable[[ReplicationResult], None] | None
) -> None:
    experiment.results.append(result)
    if progress is not None:
        progress(result)
