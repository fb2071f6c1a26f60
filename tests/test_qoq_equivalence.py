"""The fast ``qoq`` (integer codes, one sort, arrays built by position) gives exactly the
table of the previous implementation, frozen below as ``_reference_qoq`` (commit fa17ec4,
the merge-based version), on the real notices, the three-quarter series fixture, and
synthetic national tables with units missing in some quarters, quarters missing for some
publishers and missing counts."""

from __future__ import annotations

import sys
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import govstats
from fixtures.series import write_series
from govstats.analyse.metrics import RATES, rates
from govstats.analyse.trends import QOQ_KEYS, to_quarters
from govstats.schema import COUNT_FIELDS

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))
from scale import make_table


def _reference_previous_periods(table: pd.DataFrame, series: list[str]) -> pd.DataFrame:
    columns = [*series, "period", "prev_period", "periods_apart"]
    p = table[[*series, "period"]].dropna(subset=["period"]).drop_duplicates()
    p = p.sort_values([*series, "period"], kind="stable")
    p["prev_period"] = p.groupby(series, dropna=False, sort=False)["period"].shift(1)
    p = p[p["prev_period"].notna()].copy()
    p["periods_apart"] = p["period"].array.asi8 - p["prev_period"].array.asi8
    return p[columns].reset_index(drop=True)


def _reference_qoq(
    table: pd.DataFrame,
    by: Sequence[str] | None = None,
    *,
    freq: str | None = None,
    measures: Sequence[str] | None = None,
) -> pd.DataFrame:
    """The merge-based qoq of commit fa17ec4, verbatim but for the mixed-frequency branch."""
    keys = list(QOQ_KEYS if by is None else by)
    if "publisher" not in keys:
        keys.insert(0, "publisher")
    if freq == "Q":
        table = to_quarters(table)
    current = (
        table if set(RATES) <= set(table.columns) and freq is None else rates(table, by=[*keys, "period"])
    )
    counts = [c for c in COUNT_FIELDS if measures is None or c in measures]
    rate_cols = [r for r in RATES if measures is None or r in measures]
    current = current[[*keys, "period", *counts, *rate_cols]]
    series = ["publisher", "channel"] if "channel" in keys else ["publisher"]
    group = current.groupby(keys, sort=False, dropna=False, observed=True).ngroup().to_numpy()
    line = current.groupby(series, sort=False, dropna=False, observed=True).ngroup().to_numpy()
    measures_ = [*counts, *rate_cols]
    work = current[["period", *measures_]].assign(_g=group, _s=line)
    work = work.sort_values(["_g", "period"], kind="stable").reset_index()
    links = _reference_previous_periods(work, ["_s"])
    following = links.rename(columns={"prev_period": "period", "period": "next_period"})[
        ["_s", "period", "next_period"]
    ]
    work = work.merge(links, on=["_s", "period"], how="left").merge(
        following, on=["_s", "period"], how="left"
    )
    same_group_before = work["_g"].shift(1).eq(work["_g"]).to_numpy()
    row_before = work["period"].shift(1)
    continuing = same_group_before & row_before.eq(work["prev_period"]).fillna(False).to_numpy()
    now = work.drop(columns=["next_period"])
    for m in measures_:
        now[f"{m}_prev"] = work[m].shift(1).where(continuing)
    now["status"] = pd.array(np.where(continuing, "continuing", "new"), dtype="string")
    now.loc[now["prev_period"].isna(), "status"] = pd.NA
    same_group_after = work["_g"].shift(-1).eq(work["_g"]).to_numpy()
    present_next = (
        same_group_after & work["period"].shift(-1).eq(work["next_period"]).fillna(False).to_numpy()
    )
    leaving = work[work["next_period"].notna().to_numpy() & ~present_next]
    gone = pd.DataFrame(
        {
            "index": leaving["index"],
            "_g": leaving["_g"],
            "_s": leaving["_s"],
            "period": leaving["next_period"],
            "prev_period": leaving["period"],
            "periods_apart": (leaving["next_period"].array.asi8 - leaving["period"].array.asi8),
        }
    )
    for m in measures_:
        gone[m] = leaving[m].iloc[:0].reindex(leaving.index)
        gone[f"{m}_prev"] = leaving[m]
    gone["status"] = pd.array(np.full(len(gone), "gone"), dtype="string")
    out = pd.concat([now, gone], ignore_index=True)
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
        out[f"{c}_change_pct"] = (out[f"{c}_change"].astype("Float64") / prev.where(prev > 0)).astype(
            "Float64"
        )
    for r in rate_cols:
        out[f"{r}_change_pp"] = ((out[r] - out[f"{r}_prev"]) * 100).astype("Float64")
    ordered = [*keys, "period", "prev_period", "periods_apart", "status"]
    for c in counts:
        ordered += [c, f"{c}_prev", f"{c}_change", f"{c}_change_pct"]
    for r in rate_cols:
        ordered += [r, f"{r}_prev", f"{r}_change_pp"]
    return out[ordered]


