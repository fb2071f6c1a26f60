"""Period-over-period change within each publisher (cities never mix): per unit, tier or
channel, every count's absolute and relative change and every rate's change in
percentage points; units new this period and units gone; the headline figures' trend."""

from __future__ import annotations

from collections.abc import Sequence
from itertools import pairwise

import numpy as np
import pandas as pd

from govstats.metrics import RATES, add_rates, rates
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
    combined, size = np.zeros(len(columns[0][0]), dtype=np.int64), 1
    for codes, n in columns:
        if size * n >= 2**62:  # keep the mixed radix in int64: renumber densely, order kept
            uniques, combined = np.unique(combined, return_inverse=True)
            size = len(uniques)
        combined = combined * n + codes
        size *= n
    return combined, size


def _taken(values, cur: np.ndarray, prev: np.ndarray) -> list[tuple[np.ndarray, np.ndarray]]:
    """A masked array's (data, mask) at positions ``cur`` and ``prev`` (-1: missing)."""
    # The masked array's own buffers when it has them: a filled copy of each 7-million-row
    # column cost more than the takes.
    data = getattr(values, "_data", None)
    mask = getattr(values, "_mask", None)
    if data is None or mask is None:
        data, mask = values.to_numpy(values.dtype.numpy_dtype, na_value=0), values.isna()
    return [(np.take(data, at), np.take(mask, at) | (at < 0)) for at in (cur, prev)]


def _values(column: pd.Series):
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
    publisher, npub = codes["publisher"]
    # Period codes in time order; NaT (the smallest ordinal) takes code 0 when present.
    pcode, ordinals = pd.factorize(period.asi8, sort=True)
    c = {
        "period": period,
        "group": group,
        "ngroup": ngroup,
        "pcode": pcode.astype(np.int64, copy=False),
        "ordinals": ordinals,
        "nat": period.isna(),
        "line": _combine([codes[k] for k in series])[0],
        "publisher": (publisher + 1) % npub,
        "npub": npub,
        "order": None,
    }  # publisher: missing first
    del codes
    if ngroup * len(ordinals) >= len(frame):  # else two rows of a group share a period
        c["order"] = np.argsort(
            group * (len(ordinals) + 1) + np.where(c["nat"], len(ordinals), c["pcode"]), kind="stable"
        )
    return c


def _one_row_each(c: dict) -> bool:
    """Whether no group has two rows in one period (``c`` from :func:`_coded`)."""
    if c["order"] is None:
        return False
    g, p = c["group"][c["order"]], c["pcode"][c["order"]]
    return not ((g[1:] == g[:-1]) & (p[1:] == p[:-1])).any()


