"""A channel's league table as the briefing shows it: the units in the order the table
printed them, the lowest marked, a row the checks found unbalanced marked ※ with what is
wrong with it. Each function takes the :class:`~govstats.present.briefing.sections.Briefing`
``b``."""

from __future__ import annotations

from govstats import labels
from govstats.present.briefing import rendering
from govstats.present.briefing.rendering import Html, esc
from govstats.present.zh import zh

_LEAGUE = ["seq", "tier", "unit", "received", "on_time", "late_completed", "completed", "pending"]
_LEAGUE += ["overdue_pending", "on_time_rate", "completion_rate", "rank"]
UNBALANCED = "※"


def table(b, channel: str = "mailbox") -> Html:
    """The league table with its caption and the notes on unbalanced rows."""
    league, rate = b.league(channel), b.rate_shown(channel)
    columns = [c for c in _LEAGUE if c in league and (c != "completed" or rate != "on_time_rate")]
    shown = league[[c for c in columns if league[c].notna().any()]]
    low = set(b.lowest(channel)["unit"])
    marked = f"（{labels.RATES[rate]}最低的单位标红）" if low else ""
    bad = b.unbalanced(channel)
    printed = zh(shown.assign(unit=[u + UNBALANCED if u in bad else u for u in shown["unit"]]))
    note = "".join(
        f"<p class='gs-note'>{UNBALANCED}{esc('；'.join(m))}。{esc(u)}的比率按原表数字计算，仅供参考。</p>"
        for u, m in bad.items()
    )
    return Html(
        rendering.table(
            printed,
            caption=f"{b.channel_name(channel)}办理情况{marked}",
            marked=league["unit"].isin(low),
        )
        + note
    )
