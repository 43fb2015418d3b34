"""Exporting a `Table` (or several) as CSV or XLSX, and the Django response that checks and logs it.

CSV: UTF-8 with a byte order mark and `;` as separator, so Excel with Belgian (nl-BE) settings opens it with
accents intact and columns split; decimals are written with a point, as Python prints them. The definition of
the table is not in the CSV (one header row, then the data) — it is in the XLSX, in a note row under the title.

XLSX: one sheet per table: title (row 1), definition (row 2, a note), bold header row (row 3), then the rows.

`export_response` refuses a table with `personal=True` to a user who may not see the youths in it, and logs
the export of a personal table like a view: one access-log entry per youth (channel "export") and one audit
record naming the table.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from django.http import HttpRequest, HttpResponse
from django.utils import timezone

from plaatsregie.monitoring.tables import Cell, Table

Format = Literal["csv", "xlsx"]
CSV_SEPARATOR = ";"
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _text(value: object) -> str:
    return "" if value is None else str(value)


def csv_bytes(table: Table) -> bytes:
    """The table as CSV: UTF-8 with BOM, `;`-separated, header row of column labels (with their unit)."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=CSV_SEPARATOR, lineterminator="\r\n")
    writer.writerow([_label(c.label, c.unit) for c in table.columns])
    for row in table.rows:
        writer.writerow([_text(cell) for cell in row])
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def _label(label: object, unit: object) -> str:
    return f"{label} ({unit})" if _text(unit) else _text(label)


def _sheet_title(title: str, taken: set[str]) -> str:
    """An Excel sheet name: ≤ 31 characters, none of []:*?/\\, unique in the workbook."""
    base = re.sub(r"[\[\]:*?/\\]", " ", title).strip()[:31] or "Tabel"
    name, n = base, 2
    while name.lower() in taken:
        suffix = f" ({n})"
        name, n = base[: 31 - len(suffix)] + suffix, n + 1
    taken.add(name.lower())
    return name


def _cell(value: Cell) -> Cell:
    """Numbers stay numbers; labels (also lazily translated ones) become text."""
    return value if value is None or isinstance(value, int | float) else str(value)


def xlsx_bytes(tables: Sequence[Table]) -> bytes:
    """The tables as one workbook, one sheet each: title, definition (note row), bold header row, rows."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    book = Workbook()
    book.remove(book.active)
    taken: set[str] = set()
    for table in tables:
        sheet = book.create_sheet(_sheet_title(_text(table.title), taken))
        width = max(1, len(table.columns))
        sheet.append([_text(table.title)])
        sheet["A1"].font = Font(bold=True, size=13)
        sheet.append([_text(table.definition) + (f" {_text(table.note)}" if _text(table.note) else "")])
        sheet["A2"].font = Font(italic=True)
        sheet["A2"].alignment = Alignment(wrap_text=True, vertical="top")
        if width > 1:
            sheet.merge_cells(start_row=2, start_column=1, end_row=2, end_column=width)
        sheet.row_dimensions[2].height = 15 * max(1, min(8, len(_text(table.definition)) // 90 + 1))
        sheet.append([_label(c.label, c.unit) for c in table.columns])
        for cell in sheet[3]:
            cell.font = Font(bold=True)
        for row in table.rows:
            sheet.append([_cell(value) for value in row])
        for index, column in enumerate(table.columns, start=1):
            letter = sheet.cell(row=3, column=index).column_letter
            sheet.column_dimensions[letter].width = max(12, min(48, len(_label(column.label, column.unit)) + 4))
        sheet.freeze_panes = "A4"
    if not tables:
        book.create_sheet("Leeg")
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def may_see_personal(user: object) -> bool:
    """Whether the user may see tables that identify youths: the placement team (team members, team leads)."""
    from plaatsregie.accounts.rules import can
    from plaatsregie.accounts.vocabulary import Permission

    return can(user, Permission.TEAM_POOL)  # type: ignore[arg-type]


@dataclass(frozen=True)
class ExportedTable:
    """The thing an audit record names for an export: the table's key."""

    ref: str
    pk: None = None


def log_personal_export(user: object, table: Table) -> None:
    """Log the export of a personal table like a view: access-log entries per youth and one audit record."""
    from django.contrib.auth.models import User

    from plaatsregie.accounts.audit import audit
    from plaatsregie.accounts.models import AccessLogEntry
    from plaatsregie.accounts.vocabulary import AuditEvent

    if not isinstance(user, User):
        return
    now = timezone.now()
    AccessLogEntry.objects.bulk_create(
        AccessLogEntry(user=user, at=now, youth_id=youth_id, purpose=f"export {table.key}"[:80], channel="export")
        for youth_id in sorted(set(table.youth_ids))
    )
    audit(user, AuditEvent.TABLE_EXPORTED, ExportedTable(ref=table.key[:60]),
          new={"rows": len(table.rows), "youths": len(set(table.youth_ids))})


def _filename(name: str, fmt: Format) -> str:
    safe = re.sub(r"[^A-Za-z0-9._-]+", "-", name).strip("-") or "export"
    return f"{safe}.{fmt}"


def export_response(request: HttpRequest, table_or_tables: Table | Sequence[Table], fmt: Format,
                    filename: str) -> HttpResponse:
    """The download of one table (CSV or XLSX) or several (XLSX; CSV takes the first).

    A personal table is refused (403) to a user who may not see youths' data; exporting one is logged."""
    from plaatsregie.web.pages import forbidden

    tables = [table_or_tables] if isinstance(table_or_tables, Table) else list(table_or_tables)
    personal = [t for t in tables if t.personal]
    if personal and not may_see_personal(request.user):
        return forbidden(request, "Deze tabel bevat persoonsgegevens die u niet mag inzien.")
    for table in personal:
        log_personal_export(request.user, table)
    if fmt == "csv":
        body, content_type = csv_bytes(tables[0]) if tables else b"\xef\xbb\xbf", "text/csv; charset=utf-8"
    elif fmt == "xlsx":
        body, content_type = xlsx_bytes(tables), XLSX_TYPE
    else:
        raise ValueError(fmt)
    response = HttpResponse(body, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{_filename(filename, fmt)}"'
    response["Cache-Control"] = "no-store"
    return response
