"""The monthly report per province and for Flanders as PDF (issue 6, seed 002 Stap 7: "Opvolging provinciaal",
"Vlaams niveau"): the month's key indicator tables with their charts, and the monthly check summary.

Charts are PNG images drawn with matplotlib (Agg, no display), embedded in an HTML template that WeasyPrint
renders. Aggregates only: no youth, no dossier number, no staff name appears in the report (tables with
`personal=True` are left out)."""

from __future__ import annotations

import base64
import io
import logging
from collections.abc import Callable, Sequence
from datetime import date, timedelta
from typing import Any

from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from plaatsregie.monitoring.tables import Cell, Table

log = logging.getLogger(__name__)
PDF_ROWS = 40  # rows of a table shown in the PDF; the full table is in the CSV/XLSX export
CHART_BARS = 30  # labels drawn in one chart
PALETTE = ("#1f5f8b", "#e0a526", "#5a9e6f", "#b5525c", "#7d6aa8", "#8c8c8c")


def _number(value: Cell) -> float:
    if isinstance(value, int | float):
        return float(value)
    try:
        return float(str(value).replace(",", "."))
    except (TypeError, ValueError):
        return 0.0


def chart_png(table: Table, *, width: float = 7.0, height: float = 3.2) -> bytes | None:
    """The table drawn as its `chart` kind (bar, line, stacked) into a PNG; None for `none` or no rows.

    The first column gives the labels (x axis), each `series` column (default: the second column) a series."""
    if table.chart == "none" or not table.rows or len(table.columns) < 2:
        return None
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib import pyplot as plt

    keys = table.column_keys()
    series = [s for s in (table.series or keys[1:2]) if s in keys]
    rows = list(table.rows)[:CHART_BARS]
    labels = [str(row[0]) for row in rows]
    figure, axes = plt.subplots(figsize=(width, height), dpi=110)
    try:
        positions = list(range(len(rows)))
        bottom = [0.0] * len(rows)
        bar_width = 0.8 / (1 if table.chart == "stacked" else max(1, len(series)))
        for index, key in enumerate(series):
            column = table.columns[keys.index(key)]
            values = [_number(row[keys.index(key)]) for row in rows]
            label = f"{column.label}" + (f" ({column.unit})" if column.unit else "")
            colour = PALETTE[index % len(PALETTE)]
            if table.chart == "line":
                axes.plot(positions, values, marker="o", label=label, color=colour)
            elif table.chart == "stacked":
                axes.bar(positions, values, bottom=bottom, label=label, color=colour)
                bottom = [b + v for b, v in zip(bottom, values, strict=True)]
            else:
                offset = (index - (len(series) - 1) / 2) * bar_width
                axes.bar([p + offset for p in positions], values, width=bar_width, label=label, color=colour)
        axes.set_xticks(positions)
        axes.set_xticklabels(labels, rotation=45 if len(labels) > 6 else 0, ha="right" if len(labels) > 6 else "center",
                             fontsize=7)
        axes.spines[["top", "right"]].set_visible(False)
        axes.grid(axis="y", alpha=0.3)
        if len(series) > 1:
            axes.legend(fontsize=7, frameon=False)
        figure.tight_layout()
        out = io.BytesIO()
        figure.savefig(out, format="png")
        return out.getvalue()
    finally:
        plt.close(figure)


def _month_end(month: date) -> date:
    return (month.replace(day=28) + timedelta(days=4)).replace(day=1) - timedelta(days=1)


def indicator_tables(month: date, province: str) -> list[Table]:
    """The month's key indicators from `plaatsregie.monitoring.indicators` (each skipped if it fails)."""
    try:
        from plaatsregie.monitoring import indicators
    except ImportError:  # the indicators are another part of the monitoring; the report works without them
        return []
    first, last = month.replace(day=1), min(_month_end(month), timezone.localdate())
    scope_class = indicators.Scope
    month_scope = scope_class(start=first, end=last, province=province)
    year_scope = scope_class.last_months(11, end=last, province=province)
    wanted: list[tuple[str, Any]] = [
        ("occupancy_trend", year_scope), ("occupancy", month_scope), ("places_by_status", month_scope),
        ("unavailable_reasons", month_scope), ("structurally_unavailable", month_scope),
        ("short_stay", month_scope), ("pool_evolution", year_scope), ("waiting_times", month_scope),
        ("report_to_admission", month_scope), ("vacancy_after_free", month_scope),
        ("refusal_reasons", month_scope), ("inflow", month_scope),
    ]
    # Flanders (D-32): figures per province side by side; a province: its facilities side by side (D-31)
    grouped = {"occupancy", "places_by_status", "inflow"} if not province else set()
    tables = []
    for name, scope in wanted:
        function: Callable[..., Table] | None = getattr(indicators, name, None)
        if function is None:
            continue
        try:
            table = function(scope, group="province") if name in grouped else function(scope)
        except Exception:  # one indicator failing must not lose the whole report
            log.exception("monthly report: indicator %s failed", name)
            continue
        if not table.personal:
            tables.append(table)
    return tables


def followup_tables(month: date, province: str) -> list[Table]:
    """The monthly check summary and the follow-up items of the month (counts only)."""
    from plaatsregie.followup import tables as followup
    from plaatsregie.registry.models import Facility

    facilities = Facility.objects.filter(region=province) if province else Facility.objects.all()
    ids = list(facilities.values_list("pk", flat=True))
    summary = followup.check_summary_table(month, ids) if province else followup.check_summary_by_province_table(
        month)
    return [followup.check_kinds_table(month, ids), summary, followup.followup_counts_table(month, ids)]


def _shown(table: Table) -> dict[str, Any]:
    png = chart_png(table)
    rows = list(table.rows)
    return {"table": table, "rows": rows[:PDF_ROWS], "more": max(0, len(rows) - PDF_ROWS),
            "chart": base64.b64encode(png).decode("ascii") if png else ""}


def render_html(month: date, province: str, tables: Sequence[Table] | None = None) -> str:
    """The report as HTML (what WeasyPrint prints)."""
    month = month.replace(day=1)
    tables = list(tables) if tables is not None else indicator_tables(month, province) + followup_tables(
        month, province)
    return render_to_string("followup/report_pdf.html", {
        "month": month, "province": province, "area": province or _("Vlaanderen"),
        "sections": [_shown(t) for t in tables], "generated": timezone.localtime(),
    })


def render_pdf(month: date, province: str = "", tables: Sequence[Table] | None = None) -> bytes:
    """The monthly report of `province` ("" = Flanders) for `month` as PDF bytes."""
    from weasyprint import HTML

    pdf: bytes = HTML(string=render_html(month, province, tables)).write_pdf()
    return pdf
