"""The waiting pool frozen with a candidate list (D-25), stored column by column.

A candidate list keeps the pool exactly as it was ranked, so the list can be explained and reproduced later. Row by
row (`request_to_json` for each request) the Flanders pool is about 1.3 MB of JSON per list, and writing it dominated
generating a list. Column by column, each repeated value (a region, a set of modules or needs, a facility, a
referrer) is stored once and each row refers to it by position: a quarter of the size. The positions of a column
are one string of space-separated numbers, because PostgreSQL parses every number of a jsonb array one by one:
thousands of them cost it several times more than one string with the same content. For the same reason the
per-row columns other than the ids (youth ids, dates, coordinates) are one string each in format 2: text joined
by newlines, coordinates as Python writes floats (exactly as JSON would) joined by spaces, an empty field for a
missing one. A column whose text holds a newline stays a list. Snapshots in format 1 (every per-row column a
list) are still read.

`snapshot_requests` turns a snapshot back into rows of the rank-file format (docs/rank-file.md), equal to
`request_to_json` of each request, so a frozen pool can be ranked again exactly as it was.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable, Iterator, Sequence
from datetime import date
from enum import Enum
from typing import Any, overload

import numpy as np
import numpy.typing as npt

from plaatsregie.core.pool import PoolColumns
from plaatsregie.core.types import Need

FORMAT = "pool-columns/2"
FORMATS = ("pool-columns/1", FORMAT)  # what `snapshot_requests` reads
_DATES = ("birth_dates", "registered_on")
_LINE = "\n"  # joins a text column (format 2)


def _text(value: Any) -> Any:
    """An enum as its value; text and None as they are."""
    return value.value if isinstance(value, Enum) else value


def _sorted_texts(values: Iterable[Any]) -> list[Any]:
    return sorted(_text(value) for value in values)


# Coded columns and how each distinct value is written (once).
_CODED: dict[str, Callable[[Any], Any]] = {
    "genders": _text, "regions": _text, "urgency": int, "crisis_overflow": bool,
    "internal_transfer_facility_ids": _text, "readmission_facility_ids": _text, "referrer_ids": _text,
    "module_types": _sorted_texts, "sibling_facility_ids": _sorted_texts, "needs": _sorted_texts,
}


def pool_snapshot(columns: PoolColumns) -> dict[str, Any]:
    """The pool as JSON-ready columns: ids, ISO dates, coordinates, and coded columns `{"values", "codes"}`."""
    snapshot: dict[str, Any] = {"format": FORMAT}
    snapshot["ids"], snapshot["youth_ids"] = list(columns.ids), _lines(columns.youth_ids)
    snapshot["home_lat"], snapshot["home_lon"] = _numbers(columns.home_lat), _numbers(columns.home_lon)
    for name in _DATES:
        snapshot[name] = _lines(_iso(getattr(columns, name)))
    for name, convert in _CODED.items():
        snapshot[name] = _coded(getattr(columns, name), convert)
    return snapshot


def snapshot_requests(snapshot: dict[str, Any]) -> list[dict[str, Any]]:
    """The snapshot's requests in the rank-file format, as `request_to_json` writes them, in pool order."""
    if snapshot.get("format") not in FORMATS:
        raise ValueError(f"not a pool snapshot in the format {FORMAT}")
    count = len(snapshot["ids"])
    coded = {name: _decoded(snapshot[name]) for name in _CODED}
    youths, births, registered = (_split_lines(snapshot[name], count)
                                  for name in ("youth_ids", "birth_dates", "registered_on"))
    lats, lons = _split_numbers(snapshot["home_lat"], count), _split_numbers(snapshot["home_lon"], count)
    rows = []
    for i, (lat, lon) in enumerate(zip(lats, lons, strict=True)):
        rows.append({
            "id": snapshot["ids"][i], "youth_id": youths[i], "birth_date": births[i],
            "gender": coded["genders"][i], "region": coded["regions"][i], "module_types": coded["module_types"][i],
            "urgency": coded["urgency"][i], "registered_on": registered[i],
            "sibling_facility_ids": coded["sibling_facility_ids"][i],
            "internal_transfer_facility_id": coded["internal_transfer_facility_ids"][i],
            "readmission_facility_id": coded["readmission_facility_ids"][i],
            "crisis_overflow": coded["crisis_overflow"][i],
            "home": None if lat is None or lon is None else {"lat": lat, "lon": lon},
            "needs": coded["needs"][i], "referrer_id": coded["referrer_ids"][i],
        })
    return rows


