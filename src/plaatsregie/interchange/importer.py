"""An import: read, check the header, parse every cell, check every row, then write all rows or none.

Everything runs inside one `transaction.atomic()`: the checks see the same database the writes change, and a
refusal by a service while writing (a row error found late) rolls back every row written before it.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Protocol

from django.contrib.auth.models import User
from django.db import transaction

from plaatsregie.accounts.audit import audit
from plaatsregie.accounts.vocabulary import AuditEvent
from plaatsregie.core.errors import DomainError
from plaatsregie.interchange.formats import FORMATS, CellError, EntityFormat
from plaatsregie.interchange.readers import MAX_BYTES, MAX_ROWS, FileRejected, Table, read_table
from plaatsregie.interchange.report import ImportReport
from plaatsregie.interchange.scope import Scope, import_scope


@dataclass
class Row:
    line: int
    values: dict[str, Any]


class RowFailed(DomainError):
    """A service refused a row while writing: every write of this import is rolled back."""

    def __init__(self, line: int, column: str, reason: str) -> None:
        super().__init__(reason)
        self.line, self.column = line, column


class Plan(Protocol):
    @property
    def new(self) -> int: ...

    @property
    def changed(self) -> int: ...

    @property
    def unchanged(self) -> int: ...

    def apply(self) -> None: ...


Planner = Callable[[list[Row], Scope, ImportReport], Plan]


class _Rollback(Exception):
    pass


def planner_for(entity: str) -> Planner:
    from plaatsregie.interchange import admissions, places, requests

    planners: dict[str, Planner] = {"places": places.plan, "requests": requests.plan,
                                    "admissions": admissions.plan}
    return planners[entity]


def run_import(entity: str, filename: str, data: bytes, *, actor: User | None, dry_run: bool = False,
               max_rows: int = MAX_ROWS, max_bytes: int = MAX_BYTES) -> ImportReport:
    """Import one file; the report says what was (or would be) written, or every reason nothing was."""
    fmt = FORMATS[entity]
    report = ImportReport(entity, filename, dry_run=dry_run)
    scope = import_scope(actor, entity)  # PermissionDenied: the caller shows it
    try:
        table = read_table(filename, data, max_rows=max_rows, max_bytes=max_bytes)
    except FileRejected as rejected:
        report.error(0, "", str(rejected))
        return report
    rows = parse_rows(fmt, table, report)
    report.rows = len(table.rows)
    if report.errors:
        return report
    if not rows:
        report.error(0, "", "Het bestand bevat geen gegevensregels onder de kolomnamen.")
        return report
    try:
        with transaction.atomic():
            plan = planner_for(entity)(rows, scope, report)
            if report.errors:
                raise _Rollback
            report.new, report.changed, report.unchanged = plan.new, plan.changed, plan.unchanged
            if dry_run:
                raise _Rollback
            plan.apply()
            if plan.new or plan.changed:
                audit(actor, AuditEvent.IMPORT_APPLIED, _FileRef(filename[-60:], data),
                      new={"entity": entity, "rows": len(rows), "new": plan.new, "changed": plan.changed,
                           "unchanged": plan.unchanged, "sha256": hashlib.sha256(data).hexdigest()})
            report.written = True
    except _Rollback:
        pass
    except RowFailed as failed:
        report.error(failed.line, failed.column, str(failed))
        report.new = report.changed = report.unchanged = 0
    return report


@dataclass
class _FileRef:
    """The imported file as the object of the audit record: its name."""

    ref: str
    data: bytes

    @property
    def pk(self) -> str:
        return self.ref


def parse_rows(fmt: EntityFormat, table: Table, report: ImportReport) -> list[Row]:
    """Header checks, every cell parsed, duplicate keys: every problem reported, none fatal before the end."""
    columns = fmt.by_header()
    seen: dict[str, int] = {}
    positions: list[tuple[int, str]] = []
    for index, header in enumerate(table.header):
        column = columns.get(header.strip().lower())
        if column is None:
            if header.strip():
                report.error(1, header, "onbekende kolom (zie de kolomnamen in docs/import-export.md)")
            elif any(index < len(cells) and _filled(cells[index]) for _, cells in table.rows):
                report.error(1, f"kolom {index + 1}", "kolom zonder naam bevat gegevens")
            continue
        if column.name in seen:
            report.error(1, header, f"kolom komt twee keer voor (ook kolom {seen[column.name] + 1})")
            continue
        seen[column.name] = index
        positions.append((index, column.name))
    for column in fmt.columns:
        if column.name not in seen and (column.required or column.key):
            report.error(1, column.header, "verplichte kolom ontbreekt")
    if report.errors:
        return []
    by_name = {column.name: column for column in fmt.columns}
    rows: list[Row] = []
    for line, cells in table.rows:
        if len(cells) > len(table.header) and any(_filled(c) for c in cells[len(table.header):]):
            report.error(line, "", f"de regel heeft meer cellen ({len(cells)}) dan er kolommen zijn "
                                   f"({len(table.header)})")
            continue
        values: dict[str, Any] = {}
        for index, name in positions:
            column = by_name[name]
            if column.export_only:
                continue
            raw = cells[index] if index < len(cells) else None
            try:
                values[name] = column.parse(raw)
            except CellError as error:
                report.error(line, column.header, str(error))
        for column in fmt.columns:
            if column.name not in values and not column.export_only and column.name not in seen:
                values[column.name] = [] if column.kind.name == "LIST" else None
        rows.append(Row(line, values))
    key = fmt.key
    first: dict[str, int] = {}
    for row in rows:
        value = row.values.get(key.name)
        if value is None:
            continue
        if value in first:
            report.error(row.line, key.header, f"'{value}' komt dubbel voor (ook op regel {first[value]})")
        else:
            first[value] = row.line
    return rows


def _filled(cell: Any) -> bool:
    return cell is not None and not (isinstance(cell, str) and not cell.strip())
