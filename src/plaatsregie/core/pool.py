"""The waiting pool in columns, indexed once, so that ranking a place is a handful of vector operations.

A pool is built from columns (`RequestPool.from_columns`, the database path) or from `Request` values
(`RequestPool.of`); either way every conversion runs once per distinct value or as one numpy operation,
and `Request` values are only built when someone asks for one (`pool.request(row)`, `pool.requests`).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, fields
from datetime import date
from functools import cached_property
from itertools import compress
from typing import ClassVar, NamedTuple, TypeVar

import numpy as np
import numpy.typing as npt

from plaatsregie.core.errors import InputError
from plaatsregie.core.geo import haversine_km
from plaatsregie.core.types import Gender, Location, Need, Region, Request, Urgency

GENDERS: tuple[Gender, ...] = tuple(Gender)
REGIONS: tuple[Region, ...] = tuple(Region)
NEEDS: tuple[Need, ...] = tuple(Need)
NO_FACILITY = -1

IntArray = npt.NDArray[np.int64]
BoolArray = npt.NDArray[np.bool_]
SmallArray = npt.NDArray[np.int8]
FloatArray = npt.NDArray[np.float64]
Day = date | str  # a date, or the same date as 'YYYY-MM-DD'

_K = TypeVar("_K", bound=Hashable)
_GENDER_CODE: dict[str, int] = {gender: code for code, gender in enumerate(GENDERS)}
_REGION_CODE: dict[str, int] = {region: code for code, region in enumerate(REGIONS)}
_EPOCH_ORDINAL = date(1970, 1, 1).toordinal()  # numpy counts days from 1970-01-01


@dataclass(frozen=True, eq=False)
class ModuleRows:
    """The rows asking for one module, with the columns eligibility checks after the module, as small ints.

    Ranking a place touches only these rows beyond the module check: every other row fails
    `module_requested`, the first rule after scope. `region_gender` is `region * len(GENDERS) + gender` (one
    table look-up checks both rules) and `birth` the birth date as year * 10000 + month * 100 + day (the age
    rule is two comparisons with it).
    """

    rows: IntArray
    urgency: SmallArray
    region: SmallArray
    gender: SmallArray
    region_gender: SmallArray
    birth: IntArray

    @classmethod
    def of(cls, rows: IntArray, urgency: IntArray, region: IntArray, gender: IntArray, birth: IntArray) -> ModuleRows:
        """Select `rows` of the full-pool columns (`birth` as year * 10000 + month * 100 + day)."""
        small = np.int8
        region_gender = (region[rows] * len(GENDERS) + gender[rows]).astype(small)
        return cls(
            rows, urgency[rows].astype(small), region[rows].astype(small), gender[rows].astype(small), region_gender,
            birth[rows],
        )


_NONE = np.empty(0, dtype=np.int64)
NO_ROWS = ModuleRows.of(_NONE, _NONE, _NONE, _NONE, _NONE)


def needs_mask(needs: Iterable[Need]) -> int:
    """The needs as a bit mask, in the order of `Need`."""
    return sum(1 << NEEDS.index(need) for need in set(needs))


@dataclass(frozen=True, eq=False)
class PoolColumns:
    """The requests of a pool field by field: equal-length sequences, one per field of `Request`, in row order.

    Enum fields may hold the enum or its value; dates a `date` or its ISO text; a home is given when both
    `home_lat` and `home_lon` are. Repeated sets (modules, siblings, needs) are best passed as shared objects.
    """

    ids: Sequence[str]
    youth_ids: Sequence[str]
    birth_dates: Sequence[Day]
    genders: Sequence[str]
    regions: Sequence[str]
    module_types: Sequence[frozenset[str]]
    urgency: Sequence[int]
    registered_on: Sequence[Day]
    home_lat: Sequence[float | None]
    home_lon: Sequence[float | None]
    sibling_facility_ids: Sequence[frozenset[str]]
    internal_transfer_facility_ids: Sequence[str | None]
    readmission_facility_ids: Sequence[str | None]
    crisis_overflow: Sequence[bool]
    needs: Sequence[frozenset[Need]]
    referrer_ids: Sequence[str | None]

    def __post_init__(self) -> None:
        lengths = {f.name: len(getattr(self, f.name)) for f in fields(self)}
        if len(set(lengths.values())) > 1:
            raise InputError(f"pool columns differ in length: {lengths}")

    def __len__(self) -> int:
        return len(self.ids)

    @classmethod
    def of(cls, requests: Sequence[Request]) -> PoolColumns:
        """The columns of these requests."""
        homes = [r.home for r in requests]
        return cls(
            ids=[r.id for r in requests],
            youth_ids=[r.youth_id for r in requests],
            birth_dates=[r.birth_date for r in requests],
            genders=[r.gender for r in requests],
            regions=[r.region for r in requests],
            module_types=[r.module_types for r in requests],
            urgency=[r.urgency for r in requests],
            registered_on=[r.registered_on for r in requests],
            home_lat=[None if home is None else home.lat for home in homes],
            home_lon=[None if home is None else home.lon for home in homes],
            sibling_facility_ids=[r.sibling_facility_ids for r in requests],
            internal_transfer_facility_ids=[r.internal_transfer_facility_id for r in requests],
            readmission_facility_ids=[r.readmission_facility_id for r in requests],
            crisis_overflow=[r.crisis_overflow for r in requests],
            needs=[r.needs for r in requests],
            referrer_ids=[r.referrer_id for r in requests],
        )

    def request(self, row: int) -> Request:
        """The request at `row`, as a domain value."""
        lat, lon = self.home_lat[row], self.home_lon[row]
        return Request(
            id=self.ids[row],
            youth_id=self.youth_ids[row],
            birth_date=_date(self.birth_dates[row]),
            gender=Gender(self.genders[row]),
            region=Region(self.regions[row]),
            module_types=frozenset(self.module_types[row]),
            urgency=Urgency(self.urgency[row]),
            registered_on=_date(self.registered_on[row]),
            home=None if lat is None or lon is None else Location(lat, lon),
            sibling_facility_ids=frozenset(self.sibling_facility_ids[row]),
            internal_transfer_facility_id=self.internal_transfer_facility_ids[row],
            readmission_facility_id=self.readmission_facility_ids[row],
            crisis_overflow=bool(self.crisis_overflow[row]),
            needs=frozenset(self.needs[row]),
            referrer_id=self.referrer_ids[row],
        )


# The integer columns of a pool that keeps them packed (a live pool's view, core.live_pool): the rows of one
# (len(PACKED_COLUMNS), len(pool)) array, so ranking gathers every column it needs for its rows at once (those
# come first: it gathers a leading block). `RequestPool` columns by their names; `birth` and `region_gender` as in
# `ModuleRows`; `home` a row's home in the pool's kept distances (`PackedColumns.band_table`); `crisis_overflow`
# 0 or 1.
PACKED_COLUMNS: tuple[str, ...] = (
    "id_rank", "urgency", "registered", "internal_transfer_facility", "readmission_facility", "needs", "home",
    "crisis_overflow", "birth_year", "birth_monthday", "gender", "region", "module_bits", "birth", "region_gender",
)


class PackedColumns(NamedTuple):
    """A pool's integer columns packed as `PACKED_COLUMNS` (`RequestPool.packed`)."""

    ints: IntArray  # (len(PACKED_COLUMNS), len(pool)): row `PACKED_COLUMNS.index(name)` is the column `name`
    # per `home` code, the distance band (`limits.searchsorted(km, side="left")`, as ranking computes it) to a
    # point (lat, lon in radians) for the band limits given
    band_table: Callable[[float, float, FloatArray], IntArray]


