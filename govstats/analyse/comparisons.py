"""Comparisons over the panel (:func:`govstats.panel`): cities ranked within one period, one
level (province, city, county) and one channel family, ties 并列; each city's change over
its quarters; the units that are among their city's lowest period after period. Two cities'
or two periods' rows are never summed, ranked or chained together."""

from __future__ import annotations

from itertools import pairwise

import pandas as pd

from govstats.analyse.metrics import RATES, rates
from govstats.analyse.panel import FAMILIES, SERIES
from govstats.analyse.periods import with_periods
from govstats.analyse.ranking import LOWEST
from govstats.vocabulary.tables import name_key


def _one_family(panel: pd.DataFrame, family: str) -> pd.DataFrame:
    if family not in FAMILIES:
        raise ValueError(f"渠道类别“{family}”不存在（可选：{'、'.join(FAMILIES)}）")
    return panel[panel["family"] == family]


def family_label(table: pd.DataFrame, family: str) -> str:
    """What a comparison of ``family`` compares, in Chinese: 信箱（部门信箱、市长信箱） when the
    cities name it differently (the same family, not the same thing: said, not hidden)."""
    names = sorted(set(table["channel_name"].dropna()))
    word = FAMILIES[family]
    return f"{word}（{'、'.join(names)}）" if len(names) > 1 or (names and names[0] != word) else word


def busiest_period(panel: pd.DataFrame, family: str = "mailbox") -> pd.Period:
    """The period in which most publishers published ``family``'s table (the latest of
    those tied; quarters before months): the period a ranking compares the most cities in."""
    table = _one_family(with_periods(panel), family)
    counts = table[table["has_annex"]].groupby(table["period"].astype(object), sort=False).size()
    if counts.empty:
        raise ValueError(f"没有{FAMILIES[family]}的附件表格")
    order = sorted(counts.index, key=lambda p: (counts[p], p.freqstr.startswith("Q"), p.end_time))
    return order[-1]


def city_ranking(
    panel: pd.DataFrame,
    period: str | pd.Period | None = None,
    family: str = "mailbox",
    rate: str = "on_time_rate",
) -> pd.DataFrame:
    """The panel's rows of one ``period`` and one channel ``family`` ranked by ``rate``
    within each level (province, city, county; the overdue rate low first): ``rank`` (1 is
    best, ties share the better rank: 1, 2, 2, 4), ``tied`` and ``rank_text`` (第2 /
    并列第2). A row without the rate (no annex published, or nothing received) is listed
    unranked, after the ranked ones, so a missing report is not hidden. ``attrs["label"]``
    names what is compared (:func:`family_label`). ``period`` defaults to
    :func:`busiest_period`.

    Parameters
    ----------
    panel : pandas.DataFrame
        :func:`govstats.panel` output.
    period : str or pandas.Period, optional
        The period compared; :func:`busiest_period` by default.
    family : str, default "mailbox"
        The channel family compared.
    rate : str, default "on_time_rate"
        The rate ranked by.

    Returns
    -------
    pandas.DataFrame
        The rows of that period and family with ``rank``, ``tied`` and ``rank_text``;
        ``attrs["label"]`` names what is compared.
    """
    from govstats.periods import parse_period

    if rate not in RATES:
        raise ValueError(f"比率“{rate}”不存在（可选：{'、'.join(RATES)}）")
    wanted = busiest_period(panel, family) if period is None else parse_period(period)
    table = _one_family(with_periods(panel), family)
    table = table[table["period"] == wanted].copy()
    if table.empty:
        raise ValueError(f"没有{wanted}的{FAMILIES[family]}数据")
    values = table[rate].astype("float64")
    by_level = values.groupby(table["level"].fillna(""), sort=False)
    table["rank"] = by_level.rank(method="min", ascending=rate == "overdue_rate").astype("Int64")
    shared = table.groupby([table["level"].fillna(""), table["rank"]], dropna=True)["rank"].transform("size")
    table["tied"] = shared.reindex(table.index).fillna(0).gt(1).astype(bool)
    table["rank_text"] = [
        pd.NA if pd.isna(r) else f"{'并列' if t else ''}第{r}"
        for r, t in zip(table["rank"], table["tied"], strict=True)
    ]
    table["rank_text"] = table["rank_text"].astype("string")
    order = {lv: i for i, lv in enumerate(["province", "city", "county"])}
    table = table.sort_values(
        ["level", "rank", "received"],
        key=lambda s: s.map(order).fillna(9) if s.name == "level" else s,
        ascending=[True, True, False],
        na_position="last",
        kind="stable",
    )
    out = table.reset_index(drop=True)
    out.attrs["label"] = family_label(out, family)
    return out


