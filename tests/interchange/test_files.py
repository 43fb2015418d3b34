"""Reading files: encodings, delimiters, XLSX, headers, dates, limits — each rejection says why."""

from __future__ import annotations

import io
from datetime import date

import pytest
from openpyxl import Workbook, load_workbook

from plaatsregie.interchange.exporter import template, write_csv, write_xlsx
from plaatsregie.interchange.formats import FORMATS, PLACES, REQUESTS, CellError
from plaatsregie.interchange.importer import run_import
from plaatsregie.interchange.readers import FileRejected, read_table
from plaatsregie.waiting.models import Request
from tests.interchange.conftest import csv_of, request_row
from tests.web.world import Site

DOCS = __import__("pathlib").Path(__file__).resolve().parents[2] / "docs" / "templates"


def test_utf8_with_and_without_bom_read_the_same() -> None:
    text = "plaats;leefgroep\nPL-é;LG-1\n"
    plain = read_table("a.csv", text.encode())
    bom = read_table("a.csv", b"\xef\xbb\xbf" + text.encode())
    assert plain == bom and plain.header == ["plaats", "leefgroep"] and plain.rows == [(2, ["PL-é", "LG-1"])]


@pytest.mark.parametrize("encoding", ["latin-1", "cp1252"])
def test_latin1_and_windows1252_are_rejected_with_how_to_save_as_utf8(encoding: str) -> None:
    with pytest.raises(FileRejected, match=r"niet in UTF-8 .*regel 2.*CSV UTF-8"):
        read_table("a.csv", "plaats;leefgroep\nPL-Désiré;LG-1\n".encode(encoding))


def test_utf16_is_rejected() -> None:
    with pytest.raises(FileRejected, match="UTF-16"):
        read_table("a.csv", "plaats;leefgroep\n".encode("utf-16"))


def test_the_delimiter_is_sniffed_from_the_header() -> None:
    assert read_table("a.csv", b"a,b\n1,2\n").rows == [(2, ["1", "2"])]
    assert read_table("a.csv", b"a;b\n\"1,5\";2\n").rows == [(2, ["1,5", "2"])]


def test_limits_of_rows_and_size_and_kind_of_file() -> None:
    with pytest.raises(FileRejected, match="meer dan 3 regels"):
        read_table("a.csv", b"a;b\n" + b"1;2\n" * 4, max_rows=3)
    with pytest.raises(FileRejected, match="te groot"):
        read_table("a.csv", b"a;b\n" + b"1;2\n" * 100, max_bytes=100)
    with pytest.raises(FileRejected, match=r"Alleen \.csv"):
        read_table("a.ods", b"x")
    with pytest.raises(FileRejected, match="niet leesbaar"):
        read_table("a.xlsx", b"not a zip")
    with pytest.raises(FileRejected, match="leeg"):
        read_table("a.csv", b"")


def test_line_numbers_are_as_the_user_sees_them_blank_lines_included() -> None:
    assert [line for line, _ in read_table("a.csv", b"a;b\n1;2\n\n3;4\n").rows] == [2, 4]


def test_xlsx_cells_keep_dates_and_numbers() -> None:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["a", "b", "c"])
    sheet.append([date(2026, 1, 2), 3, None])
    buffer = io.BytesIO()
    book.save(buffer)
    table = read_table("a.xlsx", buffer.getvalue())
    assert table.header == ["a", "b", "c"] and table.rows[0][0] == 2


@pytest.mark.parametrize("text", ["04/03/2011", "2011-03-04", "4-3-2011", "04.03.2011"])
def test_dates_in_belgian_and_iso_form(text: str) -> None:
    assert REQUESTS.columns[2].parse(text) == date(2011, 3, 4)


@pytest.mark.parametrize("text", ["31/02/2011", "2011/03/04", "03-04", "morgen", "01/01/1850"])
def test_bad_dates_say_which_forms_are_accepted(text: str) -> None:
    with pytest.raises(CellError, match="datum"):
        REQUESTS.columns[2].parse(text)


def test_cells_of_every_kind() -> None:
    by = {c.name: c for c in PLACES.columns}
    assert by["short_stay"].parse("Ja") is True and by["short_stay"].parse("nee") is False
    assert by["status"].parse("Niet beschikbaar") == "unavailable" and by["status"].parse("vrij") == "available"
    assert by["vertical"].parse("") is None
    for column, raw in (("short_stay", "misschien"), ("status", "leeg"), ("age_min", "twaalf"), ("age_min", "99"),
                        ("ref", ""), ("ref", "x" * 41)):
        with pytest.raises(CellError):
            by[column].parse(raw)
    needs = {c.name: c for c in REQUESTS.columns}["needs"]
    assert needs.parse("trauma | drugs") == ["drugs", "trauma"]
    with pytest.raises(CellError, match="onbekende"):
        needs.parse("trauma|vliegen")


@pytest.mark.django_db
def test_header_problems_are_reported_at_line_one(site: Site) -> None:
    good = csv_of("requests", [request_row("D-1", "JX-1")]).decode("utf-8-sig")
    header, body = good.split("\r\n", 1)
    cases = {
        "missing": (header.replace("urgentie;", ""), "urgentie", "ontbreekt"),
        "extra": (header + ";schoenmaat", "schoenmaat", "onbekende kolom"),
        "twice": (header.replace("regio", "geslacht"), "geslacht", "twee keer"),
    }
    for new_header, column, reason in cases.values():
        report = run_import("requests", "a.csv", (new_header + "\r\n" + body).encode(), actor=site.admin)
        assert any(e.line == 1 and e.column == column and reason in e.reason for e in report.errors), report.lines()
    assert not Request.objects.filter(ref="D-1").exists()


@pytest.mark.django_db
def test_english_code_names_are_accepted_as_headers(site: Site) -> None:
    good = csv_of("requests", [request_row("D-1", "JX-1")]).decode("utf-8-sig")
    _header, body = good.split("\r\n", 1)
    codes = ";".join(c.name for c in REQUESTS.columns)
    assert run_import("requests", "a.csv", (codes + "\r\n" + body).encode(), actor=site.admin).new == 1


@pytest.mark.django_db
def test_an_empty_file_and_a_header_only_file_import_nothing(site: Site) -> None:
    assert "geen gegevensregels" in str(run_import("places", "p.csv", template("places", "csv"),
                                                   actor=site.admin).errors[0])


@pytest.mark.parametrize("entity", sorted(FORMATS))
def test_the_template_files_in_docs_match_the_declared_format(entity: str) -> None:
    assert (DOCS / f"{entity}.csv").read_bytes() == write_csv(FORMATS[entity], [])
    book = load_workbook(DOCS / f"{entity}.xlsx", read_only=True)
    header = next(book.worksheets[0].iter_rows(values_only=True))
    assert list(header) == [c.header for c in FORMATS[entity].columns]
    assert load_workbook(io.BytesIO(write_xlsx(FORMATS[entity], [])), read_only=True).sheetnames == \
        book.sheetnames


def test_the_documentation_names_every_column() -> None:
    text = (DOCS.parent / "import-export.md").read_text()
    missing = [f"{f.entity}.{c.name}" for f in FORMATS.values() for c in f.columns
               if f"| `{c.header}` | `{c.name}` |" not in text]
    assert not missing
