"""CSV/XLSX export of tables, and the rule for personal tables."""

from __future__ import annotations

import io

from openpyxl import load_workbook

from plaatsregie.monitoring.export import csv_bytes, xlsx_bytes
from plaatsregie.monitoring.tables import Column, Table

TABLE = Table(key="t", title="Bezetting: test/1", definition="Bezette gedeeld door beschikbare plaatsdagen.",
              columns=[Column("f", "Voorziening"), Column("o", "Bezetting", "%")],
              rows=[["Één", 50.5], ["Twee", None]])


def test_csv_is_utf8_with_bom_and_semicolons() -> None:
    data = csv_bytes(TABLE)
    assert data.startswith(b"\xef\xbb\xbf")
    assert data.decode("utf-8-sig").splitlines() == ["Voorziening;Bezetting (%)", "Één;50.5", "Twee;"]


def test_xlsx_has_a_sheet_per_table_with_definition_and_bold_header() -> None:
    book = load_workbook(io.BytesIO(xlsx_bytes([TABLE, TABLE])))
    assert len(book.sheetnames) == 2 and book.sheetnames[0] == "Bezetting  test 1"
    sheet = book.worksheets[0]
    assert sheet["A2"].value.startswith("Bezette gedeeld")
    assert [c.value for c in sheet[3]] == ["Voorziening", "Bezetting (%)"] and sheet["A3"].font.bold
    assert [c.value for c in sheet[4]] == ["Één", 50.5]
