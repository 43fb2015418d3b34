"""`Table`: what every indicator returns and every dashboard, CSV/XLSX export and PDF report presents.

One shape for all figures keeps presentation apart from definition: an indicator computes a `Table` (in the
database, not row by row), the web shows it as a chart plus the table under it, exports write its rows.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Literal

from django.utils.functional import Promise

Text = str | Promise
Cell = str | int | float | None
ChartKind = Literal["bar", "line", "stacked", "none"]


@dataclass(frozen=True)
class Column:
    key: str
    label: Text
    unit: Text = ""  # e.g. "%", "dagen"


@dataclass(frozen=True)
class Table:
    """A titled table of figures with its definition in words a facility would accept.

    `chart` says how the dashboard draws it: the first column gives the labels (x axis), the `series` columns
    the values. `drill` maps a row's label to the URL of the records behind it (filled in by the web layer,
    respecting access rights); `personal` is True when rows identify youths (exports are then logged and only
    for users who may see them)."""

    key: str
    title: Text
    definition: Text
    columns: Sequence[Column]
    rows: Sequence[Sequence[Cell]]
    chart: ChartKind = "bar"
    series: Sequence[str] = ()
    note: Text = ""
    personal: bool = False
    drill: dict[str, str] = field(default_factory=dict)
    youth_ids: Sequence[int] = ()  # for a personal table: the youths in it (an export logs one access each)
    drill_kind: str = ""  # which records lie behind a row (the web layer turns it into `drill` links)
    row_keys: Sequence[str] = ()  # per row, an opaque key for `drill_kind` (a facility ref, an urgency, …)

    def column_keys(self) -> list[str]:
        return [c.key for c in self.columns]
