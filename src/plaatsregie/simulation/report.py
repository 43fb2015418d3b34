"""An experiment's figures for people and programs: a terminal table, JSON, CSV and a self-contained HTML report."""

from __future__ import annotations

import base64
import csv
import html
import io
import json
import math
from pathlib import Path
from typing import Any

from plaatsregie.simulation.replicate import Estimate, Experiment

CHARTED = (
    ("wait_median_u{}", "Median wait (days) by urgency class"),
    ("wait_p90_u{}", "90th percentile wait (days) by urgency class"),
)


def _number(value: float) -> str:
    return "–" if not math.isfinite(value) else f"{value:,.3f}" if abs(value) < 10 else f"{value:,.0f}"


def _interval(e: Estimate) -> str:
    if not math.isfinite(e.low):
        return _number(e.mean)
    return f"{_number(e.mean)} [{_number(e.low)}, {_number(e.high)}]"


def table(experiment: Experiment) -> str:
    """One row per figure, one column per policy: mean [95% interval]."""
    estimates = {p: experiment.estimates(p) for p in experiment.policies}
    rows = [["figure", *experiment.policies]]
    for name in experiment.metric_names():
        rows.append([name, *(_interval(estimates[p][name]) for p in experiment.policies)])
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    lines = ["  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)) for row in rows]
    lines.insert(1, "  ".join("-" * width for width in widths))
    return "\n".join(lines) + "\n"


def document(experiment: Experiment) -> dict[str, Any]:
    """The JSON document: run parameters, per-policy estimates and every replication's figures."""

    def finite(value: float) -> float | None:
        return value if math.isfinite(value) else None

    return {
        "years": experiment.years, "replications": experiment.replications, "seed": experiment.seed,
        "policies": {
            policy: {
                "estimates": {
                    name: {"mean": finite(e.mean), "ci95": [finite(e.low), finite(e.high)], "n": e.n}
                    for name, e in experiment.estimates(policy).items()
                },
                "replications": [
                    {"replication": r.replication, "events": r.events, "rank_calls": r.rank_calls,
                     "seconds": round(r.seconds, 3), "metrics": {k: finite(v) for k, v in r.metrics.items()}}
                    for r in experiment.of(policy)
                ],
            }
            for policy in experiment.policies
        },
    }


def write_json(experiment: Experiment, path: Path) -> None:
    path.write_text(json.dumps(document(experiment), indent=2) + "\n", encoding="utf-8")


def write_csv(experiment: Experiment, path: Path) -> None:
    """One row per policy and figure: mean, interval and number of replications."""
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["policy", "figure", "mean", "ci95_low", "ci95_high", "replications"])
        for policy in experiment.policies:
            for name, e in experiment.estimates(policy).items():
                writer.writerow([policy, name, e.mean, e.low, e.high, e.n])


def _chart(experiment: Experiment, pattern: str, title: str) -> str:
    """A bar chart per urgency class and policy with 95% intervals, as a base64 PNG."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    figure, axes = plt.subplots(figsize=(7, 3.2))
    width = 0.8 / max(len(experiment.policies), 1)
    for i, policy in enumerate(experiment.policies):
        estimates = experiment.estimates(policy)
        values = [estimates[pattern.format(u)] for u in (1, 2, 3, 4)]
        means = [e.mean if math.isfinite(e.mean) else 0.0 for e in values]
        errors = [e.mean - e.low if math.isfinite(e.low) else 0.0 for e in values]
        axes.bar([u + i * width for u in range(4)], means, width, yerr=errors, label=policy, capsize=3)
    axes.set_xticks([u + width * (len(experiment.policies) - 1) / 2 for u in range(4)], ["1", "2", "3", "4"])
    axes.set_xlabel("urgency class at registration (1 = most urgent)")
    axes.set_title(title)
    axes.legend()
    buffer = io.BytesIO()
    figure.tight_layout()
    figure.savefig(buffer, format="png", dpi=100)
    plt.close(figure)
    return base64.b64encode(buffer.getvalue()).decode("ascii")


def write_html(experiment: Experiment, path: Path, scenario_source: str) -> None:
    """A self-contained HTML report: parameters, charts (embedded PNG) and the table of every figure."""
    charts = "".join(
        f'<figure><img alt="{html.escape(title)}" src="data:image/png;base64,{_chart(experiment, pattern, title)}">'
        f"</figure>"
        for pattern, title in CHARTED
    )
    head = "".join(f"<th>{html.escape(p)}</th>" for p in experiment.policies)
    rows = "".join(
        f"<tr><td>{html.escape(name)}</td>"
        + "".join(f"<td>{html.escape(_interval(experiment.estimates(p)[name]))}</td>" for p in experiment.policies)
        + "</tr>"
        for name in experiment.metric_names()
    )
    path.write_text(
        "<!doctype html><html lang=\"en\"><meta charset=\"utf-8\"><title>Plaatsregie policy simulation</title>"
        "<style>body{font-family:sans-serif;margin:2em}td,th{padding:.2em .6em;border-bottom:1px solid #ddd}"
        "td:first-child{font-family:monospace}</style>"
        f"<h1>Policy simulation</h1><p>Scenario {html.escape(scenario_source)}; {experiment.years:g} years; "
        f"{experiment.replications} replications; seed {experiment.seed}. Mean [95% interval] per figure; "
        f"every policy ran on the same random streams (docs/simulation.md).</p>{charts}"
        f"<table><tr><th>figure</th>{head}</tr>{rows}</table></html>\n",
        encoding="utf-8",
    )