def _qoq_frame(
    current: pd.DataFrame, c: dict, keys: list[str], counts: list[str], rate_cols: list[str]
) -> pd.DataFrame:
    """The period-over-period table of ``current`` (rates beside the counts; ``c`` its
    codes from :func:`_coded`): each row compared with the one before in (group, period)
    order, the output sorted on integer keys, every column built once from positions."""
    take = pd.api.extensions.take
    n = len(current)
    order, pcode, nat, group, ngroup = c["order"], c["pcode"], c["nat"], c["group"], c["ngroup"]
    ordinals, nper = c["ordinals"], len(c["ordinals"])
    if order is None:
        order = np.argsort(group * (nper + 1) + np.where(nat, nper, pcode), kind="stable")
    # Each series' periods present (NaT aside), each with the one before and after it
    # (-1: none; NaT rows point past the end, at none).
    link = c["line"] * nper + pcode
    present = np.sort(pd.unique(link[~nat]))
    same_line = present[1:] // nper == present[:-1] // nper
    before = np.full(len(present) + 1, -1, dtype=np.int64)
    before[1:-1][same_line] = present[:-1][same_line] % nper
    after = np.full(len(present) + 1, -1, dtype=np.int64)
    after[:-1][:-1][same_line] = present[1:][same_line] % nper
    at = np.searchsorted(present, link)
    del link
    at[nat] = len(present)
    at = np.take(at, order)
    g, p = np.take(group, order), np.take(pcode, order)
    prev, nxt = np.take(before, at), np.take(after, at)
    del at, before, after
    continuing = np.zeros(n, dtype=bool)
    continuing[1:] = (g[1:] == g[:-1]) & (p[:-1] == prev[1:])
    continuing &= prev >= 0
    present_next = np.zeros(n, dtype=bool)
    present_next[:-1] = (g[:-1] == g[1:]) & (p[1:] == nxt[:-1])
    leaving = np.flatnonzero((nxt >= 0) & ~present_next)
    del present_next
    # Output rows: every row ("now", in group order), then the gone ones; each with its
    # source rows (this period's, last period's), periods and status.
    cur_src = np.concatenate([order, np.full(len(leaving), -1)])
    prev_src = np.full(n, -1, dtype=np.int64)
    prev_src[1:][continuing[1:]] = order[:-1][continuing[1:]]
    prev_src = np.concatenate([prev_src, np.take(order, leaving)])
    out_period = np.concatenate([p, np.take(nxt, leaving)])
    out_prev = np.concatenate([prev, np.take(p, leaving)])
    status = np.where(continuing, 0, 1).astype(np.int8)
    status[prev < 0] = -1  # the first period has nothing to compare with
    status = np.concatenate([status, np.full(len(leaving), 2, dtype=np.int8)])
    # Sorted by publisher (missing first, as factorize gives it), period, then the keys.
    pub = np.take(c["publisher"], order)
    pub = np.concatenate([pub, np.take(pub, leaving)])
    g = np.concatenate([g, np.take(g, leaving)])
    del order, p, prev, nxt, continuing, leaving
    if c["npub"] * nper * ngroup < 2**62:
        final = np.argsort((pub * nper + out_period) * ngroup + g, kind="stable")
    else:
        final = np.lexsort((g, out_period, pub))
    del pub, g
    cur_src, prev_src = np.take(cur_src, final), np.take(prev_src, final)
    out_period, out_prev = np.take(out_period, final), np.take(out_prev, final)
    status = np.take(status, final)
    del final
    ordinals = np.append(ordinals, np.iinfo(np.int64).min)  # code -1: NaT
    cur_ord, prev_ord = np.take(ordinals, out_period), np.take(ordinals, out_prev)
    apart = (
        np.where(out_prev >= 0, cur_ord - prev_ord, np.nan) if len(status) else np.zeros(0, dtype=np.int64)
    )
    del out_period, out_prev
    src = np.where(cur_src >= 0, cur_src, prev_src)
    columns = {k: current[k].array.take(src) for k in keys}
    del src
    columns["period"] = pd.arrays.PeriodArray(cur_ord, dtype=c["period"].dtype)
    columns["prev_period"] = pd.arrays.PeriodArray(prev_ord, dtype=c["period"].dtype)
    columns["periods_apart"] = apart
    columns["status"] = pd.array(["continuing", "new", "gone"], dtype="string").take(status, allow_fill=True)
    del status, cur_ord, prev_ord, apart
    np_errors = np.seterr(all="ignore")  # masked slots hold anything: their results are masked
    for c in counts:
        now, before_ = _taken(current[c].astype("Int64").array, cur_src, prev_src)
        change = pd.arrays.IntegerArray(now[0] - before_[0], now[1] | before_[1])
        pct = np.true_divide(now[0] - before_[0], before_[0])  # as float64, as Float64 would
        columns |= {
            c: pd.arrays.IntegerArray(*now),
            f"{c}_prev": pd.arrays.IntegerArray(*before_),
            f"{c}_change": change,
            f"{c}_change_pct": pd.arrays.FloatingArray(pct, change.isna() | (before_[0] <= 0)),
        }
        del now, before_, change, pct
    for r in rate_cols:
        values = current[r].array
        if values.dtype == "Float64":
            now, before_ = _taken(values, cur_src, prev_src)
            columns |= {
                r: pd.arrays.FloatingArray(*now),
                f"{r}_prev": pd.arrays.FloatingArray(*before_),
                f"{r}_change_pp": pd.arrays.FloatingArray((now[0] - before_[0]) * 100, now[1] | before_[1]),
            }
        else:  # rates of another dtype keep it, as before
            values = _values(current[r])
            now, before_ = take(values, cur_src, allow_fill=True), take(values, prev_src, allow_fill=True)
            columns |= {
                r: now,
                f"{r}_prev": before_,
                f"{r}_change_pp": pd.array((now - before_) * 100, dtype="Float64", copy=False),
            }
        del now, before_
    np.seterr(**np_errors)
    return pd.DataFrame(columns, copy=False)


