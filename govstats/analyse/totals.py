"""The annex's unit rows summed beside the totals the narrative states: where a notice's
text and its own tables disagree."""

from __future__ import annotations

import pandas as pd

from govstats.analyse.apart import say_unnamed
from govstats.analyse.metrics import rates
from govstats.schema import COUNT_FIELDS, input_files


def _freq(p: object) -> str | None:
    return p.freqstr if isinstance(p, pd.Period) else None


def _of_freq(table: pd.DataFrame, freq: str | None) -> pd.DataFrame:
    return table[table["period"].map(_freq).fillna("").eq(freq or "").to_numpy()]


def compare_totals(handling: pd.DataFrame, headline: pd.DataFrame) -> pd.DataFrame:
    """The annex's unit rows summed beside the totals the narrative states.

    Rows that name no publisher meet only those of their own input file (column
    ``input``); periods of two frequencies are never compared.

    Parameters
    ----------
    handling : pandas.DataFrame
        ``Dataset.handling``.
    headline : pandas.DataFrame
        ``Dataset.headline``.

    Returns
    -------
    pandas.DataFrame
        Per publisher, period, channel and ``metric``: ``annex`` (the unit rows' sum),
        ``narrative`` (the stated figure) and ``difference`` (annex − narrative).
    """
    freqs = {_freq(p) for t in (handling, headline) for p in pd.unique(t["period"])}
    if len(freqs) > 1:  # months beside quarters: each frequency on its own (periods of two never compare)
        return pd.concat(
            [
                compare_totals(_of_freq(handling, f), _of_freq(headline, f))
                for f in sorted(freqs, key=lambda f: f or "")
            ],
            ignore_index=True,
        )
    keys = ["publisher", "period", "channel"]
    unnamed = [input_files(t)[t["publisher"].isna()] for t in (handling, headline)]
    if any(len(u) for u in unnamed) and say_unnamed("compare_totals", pd.concat(unnamed)):  # said once
        keys = ["publisher", "input", "period", "channel"]
        handling = handling.assign(input=input_files(handling))
        headline = headline.assign(input=input_files(headline))
    annex = rates(handling, by=keys)[[*keys, *COUNT_FIELDS]].melt(
        id_vars=keys, var_name="metric", value_name="annex"
    )
    stated = headline[
        headline["metric"].isin(COUNT_FIELDS)
        & headline["tier"].fillna("").eq("")
        & headline["channel"].fillna("").ne("")
    ]
    stated = (
        stated.groupby([*keys, "metric"], dropna=False, observed=True)["value"].first().rename("narrative")
    )
    stated = stated.reset_index()
    if annex["period"].dtype != stated["period"].dtype:  # a Period dtype beside objects
        annex["period"], stated["period"] = annex["period"].astype(object), stated["period"].astype(object)
    out = annex.merge(stated, on=[*keys, "metric"], how="outer")
    out["annex"] = out["annex"].astype("Int64")
    out["narrative"] = out["narrative"].astype("Float64").round().astype("Int64")
    out = out.dropna(subset=["annex", "narrative"], how="all")
    out["difference"] = out["annex"] - out["narrative"]
    order = {m: i for i, m in enumerate(COUNT_FIELDS)}
    out = out.sort_values([*keys, "metric"], key=lambda s: s.map(order) if s.name == "metric" else s)
    return out.reset_index(drop=True)
