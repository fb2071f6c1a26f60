"""The chart of a message log's working days: how many working days each unit took to
answer (its median, the slowest tenth, the most), against the deadline the rule set."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

import pandas as pd

from govstats.present.charts.style import ACCENT, INK, MUTED, WARN, _figure, _fix_fonts, _title_prefix, style

if TYPE_CHECKING:
    from matplotlib.figure import Figure


def days_taken_by_unit(
    days: pd.DataFrame,
    *,
    deadline: int | None = None,
    channel: str | None = "mailbox",
    names: Mapping[str, str] | None = None,
) -> Figure:
    """Horizontal bars of each unit's median working days taken, the fastest on top, a
    whisker to the 90th percentile and a dot at the most; units whose median passes
    ``deadline`` (working days, a dashed line) in red. ``days`` is
    :func:`govstats.analyse.overdue.days_taken` of one publisher's period and channel."""
    df = days.sort_values(["median", "max"], ascending=False, kind="stable").reset_index(drop=True)
    with style():
        fig = _figure(8, 1.3 + 0.3 * len(df))
        ax = fig.add_subplot()
        y = list(range(len(df)))
        late = [deadline is not None and m > deadline for m in df["median"]]
        ax.barh(y, df["median"], color=[WARN if x else ACCENT for x in late], height=0.6)
        ax.hlines(y, df["median"], df["p90"], color=INK, linewidth=1)
        ax.plot(df["max"], y, "o", color=MUTED, markersize=3.5)
        for i, row in df.iterrows():
            ax.text(
                float(row["max"]) + 0.3,
                i,
                f"中位{row['median']:g}天（{int(row['answered'])}件）",
                va="center",
                fontsize=8.5,
            )
        ax.set_yticks(y, [str(u) for u in df["unit"]])
        for tick, x in zip(ax.get_yticklabels(), late, strict=True):
            if x:
                tick.set_color(WARN)
        right = float(df["max"].max()) if len(df) else 1.0
        if deadline is not None:
            ax.axvline(deadline, color=INK, linestyle="--", linewidth=1, zorder=0.5)
            ax.text(deadline, len(df) - 0.4, f" 期限{deadline}个工作日", va="bottom", fontsize=8.5)
            right = max(right, deadline)
        ax.set_xlim(0, right * 1.35 + 1)
        ax.set_ylim(-0.7, len(df) + 0.3)
        ax.set_title(f"{_title_prefix(df, channel, names)} 各单位答复用时（工作日）")
        ax.set_xlabel(
            "工作日（收到次日起算，按国务院办公厅节假日安排含调休；条为中位数，细线至90%分位，圆点为最长）"
        )
    return _fix_fonts(fig)
