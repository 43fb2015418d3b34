"""The charts of a run's report as PNG, drawn from the stored figures (the JSON document of simulation.report)."""

from __future__ import annotations

import io
from typing import Any

CHARTS = (
    ("wait-median", "wait_median_u{}", "Mediane wachttijd (dagen) per urgentieklasse"),
    ("wait-p90", "wait_p90_u{}", "90e percentiel wachttijd (dagen) per urgentieklasse"),
)


def _mean_and_error(figure: dict[str, Any] | None) -> tuple[float, float]:
    if not figure or figure.get("mean") is None:
        return 0.0, 0.0
    low = (figure.get("ci95") or [None])[0]
    return float(figure["mean"]), float(figure["mean"] - low) if low is not None else 0.0


def chart_png(document: dict[str, Any], pattern: str, title: str) -> bytes:
    """Bars per urgency class (1 = most urgent) and policy, with their 95% intervals."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    policies = list(document["policies"])
    figure, axes = plt.subplots(figsize=(7, 3.2))
    width = 0.8 / max(len(policies), 1)
    for i, policy in enumerate(policies):
        estimates = document["policies"][policy]["estimates"]
        bars = [_mean_and_error(estimates.get(pattern.format(u))) for u in (1, 2, 3, 4)]
        axes.bar([u + i * width for u in range(4)], [m for m, _e in bars], width,
                 yerr=[e for _m, e in bars], label=policy, capsize=3)
    axes.set_xticks([u + width * (len(policies) - 1) / 2 for u in range(4)], ["1", "2", "3", "4"])
    axes.set_xlabel("urgentieklasse bij aanmelding (1 = meest urgent)")
    axes.set_title(title)
    axes.legend()
    buffer = io.BytesIO()
    figure.tight_layout()
    figure.savefig(buffer, format="png", dpi=100)
    plt.close(figure)
    return buffer.getvalue()