@dataclass(frozen=True, eq=False)
class RequestPool:
    """Requests in columns. Build with `from_columns` or `of(requests)`; the row order is the given order."""

    columns: PoolColumns
    ids: tuple[str, ...]
    id_rank: IntArray
    birth_year: IntArray
    birth_monthday: IntArray
    gender: IntArray
    region: IntArray
    module_bits: IntArray
    urgency: IntArray
    registered: IntArray
    home_lat: FloatArray
    home_lon: FloatArray
    crisis_overflow: BoolArray
    internal_transfer_facility: IntArray
    readmission_facility: IntArray
    needs: IntArray
    module_bit: dict[str, int] = field(default_factory=dict)
    facility_code: dict[str, int] = field(default_factory=dict)
    sibling_rows: dict[int, IntArray] = field(default_factory=dict)
    module_rows: Mapping[str, ModuleRows] = field(default_factory=dict)  # a live pool's is built on demand
    row_of: dict[str, int] = field(default_factory=dict)  # request id → row
    given: tuple[Request, ...] | None = None  # the requests `of` was given, returned as they are
    # Not a field: a live pool's view sets it (in its `__dict__`); every other pool has none.
    packed: ClassVar[PackedColumns | None] = None

    def __len__(self) -> int:
        return len(self.ids)

    @classmethod
    def of(cls, requests: Sequence[Request]) -> RequestPool:
        """Index a pool of requests; ids must be unique."""
        requests = tuple(requests)
        return cls._index(PoolColumns.of(requests), requests)

    @classmethod
    def from_columns(cls, columns: PoolColumns) -> RequestPool:
        """Index a pool given field by field; ids must be unique."""
        return cls._index(columns, None)

    @classmethod
    def _index(cls, columns: PoolColumns, given: tuple[Request, ...] | None) -> RequestPool:
        ids, count = tuple(columns.ids), len(columns)
        module_bit, facility_code = _module_bits(columns.module_types), _facility_codes(columns)
        gender = _lookup(columns.genders, _GENDER_CODE, "gender")
        region = _lookup(columns.regions, _REGION_CODE, "region")
        module_bits = _per_value(columns.module_types, lambda codes: sum(1 << module_bit[m] for m in codes))
        urgency = np.fromiter(columns.urgency, dtype=np.int64, count=count)
        birth_year, birth_monthday = _year_and_monthday(_ordinals(columns.birth_dates))
        home_lat, home_lon = _home_radians(columns.home_lat, columns.home_lon)
        transfer, readmission = (
            _per_value(named, lambda f: facility_code.get(f or "", NO_FACILITY))
            for named in (columns.internal_transfer_facility_ids, columns.readmission_facility_ids)
        )
        return cls(
            columns=columns, ids=ids, id_rank=_string_ranks(ids), birth_year=birth_year,
            birth_monthday=birth_monthday, gender=gender, region=region, module_bits=module_bits, urgency=urgency,
            registered=_ordinals(columns.registered_on), home_lat=home_lat, home_lon=home_lon,
            crisis_overflow=np.fromiter(columns.crisis_overflow, dtype=bool, count=count),
            internal_transfer_facility=transfer, readmission_facility=readmission,
            needs=_per_value(columns.needs, needs_mask), module_bit=module_bit, facility_code=facility_code,
            sibling_rows=_sibling_rows(columns.sibling_facility_ids, facility_code),
            module_rows=_module_rows(
                module_bit, module_bits, urgency, region, gender, birth_year * 10000 + birth_monthday
            ),
            row_of=_row_of(ids),
            given=given,
        )

    def request(self, row: int) -> Request:
        """The request at `row`, as a domain value (built on demand)."""
        return self.given[row] if self.given is not None else self.columns.request(int(row))

    @cached_property
    def requests(self) -> tuple[Request, ...]:
        """Every request, in row order (built on first use)."""
        return self.given if self.given is not None else tuple(map(self.columns.request, range(len(self))))

    def sibling_flags(self, facility_id: str) -> BoolArray:
        """Which requests have a sibling placed at this facility (D-10)."""
        flags = np.zeros(len(self), dtype=bool)
        code = self.facility_code.get(facility_id)
        if code is not None and code in self.sibling_rows:
            flags[self.sibling_rows[code]] = True
        return flags

    def distances_km(self, lat: float, lon: float, rows: IntArray) -> FloatArray:
        """Great-circle km from the homes of `rows` to the point (lat, lon in radians); NaN without a home."""
        return haversine_km(self.home_lat[rows], self.home_lon[rows], lat, lon)

    def rows_asking(self, module: str) -> ModuleRows:
        """The rows whose request names `module`, in pool order."""
        return self.module_rows.get(module, NO_ROWS)