def _same(table: pd.DataFrame, **kwargs) -> pd.DataFrame:
    new = govstats.qoq(table, **kwargs)
    pd.testing.assert_frame_equal(new, _reference_qoq(table, **kwargs))
    return new


def _ragged(govs: int, seed: int) -> pd.DataFrame:
    """A synthetic national table with holes: rows dropped at random (a unit missing in a
    quarter), whole quarters dropped for some publishers, missing received counts, a
    second channel for some publishers, rows shuffled."""
    rng = np.random.default_rng(seed)
    t = make_table(govs, 7, 6, seed=seed)
    hotline = t[t["publisher"].isin(t["publisher"].unique()[:2])].assign(channel="hotline")
    t = pd.concat([t, hotline.iloc[::2]], ignore_index=True)
    keep = rng.random(len(t)) > 0.2
    quarters = t["period"].array.asi8
    keep &= ~(t["publisher"].isin(t["publisher"].unique()[::3]).to_numpy() & (quarters % 3 == 1))
    t = t[keep].sample(frac=1, random_state=seed).reset_index(drop=True)
    t.loc[rng.random(len(t)) < 0.05, "received"] = pd.NA
    assert t["received"].isna().any()
    return t


@pytest.mark.parametrize("seed", [1, 2, 3])
@pytest.mark.parametrize("by", [None, ["publisher", "channel"], ["channel", "tier"]])
def test_synthetic_tables_with_holes(seed, by):
    t = _ragged(12, seed)
    q = _same(t, by=by)
    if by is None:  # units missing in some quarters: new and gone units
        assert {"new", "gone", "continuing"} <= set(q["status"].dropna())
    assert (q["periods_apart"] > 1).any()
    _same(t, by=by, measures=["received", "on_time_rate"])
    _same(rates(t, by=[*(by or QOQ_KEYS), "period"]) if by and "publisher" in by else rates(t), by=by)


def test_duplicate_rows_and_missing_keys_and_periods():
    t = _ragged(5, 4)
    t = pd.concat([t, t.iloc[:40]], ignore_index=True)  # the same unit twice in a quarter
    t.loc[3, "unit"] = pd.NA
    t.loc[7, "period"] = pd.NaT
    _same(rates(t), by=["publisher", "channel", "unit"])  # rates of rows as given: duplicates kept
    _same(t)
    _same(t, measures=["pending"])


def test_real_notices_and_series_fixture(tmp_path):
    for table in (govstats.load("data/raw").handling, govstats.load(write_series(tmp_path)).handling):
        _same(table)
        _same(table, by=["publisher", "channel"])
        _same(table, by=["publisher", "channel", "tier"], measures=["received", "on_time_rate"])
        _same(rates(table))


def test_months_rolled_up_to_quarters():
    t = make_table(4, 5, 9).drop(index=range(3, 60, 4)).reset_index(drop=True)
    quarter = t["period"].array.asi8
    t["period"] = pd.PeriodIndex.from_ordinals(quarter - quarter.min() + 12 * 53, freq="M")  # 2023-01 on
    _same(t)
    _same(t, freq="Q")
    _same(t, freq="Q", by=["publisher", "channel"])


def test_empty_table():
    _same(make_table(2, 2, 2).iloc[:0])


def test_tables_longer_than_the_rows_checked_first():
    t = make_table(300, 10, 25)  # 75,000 rows: the first 65,536 are checked for one row per group alone
    _same(
        t, by=["publisher", "channel"], measures=["received", "on_time_rate"]
    )  # a city's units repeat early
    late_twins = pd.concat([t, t.iloc[-5:]], ignore_index=True)  # repeated only after the first rows
    _same(late_twins, measures=["on_time", "timeliness"])


def test_category_keys():
    t = make_table(6, 5, 4, keys="category").drop(index=[2, 9, 33, 61]).reset_index(drop=True)
    _same(t)
    _same(t, by=["publisher", "channel"])
