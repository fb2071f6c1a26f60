"""Period-over-period change within each publisher (cities never mix): per unit, tier or
channel, every count's absolute and relative change and every rate's change in
percentage points; units new this period and units gone; the headline figures' trend."""

from __future__ import annotations

import os
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from itertools import pairwise

import numpy as np
import pandas as pd

from govstats.analyse.apart import keep_apart
from govstats.analyse.metrics import RATES, add_rates, rates, row_counts
from govstats.analyse.periods import with_periods
from govstats.schema import COUNT_FIELDS

QOQ_KEYS: tuple[str, ...] = ("publisher", "channel", "unit")


def to_quarters(table: pd.DataFrame) -> pd.DataFrame:
    """Monthly rows relabelled with their quarter (sum them with :func:`rates`)."""
    out = table.copy()
    out["period"] = pd.PeriodIndex(
        [pd.Period(p, "Q") if pd.notna(p) else None for p in out["period"]], freq="Q"
    )
    return out


def _previous_periods(table: pd.DataFrame, series: list[str]) -> pd.DataFrame:
    """Per series (a publisher, or a publisher's channel): each period present and the
    one before it in that series, and how many periods apart they are."""
    columns = [*series, "period", "prev_period", "periods_apart"]
    p = table[[*series, "period"]].dropna(subset=["period"]).drop_duplicates()
    if not isinstance(p["period"].dtype, pd.PeriodDtype):  # mixed frequencies: compare within each
        rows = []
        for key, group in p.groupby(series, dropna=False, sort=False):
            ordered = sorted(group["period"], key=lambda x: (x.start_time, x.end_time))
            for prev, cur in pairwise(ordered):
                steps = (cur - prev).n if cur.freqstr == prev.freqstr else None
                rows.append(
                    {
                        **dict(zip(series, key, strict=True)),
                        "period": cur,
                        "prev_period": prev,
                        "periods_apart": steps,
                    }
                )
        return pd.DataFrame(rows, columns=columns)
    p = p.sort_values([*series, "period"], kind="stable")
    p["prev_period"] = p.groupby(series, dropna=False, sort=False)["period"].shift(1)
    p = p[p["prev_period"].notna()].copy()
    p["periods_apart"] = p["period"].array.asi8 - p["prev_period"].array.asi8  # ordinals of one frequency
    return p[columns].reset_index(drop=True)


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


def _measure(values, cur: np.ndarray, prev: np.ndarray, missing: tuple[np.ndarray, np.ndarray]) -> list:
    """A masked count or rate at positions ``cur`` and ``prev`` (``missing``: where each is
    -1), and the change: for a count absolute and relative, for a rate in points."""
    # The masked array's own buffers when it has them: a filled copy of each 7-million-row
    # column cost more than the takes. Every array below is one output column or a small
    # mask: at national scale first-touching fresh memory is most of the time.
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


def _coded(frame: pd.DataFrame, keys: list[str], series: list[str]) -> dict:
    """Integer codes of ``frame``'s groups (``keys``), series and periods, and ``order``:
    the rows by group, then period (NaT last), or None when the codes already show that
    some group has two rows in a period."""
    period = frame["period"].array
    if not isinstance(period.dtype, pd.PeriodDtype):
        period = pd.array(np.asarray(period, dtype=object))
        if not isinstance(period.dtype, pd.PeriodDtype):
            raise ValueError(
                "qoq: periods of one frequency are needed (freq='Q' rolls months up to quarters)"
            )
    codes = {k: _codes(frame[k]) for k in keys}
    group, ngroup = _combine([codes[k] for k in keys])
    line = _combine([codes[k] for k in series])[0]
    publisher, npub = codes.pop("publisher")
    publisher += 1  # missing publishers first, as factorize ranks them
    publisher[publisher == npub] = 0
    # Period codes in time order; NaT (the smallest ordinal) takes code 0 when present.
    pcode, ordinals = pd.factorize(period.asi8, sort=True)
    c = {"period": period, "group": group, "ngroup": ngroup, "pcode": pcode.astype(np.int32), "line": line,
         "ordinals": ordinals, "nat": period.isna(), "publisher": publisher.astype(np.int32), "npub": npub,
         "order": None}  # fmt: skip
    del codes, publisher, pcode
    if ngroup * len(ordinals) >= len(frame):  # else two rows of a group share a period
        _sort_rows(c)
    return c