def _date(value: Day) -> date:
    return value if isinstance(value, date) else date.fromisoformat(value)


def _ordinals(days: Sequence[Day]) -> IntArray:
    """Each day as `date.toordinal()`; `date` objects through C calls, ISO text through numpy."""
    try:
        return np.fromiter(map(date.toordinal, days), dtype=np.int64, count=len(days))  # type: ignore[arg-type]
    except TypeError:  # text, or a mix of text and dates
        return np.array(days, dtype="datetime64[D]").astype(np.int64) + _EPOCH_ORDINAL


def _year_and_monthday(ordinals: IntArray) -> tuple[IntArray, IntArray]:
    """The year and month * 100 + day of each day given as an ordinal."""
    days = (ordinals - _EPOCH_ORDINAL).astype("datetime64[D]")
    month_start = days.astype("datetime64[M]")
    months = month_start.astype(np.int64)  # since January 1970
    day = (days - month_start).astype(np.int64) + 1
    return months // 12 + 1970, (months % 12 + 1) * 100 + day


def _home_radians(lat: Sequence[float | None], lon: Sequence[float | None]) -> tuple[FloatArray, FloatArray]:
    """Home coordinates in radians; NaN for both when either is missing."""
    lat_array, lon_array = np.array(lat, dtype=np.float64), np.array(lon, dtype=np.float64)
    missing = np.isnan(lat_array) | np.isnan(lon_array)
    lat_array[missing] = lon_array[missing] = np.nan
    return np.radians(lat_array), np.radians(lon_array)


