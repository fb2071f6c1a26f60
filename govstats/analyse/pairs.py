"""The engine of :func:`govstats.analyse.trends.qoq`: each row of a frame paired with its
series' row of the previous period present, on integer codes, and the table built from
positions. At national scale (millions of units) every array here is one output column or
a small mask, freed as soon as it is used: first-touching fresh memory is most of the time."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

import numpy as np
import pandas as pd

STATUSES = ("continuing", "new", "gone")
"""The ``status`` column's words, by code (0, 1, 2)."""


@dataclass(slots=True)
class Codes:
    """A frame's rows as integer codes (from :func:`coded`)."""

    period: pd.arrays.PeriodArray
    group: np.ndarray | None  # the row's group (every key), int64; codes sort as the values
    ngroup: int
    pcode: np.ndarray | None  # the row's period, int32, in time order (NaT, when present, 0)
    line: np.ndarray | None  # the row's series (publisher, input file, channel)
    ordinals: np.ndarray  # each period code's ordinal
    nat: np.ndarray  # rows without a period
    publisher: np.ndarray | None  # int32, missing first (as factorize ranks them)
    npub: int
    order: np.ndarray | None = None  # the rows by group, then period (NaT last)
    sorted_group: np.ndarray | None = None  # group of each row in that order
    sorted_period: np.ndarray | None = None  # period code of each row in that order


@dataclass(slots=True)
class Rows:
    """The output rows, in output order: each one's source rows in the frame (this
    period's, last period's; -1 for none), status code and period ordinals."""

    current: np.ndarray
    previous: np.ndarray
    status: np.ndarray
    period: np.ndarray
    prev_period: np.ndarray
    apart: np.ndarray


def _codes(column: pd.Series) -> tuple[np.ndarray, int]:
    """Integer codes in sort order with missing values last (as ``sort_values`` puts them),
    and how many codes there are."""
    codes, uniques = pd.factorize(column, sort=True)
    codes = codes.astype(np.int64, copy=False)
    codes[codes < 0] = len(uniques)
    return codes, len(uniques) + 1


def _combine(columns: list[tuple[np.ndarray, int]]) -> tuple[np.ndarray, int]:
    """One int64 per row ordered as the rows sorted by the coded columns, and its range."""
    combined, size = columns[0][0].astype(np.int64), columns[0][1]
    for codes, n in columns[1:]:
        if size * n >= 2**62:  # keep the mixed radix in int64: renumber densely, order kept
            uniques, combined = np.unique(combined, return_inverse=True)
            size = len(uniques)
        combined *= n  # in place: at national scale each fresh array costs its first touch
        combined += codes
        size *= n
    return combined, size


def _one_frequency(frame: pd.DataFrame) -> pd.arrays.PeriodArray:
    period = frame["period"].array
    if not isinstance(period.dtype, pd.PeriodDtype):
        period = pd.array(np.asarray(period, dtype=object))
        if not isinstance(period.dtype, pd.PeriodDtype):
            raise ValueError(
                "qoq: periods of one frequency are needed (freq='Q' rolls months up to quarters)"
            )
    return period


def coded(frame: pd.DataFrame, keys: list[str], series: list[str]) -> Codes:
    """Integer codes of ``frame``'s groups (``keys``), series and periods; rows sorted by
    group and period unless the codes already show that some group has two rows in a period."""
    period = _one_frequency(frame)
    codes = {k: _codes(frame[k]) for k in keys}
    group, ngroup = _combine([codes[k] for k in keys])
    line = _combine([codes[k] for k in series])[0]
    publisher, npub = codes.pop("publisher")
    publisher += 1  # missing publishers first, as factorize ranks them
    publisher[publisher == npub] = 0
    # Period codes in time order; NaT (the smallest ordinal) takes code 0 when present.
    pcode, ordinals = pd.factorize(period.asi8, sort=True)
    c = Codes(
        period, group, ngroup, pcode.astype(np.int32), line, ordinals, period.isna(),
        publisher.astype(np.int32), npub,
    )  # fmt: skip
    del codes, publisher, pcode
    if ngroup * len(ordinals) >= len(frame):  # else two rows of a group share a period
        sort_rows(c)
    return c


def sort_rows(c: Codes) -> None:
    """``c.order``: the rows by group, then period (NaT last), and their codes in it."""
    key = c.group * (len(c.ordinals) + 1)
    key += c.pcode
    key[c.nat] += len(c.ordinals)  # NaT's code is 0
    c.order = np.argsort(key, kind="stable")
    del key
    c.sorted_group, c.sorted_period = np.take(c.group, c.order), np.take(c.pcode, c.order)


