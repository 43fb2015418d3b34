"""Fuzzed import files (Hypothesis): every broken file is rejected with a clear reason and the database untouched.

Each test starts from a valid requests file, breaks it in one way Hypothesis chooses, and checks that the import
reports a reason at the right line and column and that no row of any table it writes changed.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from plaatsregie.accounts.models import AuditRecord
from plaatsregie.interchange.formats import REQUESTS
from plaatsregie.interchange.importer import run_import
from plaatsregie.waiting.models import Request, Youth
from tests.interchange.conftest import csv_of, request_row
from tests.web.world import Site

pytestmark = pytest.mark.django_db
FUZZ = settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
HEADERS = [c.header for c in REQUESTS.columns]
REQUIRED = [c.header for c in REQUESTS.columns if c.required]


def database() -> tuple[int, int, int]:
    return Request.objects.count(), Youth.objects.count(), AuditRecord.objects.count()


def rows(n: int) -> list[dict[str, Any]]:
    return [request_row(f"DZ-{i}", f"JZ-{i}") for i in range(n)]


def text_of(n: int) -> str:
    return csv_of("requests", rows(n)).decode("utf-8-sig")


def rejected(site: Site, data: bytes, name: str = "f.csv", **kw: Any) -> list[Any]:
    before = database()
    report = run_import("requests", name, data, actor=site.admin, **kw)
    assert not report.ok and not report.written
    assert database() == before
    return report.errors


@FUZZ
@given(n=st.integers(1, 6), accent=st.sampled_from("éèëçàôüÉ"), where=st.integers(0, 5))
def test_latin1_files_are_rejected(site: Site, n: int, accent: str, where: int) -> None:
    body = text_of(n).replace(f"JZ-{where % n}", f"JZ-{accent}{where % n}")
    errors = rejected(site, body.encode("latin-1"))
    assert errors[0].line == 0 and "UTF-8" in errors[0].reason


@FUZZ
@given(n=st.integers(1, 6), missing=st.sampled_from(REQUIRED))
def test_missing_columns_are_rejected(site: Site, n: int, missing: str) -> None:
    lines = text_of(n).split("\r\n")
    index = HEADERS.index(missing)
    cut = ["\t".join(cell for i, cell in enumerate(line.split(";")) if i != index).replace("\t", ";")
           for line in lines]
    errors = rejected(site, "\r\n".join(cut).encode())
    assert any(e.line == 1 and e.column == missing and "ontbreekt" in e.reason for e in errors)


@FUZZ
@given(n=st.integers(1, 6), extra=st.text("abcdefghijklmnopqrstuvwxyz ", min_size=1, max_size=12)
       .filter(lambda h: h.strip() and h.strip().lower() not in {c.header for c in REQUESTS.columns}
               | {c.name for c in REQUESTS.columns}))
def test_extra_columns_are_rejected(site: Site, n: int, extra: str) -> None:
    lines = [line + (";" + extra if i == 0 else ";x") for i, line in enumerate(text_of(n).split("\r\n")) if line]
    errors = rejected(site, "\r\n".join(lines).encode())
    assert any(e.line == 1 and e.column == extra.strip() and "onbekende kolom" in e.reason for e in errors)


@FUZZ
@given(n=st.integers(1, 6), target=st.integers(0, 5),
       bad=st.one_of(st.sampled_from(["31/02/2026", "2026-13-01", "00/00/0000", "1/1/26x", "gisteren", "2026/01/01"]),
                     st.text("0123456789/-.", min_size=1, max_size=10)))
def test_bad_dates_are_rejected_at_their_line(site: Site, n: int, target: int, bad: str) -> None:
    data = rows(n)
    line = target % n
    for fmt in ("%d/%m/%Y", "%Y-%m-%d", "%d-%m-%Y", "%d.%m.%Y"):
        try:
            parsed = datetime.strptime(bad, fmt)
        except ValueError:
            continue
        if 1900 <= parsed.year <= 2100:
            return  # Hypothesis made a valid date
    body = csv_of("requests", data).decode("utf-8-sig").split("\r\n")
    cells = body[line + 1].split(";")
    cells[HEADERS.index("geboortedatum")] = bad.replace(";", "")
    body[line + 1] = ";".join(cells)
    errors = rejected(site, "\r\n".join(body).encode())
    assert [(e.line, e.column) for e in errors] == [(line + 2, "geboortedatum")]


@FUZZ
@given(n=st.integers(2, 8), first=st.integers(0, 7), second=st.integers(0, 7))
def test_duplicate_keys_are_rejected(site: Site, n: int, first: int, second: int) -> None:
    a, b = first % n, second % n
    if a == b:
        b = (a + 1) % n
    a, b = min(a, b), max(a, b)
    data = rows(n)
    data[b] = request_row(f"DZ-{a}", f"JZ-{b}")
    errors = rejected(site, csv_of("requests", data))
    assert any(e.line == b + 2 and e.column == "dossiernummer" and f"regel {a + 2}" in e.reason for e in errors)


@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(limit=st.integers(1, 40), over=st.integers(1, 20))
def test_huge_files_are_rejected(site: Site, limit: int, over: int) -> None:
    errors = rejected(site, csv_of("requests", rows(limit + over)), max_rows=limit)
    assert errors[0].line == 0 and f"meer dan {limit}" in errors[0].reason


@FUZZ
@given(n=st.integers(1, 5), junk=st.binary(min_size=1, max_size=200))
def test_random_bytes_never_write_anything(site: Site, n: int, junk: bytes) -> None:
    data = csv_of("requests", rows(n))
    cut = len(data) // 2
    before = database()
    for name in ("f.csv", "f.xlsx"):
        report = run_import("requests", name, data[:cut] + junk + data[cut:], actor=site.admin)
        if report.ok:  # junk that happens to be harmless text inside a cell: a valid file
            return
        assert report.errors and all(str(e) for e in report.errors)
        assert database() == before


def test_utf8_with_bom_is_accepted(site: Site) -> None:
    data = csv_of("requests", rows(3))
    assert data.startswith(b"\xef\xbb\xbf")
    assert run_import("requests", "f.csv", data, actor=site.admin).new == 3
    assert run_import("requests", "f.csv", data[3:], actor=site.admin).unchanged == 3


@FUZZ
@given(n=st.integers(1, 4), where=st.floats(0, 1), junk=st.binary(min_size=1, max_size=64))
def test_damaged_xlsx_files_are_refused_cleanly(site: Site, n: int, where: float, junk: bytes) -> None:
    from plaatsregie.interchange.exporter import write_xlsx

    data = write_xlsx(REQUESTS, rows(n))
    cut = int(len(data) * where)
    before = database()
    report = run_import("requests", "f.xlsx", data[:cut] + junk + data[cut + len(junk):], actor=site.admin)
    if not report.ok:
        assert all(str(e) for e in report.errors)
        assert database() == before
