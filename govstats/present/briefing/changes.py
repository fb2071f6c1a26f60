"""Each unit of a channel against the previous period, as the briefing shows it (section
与上期比较). Each function takes the :class:`~govstats.present.briefing.sections.Briefing`
``b``."""

from __future__ import annotations

import pandas as pd

from govstats.analyse import trends
from govstats.labels import period_text
from govstats.present.briefing import rendering
from govstats.present.briefing.rendering import Html
from govstats.present.zh import zh


def units(b, channel: str = "mailbox") -> pd.DataFrame:
    """Per unit, this period against the previous one (empty without previous annexes)."""
    if b.previous is None:
        return pd.DataFrame()
    h = b.handling[b.handling["channel"] == channel]
    h = h[h["period"].isin([b.period, b.previous])]
    if h["period"].nunique() < 2:
        return pd.DataFrame()
    from govstats.analyse.aliases import apply_aliases

    q = trends.qoq(apply_aliases(h))
    return q[q["period"] == b.period]


def table(b, channel: str = "mailbox") -> Html:
    q = b.changes(channel)
    if q.empty:
        return Html("")
    columns = ["unit", "status", "received_prev", "received", "received_change"]
    columns += ["on_time_rate_prev", "on_time_rate", "on_time_rate_change_pp"]
    return rendering.table(
        zh(q[columns]), caption=f"{b.channel_name(channel)}各单位与{period_text(b.previous)}比较"
    )