def one_row_each(c: Codes) -> bool:
    """Whether no group has two rows in one period."""
    if c.order is None:
        return False
    g, p = c.sorted_group, c.sorted_period
    return not ((g[1:] == g[:-1]) & (p[1:] == p[:-1])).any()


def neighbours(c: Codes) -> tuple[np.ndarray, np.ndarray]:
    """For each row in group order: the period code before and after its own among the
    periods its series has (NaT aside; -1: none)."""
    nper = len(c.ordinals)
    link, c.line = c.line, None  # in place: the series' code becomes (series, period)
    link *= nper
    link += c.pcode
    present = np.sort(pd.unique(link[~c.nat] if c.nat.any() else link))
    same_line = present[1:] // nper == present[:-1] // nper
    before = np.full(len(present) + 1, -1, dtype=np.int32)
    before[1:-1][same_line] = present[:-1][same_line] % nper
    after = np.full(len(present) + 1, -1, dtype=np.int32)
    after[:-1][:-1][same_line] = present[1:][same_line] % nper
    at = np.searchsorted(present, link)
    del link
    at[c.nat] = len(present)  # NaT rows point past the end, at none
    at = np.take(at, c.order)
    return np.take(before, at), np.take(after, at)


def output_rows(c: Codes, prev: np.ndarray, nxt: np.ndarray) -> Rows:
    """Every row ("now", continuing or new), then the gone ones (a row last period, none
    now), each with its source rows, status and periods, in output order."""
    order, g, p = c.order, c.sorted_group, c.sorted_period
    n = len(order)
    continuing = np.zeros(n, dtype=bool)
    continuing[1:] = (g[1:] == g[:-1]) & (p[:-1] == prev[1:])
    continuing &= prev >= 0
    present_next = np.zeros(n, dtype=bool)
    present_next[:-1] = (g[:-1] == g[1:]) & (p[1:] == nxt[:-1])
    present_next |= nxt < 0
    leaving = np.flatnonzero(~present_next)
    del present_next
    m = n + len(leaving)
    current = np.full(m, -1, dtype=np.int64)
    current[:n] = order
    previous = np.full(m, -1, dtype=np.int64)
    previous[1:n][continuing[1:]] = order[:-1][continuing[1:]]
    previous[n:] = np.take(order, leaving)
    period = np.concatenate([p, np.take(nxt, leaving)])
    prev_period = np.concatenate([prev, np.take(p, leaving)])
    status = np.full(m, 2, dtype=np.int8)  # gone
    status[:n] = ~continuing  # 0 continuing, 1 new
    status[:n][prev < 0] = -1  # the first period has nothing to compare with
    del p, prev, nxt, continuing
    final = _output_order(c, period, leaving)
    period, prev_period = np.take(period, final), np.take(prev_period, final)
    current, previous = np.take(current, final), np.take(previous, final)
    status = np.take(status, final)
    del final
    ordinals = np.append(c.ordinals, np.iinfo(np.int64).min)  # code -1: NaT
    cur_ord, prev_ord = np.take(ordinals, period), np.take(ordinals, prev_period)
    apart = np.subtract(cur_ord, prev_ord, dtype=np.float64 if m else np.int64)  # as the merge gave
    apart[prev_period < 0] = np.nan if m else 0
    return Rows(current, previous, status, cur_ord, prev_ord, apart)


def _output_order(c: Codes, period: np.ndarray, leaving: np.ndarray) -> np.ndarray:
    """The output rows sorted by publisher (missing first), period, then group; ``c``'s
    row-sized codes are released after."""
    n, nper = len(c.order), len(c.ordinals)
    key = np.take(c.publisher, c.order).astype(np.int64)
    key = np.concatenate([key, np.take(key, leaving)])
    g = c.sorted_group
    if c.npub * nper * c.ngroup < 2**62:
        key *= nper
        key += period
        key *= c.ngroup
        key[:n] += g
        key[n:] += np.take(g, leaving)
        final = np.argsort(key, kind="stable")
    else:
        final = np.lexsort((np.concatenate([g, np.take(g, leaving)]), period, key))
    c.order = c.sorted_group = c.sorted_period = c.group = c.pcode = c.publisher = None
    return final