def _lookup(values: Sequence[str], codes: Mapping[str, int], what: str) -> IntArray:
    """Each value's code; an unknown value is an input error."""
    try:
        return np.fromiter(map(codes.__getitem__, values), dtype=np.int64, count=len(values))
    except KeyError as error:
        raise InputError(f"unknown {what} {error.args[0]!r}") from None


def _per_value(values: Sequence[_K], convert: Callable[[_K], int]) -> IntArray:
    """`convert` of each value, computed once per distinct value."""
    table = {value: convert(value) for value in set(values)}
    return np.fromiter(map(table.__getitem__, values), dtype=np.int64, count=len(values))


def _row_of(ids: tuple[str, ...]) -> dict[str, int]:
    row_of = dict(zip(ids, range(len(ids)), strict=True))
    if len(row_of) != len(ids):
        duplicate = next(i for i in ids if ids.count(i) > 1)
        raise InputError(f"request id '{duplicate}' appears more than once in the pool")
    return row_of


def _string_ranks(ids: Sequence[str]) -> IntArray:
    """Each id's position in string order: the final, stable tie-break."""
    ranks = np.empty(len(ids), dtype=np.int64)
    ranks[sorted(range(len(ids)), key=ids.__getitem__)] = np.arange(len(ids))
    return ranks


def _module_bits(module_types: Sequence[frozenset[str]]) -> dict[str, int]:
    codes = sorted(set[str]().union(*set(module_types)))
    if len(codes) > 62:
        raise InputError("a pool may name at most 62 different module codes")
    return {code: bit for bit, code in enumerate(codes)}


def _module_rows(
    module_bit: dict[str, int], module_bits: IntArray, urgency: IntArray, region: IntArray, gender: IntArray,
    birth: IntArray,
) -> dict[str, ModuleRows]:
    return {
        module: ModuleRows.of(np.flatnonzero(module_bits & (1 << bit)), urgency, region, gender, birth)
        for module, bit in module_bit.items()
    }


def _facility_codes(columns: PoolColumns) -> dict[str, int]:
    ids = set[str]().union(*set(columns.sibling_facility_ids))
    for named in (columns.internal_transfer_facility_ids, columns.readmission_facility_ids):
        ids.update(f for f in set(named) if f)
    return {facility: code for code, facility in enumerate(sorted(ids))}


def _sibling_rows(siblings: Sequence[frozenset[str]], facility_code: dict[str, int]) -> dict[int, IntArray]:
    rows: defaultdict[int, list[int]] = defaultdict(list)
    for row, facilities in compress(enumerate(siblings), siblings):
        for facility in facilities:
            rows[facility_code[facility]].append(row)
    return {code: np.array(indices, dtype=np.int64) for code, indices in rows.items()}
