"""The waiting pool in columns, indexed once, so that ranking a place is a handful of vector operations."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt

from plaatsregie.core.errors import InputError
from plaatsregie.core.types import Gender, Need, Region, Request

GENDERS: tuple[Gender, ...] = tuple(Gender)
REGIONS: tuple[Region, ...] = tuple(Region)
NEEDS: tuple[Need, ...] = tuple(Need)
NO_FACILITY = -1

IntArray = npt.NDArray[np.int64]
BoolArray = npt.NDArray[np.bool_]
SmallArray = npt.NDArray[np.int8]


@dataclass(frozen=True, eq=False)
class ModuleRows:
    """The rows asking for one module, with the columns eligibility checks after the module, as small ints.

    Ranking a place touches only these rows beyond the module check: every other row fails
    `module_requested`, the first rule after scope.
    """

    rows: IntArray
    urgency: SmallArray
    region: SmallArray
    gender: SmallArray

    @classmethod
    def of(cls, rows: IntArray, urgency: IntArray, region: IntArray, gender: IntArray) -> ModuleRows:
        """Select `rows` of the full-pool columns."""
        small = np.int8
        return cls(rows, urgency[rows].astype(small), region[rows].astype(small), gender[rows].astype(small))


_NONE = np.empty(0, dtype=np.int64)
NO_ROWS = ModuleRows.of(_NONE, _NONE, _NONE, _NONE)


def needs_mask(needs: Iterable[Need]) -> int:
    """The needs as a bit mask, in the order of `Need`."""
    return sum(1 << NEEDS.index(need) for need in set(needs))


@dataclass(frozen=True, eq=False)
class RequestPool:
    """Requests in columns. Build with `RequestPool.of(requests)`; the row order is the given order."""

    requests: tuple[Request, ...]
    ids: tuple[str, ...]
    id_rank: IntArray
    birth_year: IntArray
    birth_monthday: IntArray
    gender: IntArray
    region: IntArray
    module_bits: IntArray
    urgency: IntArray
    registered: IntArray
    home_lat: npt.NDArray[np.float64]
    home_lon: npt.NDArray[np.float64]
    crisis_overflow: BoolArray
    internal_transfer_facility: IntArray
    readmission_facility: IntArray
    needs: IntArray
    module_bit: dict[str, int] = field(default_factory=dict)
    facility_code: dict[str, int] = field(default_factory=dict)
    sibling_rows: dict[int, IntArray] = field(default_factory=dict)
    module_rows: dict[str, ModuleRows] = field(default_factory=dict)
    row_of: dict[str, int] = field(default_factory=dict)  # request id → row

    def __len__(self) -> int:
        return len(self.requests)

    @classmethod
    def of(cls, requests: Sequence[Request]) -> RequestPool:
        """Index a pool; ids must be unique."""
        requests = tuple(requests)
        ids = tuple(r.id for r in requests)
        row_of = {request_id: row for row, request_id in enumerate(ids)}
        if len(row_of) != len(ids):
            duplicate = next(i for i in ids if ids.count(i) > 1)
            raise InputError(f"request id '{duplicate}' appears more than once in the pool")
        module_bit = _module_bits(requests)
        facility_code = _facility_codes(requests)
        gender = _ints(GENDERS.index(r.gender) for r in requests)
        region = _ints(REGIONS.index(r.region) for r in requests)
        module_bits = _ints(sum(1 << module_bit[m] for m in r.module_types) for r in requests)
        urgency = _ints(int(r.urgency) for r in requests)
        module_rows = {
            module: ModuleRows.of(np.flatnonzero(module_bits & (1 << bit)), urgency, region, gender)
            for module, bit in module_bit.items()
        }
        return cls(
            requests=requests,
            ids=ids,
            id_rank=_string_ranks(ids),
            birth_year=_ints(r.birth_date.year for r in requests),
            birth_monthday=_ints(r.birth_date.month * 100 + r.birth_date.day for r in requests),
            gender=gender,
            region=region,
            module_bits=module_bits,
            urgency=urgency,
            registered=_ints(r.registered_on.toordinal() for r in requests),
            home_lat=np.radians([r.home.lat if r.home else np.nan for r in requests]),
            home_lon=np.radians([r.home.lon if r.home else np.nan for r in requests]),
            crisis_overflow=np.array([r.crisis_overflow for r in requests], dtype=bool),
            internal_transfer_facility=_ints(
                facility_code.get(r.internal_transfer_facility_id or "", NO_FACILITY) for r in requests
            ),
            readmission_facility=_ints(
                facility_code.get(r.readmission_facility_id or "", NO_FACILITY) for r in requests
            ),
            needs=_ints(needs_mask(r.needs) for r in requests),
            module_bit=module_bit,
            facility_code=facility_code,
            sibling_rows=_sibling_rows(requests, facility_code),
            module_rows=module_rows,
            row_of=row_of,
        )

    def sibling_flags(self, facility_id: str) -> BoolArray:
        """Which requests have a sibling placed at this facility (D-10)."""
        flags = np.zeros(len(self), dtype=bool)
        code = self.facility_code.get(facility_id)
        if code is not None and code in self.sibling_rows:
            flags[self.sibling_rows[code]] = True
        return flags

    def rows_asking(self, module: str) -> ModuleRows:
        """The rows whose request names `module`, in pool order."""
        return self.module_rows.get(module, NO_ROWS)

    def module_mask(self, module: str) -> int:
        bit = self.module_bit.get(module)
        return 0 if bit is None else 1 << bit


def _ints(values: Iterable[int]) -> IntArray:
    return np.fromiter(values, dtype=np.int64)


def _string_ranks(ids: Sequence[str]) -> IntArray:
    """Each id's position in string order: the final, stable tie-break."""
    ranks = np.empty(len(ids), dtype=np.int64)
    ranks[sorted(range(len(ids)), key=ids.__getitem__)] = np.arange(len(ids))
    return ranks


def _module_bits(requests: Sequence[Request]) -> dict[str, int]:
    codes = sorted({m for r in requests for m in r.module_types})
    if len(codes) > 62:
        raise InputError("a pool may name at most 62 different module codes")
    return {code: bit for bit, code in enumerate(codes)}


def _facility_codes(requests: Sequence[Request]) -> dict[str, int]:
    ids: set[str] = set()
    for r in requests:
        ids.update(r.sibling_facility_ids)
        ids.update(f for f in (r.internal_transfer_facility_id, r.readmission_facility_id) if f)
    return {facility: code for code, facility in enumerate(sorted(ids))}


def _sibling_rows(requests: Sequence[Request], facility_code: dict[str, int]) -> dict[int, IntArray]:
    rows: defaultdict[int, list[int]] = defaultdict(list)
    for row, request in enumerate(requests):
        for facility in request.sibling_facility_ids:
            rows[facility_code[facility]].append(row)
    return {code: np.array(indices, dtype=np.int64) for code, indices in rows.items()}
