"""The packed path of `rank_order`, compiled: who is eligible for one place and in which order, in one loop.

`ranking._packed_order` ranks a live pool's view (the simulator's ~56,000 rankings of a 10-year run, issue 5).
It checks the place's scope and finds the rows asking for its module in Python, then hands the packed columns
to `packed_order`, which applies the rules after the module (age on the start date, gender, region, the
urgency bound), drops the workflow bars and sorts the candidates by the policy's ordering keys, each key
before the next (D-26), ending on the id (D-22). Numba compiles it to machine code on first use and keeps
that in `__pycache__`, so later processes load it: a ranking then costs a few microseconds instead of the
twenty numpy operations of a few microseconds each that the same steps take on a pool of a few hundred rows.

The rules and sort keys are those of `ranking._passes_after_module` and `ranking._Columns.sort_key`, computed
from the same columns; `tests/core/test_packed_rank_order.py` and `tests/core/test_rank_order.py` check row
for row that `rank_order` on a live view gives `rank(...).order`.
"""

from __future__ import annotations

from typing import Any

import numpy as np
from numba import njit

from plaatsregie.core.pool import PACKED_COLUMNS

# Codes of the ordering keys (`ranking._KERNEL_KEYS` maps `OrderingKey` to them).
URGENCY, CONSIDERATIONS, DISTANCE_BAND, PROFILE_FIT, WAITING_DAYS, COMPLEXITY_BALANCE = range(6)
_ID_RANK, _URGENCY, _REGISTERED, _TRANSFER, _READMISSION, _NEEDS, _HOME, _CRISIS = (
    PACKED_COLUMNS.index(name) for name in (
        "id_rank", "urgency", "registered", "internal_transfer_facility", "readmission_facility", "needs", "home",
        "crisis_overflow",
    )
)
_LEAST_URGENT = 4
_PACKABLE = 9.0e18  # below 2**63: a product of key ranges (times the rows) that fits one int64


@njit(cache=True)
def packed_order(
    rows: Any, region_gender: Any, birth: Any, urgency: Any, passes_region_gender: Any, first_birth: int,
    birth_span: int, max_urgency: int, barred_rows: Any, ints: Any, keys: Any, bands: Any, no_location_band: int,
    negated_fit: Any, complexity: Any, signal: int, facility: int, crisis_weight: int, transfer_weight: int,
    readmission_weight: int, sibling_weight: int, sibling: Any,
) -> Any:
    """The pool rows of the candidates, best first.

    Of `rows` (the rows asking for the module, with their `region_gender`, `birth` key and `urgency`), a row
    passes when its region-gender code passes (`passes_region_gender`), its birth key lies in
    `[first_birth, first_birth + birth_span)` (the age rule on the start date), its urgency is within
    `max_urgency`, and it is not in `barred_rows`. Candidates are ordered by `keys` (ordering key codes, most
    significant first), then by `id_rank`, all ascending on the packed columns `ints`:
    urgency; minus the weighted considerations (crisis overflow, and for `facility` >= 0 an internal transfer,
    a readmission or a sibling there); the distance band of the home (`bands` by home code, or
    `no_location_band` when `bands` is empty: the place has no location); the negated profile fit
    (`negated_fit` by needs mask); the registration day (longest waiting first); complexity points times
    `signal`.
    """
    count = rows.shape[0]
    eligible = np.empty(count, dtype=np.int64)
    m = 0
    for i in range(count):
        if not passes_region_gender[region_gender[i]]:
            continue
        offset = birth[i] - first_birth
        if offset < 0 or offset >= birth_span:
            continue
        if max_urgency < _LEAST_URGENT and urgency[i] > max_urgency:
            continue
        row = rows[i]
        barred = False
        for b in range(barred_rows.shape[0]):
            if barred_rows[b] == row:
                barred = True
                break
        if not barred:
            eligible[m] = row
            m += 1
    if m < 2:
        return eligible[:m].copy()
    key_count = keys.shape[0]
    values = np.empty((key_count + 1, m), dtype=np.int64)
    for i in range(m):
        row = eligible[i]
        for k in range(key_count):
            code = keys[k]
            if code == URGENCY:
                value = ints[_URGENCY, row]
            elif code == WAITING_DAYS:
                value = ints[_REGISTERED, row]
            elif code == PROFILE_FIT:
                value = negated_fit[ints[_NEEDS, row]]
            elif code == COMPLEXITY_BALANCE:
                value = complexity[ints[_NEEDS, row]] * signal
            elif code == DISTANCE_BAND:
                value = bands[ints[_HOME, row]] if bands.shape[0] > 0 else no_location_band
            else:  # CONSIDERATIONS
                value = -crisis_weight * ints[_CRISIS, row]
                if facility >= 0:
                    if ints[_TRANSFER, row] == facility:
                        value -= transfer_weight
                    if ints[_READMISSION, row] == facility:
                        value -= readmission_weight
                    if sibling.shape[0] > 0 and sibling[row]:
                        value -= sibling_weight
            values[k, i] = value
        values[key_count, i] = ints[_ID_RANK, row]
    permutation = lexicographic(values)
    order = np.empty(m, dtype=np.int64)
    for i in range(m):
        order[i] = eligible[permutation[i]]
    return order