def change_over_periods(
    panel: pd.DataFrame, rate: str = "on_time_rate", family: str | None = None
) -> pd.DataFrame:
    """Each city's channel over its periods, one row per series (publisher, family, channel
    name): its first and last published period and ``rate`` there, the change in
    percentage points, the periods published (``n_published``), those of the panel's span
    it did not publish (``n_missing``), and the steps between consecutive published periods that went
    down (``falls``). Rows of one series only: a city is never chained to another.

    Parameters
    ----------
    panel : pandas.DataFrame
        :func:`govstats.panel` output.
    rate : str, default "on_time_rate"
        The rate followed.
    family : str, optional
        Only this channel family; every family by default.

    Returns
    -------
    pandas.DataFrame
        One row per series, as above.
    """
    table = with_periods(panel)
    if family is not None:
        table = _one_family(table, family)
    rows = []
    for key, series in table.groupby(list(SERIES), dropna=False, sort=True):
        shown = series[series["has_annex"] & series[rate].notna()].sort_values("period")
        if shown.empty:
            continue
        values = shown[rate].astype("float64").tolist()
        first, last = shown.iloc[0], shown.iloc[-1]
        rows.append(
            {
                **dict(zip(SERIES, key, strict=True)),
                "level": first["level"],
                "first_period": first["period"],
                "last_period": last["period"],
                f"{rate}_first": values[0],
                f"{rate}_last": values[-1],
                f"{rate}_change_pp": (values[-1] - values[0]) * 100,
                "n_published": len(shown),
                "n_missing": int((~series["has_annex"]).sum()),
                "falls": sum(b < a for a, b in pairwise(values)),
            }
        )
    out = pd.DataFrame(rows)
    if out.empty:
        return out
    out = out.astype({k: "string" for k in [*SERIES, "level"]})
    return out.sort_values(f"{rate}_change_pp", ascending=rate == "overdue_rate", kind="stable").reset_index(
        drop=True
    )


def repeat_laggards(handling: pd.DataFrame, min_periods: int = 2, rate: str = "on_time_rate") -> pd.DataFrame:
    """Units that are among their own city's lowest (:func:`govstats.lowest`, ties kept) of
    a channel in at least ``min_periods`` periods, for every city: ``periods`` (the periods,
    in order), ``n_periods`` and ``latest``. Each city's table of each period is judged on
    its own; a unit is matched across periods by its name (spaces and full-width forms
    aside), within its city only.

    Parameters
    ----------
    handling : pandas.DataFrame
        A handling table (``Dataset.handling``).
    min_periods : int, default 2
        The fewest periods a unit is among the lowest in.
    rate : str, default "on_time_rate"
        The rate judged.

    Returns
    -------
    pandas.DataFrame
        One row per city, channel and unit: ``periods``, ``n_periods`` and ``latest``.
    """
    per_unit = rates(with_periods(handling))
    keys = [k for k in ("publisher", "input", "period", "channel") if k in per_unit]
    # govstats.lowest of each table at once: below 100%, within the LOWEST smallest, ties kept
    values = per_unit[rate].astype("float64")
    below = per_unit[(values < 1).to_numpy()]
    place = below[rate].astype("float64").groupby([below[k] for k in keys], dropna=False).rank(method="min")
    low = below[(place <= LOWEST).to_numpy()]
    low = low[low["period"].notna()].assign(name=low["unit"].astype(object).map(name_key))
    series = [k for k in ("publisher", "input", "channel") if k in low] + ["name"]
    rows = []
    for key, group in low.groupby(series, dropna=False, sort=True):
        periods = sorted(set(group["period"]), key=lambda p: p.start_time)
        if len(periods) >= min_periods:
            rows.append(
                {
                    **dict(zip(series, key, strict=True)),
                    "unit": group["unit"].iloc[-1],
                    "periods": ", ".join(str(p) for p in periods),
                    "n_periods": len(periods),
                    "latest": periods[-1],
                }
            )
    columns = [*series[:-1], "unit", "periods", "n_periods", "latest"]
    out = pd.DataFrame(rows, columns=[*series, "unit", "periods", "n_periods", "latest"])[columns]
    return out.sort_values(["n_periods", *series[:-1]], ascending=[False, *[True] * (len(series) - 1)])
