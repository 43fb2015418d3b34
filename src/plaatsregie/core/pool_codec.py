"""An indexed pool as bytes and back, without indexing it again (the waiting pool cache keeps it so).

Indexing a pool (`RequestPool.from_columns`) converts every value of every column; reading its arrays back from
their bytes does not. The bytes are a short magic line, the length of a JSON header, the header — the small code
tables, the pool's columns as its snapshot (`core.snapshot`, which candidate lists freeze anyway) and where each
array lies — and then every index array's bytes, read back without a copy. The columns are read back lazily: a
coded column stays its distinct values and one array of positions until a row is asked for. Every field of
`RequestPool` and `ModuleRows` is written by name; a field this module does not know is an error, not a silent
omission.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import fields
from typing import Any

import numpy as np
import numpy.typing as npt

from plaatsregie.core.pool import ModuleRows, RequestPool
from plaatsregie.core.snapshot import snapshot_columns

MAGIC = b"plaatsregie-pool-index/1\n"
_LENGTH = 8  # bytes of the header's length, little-endian
_ARRAYS = ("id_rank", "birth_year", "birth_monthday", "gender", "region", "module_bits", "urgency", "registered",
           "home_lat", "home_lon", "crisis_overflow", "internal_transfer_facility", "readmission_facility", "needs")
_TABLES = ("module_bit", "facility_code")
_BUILT = ("columns", "ids", "sibling_rows", "module_rows", "row_of", "given")  # handled one by one below
_MODULE_ROWS = tuple(f.name for f in fields(ModuleRows))


def _check_fields() -> None:
    known = set(_ARRAYS) | set(_TABLES) | set(_BUILT)
    unknown = {f.name for f in fields(RequestPool)} - known
    if unknown:
        raise TypeError(f"pool_codec does not know RequestPool fields {sorted(unknown)}")


_check_fields()  # once, on import: a RequestPool field added without teaching this module fails loudly


class _Blob:
    """Arrays laid end to end; each is described by its dtype, offset and length in bytes."""

    def __init__(self) -> None:
        self.parts: list[bytes] = []
        self.size = 0

    def add(self, array: npt.NDArray[Any]) -> list[Any]:
        data = np.ascontiguousarray(array).tobytes()
        where = [array.dtype.str, self.size, len(data)]
        self.parts.append(data)
        self.size += len(data)
        return where


def pool_bytes(pool: RequestPool, snapshot: dict[str, Any], extra: Mapping[str, npt.NDArray[Any]]) -> bytes:
    """The indexed `pool` as bytes; `snapshot` is `pool_snapshot(pool.columns)`, `extra` arrays kept alongside."""
    blob = _Blob()
    header = {
        "snapshot": snapshot,
        "tables": {name: dict(getattr(pool, name)) for name in _TABLES},
        "arrays": {name: blob.add(getattr(pool, name)) for name in _ARRAYS},
        "sibling_rows": {str(code): blob.add(rows) for code, rows in pool.sibling_rows.items()},
        "module_rows": {module: {name: blob.add(getattr(rows, name)) for name in _MODULE_ROWS}
                        for module, rows in pool.module_rows.items()},
        "extra": {name: blob.add(array) for name, array in extra.items()},
    }
    text = json.dumps(header, separators=(",", ":")).encode()
    return b"".join([MAGIC, len(text).to_bytes(_LENGTH, "little"), text, *blob.parts])


def pool_from_bytes(data: bytes) -> tuple[RequestPool, dict[str, Any], dict[str, npt.NDArray[Any]]]:
    """The pool `pool_bytes` wrote, ready to rank, with its snapshot and the extra arrays."""
    if not data.startswith(MAGIC):
        raise ValueError("not a pool index written by this version (plaatsregie-pool-index/1)")
    view = memoryview(data)
    start = len(MAGIC) + _LENGTH
    end = start + int.from_bytes(view[len(MAGIC):start], "little")
    header = json.loads(view[start:end].tobytes())

    def array(where: list[Any]) -> npt.NDArray[Any]:
        dtype, offset, length = where
        read: npt.NDArray[Any] = np.frombuffer(view, dtype=np.dtype(dtype), count=length // np.dtype(dtype).itemsize,
                                               offset=end + offset)
        return read

    snapshot = header["snapshot"]
    columns = snapshot_columns(snapshot)
    ids = tuple(columns.ids)
    tables = header["tables"]
    arrays: dict[str, Any] = {name: array(where) for name, where in header["arrays"].items()}
    pool = RequestPool(
        columns=columns,
        ids=ids,
        **arrays,
        module_bit=dict(tables["module_bit"]),
        facility_code=dict(tables["facility_code"]),
        sibling_rows={int(code): array(where) for code, where in header["sibling_rows"].items()},
        module_rows={module: ModuleRows(**{name: array(rows[name]) for name in _MODULE_ROWS})
                     for module, rows in header["module_rows"].items()},
        row_of=dict(zip(ids, range(len(ids)), strict=True)),
    )
    return pool, snapshot, {name: array(where) for name, where in header["extra"].items()}