def qoq(
    table: pd.DataFrame,
    by: Sequence[str] | None = None,
    *,
    freq: str | None = None,
    measures: Sequence[str] | None = None,
) -> pd.DataFrame:
    """The period-over-period table of ``table`` (a handling table, or :func:`rates` output).

    ``by`` defaults to :data:`QOQ_KEYS` (per unit); ``publisher`` is always a key, so
    cities never mix. Each period is compared with the previous one present in that
    publisher's series: ``periods_apart`` is 1 for consecutive quarters (or months) and
    more across a gap. ``status`` says ``continuing``, ``new`` (no row last period) or
    ``gone`` (a row last period, none now; the period columns say when it went). For
    every count ``c``: ``c``, ``c_prev``, ``c_change``, ``c_change_pct`` (relative, as a
    fraction); for every rate ``r``: ``r``, ``r_prev``, ``r_change_pp`` (percentage
    points). ``freq="Q"`` rolls monthly rows up to quarters first. ``measures`` keeps
    only those counts and rates (e.g. ``["received", "on_time_rate"]``): at national scale
    per unit, every measure's four columns are most of the memory.
    """
    keys = list(QOQ_KEYS if by is None else by)
    if "publisher" not in keys:
        keys.insert(0, "publisher")
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
    series = ["publisher", "channel"] if "channel" in keys else ["publisher"]
    if set(RATES) <= set(table.columns) and freq is None:
        current, coded = table, _coded(table, keys, series)
    else:
        coded = _coded(table, keys, series)
        if _one_row_each(coded):  # what rates() gives for one row per group: the rows' own rates
            current = table[[*keys, "period"]]
            for field in COUNT_FIELDS:
                current[field] = table[field].astype("Int64")
            current["completed"] = (current["on_time"] + current["late_completed"]).fillna(
                current["completed"]
            )
            current = add_rates(current)
        else:
            current = rates(table, by=[*keys, "period"])
            coded = _coded(current, keys, series)
    current = current[[*keys, "period", *counts, *rate_cols]]
    return _qoq_frame(current, coded, keys, counts, rate_cols)


def movers(changes: pd.DataFrame, column: str = "on_time_rate_change_pp", n: int = 5) -> pd.DataFrame:
    """The ``n`` rows of a :func:`qoq` table with the largest absolute change of ``column``
    (continuing units only), largest first."""
    rows = changes[(changes["status"] == "continuing") & changes[column].notna()]
    order = rows[column].astype("float64").abs().sort_values(ascending=False, kind="stable").index
    return rows.loc[order[:n]].reset_index(drop=True)


def headline_trend(headline: pd.DataFrame, metrics: Sequence[str] | None = None) -> pd.DataFrame:
    """The narrative's figures per publisher, channel, metric and tier across periods, each
    with its previous value and the change (absolute and relative).

    ``metrics`` defaults to every figure the notices classify (monitored, disclosed,
    received, on_time, …; not ``other``).
    """
    figures = (
        headline[headline["metric"] != "other"]
        if metrics is None
        else headline[headline["metric"].isin(metrics)]
    )
    keys = ["publisher", "channel", "metric", "tier"]
    data = figures[[*keys, "period", "value", "unit"]].copy()
    for k in keys:
        data[k] = data[k].fillna("")
    data = data.groupby([*keys, "period"], sort=True, observed=True, as_index=False).first()
    links = _previous_periods(data, ["publisher"])
    out = data.merge(links, on=["publisher", "period"], how="left")
    prev = data.rename(columns={"period": "prev_period", "value": "value_prev"}).drop(columns="unit")
    out = out.merge(prev, on=[*keys, "prev_period"], how="left")
    out["change"] = (out["value"] - out["value_prev"]).astype("Float64")
    out["change_pct"] = (out["change"] / out["value_prev"].where(out["value_prev"] > 0)).astype("Float64")
    return out[[*keys, "unit", "period", "value", "prev_period", "value_prev", "change", "change_pct"]]


__all__ = ["QOQ_KEYS", "add_rates", "headline_trend", "movers", "qoq", "to_quarters"]