def _sort_rows(c: dict) -> None:
    """``c["order"]``: the rows by group, then period (NaT last); ``g`` and ``p`` in it."""
    key = c["group"] * (len(c["ordinals"]) + 1)
    key += c["pcode"]
    key[c["nat"]] += len(c["ordinals"])  # NaT's code is 0
    c["order"] = np.argsort(key, kind="stable")
    del key
    c["g"], c["p"] = np.take(c["group"], c["order"]), np.take(c["pcode"], c["order"])


def _one_row_each(c: dict) -> bool:
    """Whether no group has two rows in one period (``c`` from :func:`_coded`)."""
    if c["order"] is None:
        return False
    g, p = c["g"], c["p"]
    return not ((g[1:] == g[:-1]) & (p[1:] == p[:-1])).any()


def _qoq_frame(
    held: list[pd.DataFrame], c: dict, keys: list[str], counts: list[str], rate_cols: list[str]
) -> pd.DataFrame:
    """The period-over-period table of the frame in ``held`` (rates beside the counts; ``c``
    its codes from :func:`_coded`): each row compared with the one before in (group, period)
    order, the output sorted on integer keys, every column built once from positions. The
    frame is taken out of ``held`` so that the rates made for it go as soon as they are used."""
    take = pd.api.extensions.take
    current = held.pop()
    n = len(current)
    if c["order"] is None:
        _sort_rows(c)
    order, g, p, nat, ngroup = c["order"], c["g"], c["p"], c["nat"], c["ngroup"]
    ordinals, nper = c["ordinals"], len(c["ordinals"])
    # Each series' periods present (NaT aside), each with the one before and after it
    # (-1: none; NaT rows point past the end, at none).
    link = c.pop("line")
    link *= nper
    link += c["pcode"]
    present = np.sort(pd.unique(link[~nat] if nat.any() else link))
    same_line = present[1:] // nper == present[:-1] // nper
    before = np.full(len(present) + 1, -1, dtype=np.int32)
    before[1:-1][same_line] = present[:-1][same_line] % nper
    after = np.full(len(present) + 1, -1, dtype=np.int32)
    after[:-1][:-1][same_line] = present[1:][same_line] % nper
    at = np.searchsorted(present, link)
    del link
    at[nat] = len(present)
    at = np.take(at, order)
    prev = np.take(before, at)
    nxt = np.take(after, at)
    del at, before, after
    continuing = np.zeros(n, dtype=bool)
    continuing[1:] = (g[1:] == g[:-1]) & (p[:-1] == prev[1:])
    continuing &= prev >= 0
    present_next = np.zeros(n, dtype=bool)
    present_next[:-1] = (g[:-1] == g[1:]) & (p[1:] == nxt[:-1])
    present_next |= nxt < 0
    leaving = np.flatnonzero(~present_next)
    del present_next
    # Output rows: every row ("now", in group order), then the gone ones; each with its
    # source rows (this period's, last period's), periods and status.
    m = n + len(leaving)
    cur_src = np.full(m, -1, dtype=np.int64)
    cur_src[:n] = order
    prev_src = np.full(m, -1, dtype=np.int64)
    prev_src[1:n][continuing[1:]] = order[:-1][continuing[1:]]
    prev_src[n:] = np.take(order, leaving)
    out_period = np.concatenate([p, np.take(nxt, leaving)])
    out_prev = np.concatenate([prev, np.take(p, leaving)])
    status = np.full(m, 2, dtype=np.int8)
    status[:n] = ~continuing
    status[:n][prev < 0] = -1  # the first period has nothing to compare with
    # Sorted by publisher (missing first, as factorize gives it), period, then the keys.
    key = np.take(c["publisher"], order).astype(np.int64)
    key = np.concatenate([key, np.take(key, leaving)])
    del p, prev, nxt, continuing
    if c["npub"] * nper * ngroup < 2**62:
        key *= nper
        key += out_period
        key *= ngroup
        key[:n] += g
        key[n:] += np.take(g, leaving)
        final = np.argsort(key, kind="stable")
    else:
        final = np.lexsort((np.concatenate([g, np.take(g, leaving)]), out_period, key))
    del key, order, g, leaving
    for name in ("order", "g", "p", "group", "pcode", "publisher"):
        c.pop(name, None)
    cur_src, prev_src = np.take(cur_src, final), np.take(prev_src, final)
    out_period, out_prev = np.take(out_period, final), np.take(out_prev, final)
    status = np.take(status, final)
    del final
    ordinals = np.append(ordinals, np.iinfo(np.int64).min)  # code -1: NaT
    cur_ord, prev_ord = np.take(ordinals, out_period), np.take(ordinals, out_prev)
    apart = np.subtract(cur_ord, prev_ord, dtype=np.float64 if m else np.int64)  # as the merge gave
    apart[out_prev < 0] = np.nan if m else 0
    del out_period, out_prev
    src = np.where(cur_src >= 0, cur_src, prev_src)
    missing = (cur_src < 0, prev_src < 0)
    masked = [current[c].astype("Int64").array for c in counts]
    masked += [current[r].array for r in rate_cols if current[r].dtype == "Float64"]
    names = [[c, f"{c}_prev", f"{c}_change", f"{c}_change_pct"] for c in counts]
    names += [[r, f"{r}_prev", f"{r}_change_pp"] for r in rate_cols if current[r].dtype == "Float64"]
    statuses = pd.array(["continuing", "new", "gone"], dtype="string")
    others = {r: _values(current[r]) for r in rate_cols if current[r].dtype != "Float64"}
    key_arrays = [current[k].array for k in keys]
    del current

    def measure(i: int) -> list:
        values, masked[i] = masked[i], None  # gone once used, unless the caller's table holds it
        return _measure(values, cur_src, prev_src, missing)

    # Two threads: numpy and pyarrow release the GIL in takes and arithmetic.
    with ThreadPoolExecutor(max_workers=2) as pool:
        texts = [pool.submit(array.take, src) for array in key_arrays]
        texts.append(pool.submit(statuses.take, status, allow_fill=True))
        measured = pool.map(measure, range(len(masked)))
        columns = {k: text.result() for k, text in zip(keys, texts, strict=False)}
        columns["period"] = pd.arrays.PeriodArray(cur_ord, dtype=c["period"].dtype)
        columns["prev_period"] = pd.arrays.PeriodArray(prev_ord, dtype=c["period"].dtype)
        columns["periods_apart"] = apart
        columns["status"] = texts[-1].result()
        del src, status, cur_ord, prev_ord, apart, texts
        for labels, arrays in zip(names, measured, strict=True):
            columns |= dict(zip(labels, arrays, strict=True))
    for r, values in others.items():  # rates of another dtype keep it, as before
        now, before = take(values, cur_src, allow_fill=True), take(values, prev_src, allow_fill=True)
        change = pd.array((now - before) * 100, dtype="Float64", copy=False)
        columns |= {r: now, f"{r}_prev": before, f"{r}_change_pp": change}
    ordered = [*keys, "period", "prev_period", "periods_apart", "status"]
    ordered += [f"{m}{suffix}" for m in counts for suffix in ("", "_prev", "_change", "_change_pct")]
    ordered += [f"{m}{suffix}" for m in rate_cols for suffix in ("", "_prev", "_change_pp")]
    return pd.DataFrame({k: columns.pop(k) for k in ordered}, copy=False)