def _measure(values, cur: np.ndarray, prev: np.ndarray, missing: tuple[np.ndarray, np.ndarray]) -> list:
    """A masked count or rate at positions ``cur`` and ``prev`` (``missing``: where each is
    -1), and the change: for a count absolute and relative, for a rate in points."""
    # The masked array's own buffers when it has them: a filled copy of each 7-million-row
    # column cost more than the takes.
    data, mask = getattr(values, "_data", None), getattr(values, "_mask", None)
    if data is None or mask is None:
        data, mask = values.to_numpy(values.dtype.numpy_dtype, na_value=0), values.isna()
    with np.errstate(all="ignore"):  # masked slots hold anything: their results are masked
        now, now_mask = np.take(data, cur), np.take(mask, cur)
        now_mask |= missing[0]
        before, before_mask = np.take(data, prev), np.take(mask, prev)
        before_mask |= missing[1]
        change_mask = now_mask | before_mask
        change = np.subtract(now, before)
        if values.dtype == "Float64":
            change *= 100  # percentage points
            return [
                pd.arrays.FloatingArray(a, m)
                for a, m in ((now, now_mask), (before, before_mask), (change, change_mask))
            ]
        pct_mask = np.less_equal(before, 0)
        pct_mask |= change_mask
        pct = np.true_divide(change, before)  # float64, as Float64 division gives it
    arrays = [
        pd.arrays.IntegerArray(a, m)
        for a, m in ((now, now_mask), (before, before_mask), (change, change_mask))
    ]
    return [*arrays, pd.arrays.FloatingArray(pct, pct_mask)]


def _values(column: pd.Series):
    """The column's extension array, or its numpy values."""
    return column.array if isinstance(column.dtype, pd.api.extensions.ExtensionDtype) else column.to_numpy()


def qoq_frame(
    held: list[pd.DataFrame], c: Codes, keys: list[str], counts: list[str], rate_cols: list[str]
) -> pd.DataFrame:
    """The period-over-period table of the frame in ``held`` (rates beside the counts; ``c``
    its codes): each row paired with its series' previous period, the output sorted on
    integer codes, every column built once from positions. The frame is taken out of
    ``held`` so that the rates made for it go as soon as they are used."""
    if c.order is None:
        sort_rows(c)
    rows = output_rows(c, *neighbours(c))
    columns = _measured_columns(held, rows, keys, counts, rate_cols, c.period.dtype)
    del rows
    ordered = [*keys, "period", "prev_period", "periods_apart", "status"]
    ordered += [f"{m}{suffix}" for m in counts for suffix in ("", "_prev", "_change", "_change_pct")]
    ordered += [f"{m}{suffix}" for m in rate_cols for suffix in ("", "_prev", "_change_pp")]
    return pd.DataFrame({k: columns.pop(k) for k in ordered}, copy=False)


def _measured_columns(
    held: list[pd.DataFrame], rows: Rows, keys: list[str], counts: list[str], rate_cols: list[str], dtype
) -> dict:
    """Every column of the table: the keys and status taken from the source rows, the periods
    from their ordinals, each count's and rate's values now, before and the change."""
    current = held.pop()
    floats = [r for r in rate_cols if current[r].dtype == "Float64"]
    masked = [current[c].astype("Int64").array for c in counts] + [current[r].array for r in floats]
    names = [[c, f"{c}_prev", f"{c}_change", f"{c}_change_pct"] for c in counts]
    names += [[r, f"{r}_prev", f"{r}_change_pp"] for r in floats]
    others = {r: _values(current[r]) for r in rate_cols if r not in floats}
    key_arrays = [current[k].array for k in keys]
    del current
    src = np.where(rows.current >= 0, rows.current, rows.previous)
    missing = (rows.current < 0, rows.previous < 0)

    def measure(i: int) -> list:
        values, masked[i] = masked[i], None  # gone once used, unless the caller's table holds it
        return _measure(values, rows.current, rows.previous, missing)

    # Two threads: numpy and pyarrow release the GIL in takes and arithmetic.
    with ThreadPoolExecutor(max_workers=2) as pool:
        texts = [pool.submit(array.take, src) for array in key_arrays]
        statuses = pd.array(STATUSES, dtype="string")  # here: a string array at import loads pyarrow
        texts.append(pool.submit(statuses.take, rows.status, allow_fill=True))
        measured = pool.map(measure, range(len(masked)))
        columns = {k: text.result() for k, text in zip(keys, texts, strict=False)}
        columns["period"] = pd.arrays.PeriodArray(rows.period, dtype=dtype)
        columns["prev_period"] = pd.arrays.PeriodArray(rows.prev_period, dtype=dtype)
        columns["periods_apart"] = rows.apart
        columns["status"] = texts[-1].result()
        del src, texts
        for labels, arrays in zip(names, measured, strict=True):
            columns |= dict(zip(labels, arrays, strict=True))
    take = pd.api.extensions.take
    for r, values in others.items():  # rates of another dtype keep it, as before
        now = take(values, rows.current, allow_fill=True)
        before = take(values, rows.previous, allow_fill=True)
        change = pd.array((now - before) * 100, dtype="Float64", copy=False)
        columns |= {r: now, f"{r}_prev": before, f"{r}_change_pp": change}
    return columns
