"""Charts of what the notices themselves state: the narrative's headline figures over the
periods, and the problems the problem-website and problem-account lists name. Part of
:mod:`govstats.present.charts.plot` (use them from there); the charts of the handling tables live there."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

import pandas as pd

from govstats import labels
from govstats.present.charts.style import (
    PALETTE,
    _figure,
    _fix_fonts,
    _title_prefix,
    channel_label,
    style,
)

if TYPE_CHECKING:
    from matplotlib.figure import Figure


def trend_lines(trend_df: pd.DataFrame, metrics: Sequence[str] | None = None) -> pd.DataFrame:
    """The figures :func:`headline_trend` draws: one value per publisher, figure (channel,
    metric, tier, unit) and period, of the figures stated in two periods or more; empty
    when there is no line to draw."""
    df = (
        trend_df[trend_df["metric"] != "other"]
        if metrics is None
        else trend_df[trend_df["metric"].isin(metrics)]
    )
    df = df.dropna(subset=["value", "period"])
    keys = ["channel", "metric", "tier", "unit"]
    df = df.assign(
        publisher=df["publisher"].astype("string").fillna("（未注明发布机关）"),
        **{k: df[k].fillna("").astype(str) for k in keys},
    )
    df = df.groupby(["publisher", *keys, "period"], sort=False, as_index=False)["value"].first()
    return df[df.groupby(["publisher", *keys])["period"].transform("nunique") > 1]


def headline_trend(
    trend_df: pd.DataFrame, metrics: Sequence[str] | None = None, *, names: Mapping[str, str] | None = None
) -> Figure:
    """Small multiples, one per headline figure (channel, metric, tier) stated in at least
    two periods, each a line over the periods with its values; one line per publisher. A
    figure of one period alone has no line to draw (a table row says it). ``trend_df`` is
    :func:`govstats.analyse.trends.headline_trend` output or the ``headline`` table itself;
    ``names`` the publisher's own channel names (see :func:`channel_label`)."""
    df = trend_lines(trend_df, metrics)
    if df.empty:
        raise ValueError("headline_trend: no headline figure is stated in two periods")
    keys = ["channel", "metric", "tier", "unit"]
    order = sorted(set(df["period"]), key=lambda p: (p.start_time, p.freqstr))
    position = {p: i for i, p in enumerate(order)}
    series = list(df.groupby(keys, sort=True))
    publishers = list(dict.fromkeys(df["publisher"]))
    cols = min(3, len(series))
    rows = -(-len(series) // cols)
    with style():
        fig = _figure(3.6 * cols, 2.6 * rows + 0.6)
        for n, ((channel, metric, tier, unit), group) in enumerate(series):
            ax = fig.add_subplot(rows, cols, n + 1)
            _publisher_lines(ax, group, publishers, position)
            ax.set_xticks(range(len(order)), [labels.period_text(p) for p in order], fontsize=8)
            ax.set_xlim(-0.5, len(order) - 0.5)
            ax.set_ylim(0, max(float(group["value"].max()), 1.0) * 1.25)  # room for the value labels
            if (group["value"] % 1 == 0).all():  # counts: no 0.2 of a message on the axis
                ax.yaxis.get_major_locator().set_params(integer=True)
            name = " ".join(
                x
                for x in (
                    channel_label(channel, names) if channel else "",
                    labels.METRICS.get(metric, metric),
                    tier,
                )
                if x
            )
            ax.set_title(f"{name}（{unit}）" if unit else name, fontsize=10)
        if len(publishers) > 1:
            handles = {}  # a publisher may have lines in some panels only
            for ax in fig.axes:
                for handle, label in zip(*ax.get_legend_handles_labels(), strict=True):
                    handles.setdefault(label, handle)
            fig.legend(handles.values(), handles.keys(), loc="outside lower center", ncols=len(handles))
        fig.suptitle("通报主要数据变化", fontweight="bold", x=0.02, ha="left")
    return _fix_fonts(fig)


def _publisher_lines(ax, group: pd.DataFrame, publishers: list, position: dict) -> None:
    """One line per publisher over the periods it states the figure in, each value labelled."""
    for k, publisher in enumerate(publishers):
        line = group[group["publisher"] == publisher].sort_values("period", key=lambda s: s.map(position))
        if line.empty:
            continue
        xs = [position[p] for p in line["period"]]
        ax.plot(
            xs,
            line["value"].astype(float),
            marker="o",
            color=PALETTE[k % len(PALETTE)],
            label=publisher,
        )
        for x, value in zip(xs, line["value"].astype(float), strict=True):
            ax.annotate(
                f"{value:,.0f}" if value == int(value) else f"{value:,.1f}",
                (x, value),
                textcoords="offset points",
                xytext=(0, 6),
                ha="center",
                fontsize=8.5,
            )


_BY_LABELS = {"problem": "问题类型", "account_type": "账号类型", "unit": "单位", "kind": "类别"}
PROBLEM_SEPARATORS = r"[；;，,。\n]+"
"""Where one cell lists several problems (首页面大量内容无法访问,多个栏目为空白)."""


def problems_by_category(
    problems_df: pd.DataFrame, by: str = "problem", *, split: bool = True, width: int = 22
) -> Figure:
    """Horizontal bars: how many websites and accounts were flagged for each problem
    (``by="problem"``; or ``"account_type"``, ``"unit"``), stacked by kind (政府网站,
    政务新媒体). A cell listing several problems counts once under each (``split``).
    Long texts are shortened to ``width`` characters."""
    if problems_df.empty:
        raise ValueError("problems_by_category: no problems to draw")
    problems_df = problems_df.reset_index(drop=True)  # one index label per row, even after a concat
    what = problems_df[by].astype("string").fillna("")
    if split and by == "problem":
        what = what.str.split(PROBLEM_SEPARATORS, regex=True)
    df = problems_df.assign(_what=what, _kind=problems_df["kind"].astype("string").fillna("")).explode(
        "_what"
    )
    df["_what"] = df["_what"].fillna("").str.strip().replace("", "（未注明）")
    df = df.reset_index(names="_row").drop_duplicates(["_row", "_what"])  # a problem listed twice in a cell
    table = df.groupby(["_what", "_kind"]).size().unstack(fill_value=0)
    table = table.loc[table.sum(axis=1).sort_values(ascending=True, kind="stable").index]
    names = [w if len(w) <= width else w[: width - 1] + "…" for w in table.index]
    with style():
        fig = _figure(8, 1.4 + 0.35 * len(table))
        ax = fig.add_subplot()
        y = list(range(len(table)))
        left = pd.Series(0, index=table.index)
        for k, kind in enumerate(table.columns):
            label = labels.KINDS.get(kind, kind or "未分类")
            ax.barh(y, table[kind], left=left, color=PALETTE[k % len(PALETTE)], height=0.6, label=label)
            left = left + table[kind]
        for i, total in enumerate(left):
            ax.text(total + 0.05, i, f"{int(total)}", va="center", fontsize=8.5)
        ax.set_yticks(y, names)
        ax.set_xlim(0, max(left) * 1.15 + 0.5)
        ax.xaxis.get_major_locator().set_params(integer=True)
        ax.set_xlabel("数量（个）")
        ax.legend(loc="lower right")
        one = df["period"].nunique() == 1 and df["publisher"].nunique() == 1
        prefix = _title_prefix(df) if one else ""
        ax.set_title(f"{prefix} 检查发现的问题（按{_BY_LABELS.get(by, by)}）".strip())
    return _fix_fonts(fig)
