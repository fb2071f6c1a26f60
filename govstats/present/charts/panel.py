"""Charts of the researchers' panel (:func:`govstats.panel`), labelled in Chinese: a rate over
the quarters of each city as small multiples, a city × quarter heat map, and a ranking with
its ties (并列). Every city is drawn on its own (a line never joins two cities) and a period
a city did not publish is marked 未发布, never drawn as a value."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from govstats import labels
from govstats.analyse.comparisons import family_label
from govstats.analyse.panel import FAMILIES, LEVELS
from govstats.analyse.periods import with_periods
from govstats.present.charts.style import ACCENT, INK, MUTED, _figure, _fix_fonts, _rate_axis, style

if TYPE_CHECKING:
    from matplotlib.figure import Figure


_WRITTEN_CELLS = 240
"""Up to this many cells a heat map writes each value (and 未发布 / 无收件) in its cell."""
_NOT_SHOWN = "#e4e7eb"


def _plain(text: object) -> str:
    """A name as text, never as mathtext (收费$5$元 stays as printed)."""
    return str(text).replace("$", r"\$")


def _who(table: pd.DataFrame) -> pd.Series:
    """A city's name, or its file when it names none; and its channel when it has several."""
    who = table["publisher"].fillna(table["input"].fillna("未注明发布单位")).astype(str)
    several = table.groupby(who)["channel_name"].transform("nunique") > 1
    return who.where(~several, who + "·" + table["channel_name"].astype(str))


def _of(panel: pd.DataFrame, family: str, freq: str) -> pd.DataFrame:
    """The panel's rows of one family and one frequency of period (quarters: ``Q``)."""
    if family not in FAMILIES:
        raise ValueError(f"渠道类别“{family}”不存在（可选：{'、'.join(FAMILIES)}）")
    table = with_periods(panel)
    table = table[table["family"] == family]
    table = table[table["period"].map(lambda p: isinstance(p, pd.Period) and p.freqstr[0] == freq[0])]
    if table.empty:
        raise ValueError(f"没有{FAMILIES[family]}按{'季度' if freq == 'Q' else '月'}的数据")
    return table.assign(who=_who(table))


def _periods(table: pd.DataFrame) -> list[pd.Period]:
    return sorted(set(table["period"]), key=lambda p: p.start_time)


def _title(table: pd.DataFrame, family: str, rate: str, what: str) -> str:
    return f"各地{family_label(table, family)}{labels.RATES.get(rate, rate)}{what}"


