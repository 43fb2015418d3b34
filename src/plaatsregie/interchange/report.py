"""What an import found and did: every bad row with its line, column and reason, and the counts."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class RowError:
    line: int  # as the user sees it in the file (header = line 1); 0 = the file as a whole
    column: str  # the Dutch header, or "" for the whole row
    reason: str

    def __str__(self) -> str:
        where = f"regel {self.line}" if self.line else "bestand"
        return f"{where}, kolom '{self.column}': {self.reason}" if self.column else f"{where}: {self.reason}"


@dataclass
class ImportReport:
    entity: str
    filename: str
    dry_run: bool = False
    rows: int = 0
    new: int = 0
    changed: int = 0
    unchanged: int = 0
    written: bool = False
    errors: list[RowError] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors

    def error(self, line: int, column: str, reason: str) -> None:
        self.errors.append(RowError(line, column, reason))

    @property
    def summary(self) -> str:
        return f"{self.new} nieuw, {self.changed} gewijzigd, {self.unchanged} ongewijzigd"

    def lines(self) -> list[str]:
        """The report as text lines (CLI output)."""
        if self.errors:
            bad = len({e.line for e in self.errors})
            head = [f"{self.filename}: {len(self.errors)} fout(en) in {bad} regel(s); er is niets ingelezen."]
            return head + [f"  {e}" for e in sorted(self.errors, key=lambda e: (e.line, e.column))]
        verb = "zou inlezen (proef, niets geschreven)" if self.dry_run else "ingelezen"
        return [f"{self.filename}: {self.rows} regel(s) {verb}: {self.summary}.", *self.warnings]
