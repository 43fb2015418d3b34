"""Export in the import format (CSV or XLSX), so export → import changes nothing.

A request export holds personal data (birth date, home location): only the placement team may make one, and it
is logged like a view — one access-log entry per youth in the file (channel "export"), written in bulk, so the
youth's access log shows the export like any other view of the file.
"""

from __future__ import annotations

import csv
import io
from datetime import date
from typing import Any

from django.contrib.auth.models import User
from django.utils import timezone

from plaatsregie.accounts.models import AccessLogEntry
from plaatsregie.interchange.formats import FORMATS, EntityFormat, Kind
from plaatsregie.interchange.scope import Scope, export_scope

CSV_DELIMITER = ";"  # what Excel with Belgian settings writes and reads


def export_rows(entity: str, scope: Scope) -> list[dict[str, Any]]:
    from plaatsregie.interchange import admissions, places, requests

    return {"places": places.export_rows, "requests": requests.export_rows,
            "admissions": admissions.export_rows}[entity](scope)


def export(entity: str, fmt: str, *, actor: User | None, facility_id: int | None = None) -> bytes:
    """The file's bytes; PermissionDenied when the user may not export this."""
    scope = export_scope(actor, entity, facility_id)
    rows = export_rows(entity, scope)
    if entity == "requests" and actor is not None:
        at = timezone.now()
        youth_ids = sorted({row["_youth_id"] for row in rows})
        AccessLogEntry.objects.bulk_create([AccessLogEntry(user=actor, at=at, youth_id=youth_id,
                                                           purpose="export aanmeldingen", channel="export")
                                            for youth_id in youth_ids], batch_size=2000)
    return write(FORMATS[entity], rows, fmt)


def write(entity_format: EntityFormat, rows: list[dict[str, Any]], fmt: str) -> bytes:
    if fmt == "csv":
        return write_csv(entity_format, rows)
    if fmt == "xlsx":
        return write_xlsx(entity_format, rows)
    raise ValueError(f"unknown format {fmt}")


def write_csv(entity_format: EntityFormat, rows: list[dict[str, Any]]) -> bytes:
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, delimiter=CSV_DELIMITER, lineterminator="\r\n")
    writer.writerow([column.header for column in entity_format.columns])
    for row in rows:
        writer.writerow([column.render(row.get(column.name)) for column in entity_format.columns])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")  # the BOM makes Excel read UTF-8


def write_xlsx(entity_format: EntityFormat, rows: list[dict[str, Any]]) -> bytes:
    from openpyxl import Workbook

    workbook = Workbook()  # not write-only: that mode writes no sheet dimension, which makes readers parse twice
    sheet = workbook.active
    assert sheet is not None
    sheet.title = entity_format.label
    sheet.append([column.header for column in entity_format.columns])
    date_columns = [index for index, column in enumerate(entity_format.columns, start=1) if column.kind is Kind.DATE]
    for row in rows:
        cells: list[Any] = []
        for column in entity_format.columns:
            value = row.get(column.name)
            typed = column.kind in (Kind.INTEGER, Kind.DECIMAL) and value is not None
            if typed or (column.kind is Kind.DATE and isinstance(value, date)):
                cells.append(value)
            else:
                cells.append(column.render(value) or None)
        sheet.append(cells)
    for index in date_columns:
        for (cell,) in sheet.iter_rows(min_row=2, min_col=index, max_col=index):
            cell.number_format = "DD/MM/YYYY"
    explanation = workbook.create_sheet("uitleg")
    explanation.append(["kolom", "type", "verplicht", "sleutel", "toegelaten waarden", "uitleg"])
    for column in entity_format.columns:
        explanation.append([column.header, column.kind.value, "ja" if column.required else "nee",
                            "ja" if column.key else "nee", column.example, column.description])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def template(entity: str, fmt: str) -> bytes:
    """An empty file with the column names (and, in XLSX, a sheet explaining each column)."""
    return write(FORMATS[entity], [], fmt)
