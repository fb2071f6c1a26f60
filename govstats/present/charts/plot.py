"""Charts for a government briefing, labelled in Chinese: one function per chart, each
returning a matplotlib :class:`~matplotlib.figure.Figure` (never shown), and :func:`save`.

Figures are built without pyplot (no global figure registry, no GUI backend: PNG is drawn
by Agg). The briefing style and the CJK font apply only inside :func:`style`, which every
function here uses; tick labels carry the font themselves, so ``fig.savefig`` works too.
A unit that received nothing has no rate: it is marked 无收件, never drawn as 0%.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd

from govstats import labels
from govstats.labels import period_text as period_label  # public: plot.period_label
from govstats.present.charts.changes import change_between
from govstats.present.charts.notices import PROBLEM_SEPARATORS, headline_trend, problems_by_category
from govstats.present.charts.style import (
    ACCENT,
    INK,
    MUTED,
    PALETTE,
    WARN,
    _drawn,
    _figure,
    _fix_fonts,
    _no_rate_text,
    _pick,
    _rate_axis,
    _title_prefix,
    channel_label,
    style,
)

if TYPE_CHECKING:
    from matplotlib.figure import Figure


def on_time_by_unit(
    rates_df: pd.DataFrame,
    rate: str = "on_time_rate",
    *,
    channel: str | None = "mailbox",
    period: object = None,
    publisher: str | None = None,
    names: Mapping[str, str] | None = None,
    min_received: int | None = None,
) -> Figure:
    """Horizontal bars of ``rate`` per unit, best on top, with each unit's received volume;
    the units with the lowest rate (:func:`govstats.lowest`, ties included) in red, a line
    at the rate of all units together. ``rates_df`` is :func:`govstats.rates` output per
    unit (one publisher's period; the latest unless ``period`` is given). ``names``: the
    publisher's own channel names for the title (部门信箱), as in :func:`channel_label`;
    ``min_received``: as :func:`govstats.lowest` takes it."""
    from govstats.analyse.ranking import MIN_RECEIVED, lowest

    df = _pick(rates_df, channel, period, publisher, "on_time_by_unit")
    has = df[rate].notna()
    # Row 0 is drawn at the bottom: units without a rate there (labelled, no bar), the best on top.
    df = pd.concat(
        [
            df[~has].sort_values("received", kind="stable"),
            df[has].sort_values([rate, "received"], kind="stable"),
        ]
    )
    least = MIN_RECEIVED if min_received is None else min_received
    low = set(lowest(df, rate=rate, min_received=least).index)
    with style():
        fig = _figure(8, 1.2 + 0.3 * len(df))
        ax = fig.add_subplot()
        y = range(len(df))
        values = df[rate].astype("Float64")
        overall = _overall(df, rate)
        colors = [WARN if i in low else ACCENT for i in df.index]
        at, widths = _drawn(y, values)
        ax.barh(at, widths, color=[colors[i] for i in at], height=0.65)
        _bar_labels(ax, values, df["received"])
        ax.set_yticks(list(y), [str(u) for u in df["unit"]])
        for tick, i in zip(ax.get_yticklabels(), df.index, strict=True):
            if i in low:  # a 0% bar has no length: the name carries the colour too
                tick.set_color(WARN)
                tick.set_fontweight("bold")
        ax.set_ylim(-0.7, len(df) + 0.3)
        _rate_axis(ax, "x", 1.22)
        ax.set_xticks([0, 0.25, 0.5, 0.75, 1.0])
        if overall is not None:
            _overall_line(ax, overall, len(df))
        ax.set_title(f"{_title_prefix(df, channel, names)} 各单位{labels.RATES.get(rate, rate)}")
        note = (
            f"（括号内为受理量；红色为{labels.RATES.get(rate, rate)}最低的单位）"
            if low
            else "（括号内为受理量）"
        )
        ax.set_xlabel(f"{labels.RATES.get(rate, rate)}{note}")
    return _fix_fonts(fig)


def _bar_labels(ax, values: pd.Series, received: pd.Series) -> None:
    """Each bar's rate and received volume at its end; a unit without a rate says why."""
    for i, (value, got) in enumerate(zip(values, received, strict=True)):
        volume = f"（{int(got)}）" if pd.notna(got) else ""
        if pd.isna(value):
            ax.text(0.01, i, f"{_no_rate_text(got)}{volume}", va="center", color=MUTED, style="italic")
        else:
            ax.text(
                float(value) + 0.01,
                i,
                f"{labels.percent(value)}{volume}",
                va="center",
                fontsize=8.5,
                bbox={"facecolor": "white", "edgecolor": "none", "pad": 0.5},
            )


def _overall_line(ax, overall: float, rows: int) -> None:
    """A dashed line at the rate of all units together, labelled at the top."""
    ax.axvline(overall, color=INK, linestyle="--", linewidth=1, zorder=0.5)
    ax.text(
        overall + 0.01,
        rows - 0.4,
        f"总体 {labels.percent(overall)}",
        ha="left",
        va="bottom",
        fontsize=8.5,
        bbox={"facecolor": "white", "edgecolor": "none", "pad": 1},
    )


def _overall(df: pd.DataFrame, rate: str) -> float | None:
    """The rate of all rows together (sums of counts), None when it cannot be computed."""
    from govstats.analyse.metrics import add_rates
    from govstats.schema import COUNT_FIELDS

    if not set(COUNT_FIELDS) <= set(df.columns):
        return None
    known = df[list(COUNT_FIELDS)].astype("Int64")
    # A partial sum would overstate or understate the rate: a count missing anywhere is missing.
    sums = pd.DataFrame(
        [{c: known[c].sum() if known[c].notna().all() else pd.NA for c in COUNT_FIELDS}]
    ).astype("Int64")
    value = add_rates(sums, [rate])[rate].iloc[0]
    return None if pd.isna(value) else float(value)


def tier_comparison(
    rates_df: pd.DataFrame,
    rates: Sequence[str] = ("on_time_rate", "completion_rate", "overdue_rate"),
    *,
    channel: str | None = "mailbox",
    period: object = None,
    publisher: str | None = None,
    names: Mapping[str, str] | None = None,
) -> Figure:
    """Grouped bars of ``rates`` per tier (市直单位, 区(市) …), with each tier's received
    volume and number of units. ``rates_df`` is :func:`govstats.rates` output per unit or per tier."""
    from matplotlib.patches import Patch

    tiers = _per_tier(_pick(rates_df, channel, period, publisher, "tier_comparison"))
    tier_names = [str(t) if pd.notna(t) and str(t) else "未分组" for t in tiers["tier"]]
    with style():
        fig = _figure(max(5.0, 1.6 + 1.5 * len(tiers)), 4.2)
        ax = fig.add_subplot()
        width = 0.8 / len(rates)
        for j, rate in enumerate(rates):
            xs = [i + (j - (len(rates) - 1) / 2) * width for i in range(len(tiers))]
            values = tiers[rate].astype("Float64")
            ax.bar(
                *_drawn(xs, values),
                width * 0.92,
                color=PALETTE[j % len(PALETTE)],
                label=labels.RATES.get(rate, rate),
            )
            _tier_bar_labels(ax, xs, values, tiers["received"])
        ticks = [
            f"{name}\n受理{int(r) if pd.notna(r) else '—'} · {int(u)}个单位"
            for name, r, u in zip(tier_names, tiers["received"], tiers["units"], strict=True)
        ]
        ax.set_xticks(range(len(tiers)), ticks)
        _rate_axis(ax, "y", 1.15)
        ax.set_yticks([0, 0.25, 0.5, 0.75, 1.0])
        # Proxies: a rate with no bar at all would otherwise get a legend swatch of the wrong colour.
        swatches = [
            Patch(color=PALETTE[j % len(PALETTE)], label=labels.RATES.get(r, r)) for j, r in enumerate(rates)
        ]
        ax.legend(handles=swatches, loc="upper center", ncols=len(rates), bbox_to_anchor=(0.5, 1.0))
        ax.set_xlim(-0.5, len(tiers) - 0.5)  # bars may be missing: keep their labels inside
        ax.set_title(f"{_title_prefix(tiers, channel, names)} 分层级办理情况")
    return _fix_fonts(fig)


def _per_tier(df: pd.DataFrame) -> pd.DataFrame:
    """Rates per tier of per-unit or per-tier rows, with the units each tier stands for."""
    from govstats.analyse.metrics import rates as rates_of

    keys = [k for k in ("publisher", "period", "channel", "tier") if k in df]
    tiers = rates_of(df, by=keys)  # its units count rows: right for per-unit input
    if "units" in df and "unit" not in df:  # already per tier: add up the units each row stands for
        units = df.groupby(keys, dropna=False, sort=False)["units"].sum().rename("units").reset_index()
        tiers = tiers.drop(columns="units").merge(units, on=keys, how="left")
    return tiers


def _tier_bar_labels(ax, xs: list[float], values: pd.Series, received: pd.Series) -> None:
    """Each bar's rate above it; where a tier has no rate, why not, upright at the foot."""
    for x, value, got in zip(xs, values, received, strict=True):
        ax.text(
            x,
            0.01 if pd.isna(value) else float(value) + 0.01,
            _no_rate_text(got) if pd.isna(value) else labels.percent(value),
            ha="center",
            va="bottom",
            fontsize=8,
            color=MUTED if pd.isna(value) else INK,
            rotation=90 if pd.isna(value) else 0,
        )


def by_publisher(
    rates_df: pd.DataFrame, rate: str = "on_time_rate", *, channel: str | None = "mailbox"
) -> Figure:
    """One bar per city (and period) of ``rate``, with its received volume; a city whose
    table lacks the counts for the rate is marked 无数据, one that received nothing 无收件.
    ``rates_df`` is :func:`govstats.rates` output with ``publisher`` (per unit or per city)."""
    from govstats.analyse.metrics import rates as rates_of

    df = rates_df
    if channel is not None and "channel" in df:
        df = df[df["channel"] == channel]
    if df.empty:
        raise ValueError(f"by_publisher: no rows for channel={channel!r}")
    keys = [k for k in ("publisher", "period", "channel") if k in df]
    cities = rates_of(df, by=keys)
    cities = cities.sort_values(rate, ascending=False, na_position="last", kind="stable").reset_index(
        drop=True
    )
    values = cities[rate].astype("Float64")
    with style():
        fig = _figure(max(5.0, 1.5 + 1.2 * len(cities)), 4.4)
        ax = fig.add_subplot()
        ax.bar(*_drawn(range(len(cities)), values), color=ACCENT, width=0.6)
        for i, (value, received) in enumerate(zip(values, cities["received"], strict=True)):
            if pd.isna(value):
                ax.text(
                    i, 0.02, _no_rate_text(received), ha="center", va="bottom", color=MUTED, style="italic"
                )
            else:
                ax.text(i, float(value) + 0.01, labels.percent(value), ha="center", va="bottom", fontsize=9)
        ticks = [
            f"{p}\n{period_label(q)}\n受理{int(r) if pd.notna(r) else '—'}"
            for p, q, r in zip(cities["publisher"], cities["period"], cities["received"], strict=True)
        ]
        ax.set_xticks(range(len(cities)), ticks, fontsize=8.5)
        _rate_axis(ax, "y", 1.12)
        ax.set_xlim(-0.5, len(cities) - 0.5)
        ax.set_yticks([0, 0.25, 0.5, 0.75, 1.0])
        where = channel_label(channel) if channel else ""
        ax.set_title(f"各地{where}{labels.RATES.get(rate, rate)}比较")
    return _fix_fonts(fig)


def save(fig: Figure, path: str | Path) -> Path:
    """Write ``fig`` as PNG or SVG (by the suffix of ``path``), atomically; returns the path."""
    from govstats.outputs import atomic_write

    path = Path(path)
    fmt = path.suffix.lower().lstrip(".")
    if fmt not in ("png", "svg"):
        raise ValueError(f"save: {path.name}: use a .png or .svg file name")
    with style():
        atomic_write(path, lambda tmp: fig.savefig(tmp, format=fmt, facecolor="white"))
    return path


__all__ = [
    "PROBLEM_SEPARATORS",
    "by_publisher",
    "change_between",
    "headline_trend",
    "on_time_by_unit",
    "period_label",
    "problems_by_category",
    "save",
    "style",
    "tier_comparison",
]