def snapshot_columns(snapshot: dict[str, Any]) -> PoolColumns:
    """The snapshot's pool as columns again (`RequestPool.from_columns` indexes them): the inverse of
    `pool_snapshot` up to types — dates stay ISO text, sets are frozensets, and a coded column stays its distinct
    values with one array of positions, decoded per row when asked (`Coded`). Reads format 2 only (what the pool
    cache keeps)."""
    if snapshot.get("format") != FORMAT:
        raise ValueError(f"not a pool snapshot in the format {FORMAT}")
    count = len(snapshot["ids"])

    def coded(name: str, convert: Callable[[Any], Any] = _same) -> Coded:
        values = [convert(value) for value in snapshot[name]["values"]]
        return Coded(values, _codes(snapshot[name]["codes"], count))

    return PoolColumns(
        ids=snapshot["ids"],
        youth_ids=_split_lines(snapshot["youth_ids"], count),
        birth_dates=_split_lines(snapshot["birth_dates"], count),
        genders=coded("genders"),
        regions=coded("regions"),
        module_types=coded("module_types", frozenset),
        urgency=coded("urgency"),
        registered_on=_split_lines(snapshot["registered_on"], count),
        home_lat=Numbers(snapshot["home_lat"], count),
        home_lon=Numbers(snapshot["home_lon"], count),
        sibling_facility_ids=coded("sibling_facility_ids", frozenset),
        internal_transfer_facility_ids=coded("internal_transfer_facility_ids"),
        readmission_facility_ids=coded("readmission_facility_ids"),
        crisis_overflow=coded("crisis_overflow"),
        needs=coded("needs", _needs),
        referrer_ids=coded("referrer_ids"),
    )


def _codes(text: str, count: int) -> npt.NDArray[np.intp]:
    """Space-separated positions as an array (numpy's text parser: several times faster than `int` per value)."""
    codes: npt.NDArray[np.intp] = np.fromstring(text, dtype=np.intp, sep=" ") if count else np.empty(0, np.intp)
    if len(codes) != count:
        raise ValueError(f"a coded column has {len(codes)} positions for {count} rows")
    return codes


class Coded(Sequence[Any]):
    """A column as its distinct values and, per row, the position of its value; read-only, decoded per row."""

    __slots__ = ("codes", "values")

    def __init__(self, values: Sequence[Any], codes: npt.NDArray[np.intp]) -> None:
        self.values, self.codes = values, codes

    def __len__(self) -> int:
        return len(self.codes)

    @overload
    def __getitem__(self, index: int) -> Any: ...
    @overload
    def __getitem__(self, index: slice) -> list[Any]: ...
    def __getitem__(self, index: int | slice) -> Any:
        if isinstance(index, slice):
            return list(map(self.values.__getitem__, self.codes[index].tolist()))
        return self.values[self.codes[index]]

    def __iter__(self) -> Iterator[Any]:
        return map(self.values.__getitem__, self.codes.tolist())


class Numbers(Sequence[float | None]):
    """A coordinate column as stored (format 2: one string), parsed on first use; None where one is missing."""

    __slots__ = ("_parsed", "size", "stored")

    def __init__(self, stored: str | list[float | None], size: int) -> None:
        self.stored, self.size = stored, size
        self._parsed: list[float | None] | None = None

    @property
    def parsed(self) -> list[float | None]:
        if self._parsed is None:
            self._parsed = _split_numbers(self.stored, self.size)
        return self._parsed

    def __len__(self) -> int:
        return self.size

    @overload
    def __getitem__(self, index: int) -> float | None: ...
    @overload
    def __getitem__(self, index: slice) -> list[float | None]: ...
    def __getitem__(self, index: int | slice) -> float | list[float | None] | None:
        return self.parsed[index]

    def __iter__(self) -> Iterator[float | None]:
        return iter(self.parsed)


def _same(value: Any) -> Any:
    return value


def _needs(values: Iterable[str]) -> frozenset[Need]:
    return frozenset(map(Need, values))


def _coded(column: Sequence[Hashable], convert: Callable[[Any], Any]) -> dict[str, Any]:
    """A column as its distinct values (converted once each) and, per row, the position of its value."""
    code = {value: str(i) for i, value in enumerate(dict.fromkeys(column))}
    return {"values": list(map(convert, code)), "codes": " ".join(map(code.__getitem__, column))}


def _lines(column: Sequence[str]) -> str | list[str]:
    """A text column as one string of lines; as a list if a value holds a line break itself."""
    text = _LINE.join(column)
    return text if text.count(_LINE) == max(len(column) - 1, 0) else list(column)


def _split_lines(stored: str | list[str], count: int) -> list[str]:
    if isinstance(stored, list):  # format 1, or a value with a line break
        return stored
    return stored.split(_LINE) if count else []


def _numbers(column: Sequence[float | None]) -> str:
    """Coordinates as one string: each as `repr` writes it (as JSON does), empty where missing."""
    try:
        return " ".join(map(float.__repr__, column))
    except TypeError:  # a missing coordinate, or a number that is not a float
        return " ".join("" if value is None else repr(float(value)) for value in column)


def _split_numbers(stored: str | list[float | None], count: int) -> list[float | None]:
    if isinstance(stored, list):  # format 1
        return stored
    return [float(text) if text else None for text in stored.split(" ")] if count else []


def _decoded(coded: dict[str, Any]) -> list[Any]:
    values = coded["values"]
    return [values[int(code)] for code in coded["codes"].split()]


def _iso(days: Sequence[date | str]) -> list[str]:
    """ISO dates; dates given as ISO text stay as they are."""
    try:
        return list(map(date.isoformat, days))  # type: ignore[arg-type]
    except TypeError:  # text, or a mix of text and dates
        return [day if isinstance(day, str) else day.isoformat() for day in days]