def qoq(
    table: pd.DataFrame | str | os.PathLike,
    by: Sequence[str] | None = None,
    *,
    freq: str | None = None,
    measures: Sequence[str] | None = None,
    output: str | os.PathLike | None = None,
) -> pd.DataFrame:
    """The period-over-period table of ``table`` (a handling table, or :func:`rates` output).

    ``by`` defaults to :data:`QOQ_KEYS` (per unit); ``publisher`` is always a key, so
    cities never mix, and rows that name no publisher are a series per input file
    (column ``input``). Each period is compared with the previous one present in that
    publisher's series: ``periods_apart`` is 1 for consecutive quarters (or months) and
    more across a gap. ``status`` says ``continuing``, ``new`` (no row last period) or
    ``gone`` (a row last period, none now; the period columns say when it went). For
    every count ``c``: ``c``, ``c_prev``, ``c_change``, ``c_change_pct`` (relative, as a
    fraction); for every rate ``r``: ``r``, ``r_prev``, ``r_change_pp`` (percentage
    points). ``freq="Q"`` rolls monthly rows up to quarters first. ``measures`` keeps
    only those counts and rates (e.g. ``["received", "on_time_rate"]``): at national scale
    per unit, every measure's four columns are most of the memory (the table is the input's
    size again; the work beside it is a few int64 arrays). Periods must share one frequency.
    Two threads build the columns.

    ``table`` may be a dataset folder (``govstats ingest --dataset``): DuckDB computes the
    same table there, out of core; ``output`` then writes it to that Parquet file
    (unordered) instead of returning it (per unit at national scale the result is as large as the input).
    """
    if not isinstance(table, pd.DataFrame):
        from govstats.analyse import sql

        return sql.qoq(
            table, list(QOQ_KEYS if by is None else by), freq=freq, measures=measures, output=output
        )
    if output is not None:
        raise ValueError("qoq: output= is for a dataset folder; write a DataFrame with .to_parquet")
    keys = list(QOQ_KEYS if by is None else by)
    if "publisher" not in keys:
        keys.insert(0, "publisher")
    table, keys = keep_apart(with_periods(table), keys, "qoq")
    if freq == "Q":
        table = to_quarters(table)
    elif freq is not None:
        raise ValueError(f"freq must be 'Q' or None, not {freq!r}")
    counts = [c for c in COUNT_FIELDS if measures is None or c in measures]
    rate_cols = [r for r in RATES if measures is None or r in measures]
    unknown = set(measures or ()) - set(COUNT_FIELDS) - set(RATES)
    if unknown:
        raise ValueError(f"qoq: unknown measures {sorted(unknown)} (counts {COUNT_FIELDS}, rates {RATES})")
    # A channel's series stands alone: a city that starts publishing its hotline table has
    # no "new" units in it, it has a first period.
    series = [k for k in ("publisher", "input", "channel") if k in keys]
    if set(RATES) <= set(table.columns) and freq is None:
        current, coded = table, _coded(table, keys, series)
    elif len(table) > 65536 and not _one_row_each(_coded(table.iloc[:65536], keys, series)):
        # Two rows of a group in one period among the first rows (a city's units, when the
        # groups are cities) settle it without coding the whole table.
        current = rates(table, by=[*keys, "period"])
        coded = _coded(current, keys, series)
    else:
        with ThreadPoolExecutor(max_workers=1) as pool:  # the rates while the keys are coded
            own = pool.submit(lambda: add_rates(row_counts(table, [*keys, "period"]), rate_cols))
            coded = _coded(table, keys, series)
            current = own.result()
        if not _one_row_each(coded):
            current = rates(table, by=[*keys, "period"])
            coded = _coded(current, keys, series)
    held = [current[[*keys, "period", *counts, *rate_cols]]]
    del current
    return _qoq_frame(held, coded, keys, counts, rate_cols)


