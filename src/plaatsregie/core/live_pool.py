"""A waiting pool that changes one request at a time and hands out `RequestPool` views without re-indexing.

`RequestPool.of` indexes a whole pool at once, which costs milliseconds at Flanders scale: fine per candidate
list, too slow for a simulator that ranks tens of thousands of vacancies while requests arrive, change and
leave (issue 5). `LivePool` keeps the same columns in growable arrays and updates them per request:
`add`, `replace` and `remove` touch one row (a removal moves the last row into the gap), and `view()` wraps
the current rows as a `RequestPool` in O(modules) array slices plus two tuples, and hands out the same view
again while nothing changed (several places ranking one partition on a day share it).

A view shares the live arrays, dictionaries and field readers (`PoolColumns`): it is valid until the next
change of the pool; its `ids` and `given` tuples are its own. Row order differs from
`RequestPool.of` of the same requests, which ranking never sees: the candidate order ends on the id (D-22).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterator, Sequence
from functools import cache
from operator import attrgetter
from typing import Any, overload

import numpy as np

from plaatsregie.core.errors import InputError
from plaatsregie.core.pool import (
    GENDERS,
    NO_FACILITY,
    REGIONS,
    IntArray,
    ModuleRows,
    PoolColumns,
    RequestPool,
    needs_mask,
)
from plaatsregie.core.types import Request

_INT_COLUMNS = (
    "id_rank", "birth_year", "birth_monthday", "gender", "region", "module_bits", "urgency", "registered",
    "internal_transfer_facility", "readmission_facility", "needs",
)
_GENDER_CODE = {gender: code for code, gender in enumerate(GENDERS)}
_REGION_CODE = {region: code for code, region in enumerate(REGIONS)}
_GENDER_COUNT = len(GENDERS)
_MAX_MODULES = 62


@cache
def _needs_mask(needs: frozenset[Any]) -> int:
    return needs_mask(needs)


def _grown(array: np.ndarray, size: int) -> np.ndarray:
    bigger = np.zeros(size, dtype=array.dtype)
    bigger[: len(array)] = array
    return bigger


class _ModuleIndex:
    """The rows asking for one module, with their small-int urgency, region and gender and birth (`ModuleRows`)."""

    def __init__(self) -> None:
        self.count = 0
        self.rows = np.zeros(16, dtype=np.int64)
        self.small = {name: np.zeros(16, dtype=np.int8) for name in ("urgency", "region", "gender", "region_gender")}
        self.birth = np.zeros(16, dtype=np.int64)
        self.position: dict[int, int] = {}
        self.cached: ModuleRows | None = None  # the last view, while nothing changed

    def add(self, row: int, urgency: int, region: int, gender: int, birth: int) -> None:
        self.cached = None
        if self.count == len(self.rows):
            self.rows = _grown(self.rows, 2 * self.count)
            self.birth = _grown(self.birth, 2 * self.count)
            self.small = {name: _grown(column, 2 * self.count) for name, column in self.small.items()}
        at = self.count
        small = self.small
        self.rows[at], self.birth[at] = row, birth
        small["urgency"][at], small["region"][at], small["gender"][at] = urgency, region, gender
        small["region_gender"][at] = region * _GENDER_COUNT + gender
        self.position[row] = at
        self.count += 1

    def remove(self, row: int) -> None:
        self.cached = None
        at, last = self.position.pop(row), self.count - 1
        if at != last:
            moved = int(self.rows[last])
            self.rows[at] = moved
            self.birth[at] = self.birth[last]
            for column in self.small.values():
                column[at] = column[last]
            self.position[moved] = at
        self.count = last

    def renumber(self, old_row: int, new_row: int) -> None:
        self.cached = None
        at = self.position.pop(old_row)
        self.rows[at] = new_row
        self.position[new_row] = at

    def set_urgency(self, row: int, urgency: int) -> None:
        self.cached = None
        self.small["urgency"][self.position[row]] = urgency

    def view(self) -> ModuleRows:
        if self.cached is None:
            count, small = self.count, self.small
            self.cached = ModuleRows(
                self.rows[:count], small["urgency"][:count], small["region"][:count], small["gender"][:count],
                small["region_gender"][:count], self.birth[:count],
            )
        return self.cached


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


class LivePool:
    """The waiting pool as growable columns, changed request by request; `view()` is a `RequestPool`."""

    def __init__(self, requests: Sequence[Request] = ()) -> None:
        capacity = max(16, len(requests))
        self._ints = {name: np.zeros(capacity, dtype=np.int64) for name in _INT_COLUMNS}
        self._floats = {name: np.zeros(capacity, dtype=np.float64) for name in ("home_lat", "home_lon")}
        self._crisis = np.zeros(capacity, dtype=bool)
        self._ids: list[str] = []
        self._requests: list[Request] = []
        self._row_of: dict[str, int] = {}
        self._module_bit: dict[str, int] = {}
        self._modules: dict[str, _ModuleIndex] = {}
        self._module_views: dict[str, ModuleRows] = {}  # per module asked for, its rows as the last view saw them
        self._changed_modules: set[str] = set()  # modules whose rows changed since the last view
        self._facility_code: dict[str, int] = {}
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
        if request.id in self._row_of:
            raise InputError(f"request id '{request.id}' appears more than once in the pool")
        self._view = None
        row = len(self._ids)
        if row == len(self._crisis):
            self._grow(2 * row)
        self._ids.append(request.id)
        self._requests.append(request)
        self._row_of[request.id] = row
        self._write(row, request)
        self._index(row, request)
        if request.id > self._largest_id:  # ids in string order get increasing keys: no re-sort needed
            self._largest_id = request.id
            self._ints["id_rank"][row] = self._next_key
            self._next_key += 1
        else:
            self._keys_stale = True

    def replace(self, request: Request) -> None:
        """Replace the request with the same id (e.g. a changed urgency), keeping its row."""
        self._view = None
        row = self._row_of[request.id]
        old = self._requests[row]
        self._requests[row] = request
        self._write(row, request)
        if (old.module_types, old.sibling_facility_ids) == (request.module_types, request.sibling_facility_ids) and (
            old.region, old.gender, old.birth_date
        ) == (request.region, request.gender, request.birth_date):
            for module in request.module_types:
                self._modules[module].set_urgency(row, int(request.urgency))
            self._changed_modules.update(request.module_types)
            return
        self._unindex(row, old)
        self._index(row, request)

    def remove(self, request_id: str) -> Request:
        """Remove a request; the last row moves into its place. Returns the removed request."""
        self._view = None
        row = self._row_of.pop(request_id)
        removed = self._requests[row]
        self._unindex(row, removed)
        last = len(self._ids) - 1
        if row != last:
            self._move(last, row)
        self._ids.pop()
        self._requests.pop()
        return removed

    def view(self) -> RequestPool:
        """The pool now, as a `RequestPool` sharing these arrays: valid until the next change."""
        if self._view is not None:
            return self._view
        count = len(self._ids)
        if self._keys_stale:
            self._rekey()
        ints = self._ints
        requests = tuple(self._requests)
        self._view = RequestPool(
            columns=self._columns, ids=tuple(self._ids), id_rank=ints["id_rank"][:count],
            birth_year=ints["birth_year"][:count], birth_monthday=ints["birth_monthday"][:count],
            gender=ints["gender"][:count], region=ints["region"][:count], module_bits=ints["module_bits"][:count],
            urgency=ints["urgency"][:count], registered=ints["registered"][:count],
            home_lat=self._floats["home_lat"][:count], home_lon=self._floats["home_lon"][:count],
            crisis_overflow=self._crisis[:count], internal_transfer_facility=ints["internal_transfer_facility"][:count],
            readmission_facility=ints["readmission_facility"][:count], needs=ints["needs"][:count],
            module_bit=self._module_bit, facility_code=self._facility_code, sibling_rows=dict(self._sibling_arrays),
            module_rows=self._module_rows(),
            row_of=self._row_of, given=requests,
        )
        return self._view

    def _module_rows(self) -> dict[str, ModuleRows]:
        """Per module asked for, its rows; only the modules changed since the last view are looked at."""
        views = self._module_views
        for module in self._changed_modules:
            index = self._modules[module]
            if index.count:
                views[module] = index.view()
            else:
                views.pop(module, None)
        self._changed_modules.clear()
        return dict(views)

    def _grow(self, size: int) -> None:
        self._ints = {name: _grown(column, size) for name, column in self._ints.items()}
        self._floats = {name: _grown(column, size) for name, column in self._floats.items()}
        self._crisis = _grown(self._crisis, size)

    def _write(self, row: int, request: Request) -> None:
        """The row's columns, converted as `RequestPool.of` converts them."""
        ints, birth = self._ints, request.birth_date
        ints["birth_year"][row], ints["birth_monthday"][row] = birth.year, birth.month * 100 + birth.day
        ints["gender"][row], ints["region"][row] = _GENDER_CODE[request.gender], _REGION_CODE[request.region]
        ints["module_bits"][row] = sum(1 << self._bit(module) for module in request.module_types)
        ints["urgency"][row], ints["registered"][row] = int(request.urgency), request.registered_on.toordinal()
        ints["internal_transfer_facility"][row] = self._facility(request.internal_transfer_facility_id)
        ints["readmission_facility"][row] = self._facility(request.readmission_facility_id)
        needs = request.needs
        ints["needs"][row] = _needs_mask(needs) if isinstance(needs, frozenset) else needs_mask(needs)
        home = request.home
        lat, lon = (np.nan, np.nan) if home is None else (math.radians(home.lat), math.radians(home.lon))
        self._floats["home_lat"][row], self._floats["home_lon"][row] = lat, lon
        self._crisis[row] = request.crisis_overflow

    def _bit(self, module: str) -> int:
        if module not in self._module_bit:
            if len(self._module_bit) == _MAX_MODULES:
                raise InputError(f"a pool may name at most {_MAX_MODULES} different module codes")
            self._module_bit[module] = len(self._module_bit)
        return self._module_bit[module]

    def _facility(self, facility_id: str | None) -> int:
        if not facility_id:
            return NO_FACILITY
        return self._facility_code.setdefault(facility_id, len(self._facility_code))

    def _index(self, row: int, request: Request) -> None:
        gender, region = _GENDER_CODE[request.gender], _REGION_CODE[request.region]
        birth = request.birth_date
        birth_key = birth.year * 10000 + birth.month * 100 + birth.day
        for module in request.module_types:
            if module not in self._modules:
                self._modules[module] = _ModuleIndex()
            self._modules[module].add(row, int(request.urgency), region, gender, birth_key)
        self._changed_modules.update(request.module_types)
        for facility in request.sibling_facility_ids:
            code = self._facility(facility)
            self._siblings.setdefault(code, set()).add(row)
            self._sibling_changed(code)

    def _unindex(self, row: int, request: Request) -> None:
        for module in request.module_types:
            self._modules[module].remove(row)
        self._changed_modules.update(request.module_types)
        for facility in request.sibling_facility_ids:
            code = self._facility_code[facility]
            self._siblings[code].discard(row)
            self._sibling_changed(code)

    def _move(self, old_row: int, new_row: int) -> None:
        """Move the request at `old_row` (the last row) to `new_row`, in every column and index."""
        for column in (*self._ints.values(), *self._floats.values(), self._crisis):
            column[new_row] = column[old_row]
        request = self._requests[old_row]
        self._ids[new_row], self._requests[new_row] = request.id, request
        self._row_of[request.id] = new_row
        for module in request.module_types:
            self._modules[module].renumber(old_row, new_row)
        self._changed_modules.update(request.module_types)
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
        self._ints["id_rank"][order] = np.arange(len(order))
        self._next_key, self._keys_stale = len(order), False
        self._largest_id = max(self._ids, default="")