@njit(cache=True)
def lexicographic(values: Any) -> Any:
    """The permutation that sorts the columns of `values` by its first row, then its second, …: `np.lexsort`
    of the rows in reverse (that takes the last key as the most significant), for rows of integers whose last
    row has no ties (the id rank), so the order is unique.

    Usually each row's range is small (urgency 1–4, a band, days within years), and the product of the ranges
    fits one int64: then every column becomes one number in mixed radix and a single sort orders them. Else the
    rows are sorted one by one with a stable sort, least significant first, as `np.lexsort` does.
    """
    key_count, m = values.shape
    lows = np.empty(key_count, dtype=np.int64)
    spans = np.empty(key_count, dtype=np.int64)
    product = float(m)
    for k in range(key_count):
        low = high = values[k, 0]
        for i in range(1, m):
            value = values[k, i]
            if value < low:
                low = value
            elif value > high:
                high = value
        lows[k], spans[k] = low, high - low + 1
        product *= float(high) - float(low) + 1.0
    if product < _PACKABLE:
        numbers = np.empty(m, dtype=np.int64)
        for i in range(m):
            number = 0
            for k in range(key_count):
                number = number * spans[k] + (values[k, i] - lows[k])
            numbers[i] = number * m + i  # unique, as the id rank is: the column is the remainder
        numbers.sort()
        for i in range(m):
            numbers[i] %= m
        return numbers
    permutation = np.arange(m)
    for k in range(key_count - 1, -1, -1):
        permutation = permutation[np.argsort(values[k][permutation], kind="mergesort")]
    return permutation


def _load() -> None:
    """Compile (a fresh checkout) or load (`__pycache__`) the kernel for the argument types a live pool's view gives
    it, now rather than in the middle of a run: its packed columns are a 2-D slice of the pool's store, C-contiguous
    when the pool is exactly full and not otherwise, and numba compiles a version for each."""
    writable, fixed = np.zeros(2, dtype=np.int64), np.zeros(2, dtype=np.int64)
    fixed.flags.writeable = False
    passes = np.ones(1, dtype=np.bool_)
    passes.flags.writeable = False
    store = np.zeros((len(PACKED_COLUMNS), 3), dtype=np.int64)
    for ints in (store, store[:, :2]):
        packed_order(writable, writable, writable, writable, passes, 0, 1, 4, writable, ints, fixed, writable, 0,
                     fixed, fixed, 0, -2, 1, 1, 1, 1, np.zeros(2, dtype=np.bool_))


_load()
