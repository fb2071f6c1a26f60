"""The briefing's table of what the narratives state: the period's figures in the order a
notice states them, each with its measure (192条, 84.3%), beside the previous period's with
the change signed (+43条, -37.8%, 个百分点). Each function takes the
:class:`~govstats.present.briefing.sections.Briefing` ``b``."""

from __future__ import annotations

import pandas as pd

from govstats import labels
from govstats.analyse import trends
from govstats.present.briefing import rendering
from govstats.present.briefing.rendering import Html
from govstats.schema import of_publisher

METRIC_NAMES = {**labels.METRICS, "received": "收到/受理"}  # the narrative's figures are both


def _figure(value: float, unit: object) -> str:
    """A narrative's figure as printed, with its measure: 192条, 84.3%, 1.33个百分点."""
    if pd.isna(value):
        return "—"
    unit = "" if pd.isna(unit) else str(unit)
    return f"{value:g}{'个百分点' if unit == '百分点' else unit}"


def trend(b) -> pd.DataFrame:
    """The narrative's figures of the period beside the previous period's, in the order a
    notice states them: what was monitored, disclosed, then each channel."""
    t = trends.headline_trend(b.dataset.headline)
    t = t[(t["period"] == b.period) & of_publisher(t, b.publisher)]
    rank = {m: i for i, m in enumerate(METRIC_NAMES)}
    lane = {c: i for i, c in enumerate(["website", "new_media", "", *labels.CHANNELS])}
    return t.assign(
        _group=[min(rank.get(m, 99), 2) for m in t["metric"]],
        _lane=[lane.get(c, 99) for c in t["channel"]],
        _rank=[rank.get(m, 99) for m in t["metric"]],
    ).sort_values(["_group", "_lane", "_rank"], kind="stable")


def _change(r: dict) -> tuple[str, str]:
    """A figure's change and relative change: a rate's in percentage points, a count's signed."""
    rate = r["unit"] in ("%", "百分点")
    change, pct = r["change"], r["change_pct"]
    if pd.isna(change):
        return "—", "—"
    if rate:
        return labels.points(change), "—"
    return f"{labels.signed(change)}{r['unit'] or ''}", "—" if pd.isna(pct) else labels.percent(
        pct, signed=True
    )


def table(b) -> Html:
    t = trend(b)
    if t.empty:
        return Html("")
    compared = t["value_prev"].notna().any()
    rows = []
    for r in t.to_dict("records"):
        channel = r["channel"]
        row = {
            "渠道": b.channel_name(channel) if channel in labels.CHANNELS else labels.KINDS.get(channel, ""),
            "指标": METRIC_NAMES.get(r["metric"], r["metric"]) + (f"（{r['tier']}）" if r["tier"] else ""),
        }
        if compared:
            row["上期"] = _figure(r["value_prev"], r["unit"])
        row["本期"] = _figure(r["value"], r["unit"])
        if compared:
            row["变化"], row["变化率"] = _change(r)
        rows.append(row)
    return rendering.table(
        pd.DataFrame(rows), caption="通报正文数字与上期比较" if compared else "通报正文数字"
    )
