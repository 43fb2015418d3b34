"""A waiting pool that changes one request at a time and hands out `RequestPool` views without re-indexing.

`RequestPool.of` indexes a whole pool at once, which costs milliseconds at Flanders scale: fine per candidate
list, too slow for a simulator that ranks tens of thousands of vacancies while requests arrive, change and
leave (issue 5). `LivePool` keeps the same columns in growable arrays and updates them per request:
`add`, `replace` and `remove` touch one row (a removal moves the last row into the gap), and `view()` wraps
the current rows as a `RequestPool` in a few array slices plus two tuples (a module's rows are indexed when a
view is first asked for that module; its column arrays are sliced when first read, as `rank_order` reads only
the packed integer columns, `RequestPool.packed`), and hands out the same view again while nothing changed
(several places ranking one partition on a day share it).

A view shares the live arrays, dictionaries and field readers (`PoolColumns`): it is valid until the next
change of the pool; its `ids` and `given` tuples are its own. Row order differs from
`RequestPool.of` of the same requests, which ranking never sees: the candidate order ends on the id (D-22).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import fields
from functools import cache
from operator import attrgetter
from typing import Any, TypeVar, overload

import numpy as np

from plaatsregie.core.errors import InputError
from plaatsregie.core.geo import haversine_km
from plaatsregie.core.pool import (
    GENDERS,
    NO_FACILITY,
    PACKED_COLUMNS,
    REGIONS,
    FloatArray,
    IntArray,
    ModuleRows,
    PackedColumns,
    PoolColumns,
    RequestPool,
    needs_mask,
)
from plaatsregie.core.types import Location, Request

# The `RequestPool` columns, then `ModuleRows` columns `birth` and `region_gender` (for a module every row asks
# for: `LivePool._all_rows`), the row's home in the pool's `HomeDistances` and crisis overflow as 0 or 1; a view
# hands them to ranking as they are (`RequestPool.packed`).
_INT_COLUMNS = PACKED_COLUMNS
_ID_RANK, _GENDER, _REGION, _MODULE_BITS, _URGENCY, _BIRTH, _REGION_GENDER, _HOME, _CRISIS = (
    _INT_COLUMNS.index(name) for name in (
        "id_rank", "gender", "region", "module_bits", "urgency", "birth", "region_gender", "home", "crisis_overflow",
    )
)
_GENDER_CODE = {gender: code for code, gender in enumerate(GENDERS)}
_REGION_CODE = {region: code for code, region in enumerate(REGIONS)}
_GENDER_COUNT = len(GENDERS)
_MAX_MODULES = 62


@cache
def _needs_mask(needs: frozenset[Any]) -> int:
    return needs_mask(needs)


_T = TypeVar("_T")


def _fast_constructor(cls: type[_T], names: tuple[str, ...]) -> Callable[..., _T]:
    """`cls(**values)` for a frozen dataclass given exactly these fields, without its one `object.__setattr__`
    per field (a view is built for every ranking of a changed pool); the plain constructor if `cls` has other
    fields or a `__post_init__`."""
    if {f.name for f in fields(cls)} != set(names) or hasattr(cls, "__post_init__"):  # type: ignore[arg-type]
        return cls

    def construct(**values: Any) -> _T:
        new = object.__new__(cls)
        new.__dict__.update(values)
        return new

    return construct


class HomeDistances:
    """Great-circle km from homes to place locations, one column per location over every home it knows.

    A column is computed the first time a place at that location is ranked, over every home at once, by the
    function ranking uses (`RequestPool.distances_km`, `core.geo.haversine_km`); a view then gathers its rows'
    distances from it instead of computing them per ranking (issue 5: most of a small pool's ranking cost).
    numpy computes these functions element by element, whatever the length of the array, so the distances are
    the same doubles as ranking computes itself. A simulator gives every pool one table of every home it will
    see (`engine.Run`); a home added later is computed into each column when that column is next asked for.
    """

    def __init__(self, homes: Iterable[Location | None] = ()) -> None:
        self._index: dict[Location | None, int] = {}
        self._lat = np.zeros(16, dtype=np.float64)
        self._lon = np.zeros(16, dtype=np.float64)
        self._columns: dict[tuple[float, float], tuple[FloatArray, int]] = {}  # point → (column, homes in it)
        self._bands: dict[tuple[float, float, bytes], tuple[IntArray, int]] = {}  # (point, limits) → (bands, homes)
        self.home(None)  # no home: NaN, as in `RequestPool.home_lat`
        for home in homes:
            self.home(home)

    def __len__(self) -> int:
        return len(self._index)

    def home(self, home: Location | None) -> int:
        """The home's index, added if new."""
        index = self._index.get(home)
        if index is None:
            index = self._index[home] = len(self._index)
            if index == len(self._lat):
                self._lat, self._lon = _grown(self._lat, 2 * index), _grown(self._lon, 2 * index)
            self._lat[index] = math.nan if home is None else math.radians(home.lat)  # as `LivePool._write`
            self._lon[index] = math.nan if home is None else math.radians(home.lon)
        return index

    def column(self, lat: float, lon: float) -> FloatArray:
        """Km from every home (by index) to the point (lat, lon in radians)."""
        column, done = self._columns.get((lat, lon), (_NO_DISTANCES, 0))
        count = len(self._index)
        if done < count:
            if len(column) < count:  # a new column: exactly the homes known; a known one grows by doubling
                column = _grown(column, max(count, 2 * len(column)))
            column[done:count] = haversine_km(self._lat[done:count], self._lon[done:count], lat, lon)
            self._columns[lat, lon] = (column, count)
        return column

    def bands(self, lat: float, lon: float, limits: FloatArray) -> IntArray:
        """The distance band (`limits.searchsorted(km, side="left")`, as ranking computes it) from every home
        (by index) to the point: kept per (point, limits) beside `column`, extended as homes are added."""
        key = (lat, lon, limits.tobytes())
        bands, done = self._bands.get(key, (_NO_BANDS, 0))
        count = len(self._index)
        if done < count:
            column = self.column(lat, lon)
            if len(bands) < count:
                bands = _grown(bands, max(count, 2 * len(bands)))
            bands[done:count] = limits.searchsorted(column[done:count], side="left")
            self._bands[key] = (bands, count)
        return bands


_NO_DISTANCES: FloatArray = np.zeros(0, dtype=np.float64)
_NO_BANDS: IntArray = np.zeros(0, dtype=np.int64)


class _LiveView(RequestPool):
    """A `LivePool` view: a `RequestPool` whose distances come from the pool's `HomeDistances`."""

    def distances_km(self, lat: float, lon: float, rows: IntArray) -> FloatArray:
        homes = self.__dict__.get("_homes")
        if homes is None:  # not built by `LivePool.view` (e.g. `dataclasses.replace` of a view)
            return super().distances_km(lat, lon, rows)
        distances: FloatArray = homes[0].column(lat, lon)[homes[1][rows]]
        return distances

    def __getattr__(self, name: str) -> Any:
        """A column `LivePool.view` leaves out (`_LAZY_INTS`, `_LAZY_FLOATS`, `crisis_overflow`): taken from the
        arrays the view was given when first read, then kept. The simulator's rankings read the packed array
        (`RequestPool.packed`) and never these, so a view need not make fourteen array objects up front."""
        lazy = self.__dict__.get("_lazy")
        if lazy is None:
            raise AttributeError(name)
        ints, floats = lazy
        if name in _LAZY_INTS:
            value = ints[_LAZY_INTS[name]]
        elif name in _LAZY_FLOATS:
            value = floats[_LAZY_FLOATS[name]]
        elif name == "crisis_overflow":  # booleans, as `RequestPool.of` keeps them, from the 0/1 column
            value = ints[_CRISIS].astype(bool)
        else:
            raise AttributeError(name)
        self.__dict__[name] = value
        return value


_LAZY_INTS = {  # the integer columns of a `RequestPool`
    name: _INT_COLUMNS.index(name) for name in (
        "id_rank", "birth_year", "birth_monthday", "gender", "region", "module_bits", "urgency", "registered",
        "internal_transfer_facility", "readmission_facility", "needs",
    )
}
_LAZY_FLOATS = {"home_lat": 0, "home_lon": 1}


def _new_view(**values: Any) -> _LiveView:
    """A `_LiveView` of these values (every field but the lazy columns, plus `_lazy`), as `_fast_constructor`:
    no `object.__setattr__` per field."""
    view = object.__new__(_LiveView)
    view.__dict__.update(values)
    return view


_new_module_rows = _fast_constructor(ModuleRows, ("rows", "urgency", "region", "gender", "region_gender", "birth"))


def _grown(array: np.ndarray, size: int) -> np.ndarray:
    """The array with room for `size` entries along its last axis (zeros after the old ones)."""
    bigger = np.zeros((*array.shape[:-1], size), dtype=array.dtype)
    bigger[..., : array.shape[-1]] = array
    return bigger


class _ModuleIndex:
    """The rows asking for one module, with their small-int urgency, region and gender and birth (`ModuleRows`).

    `small` holds urgency, region, gender and region_gender as one (4, capacity) array: a row is one write.
    """

    def __init__(self, rows: IntArray, small: np.ndarray, birth: IntArray) -> None:
        self.count = len(rows)
        capacity = max(16, 2 * self.count)
        self.rows = np.zeros(capacity, dtype=np.int64)
        self.small = np.zeros((4, capacity), dtype=np.int8)
        self.birth = np.zeros(capacity, dtype=np.int64)
        self.rows[: self.count], self.small[:, : self.count], self.birth[: self.count] = rows, small, birth
        self.position: dict[int, int] = dict(zip(rows.tolist(), range(self.count), strict=True))
        self.cached: ModuleRows | None = None  # the last view, while nothing changed

    def add(self, row: int, urgency: int, region: int, gender: int, birth: int) -> None:
        self.cached = None
        at = self.count
        if at == len(self.rows):
            self.rows, self.small, self.birth = (_grown(a, 2 * at) for a in (self.rows, self.small, self.birth))
        self.rows[at], self.birth[at] = row, birth
        self.small[:, at] = urgency, region, gender, region * _GENDER_COUNT + gender
        self.position[row] = at
        self.count = at + 1

    def remove(self, row: int) -> None:
        self.cached = None
        at, last = self.position.pop(row), self.count - 1
        if at != last:
            rows = self.rows
            moved = int(rows[last])
            rows[at] = moved
            self.birth[at] = self.birth[last]
            self.small[:, at] = self.small[:, last]
            self.position[moved] = at
        self.count = last

    def renumber(self, old_row: int, new_row: int) -> None:
        self.cached = None
        at = self.position.pop(old_row)
        self.rows[at] = new_row
        self.position[new_row] = at

    def set_urgency(self, row: int, urgency: int) -> None:
        self.cached = None
        self.small[0, self.position[row]] = urgency

    def view(self) -> ModuleRows:
        if self.cached is None:
            count = self.count
            urgency, region, gender, region_gender = self.small[:, :count]
            self.cached = _new_module_rows(rows=self.rows[:count], urgency=urgency, region=region, gender=gender,
                                           region_gender=region_gender, birth=self.birth[:count])
        return self.cached


class _ModuleRowsOf(Mapping[str, ModuleRows]):
    """`RequestPool.module_rows` of a live view: a module's index is built when it is first asked for, and
    kept up to date from then on, so modules nobody ranks cost nothing (a simulator partition ranks one)."""

    def __init__(self, pool: LivePool) -> None:
        self.pool = pool
        self.seen: dict[str, ModuleRows] = {}

    def __getitem__(self, module: str) -> ModuleRows:
        rows = self.seen.get(module)
        if rows is None:
            rows = self.pool._module_view(module)
            if rows is None:
                raise KeyError(module)
            self.seen[module] = rows
        return rows

    def get(self, module: str, default: Any = None) -> Any:  # rows_asking: no exception on the hot path
        rows = self.seen.get(module)
        if rows is None:
            rows = self.pool._module_view(module)
            if rows is None:
                return default
            self.seen[module] = rows
        return rows

    def __iter__(self) -> Iterator[str]:
        return iter([module for module in self.pool._module_bit if module in self])

    def __len__(self) -> int:
        return sum(1 for _ in self)


class _Field(Sequence[Any]):
    """One field of every request, read on demand: the `PoolColumns` of a view cost nothing to build."""

    def __init__(self, requests: Sequence[Request], read: Callable[[Request], Any]) -> None:
        self.requests, self.read = requests, read

    def __len__(self) -> int:
        return len(self.requests)

    @overload
    def __getitem__(self, index: int) -> Any: ...
    @overload
    def __getitem__(self, index: slice) -> list[Any]: ...
    def __getitem__(self, index: int | slice) -> Any:
        if isinstance(index, slice):
            return [self.read(request) for request in self.requests[index]]
        return self.read(self.requests[index])

    def __iter__(self) -> Iterator[Any]:
        return map(self.read, self.requests)


def _home_lat(request: Request) -> float | None:
    return None if request.home is None else request.home.lat


def _home_lon(request: Request) -> float | None:
    return None if request.home is None else request.home.lon


def _lazy_columns(requests: Sequence[Request]) -> PoolColumns:
    def field(name: str) -> _Field:
        return _Field(requests, attrgetter(name))

    return PoolColumns(
        ids=field("id"), youth_ids=field("youth_id"), birth_dates=field("birth_date"), genders=field("gender"),
        regions=field("region"), module_types=field("module_types"), urgency=field("urgency"),
        registered_on=field("registered_on"), home_lat=_Field(requests, _home_lat),
        home_lon=_Field(requests, _home_lon), sibling_facility_ids=field("sibling_facility_ids"),
        internal_transfer_facility_ids=field("internal_transfer_facility_id"),
        readmission_facility_ids=field("readmission_facility_id"), crisis_overflow=field("crisis_overflow"),
        needs=field("needs"), referrer_ids=field("referrer_id"),
    )


def _only_urgency_differs(old: Request, new: Request) -> bool:
    """Whether every field a pool column or index is made of but the urgency is the same object in both (as
    `dataclasses.replace(old, urgency=...)` leaves them): then only the urgency cell changes."""
    return (
        old.birth_date is new.birth_date and old.gender is new.gender and old.region is new.region
        and old.module_types is new.module_types and old.registered_on is new.registered_on
        and old.home is new.home and old.sibling_facility_ids is new.sibling_facility_ids
        and old.internal_transfer_facility_id is new.internal_transfer_facility_id
        and old.readmission_facility_id is new.readmission_facility_id
        and old.crisis_overflow is new.crisis_overflow and old.needs is new.needs
    )


class LivePool:
    """The waiting pool as growable columns, changed request by request; `view()` is a `RequestPool`.

    The integer columns are the rows of one (columns, capacity) array, so writing or moving a request is one
    numpy operation per dtype; a module's index (`_ModuleIndex`) is built when a view is first asked for it.
    A module every request asks for (a simulator partition: one module) needs no index: its rows are the whole
    pool, and its `ModuleRows` are slices of the pool's own columns (`_all_rows`).
    """

    def __init__(self, requests: Sequence[Request] = (), *, distances: HomeDistances | None = None) -> None:
        capacity = max(16, len(requests))
        self._distances = HomeDistances() if distances is None else distances  # may be shared by pools
        self._ints = np.zeros((len(_INT_COLUMNS), capacity), dtype=np.int64)
        self._floats = np.zeros((2, capacity), dtype=np.float64)  # home_lat, home_lon
        self._ids: list[str] = []
        self._requests: list[Request] = []
        self._row_of: dict[str, int] = {}
        self._module_bit: dict[str, int] = {}
        self._bits_of: dict[frozenset[str], int] = {}  # module_bits of each set of modules seen
        self._modules: dict[str, _ModuleIndex] = {}  # only the modules a view was asked for (`_module_view`)
        self._asking: dict[str, int] = {}  # per module, how many requests ask for it
        self._all: ModuleRows | None = None  # `_all_rows`, while nothing changed
        self._arange = np.arange(capacity, dtype=np.int64)
        self._facility_code: dict[str, int] = {}  # only facilities some request names now (`_hold`)
        self._facility_refs: dict[str, int] = {}  # how often requests name each facility
        self._next_facility_code = 0  # codes are never reused: a view keeps the codes it was given
        self._siblings: dict[int, set[int]] = {}
        self._sibling_arrays: dict[int, IntArray] = {}  # the non-empty sets of `_siblings`, as arrays
        self._largest_id = ""
        self._next_key = 0
        self._keys_stale = False
        self._columns = _lazy_columns(self._requests)  # reads the live list: built once
        self._view: RequestPool | None = None  # the last view, while nothing changed
        for request in requests:
            self.add(request)

    def __len__(self) -> int:
        return len(self._ids)

    def __contains__(self, request_id: object) -> bool:
        return request_id in self._row_of

    def request(self, request_id: str) -> Request:
        """The request with this id, as it is in the pool now."""
        return self._requests[self._row_of[request_id]]

    def add(self, request: Request) -> None:
        """Add a request; its id must not be in the pool yet."""
        request_id = request.id
        if request_id in self._row_of:
            raise InputError(f"request id '{request_id}' appears more than once in the pool")
        self._view = self._all = None
        row = len(self._ids)
        if row == self._ints.shape[1]:
            self._grow(2 * row)
        self._ids.append(request_id)
        self._requests.append(request)
        self._row_of[request_id] = row
        self._hold(request)
        self._ask(request.module_types, 1)
        self._write(row, request)
        self._index(row, request)
        if request_id > self._largest_id:  # ids in string order get increasing keys: no re-sort needed
            self._largest_id = request_id
            self._ints[_ID_RANK, row] = self._next_key
            self._next_key += 1
        else:
            self._keys_stale = True

    def replace(self, request: Request) -> None:
        """Replace the request with the same id (e.g. a changed urgency), keeping its row."""
        self._view = self._all = None
        row = self._row_of[request.id]
        old = self._requests[row]
        self._requests[row] = request
        if _only_urgency_differs(old, request):  # (a simulator's urgency step): one cell, no new facility counts
            urgency = int(request.urgency)
            self._ints[_URGENCY, row] = urgency
            modules = self._modules
            if modules:
                for module in request.module_types:
                    index = modules.get(module)
                    if index is not None:
                        index.set_urgency(row, urgency)
            return
        self._hold(request)
        if old.module_types != request.module_types:
            self._ask(old.module_types, -1)
            self._ask(request.module_types, 1)
        self._write(row, request)
        if (old.module_types, old.sibling_facility_ids) == (request.module_types, request.sibling_facility_ids) and (
            old.region, old.gender, old.birth_date
        ) == (request.region, request.gender, request.birth_date):
            modules = self._modules
            for module in request.module_types:
                index = modules.get(module)
                if index is not None:
                    index.set_urgency(row, int(request.urgency))
        else:
            self._unindex(row, old)
            self._index(row, request)
        self._release(old)

    def remove(self, request_id: str) -> Request:
        """Remove a request; the last row moves into its place. Returns the removed request."""
        self._view = self._all = None
        row = self._row_of.pop(request_id)
        removed = self._requests[row]
        self._unindex(row, removed)
        self._ask(removed.module_types, -1)
        last = len(self._ids) - 1
        if row != last:
            self._move(last, row)
        self._ids.pop()
        self._requests.pop()
        self._release(removed)
        return removed

    def view(self) -> RequestPool:
        """The pool now, as a `RequestPool` sharing these arrays: valid until the next change."""
        if self._view is not None:
            return self._view
        count = len(self._ids)
        if self._keys_stale:
            self._rekey()
        ints = self._ints[:, :count]
        self._view = _new_view(
            columns=self._columns, ids=tuple(self._ids), module_bit=self._module_bit,
            facility_code=self._facility_code, sibling_rows=dict(self._sibling_arrays),
            module_rows=_ModuleRowsOf(self), row_of=self._row_of, given=tuple(self._requests),
            _lazy=(ints, self._floats[:, :count]),  # the other columns, on first use
            _homes=(self._distances, ints[_HOME]), packed=PackedColumns(ints, self._distances.bands),
        )
        return self._view

    def _module_view(self, module: str) -> ModuleRows | None:
        """The rows asking for `module` now (None: none); its index is built on the first call, unless every
        request asks for it."""
        count = len(self._ids)
        if count and self._asking.get(module) == count:
            return self._all_rows()
        index = self._modules.get(module)
        if index is None:
            bit = self._module_bit.get(module)
            if bit is None:
                return None
            ints = self._ints
            rows = np.flatnonzero(ints[_MODULE_BITS, :count] & (1 << bit))
            small = ints[[_URGENCY, _REGION, _GENDER, _REGION_GENDER]][:, rows].astype(np.int8)
            index = self._modules[module] = _ModuleIndex(rows, small, ints[_BIRTH, rows])
        return index.view() if index.count else None

    def _all_rows(self) -> ModuleRows:
        """Every row, as the `ModuleRows` of a module every request asks for: slices of the pool's columns
        (int64 where an index keeps int8: ranking only compares them and indexes with them)."""
        if self._all is None:
            count = len(self._ids)
            small = self._ints[:, :count]
            self._all = _new_module_rows(
                rows=self._arange[:count], urgency=small[_URGENCY], region=small[_REGION], gender=small[_GENDER],
                region_gender=small[_REGION_GENDER], birth=small[_BIRTH],
            )
        return self._all

    def _ask(self, modules: frozenset[str], change: int) -> None:
        asking = self._asking
        for module in modules:
            asking[module] = asking.get(module, 0) + change

    def _grow(self, size: int) -> None:
        self._ints, self._floats = _grown(self._ints, size), _grown(self._floats, size)
        self._arange = np.arange(size, dtype=np.int64)

    def _write(self, row: int, request: Request) -> None:
        """The row's columns but its id key, converted as `RequestPool.of` converts them."""
        birth, needs, home = request.birth_date, request.needs, request.home
        gender, region = _GENDER_CODE[request.gender], _REGION_CODE[request.region]
        monthday = birth.month * 100 + birth.day
        self._ints[1:, row] = (  # in the order of `_INT_COLUMNS`
            int(request.urgency), request.registered_on.toordinal(),
            self._facility(request.internal_transfer_facility_id), self._facility(request.readmission_facility_id),
            _needs_mask(needs) if isinstance(needs, frozenset) else needs_mask(needs), self._distances.home(home),
            1 if request.crisis_overflow else 0,
            birth.year, monthday, gender, region, self._bits(request.module_types),
            birth.year * 10000 + monthday, region * _GENDER_COUNT + gender,
        )
        self._floats[:, row] = (np.nan, np.nan) if home is None else (math.radians(home.lat), math.radians(home.lon))

    def _bits(self, modules: frozenset[str]) -> int:
        bits = self._bits_of.get(modules)
        if bits is None:
            bits = self._bits_of[modules] = sum(1 << self._bit(module) for module in modules)
        return bits

    def _bit(self, module: str) -> int:
        bit = self._module_bit.get(module)
        if bit is None:
            if len(self._module_bit) == _MAX_MODULES:
                raise InputError(f"a pool may name at most {_MAX_MODULES} different module codes")
            bit = self._module_bit[module] = len(self._module_bit)
        return bit

    def _facility(self, facility_id: str | None) -> int:
        if not facility_id:
            return NO_FACILITY
        code = self._facility_code.get(facility_id)
        if code is None:
            code = self._facility_code[facility_id] = self._next_facility_code
            self._next_facility_code += 1
        return code

    def _hold(self, request: Request) -> None:
        """Count the facilities the request names (before writing its row).

        A facility no request names has no code, as in `RequestPool.of`: ranking a place of it then skips the
        facility's considerations, which hold for nobody (`ranking._Columns._considerations`).
        """
        transfer, readmission, siblings = (
            request.internal_transfer_facility_id, request.readmission_facility_id, request.sibling_facility_ids)
        if not (transfer or readmission or siblings):
            return
        refs = self._facility_refs
        for facility in (transfer, readmission, *siblings):
            if facility:
                refs[facility] = refs.get(facility, 0) + 1

    def _release(self, request: Request) -> None:
        """Uncount the facilities a request that left (or was replaced) named; forget those nobody names now."""
        transfer, readmission, siblings = (
            request.internal_transfer_facility_id, request.readmission_facility_id, request.sibling_facility_ids)
        if not (transfer or readmission or siblings):
            return
        refs = self._facility_refs
        for facility in (transfer, readmission, *siblings):
            if facility:
                left = refs[facility] - 1
                if left:
                    refs[facility] = left
                else:
                    del refs[facility]
                    code = self._facility_code.pop(facility)
                    self._siblings.pop(code, None)
                    self._sibling_arrays.pop(code, None)

    def _index(self, row: int, request: Request) -> None:
        modules = self._modules
        if modules:
            gender, region = _GENDER_CODE[request.gender], _REGION_CODE[request.region]
            birth = request.birth_date
            birth_key = birth.year * 10000 + birth.month * 100 + birth.day
            for module in request.module_types:
                index = modules.get(module)
                if index is not None:
                    index.add(row, int(request.urgency), region, gender, birth_key)
        for facility in request.sibling_facility_ids:
            code = self._facility(facility)
            self._siblings.setdefault(code, set()).add(row)
            self._sibling_changed(code)

    def _unindex(self, row: int, request: Request) -> None:
        modules = self._modules
        for module in request.module_types:
            index = modules.get(module)
            if index is not None:
                index.remove(row)
        for facility in request.sibling_facility_ids:
            code = self._facility_code[facility]
            self._siblings[code].discard(row)
            self._sibling_changed(code)

    def _move(self, old_row: int, new_row: int) -> None:
        """Move the request at `old_row` (the last row) to `new_row`, in every column and index."""
        ints, floats = self._ints, self._floats
        ints[:, new_row] = ints[:, old_row]
        floats[:, new_row] = floats[:, old_row]
        request = self._requests[old_row]
        self._ids[new_row], self._requests[new_row] = request.id, request
        self._row_of[request.id] = new_row
        modules = self._modules
        for module in request.module_types:
            index = modules.get(module)
            if index is not None:
                index.renumber(old_row, new_row)
        for facility in request.sibling_facility_ids:
            code = self._facility_code[facility]
            self._siblings[code].discard(old_row)
            self._siblings[code].add(new_row)
            self._sibling_changed(code)

    def _sibling_changed(self, code: int) -> None:
        """A new array, never a changed one: an earlier view keeps the rows it was given."""
        rows = self._siblings[code]
        if rows:
            self._sibling_arrays[code] = np.array(sorted(rows), dtype=np.int64)
        else:
            self._sibling_arrays.pop(code, None)

    def _rekey(self) -> None:
        """Keys in the string order of the ids, after an id arrived out of order."""
        order = sorted(range(len(self._ids)), key=self._ids.__getitem__)
        self._ints[_ID_RANK, order] = np.arange(len(order))
        self._next_key, self._keys_stale = len(order), False
        self._largest_id = max(self._ids, default="")
