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
    out["period"] = pd.PeriodIndex([pd.Period(p, "Q") if pd.notna(p) else None for p in out["period"]], freq="Q")
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
                rows.append({**dict(zip(series, key, strict=True)), "period": cur, "prev_period": prev,
                             "periods_apart": steps})
        return pd.DataFrame(rows, columns=columns)
    p = p.sort_values([*series, "period"], kind="stable")
    p["prev_period"] = p.groupby(series, dropna=False, sort=False)["period"].shift(1)
    p = p[p["prev_period"].notna()].copy()
    p["periods_apart"] = p["period"].array.asi8 - p["prev_period"].array.asi8  # ordinals of one frequency
    return p[columns].reset_index(drop=True)


def qoq(table: pd.DataFrame, by: Sequence[str] | None = None, *, freq: str | None = None,
        measures: Sequence[str] | None = None) -> pd.DataFrame:
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
    current = table if set(RATES) <= set(table.columns) and freq is None else rates(table, by=[*keys, "period"])
    counts = [c for c in COUNT_FIELDS if measures is None or c in measures]
    rate_cols = [r for r in RATES if measures is None or r in measures]
    unknown = set(measures or ()) - set(COUNT_FIELDS) - set(RATES)
    if unknown:
        raise ValueError(f"qoq: unknown measures {sorted(unknown)} (counts {COUNT_FIELDS}, rates {RATES})")
    current = current[[*keys, "period", *counts, *rate_cols]]
    # A channel's series stands alone: a city that starts publishing its hotline table has
    # no "new" units in it, it has a first period.
    series = ["publisher", "channel"] if "channel" in keys else ["publisher"]
    # Each group's rows in period order, compared with the row before by position: no merge
    # on text keys (at national scale those merges were most of the time and memory).
    group = current.groupby(keys, sort=False, dropna=False, observed=True).ngroup().to_numpy()
    line = current.groupby(series, sort=False, dropna=False, observed=True).ngroup().to_numpy()
    measures_ = [*counts, *rate_cols]
    work = current[["period", *measures_]].assign(_g=group, _s=line)
    work = work.sort_values(["_g", "period"], kind="stable").reset_index()
    links = _previous_periods(work, ["_s"])
    following = links.rename(columns={"prev_period": "period", "period": "next_period"})[["_s", "period", "next_period"]]
    work = work.merge(links, on=["_s", "period"], how="left").merge(following, on=["_s", "period"], how="left")
    same_group_before = work["_g"].shift(1).eq(work["_g"]).to_numpy()
    row_before = work["period"].shift(1)
    continuing = same_group_before & row_before.eq(work["prev_period"]).fillna(False).to_numpy()
    now = work.drop(columns=["next_period"])
    for m in measures_:
        now[f"{m}_prev"] = work[m].shift(1).where(continuing)
    now["status"] = pd.array(np.where(continuing, "continuing", "new"), dtype="string")
    now.loc[now["prev_period"].isna(), "status"] = pd.NA  # the first period has nothing to compare with
    same_group_after = work["_g"].shift(-1).eq(work["_g"]).to_numpy()
    present_next = same_group_after & work["period"].shift(-1).eq(work["next_period"]).fillna(False).to_numpy()
    leaving = work[work["next_period"].notna().to_numpy() & ~present_next]
    gone = pd.DataFrame({"index": leaving["index"], "_g": leaving["_g"], "_s": leaving["_s"],
                         "period": leaving["next_period"], "prev_period": leaving["period"],
                         "periods_apart": (leaving["next_period"].array.asi8 - leaving["period"].array.asi8)})
    for m in measures_:
        gone[m] = leaving[m].iloc[:0].reindex(leaving.index)  # nothing this period, same dtype
        gone[f"{m}_prev"] = leaving[m]
    gone["status"] = pd.array(np.full(len(gone), "gone"), dtype="string")
    out = pd.concat([now, gone], ignore_index=True)
    # Rows sorted by publisher, period, then the other keys, on integer ranks of the groups.
    firsts = pd.Series(np.arange(len(current))).groupby(group).first()
    group_names = current[keys].iloc[firsts.to_numpy()].reset_index(drop=True)
    order = group_names.sort_values(keys, kind="stable").index.to_numpy()
    group_rank = np.empty(len(order), dtype=np.int64)
    group_rank[order] = np.arange(len(order))
    publisher_rank = pd.factorize(group_names["publisher"], sort=True)[0]
    g = out["_g"].to_numpy()
    out = out.iloc[np.lexsort((group_rank[g], out["period"].array.asi8, publisher_rank[g]))]
    names = current[keys].iloc[out["index"].to_numpy()].reset_index(drop=True)
    out = pd.concat([names, out.drop(columns=["index", "_g", "_s"]).reset_index(drop=True)], axis=1)
    for c in counts:
        out[c] = out[c].astype("Int64")
        out[f"{c}_prev"] = out[f"{c}_prev"].astype("Int64")
        out[f"{c}_change"] = out[c] - out[f"{c}_prev"]
        prev = out[f"{c}_prev"].astype("Float64")
        out[f"{c}_change_pct"] = (out[f"{c}_change"].astype("Float64") / prev.where(prev > 0)).astype("Float64")
    for r in rate_cols:
        out[f"{r}_change_pp"] = ((out[r] - out[f"{r}_prev"]) * 100).astype("Float64")
    ordered = [*keys, "period", "prev_period", "periods_apart", "status"]
    for c in counts:
        ordered += [c, f"{c}_prev", f"{c}_change", f"{c}_change_pct"]
    for r in rate_cols:
        ordered += [r, f"{r}_prev", f"{r}_change_pp"]
    return out[ordered]


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
    figures = headline[headline["metric"] != "other"] if metrics is None else headline[headline["metric"].isin(metrics)]
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
