"""The change chart: each unit's rate last period beside this period's, as dumbbells."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

import pandas as pd

from govstats import labels
from govstats.labels import period_text as period_label
from govstats.present.charts.style import (
    ACCENT,
    MUTED,
    WARN,
    _figure,
    _fix_fonts,
    _no_rate_text,
    _pick,
    _rate_axis,
    _title_prefix,
    style,
)

if TYPE_CHECKING:
    from matplotlib.figure import Figure


def change_between(
    qoq_df: pd.DataFrame,
    rate: str = "on_time_rate",
    *,
    channel: str | None = "mailbox",
    period: object = None,
    publisher: str | None = None,
    names: Mapping[str, str] | None = None,
) -> Figure:
    """Dumbbells of ``rate`` per unit between the previous period (grey) and this one
    (blue: better, red: worse), with the change in percentage points; new units, units
    gone and units without a rate are labelled, not drawn. ``qoq_df`` is :func:`govstats.qoq` output."""
    df = _pick(qoq_df, channel, period, publisher, "change_between")
    change = df[f"{rate}_change_pp"].astype("Float64")
    df = df.assign(change_pp=change).sort_values(
        "change_pp", ascending=True, na_position="first", kind="stable"
    )
    prev_period = df["prev_period"].dropna()
    with style():
        fig = _figure(8, 1.4 + 0.3 * len(df))
        ax = fig.add_subplot()
        for i, row in enumerate(df.itertuples(index=False)):
            _dumbbell(ax, i, row, rate)
        ax.set_yticks(range(len(df)), [str(u) for u in df["unit"]])
        _rate_axis(ax, "x", 1.35)
        ax.set_xticks([0, 0.25, 0.5, 0.75, 1.0])
        before_label = period_label(prev_period.iloc[0]) if len(prev_period) else "上期"
        ax.scatter([], [], color=MUTED, s=28, label=before_label)
        now_label = period_label(df["period"].iloc[0])
        ax.scatter([], [], color=ACCENT, s=36, label=f"{now_label}（改善）")
        ax.scatter([], [], color=WARN, s=36, label=f"{now_label}（下降）")
        fig.legend(loc="outside lower center", ncols=3, fontsize=8.5)
        ax.set_title(
            f"{_title_prefix(df, channel, names)} {labels.RATES.get(rate, rate)}变化（较{before_label}）"
        )
    return _fix_fonts(fig)


def _dumbbell(ax, i: int, row: object, rate: str) -> None:
    """Row ``i``: the previous rate (grey) joined to this one (blue: better, red: worse) with
    the change in points, or what is missing, in words."""
    now, before, pp = getattr(row, rate), getattr(row, f"{rate}_prev"), row.change_pp
    if pd.notna(now) and pd.notna(before):
        flat = round(float(pp), 1) == 0
        worse = pp > 0 if rate == "overdue_rate" else pp < 0  # a lower overdue rate is better
        color = MUTED if flat else WARN if worse else ACCENT
        ax.plot([before, now], [i, i], color=MUTED, linewidth=2, zorder=1)
        ax.scatter([before], [i], color=MUTED, s=28, zorder=2)
        ax.scatter([now], [i], color=color, s=36, zorder=3)
        ax.text(
            max(before, now) + 0.02,
            i,
            labels.points(float(pp)),
            va="center",
            fontsize=8.5,
            color=color,
        )
    else:
        for value, color in ((before, MUTED), (now, ACCENT)):
            if pd.notna(value):
                ax.scatter([value], [i], color=color, s=30, zorder=3)
        ax.text(
            1.02,
            i,
            _missing_change_text(row, rate),
            va="center",
            fontsize=8.5,
            color=MUTED,
            style="italic",
        )


def _missing_change_text(row: object, rate: str) -> str:
    status = getattr(row, "status", None)
    if status == "new":
        now = getattr(row, rate)
        return f"本期新增（{labels.percent(now) if pd.notna(now) else _no_rate_text(row.received)}）"
    if status == "gone":
        return "本期无数据"
    if pd.isna(getattr(row, rate)):
        return f"本期{_no_rate_text(row.received)}"
    return f"上期{_no_rate_text(row.received_prev)}"