def rate_small_multiples(
    panel: pd.DataFrame,
    family: str = "mailbox",
    rate: str = "on_time_rate",
    *,
    publishers: Sequence[str] | None = None,
    freq: str = "Q",
    cols: int = 4,
) -> Figure:
    """One small chart per city (``publishers`` only, in their order, when given): ``rate``
    over the panel's quarters (``freq="M"``: months), on the same axes for all; a period the
    city did not publish is a gap marked ×."""
    table = _of(panel, family, freq)
    periods = _periods(table)
    at = {p: i for i, p in enumerate(periods)}
    if publishers is not None:
        order = {p: i for i, p in enumerate(publishers)}
        table = table[table["publisher"].isin(list(order))]
        if table.empty:
            raise ValueError(f"没有这些发布单位的数据：{'、'.join(map(str, order))}")
        cities = sorted(set(table["who"]), key=lambda w: order[w.split("·")[0]])
    else:
        cities = sorted(set(table["who"]))
    rows = -(-len(cities) // cols)
    with style():
        fig = _figure(2.6 * min(cols, len(cities)), 1.2 + 1.9 * rows)
        axes = fig.subplots(rows, min(cols, len(cities)), squeeze=False, sharex=True, sharey=True)
        for ax, city in zip(axes.flat, cities, strict=False):
            mine = table[table["who"] == city].set_index("period")
            values = [mine[rate].get(p, pd.NA) for p in periods]
            y = np.array([np.nan if pd.isna(v) else float(v) for v in values])
            ax.plot(range(len(periods)), y, color=ACCENT, marker="o", markersize=3, linewidth=1.5)
            gone = [at[p] for p in periods if p not in mine.index or not bool(mine.loc[p, "has_annex"])]
            ax.plot(gone, [0.02] * len(gone), linestyle="none", marker="x", color=MUTED, markersize=5)
            ax.set_title(_plain(city), fontsize=10)
            _rate_axis(ax, "y", 1.05)
        for ax in list(axes.flat)[len(cities) :]:
            ax.set_visible(False)
        ticks = [labels.period_text(p) if i in (0, len(periods) - 1) else "" for i, p in enumerate(periods)]
        for ax in axes[-1]:
            ax.set_xticks(range(len(periods)), ticks, fontsize=7.5)
        fig.suptitle(_title(table, family, rate, "（×：该期未发布）"), color=INK, fontweight="bold")
    return _fix_fonts(fig)


def rate_heatmap(
    panel: pd.DataFrame, family: str = "mailbox", rate: str = "on_time_rate", *, freq: str = "Q"
) -> Figure:
    """Cities down, periods across, each cell the city's ``rate`` that period (darker is
    higher; the overdue rate too, as printed); 未发布 where the city published no table,
    无收件 where it received nothing."""
    table = _of(panel, family, freq)
    periods = _periods(table)
    cities = sorted(set(table["who"]))
    grid = table.pivot_table(index="who", columns="period", values=rate, aggfunc="first", dropna=False)
    grid = grid.reindex(index=cities, columns=periods).astype("float64")
    shown = table.set_index(["who", "period"])
    written = grid.size <= _WRITTEN_CELLS  # a large map is read by its colours
    with style():
        import matplotlib

        fig = _figure(1.6 + 0.62 * len(periods), 1.3 + 0.32 * len(cities))
        ax = fig.add_subplot()
        colours = matplotlib.colormaps["Blues"].with_extremes(bad=_NOT_SHOWN)
        image = ax.imshow(grid.to_numpy(), cmap=colours, vmin=0, vmax=1, aspect="auto")
        cells = ((a, b) for a in enumerate(cities) for b in enumerate(periods))
        for (i, city), (j, period) in cells if written else ():
            value = grid.iat[i, j]
            if not np.isnan(value):
                ax.text(j, i, f"{value * 100:.0f}", ha="center", va="center", fontsize=7,
                        color="white" if value > 0.6 else INK)  # fmt: skip
                continue
            row = shown.loc[(city, period)] if (city, period) in shown.index else None
            published = row is not None and bool(np.any(row["has_annex"]))
            ax.text(
                j, i, "无收件" if published else "未发布", ha="center", va="center", fontsize=6, color=MUTED
            )
        ax.set_xticks(range(len(periods)), [labels.period_text(p) for p in periods], rotation=45, ha="right")
        ax.set_yticks(range(len(cities)), [_plain(c) for c in cities])
        bar = fig.colorbar(image, ax=ax, shrink=0.8)
        bar.set_label(f"{labels.RATES.get(rate, rate)}（%）")
        bar.set_ticks([0, 0.5, 1], labels=["0", "50", "100"])
        what = "（城市×季度" if freq == "Q" else "（城市×月份"
        ax.set_title(_title(table, family, rate, what + ("）" if written else "；灰色：未发布或无收件）")))
    return _fix_fonts(fig)


def ranking(table: pd.DataFrame, rate: str = "on_time_rate") -> Figure:
    """Bars of a :func:`govstats.city_ranking` (one period, one family), best on top, each
    named with its place (第1, 并列第2) and its level; cities without the rate listed
    below them (未发布 / 无收件)."""
    if table.empty:
        raise ValueError("排名为空")
    periods = set(table["period"])
    if len(periods) != 1:
        raise ValueError("一张排名图只比较同一统计期")
    df = table.iloc[::-1].reset_index(drop=True)  # row 0 is drawn at the bottom
    names = [
        f"{'' if pd.isna(t) else t + ' '}{_plain(p)}（{_level(lv)}）"
        for t, p, lv in zip(df["rank_text"], _who(df), df["level"], strict=True)
    ]
    with style():
        fig = _figure(8, 1.3 + 0.3 * len(df))
        ax = fig.add_subplot()
        for i, (value, annex) in enumerate(zip(df[rate], df["has_annex"], strict=True)):
            if pd.isna(value):
                ax.text(0.01, i, "无收件" if annex else "未发布", va="center", color=MUTED, style="italic")
            else:
                ax.barh(i, float(value), color=ACCENT, height=0.65)
                ax.text(float(value) + 0.01, i, labels.percent(value), va="center", fontsize=8.5)
        ax.set_yticks(range(len(df)), names)
        ax.set_ylim(-0.7, len(df) - 0.3)
        _rate_axis(ax, "x", 1.15)
        family = str(table["family"].iloc[0])
        when = labels.period_text(next(iter(periods)))
        ax.set_title(f"{when} {_title(table, family, rate, '排名')}")
        ax.set_xlabel("同级（省、市、县）之间排名；并列者名次相同")
    return _fix_fonts(fig)


def _level(level: object) -> str:
    return LEVELS.get(level, "级别未知") if isinstance(level, str) else "级别未知"
