"""Reading a CSV or XLSX file into header + rows, with the line numbers the user sees (header = line 1).

Encodings (decided, see docs/import-export.md): UTF-8, with or without byte order mark, is read. Any other
encoding (Latin-1/Windows-1252, UTF-16) is rejected with a message saying how to save the file as UTF-8:
guessing between Latin-1, Windows-1252 and Mac encodings would silently corrupt names.
The CSV delimiter is `;` or `,`, detected from the header line.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from typing import Any

MAX_BYTES = 20 * 1024 * 1024
MAX_ROWS = 50_000
SAVE_AS_UTF8 = "Bewaar het bestand als 'CSV UTF-8 (gescheiden door lijstscheidingsteken)' of als .xlsx."


class FileRejected(Exception):
    """The file as a whole cannot be read; the message says why, in Dutch."""


@dataclass
class Table:
    header: list[str]
    rows: list[tuple[int, list[Any]]]  # (line number as the user sees it, cells)


def read_table(filename: str, data: bytes, *, max_rows: int = MAX_ROWS, max_bytes: int = MAX_BYTES) -> Table:
    """The header and the non-empty rows of a .csv or .xlsx file."""
    if len(data) > max_bytes:
        raise FileRejected(f"Het bestand is te groot ({len(data) / 1_048_576:.1f} MB); "
                           f"het maximum is {max_bytes / 1_048_576:.0f} MB. Splits het bestand.")
    name = filename.lower()
    if name.endswith(".xlsx"):
        table = _read_xlsx(data, max_rows)
    elif name.endswith(".csv") or name.endswith(".txt"):
        table = _read_csv(data, max_rows)
    else:
        raise FileRejected("Alleen .csv- en .xlsx-bestanden kunnen worden ingelezen.")
    if not table.header or not any(table.header):
        raise FileRejected("Het bestand is leeg: de eerste regel moet de kolomnamen bevatten.")
    return table


def decode(data: bytes) -> str:
    """UTF-8 text (a byte order mark is dropped); anything else is rejected with the reason."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise FileRejected("Het bestand is in UTF-16 gecodeerd; alleen UTF-8 wordt aanvaard. " + SAVE_AS_UTF8)
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise FileRejected(
            f"Het bestand is niet in UTF-8 gecodeerd (regel {line}: byte 0x{data[error.start]:02x}, wellicht "
            "Latin-1 of Windows-1252). Er is niets ingelezen. " + SAVE_AS_UTF8) from None


def _delimiter(first_line: str) -> str:
    semicolons, commas = first_line.count(";"), first_line.count(",")
    return ";" if semicolons >= commas and semicolons else ","


def _read_csv(data: bytes, max_rows: int) -> Table:
    text = decode(data)
    if "\x00" in text:
        raise FileRejected("Het bestand bevat nul-tekens; het is geen tekstbestand (CSV). " + SAVE_AS_UTF8)
    first_line = text.split("\n", 1)[0]
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(first_line), strict=True)
    header: list[str] = []
    rows: list[tuple[int, list[Any]]] = []
    try:
        for line, record in enumerate(reader, start=1):
            if line == 1:
                header = [cell.strip() for cell in record]
                continue
            if not any(cell.strip() for cell in record):
                continue
            if len(rows) >= max_rows:
                raise FileRejected(_too_many(max_rows))
            rows.append((line, record))
    except csv.Error as error:
        raise FileRejected(f"Het CSV-bestand is niet leesbaar rond regel {reader.line_num}: {error}.") from None
    return Table(header, rows)


def _read_xlsx(data: bytes, max_rows: int) -> Table:
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as error:  # a broken file can fail anywhere inside openpyxl
        raise FileRejected(f"Het .xlsx-bestand is niet leesbaar ({type(error).__name__}).") from None
    try:
        return _xlsx_rows(workbook, max_rows)
    except FileRejected:
        raise
    except Exception as error:
        raise FileRejected(f"Het .xlsx-bestand is niet leesbaar ({type(error).__name__}).") from None
    finally:
        workbook.close()


def _xlsx_rows(workbook: Any, max_rows: int) -> Table:
    if not workbook.worksheets:
        raise FileRejected("Het .xlsx-bestand heeft geen werkblad.")
    sheet = workbook.worksheets[0]
    header: list[str] = []
    rows: list[tuple[int, list[Any]]] = []
    for line, values in enumerate(sheet.iter_rows(values_only=True), start=1):
        cells = list(values)
        if line == 1:
            header = ["" if cell is None else str(cell).strip() for cell in cells]
            while header and not header[-1]:
                header.pop()
            continue
        if all(cell is None or (isinstance(cell, str) and not cell.strip()) for cell in cells):
            continue
        if len(rows) >= max_rows:
            raise FileRejected(_too_many(max_rows))
        rows.append((line, cells))
    return Table(header, rows)


def _too_many(max_rows: int) -> str:
    return f"Het bestand heeft meer dan {max_rows:,} regels; splits het in kleinere bestanden.".replace(",", ".")