def movers(changes: pd.DataFrame, column: str = "on_time_rate_change_pp", n: int = 5) -> pd.DataFrame:
    """The ``n`` rows of a :func:`qoq` table with the largest absolute change of ``column``
    (continuing units only), largest first."""
    rows = changes[(changes["status"] == "continuing") & changes[column].notna()]
    order = rows[column].astype("float64").abs().sort_values(ascending=False, kind="stable").index
    return rows.loc[order[:n]].reset_index(drop=True)


def headline_trend(headline: pd.DataFrame, metrics: Sequence[str] | None = None) -> pd.DataFrame:
    """The narrative's figures per publisher, channel, metric and tier across periods, each
    with its previous value and the change (absolute and relative). Figures of notices
    that name no publisher are a series per input file (column ``input``).

    ``metrics`` defaults to every figure the notices classify (monitored, disclosed,
    received, on_time, …; not ``other``).
    """
    figures = (
        headline[headline["metric"] != "other"]
        if metrics is None
        else headline[headline["metric"].isin(metrics)]
    )
    figures, keys = keep_apart(figures, ["publisher", "channel", "metric", "tier"], "headline_trend")
    data = figures[[*keys, "period", "value", "unit"]].copy()
    for k in keys:
        data[k] = data[k].fillna("")
    data = data.groupby([*keys, "period"], sort=True, observed=True, as_index=False).first()
    series = keys[: keys.index("channel")]  # the publisher (and input file)
    links = _previous_periods(data, series)
    out = data.merge(links, on=[*series, "period"], how="left")
    prev = data.rename(columns={"period": "prev_period", "value": "value_prev"}).drop(columns="unit")
    out = out.merge(prev, on=[*keys, "prev_period"], how="left")
    out["change"] = (out["value"] - out["value_prev"]).astype("Float64")
    out["change_pct"] = (out["change"] / out["value_prev"].where(out["value_prev"] > 0)).astype("Float64")
    return out[[*keys, "unit", "period", "value", "prev_period", "value_prev", "change", "change_pct"]]


__all__ = ["QOQ_KEYS", "add_rates", "headline_trend", "movers", "qoq", "to_quarters"]
